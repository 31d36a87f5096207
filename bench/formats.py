"""Export and import benchmark: 100,000 claims out and back in, next to a raw dump-and-load baseline.

The corpus is generated news (bench/corpus.py); claims, links and boilerplate are written straight
into the tables, so only export and import are timed. The baseline is the least a program could
do with the same rows: one flat SELECT dumped as JSON arrays, and those arrays loaded back with
executemany — no nesting, no validation, no sentence lookup.
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

from annotator import formats
from annotator.articles import Article
from annotator.errors import InputError
from annotator.formats.importer import import_files
from annotator.ingest import ingest_articles
from annotator.store import Store, utc_now
from bench.corpus import generate_articles

CLAIMS = 100_000
SENTENCES = 220_000


def run(say: Callable[[str], None], claims: int = CLAIMS) -> None:
    """Print export and import times of our formats beside the raw baseline."""
    with tempfile.TemporaryDirectory(prefix="annotator-bench-formats-") as folder:
        folder = Path(folder)
        base, annotated = folder / "sources.db", folder / "annotated.db"
        _corpus(base, max(SENTENCES, int(claims * 2.2)))
        shutil.copy(base, annotated)
        links = _annotate(annotated, claims)
        say(f"{claims:,} claims with {links:,} links on {max(SENTENCES, int(claims * 2.2)):,} generated sentences")
        baseline_out, baseline_in = _baseline(annotated, base, folder)
        say(f"baseline (flat SELECT -> JSON arrays, and back with executemany): export {baseline_out:.2f} s, import {baseline_in:.2f} s")
        for fmt in ("jsonl", "yaml"):
            target = folder / f"export.{fmt}"
            with Store(annotated) as store:
                exported = _timed(formats.write_export, store, fmt, target)
            fresh = folder / f"import-{fmt}.db"
            shutil.copy(base, fresh)
            size = target.stat().st_size / 1e6
            with Store(fresh) as store:
                try:
                    imported = _timed(import_files, store, [target])
                except InputError as error:  # YAML is bounded at 64 MB by design: big corpora travel as JSONL
                    say(f"{fmt:5}  export {exported:.2f} s ({exported / baseline_out:.1f}x baseline)  file {size:.0f} MB  import refused: {error.message}")
                    continue
            say(
                f"{fmt:5}  export {exported:.2f} s ({exported / baseline_out:.1f}x baseline)  "
                f"import {imported:.2f} s ({imported / baseline_in:.1f}x baseline, validated)  file {size:.0f} MB"
            )


def _timed(work: Callable[..., object], *arguments) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    work(*arguments)
    return time.perf_counter() - started


def _corpus(path: Path, sentences: int) -> None:
    """A database holding generated articles."""
    articles = [
        Article(id=article.id, text=article.text, origin=f"{article.id}.txt", outlet=article.outlet, published=article.published)
        for article in generate_articles(sentences, seed=11)
    ]
    with Store(path) as store:
        ingest_articles(store, articles)


def _annotate(path: Path, claims: int) -> int:
    """`claims` claims of annotator alice, each with one or two links into other sources, and some boilerplate."""
    rng = random.Random(5)
    now = utc_now()
    with Store(path) as store:
        rows = store.db.execute("SELECT id, source_id FROM sentences ORDER BY id").fetchall()
        store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('alice', ?)", [now])
        chosen = rng.sample(rows, claims)
        link_rows = []
        with store.db.atomic():
            for sentence_id, source_id in chosen:
                cursor = store.db.execute(
                    "INSERT INTO claims (sentence_id, annotator, claim_type, verdict, note, created_at, updated_at) "
                    "VALUES (?, 'alice', ?, ?, ?, ?, ?)",
                    [sentence_id, rng.choice(["numeric", "quote", "event"]), rng.choice([None, "supported"]),
                     rng.choice([None, "checked against the wire 😀"]), now, now],
                )
                for _ in range(rng.choice([1, 1, 2])):
                    evidence_id, evidence_source = rows[rng.randrange(len(rows))]
                    if evidence_source != source_id:
                        link_rows.append((cursor.lastrowid, evidence_id, rng.choice(["corroborates", "conflicts"]), now, now))
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO links (claim_id, evidence_sentence_id, relation, annotator, created_at, updated_at) "
                "VALUES (?, ?, ?, 'alice', ?, ?)",
                link_rows,
            )
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO boilerplate (sentence_id, annotator, created_at) VALUES (?, 'alice', ?)",
                [(sentence_id, now) for sentence_id, _ in rng.sample(rows, claims // 10)],
            )
        return store.db.execute("SELECT count(*) FROM links").fetchone()[0]


def _baseline(annotated: Path, base: Path, folder: Path) -> tuple[float, float]:
    """Seconds for the least possible export (flat rows to JSON arrays) and import (executemany)."""
    dump = folder / "baseline.jsonl"
    conn = sqlite3.connect(annotated)
    started = time.perf_counter()
    with dump.open("w", encoding="utf-8") as out:
        for row in conn.execute(
            'SELECT c.sentence_id, c.claim_type, c.verdict, c.note, c.created_at, c.updated_at, t.source_id, t.idx, t.start, t."end", t.text '
            "FROM claims c JOIN sentences t ON t.id = c.sentence_id"
        ):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    exported = time.perf_counter() - started
    conn.close()
    fresh = folder / "baseline.db"
    shutil.copy(base, fresh)
    conn = sqlite3.connect(fresh)
    conn.execute("INSERT INTO annotators (name, created_at) VALUES ('alice', '')")
    started = time.perf_counter()
    with dump.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    conn.executemany(
        "INSERT INTO claims (sentence_id, annotator, claim_type, verdict, note, created_at, updated_at) VALUES (?, 'alice', ?, ?, ?, ?, ?)",
        [row[:6] for row in rows],
    )
    conn.commit()
    imported = time.perf_counter() - started
    conn.close()
    return exported, imported
