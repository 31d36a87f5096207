"""Figures compared as a fact-checker would: what they count, hedges as intervals, time frames, match / conflict /
update; denials, altered quotes, and how many sources agree."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.articles import Article
from annotator.comparison import compare
from annotator.counted import counted_keys
from annotator.figure_values import interval, overlap
from annotator.hedges import hedged_interval, round_cover
from annotator.ingest import ingest_articles
from annotator.numbers import find_quantities
from annotator.suggest import suggest, suggest_report
from annotator.time_frames import frame_at, parse_published


def one(text: str):
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


def kinds(a: str, b: str, a_published: str | None = None, b_published: str | None = None) -> list[str]:
    return [c.kind for c in compare(a, parse_published(a_published), b, parse_published(b_published))]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("More than one thousand containers", 1_000, 1_000), ("a dozen tanks", 12, 12), ("11 thousand troops", 11_000, 11_000),
    ("two million rounds", 2_000_000, 2_000_000), ("Six hundred flights", 600, 600), ("dozens of drones", 24, 99),
    ("several dozen shells", 24, 120), ("tens of thousands of fatalities", 10_000, 99_999), ("several ships", 3, 9),
])
def test_number_words_and_vague_amounts(text, low, high):
    quantity = one(text)
    assert (quantity.low, quantity.high) == (low, high)


def test_days_of_months_and_clock_times_are_not_counts():
    assert find_quantities("Estimated deaths as of January 31 and 12 January, Jan. 17") == []
    assert find_quantities("As of 1700 hours local time") == []
    assert find_quantities("one of the best") == []


@pytest.mark.parametrize(("text", "hedge"), [
    ("about 7,000 shells", "about"), ("nearly 6,000 shells", "nearly"), ("more than 6 million shells", "above"),
    ("at least 10,000 containers", "above"), ("upwards of 50,000 people", "above"), ("up to 50,000 people", "below"),
    ("as many as 3 million people", "below"), ("the toll could reach 50,000", "below"), ("13,000 containers", ""),
])
def test_hedges(text, hedge):
    assert find_quantities(text)[-1].hedge == hedge


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("at least 10,000 containers", "13,000 containers", True), ("more than 6 million shells", "5 million shells", False),
    ("about 7,000 shells", "around 6,700 shells", True), ("over six thousand shells", "6,700 shells", True),
    ("a magnitude 7 earthquake", "a 7.4 earthquake", True), ("a magnitude 7.0 earthquake", "a 7.4 earthquake", False),
    ("several dozen drones", "40 drones", True), ("dozens of drones", "12 drones", False),
])
def test_intervals(a, b, agree):
    assert overlap(one(a), one(b)) is agree


@given(st.integers(1, 10**9), st.sampled_from(["", "about", "nearly", "above", "below"]))
def test_a_hedged_figure_holds_its_own_value(value, hedge):
    low, high = hedged_interval(value, value, hedge)
    assert low <= value <= high


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_overlap_is_symmetric(a, b):
    x, y = one(f"at least {a:,} containers"), one(f"{b:,} containers")
    cover = round_cover(b)  # a round figure stands for the values that round to it ("1,000,000" for 975,000 on)
    assert overlap(x, y) == overlap(y, x) == (a <= b + cover and b - cover <= 2 * a)
    assert interval(x)[1] == 2 * a


@pytest.mark.parametrize(("text", "keys"), [
    ("13,000 shipping containers were sent", {"contain"}), ("killed about 200,000 people", {"people:dead"}),
    ("rescued 22 individuals from the rubble", {"people:rescued"}), ("Estimated Deaths: 112,405", {"people:dead"}),
    ("tens of thousands of fatalities", {"people:dead"}), ("approximately 600 takeoffs and landings", {"takeoff", "land"}),
    ("Some 1,000 U.S. servicemembers", {"troop"}), ("a 72-person team", {"person-team"}),
    ("9,600 10-liter water containers", {"contain"}), ("five 35-member Disaster Medical Assistance Teams", {"team"}), ("add 2,000 troops and 1,500 more police", {"troop"}),
])
def test_what_a_figure_counts(text, keys):
    assert counted_keys(text)[0] == frozenset(keys)


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("6,700 containers in February", "2024-08-28", date(2024, 2, 1), date(2024, 2, 29)),
    ("6,700 containers in November", "2024-08-28", date(2023, 11, 1), date(2023, 11, 30)),
    ("13,000 containers since mid-2022", "2024-08-28", date(2024, 8, 28), date(2024, 8, 28)),  # a total to date
    ("13,000 containers by 15 July", "2024-08-28", date(2024, 7, 15), date(2024, 7, 15)),
    ("5 million shells last year", "2024-08-28", date(2023, 1, 1), date(2023, 12, 31)),
    ("it said on Friday that 500 had died", "2024-08-28", date(2024, 8, 23), date(2024, 8, 23)),
    ("yesterday 111,481 bodies", "2010-01-24", date(2010, 1, 23), date(2010, 1, 23)),
    ("Estimated Deaths: 112,405 (GoH – January 31).", "2010-02-02", date(2010, 1, 31), date(2010, 1, 31)),
])
def test_time_frames_resolve_against_the_published_date(text, published, start, end):
    frame = frame_at(text, 0, parse_published(published))
    assert (frame.start, frame.end, frame.explicit) == (start, end, True)


def test_the_date_of_the_event_is_not_the_date_of_the_figure():
    frame = frame_at("the death toll from Jan. 12's earthquake could reach 50,000", 40, date(2010, 1, 15))
    assert (frame.start, frame.explicit) == (date(2010, 1, 15), False)  # the published day stands in


def test_match_conflict_and_update():
    assert kinds("In October 2023, 1,000 containers were delivered.", "In February 2024, 10,000 containers were delivered.",
                 "2024-03-01", "2024-03-01") == ["update"]
    assert kinds("At least 10,000 containers were delivered.", "13,000 containers were delivered.") == ["match"]
    assert kinds("In August 2024, 6,700 containers were delivered.", "In August 2024, 13,000 containers were delivered.") == ["conflict"]
    assert kinds("6,700 containers were delivered", "13,000 containers were delivered", "2024-08-01", "2024-09-01") == ["update"]
    assert kinds("152 mm shells were delivered", "120 mm mortars were delivered") == []  # different things
    assert kinds("Dozens of drones were seen.", "500 drones were seen.") == []  # too vague to clash


def test_a_timeless_figure_conflicts_whatever_the_dates():
    [comparison] = compare("a 7.4 earthquake struck", date(2010, 1, 15), "a magnitude 7.0 earthquake struck", date(2010, 5, 25))
    assert comparison.kind == "conflict" and comparison.confident


def test_an_update_shows_both_figures_in_time_order():
    [comparison] = compare("13,000 containers were delivered by August 2024.", None,
                           "6,700 containers were delivered in February 2024.", None)
    assert comparison.describe() == ("update: 6,700 containers (in February 2024) → 13,000 containers (by August 2024)")


STORY = {
    "kcna": "In August 2024, North Korea delivered more than 13,000 containers of munitions to Russia, the ministry said.",
    "voa": "In August 2024, North Korea delivered 6,700 containers of munitions to Russia, officials told reporters.",
    "kyiv": "By February 2024, North Korea had delivered 3,000 containers, according to the defence minister.",
    "tass": "The Kremlin denied that North Korea delivered any munitions to Russia.",
    "rfa": "Officials quoted the president as saying the shipments were “an unprecedented act of friendship between our peoples”.",
    "ap": "The president called the shipments “an unprecedented act of friendship between our two nations”.",
    "afp": "The president called the shipments “an unprecedented act of friendship between our peoples” on Monday.",
}


@pytest.fixture
def story(memory_store):
    ingest_articles(memory_store, [Article(id=k, text=v, origin="test", published="2024-08-30") for k, v in STORY.items()])
    return memory_store


def test_suggestions_flag_conflict_update_denial_and_quotes(story):
    by_source = {s.sentence.source_id: s for s in suggest(story, story.sentence_at("voa", 0), k=10)}
    assert by_source["kcna"].kind == "conflict" and by_source["kcna"].confident_conflict
    assert by_source["kyiv"].kind == "update"
    assert by_source["tass"].kind == "denial" and by_source["tass"].reasons()[0] == "possible conflict: denial (“denied”)"
    quotes = {s.sentence.source_id: s for s in suggest(story, story.sentence_at("rfa", 0), k=10)}
    assert quotes["ap"].kind == "altered-quote" and quotes["ap"].reasons()[0].startswith("altered quote:")
    assert quotes["afp"].kind == "match" and quotes["afp"].quotes


def test_a_confident_conflict_is_listed_first_and_sources_are_counted(story):
    report = suggest_report(story, story.sentence_at("voa", 0), k=10)
    assert report.suggestions[0].sentence.source_id == "kcna"
    assert report.counts.as_dict()["another_figure"] == 1 and report.counts.updates == 1
    assert report.counts.describe() == "0 sources agree, 1 gives another figure, 1 a figure from another time"


def test_a_figure_is_found_by_what_it_counts_whatever_the_value(memory_store):
    ingest_articles(memory_store, [
        Article(id="a", text="Briefing on Monday: 6,700 containers went north.", origin="test"),
        Article(id="b", text="Witnesses counted 13,000 containers going north at the border crossing near Rajin.", origin="test"),
    ])
    [top] = suggest(memory_store, memory_store.sentence_at("a", 0), k=3)
    assert top.sentence.source_id == "b" and top.kind == "conflict"
    assert memory_store.db.execute("SELECT counted FROM sentence_counts ORDER BY counted LIMIT 1").fetchone()[0] == "contain"


def test_the_migration_backfill_gives_the_same_counted_index_as_ingest(story):
    from annotator.suggestion_index import index_counts

    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = story.db.execute(rows).fetchall()
    story.db.execute("DELETE FROM sentence_counts")
    index_counts(story.db.conn)
    assert story.db.execute(rows).fetchall() == ingested and ("contain", 1) in ingested


def test_the_money_backfill_adds_what_older_databases_left_out(memory_store):
    from annotator.suggestion_index import index_money_counts

    ingest_articles(memory_store, [
        Article(id="a", text="The ministry has provided $12.5 million in humanitarian assistance.", origin="test"),
        Article(id="b", text="Crews counted 4,000 containers at the port.", origin="test"),
    ])
    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = memory_store.db.execute(rows).fetchall()
    assert ("aid", 1) in ingested  # ingest indexes money by what it pays for
    memory_store.db.execute("DELETE FROM sentence_counts WHERE counted = 'aid'")  # as a database from before m016
    index_money_counts(memory_store.db.conn)
    index_money_counts(memory_store.db.conn)  # twice: nothing is added again
    assert memory_store.db.execute(rows).fetchall() == ingested
