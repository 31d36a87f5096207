"""A database built by the release before several claims per sentence opens with every claim, span and link kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.annotation_store import claims_on
from annotator.annotation_writer import AnnotationWriter
from annotator.annotations import Annotations
from annotator.store import Store

RELEASE_DB = Path(__file__).resolve().parent / "data" / "release-6d1d4ee.db"


def _rows(path: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_the_release_database_keeps_every_claim_link_and_id(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    claims_before = _rows(path, "SELECT * FROM claims ORDER BY id")
    links_before = _rows(path, "SELECT * FROM links ORDER BY id")
    journal_before = _rows(path, "SELECT * FROM actions ORDER BY id")
    with Store(path):
        pass
    assert _rows(path, "SELECT * FROM claims ORDER BY id") == claims_before
    assert _rows(path, "SELECT * FROM links ORDER BY id") == links_before
    assert _rows(path, "SELECT * FROM actions ORDER BY id") == journal_before
    assert _rows(path, "PRAGMA foreign_key_check") == []
    assert _rows(path, "SELECT seq FROM sqlite_sequence WHERE name = 'claims'") == [(11,)]  # id 11 was undone away
    assert "UNIQUE" not in _rows(path, "SELECT sql FROM sqlite_master WHERE name = 'claims'")[0][0]


def test_a_migrated_database_takes_a_second_claim_on_a_sentence_and_undoes_old_actions(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    with Store(path) as store:
        sentence = store.sentence_at("000_12b36fb51d48fb91", 1)
        (spanned,) = claims_on(store, sentence.id, "alice")
        assert spanned.span == (4, 20)  # stored as source offsets, read inside the sentence
        second = AnnotationWriter(store).add_claim("alice", sentence.id, (21, 30)).key[0]
        assert second == 12  # never a reused id
        assert [claim.span for claim in claims_on(store, sentence.id, "alice")] == [(4, 20), (21, 30)]
        alice = Annotations(store, "alice")
        assert alice.redo() == "mark claim"  # the release's undone actions are still on the redo stack
    assert _rows(path, "SELECT count(*) FROM claims WHERE annotator = 'alice'") == [(4,)]
