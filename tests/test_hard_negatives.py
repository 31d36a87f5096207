"""Hard negatives: suggestions seen for a claim and passed over are stored by the one writer, exported and imported back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from team_corpus import annotate, ingest_team_texts, sid

from annotator import formats
from annotator.annotations import Annotations
from annotator.errors import InputError
from annotator.formats.importer import import_files
from annotator.formats.records import records
from annotator.passed_over import ShownSuggestions
from annotator.schemas import validation_problem
from annotator.store import Store

RELEASE_DB = Path(__file__).resolve().parent / "data" / "release-6d1d4ee.db"


def _negatives(store: Store) -> list[tuple]:
    """(claim id, source:index, rank) of every stored passed-over suggestion."""
    return store.db.execute("SELECT p.claim_id, t.source_id || ':' || t.idx, p.rank FROM passed_suggestions p "
                            "JOIN sentences t ON t.id = p.sentence_id ORDER BY p.claim_id, p.rank").fetchall()


def test_shown_suggestions_keep_how_far_down_they_were_seen():
    shown = ShownSuggestions()
    shown.saw(5)  # nothing shown yet: nothing seen
    assert shown.passed_over(set()) == []
    shown.show(7, [10, 11, 12, 13], on_screen=2)
    shown.saw(3)
    shown.show(7, [10, 11, 12, 13], on_screen=1)  # the same ranking again keeps what was seen
    assert shown.passed_over({11}) == [(10, 1), (12, 3)]
    shown.show(8, [10, 11, 12, 13], on_screen=9)  # another claim starts afresh; never more than the list
    assert shown.passed_over(set()) == [(10, 1), (11, 2), (12, 3), (13, 4)]
    shown.clear()
    assert shown.claim_id is None and shown.passed_over(set()) == []


def test_the_writer_skips_linked_own_source_and_gone_and_keeps_the_first_rank(store):
    ingest_team_texts(store)
    work = annotate(store, "alice", {("a", 0): ("numeric", None)}, {(("a", 0), ("b", 0)): "corroborates"})
    claim_id = work.claim_id_for(sid(store, "a", 0))
    shown = [(sid(store, "b", 0), 1), (sid(store, "c", 0), 2), (sid(store, "a", 1), 3), (999_999, 4), (sid(store, "b", 2), 5)]
    assert work.record_passed_over(claim_id, shown) == 2
    assert work.record_passed_over(claim_id, [(sid(store, "c", 0), 9)]) == 0  # already recorded: its first rank stays
    assert _negatives(store) == [(claim_id, "c:0", 2), (claim_id, "b:2", 5)]
    assert work.record_passed_over(123_456, shown) == 0  # a claim gone since records nothing
    assert store.db.execute("SELECT count(*) FROM actions WHERE action LIKE '%passed%'").fetchone()[0] == 0  # not journaled


def test_a_link_and_what_it_passed_over_commit_together_or_not_at_all(store):
    ingest_team_texts(store)
    work = annotate(store, "alice", {("a", 0): ("numeric", None)}, {})
    claim_id = work.claim_id_for(sid(store, "a", 0))
    passed = [(sid(store, "c", 0), 1), (sid(store, "b", 2), 3)]
    link_id = work.link_passing_over(claim_id, sid(store, "b", 0), "corroborates", passed)
    assert [link.id for link in work.links_of(claim_id)] == [link_id]
    assert _negatives(store) == [(claim_id, "c:0", 1), (claim_id, "b:2", 3)]
    assert not store.db.conn.in_transaction  # committed
    with pytest.raises(InputError):  # evidence from the claim's own source is refused: nothing of it is kept
        work.link_passing_over(claim_id, sid(store, "a", 1), "related", [(sid(store, "b", 1), 2)])
    assert _negatives(store) == [(claim_id, "c:0", 1), (claim_id, "b:2", 3)]
    assert len(work.links_of(claim_id)) == 1


def test_a_negative_linked_later_leaves_the_export_and_a_removed_claim_takes_its_negatives_out(store):
    ingest_team_texts(store)
    work = annotate(store, "alice", {("a", 0): ("numeric", None), ("a", 3): (None, None)})
    first, second = work.claim_id_for(sid(store, "a", 0)), work.claim_id_for(sid(store, "a", 3))
    work.record_passed_over(first, [(sid(store, "b", 0), 1), (sid(store, "c", 0), 2)])
    work.record_passed_over(second, [(sid(store, "b", 2), 1)])
    work.link(first, sid(store, "b", 0), "corroborates")
    work.unmark_claim(second)
    claims = [record for record in records(store, "alice") if record["record"] == "claim"]
    assert [[n["evidence"]["source_id"] + ":" + str(n["evidence"]["index"]) for n in c.get("negatives", [])] for c in claims] == [["c:0"]]
    assert work.undo() == "unmark claim"  # the claim comes back under its id, and so do its negatives
    claims = [record for record in records(store, "alice") if record["record"] == "claim"]
    assert [len(c.get("negatives", [])) for c in claims] == [1, 1]


def _annotated(path: Path) -> Path:
    with Store(path) as store:
        ingest_team_texts(store)
        work = annotate(store, "alice", {("a", 0): ("numeric", None), ("a", 4): (None, None)},
                        {(("a", 0), ("b", 0)): "corroborates"})
        work.record_passed_over(work.claim_id_for(sid(store, "a", 0)), [(sid(store, "c", 0), 2), (sid(store, "b", 2), 3)])
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_negatives_round_trip_byte_for_byte(tmp_path, fmt):
    source = _annotated(tmp_path / "alice.db")
    first = tmp_path / f"first.{fmt}"
    with Store(source) as store:
        formats.write_export(store, fmt, first, "alice")
    assert "negatives" in first.read_text(encoding="utf-8")
    lead = tmp_path / "lead.db"
    with Store(lead) as store:
        ingest_team_texts(store)
        import_files(store, [first])
        assert [(rank, where) for _, where, rank in _negatives(store)] == [(2, "c:0"), (3, "b:2")]
        again = tmp_path / f"again.{fmt}"
        formats.write_export(store, fmt, again, "alice")
    assert again.read_bytes() == first.read_bytes()


def test_exported_negatives_validate_and_a_bad_one_is_refused(tmp_path):
    source = _annotated(tmp_path / "alice.db")
    target = tmp_path / "alice.jsonl"
    with Store(source) as store:
        formats.write_export(store, "jsonl", target, "alice")
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [validation_problem("export-record", line) for line in lines] == [None] * len(lines)
    claim = next(line for line in lines if line["record"] == "claim" and "negatives" in line)
    assert validation_problem("export-record", {**claim, "negatives": [{**claim["negatives"][0], "rank": 0}]}) is not None
    own = {**claim["negatives"][0], "evidence": claim["sentence"]}
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(json.dumps({**line, "negatives": [own]} if line is claim else line) for line in lines) + "\n", encoding="utf-8")
    with Store(tmp_path / "lead.db") as store:
        ingest_team_texts(store)
        with pytest.raises(InputError, match="passed-over suggestion is in the claim's own source"):
            import_files(store, [bad])
        assert store.db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0


def test_the_release_database_gains_the_table_and_records_negatives(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    with Store(path) as store:
        assert store.db["passed_suggestions"].exists()
        claim = store.db.execute("SELECT c.id, c.annotator, t.source_id FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                                 "ORDER BY c.id LIMIT 1").fetchone()
        other = store.db.execute("SELECT id FROM sentences WHERE source_id != ? AND id NOT IN "
                                 "(SELECT evidence_sentence_id FROM links WHERE claim_id = ?) ORDER BY id LIMIT 2", [claim[2], claim[0]]).fetchall()
        assert Annotations(store, claim[1]).record_passed_over(claim[0], [(other[0][0], 1), (other[1][0], 2)]) == 2
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    with Store(path) as store:  # opening again applies nothing twice
        assert store.db.execute("SELECT count(*) FROM _sqlite_migrations WHERE name = 'm013_passed_suggestions'").fetchone()[0] == 1


def test_a_teammates_later_file_adds_new_negatives_to_claims_already_there(tmp_path):
    source = _annotated(tmp_path / "alice.db")
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    with Store(source) as store:
        formats.write_export(store, "jsonl", first, "alice")
        work = Annotations(store, "alice")
        work.record_passed_over(work.claim_id_for(sid(store, "a", 0)), [(sid(store, "b", 3), 7)])
        formats.write_export(store, "jsonl", later, "alice")
    with Store(tmp_path / "lead.db") as store:
        ingest_team_texts(store)
        import_files(store, [first])
        report = import_files(store, [later])
        assert report.claims_unchanged == 2 and report.negatives_added == 1
        assert "1 passed-over suggestion(s) added" in report.summary()
        assert [(where, rank) for _, where, rank in _negatives(store)] == [("c:0", 2), ("b:2", 3), ("b:3", 7)]
        assert import_files(store, [later]).negatives_added == 0
