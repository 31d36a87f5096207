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


def test_an_aftershocks_toll_is_not_the_main_toll_fallen():
    from annotator.count_causes import aftershock_count

    toll = "Officials said more than 2,400 people have been confirmed dead."
    aftershock = "Police reported three deaths and 40 injuries as a result of the May 30 aftershock, the strongest since the quake."
    assert aftershock_count(aftershock, find_quantities(aftershock)[0])
    assert comparisons(toll, MAY_2, aftershock, date(2031, 5, 30)) == []
    assert comparisons(aftershock, date(2031, 5, 30), toll, MAY_2) == []
    assert aftershock_count("A strong aftershock killed three people on Tuesday.",
                            find_quantities("A strong aftershock killed three people on Tuesday.")[0])
    # the whole event's toll names the quake first: still the running total
    whole = "Police reported 2,300 deaths as a result of the May 1 earthquake and aftershocks."
    assert not aftershock_count(whole, find_quantities(whole)[0])
    # an aftershock's toll above an earlier count is still compared: a toll may grow by its aftershocks
    assert comparisons("More than 40 people were killed.", MAY_2,
                       "The aftershock had resulted in nearly 120 deaths, police said.", date(2031, 5, 5)) == [
        ("update", False)]


def test_the_force_that_deployed_a_count_of_personnel_is_its_group():
    from annotator.count_groups import collective_group

    ours = "By Sunday, the NDMA had deployed 31,000 personnel, 90 helicopters and 40 boats."
    assert collective_group(ours, find_quantities(ours)[0]) == frozenset({"ndma"})
    # another force's personnel are not a rival of a count that names none
    assert comparisons("4,200 personnel are working to provide emergency support", MAY_2, ours, MAY_2) == []
    assert comparisons(ours, MAY_2, "4,200 personnel are working to provide emergency support", MAY_2) == []
    # two counts naming no force are still the whole response's (the fourth round's rule)
    assert comparisons("More than 3,000 personnel are involved.", MAY_2, "Some 1,800 personnel are responding.",
                       MAY_2) == [("conflict", False)]
