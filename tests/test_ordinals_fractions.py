"""An ordinal ("31st Marine Expeditionary Unit", "the 7th Fleet", "3rd MEB") or a fraction ("two-thirds of the homes",
"2/3") is not a count: neither is read as a quantity, nor indexed by value or by a counted thing ("st", "third").
"Half a million" is 500,000; a foot mark after a figure ("5000' below") is feet. Sentences written for these tests."""

from __future__ import annotations

import pytest

from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.numbers import find_quantities
from annotator.suggestion_index import indexed_quantities, sentence_count_keys


def figures(text: str) -> list[tuple[str, float]]:
    return [(q.text, q.low) for q in find_quantities(text)]


def indexed(text: str) -> tuple[set, set]:
    quantities = indexed_quantities(text)
    return {q.low for q in quantities}, sentence_count_keys(text, quantities)


@pytest.mark.parametrize(("text", "left"), [
    ("About 4,000 Marines with the 31st Marine Expeditionary Unit came ashore.", [("4,000", 4000)]),
    ("The 3rd MEB had handed out 500 blankets.", [("500", 500)]),
    ("Ships of the 7th Fleet carried 200 pallets.", [("200", 200)]),
    ("The 2d Battalion sent 300 Marines north.", [("300", 300)]),
    ("The 1st, 2nd and 11th companies waited.", []),
    ("The 100th Airborne flew 12 pallets.", [("12", 12)]),
    ("The 11th flight landed with 12 pallets.", [("12", 12)]),
    ("On the thirty-first day 40 ships were at sea.", [("40", 40)]),
    ("He came second; 40 others followed.", [("40", 40)]),
])
def test_an_ordinal_is_not_a_count(text, left):
    assert figures(text) == left
    values, keys = indexed(text)
    assert values == {value for _, value in left}
    assert not keys & {"st", "nd", "rd", "th", "d", "meb", "fleet", "battalion", "compani", "flight", "day"}


@pytest.mark.parametrize(("text", "left"), [
    ("Two-thirds of the homes were destroyed.", []),
    ("Three-quarters of the 1,200 residents fled.", [("1,200", 1200)]),
    ("Two thirds of 300 homes burned.", [("300", 300)]),
    ("A third of the 900 homes were destroyed.", [("900", 900)]),
    ("About half of them were women.", []),
    ("Some 2/3 of the homes and 3/4 of the roads were lost.", []),
    ("The shelter is open 24/7 for 80 families.", [("80", 80)]),
])
def test_a_fraction_is_not_a_count(text, left):
    assert figures(text) == left
    values, keys = indexed(text)
    assert values == {value for _, value in left}
    assert not keys & {"third", "quarter", "half", "road"}


@pytest.mark.parametrize(("text", "value", "key"), [
    ("Roughly half a million people were left homeless.", 500_000, "people:displaced"),
    ("Half a dozen ships arrived.", 6, "ship"),
])
def test_half_a_scale_is_half_of_it(text, value, key):
    (quantity,) = find_quantities(text)
    assert quantity.low == quantity.high == value
    assert quantity.text.lower().startswith("half")
    values, keys = indexed(text)
    assert values == {value} and key in keys


def test_half_a_million_keeps_its_hedge():
    (quantity,) = find_quantities("Roughly half a million people were left homeless.")
    assert quantity.hedge == "about"


def test_a_counted_ordinal_still_reads_its_count(memory_store):
    # the figure after an ordinal's unit is still a count, and so is a number the ordinal's letters only look like
    ingest_articles(memory_store, [Article(id="a", text="The 31st MEU landed 15 trucks. 3 dogs and 2 docs came.",
                                           origin="test")])
    values = {row[0] for row in memory_store.db.execute("SELECT value FROM sentence_numbers")}
    assert values == {15, 3, 2}


@pytest.mark.parametrize(("text", "value"), [
    ("The rig lies approximately 1300’ northwest of the well.", 1300),
    ("Dispersants are applied at the source, 5000' below the surface.", 5000),
    ("The plane flew at 30,000′ over the bay.", 30_000),
    ("The crew cleared a 5,000-foot runway.", 5000),
])
def test_a_foot_mark_is_feet(text, value):
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.unit) == (value, "ft")
    assert indexed_quantities(text)[0].unit == "ft"


@pytest.mark.parametrize("text", ["‘We counted 300’ he said.", "He said ‘the toll is 300’, and left.",
                                  "The 1980's were different."])
def test_a_closing_quote_or_an_apostrophe_is_no_foot_mark(text):
    assert all(quantity.unit != "ft" for quantity in find_quantities(text))


@pytest.mark.parametrize(("text", "value", "key"), [
    ("Twelve helicopters flew their 3,400th mission in support of the relief effort.", 3400, "mission"),
    ("The 1,000th flight of the airlift landed on Friday.", 1000, "flight"),
    ("The 100th sortie left at dawn.", 100, "sorti"),
])
def test_a_running_count_s_place_counts_what_it_names(text, value, key):
    # "their 3,400th mission" says 3,400 missions have been flown: a count to set beside "1,056 missions"
    quantity = next(q for q in find_quantities(text) if q.low == value)
    assert quantity.text.endswith("th")
    values, keys = indexed(text)
    assert value in values and key in keys
