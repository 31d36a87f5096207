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


def test_a_span_of_days_in_one_month_is_read_whole():
    from annotator.time_frames import frame_at

    for text in ("From March 3-6, ferries carried 2,000 passengers.", "From 3-6 March, ferries carried 2,000 passengers.",
                 "On March 3 to 6, ferries carried 2,000 passengers."):
        frame = frame_at(text, text.index("2,000"), MAY_2)
        assert (frame.start, frame.end) == (date(2031, 3, 3), date(2031, 3, 6)), text
    text = "On March 3 to 2,000 passengers, the ferry was late."  # a figure, not the last day
    assert frame_at(text, text.index("2,000"), MAY_2).end == date(2031, 3, 3)


def test_a_time_opening_the_sentence_holds_for_all_of_it():
    from annotator.time_frames import frame_at

    text = ("By Tuesday morning, volunteers from the regional river authority and two church groups had handed out "
            "about 9,000 blankets in the valley.")
    assert frame_at(text, text.index("9,000"), MAY_2).start == date(2031, 4, 29)  # the Tuesday before 2 May
    text = ("Volunteers from the regional river authority said on Tuesday that two church groups, the army and the "
            "fire brigades of three districts had already handed out about 9,000 blankets in the valley.")  # not opening the sentence: too far to govern the figure
    assert frame_at(text, text.index("9,000"), MAY_2).start == MAY_2


def test_a_time_named_in_the_sentence_before_times_an_anaphora(memory_store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.suggest import suggest

    ingest_articles(memory_store, [
        Article(id="a", origin="t", published="2031-03-09", text=(
            "From March 3-6, relief flights landed at the island's airstrip. In those four days, crews delivered more than "
            "50 tonnes of food to the villages. Flights continue.")),
        Article(id="b", origin="t", published="2031-03-09", text=(
            "By March 6, crews had delivered about 400 tonnes of food to the villages.")),
    ])
    [top] = suggest(memory_store, memory_store.sentence_at("a", 1), k=1)
    assert top.sentence.source_id == "b" and top.kind == "conflict" and top.confident_conflict
    assert top.comparisons[0].claim_frame.label() == "In those four days (March 3-6)"
    [top] = suggest(memory_store, memory_store.sentence_at("b", 0), k=1)  # and from the other side
    assert top.sentence.source_id == "a" and top.confident_conflict


def test_the_sentence_before_is_read_only_for_an_anaphora(memory_store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.suggest import suggest

    ingest_articles(memory_store, [
        Article(id="a", origin="t", published="2031-03-09", text=(
            "From March 3-6, relief flights landed. In those four days, crews delivered 50 tonnes of food. On Sunday, "
            "crews delivered 70 tonnes of food.")),
        Article(id="b", origin="t", published="2031-03-09", text="By March 6, crews had delivered 400 tonnes of food."),
    ])
    statements = []
    memory_store.db.conn.set_trace_callback(statements.append)
    suggest(memory_store, memory_store.sentence_at("a", 2), k=3)  # names its own day: nothing read before any sentence
    assert not [s for s in statements if "idx < " in s]
    suggest(memory_store, memory_store.sentence_at("a", 1), k=3)
    assert len([s for s in statements if "idx < " in s]) == 1


def test_from_a_place_after_moving_people_is_where_they_came_from():
    from annotator.count_shares import named_place
    from annotator.numbers import find_quantities

    def place(text: str) -> str:
        return named_place(text, find_quantities(text)[0])

    assert place("Helicopters evacuated more than 300 evacuees from the Brill valley.") == ""
    assert place("About 2,000 villagers fled from Carrow overnight.") == ""
    assert place("Officials reported five deaths from Tibet.") == "tibet"  # a count for a place still is one
    assert place("At least 34 people were killed in India.") == "india"
    # so the evacuees are compared with the whole count of the displaced helped out of the area the same day
    assert comparisons("Helicopters evacuated more than 300 evacuees from the Brill valley on Monday.", MAY_2,
                       "On Monday, 2,500 displaced people were helped out of the valley.", MAY_2) == [("conflict", True)]


def test_as_high_as_is_an_upper_bound_and_a_tolls_verb_reaches_the_toll():
    from annotator.counted import counted_keys
    from annotator.numbers import find_quantities

    [bound] = find_quantities("Losses could run as high as $40 million.")
    assert (bound.hedge, bound.hedge_text) == ("below", "as high as")
    # what a toll (a tally, a count) named before reaches is what the toll counts, however far back it was named
    assert counted_keys("Officials say the death toll in the northern districts that the floods cut off last week could reach "
                        "as high as 3,000.") == ({"people:dead"},)
    assert counted_keys("The tally of the injured across the northern valleys rose to 450.") == ({"people:injured"},)
    assert counted_keys("The flood reached as high as 3 meters.") != ({"people:dead"},)
