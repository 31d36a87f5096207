"""The fact-checker's rules added for the sixth round of issue 12 (what the four tuned-on stories still missed): one
test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare

MAY_2 = date(2031, 5, 2)
MAY_3 = date(2031, 5, 3)
APRIL_25 = date(2031, 4, 25)
MAY_20 = date(2031, 5, 20)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None, first_report: date | None = None):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published, first_report)]


def test_a_month_does_not_say_which_of_its_days_a_figure_held():
    # "last month" (all of April) beside a report of 25 April: the estimate may have come before or after that day's.
    day = "Officials estimate that 800 tonnes of grain a day are spoiling at the port."
    month = "Early last month, inspectors estimated at least 3,000 tonnes of grain a day were spoiling at the port."
    assert comparisons(day, APRIL_25, month, MAY_20) == [("update", False)]
    # the same month on both sides is one time frame: still a conflict
    assert comparisons("In April, 800 tonnes of grain a day were spoiling at the port.", MAY_20, month, MAY_20) == [
        ("conflict", True)]
    # a running figure "since" a date holds up to the report's day, like a figure of that day
    assert comparisons("Since May 1, 800 tonnes of grain have spoiled at the port.", MAY_3,
                       "So far 3,000 tonnes of grain have spoiled at the port.", MAY_3)[0][0] == "conflict"


def test_a_month_is_not_the_start_of_the_event():
    # a final estimate for the start against a figure that only says "last month": not known to be of the start
    start = "Engineers now estimate that, at the beginning of the leak, 9,000 tonnes of grain a day were spoiling."
    month = "Early last month, inspectors estimated at least 3,000 tonnes of grain a day were spoiling at the port."
    # (the first report came on 25 April, so the month ends within the event's first days)
    assert comparisons(start, date(2031, 8, 1), month, MAY_20, first_report=APRIL_25) == [("update", False)]
    # a figure of a day at the start still is
    day = "Officials estimate that 800 tonnes of grain a day are spoiling at the port."
    assert comparisons(start, date(2031, 8, 1), day, date(2031, 4, 27), first_report=APRIL_25) == [("conflict", True)]
