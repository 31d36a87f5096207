"""Numbers in sentences: normalisation, units, scale words, ranges, percentages, matching and clashes."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.numbers import find_quantities, normalise


def only(text: str):
    """The one quantity in a text."""
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("13,000", 13_000, 13_000, ""),
        ("1,234,567.5", 1_234_567.5, 1_234_567.5, ""),
        ("6 million", 6_000_000, 6_000_000, ""),
        ("6,000,000", 6_000_000, 6_000_000, ""),
        ("2.5 billion", 2_500_000_000, 2_500_000_000, ""),
        ("$29.4 billion", 29_400_000_000, 29_400_000_000, "$"),
        ("152-millimeter", 152, 152, "mm"),
        ("152mm", 152, 152, "mm"),
        ("122-mm", 122, 122, "mm"),
        ("152 millimetres", 152, 152, "mm"),
        ("50%", 50, 50, "%"),
        ("50 %", 50, 50, "%"),
        ("15.60 percent", 15.6, 15.6, "%"),
        ("12 per cent", 12, 12, "%"),
        ("twofold", 2, 2, "fold"),
        ("two-fold", 2, 2, "fold"),
        ("2.5-fold", 2.5, 2.5, "fold"),
        ("three times", 3, 3, "fold"),
        ("five", 5, 5, ""),
        ("76-85%", 76, 85, "%"),
        ("45 to 55 million", 45_000_000, 55_000_000, ""),
        ("between 10 and 20", 10, 20, ""),
        ("1927-1941", 1927, 1941, "year"),
        ("1980", 1980, 1980, "year"),
    ],
)
def test_values_and_units(text, low, high, unit):
    quantity = only(text)
    assert (quantity.low, quantity.high, quantity.unit) == (low, high, unit)


def test_several_quantities_and_what_they_count():
    quantities = find_quantities("more than 6 million 152-millimeter artillery shells since mid-2022")
    assert [(q.text, q.unit) for q in quantities] == [("6 million", ""), ("152-millimeter", "mm"), ("2022", "year")]
    assert quantities[0].context == frozenset({"artillery", "shell"})  # the shells, past the calibre
    assert quantities[0].phrase == "6 million 152-millimeter artillery shells"


def test_a_date_is_a_year_and_a_backwards_pair_is_no_quantity():
    assert [(q.low, q.unit) for q in find_quantities("date 2024-08-28 North Korea")] == [(2024, "year")]
    assert find_quantities("a 10-3 win") == []  # a score, not a range
    assert find_quantities("Uranium-235 and F-16 jets") == []  # model numbers


def test_no_numbers_no_quantities():
    assert find_quantities("Moscow and Pyongyang have denied the allegations.") == []
    assert find_quantities("one of the best") == []  # "one" is too common to be a quantity


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("over 13,000 containers", "over 13000 containers"),
        ("6 million shells", "6000000 shells"),
        ("152-millimeter shells", "152 mm shells"),
        ("a twofold increase", "a 2-fold increase"),
        ("$29.4 billion", "$29400000000"),
        ("76-85% of people", "76 to 85% of people"),
        ("15.60 percent", "15.6%"),
    ],
)
def test_normalise(text, canonical):
    assert normalise(text) == canonical


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("13,000 containers", "13,000 shipping containers"),
        ("6 million shells", "6,000,000 shells"),
        ("152-millimeter shells", "152mm shells"),
        ("a twofold increase", "a 2-fold increase"),
        ("60 percent of voters", "60% of voters"),
        ("50 million years", "45 to 55 million years"),  # a value inside a range
    ],
)
def test_same_quantity_spelled_differently_matches(claim, evidence):
    assert only(claim).matches(only(evidence))
    assert not only(claim).clashes(only(evidence))


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("6,700 containers", "13,000 shipping containers"),
        ("122-mm artillery rounds", "152-millimeter artillery shells"),
        ("40 buses", "35 buses"),
        ("unemployment of 5%", "unemployment of 7 percent"),
    ],
)
def test_same_unit_and_subject_with_another_value_clashes(claim, evidence):
    assert only(claim).clashes(only(evidence))
    assert not only(claim).matches(only(evidence))


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("6,700 containers", "13,000 soldiers"),  # different subjects
        ("152mm shells", "152% rise"),  # different units
        ("in 2016", "in 2017"),  # years without a shared subject
        ("two nations", "$2"),  # a small count against money
    ],
)
def test_unrelated_quantities_neither_match_nor_clash(claim, evidence):
    a, b = only(claim), only(evidence)
    assert not a.matches(b) and not a.clashes(b)


def test_small_counts_match_only_when_they_count_the_same_thing():
    assert only("two leaders").matches(only("2 leaders"))
    assert not only("two leaders").matches(only("2 ships"))


NUMBER_TOKENS = ["13,000", "6", "million", "152-millimeter", "mm", "%", "percent", "-", "to", "and", "$", "two",
                 "fold", "twofold", "1927-1941", "2024-08-28", ",", ".", "shells", "times", "5.5", "0", "billion",
                 "between", "1,2", ",000", "99999999999999999999", "Uranium-235", "mid-2022", "10-3", "76-85%", "é"]
glued_numbers = st.lists(st.sampled_from(NUMBER_TOKENS + [" ", "\u00a0"]), max_size=25).map("".join)
news_numbers = st.lists(st.sampled_from(NUMBER_TOKENS + ["containers", "The", "rose"]), max_size=25).map(" ".join)


@given(st.one_of(st.text(max_size=120), glued_numbers, news_numbers))
@example("6 million 152-millimeter")
def test_the_parser_never_crashes_and_spans_point_into_the_text(text):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.low <= quantity.high


@given(news_numbers)
@example("over 13,000 containers , 6 million shells and 76-85% rose twofold")
def test_normalise_is_idempotent_on_news_text(text):
    """On words separated by spaces, as news is written; glued strings like '0BILLION-MILLION' may re-parse."""
    once = normalise(text)
    assert normalise(once) == once


def test_four_digits_before_a_plural_noun_or_after_a_hedge_count_things_not_years():
    from annotator.numbers import find_quantities

    def units(text):
        return [(q.text, q.unit) for q in find_quantities(text)]

    assert units("The council sent 2000 sandbags and about 1500 volunteers.") == [("2000", ""), ("1500", "")]
    assert units("Nearly 1800 people signed.") == [("1800", "")]
    assert units("They fired 2000 Dalmer County shells.") == [("2000", "")]
    assert units("The 2031 floods and the 2030 budget.") == [("2031", "year"), ("2030", "year")]
    assert units("In 2000 elections were held; Dalmer's 2030 levies rose.") == [("2000", "year"), ("2030", "year")]
    assert find_quantities("They sent 2000 sandbags.", with_context=False)[0].unit == ""  # the index reads it alike
