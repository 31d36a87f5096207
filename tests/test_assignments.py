"""Assignments: the lead's plan of who annotates what, undoable, in coverage, sources and agreement."""

from __future__ import annotations

import json

import pytest
from team_corpus import annotate, ingest_team_texts

from annotator.agreement_report import agreement_report
from annotator.annotations import Annotations
from annotator.assignments import assigned_by_source, assigned_to, planned_pairs, set_assigned
from annotator.coverage import coverage_grid, with_done
from annotator.errors import InputError
from annotator.store import Store


@pytest.fixture
def planned(memory_store):
    """alice and bob both did a and b; the lead planned only a for both (b is bob's alone)."""
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {("a", 0): ("numeric", None), ("b", 0): ("numeric", None)}, read=("a", "b"))
    annotate(memory_store, "bob", {("a", 0): ("numeric", None), ("b", 1): ("event", None)}, read=("a", "b"))
    set_assigned(memory_store, "lead", ["a"], "alice")
    set_assigned(memory_store, "lead", ["a", "b"], "bob")
    return memory_store


def test_assigning_is_one_undoable_action_of_the_one_who_assigns(memory_store):
    ingest_team_texts(memory_store)
    assert set_assigned(memory_store, "lead", ["a", "b", "a"], "alice") == 2
    assert set_assigned(memory_store, "lead", ["a"], "alice") == 0  # already: nothing journaled
    assert assigned_by_source(memory_store) == {"a": ["alice"], "b": ["alice"]}
    assert Annotations(memory_store, "alice").undo() is None  # alice did not assign anything
    assert Annotations(memory_store, "lead").undo() == "assign to alice"
    assert assigned_by_source(memory_store) == {}
    assert Annotations(memory_store, "lead").redo() == "assign to alice"
    assert set_assigned(memory_store, "lead", ["b"], "alice", assigned=False) == 1
    assert assigned_to(memory_store, "alice") == {"a"}


@pytest.mark.parametrize("name", ["gold", "a/b", "", " x"])
def test_bad_assignees_are_refused(memory_store, name):
    ingest_team_texts(memory_store)
    with pytest.raises(InputError):
        set_assigned(memory_store, "lead", ["a"], name)
    assert assigned_by_source(memory_store) == {}


def test_coverage_and_sources_show_the_plan(planned):
    grid = coverage_grid(planned).as_json()
    assert [source["assigned_to"] for source in grid["sources"]] == [["alice", "bob"], ["bob"], []]
    assert grid["annotators"]["bob"]["assigned"] == ["a", "b"] and grid["annotators"]["bob"]["assigned_not_done"] == []
    assert grid["annotators"]["alice"]["assigned_not_done"] == []
    assert "lead" not in grid["annotators"]  # who assigns is not an annotator of the plan
    assert [s.assigned_to for s in with_done(planned, planned.source_summaries())] == [("alice", "bob"), ("bob",), ()]
    assert planned_pairs(planned) == {"a": {"alice", "bob"}}


def test_agreement_on_the_planned_set_only(planned):
    assert agreement_report(planned).shared_sources == 2
    report = agreement_report(planned, assigned_only=True)
    assert report.shared_sources == 1 and report.planned_sources == 1
    claim = next(facet for facet in report.facets if facet.name == "claim")
    assert claim.pairs[0].units == 5  # the sentences of a only


def test_cli_assign_remove_json_and_bad_input(run_cli, db_path, dump_db):
    with Store(db_path) as store:
        ingest_team_texts(store)
    before = dump_db(db_path)
    for args, words in ((["assign", "a", "nope", "--to", "bob"], "has no source nope"),
                        (["assign", "a", "--to", "gold"], "adjudicated annotator"),
                        (["assign", "a", "--to", "b:c"], "holds a ':'"),
                        (["assign", "a"], "--to")):
        result = run_cli("--annotator", "lead", *args)
        assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 4  # usage errors add click's usage lines
    assert dump_db(db_path) == before  # refused whole: nothing written, a not assigned either
    result = run_cli("--annotator", "lead", "assign", "a", "b", "--to", "bob")
    assert result.exit_code == 0 and "2 source(s) assigned to bob." in result.stderr
    result = run_cli("--annotator", "lead", "assign", "a", "--to", "bob", "--remove", "--json")
    assert json.loads(result.stdout) == {"to": "bob", "assigned": False, "changed": 1, "unchanged": 0, "sources": ["a"]}
    assert json.loads(run_cli("coverage", "--json").stdout)["sources"][1]["assigned_to"] == ["bob"]
    assert "assigned to" in run_cli("coverage").stdout
    assert [json.loads(line)["assigned_to"] for line in run_cli("sources", "--json").stdout.splitlines()] == [[], ["bob"], []]
    assert run_cli("--annotator", "lead", "undo").exit_code == 0
    assert json.loads(run_cli("coverage", "--json").stdout)["sources"][0]["assigned_to"] == ["bob"]
    agree = json.loads(run_cli("agree", "--json", "--assigned").stdout)
    assert agree["planned_sources"] == 0 and agree["shared_sources"] == 0
    assert "Examples:" in run_cli("assign", "--help").stdout
