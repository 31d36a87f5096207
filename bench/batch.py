"""Scripted actions benchmark: 10,000 `annotator batch` actions in one transaction, beside a raw executemany.

The corpus is generated news (bench/corpus.py). The batch is 5,000 `claim add` lines with spans,
each followed by a `link add` into another source: 10,000 actions, read and checked (shape, sentence
references, labels, spans, other-source evidence), written through the one writer with row images
for undo, and journaled as one action. The baseline inserts the same claim and link rows with two
executemany calls in one transaction: no parsing, no checks, no journal.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotator.actions import Actions
from annotator.articles import Article
from annotator.connections import connect
from annotator.ingest import ingest_articles
from annotator.scripting import read_batch, run_batch
from annotator.store import Store, utc_now
from bench.corpus import generate_articles

ACTIONS = 10_000
SENTENCES = 20_000


def run(say: Callable[[str], None], actions: int = ACTIONS) -> None:
    """Print the batch's time beside the raw baseline's."""
    with tempfile.TemporaryDirectory(prefix="annotator-bench-batch-") as folder:
        base = Path(folder) / "base.db"
        _corpus(base)
        lines, rows = _actions(base, actions)
        ours, theirs = Path(folder) / "batch.db", Path(folder) / "raw.db"
        shutil.copy(base, ours)
        shutil.copy(base, theirs)
        with Store(ours) as store:
            started, cpu = time.perf_counter(), time.process_time()
            records = read_batch(lines, "bench")
            results = run_batch(Actions(store, "alice"), records, "bench")
            batch, cpu = time.perf_counter() - started, time.process_time() - cpu
        raw = _raw(theirs, rows)
        say(f"{len(results):,} actions ({actions // 2:,} claims with spans, {actions // 2:,} links) on {SENTENCES:,} sentences")
        say(f"baseline (two executemany of the same rows, one transaction): {raw:.2f} s")
        say(f"annotator batch (parse, check, write with undo images, one journal entry): {batch:.2f} s "
            f"({batch / raw:.0f}x baseline, {actions / batch:,.0f} actions/s; {cpu:.2f} s of CPU)")


def _corpus(path: Path) -> None:
    """A database holding generated articles."""
    articles = [Article(id=a.id, text=a.text, origin=f"{a.id}.txt", outlet=a.outlet, published=a.published)
                for a in generate_articles(SENTENCES, seed=5)]
    with Store(path) as store:
        ingest_articles(store, articles)


def _actions(path: Path, actions: int) -> tuple[list[str], list[tuple]]:
    """The batch's JSON lines, and the same claims and links as raw (claim row, link row) pairs."""
    conn = sqlite3.connect(path)
    sentences = conn.execute('SELECT id, source_id, idx, start, length(text) FROM sentences WHERE length(text) > 20').fetchall()
    conn.close()
    rng = random.Random(3)
    lines, rows, used = [], [], set()
    for number in range(actions // 2):
        claim, span = rng.choice(sentences), None
        while span is None or (claim[0], span) in used:  # one claim per sentence and span
            claim = rng.choice(sentences)
            span = (rng.randrange(0, 10), rng.randrange(11, claim[4]))
        used.add((claim[0], span))
        evidence = rng.choice([s for s in rng.sample(sentences, 5) if s[1] != claim[1]] or [sentences[0]])
        lines.append(json.dumps({"action": "claim add", "sentence": f"{claim[1]}:{claim[2]}", "span": f"{span[0]}:{span[1]}",
                                 "type": "numeric"}))
        lines.append(json.dumps({"action": "link add", "claim": f"#{2 * number + 1}", "evidence": f"{evidence[1]}:{evidence[2]}",
                                 "relation": "corroborates"}))
        rows.append(((claim[0], claim[3] + span[0], claim[3] + span[1]), evidence[0]))
    return lines, rows


def _raw(path: Path, rows: list[tuple]) -> float:
    """Seconds to insert the same claims and links with executemany in one transaction."""
    conn = connect(path)
    conn.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES ('alice', ?)", [utc_now()])
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    first = (conn.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]) + 1
    now = utc_now()
    conn.executemany("INSERT INTO claims (id, sentence_id, annotator, span_start, span_end, claim_type, created_at, updated_at) "
                     "VALUES (?, ?, 'alice', ?, ?, 'numeric', ?, ?)",
                     [(first + n, s, a, b, now, now) for n, ((s, a, b), _) in enumerate(rows)])
    conn.executemany("INSERT OR IGNORE INTO links (claim_id, evidence_sentence_id, relation, annotator, created_at, updated_at) "
                     "VALUES (?, ?, 'corroborates', 'alice', ?, ?)", [(first + n, e, now, now) for n, (_, e) in enumerate(rows)])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed
