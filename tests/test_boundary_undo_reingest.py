"""Undoing a boundary fix after a corrected article re-applied it: taken back on the current version, or refused in one sentence."""

from __future__ import annotations

import sqlite3

from annotator.actions import Actions
from annotator.articles import Article
from annotator.ingest import ingest_articles
from tests.boundary_helpers import check_derived, two_sources

TEXT = "The council approved 40 new buses on Monday and the mayor said 3 were electric. Residents welcomed it.\n"
EDITED = "Breaking. " + TEXT.replace("welcomed it", "cheered")
GONE = "The council rejected the plan. Residents cheered.\n"


def current(db_path) -> dict[str, list[tuple]]:
    """The current version's sentences, claims (by sentence index) and fix records, read through a separate connection."""
    conn = sqlite3.connect(db_path)
    try:
        return {
            "sentences": conn.execute('SELECT t.idx, t.start, t."end", t.text FROM sentences t JOIN sources s '
                                      "ON s.id = t.source_id AND s.version = t.version ORDER BY t.idx").fetchall(),
            "claims": conn.execute("SELECT t.version, t.idx, c.span_start, c.span_end FROM claims c "
                                   "JOIN sentences t ON t.id = c.sentence_id ORDER BY c.id").fetchall(),
            "fixes": conn.execute('SELECT kind, version, "offset" FROM boundary_fixes').fetchall(),
        }
    finally:
        conn.close()


def write(tmp_path, text: str):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    return tmp_path / "a.txt"


def test_cli_undo_of_a_split_after_a_re_ingest_joins_it_on_the_corrected_version(run_cli, db_path, tmp_path):
    assert run_cli("ingest", write(tmp_path, TEXT)).exit_code == 0
    assert run_cli("--annotator", "alice", "boundaries", "split", "a:0", "--at", "44").exit_code == 0
    assert run_cli("ingest", write(tmp_path, EDITED)).exit_code == 0
    assert current(db_path)["fixes"] == [("split", 2, EDITED.index("and the"))]
    result = run_cli("--annotator", "alice", "undo")
    assert (result.exit_code, result.stderr) == (0, "Undid: split sentence.\n")
    after = current(db_path)
    assert after["fixes"] == []
    assert [row[3] for row in after["sentences"]] == ["Breaking.", TEXT.split(". ")[0] + ".", "Residents cheered."]
    assert run_cli("ingest", write(tmp_path, EDITED + "More later.\n")).exit_code == 0  # not re-applied any more
    assert len(current(db_path)["sentences"]) == 4


def test_undo_after_re_ingest_restores_the_rows_a_re_ingest_without_the_fix_gives():
    def build(with_fix: bool):
        store = two_sources(TEXT)
        alice, bob = Actions(store, "alice"), Actions(store, "bob")
        first = store.sentences("a")[0]
        bob.add_claim(first.id, (4, 11))  # "council"
        if with_fix:
            alice.split_sentence(first.id, first.text.index("and the"))
            bob.add_claim(store.sentences("a")[1].id, (8, 13))  # "mayor", on the second part
            bob.add_claim(store.sentences("a")[1].id, None)  # a whole-sentence claim there
        else:
            bob.add_claim(first.id, (52, 57))
            bob.add_claim(first.id, (44, 79))
        ingest_articles(store, [Article(id="a", text=EDITED, origin="test")])
        return store, alice

    fixed, alice = build(True)
    bob = Actions(fixed, "bob")
    assert [bob.undo(), bob.undo(), bob.undo()] == ["mark claim"] * 3  # bob's claims undo across the re-ingest
    assert fixed.db.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    fixed, alice = build(True)
    plain, _ = build(False)
    assert alice.undo() == "split sentence"
    rows = 'SELECT t.version, t.idx, t.start, t."end", t.text FROM sentences t WHERE t.version = 2 ORDER BY t.idx'
    assert fixed.db.execute(rows).fetchall() == plain.db.execute(rows).fetchall()
    claims = ("SELECT c.annotator, t.version, t.idx, c.span_start, c.span_end FROM claims c "
              "JOIN sentences t ON t.id = c.sentence_id ORDER BY c.id")
    assert fixed.db.execute(claims).fetchall() == plain.db.execute(claims).fetchall()
    assert fixed.db.execute("SELECT count(*) FROM boundary_fixes").fetchone() == (0,)
    check_derived(fixed)
    bob = Actions(fixed, "bob")
    assert [bob.undo(), bob.undo(), bob.undo()] == ["mark claim"] * 3  # claims the undo's join moved still undo
    assert fixed.db.execute("SELECT count(*) FROM claims").fetchone() == (0,)


def test_undo_of_a_join_after_a_re_ingest_splits_it_again():
    store = two_sources(TEXT)
    alice = Actions(store, "alice")
    alice.join_sentences(store.sentences("a")[0].id)
    ingest_articles(store, [Article(id="a", text=EDITED, origin="test")])
    assert [s.text for s in store.sentences("a")] == ["Breaking.", EDITED[10:].strip()]
    assert alice.undo() == "join sentences"
    assert [s.text for s in store.sentences("a")] == ["Breaking.", TEXT.split(". ")[0] + ".", "Residents cheered."]
    assert store.db.execute("SELECT count(*) FROM boundary_fixes").fetchone() == (0,)
    check_derived(store)


def test_redo_of_a_fix_undone_on_a_corrected_version_is_refused_in_one_sentence(run_cli, db_path, tmp_path):
    assert run_cli("ingest", write(tmp_path, TEXT)).exit_code == 0
    assert run_cli("--annotator", "alice", "boundaries", "split", "a:0", "--at", "44").exit_code == 0
    assert run_cli("ingest", write(tmp_path, EDITED)).exit_code == 0
    assert run_cli("--annotator", "alice", "undo").exit_code == 0
    before = current(db_path)
    result = run_cli("--annotator", "alice", "redo")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "split it again by hand" in result.stderr
    assert current(db_path) == before


def test_cli_undo_of_a_fix_the_latest_version_lost_is_refused_and_writes_nothing(run_cli, db_path, tmp_path):
    assert run_cli("ingest", write(tmp_path, TEXT)).exit_code == 0
    assert run_cli("--annotator", "alice", "boundaries", "split", "a:0", "--at", "44").exit_code == 0
    assert run_cli("ingest", write(tmp_path, EDITED)).exit_code == 0
    assert run_cli("ingest", write(tmp_path, GONE)).exit_code == 0  # version 3: the text around the split is gone
    before = current(db_path)
    result = run_cli("--annotator", "alice", "undo")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "version 3" in result.stderr and "by hand" in result.stderr
    assert current(db_path) == before
