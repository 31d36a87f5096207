"""Recorded boundary fixes: re-applied when a corrected article is ingested, wherever the text around them survives."""

from __future__ import annotations

import shutil
import sqlite3

from annotator.actions import Actions
from annotator.articles import Article
from annotator.boundary_anchors import locate
from annotator.ingest import ingest_articles
from annotator.store import Store
from tests.boundary_helpers import check_derived, two_sources
from tests.test_claims_migration import RELEASE_DB

TEXT = ("The council approved 40 new buses on Monday and the mayor said 3 were electric. "
        "Residents welcomed it. The vote was seven to two.")


def corrected(store: Store, text: str):
    return ingest_articles(store, [Article(id="a", text=text, origin="test")])


def test_a_split_and_a_join_are_re_applied_to_a_corrected_text_and_claims_follow_exactly():
    with two_sources(TEXT) as store:
        alice = Actions(store, "alice")
        first = store.sentences("a")[0]
        alice.split_sentence(first.id, first.text.index("and the"))
        mayor = alice.add_claim(store.sentences("a")[1].id, (8, 13))
        alice.join_sentences(store.sentences("a")[2].id)  # "Residents welcomed it. The vote was seven to two."
        edited = "Breaking. " + TEXT.replace("seven to two", "eight to one")
        report = corrected(store, edited)
        assert [s.text for s in store.sentences("a")] == [
            "Breaking.", "The council approved 40 new buses on Monday", "and the mayor said 3 were electric.",
            "Residents welcomed it. The vote was eight to one."]
        assert (report.boundaries.reapplied, report.boundaries.lost) == (2, [])
        assert report.reanchor.totals()["exact"] == 1
        claim = store.db.execute("SELECT t.version, t.idx, c.span_start, c.span_end FROM claims c "
                                 "JOIN sentences t ON t.id = c.sentence_id WHERE c.id = ?", [mayor]).fetchone()
        assert claim[:2] == (2, 2) and edited[claim[2]:claim[3]] == "mayor"
        assert store.db.execute('SELECT kind, version, "offset" FROM boundary_fixes ORDER BY id').fetchall() == [
            ("split", 2, edited.index("and the")), ("join", 2, edited.index("The vote"))]
        check_derived(store)


def test_a_fix_whose_text_is_gone_is_reported_and_kept():
    with two_sources(TEXT) as store:
        alice = Actions(store, "alice")
        first = store.sentences("a")[0]
        alice.split_sentence(first.id, first.text.index("and the"))
        report = corrected(store, "The council rejected the plan. Residents welcomed it. The vote was seven to two.")
        assert report.boundaries.reapplied == 0 and len(report.boundaries.lost) == 1
        assert "a: split at" in report.boundaries.lost[0] and "Monday |and the" in report.boundaries.lost[0]
        assert store.db.execute("SELECT version FROM boundary_fixes").fetchall() == [(1,)]  # tried again next time


def test_an_anchor_shrinks_until_it_is_found_once_and_never_matches_twice():
    before, after = "The council approved 40 new buses on Monday ", "and the mayor said 3 were electric. Resi"
    edited = "A council agreed to 40 new buses on Monday and the mayor said 3 were electric, said residents."
    assert locate(edited, before, after) == edited.index("and the")  # 40 a side is gone, 20 survives
    assert locate("a. b. a. b.", "a. ", "b.") is None  # twice: which one is unknowable


def derived_rows(store: Store) -> list[list[tuple]]:
    return [sorted(store.db.execute(f"SELECT * FROM {table}").fetchall()) for table in
            ("term_stats", "sentence_numbers", "sentence_counts", "suggested_boilerplate")]


def test_the_release_database_migrates_and_takes_a_split_that_undoes(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    with Store(path) as store:
        assert store.db.execute("SELECT count(*) FROM boundary_fixes").fetchone() == (0,)
        claims = store.db.execute("SELECT * FROM claims ORDER BY id").fetchall()
        sentence = store.sentence_at("000_12b36fb51d48fb91", 1)
        derived = derived_rows(store)  # built by the release's own code: compared with itself, not with a rebuild
        alice = Actions(store, "alice")
        alice.split_sentence(sentence.id, sentence.text.index(" ", 21) + 1)
        store.db.execute("INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)")
        assert alice.undo() == "split sentence"
        assert store.db.execute("SELECT * FROM claims ORDER BY id").fetchall() == claims
        assert derived_rows(store) == derived
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
