"""The fact-checker's rules added for the third round of issue 12 (the nepal-2015 misses read one by one): one test
each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare

MAY_2 = date(2031, 5, 2)
MAY_4 = date(2031, 5, 4)


def kinds(a: str, b: str, a_published: date | None = MAY_2, b_published: date | None = MAY_2) -> list[str]:
    return [c.kind for c in compare(a, a_published, b, b_published)]


def test_an_earlier_lower_bound_still_true_of_a_later_figure_agrees():
    bound = "The floods have killed more than 900 people, officials said."
    assert kinds(bound, "The floods have killed 1,240 people, officials said.", MAY_2, MAY_4) == ["match"]
    assert kinds("The floods have killed 1,240 people, officials said.", bound, MAY_4, MAY_2) == ["match"]  # either side
    assert kinds(bound, "More than 1,100 people have died in the floods.", MAY_2, MAY_4) == ["match"]
    # past twice the bound, months later, or a count that says it grew: the story moved on
    assert kinds(bound, "The floods have killed 2,100 people, officials said.", MAY_2, MAY_4) == ["update"]
    assert kinds(bound, "The floods killed 1,240 people.", MAY_2, date(2031, 8, 30)) == ["update"]
    grew = "Two more crews arrived from the U.S., bringing the total number of volunteers to 1,240."
    assert kinds("More than 900 volunteers had arrived, officials said.", grew, MAY_2, MAY_4) == ["update"]
    assert kinds("More than 900 volunteers had arrived, officials said.", "There are 1,240 volunteers in the city.",
                 MAY_2, MAY_4) == ["match"]
    # an earlier exact figure below a later one is an update, as before
    assert kinds("The floods have killed 900 people, officials said.", "The floods have killed 1,240 people.",
                 MAY_2, MAY_4) == ["update"]
