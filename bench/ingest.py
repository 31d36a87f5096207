"""Ingest benchmark: a generated million-sentence corpus through ingest_articles, next to a raw-insert baseline.

Each measurement runs in a fresh child process (`python -m bench.ingest MODE ...`) so that its peak
RSS is its own and not the parent's or an earlier run's.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotator.articles import Article
from bench.corpus import generate_articles

SENTENCES = 1_000_000
SEED = 7
ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    VmHWM, not `ru_maxrss`: Linux carries `ru_maxrss` over from the parent across fork and exec, so a
    child of a large parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """This process's resident set size now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def corpus_articles(sentences: int, seed: int) -> list[Article]:
    """The generated corpus as the Articles that `annotator ingest` would read from disk."""
    return [
        Article(id=g.id, text=g.text, origin=f"generated:{g.id}", title=g.title, outlet=g.outlet, published=g.published)
        for g in generate_articles(sentences, seed)
    ]


def measure_ingest(articles: list[Article], db_path: Path) -> dict:
    """End to end: segment, store sources and sentences, build the FTS index, commit (WAL, synchronous=FULL)."""
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    started, cpu = time.perf_counter(), time.process_time()
    with Store(db_path) as store:
        report = ingest_articles(store, articles)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
            "sentences": report.sentences_added}


def measure_baseline(articles: list[Article], db_path: Path) -> dict:
    """Floor: the same rows pre-split (timed apart), then one raw executemany into a bare table, no FTS."""
    from annotator.segmenter import split_sentences

    started = time.perf_counter()
    rows = [
        (article.id, 1, span.index, span.start, span.end, span.text)
        for article in articles
        for span in split_sentences(article.text)
    ]
    split_seconds = time.perf_counter() - started
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        'CREATE TABLE sentences (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, version INTEGER NOT NULL, '
        'idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL)'
    )
    conn.execute("BEGIN")
    conn.executemany('INSERT INTO sentences (source_id, version, idx, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)', rows)
    conn.execute("COMMIT")
    conn.close()
    return {"seconds": time.perf_counter() - started, "split_seconds": split_seconds, "sentences": len(rows)}


def measure_ingest_before(articles: list[Article], db_path: Path) -> dict:
    """`measure_ingest` with the suggestion index as it was before counted things (bench/engine_before): the cost
    of `sentence_counts` is the difference."""
    import annotator.ingest
    from bench.engine_before.suggestion_index import index_new_sentences

    annotator.ingest.index_new_sentences = index_new_sentences
    return measure_ingest(articles, db_path)


def measure_ingest_no_denials(articles: list[Article], db_path: Path) -> dict:
    """`measure_ingest` without filling `denials_fts` (ingest as it was before m014): that index's cost is the difference."""
    import annotator.ingest

    annotator.ingest.index_denials = lambda conn, first_id=1: None
    return measure_ingest(articles, db_path)


def measure_ingest_no_money(articles: list[Article], db_path: Path) -> dict:
    """`measure_ingest` with sums of money left out of `sentence_counts` (as before m016): their cost is the difference."""
    import annotator.suggestion_index as index
    from annotator.numbers import CURRENCIES

    index.NOT_INDEXED = index.NOT_INDEXED | frozenset(CURRENCIES.values())
    return measure_ingest(articles, db_path)


MODES: dict[str, Callable[[list[Article], Path], dict]] = {
    "ingest": measure_ingest, "ingest-before": measure_ingest_before, "ingest-no-denials": measure_ingest_no_denials,
    "ingest-no-money": measure_ingest_no_money, "baseline": measure_baseline}


def worker(mode: str, sentences: int, seed: int, db_path: Path) -> dict:
    """Generate the corpus, note memory, run one measurement, and add peak memory and database size."""
    started = time.perf_counter()
    articles = corpus_articles(sentences, seed)
    result = {"generate_seconds": time.perf_counter() - started, "articles": len(articles)}
    result["corpus_mb"] = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    result["rss_before_mb"] = current_rss_mb()
    result.update(MODES[mode](articles, db_path))
    result["peak_rss_mb"] = peak_rss_mb()
    result["db_mb"] = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")) / 1e6
    return result


