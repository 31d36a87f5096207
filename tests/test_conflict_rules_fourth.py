"""The fact-checker's rules added for the fourth round of issue 12 (the gulf-2010 misses, read once that story was no
longer held out): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.articles import Article
from annotator.comparison import compare
from annotator.counted import counted_keys
from annotator.event_phases import event_phase
from annotator.ingest import ingest_articles
from annotator.numbers import find_quantities
from annotator.sentence_features import features
from annotator.suggestion_index import index_force_counts
from annotator.suggestion_scoring import claim_side
from annotator.time_frames import frame_at

MARCH_3 = date(2031, 3, 3)
MARCH_6 = date(2031, 3, 6)
MARCH_30 = date(2031, 3, 30)
JUNE_9 = date(2031, 6, 9)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None, first_report: date | None = None):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published, first_report)]


def phase_of(text: str, figure: str) -> str:
    quantity = next(q for q in find_quantities(text) if q.text == figure)
    return event_phase(text, quantity)[0]


def test_a_phase_of_the_event_is_read_near_the_figure():
    assert phase_of("Engineers now say that, at the beginning of the leak, 9,000 liters an hour escaped.", "9,000") == "start"
    assert phase_of("Initially, 400 homes lost power.", "400") == "start"
    assert phase_of("In the first days of the outbreak, 70 patients a day were admitted.", "70") == "start"
    assert phase_of("In its first week, the clinic saw 700 patients.", "700") == "start"
    assert phase_of("At its peak the fire covered 3,000 hectares.", "3,000") == "peak"
    assert phase_of("At the end of the day, 300 people were sheltering.", "300") == ""  # an idiom, a calendar's end
    assert phase_of("About 300 people were sheltering at the end of the flood.", "300") == "end"
    # a calendar's phase is a date, not the event's; a turn to another time or another figure stops the phase
    assert phase_of("At the beginning of the year, 400 homes lost power.", "400") == ""
    assert phase_of("Officials initially said 20 people died, but the toll later rose to 35.", "35") == ""
    assert phase_of("Officials initially said 20 people died, but the toll later rose to 35.", "20") == "start"
    assert phase_of("At first light 40 boats set out.", "40") == ""


def test_two_figures_for_the_start_of_the_event_conflict_whatever_their_dates():
    start = "Engineers now say that, at the beginning of the leak, 9,000 liters an hour escaped from the pipe."
    also_start = "Initially about 2,000 liters an hour escaped from the pipe, the operator said."
    # published months apart, both for the start: rivals, not a story moving on
    assert comparisons(start, JUNE_9, also_start, MARCH_3) == [("conflict", True)]
    # at the start and at the peak: two times
    peak = "At its peak, 14,000 liters an hour escaped from the pipe."
    assert comparisons(start, JUNE_9, peak, JUNE_9) == [("update", False)]


def test_a_figure_for_the_start_beside_one_reported_at_the_start():
    start = "Engineers now say that, at the beginning of the leak, 9,000 liters an hour escaped from the pipe."
    early = "The operator estimates that 2,000 liters an hour are escaping from the pipe."
    # reported in the event's first days (within START_DAYS of its first report): a conflict, either side first
    assert comparisons(start, JUNE_9, early, MARCH_6, first_report=MARCH_3) == [("conflict", True)]
    assert comparisons(early, MARCH_6, start, JUNE_9, first_report=MARCH_3) == [("conflict", True)]
    # reported weeks in, or with no first report known: the start came before it, an update
    assert comparisons(start, JUNE_9, early, MARCH_30, first_report=MARCH_3) == [("update", False)]
    assert comparisons(start, JUNE_9, early, MARCH_6) == [("update", False)]
    # without a phase, the dates decide as before
    later = "The operator estimates that 9,000 liters an hour are escaping from the pipe."
    assert comparisons(later, JUNE_9, early, MARCH_6, first_report=MARCH_3) == [("update", False)]


def test_a_phase_update_shows_the_start_first():
    start = "Engineers now say that, at the beginning of the leak, 9,000 liters an hour escaped from the pipe."
    early = "The operator estimates that 2,000 liters an hour are escaping from the pipe."
    (found,) = compare(early, MARCH_30, start, JUNE_9, MARCH_3)
    assert found.describe().startswith("update: 9,000 liters (at the beginning) → 2,000 liters (published 2031-03-30)")
    (found,) = compare(early, MARCH_6, start, JUNE_9, MARCH_3)
    assert found.describe() == "possible conflict: 2,000 liters (published 2031-03-06) vs 9,000 liters (at the beginning)"


def test_a_rate_and_an_amount_gathered_are_two_things():
    rate = "The damaged well was leaking 3,000 barrels of oil a day."
    assert comparisons(rate, MARCH_6, "About 40 barrels of oil from the damaged well were burned on Sunday.", MARCH_6) == []
    assert comparisons(rate, MARCH_6, "Crews have recovered 1,200 barrels of oil from the damaged well.", MARCH_6) == []
    # a figure that is neither (a rate whose "a day" the writer left out) is still compared, and so is another rate
    leaking = "About 9,000 barrels of oil were leaking from the damaged well for weeks."
    assert [kind for kind, _ in comparisons(rate, MARCH_6, leaking, MARCH_6)] == ["conflict"]
    assert [kind for kind, _ in comparisons(rate, MARCH_6, "The damaged well leaks 9,000 barrels of oil per day.",
                                            MARCH_6)] == ["conflict"]


def test_a_label_number_is_not_a_count():
    assert counted_keys("The state put 900 guardsmen on Title 32 status.") == (frozenset({"troop"}), frozenset())
    assert counted_keys("The firm filed for Chapter 11 protection.") == (frozenset(),)
    assert counted_keys("Officials raised the alert to Level 4 on Monday.") == (frozenset(),)
    assert counted_keys("A category 3 storm is due.") == (frozenset(),)
    # two sentences with the same label are not "same figure" evidence, and the counts beside it still clash
    a = "The state put 900 guardsmen on Title 32 status."
    b = "Now 1,500 guardsmen are on Title 32 status."
    assert [c.kind for c in compare(a, MARCH_3, b, MARCH_30)] == ["update"]
    side = claim_side(features(a), a)
    assert [q.text for q in side.matchable] == ["900"]


def test_the_people_words_of_one_force_are_its_troops():
    for sentence in ("About 1,200 Guardsmen were on duty.", "More than 1,400 Guard members were on duty.",
                     "Nearly 600 National Guard troops were on duty.", "Some 300 airmen were on duty.",
                     "About 40 Marines were on duty.", "Nearly 90 Navy personnel were on duty."):
        assert counted_keys(sentence) == (frozenset({"troop"}),), sentence
    assert [c.kind for c in compare("About 1,200 Guardsmen were on duty in the state.", MARCH_3,
                                    "More than 1,400 Guard members were on duty in the state.", MARCH_30)] == ["update"]


def test_a_crew_counted_one_by_one_is_people_and_a_verb_is_not_what_is_counted():
    assert counted_keys("The search for 11 missing crewmembers was called off.") == (frozenset({"people:missing"}),)
    assert counted_keys("Officials said 11 remain unaccounted for.") == (frozenset({"people:missing"}),)
    assert counted_keys("Two crewmen were hurt in the fire.") == (frozenset({"people:injured"}),)
    assert counted_keys("About 20 remain in hospital.") == (frozenset(),)


def test_the_force_backfill_adds_what_older_databases_left_out(memory_store):
    text = "About 1,200 Guardsmen and 11 missing crewmembers were counted."
    ingest_articles(memory_store, [Article(id="a", text=text, origin="t")])
    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = memory_store.db.execute(rows).fetchall()
    assert ("troop", 1) in ingested and ("people:missing", 1) in ingested
    memory_store.db.execute("DELETE FROM sentence_counts")  # as before m018
    index_force_counts(memory_store.db.conn)
    index_force_counts(memory_store.db.conn)  # twice: nothing is added again
    assert memory_store.db.execute(rows).fetchall() == ingested


def test_a_time_far_from_a_figure_is_another_clauses():
    text = ("Nearly 600 guardsmen were called to duty to support the mission, with more to come as needed, under the"
            " approval the governor won for the state's request last week.")
    assert frame_at(text, text.index("600"), MARCH_6).explicit is False  # the published day, not "last week"
    near = "Last week 600 guardsmen were called to duty."
    assert frame_at(near, near.index("600"), MARCH_6).text == "Last week"


def test_a_figure_for_a_day_beside_a_report_of_that_day_is_a_confident_conflict():
    dated = "By this morning, over 1,800 guardsmen had been called to duty in the state."
    undated = "Nearly 600 guardsmen have been called to duty in the state."
    assert comparisons(undated, MARCH_6, dated, MARCH_6) == [("conflict", True)]
    # a report of another day is an update, and two undated reports of one day stay unsure
    assert comparisons(undated, MARCH_3, dated, MARCH_6) == [("update", False)]
    assert comparisons(undated, MARCH_6, "Over 1,800 guardsmen had been called to duty in the state.", MARCH_6) == [
        ("conflict", False)]


def test_figures_of_different_stages_of_a_flow_do_not_agree():
    a = "Over 100,000 liters of fuel have been delivered to the island."
    b = "An additional 119,000 liters of fuel for the island are available."
    assert compare(a, MARCH_6, b, MARCH_6) == []
    assert [c.kind for c in compare(a, MARCH_6, "Over 110,000 liters of fuel have been delivered to the island.",
                                    MARCH_6)] == ["match"]


def test_two_counts_of_staff_naming_no_group_are_of_the_whole_response():
    early = "More than 1,000 personnel are involved in the cleanup on land and at sea."
    later = "More than 20,000 personnel are currently at work along the coast."
    assert [c.kind for c in compare(early, MARCH_3, later, JUNE_9)] == ["update"]
    # a group named on one side only is still told apart by what is around the two figures
    assert compare("About 300 Red Cross staff are helping families in the city.", MARCH_3, later, JUNE_9) == []


def test_a_figure_restated_in_parentheses_has_the_words_around_the_first():
    claim = "So far, crews have skimmed 2,100 barrels (88,200 gallons) of an oily slurry."
    later = "About 9 million gallons of an oily slurry have been skimmed."
    assert [(c.claim.text, c.kind) for c in compare(claim, MARCH_6, later, JUNE_9)] == [("88,200", "update")]


def test_the_end_of_the_week_month_or_year_is_a_day():
    thursday = date(2031, 3, 6)
    text = "By the end of the week, 900 homes had power again."
    frame = frame_at(text, text.index("900"), thursday)
    assert (frame.start, frame.end, frame.explicit) == (date(2031, 3, 9), date(2031, 3, 9), True)
    text = "About 900 homes will have power by the end of this month."
    assert frame_at(text, text.index("900"), thursday).start == date(2031, 3, 31)
