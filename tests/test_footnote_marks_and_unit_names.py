"""Figures with a footnote mark glued on, and numbers that name a unit (found on pakistan-2010's fact sheets)."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.numbers import find_quantities


def test_a_footnote_mark_after_a_scale_word_keeps_the_scale():
    [money] = find_quantities("in-kind assistance valued at approximately $40 million1.")
    assert (money.low, money.unit, money.text) == (40_000_000, "$", "$40 million")


def test_a_footnote_mark_after_the_counted_noun_keeps_what_is_counted():
    [families] = find_quantities("The shelters are helping 3,000 families3 in Sindh.")
    assert families.low == 3000 and "family" in families.context


def test_a_task_force_number_is_its_name_not_a_count():
    quantities = find_quantities("Task Force 373 and Joint Task Force-505 sent 6 helicopters.")
    assert [(q.low, sorted(q.context)) for q in quantities] == [(6, ["helicopter"])]


def test_task_force_members_are_still_counted():
    [members] = find_quantities("It has 150 task force members.")
    assert members.low == 150


def test_digits_inside_a_model_name_stay_out_and_ordinary_figures_stay_in():
    assert [q.low for q in find_quantities("The F-16 and 12 jets flew 40 sorties.")] == [12, 40]


@given(st.integers(min_value=1, max_value=99))
def test_a_footnote_mark_never_moves_the_figure_before_it(mark):
    text = f"The agency gave $12 million{mark} in aid, and tents for 7,500 people{mark}."
    quantities = find_quantities(text)
    assert [(q.low, text[q.start:q.end]) for q in quantities] == [(12_000_000, "$12 million"), (7500, "7,500")]


def test_a_hull_or_model_designator_in_capitals_names_its_number():
    text = "The USS Peleliu (LHA 5) and USS Dubuque (LPD 8) sent 4 CH 46 helicopters; JTF 505 has 300 troops."
    assert [(q.low, "helicopter" in q.context or "troop" in q.context) for q in find_quantities(text)] == [(4, True), (300, True)]


def test_country_codes_and_shouted_headlines_keep_their_figures():
    assert [q.low for q in find_quantities("Aid of US 5 million; ABOUT 300 TROOPS ARRIVE.")] == [5_000_000, 300]


def test_money_after_an_office_name_in_capitals_is_still_money():
    [money] = find_quantities("USAID/OFDA $10,000,000")
    assert money.low == 10_000_000


def test_a_figure_after_an_agency_in_capitals_with_separators_or_a_scale_is_still_a_figure():
    quantities = find_quantities("According to WHO 4,922 people have died; OCHA 1.5 million need aid; LHA 5 sailed.")
    assert [q.low for q in quantities] == [4922, 1_500_000]
