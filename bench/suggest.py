"""Suggestion benchmark: quality on real claim/evidence pairs and latency on generated corpora, each beside a baseline.

Quality: `annotator.suggest.suggest` against plain BM25 over the whole sentence (the `rank-bm25` package,
BM25Okapi, every sentence outside the claim's source, boilerplate of the annotator left out like the
engine does) on the same database: recall@1, recall@5 (share of claims with a gold evidence sentence in
the top 1 or 5) and MRR (mean of 1/rank of the first gold sentence in the top 10, 0 when absent).
Speed: p50/p95 of one suggestion on 10,000, 100,000 and 1,000,000 generated sentences (the databases
of the tui suite, cached under bench/data/), next to the full-sentence FTS5 bm25 query link mode used before.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.store import SENTENCE_COLUMNS, Sentence, Store  # noqa: E402
from annotator.suggest import suggest  # noqa: E402
from bench import evidence_gold  # noqa: E402

TOP = 10
SIZES = (10_000, 100_000, 1_000_000)
QUERIES = 200
WARM_UP = 20
TARGET_P95_MS = 25.0
ANNOTATOR = "alice"
CPU_MS: list[float] = []  # the CPU milliseconds (process_time) of each call `latencies` timed, in order
BASELINE_TOKEN = re.compile(r"\w+")


# --- quality -----------------------------------------------------------------------------------


class Bm25Baseline:
    """rank-bm25's BM25Okapi over every sentence of the database, lower-cased word tokens."""

    def __init__(self, store: Store, annotator: str | None = None):
        from rank_bm25 import BM25Okapi

        rows = store.db.execute(
            f"SELECT {SENTENCE_COLUMNS} FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
            "WHERE NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator = ?) ORDER BY t.id",
            [annotator or ""],
        )
        self.sentences = [Sentence(*row) for row in rows]
        self.bm25 = BM25Okapi([BASELINE_TOKEN.findall(s.text.lower()) for s in self.sentences])

    def rank(self, claim: Sentence, k: int = TOP) -> list[Sentence]:
        """The k best-scoring sentences of other sources for the whole claim sentence."""
        scores = self.bm25.get_scores(BASELINE_TOKEN.findall(claim.text.lower()))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        ranked = (self.sentences[i] for i in order if self.sentences[i].source_id != claim.source_id and scores[i] > 0)
        return [s for _, s in zip(range(k), ranked, strict=False)]


def metrics(rankings: list[list[int]], cases: list[evidence_gold.Case]) -> dict[str, float]:
    """recall@1, recall@5 and MRR@10 of ranked sentence ids against each case's gold ids."""
    first_hits = [next((rank for rank, i in enumerate(ids, 1) if i in case.gold), None)
                  for ids, case in zip(rankings, cases, strict=True)]
    return {
        "recall@1": sum(hit == 1 for hit in first_hits) / len(cases),
        "recall@5": sum(hit is not None and hit <= 5 for hit in first_hits) / len(cases),
        "mrr": sum(1 / hit for hit in first_hits if hit) / len(cases),
    }


def compare(store: Store, cases: list[evidence_gold.Case], annotator: str | None) -> dict[str, dict[str, float]]:
    """The engine, the engine before conflicts, and plain BM25 on the same cases and database."""
    from bench.engine_before.suggest import suggest as suggest_before

    engine = [[s.sentence.id for s in suggest(store, case.claim, k=TOP, annotator=annotator)] for case in cases]
    before = [[s.sentence.id for s in suggest_before(store, case.claim, k=TOP, annotator=annotator)] for case in cases]
    baseline = Bm25Baseline(store, annotator)
    plain = [[s.id for s in baseline.rank(case.claim)] for case in cases]
    return {"annotator.suggest": metrics(engine, cases), "engine before (6d1d4ee)": metrics(before, cases),
            "rank-bm25 BM25Okapi": metrics(plain, cases)}


