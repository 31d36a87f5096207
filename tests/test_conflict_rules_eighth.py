"""The fact-checker's rules added for the eighth round of issue 12 (tohoku-2011's misses, tuned on): one test each, on
sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare

MAY_2 = date(2031, 5, 2)
MAY_9 = date(2031, 5, 9)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None, **options):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published, **options)]


def test_a_magnitude_given_to_a_tenth_holds_only_its_rounding():
    from annotator.figure_values import interval
    from annotator.numbers import find_quantities

    # 6.0 holds 5.95 up to 6.05, not with it: 5.9 and 6.0 are two estimates, not one figure that both round to 5.95
    low, high = interval(find_quantities("a 6.0-magnitude quake")[0])
    assert (low, round(high, 4)) == (5.95, 6.05) and high < 6.05
    assert comparisons("A 6.0-magnitude quake struck the islands.", MAY_9,
                       "A 5.9 magnitude quake struck the islands.", MAY_2) == [("conflict", True)]
    assert comparisons("A magnitude 4.1 quake shook the valley.", MAY_2,
                       "A magnitude 4.2 quake shook the valley.", MAY_2) == [("conflict", True)]
    assert comparisons("A 6.0-magnitude quake struck the islands.", MAY_9,
                       "A magnitude 6.0 quake struck the islands.", MAY_2) == [("match", False)]


def test_a_whole_magnitude_beside_the_same_one_given_to_a_tenth_is_that_figure():
    from annotator.figure_values import tenths_given

    story = ["A 6.0-magnitude quake struck the islands on Sunday.", "Aid flights resumed on Monday."]
    assert tenths_given(story) == frozenset({6.0})
    whole = "Shelters filled after Sunday's 6-magnitude quake."
    rival = "A 5.9 magnitude quake struck the islands."
    assert comparisons(whole, MAY_9, rival, MAY_2, tenths=tenths_given(story)) == [("conflict", True)]
    assert comparisons(rival, MAY_2, whole, MAY_9, tenths=tenths_given(story)) == [("conflict", True)]
    assert comparisons(whole, MAY_9, "A 6.0-magnitude quake hit.", MAY_2, tenths=tenths_given(story)) == [
        ("match", False)]
    # with no 6.0 in the story a whole figure keeps its rounding, and a figure further off is what a reporter rounds
    assert comparisons(whole, MAY_9, rival, MAY_2) == [("match", False)]
    assert comparisons(whole, MAY_9, "A 6.4 magnitude quake struck the islands.", MAY_2,
                       tenths=tenths_given(story)) == [("match", False)]


def test_suggest_reads_a_whole_magnitude_as_the_tenth_the_other_sources_give(memory_store):
    from annotator.suggest import suggest
    from tests.test_conflict_rules import _store

    store = _store(memory_store, {
        "whole": "Shelters on Varno island filled after Sunday's 6-magnitude earthquake.",
        "tenth": "A 6.0-magnitude earthquake struck Varno island on Sunday, the observatory said.",
        "rival": "A 5.9 magnitude earthquake struck Varno island on Sunday, the survey said.",
    })
    ranked = {s.sentence.source_id: s for s in suggest(store, store.sentence_at("whole", 0), k=5)}
    assert ranked["rival"].kind == "conflict" and ranked["tenth"].kind == "match"


def test_one_figure_in_a_volume_and_a_weight_of_one_thing_is_a_conflict():
    from annotator.counted import counted_quantities

    gallons = "The cutter brought 86,000 gallons of fuel and 2,300 pounds of rice to the port."
    pounds = "Deliveries so far include 86,000 pounds of fuel and 2,300 pounds of rice."
    # each measure is keyed by what it measures, not by its unit word: the fuel's pounds are not the rice's
    assert [keys for _, keys in counted_quantities(pounds)] == [frozenset({"fuel"}), frozenset({"rice"})]
    assert sorted(comparisons(gallons, MAY_2, pounds, MAY_9)) == [("conflict", True), ("match", False)]
    assert sorted(comparisons(pounds, MAY_9, gallons, MAY_2)) == [("conflict", True), ("match", False)]
    # other figures in a volume and a weight are not compared: no density is known
    assert comparisons("The cutter brought 86,000 gallons of fuel.", MAY_2,
                       "The cutter brought 50,000 pounds of fuel.", MAY_9) == []


def test_a_weight_in_pounds_is_compared_with_one_in_tons():
    from annotator.counted import counted_quantities

    pounds = "In all, 661,000 pounds of relief items have been flown in."
    [(quantity, keys)] = counted_quantities(pounds)
    assert (quantity.unit, pounds[quantity.start : quantity.end], keys) == ("lb", "661,000 pounds", frozenset({"suppli"}))
    # 661,000 pounds is about 300 tons: the same weight of supplies
    assert comparisons(pounds, MAY_2, "Some 300 tons of relief supplies have been flown in.", MAY_2) == [
        ("match", False)]
    assert comparisons(pounds, MAY_2, "Some 450 tons of relief supplies have been flown in.", MAY_9) == [
        ("update", False)]
    # "pounds" that is money, not "pounds of" something, stays a bare figure
    assert counted_quantities("The fund raised 40,000 pounds last year.")[0][0].unit == ""


def test_the_m022_backfill_gives_an_older_database_what_ingest_gives_a_new_one(tmp_path):
    import sqlite3

    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store
    from tests.boundary_helpers import check_derived

    path = tmp_path / "story.db"
    texts = {"a": "The cutter brought 86,000 gallons of fuel and 2,300 pounds of rice. 40 boats waited.",
             "b": "In all, 661,000 pounds of relief items have been flown in. Some 300 tons of supplies came by sea."}
    with Store(path) as store:
        ingest_articles(store, [Article(id=key, text=text, origin="test") for key, text in texts.items()])
        check_derived(store)
    conn = sqlite3.connect(path)
    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = conn.execute(rows).fetchall()
    with conn:  # as a database of schema m020 holds it: the measures keyed by their unit words
        conn.execute("UPDATE sentence_counts SET counted = 'gallon' WHERE counted = 'fuel'")
        conn.execute("UPDATE sentence_counts SET counted = 'pound' WHERE counted IN ('rice', 'suppli') AND sentence_id < 3")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm022_measure_counts'")
    assert conn.execute(rows).fetchall() != ingested
    conn.close()
    with Store(path) as store:
        check_derived(store)
        assert store.db.execute(rows).fetchall() == ingested


def test_two_figures_of_a_force_stationed_in_a_country_conflict_whatever_their_days():
    from annotator.figures_apart import standing

    has = "Britain has about 9,000 military personnel in Cyprus, a spokesman said."
    stationed = "With nearly 6,500 U.K. troops stationed in Cyprus, the relief began at once."
    assert comparisons(has, MAY_2, stationed, MAY_9) == [("conflict", True)]
    assert comparisons(stationed, MAY_9, has, MAY_2) == [("conflict", True)]
    # troops sent to an event are a running count: an update, as before
    sent = "By Friday, some 9,000 British troops were helping in the flooded towns."
    assert not standing(sent, __import__("annotator.numbers").numbers.find_quantities(sent)[0])
    assert comparisons(sent, MAY_2, "By Friday, 6,500 British troops were helping in the flooded towns.", MAY_9) == [
        ("update", False)]


def test_a_weight_naming_no_thing_is_compared_with_a_weight_of_supplies():
    # "totaled more than 2 million pounds." names no thing after the figure: it was keyed "pound", the other "supplies"
    totaled = "The aid the ferries carried to the islands totaled more than 2 million pounds."
    supplies = "The ferries have delivered almost 1.5 million pounds of supplies to the islands."
    assert comparisons(supplies, MAY_2, totaled, MAY_9) == [("update", False)]
    # a volume naming no thing stays apart: it is most often a flow's conversion ("5,000 barrels (210,000 gallons)")
    assert comparisons("The pumps moved 40,000 gallons of water.", MAY_2,
                       "The leak reached 900 barrels (37,800 gallons) a day.", MAY_9) == []
