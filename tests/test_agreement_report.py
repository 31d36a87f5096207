"""Agreement from the database: units of each facet on hand-made two- and three-annotator corpora, and `annotator agree`."""

from __future__ import annotations

import json
import math

import pytest
from team_corpus import annotate, ingest_team_texts, two_annotator_store

from annotator.agreement_report import agreement_report, report_json
from annotator.labels import load_labels
from annotator.store import Store
from annotator.team import annotator_names, load_team_work


@pytest.fixture
def team(memory_store: Store) -> Store:
    return two_annotator_store(memory_store)


def facet(report, name):
    return next(f for f in report.facets if f.name == name)


def test_coverage_is_the_sources_marked_done_not_opened_or_annotated(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {}, read=("a",))
    bob = annotate(memory_store, "bob", {("b", 1): (None, None)})
    bob.toggle_boilerplate(memory_store.sentence_at("c", 3).id)
    bob.remember_position("a", 0)
    work = load_team_work(memory_store, ["alice", "bob"])
    assert work.covered == {"a": {"alice"}}
    assert work.shared_sources() == []


def test_partial_coverage_is_the_sentences_read(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {}, read=("a",))
    bob = annotate(memory_store, "bob", {("b", 1): (None, None)})
    bob.remember_position("a", 2)
    work = load_team_work(memory_store, ["alice", "bob"], include_partial=True)
    assert work.covered == {"a": {"alice", "bob"}, "b": {"bob"}}
    assert work.reach == {("a", "bob"): 2, ("b", "bob"): 1}
    assert [work.covering(memory_store.sentence_at("a", i).id) for i in (2, 3)] == [["alice", "bob"], ["alice"]]


def test_claim_units_are_the_sentences_of_shared_sources(team):
    claim = facet(agreement_report(team), "claim")
    assert claim.units == 10 and claim.values == 20  # sources a and b, 5 sentences each, both annotators
    pair = claim.pairs[0]
    assert (pair.first, pair.second, pair.units) == ("alice", "bob", 10)
    assert pair.confusion.labels == ("claim", "no claim")
    assert pair.confusion.counts == ((2, 1), (1, 6))  # a:0, a:1 both; b:0 alice only; a:3 bob only
    assert pair.observed.value == pytest.approx(0.8)
    p_e = (3 * 3 + 7 * 7) / 100
    assert pair.kappa.value == pytest.approx((0.8 - p_e) / (1 - p_e))


def test_claim_type_and_verdict_compare_claims_both_made_and_treat_unset_as_missing(team):
    report = agreement_report(team, labels=load_labels())
    claim_type, verdict = facet(report, "claim_type"), facet(report, "verdict")
    assert claim_type.units == 2  # a:0 numeric/numeric, a:1 quote/attribution
    assert claim_type.pairs[0].observed.value == pytest.approx(0.5)
    assert verdict.units == 2  # a:0 supported/refuted, a:1 supported/supported; b:0 and a:3 have no verdict
    assert verdict.pairs[0].observed.value == pytest.approx(0.5)


def test_link_units_are_linked_pairs_where_both_marked_the_claim(team):
    links = facet(agreement_report(team, labels=load_labels()), "link")
    pair = links.pairs[0]
    assert pair.units == 3  # a:0->b:0 corroborates both; a:0->c:0 conflicts/none; a:1->b:1 corroborates/related
    labels = pair.confusion.labels
    assert labels == ("corroborates", "conflicts", "related", "none")
    cell = {(labels[i], labels[j]): count for i, row in enumerate(pair.confusion.counts) for j, count in enumerate(row)}
    assert cell[("corroborates", "corroborates")] == 1
    assert cell[("conflicts", "none")] == 1
    assert cell[("corroborates", "related")] == 1
    assert pair.observed.value == pytest.approx(1 / 3)


def test_links_of_a_claim_only_one_annotator_marked_are_not_units(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {("a", 0): (None, None)}, {(("a", 0), ("b", 0)): "corroborates"}, read=("a",))
    annotate(memory_store, "bob", {}, read=("a",))
    links = facet(agreement_report(memory_store), "link")
    assert links.units == 0 and links.alpha.value is None and links.alpha.reason