def run_quality(report: Callable[[str], None]) -> dict:
    """FEVER sample and seeds: the engine beside plain BM25."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="annotator-suggest-") as folder:
        store, cases, articles = evidence_gold.fever_database(Path(folder) / "fever.db")
        sentences = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        report(f"Quality on {evidence_gold.FEVER_NAME}; licence: {evidence_gold.FEVER_LICENCE}")
        report(f"  {len(cases)} claims, {len({c.gold for c in cases})} distinct evidence sentences, each in an article "
               f"of generated news; {articles} articles, {sentences:,} sentences in all")
        results["fever"] = compare(store, cases, None)
        _table(report, results["fever"])
        store.close()
        store, cases = evidence_gold.seeds_database(Path(folder) / "seeds.db")
        report(f"Quality on the two seed articles: {len(cases)} claims with the lead's gold links "
               f"(corroborates, conflicts and related all count), alice's boilerplate left out")
        results["seeds"] = compare(store, cases, ANNOTATOR)
        _table(report, results["seeds"])
        store.close()
    from bench import story_eval

    results["story"] = story_eval.run(report)
    for name in story_eval.stories():
        if name != story_eval.DEFAULT_STORY:
            results[f"story {name}"] = story_eval.run(report, name)
    return results


def _table(report: Callable[[str], None], rows: dict[str, dict[str, float]]) -> None:
    report(f"  {'':<24} {'recall@1':>9} {'recall@5':>9} {'MRR@10':>7}")
    for name, m in rows.items():
        report(f"  {name:<24} {m['recall@1']:>9.3f} {m['recall@5']:>9.3f} {m['mrr']:>7.3f}")


# --- speed -------------------------------------------------------------------------------------


def full_sentence_fts(store: Store, sentence: Sentence, limit: int = 50) -> list[int]:
    """The baseline: every word of the sentence OR-ed into one FTS5 query, ranked by bm25 (link mode before)."""
    words = {w.lower() for w in BASELINE_TOKEN.findall(sentence.text)}
    match = " OR ".join(f'"{w}"' for w in sorted(words)) or '""'
    rows = store.db.execute(
        "SELECT t.id FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
        "JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE sentences_fts MATCH ? AND t.source_id != ? ORDER BY f.rank LIMIT ?",
        [match, sentence.source_id, limit],
    )
    return [row[0] for row in rows]


def sample_sentences(store: Store, count: int, seed: int) -> list[Sentence]:
    """Random current sentences, the same ones in every run."""
    highest = store.db.execute("SELECT max(id) FROM sentences").fetchone()[0]
    rng = random.Random(seed)
    picked = []
    while len(picked) < count:
        row = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t WHERE t.id = ?",
                               [rng.randint(1, highest)]).fetchone()
        if row:
            picked.append(Sentence(*row))
    return picked


def latencies(function: Callable[[Sentence], object], sentences: list[Sentence]) -> list[float]:
    """Milliseconds per call, in order; the suggestion engine's per-text caches are emptied before each call (a new
    claim finds none of its candidates read; the caches of words, stems and counted keys stay, as in a running app)."""
    from annotator import text_caches
    from bench.engine_before import sentence_features as before

    timings = []
    for sentence in sentences:
        text_caches.clear()  # every per-text cache of the engine, registered where it is defined
        before.features.cache_clear()
        before.words.cache_clear()
        started, cpu = time.perf_counter(), time.process_time()
        function(sentence)
        timings.append((time.perf_counter() - started) * 1000)
        CPU_MS.append((time.process_time() - cpu) * 1000)
    return timings


def warm_file_cache(path: Path) -> None:
    """Read the database file once, so every query finds it in the OS page cache as a running app would.

    Without this, a 330 MB database that other work pushed out of the cache costs p95 ~75 ms in disk reads.
    """
    with open(path, "rb") as file:
        while file.read(1 << 24):
            pass


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_speed(report: Callable[[str], None], sizes=SIZES) -> dict:
    """p50/p95 per corpus size, engine and baseline on the same sentences, alternating to share the cache."""
    from bench.tui import cached_db

    report(f"Latency of one suggestion (k={TOP}), {QUERIES} random sentences per corpus after {WARM_UP} warm-up "
           f"queries, database file read once first (warm OS cache); baseline: the whole sentence OR-ed into one FTS5 query ordered by bm25, LIMIT 50")
    from bench.engine_before.suggest import suggest as suggest_before

    report(f"  {'sentences':>10} {'suggest p50':>12} {'p95':>7} {'max':>7}   {'before p50':>10} {'p95':>7} {'max':>7}   "
           f"{'baseline p50':>12} {'p95':>7} {'max':>7}")
    results = {}
    for size in sizes:
        path, built = cached_db(size, 1_000)
        warm_file_cache(path)
        with Store(path) as store:
            sample = sample_sentences(store, QUERIES + WARM_UP, seed=size)
            engine = lambda s: suggest(store, s, k=TOP, annotator=ANNOTATOR)  # noqa: E731
            old = lambda s: suggest_before(store, s, k=TOP, annotator=ANNOTATOR)  # noqa: E731
            baseline = lambda s: full_sentence_fts(store, s)  # noqa: E731
            latencies(engine, sample[:WARM_UP]), latencies(old, sample[:WARM_UP]), latencies(baseline, sample[:WARM_UP])
            CPU_MS.clear()
            ours, before = latencies(engine, sample[WARM_UP:]), latencies(old, sample[WARM_UP:])
            cpu_ours, cpu_before = CPU_MS[:QUERIES], CPU_MS[QUERIES:]
            theirs = latencies(baseline, sample[WARM_UP:])
        row = {"suggest": _summary(ours), "before": _summary(before), "baseline": _summary(theirs), "built_seconds": built,
               "suggest_cpu": _summary(cpu_ours), "before_cpu": _summary(cpu_before)}
        results[size] = row
        s, o, b = row["suggest"], row["before"], row["baseline"]
        report(f"  {size:>10,} {s['p50']:>10.1f}ms {s['p95']:>5.1f}ms {s['max']:>5.1f}ms   "
               f"{o['p50']:>8.1f}ms {o['p95']:>5.1f}ms {o['max']:>5.1f}ms   "
               f"{b['p50']:>10.1f}ms {b['p95']:>5.1f}ms {b['max']:>5.1f}ms" + (f"  (db built in {built:.0f}s)" if built else ""))
        sc, oc = row["suggest_cpu"], row["before_cpu"]
        report(f"  {'':>10} CPU (process_time) per query: suggest mean {statistics.mean(cpu_ours):.1f} / p50 {sc['p50']:.1f} / "
               f"p95 {sc['p95']:.1f} ms, before mean {statistics.mean(cpu_before):.1f} / p50 {oc['p50']:.1f} / p95 {oc['p95']:.1f} ms")
    if len(sizes) > 1:
        small, large = results[sizes[0]]["suggest"], results[sizes[-1]]["suggest"]
        report(f"  corpus x{sizes[-1] // sizes[0]:,}: suggest p50 x{large['p50'] / small['p50']:.1f}, "
               f"baseline p50 x{results[sizes[-1]]['baseline']['p50'] / results[sizes[0]]['baseline']['p50']:.1f}; "
               f"target p95 <= {TARGET_P95_MS:.0f} ms at {sizes[-1]:,}: "
               f"{'met' if large['p95'] <= TARGET_P95_MS else 'NOT met'} ({large['p95']:.1f} ms)")
    return results


def _summary(timings: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "max": max(timings)}


def run(report: Callable[[str], None] = print, quick: bool = False) -> dict:
    """Quality, then speed (10,000 and 100,000 sentences only when quick)."""
    quality = run_quality(report)
    report("")
    speed = run_speed(report, SIZES[:2] if quick else SIZES)
    return {"quality": quality, "speed": speed}


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
