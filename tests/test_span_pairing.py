"""The span pairing rule: hand-built cases, and properties against a brute force over every pairing."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from annotator.span_pairing import overlap, pair_spans, pairable, whole


def test_overlap_and_the_half_of_the_shorter_threshold():
    assert overlap((0, 10), (5, 20)) == 5
    assert overlap((0, 5), (5, 9)) == 0  # ends are exclusive: touching spans share nothing
    assert pairable((0, 10), (5, 20))  # 5 shared, shorter is 10: exactly half counts
    assert not pairable((0, 10), (6, 20))  # 4 of 10
    assert pairable((0, 40), (10, 14))  # a short span inside a long one: all of the shorter
    assert not pairable((0, 5), (5, 9))


def test_a_whole_sentence_claim_is_a_span_over_the_sentence():
    assert whole(None, 42) == (0, 42)
    assert whole((3, 9), 42) == (3, 9)
    # A whole-sentence claim pairs with a span that covers at least half of... the span (the shorter one).
    assert pair_spans([whole(None, 42)], [(30, 40)]) == [(0, 0)]


def test_two_claims_each_paired_with_its_own_counterpart():
    alice = [(0, 20), (25, 60)]
    bob = [(26, 58), (2, 19)]
    assert pair_spans(alice, bob) == [(0, 1), (1, 0)]


def test_the_pairing_maximises_total_overlap_not_the_first_best_match():
    a = [(0, 10), (4, 10)]
    b = [(4, 10), (0, 4)]
    # a0-b0 shares 6, a1-b0 shares 6, a0-b1 shares 4 (the shorter is 4: pairable), a1-b1 shares 0.
    # Taking a0-b0 first leaves a1 alone: total 6. The rule's pairing: a0-b1 (4) + a1-b0 (6) = 10.
    assert pair_spans(a, b) == [(0, 1), (1, 0)]


def test_ties_in_overlap_go_to_the_closer_span():
    # b0 (0,10) and b1 (0,12) both share 10 with a0 (0,10); b0 has the same ends.
    assert pair_spans([(0, 10)], [(0, 12), (0, 10)]) == [(0, 1)]


def test_unpairable_claims_stay_alone():
    assert pair_spans([(0, 10)], [(8, 30)]) == []  # 2 of 10
    assert pair_spans([], [(0, 3)]) == [] and pair_spans([(0, 3)], []) == []


spans = st.tuples(st.integers(0, 30), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))
claim_lists = st.lists(spans, max_size=5)


def best_total(a, b) -> int:
    """The largest total overlap of any pairing the rule allows, by trying them all."""
    best = 0
    for k in range(min(len(a), len(b)) + 1):
        for rows in itertools.combinations(range(len(a)), k):
            for columns in itertools.permutations(range(len(b)), k):
                pairs = list(zip(rows, columns, strict=True))
                if all(pairable(a[i], b[j]) for i, j in pairs):
                    best = max(best, sum(overlap(a[i], b[j]) for i, j in pairs))
    return best


@given(claim_lists, claim_lists)
def test_each_claim_is_paired_at_most_once_and_only_when_the_rule_allows(a, b):
    pairs = pair_spans(a, b)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(pairable(a[i], b[j]) for i, j in pairs)


@given(claim_lists, claim_lists)
def test_the_pairing_reaches_the_largest_total_overlap(a, b):
    assert sum(overlap(a[i], b[j]) for i, j in pair_spans(a, b)) == best_total(a, b)


@given(claim_lists, claim_lists)
def test_the_pairing_is_symmetric(a, b):
    forward = sorted((a[i], b[j]) for i, j in pair_spans(a, b))
    backward = sorted((a[i], b[j]) for j, i in pair_spans(b, a))
    assert forward == backward
