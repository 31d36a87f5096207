"""Builds tests/data/release-6d1d4ee.db: a database made by the release before several claims per sentence.

Run once, on commit 6d1d4ee (schema m001-m003), from the repository root:
`PYTHONPATH=$PWD python tests/data/make_release_db.py`. The file is committed; the migration test opens a
copy with today's code and checks that every claim, link, span, flag and journal entry survived.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seed_gold import SEEDS, A, B, annotate_gold, sentence_id  # noqa: E402

from annotator.annotations import Annotations  # noqa: E402
from annotator.articles import read_articles  # noqa: E402
from annotator.ingest import ingest_articles  # noqa: E402
from annotator.store import Store  # noqa: E402

TARGET = Path(__file__).resolve().parent / "release-6d1d4ee.db"


def build(path: Path) -> None:
    """Seeds, the seed gold, alice's claims (one with a span set the way import stores it), an undone action."""
    with Store(path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
        alice = Annotations(store, "alice")
        first = alice.mark_claim(sentence_id(store, A, 0))
        alice.update_claim(first, claim_type="numeric", verdict="supported", note="6,700 containers")
        alice.link(first, sentence_id(store, B, 0), "corroborates")
        sentence = store.sentence_at(A, 1)
        spanned = alice.mark_claim(sentence.id)
        store.db.execute("UPDATE claims SET span_start = ?, span_end = ? WHERE id = ?",
                         [sentence.start + 4, sentence.start + 20, spanned])
        removed = alice.mark_claim(sentence_id(store, A, 2))
        alice.unmark_claim(removed)
        alice.undo()
        alice.undo()
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("PRAGMA journal_mode = DELETE")


if __name__ == "__main__":
    TARGET.unlink(missing_ok=True)
    build(TARGET)
    print(TARGET, TARGET.stat().st_size)
