"""The fact-checker's rules added for the seventh round of issue 12 (the tohoku-2011 misses, read once that story was no
longer held out): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare
from annotator.numbers import find_quantities

MAY_2 = date(2031, 5, 2)
MAY_3 = date(2031, 5, 3)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published)]


def test_the_unit_named_in_the_sentence_before_is_a_group_credited_with_its_count():
    from annotator.count_groups import credited_group

    # "the battalion" is the one the sentence before named: its tents are its share, not a rival of everyone's total.
    share = "By Friday, the battalion has delivered more than 6,000 tents to the valley."
    assert credited_group(share, find_quantities(share)[0]) == frozenset({"battalion"})
    assert comparisons(share, MAY_2, "Some 41,000 tents have been delivered to the valley.", MAY_2) == []
    assert comparisons("Some 41,000 tents have been delivered to the valley.", MAY_2, share, MAY_2) == []
    # a bare plural worker word still names no group (the fifth round's rule)
    text = "By Friday, crews have delivered 6,000 tents to the valley."
    assert credited_group(text, find_quantities(text)[0]) == frozenset()
