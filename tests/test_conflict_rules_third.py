"""The fact-checker's rules added for the third round of issue 12 (the nepal-2015 misses read one by one): one test
each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.articles import Article
from annotator.comparison import compare
from annotator.count_groups import credited_group
from annotator.counted import counted_keys
from annotator.hedges import round_cover, rounded_forms
from annotator.ingest import ingest_articles
from annotator.measures import DISTANCE_KEY, bearing, in_unit
from annotator.numbers import find_quantities
from annotator.suggest import suggest
from annotator.suggestion_index import index_distance_counts
from annotator.time_frames import frame_at

MAY_2 = date(2031, 5, 2)
MAY_4 = date(2031, 5, 4)


def kinds(a: str, b: str, a_published: date | None = MAY_2, b_published: date | None = MAY_2) -> list[str]:
    return [c.kind for c in compare(a, a_published, b, b_published)]


def test_an_earlier_lower_bound_still_true_of_a_later_figure_agrees():
    bound = "The floods have killed more than 900 people, officials said."
    assert kinds(bound, "The floods have killed 1,240 people, officials said.", MAY_2, MAY_4) == ["match"]
    assert kinds("The floods have killed 1,240 people, officials said.", bound, MAY_4, MAY_2) == ["match"]  # either side
    assert kinds(bound, "More than 1,100 people have died in the floods.", MAY_2, MAY_4) == ["match"]
    # past twice the bound, months later, or a count that says it grew: the story moved on
    assert kinds(bound, "The floods have killed 2,100 people, officials said.", MAY_2, MAY_4) == ["update"]
    assert kinds(bound, "The floods killed 1,240 people.", MAY_2, date(2031, 8, 30)) == ["update"]
    grew = "Two more crews arrived from the U.S., bringing the total number of volunteers to 1,240."
    assert kinds("More than 900 volunteers had arrived, officials said.", grew, MAY_2, MAY_4) == ["update"]
    assert kinds("More than 900 volunteers had arrived, officials said.", "There are 1,240 volunteers in the city.",
                 MAY_2, MAY_4) == ["match"]
    # an earlier exact figure below a later one is an update, as before
    assert kinds("The floods have killed 900 people, officials said.", "The floods have killed 1,240 people.",
                 MAY_2, MAY_4) == ["update"]


def test_a_round_figure_covers_what_rounds_to_it():
    assert round(round_cover(62_000_000)) == 500_000 and round(round_cover(2_500)) == 50  # half the last non-zero digit's place
    assert round_cover(10_000) == 250  # at most ROUND_SHARE: "10,000" is not 5,000 to 15,000
    assert round_cover(62_046_289) == 0 and round_cover(80) == 0 and round_cover(2_500.5) == 0
    assert rounded_forms(4_030_117) == [4_000_000, 4_030_000, 4_030_100, 4_030_120]
    assert rounded_forms(4_000_000) == []  # already round
    fund = "The fund paid out $4,030,117 in grants to farmers."
    assert kinds("The fund paid out $4 million in grants to farmers.", fund) == ["match"]
    assert kinds("The fund paid out $4.5 million in grants to farmers.", fund) == ["conflict"]
    assert kinds("Storms destroyed 2,500 homes.", "Storms destroyed 2,489 homes.") == ["match"]
    assert kinds("Storms destroyed nearly 2,500 homes.", "Storms destroyed 2,489 homes.") == ["match"]
    assert kinds("Storms destroyed 2,500 homes.", "Storms destroyed 2,600 homes.") == ["conflict"]
    assert kinds("Storms destroyed about 2,500 homes.", "Storms destroyed 2,600 homes.") == ["match"]  # "about" widens
    assert kinds("Storms destroyed 10,000 homes.", "Storms destroyed 11,000 homes.") == ["conflict"]


def test_a_round_figure_and_the_exact_one_are_the_same_number_even_for_different_words():
    [exact] = find_quantities("TOTAL $4,030,117")
    [rounded] = find_quantities("We gave $4 million in humanitarian assistance.")
    assert rounded.matches(exact) and exact.matches(rounded)
    [other] = find_quantities("We gave $4.1 million in humanitarian assistance.")
    assert not other.matches(exact)
    [year], [later] = find_quantities("It was built in 2015."), find_quantities("It was built in 2020.")
    assert not year.matches(later) and not later.matches(year)  # a year is never rounded


def test_a_round_figure_finds_the_exact_one_by_value_and_the_exact_one_the_round(memory_store):
    ingest_articles(memory_store, [
        Article(id="speech", text="We contributed $4 million in humanitarian assistance during the response.", origin="t"),
        Article(id="sheet", text="Funding to date.\n\nTOTAL $4,030,117", origin="t"),
        Article(id="noise", text="The museum reopened in spring after repairs to its roof.", origin="t")])
    speech, sheet = memory_store.sentence_at("speech", 0), memory_store.sentence_at("sheet", 1)
    assert [s.sentence.id for s in suggest(memory_store, speech, k=3)][:1] == [sheet.id]
    assert [s.sentence.id for s in suggest(memory_store, sheet, k=3)][:1] == [speech.id]


def test_a_distance_in_miles_is_compared_in_kilometres_along_its_bearing():
    claim = "The epicentre was about 40 kilometers east of the capital, Valdora."
    assert counted_keys(claim)[0] == frozenset({DISTANCE_KEY})  # how far from a place, not "east"
    assert [c.describe() for c in compare(claim, MAY_2, "It struck 25 miles northeast of Valdora, the agency said.", MAY_2)] == [
        "same figure: about 40 kilometers east = 25 miles northeast"]  # 25 miles is 40.2 km; a point apart may be one spot
    assert kinds(claim, "It struck 60 miles east of Valdora, the agency said.") == ["conflict"]  # 96.6 km
    assert kinds(claim, "It struck 40 kilometers northwest of Valdora, the agency said.") == []  # another spot
    assert kinds(claim, "The convoy drove 25 miles north of Valdora on Friday.") == []  # north is two points from east
    assert in_unit(find_quantities("a 3 tonne load")[0], "kg").low == 3000  # the same table for weights
    assert bearing("Valdora lies 40 km eastbound.", find_quantities("Valdora lies 40 km eastbound.")[0]) is None


def test_the_distance_backfill_adds_what_older_databases_left_out(memory_store):
    ingest_articles(memory_store, [Article(id="a", text="It struck 25 miles northeast of Valdora.", origin="t")])
    rows = "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2"
    ingested = memory_store.db.execute(rows).fetchall()
    assert (DISTANCE_KEY, 1) in ingested
    memory_store.db.execute("DELETE FROM sentence_counts WHERE counted = ?", [DISTANCE_KEY])  # as before m017
    index_distance_counts(memory_store.db.conn)
    index_distance_counts(memory_store.db.conn)  # twice: nothing is added again
    assert memory_store.db.execute(rows).fetchall() == ingested


def test_a_vague_amount_after_and_is_another_figure_not_what_the_first_counts():
    keys = counted_keys("The storm left about 300 injured and hundreds more still missing.")
    assert keys == (frozenset({"people:injured"}), frozenset({"people:missing"}))
    assert kinds("The storm left about 300 injured and hundreds more missing.",
                 "The storm killed more than 250 people and thousands more were displaced.") == []  # injured, dead


def test_a_vague_amount_is_no_equal_value():
    [exact] = find_quantities("The storm killed 2,500 people.")
    [vague] = find_quantities("Thousands of people are without water.")
    assert not exact.matches(vague) and not vague.matches(exact)


def test_an_as_of_date_governs_the_figures_after_it_not_the_event_s_own_date():
    report = ("As of June 9, officials said the landslide that buried the village on June 6 had killed nearly 90 "
              "people.")
    frame = frame_at(report, report.index("90"), date(2031, 6, 10))
    assert (frame.start, frame.text) == (date(2031, 6, 9), "As of June 9")
    early = "More than 30 people were killed in the landslide, officials said."
    assert kinds(early, report, date(2031, 6, 6), date(2031, 6, 10)) == ["update"]  # was a conflict, both "June 6"
    plain = "The landslide on June 6 killed nearly 90 people."
    assert frame_at(plain, plain.index("90"), date(2031, 6, 10)).text == "on June 6"  # no cut-off: the nearest date, as before


def test_a_group_named_after_in_tandem_with_is_a_partner_not_the_one_credited():
    joint = "To date, Task Group 7 in tandem with the Green Crescent relief agency has delivered about 40 tons of food."
    [_, tons] = find_quantities(joint)
    assert credited_group(joint, tons) == frozenset()  # the task group (no worker noun) did it, with the agency
    alone = "To date, the Green Crescent relief agency has delivered about 40 tons of food."
    assert credited_group(alone, find_quantities(alone)[0]) != frozenset()  # the agency alone is credited, as before
    later = "During the operation, Task Force 7 delivered about 95 tons of food in all."
    assert kinds(joint, later, MAY_2, date(2031, 5, 20)) == ["update"]  # one operation's deliveries, counted again later
    assert kinds(alone, later, MAY_2, date(2031, 5, 20)) == []  # two groups' shares


def test_counts_of_one_force_s_troops_need_no_shared_word_around_them():
    early = "Before the storm, 40 U.S. military personnel and two aircraft were already at the base for an exercise."
    later = "About 350 U.S. service members are now on the ground helping with the recovery, a spokesman said."
    assert kinds(early, later, MAY_2, date(2031, 5, 9)) == ["update"]
    assert kinds("Some 2,000 Canadian troops arrived in the city.", "About 900 U.S. troops arrived in the city.") == []
    assert kinds("Some 2,000 Canadian troops arrived in the city.", "Some 1,500 Canadian troops arrived in the city.") == [
        "conflict"]


def test_a_count_right_after_a_verb_of_killing_counts_the_dead():
    assert counted_keys("A rockfall hit the trail, killing 12 hikers.")[0] == frozenset({"hiker", "people:dead"})
    assert counted_keys("The rockfall killed at least 12 hikers.")[0] == frozenset({"hiker", "people:dead"})
    assert counted_keys("Rangers guided 12 hikers down the trail.")[0] == frozenset({"hiker"})  # no killing: hikers
    assert kinds("A rockfall hit the trail, killing 12 hikers.", "The rockfall on the trail killed at least 15 people.",
                 MAY_2, date(2031, 5, 5)) == ["update"]


def test_a_count_of_staff_that_names_no_group_is_compared_by_what_is_around_it():
    early = "So far the task force has flown 12 missions and transported 140 personnel to the valley."
    later = "In all, the task force transported 380 relief personnel and flew 40 missions."
    assert "update" in kinds(early, later, MAY_2, date(2031, 5, 20))
    assert kinds("The team grew to 15 members on Friday.", "About 300 USAR personnel arrived on Friday.") == []  # two groups


def test_the_shortlist_takes_each_source_s_best_count_before_any_source_s_second():
    from annotator.store import Sentence
    from annotator.suggest import _one_per_source

    ranked = [Sentence(i, source, 1, i, 0, 1, "x") for i, source in enumerate("aaabacd")]
    assert [c.id for c in _one_per_source(ranked, limit=5)] == [0, 3, 5, 6, 1]  # a, b, c, d, then a's second
    assert [c.id for c in _one_per_source(ranked, limit=2)] == [0, 3]