def run_child(mode: str, sentences: int, seed: int) -> dict:
    """One measurement in a fresh interpreter, on a fresh database file that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        db_path = Path(folder) / f"{mode}.db"
        command = [sys.executable, "-m", "bench.ingest", mode, str(sentences), str(seed), str(db_path)]
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"bench.ingest {mode} failed:\n{completed.stderr}")
        return json.loads(completed.stdout.strip().splitlines()[-1])


def run(report: Callable[[str], None] = print, sentences: int = SENTENCES) -> None:
    """Ingest and baseline, each in its own process, with wall time and peak RSS side by side."""
    report(f"Ingest of {sentences:,} generated sentences (bench/corpus.py, seed {SEED}) into a fresh SQLite file")
    results = {mode: run_child(mode, sentences, SEED) for mode in ("baseline", "ingest-before", "ingest-no-denials", "ingest-no-money",
                                                               "ingest")}
    ingest, baseline, before = results["ingest"], results["baseline"], results["ingest-before"]
    no_denials = results["ingest-no-denials"]
    report(f"  corpus: {ingest['articles']:,} articles, {ingest['corpus_mb']:.0f} MB of text, generated in "
           f"{ingest['generate_seconds']:.1f} s (not timed); RSS with the corpus loaded: {ingest['rss_before_mb']:.0f} MB")
    report(f"  {'':<44} {'wall':>8} {'peak RSS':>9} {'db size':>8}")
    report(f"  {'ingest_articles (segment + store + FTS5)':<44} {ingest['seconds']:7.1f}s {ingest['peak_rss_mb']:7.0f}MB "
           f"{ingest['db_mb']:6.0f}MB  ({ingest['sentences']:,} sentences)")
    report(f"  {'ingest before counted things (6d1d4ee index)':<44} {before['seconds']:7.1f}s {before['peak_rss_mb']:7.0f}MB "
           f"{before['db_mb']:6.0f}MB  (ingest is {ingest['seconds'] / before['seconds'] - 1:+.0%})")
    report(f"  CPU seconds (what a loaded machine does not blur): ingest {ingest['cpu_seconds']:.1f} s, before "
           f"{before['cpu_seconds']:.1f} s: {ingest['cpu_seconds'] / before['cpu_seconds'] - 1:+.0%}; target <= +20%")
    report(f"  {'ingest without denials_fts (before m014)':<44} {no_denials['seconds']:7.1f}s {no_denials['peak_rss_mb']:7.0f}MB "
           f"{no_denials['db_mb']:6.0f}MB  (ingest is {ingest['seconds'] / no_denials['seconds'] - 1:+.0%}; CPU "
           f"{no_denials['cpu_seconds']:.1f} s, ingest {ingest['cpu_seconds'] / no_denials['cpu_seconds'] - 1:+.0%})")
    no_money = results["ingest-no-money"]
    report(f"  {'ingest without money counts (before m016)':<44} {no_money['seconds']:7.1f}s {no_money['peak_rss_mb']:7.0f}MB "
           f"{no_money['db_mb']:6.0f}MB  (ingest is {ingest['seconds'] / no_money['seconds'] - 1:+.0%}; CPU "
           f"{no_money['cpu_seconds']:.1f} s, ingest {ingest['cpu_seconds'] / no_money['cpu_seconds'] - 1:+.0%})")
    report(f"  {'baseline: raw executemany, no FTS':<44} {baseline['seconds']:7.1f}s {baseline['peak_rss_mb']:7.0f}MB "
           f"{baseline['db_mb']:6.0f}MB  ({baseline['sentences']:,} rows)")
    report(f"  {'  (its rows pre-split by split_sentences in)':<44} {baseline['split_seconds']:7.1f}s")
    report(f"  ingest takes {ingest['seconds'] / baseline['seconds']:.1f}x the raw insert; "
           f"{ingest['seconds'] / (baseline['seconds'] + baseline['split_seconds']):.1f}x split + raw insert")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] in MODES:  # a child: one measurement
        mode_name, count, seed_value, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(worker(mode_name, count, seed_value, path)))
    else:  # python -m bench.ingest [--sentences N]
        import argparse

        parser = argparse.ArgumentParser(description="ingest modes side by side, each in its own process")
        parser.add_argument("--sentences", type=int, default=SENTENCES)
        run(print, parser.parse_args().sentences)