def test_three_annotators_alpha_uses_every_pairable_value(team):
    annotate(team, "carol", {("a", 0): ("numeric", "refuted")}, {(("a", 0), ("b", 0)): "conflicts"}, read=("a",))
    report = agreement_report(team)
    claim = facet(report, "claim")
    assert claim.units == 10 and claim.values == 25  # carol read a only: 5 more values
    assert [(p.first, p.second, p.units) for p in claim.pairs] == [("alice", "bob", 10), ("alice", "carol", 5), ("bob", "carol", 5)]
    verdict = facet(report, "verdict")
    assert verdict.units == 2 and verdict.values == 5
    # a:0 supported/refuted/refuted, a:1 supported/supported: o_ss = 2 + 0, o_rr = 1, n = 5
    assert verdict.observed.value == pytest.approx((2 + 2) / (3 * 2 + 2 * 1))


def test_gold_is_left_out_unless_asked(team):
    annotate(team, "gold", {("a", 0): ("numeric", "refuted")}, read=("a",))
    assert agreement_report(team).annotators == ("alice", "bob")
    assert agreement_report(team).excluded == ("gold",)
    assert "gold" in agreement_report(team, include_gold=True).annotators
    assert annotator_names(team) == ["alice", "bob"]


def test_pairs_only_for_annotators_who_covered_a_common_source(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {}, read=("a", "b"))
    annotate(memory_store, "bob", {}, read=("a",))
    annotate(memory_store, "carol", {}, read=("b",))
    report = agreement_report(memory_store)
    assert [(p.first, p.second) for p in facet(report, "claim").pairs] == [("alice", "bob"), ("alice", "carol")]


def test_json_has_no_nan_and_names_the_reason_of_every_undefined_figure(team):
    data = report_json(agreement_report(team))
    text = json.dumps(data, allow_nan=False)
    assert "NaN" not in text
    claim_type_pair = data["facets"]["claim_type"]["pairs"][0]
    assert isinstance(claim_type_pair["kappa"], float) and not math.isnan(claim_type_pair["kappa"])
    links = data["facets"]["link"]["pairs"][0]
    assert links["confusion"]["counts"] and links["units"] == 3


def test_empty_database_gives_an_empty_report(memory_store):
    report = agreement_report(memory_store)
    assert report.annotators == () and report.shared_sources == 0
    assert all(f.units == 0 and f.alpha.value is None for f in report.facets)


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def team_db(db_path):
    with Store(db_path) as store:
        two_annotator_store(store)
    return db_path


def test_agree_json(run_cli, team_db):
    result = run_cli("agree", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["annotators"] == ["alice", "bob"]
    assert set(data["facets"]) == {"claim", "claim_type", "link", "verdict"}
    assert data["facets"]["claim"]["pairs"][0]["units"] == 10
    # Whole-sentence claims: a:0 and a:1 paired (both annotators), b:0 alice's alone, a:3 bob's alone.
    assert data["claim_spans"]["pairs"][0]["paired"] == 2 and data["claim_spans"]["pairs"][0]["alone"] == [1, 1]


def test_agree_tables(run_cli, team_db):
    result = run_cli("agree")
    assert result.exit_code == 0, result.stderr
    for text in ("claim marking", "alice – bob", "Krippendorff", "links", "corroborates", "claim spans", "character F1"):
        assert text in result.stdout


def test_agree_with_an_unknown_annotator_is_bad_input(run_cli, team_db):
    result = run_cli("agree", "--annotators", "alice,zed")
    assert result.exit_code == 2
    assert "zed" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_agree_on_a_database_without_a_team_says_what_to_do(run_cli, db_path):
    Store(db_path).close()
    result = run_cli("agree")
    assert result.exit_code == 0
    assert "two annotators" in result.stdout


def test_sources_of_one_annotator(run_cli, team_db):
    everyone = {r["id"]: r for r in map(json.loads, run_cli("sources", "--json").stdout.splitlines())}
    bob = {r["id"]: r for r in map(json.loads, run_cli("sources", "--json", "--annotator", "bob").stdout.splitlines())}
    assert everyone["a"]["claims"] == 5 and everyone["b"]["claims"] == 1  # alice a:0, a:1; bob a:0, a:1, a:3; alice b:0
    assert (bob["a"]["claims"], bob["a"]["linked_claims"], bob["b"]["claims"]) == (3, 2, 0)
    assert "bob" not in run_cli("sources", "--annotator", "zed").stdout
    result = run_cli("sources", "--annotator", "zed")
    assert result.exit_code == 2 and "zed" in result.stderr
