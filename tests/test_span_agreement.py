"""Claim-span agreement against hand-computed values, and claims compared by the pairing rule in today's facets."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from team_corpus import annotate, ingest_team_texts, sid

from annotator.agreement import krippendorff_alpha
from annotator.agreement_report import agreement_report, report_json
from annotator.annotations import Annotations
from annotator.labels import load_labels
from annotator.span_agreement import INSIDE, OUTSIDE, character_patterns, span_agreement
from annotator.team import ClaimAnswer, TeamWork

A0 = "The council approved 40 new buses on Monday."  # 44 characters
A3 = "Critics said the cost was too high."  # 35 characters


@pytest.fixture
def spans(memory_store):
    """alice and bob read a and b. On a:0 alice marks (0,20) "The council approved" and (21,33) "40 new buses";
    bob marks (4,20) "council approved" and (21,44) "40 new buses on Monday."; on a:3 bob marks the whole sentence."""
    ingest_team_texts(memory_store)
    assert memory_store.sentence_at("a", 0).text == A0 and memory_store.sentence_at("a", 3).text == A3
    alice, bob = annotate(memory_store, "alice", {}, read=("a", "b")), annotate(memory_store, "bob", {}, read=("a", "b"))
    a0 = sid(memory_store, "a", 0)
    who = alice.add_claim(a0, (0, 20), claim_type="quote", verdict="supported")
    what = alice.add_claim(a0, (21, 33), claim_type="numeric")
    bob_who = bob.add_claim(a0, (4, 20), claim_type="quote", verdict="refuted")
    bob_what = bob.add_claim(a0, (21, 44), claim_type="event")
    bob.add_claim(sid(memory_store, "a", 3))
    alice.link(who, sid(memory_store, "b", 0), "conflicts")
    alice.link(what, sid(memory_store, "b", 0), "corroborates")
    bob.link(bob_what, sid(memory_store, "b", 0), "corroborates")
    bob.link(bob_who, sid(memory_store, "b", 1), "related")
    return memory_store


def test_character_f1_over_paired_and_unpaired_claims(spans):
    pair = agreement_report(spans).spans.pairs[0]
    # Pairs on a:0: (0,20)-(4,20) share 16 (shorter 16), (21,33)-(21,44) share 12 (shorter 12); (0,20)-(21,44) share 0.
    # Bob's a:3 claim (0,35) is alone. Claimed: alice 20 + 12, bob 16 + 23 + 35 = 106 characters.
    # F1 = 2 * (16 + 12) / 106 = 56 / 106.
    assert (pair.sentences, pair.paired, pair.alone_first, pair.alone_second) == (2, 2, 0, 1)
    assert (pair.shared_characters, pair.claimed_characters) == (28, 106)
    assert pair.f1.value == pytest.approx(56 / 106)


def test_per_character_alpha_by_hand(spans):
    report = agreement_report(spans)
    # Characters of a:0 (44) and a:3 (35), values (alice, bob):
    #   a:0 0-4 (in, out) 4; 4-20 (in, in) 16; 20-21 (out, out) 1; 21-33 (in, in) 12; 33-44 (out, in) 11; a:3 (out, in) 35.
    # Coincidences: o_ii = 2 * 28 = 56, o_oo = 2 * 1 = 2, o_io = o_oi = 4 + 11 + 35 = 50; n = 158,
    # n_in = 56 + 50 = 106, n_out = 2 + 50 = 52. D = n - o_ii - o_oo = 100, E = 158² - 106² - 52² = 11024.
    # alpha = 1 - (n - 1) * D / E = 1 - 157 * 100 / 11024.
    expected = 1 - 157 * 100 / 11024
    assert report.spans.alpha.value == pytest.approx(expected)
    assert report.spans.pairs[0].alpha.value == pytest.approx(expected)
    assert report.spans.characters == 79 and report.spans.f1.value == pytest.approx(56 / 106)


def test_type_verdict_and_links_compare_paired_claims(spans):
    report = agreement_report(spans, labels=load_labels())
    facets = {facet.name: facet for facet in report.facets}
    # Clusters: [alice (0,20), bob (4,20)], [alice (21,33), bob (21,44)], [bob's a:3].
    # Types: quote/quote, numeric/event, -/none set: 2 units, 1 agrees.
    assert facets["claim_type"].pairs[0].units == 2 and facets["claim_type"].pairs[0].observed.value == pytest.approx(0.5)
    # Verdicts: supported/refuted on the first cluster only.
    assert facets["verdict"].pairs[0].units == 1 and facets["verdict"].pairs[0].observed.value == 0
    # Links: first cluster -> b:0 conflicts/none, -> b:1 none/related; second cluster -> b:0 corroborates/corroborates.
    # By sentence (before pairing) alice's a:0 -> b:0 would have been one unit against bob's corroborates.
    links = facets["link"].pairs[0]
    assert links.units == 3 and links.observed.value == pytest.approx(1 / 3)


def test_json_carries_the_span_figures(spans):
    data = json.loads(json.dumps(report_json(agreement_report(spans)), allow_nan=False))
    pair = data["claim_spans"]["pairs"][0]
    assert pair["annotators"] == ["alice", "bob"] and pair["paired"] == 2 and pair["alone"] == [0, 1]
    assert pair["f1"] == pytest.approx(56 / 106) and data["claim_spans"]["overall"]["characters"] == 79


def test_whole_sentence_claims_agree_fully(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {("a", 0): (None, None)}, read=("a",))
    annotate(memory_store, "bob", {("a", 0): (None, None)}, read=("a",))
    spans = agreement_report(memory_store).spans
    assert spans.f1.value == 1.0 and spans.pairs[0].paired == 1
    assert spans.alpha.value is None and spans.alpha.reason  # every character "in": chance agreement is certain


def test_no_claims_leaves_span_figures_undefined_with_a_reason(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {}, read=("a",))
    annotate(memory_store, "bob", {}, read=("a",))
    spans = agreement_report(memory_store).spans
    assert spans.f1.value is None and spans.f1.reason and spans.sentences == 0


def test_three_annotators_each_pair_uses_its_own_pairing(memory_store):
    ingest_team_texts(memory_store)
    a0 = sid(memory_store, "a", 0)
    for name, span, claim_type in (("alice", (0, 20), "quote"), ("bob", (21, 44), "numeric"), ("carol", (21, 33), "numeric")):
        annotate(memory_store, name, {}, read=("a",))
        Annotations(memory_store, name).add_claim(a0, span, claim_type=claim_type)
    facet = next(f for f in agreement_report(memory_store).facets if f.name == "claim_type")
    units = {(p.first, p.second): p.units for p in facet.pairs}
    # alice's claim pairs with nobody's; bob's and carol's pair (12 shared, shorter 12).
    assert units == {("alice", "bob"): 0, ("alice", "carol"): 0, ("bob", "carol"): 1}
    assert facet.units == 1 and facet.observed.value == 1.0


claim_spans = st.lists(st.tuples(st.integers(0, 20), st.integers(1, 10)).map(lambda p: (p[0], p[0] + p[1])),
                       max_size=3, unique=True)


def team_of(length: int, first: list, second: list) -> TeamWork:
    """Two annotators who both covered one sentence of `length` characters, with those claim spans."""
    claims = {"x": [ClaimAnswer(None, None, span=s) for s in first], "y": [ClaimAnswer(None, None, span=s) for s in second]}
    return TeamWork(["x", "y"], sentences={1: ("s", 0)}, covered={"s": {"x", "y"}}, lengths={1: length},
                    claim_lists={1: {name: found for name, found in claims.items() if found}})


def pair_of(work: TeamWork, first: str, second: str):
    """The span figures of one pair on the one sentence."""
    return span_agreement(work, {1}, ("x", "y"), [(first, second)]).pairs[0]


@given(claim_spans, claim_spans)
def test_span_figures_are_symmetric_and_f1_is_a_share(first, second):
    forward, backward = pair_of(team_of(30, first, second), "x", "y"), pair_of(team_of(30, first, second), "y", "x")
    assert forward.f1 == backward.f1 and forward.alpha == backward.alpha
    assert forward.f1.value is None or 0 <= forward.f1.value <= 1
    assert (forward.f1.value == 1) == (bool(first) and sorted(first) == sorted(second))


@given(claim_spans, claim_spans)
def test_character_patterns_match_a_character_by_character_count(first, second):
    work = team_of(30, first, second)
    by_character = Counter(
        tuple(INSIDE if any(a <= k < b for a, b in mine) else OUTSIDE for mine in (first, second)) for k in range(30))
    assert character_patterns(30, [first, second]) == by_character
    if first or second:
        alpha, expected = pair_of(work, "x", "y").alpha, krippendorff_alpha(list(by_character.elements()))
        assert alpha.value == pytest.approx(expected.value) and alpha.reason == expected.reason
