"""The fact-checker's rules added for the fifth round of issue 12 (the haiyan-2013 misses, read once that story was no
longer held out): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare
from annotator.counted import counted_keys

MAY_2 = date(2031, 5, 2)
MAY_3 = date(2031, 5, 3)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published)]


def test_feet_and_metres_are_one_measure_compared_in_the_claims_unit():
    # A wave of about 6 metres is 18-22 feet: 30 feet is another figure, 20 feet the same one.
    waves = "A wave about six meters high swept the harbour."
    assert counted_keys(waves) == counted_keys("The wave reached 30 feet before dawn.")
    assert comparisons(waves, MAY_2, "The wave reached 30 feet before dawn.", MAY_2) == [("conflict", False)]
    assert comparisons(waves, MAY_2, "Witnesses said the wave reached 20 feet.", MAY_2) == [("match", False)]
    assert comparisons("The wall is 12 metres tall.", None, "The wall is 40 feet tall.", None) == [("match", False)]


def test_a_measure_with_nothing_around_it_but_its_thing_is_that_thing():
    # "1,200 meters of fencing" has nothing around it that sets it apart from "90,000 feet of fencing ... put up".
    comparison = comparisons("More than 1,200 meters of fencing (wire) has been put up.", MAY_2,
                             "Some 90,000 feet of fencing have been put up along the river.", date(2031, 6, 1))
    assert comparison == [("update", False)]
