"""Agreement benchmark: 100,000 units and 5 annotators, the metrics alone and `agree` on a database.

Two measurements, each beside baselines run in the same process:
- metrics: `facet_agreement` (all-annotator observed agreement and alpha, and per pair of the ten:
  confusion table, observed, Cohen's kappa, alpha) on 100,000 generated units of 5 annotators with 10%
  missing values. Baselines: raw pairwise observed agreement in a plain loop (the least any program
  does), and alpha alone from the `krippendorff` package (numpy; bench extra only, GPL, never imported
  by annotator) on the same data, whose value must equal ours.
- database: `agreement_report` (every facet) on 100,000 generated sentences that five annotators
  covered, each marking ~15% of them as claims with types, verdicts and links. Baseline: reading the
  same claim and link rows with one SELECT each.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from annotator.agreement_report import FacetUnits, agreement_report, facet_agreement
from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.store import Store, utc_now
from bench.corpus import generate_articles

UNITS = 100_000
ANNOTATORS = ("ana", "ben", "cleo", "dev", "eli")
LABELS = ("corroborates", "conflicts", "related", "none")
REPEATS = 5


def run(say: Callable[[str], None], units: int = UNITS) -> None:
    """Print the metric and database timings beside their baselines."""
    say(f"metrics: {units:,} units x {len(ANNOTATORS)} annotators, 10% missing, {len(LABELS)} labels; median of {REPEATS}")
    facet = FacetUnits("link", ANNOTATORS, generated_units(units), LABELS)
    ours, result = timed(lambda: facet_agreement(facet))
    raw, _ = timed(lambda: raw_pairwise_agreement(facet.units))
    say(f"  annotator facet_agreement (alpha + 10 pairs: confusion, observed, kappa, alpha): {ours * 1000:.0f} ms")
    say(f"  baseline raw pairwise observed agreement, plain loop:                          {raw * 1000:.0f} ms ({ours / raw:.2f}x)")
    _krippendorff_baseline(say, facet, result.alpha.value, ours)
    say(f"  alpha {result.alpha.value:.4f} over {result.units:,} units; first pair kappa {result.pairs[0].kappa.value:.4f}")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-agree-") as folder:
        path = Path(folder) / "team.db"
        claims = build_team_database(path, units)
        with Store(path) as store:
            whole, report = timed(lambda: agreement_report(store), repeats=3)
            reads, _ = timed(lambda: read_rows(store), repeats=3)
        claim = report.facets[0]
        say(f"database: {claim.units:,} sentences covered by {len(ANNOTATORS)} annotators, {claims:,} claims; median of 3")
        say(f"  annotator agreement_report (4 facets, 10 pairs each): {whole:.2f} s")
        say(f"  baseline SELECT of the same sentence, claim and link rows: {reads:.2f} s ({whole / reads:.1f}x)")


def timed(work: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    """Median seconds of `repeats` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def generated_units(count: int, seed: int = 3) -> list[tuple]:
    """Units whose annotators copy a hidden true label 75% of the time, guess otherwise, and skip 10%."""
    rng = random.Random(seed)
    units = []
    for _ in range(count):
        truth = rng.choice(LABELS)
        units.append(tuple(None if rng.random() < 0.1 else (truth if rng.random() < 0.75 else rng.choice(LABELS))
                           for _ in ANNOTATORS))
    return units


def raw_pairwise_agreement(units: list[tuple]) -> float:
    """The share of equal values over every pair of annotators who both gave one: the floor of any agreement code."""
    same = total = 0
    size = len(units[0])
    for unit in units:
        for i in range(size):
            if unit[i] is None:
                continue
            for j in range(i + 1, size):
                if unit[j] is not None:
                    total += 1
                    same += unit[i] == unit[j]
    return same / total


def _krippendorff_baseline(say: Callable[[str], None], facet: FacetUnits, ours_alpha: float, ours: float) -> None:
    """Alpha from the `krippendorff` package on the same data, when it is installed."""
    try:
        import krippendorff
        import numpy as np
    except ImportError:
        say("  (pip install -e '.[bench]' adds the krippendorff package as a second baseline)")
        return
    codes = {label: float(i) for i, label in enumerate(LABELS)}
    matrix = np.array([[np.nan if v is None else codes[v] for v in unit] for unit in facet.units]).T
    theirs, alpha = timed(lambda: krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    same = "equal" if abs(alpha - ours_alpha) < 1e-9 else f"DIFFERENT ({alpha:.6f})"
    say(f"  baseline krippendorff {version('krippendorff')} alpha alone (numpy, matrix ready): "
        f"{theirs * 1000:.0f} ms ({ours / theirs:.2f}x); its alpha is {same}")


def build_team_database(path: Path, sentences: int) -> int:
    """Generated articles that five annotators all read, with claims, types, verdicts and links; return the claims."""
    articles = [Article(id=a.id, text=a.text, origin=f"{a.id}.txt") for a in generate_articles(sentences, seed=17)]
    rng, now = random.Random(9), utc_now()
    with Store(path) as store:
        ingest_articles(store, articles)
        rows = store.db.execute("SELECT id, source_id FROM sentences ORDER BY id").fetchall()[:sentences]
        claimed = rng.sample(rows, len(rows) * 15 // 100)
        with store.db.atomic():
            for name in ANNOTATORS:
                store.db.execute("INSERT INTO annotators (name, created_at) VALUES (?, ?)", [name, now])
                store.db.conn.executemany(
                    "INSERT INTO positions (source_id, annotator, current_idx, furthest_idx, updated_at) VALUES (?, ?, 0, 0, ?)",
                    [(article.id, name, now) for article in articles])
                store.db.conn.executemany(  # coverage is the sources marked done
                    "INSERT INTO sources_done (source_id, annotator, created_at) VALUES (?, ?, ?)",
                    [(article.id, name, now) for article in articles])
                for sentence_id, source_id in claimed:
                    if rng.random() < 0.2:
                        continue  # this annotator does not see a claim here
                    claim = store.db.execute(
                        "INSERT INTO claims (sentence_id, annotator, claim_type, verdict, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [sentence_id, name, rng.choice(["numeric", "quote", "event"]), rng.choice([None, "supported", "refuted"]), now, now],
                    ).lastrowid
                    evidence_id, evidence_source = rows[(sentence_id * 7919) % len(rows)]
                    if evidence_source != source_id and rng.random() < 0.7:
                        store.db.execute(
                            "INSERT INTO links (claim_id, evidence_sentence_id, relation, annotator, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [claim, evidence_id, rng.choice(["corroborates", "conflicts"]), name, now, now])
        return store.db.execute("SELECT count(*) FROM claims").fetchone()[0]


def read_rows(store: Store) -> int:
    """The reads any agreement code needs: every current sentence id, every claim, every link."""
    sentences = store.db.execute("SELECT id, source_id FROM sentences").fetchall()
    claims = store.db.execute("SELECT sentence_id, annotator, claim_type, verdict FROM claims").fetchall()
    links = store.db.execute("SELECT claim_id, evidence_sentence_id, annotator, relation FROM links").fetchall()
    return len(sentences) + len(claims) + len(links)
