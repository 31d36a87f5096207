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


def test_ships_and_vessels_refugees_and_evacuees_are_one_counted_thing():
    assert counted_keys("Two more vessels docked at the port.") == counted_keys("Two more ships docked at the port.")
    assert counted_keys("Buses carried 300 refugees to the border.") == ({"people:displaced"},)
    assert counted_keys("The camp now holds 1,200 evacuees.") == counted_keys("The camp now holds 1,200 displaced people.")


def test_a_plural_noun_then_a_verb_counts_the_noun():
    # "five ferries sail Friday": the ferries are counted, not a thing called "sail".
    assert counted_keys("Five ferries sail Friday for the islands.") == ({"ferri"},)
    assert counted_keys("Six relief convoys arrive daily.") == ({"convoy"},)
    assert counted_keys("Nine shipping containers were lost.") == ({"contain"},)  # a noun before a plural still leads it


def test_a_small_count_of_things_is_exact():
    # "three ferries" and "four ferries" do not both hold 3.5: a count of things is a whole number.
    assert comparisons("Four ferries left the harbour on Monday.", MAY_2, "Three ferries left the harbour on Monday.",
                       MAY_3) == [("conflict", True)]
    # a measure keeps its rounding: "magnitude 7" holds 7.3
    assert comparisons("A magnitude 7 quake hit the coast.", MAY_2, "A magnitude 7.3 quake hit the coast.", MAY_2) == [
        ("match", False)]


def test_a_places_population_is_one_figure_that_does_not_change_in_a_storys_days():
    # "the port city of 90,000" and "a city of some 120,000 residents": Carrow's population, given twice.
    first = "Aid reached Carrow, the port city of 90,000, on Monday."
    second = "Looting spread in Carrow, a city of some 120,000 residents."
    assert counted_keys(first) == counted_keys(second) == ({"population"},)
    assert comparisons(first, MAY_2, second, date(2031, 5, 9)) == [("conflict", True)]  # no update: a population
    # Two cities' populations are not rivals: a population is one place's only when both sentences name it.
    assert comparisons(first, MAY_2, "Looting spread in Brill, a city of some 120,000 residents.", MAY_2) == []
    assert counted_keys("The capital of 3 million troops.") != ({"population"},)


def test_a_key_no_word_says_is_found_by_the_words_that_say_it():
    from annotator.counted import key_terms

    assert {"feet", "meter"} <= key_terms("m")  # "13 feet" and "five meters high" are both keyed m
    assert {"citi", "town"} <= key_terms("population")


def test_a_dated_report_dates_every_figure_of_its_sentence():
    from annotator.time_frames import frame_at

    text = ("Some 41,000 families have lost their homes across the northern districts and the valley, while power is "
            "still out for most of them, according to a March 4 government bulletin.")
    assert frame_at(text, text.index("41,000"), date(2031, 3, 9)).start == date(2031, 3, 4)
    text = ("Some 41,000 families have lost their homes across the northern districts and the valley, while power is "
            "still out for most of them, the mayor said, adding that he had visited on March 4.")
    assert frame_at(text, text.index("41,000"), date(2031, 3, 9)).start == date(2031, 3, 9)  # a visit, not the count


def test_a_bare_worker_word_credits_no_group():
    from annotator.count_groups import credited_group
    from annotator.numbers import find_quantities

    text = "Over the weekend, crews delivered 4,000 tents to the valley."
    assert credited_group(text, find_quantities(text)[0]) == frozenset()
    text = "Over the weekend, Red Cross crews delivered 4,000 tents to the valley."
    assert "cross" in credited_group(text, find_quantities(text)[0])
    # so the bare crews' 4,000 is no share of the 9,000 below: the two figures are compared
    assert comparisons("Over the weekend, crews delivered 4,000 tents to the valley.", MAY_2,
                       "By Sunday the army had delivered 9,000 tents to the valley.", MAY_3) != []


def test_the_fifth_round_backfill_adds_what_older_databases_left_out(memory_store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.suggestion_index import index_fifth_round_counts

    text = "Aid reached the port city of 90,000, where 12 vessels unloaded and 300 refugees waited."
    ingest_articles(memory_store, [Article(id="a", text=text, origin="t")])
    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = memory_store.db.execute(rows).fetchall()
    assert {("population", 1), ("ship", 1), ("people:displaced", 1)} <= set(ingested)
    memory_store.db.execute("DELETE FROM sentence_counts")  # as before m019
    index_fifth_round_counts(memory_store.db.conn)
    index_fifth_round_counts(memory_store.db.conn)  # twice: nothing is added again
    assert memory_store.db.execute(rows).fetchall() == ingested
