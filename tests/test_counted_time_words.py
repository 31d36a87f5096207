"""A word that says when a figure holds is never what it counts (issue 12's tail: "in early trading" made every share
sentence count the same thing, and every one was compared)."""

from __future__ import annotations

from annotator.counted import counted_keys


def test_a_time_after_a_price_is_not_what_it_buys():
    assert counted_keys("Shares of Globex jumped 8.14 percent to $356.76 in early trading.")[1] == frozenset({"$"})
    assert counted_keys("Oil fell to $71.20 in late trading on Monday.")[0] == frozenset({"$"})
    assert counted_keys("Exports reached $5 million in March.")[0] == frozenset({"$"})


def test_a_clock_time_counts_nothing():
    assert counted_keys("The vote is scheduled for 10 a.m. ET on Wednesday, officials said.") == (frozenset(),)
    assert counted_keys("The hearing ended shortly after 5 pm at the courthouse.") == (frozenset(),)
    assert counted_keys("The meeting at 10 a.m. drew 300 people.")[1] == frozenset({"people"})


def test_a_day_before_a_bare_count_is_not_what_it_counts():
    assert "tuesday" not in counted_keys("Shipments rose Tuesday to 310.")[0]


def test_a_thing_with_a_time_word_before_it_is_still_counted():
    assert counted_keys("About 300 early voters queued outside.")[0] == frozenset({"voter"})
    assert counted_keys("It sent 6,700 containers in February.")[0] == frozenset({"contain"})
    assert counted_keys("Rescuers worked for 10 days.")[0] == frozenset({"day"})  # how long is still a count


def test_share_prices_of_two_companies_in_early_trading_are_not_compared(memory_store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.suggest import suggest

    texts = {"a": "Shares of Globex Ltd. jumped 8.14 percent to $356.76 in early trading.",
             "b": "Shares of Initech LLC fell 5.15 percent to $273.70 in early trading.",
             "c": "Shares of Initech LLC fell 2.10 percent to $270.10 in early trading, ending a week of gains."}
    ingest_articles(memory_store, [Article(id=i, text=t, origin="test") for i, t in texts.items()])
    claim = memory_store.sentence_at("a", 0)
    found = suggest(memory_store, claim)
    assert {s.sentence.source_id for s in found} == {"b", "c"}  # still found by their words
    assert [s.comparisons for s in found] == [(), ()]  # no price "in early trading" is another's rival
