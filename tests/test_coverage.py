"""Declared coverage: done marks, agreement and review over done sources only, single annotations, the grid."""

from __future__ import annotations

import json

import pytest
from team_corpus import annotate, ingest_team_texts, sid

from annotator.adjudication import Adjudicator, gold_state, review_items
from annotator.agreement_report import agreement_report
from annotator.annotations import Annotations
from annotator.coverage import coverage_grid, done_by_source, is_done, set_done
from annotator.single_annotations import accept_single, pending_single
from annotator.store import Store


@pytest.fixture
def pager(memory_store):
    """alice reads and marks a, b and c done; bob marks a done, and only pages through b and c (cursor on their
    first sentence, nothing marked) — as in issue 17."""
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {("a", 0): ("numeric", "supported"), ("a", 1): ("quote", None),
                                     ("b", 0): ("numeric", None), ("c", 0): ("numeric", "refuted")},
             {(("a", 0), ("b", 0)): "corroborates", (("c", 0), ("a", 0)): "conflicts"}, read=("a", "b", "c"))
    annotate(memory_store, "bob", {("a", 0): ("numeric", "supported")}, {(("a", 0), ("b", 0)): "corroborates"}, read=("a",))
    bob = Annotations(memory_store, "bob")
    for source_id in ("b", "c"):
        bob.remember_position(source_id, 0)
    return memory_store


def test_done_is_one_undoable_action(memory_store):
    ingest_team_texts(memory_store)
    assert set_done(memory_store, "alice", ["a", "b", "a"]) == 2
    assert set_done(memory_store, "alice", ["a"]) == 0  # already done: nothing journaled
    assert done_by_source(memory_store) == {"a": {"alice"}, "b": {"alice"}}
    assert Annotations(memory_store, "alice").undo() == "mark source done"
    assert done_by_source(memory_store) == {}
    assert Annotations(memory_store, "alice").redo() == "mark source done"
    assert set_done(memory_store, "alice", ["b"], done=False) == 1
    assert is_done(memory_store, "alice", "a") and not is_done(memory_store, "alice", "b")


def test_agreement_counts_only_sources_both_marked_done(pager):
    report = agreement_report(pager)
    assert report.shared_sources == 1  # a; bob only paged through b and c
    claim = next(facet for facet in report.facets if facet.name == "claim")
    assert claim.units == 5 and claim.pairs[0].units == 5  # the five sentences of a, not fourteen
    confusion = dict(zip(claim.pairs[0].confusion.labels, claim.pairs[0].confusion.counts, strict=True))
    assert confusion["claim"] == (1, 1)  # a:0 both; a:1 alice only


def test_partial_agreement_adds_the_sentences_each_read(pager):
    report = agreement_report(pager, include_partial=True)
    assert report.shared_sources == 3
    claim = next(facet for facet in report.facets if facet.name == "claim")
    assert claim.pairs[0].units == 5 + 1 + 1  # a whole; the first sentence of b and of c, where bob's cursor was


def test_review_queue_is_done_sources_and_single_annotations(pager):
    items = review_items(pager)
    compared = [item for item in items if not item.single]
    assert {item.source_id for item in compared} == {"a"}
    assert [(item.kind, item.index) for item in compared] == [("sentence", 0), ("link", 0), ("sentence", 1)]
    single = [item for item in items if item.single]
    assert [(item.source_id, item.index, item.kind) for item in single] == [("b", 0, "sentence"), ("c", 0, "sentence"), ("c", 0, "link")]
    assert all(list(item.answers) == ["alice"] and not item.agreed for item in single)


def test_partial_review_compares_the_sentences_read_and_keeps_partial_sources_out_of_single(pager):
    items = review_items(pager, include_partial=True)
    b0 = next(item for item in items if (item.source_id, item.index, item.kind) == ("b", 0, "sentence"))
    assert set(b0.answers) == {"alice", "bob"} and not b0.single and not b0.agreed


def test_single_annotations_reach_gold_in_one_undoable_step(pager):
    items = review_items(pager)
    state = gold_state(pager)
    assert len(pending_single(items, state)) == 3
    adjudicator = Adjudicator(pager, "rita")
    assert accept_single(adjudicator, items, state) == 3
    state = gold_state(pager)
    assert set(state.claims) == {sid(pager, "b", 0), sid(pager, "c", 0)}
    assert list(state.links) == [(sid(pager, "c", 0), sid(pager, "a", 0))]
    payload = json.loads(state.decisions[f"sentence:{sid(pager, 'c', 0)}"][0]["payload"])
    assert payload["choice"] == "accept-single" and payload["from"] == ["alice"]
    assert pending_single(items, state) == []
    assert adjudicator.undo() == "accept 3 single annotation(s)"
    assert gold_state(pager).claims == {}


def test_grid_names_evidence_per_source_and_who_did_what(pager):
    grid = coverage_grid(pager).as_json()
    assert grid["sources"] == [{"id": "a", "done_by": ["alice", "bob"], "assigned_to": []},
                               {"id": "b", "done_by": ["alice"], "assigned_to": []},
                               {"id": "c", "done_by": ["alice"], "assigned_to": []}]
    assert grid["annotators"]["bob"] == {"done": ["a"], "not_done": ["b", "c"], "assigned": [], "assigned_not_done": []}
    claims = {claim["ref"]: claim for claim in grid["claims"]}
    assert claims["a:0"]["evidence"] == {"b": {"corroborates": 2}} and claims["a:0"]["annotators"] == ["alice", "bob"]
    assert claims["c:0"]["evidence"] == {"a": {"conflicts": 1}}
    assert claims["a:1"]["evidence"] == {}


def test_cli_done_coverage_and_agree(run_cli, db_path, dump_db):
    with Store(db_path) as store:
        ingest_team_texts(store)
    before = dump_db(db_path)

    def run(args):
        return run_cli(*args)

    result = run(["--annotator", "alice", "done", "a", "nope"])
    assert dump_db(db_path) == before  # refused whole: a is not marked either
    assert result.exit_code == 2 and "has no source nope" in result.stderr and "Traceback" not in result.stderr
    assert run(["--annotator", "alice", "done", "a", "b"]).exit_code == 0
    assert run(["--annotator", "bob", "done", "a"]).exit_code == 0
    assert run(["--annotator", "bob", "done", "--undo", "a"]).exit_code == 0
    grid = json.loads(run(["coverage", "--json"]).stdout)
    assert grid["sources"][0] == {"id": "a", "done_by": ["alice"], "assigned_to": []}
    assert run(["--annotator", "bob", "done", "--undo"]).stderr.startswith("Undid 'unmark source done'")
    sources = [json.loads(line) for line in run(["sources", "--json"]).stdout.splitlines()]
    assert [source["done_by"] for source in sources] == [["alice", "bob"], ["alice"], []]
    assert "--include-partial" in run(["agree", "--help"]).stdout
    assert json.loads(run(["agree", "--json", "--include-partial"]).stdout)["shared_sources"] == 1
