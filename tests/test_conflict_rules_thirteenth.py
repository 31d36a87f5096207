"""The fact-checker's rules added for the thirteenth round of issue 12 (a giver's running total of aid, measured with
bench/clash_misses.py on pakistan-2010): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from examples_budget import examples
from hypothesis import given
from hypothesis import strategies as st

from annotator.comparison import compare
from annotator.counted import counted_keys
from annotator.numbers import find_quantities

JUNE_1, JUNE_3, JUNE_9 = date(2031, 6, 1), date(2031, 6, 3), date(2031, 6, 9)


def kinds(a: str, a_published: date | None, b: str, b_published: date | None) -> list[tuple[str, str, str]]:
    return [(c.kind, c.claim.text, c.other.text) for c in compare(a, a_published, b, b_published)]


def test_sums_said_to_be_aid_in_other_words_are_one_running_total():
    first = "The ministry made an initial commitment of $12 million in aid to the valley."
    later = "An official put the total contributions at about $41 million."
    assert kinds(first, JUNE_1, later, JUNE_9) == [("update", "$12 million", "$41 million")]
    relief = "The government has provided more than $90 million in immediate relief and recovery."
    assert kinds(later, JUNE_3, relief, JUNE_9) == [("update", "$41 million", "$90 million")]
    # the same total in other words, the same day: a match
    assert kinds(later, JUNE_3, "The pledges in aid so far come to $40 million.", JUNE_3) == [
        ("match", "$41 million", "$40 million")]


def test_a_sum_not_said_to_be_aid_is_no_aid_total():
    for text in ("The county paid $3 million for the bridge.", "Shares closed at $356.76 in early trading."):
        assert not any(key.startswith("money:") for keys in counted_keys(text) for key in keys)
    assert kinds("The county paid $3 million for the bridge.", JUNE_1,
                 "An official put the total contributions at about $41 million.", JUNE_9) == []


def test_a_sum_added_to_the_total_is_not_the_total():
    raised = ("“With a new pledge that I am making today of $25 million, we will be contributing more than $70 million,”"
              " the minister said.")
    before = "An official put the total contributions at about $41 million."
    # the pledge is counted apart; the total after it is later than the day's lower total: an update, not a conflict
    assert kinds(before, JUNE_3, raised, JUNE_3) == [("update", "$41 million", "$70 million")]
    assert kinds("The additional $5 million brings the aid to $17 million.", JUNE_1, before, JUNE_9) == [
        ("update", "$17 million", "$41 million")]
    assert kinds("Ministry Adds $25 Million in Flood Aid", JUNE_3, before, JUNE_3) == []
    # two increments of the same size are still one pledge
    assert kinds("Ministry Adds $25 Million in Flood Aid", JUNE_3, raised, JUNE_3)[0][0] == "match"


def test_two_undated_aid_sums_of_one_day_may_be_two_packages():
    release = "The embassy announced the immediate release of $4 million in funds to provide water and sanitation."
    package = "The government is providing $9 million in immediate humanitarian assistance to the flooded towns."
    assert kinds(release, JUNE_3, package, JUNE_3) == []
    # on different days they are still the total moving
    assert kinds(release, JUNE_1, package, JUNE_9) == [("update", "$4 million", "$9 million")]


def test_every_giver_s_total_is_another_count_than_one_giver_s():
    ours = "The government's humanitarian assistance pledged so far: up to $40,000,000"
    everyone = "Donors pledged more than the requested $2 billion for relief and reconstruction."
    assert kinds(ours, JUNE_1, everyone, JUNE_9) == []
    assert kinds(everyone, JUNE_3, "Donor countries have now pledged $2.6 billion in aid.", JUNE_9)[0][0] == "update"


def test_a_currency_sign_after_the_sum_and_a_currency_noun_are_money():
    [sum_after] = find_quantities("The government made an initial pledge of 35 million $ for humanitarian assistance.")
    assert (sum_after.unit, sum_after.low) == ("$", 35_000_000)
    assert kinds("By Sunday the president had announced an initial contribution of $50 million dollars.", JUNE_1,
                 "Humanitarian assistance pledged: up to $50,000,000", JUNE_3)[0][0] == "match"


def test_the_m024_backfill_gives_an_older_database_what_ingest_gives_a_new_one(tmp_path):
    import sqlite3

    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store
    from tests.boundary_helpers import check_derived

    path = tmp_path / "story.db"
    texts = {"a": "The ministry made an initial commitment of $12 million in aid. 40 boats waited.",
             "b": "An official put the total contributions at about $41 million. The pledge of 35 million $ came first.",
             "c": "Donors pledged 2 billion dollars in aid. The county paid $3 million for the bridge.",
             "d": "The well is leaking at a depth of 5000’."}
    with Store(path) as store:
        ingest_articles(store, [Article(id=key, text=text, origin="test") for key, text in texts.items()])
        check_derived(store)
    conn = sqlite3.connect(path)
    tables = ("SELECT value, unit, sentence_id FROM sentence_numbers ORDER BY 1, 2, 3",
              "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2")
    ingested = [conn.execute(rows).fetchall() for rows in tables]
    assert any(key == "money:$" for key, _ in ingested[1]) and any(key == "all-donors-money:$" for key, _ in ingested[1])
    with conn:  # as a database of schema m023 holds it: no aid totals, "35 million $" no sum of money
        conn.execute("DELETE FROM sentence_counts WHERE counted LIKE '%money:%'")
        conn.execute("UPDATE sentence_numbers SET unit = '' WHERE value IN (35000000, 5000)")
        conn.execute("DELETE FROM sentence_counts WHERE counted = 'm'")  # 5000’ was no length
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm024_money_totals'")
    assert [conn.execute(rows).fetchall() for rows in tables] != ingested
    conn.close()
    with Store(path) as store:
        check_derived(store)
        assert [store.db.execute(rows).fetchall() for rows in tables] == ingested


def test_a_count_of_the_dead_is_not_a_count_of_the_staff():
    dead = "An explosion aboard the rig killed 11 workers."
    staff = "More than 20,000 personnel are currently responding to protect the shoreline."
    assert kinds(dead, JUNE_1, staff, JUNE_9) == []
    # two counts of the dead workers still compare
    assert kinds(dead, JUNE_1, "The blast killed 12 workers, the company said.", JUNE_1)[0][0] == "conflict"


def test_a_count_given_in_parts_agrees_with_its_whole():
    parts = "Four Chinook helicopters and two Black Hawks are providing airlift help."
    whole = "Six Army helicopters based nearby are providing airlift help."
    assert kinds(parts, JUNE_1, whole, JUNE_3) == [("match", "Four Chinook helicopters and two", "Six")]
    assert kinds(whole, JUNE_3, parts, JUNE_1) == [("match", "Six", "Four Chinook helicopters and two")]
    # the parts alone are no rival of the whole, and another whole is still an update
    assert kinds(parts, JUNE_1, "Nine Army helicopters are providing airlift help.", JUNE_9) == [
        ("update", "Four Chinook helicopters and two", "Nine")]


def test_two_things_or_two_outcomes_are_not_summed():
    from annotator.count_sums import summed_parts
    from annotator.counted import counted_quantities

    for text in ("The navy sent 4 ships and 2 aircraft.", "The storm killed 40 people and injured 200.",
                 "The storm left 40 dead and 200 Injureds."):
        assert summed_parts(text, counted_quantities(text)) == ()
    assert "match" not in [kind for kind, _, _ in kinds("The navy sent 4 ships and 2 aircraft.", JUNE_1,
                                                          "The navy sent 6 ships.", JUNE_1)]


def test_a_small_count_of_the_very_thing_the_claim_counts_weighs_as_a_telling_one():
    from annotator.suggestion_scoring import Lookups, _comparison_weight

    [small] = compare("Six Army helicopters are providing airlift help.", JUNE_1,
                      "The six helicopters are providing airlift help, the army said.", JUNE_1)
    [large] = compare("600 Army helicopters are providing airlift help.", JUNE_1,
                      "The 600 helicopters are providing airlift help, the army said.", JUNE_1)
    assert (small.kind, large.kind) == ("match", "match") and not small.claim.telling and large.claim.telling
    keys = frozenset({"helicopt"})
    # each value given by 40 sentences, 1 of the 5 counting helicopters: as rare for this thing, so the same weight
    lookups = Lookups({6.0: 40, 600.0: 40}, {"helicopt": 5}, {}, value_ids={6.0: {1, *range(100, 139)},
                      600.0: {1, *range(200, 239)}}, key_ids={"helicopt": {1, 2, 3, 4, 5}})
    assert _comparison_weight(small, keys, lookups, 1000) == _comparison_weight(large, keys, lookups, 1000)


def test_the_phrase_shown_with_a_figure_reads_as_written():
    shown = {text: [q.phrase for q in find_quantities(text)] for text in (
        "The administration has authorized 17,500 National Guard troops from the coast states.",
        "The team counted at least 4,922 out of 10,141 people.",
        "The state will be contributing more than $150 million toward flood relief.",
        "The ministry is providing $20 Million in Immediate Humanitarian Assistance.",
        "We made a commitment of $10 million in aid.",
        "26 DOD personnel and one U.S. C-130 landed.",
        "13,000 shipping containers arrived.")}
    assert list(shown.values()) == [["17,500 National Guard troops"], ["4,922", "10,141 people"], ["$150 million"],
                                    ["$20 Million"], ["$10 million in aid"], ["26 DOD personnel"],
                                    ["13,000 shipping containers"]]
    # what the why line shows
    [update] = compare("Over 1,800 National Guard troops had been placed on duty.", JUNE_1,
                       "The administration has authorized 17,500 National Guard troops.", JUNE_9)
    assert update.describe() == ("update: Over 1,800 National Guard troops (published 2031-06-01) → "
                                 "17,500 National Guard troops (published 2031-06-09)")


def test_an_upper_bound_stays_above_half_itself():
    # "as much as 19,000 barrels" is not 1,000: a source that knew of a fraction of it would say so (as "more than")
    rate = "The flow rate could be as much as 19,000 barrels per day."
    assert "match" not in [kind for kind, _, _ in kinds("The well is leaking 1000 barrels a day.", JUNE_1, rate, JUNE_1)]
    assert kinds("The well is leaking 15,000 barrels a day.", JUNE_1, rate, JUNE_1)[0][0] == "match"


def test_a_foot_mark_after_what_a_length_measures_is_feet():
    [depth] = [q for q in find_quantities("The well is leaking at a depth of 5000’.") if q.low == 5000]
    assert depth.unit == "ft"
    assert [q.unit for q in find_quantities("He said ‘300’ and left.")] == [""]  # a quotation's closing mark
    assert kinds("The well is leaking at a depth of 5000’.", JUNE_1,
                 "Dispersants are applied at the source, 5000' below the surface.", JUNE_3)[0][0] == "match"


WORDS = ["aid", "the", "additional", "new", "pledge", "of", "$", "million", "and", "Black", "Hawks", "Donors",
         "helicopters", "two", "Four", "Chinook", "in", "relief", "35", "5000’", "depth", "as", "much", "’", "'",
         "totals", "at", "about", "$10", "20", "US", "dollars", "€3", "£", "up", "to", "killed", "workers", "."]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30), st.lists(st.sampled_from(WORDS), max_size=30))
@examples(200)
def test_comparing_any_words_of_this_round_never_fails_and_stays_symmetric_in_what_it_pairs(first, second):
    a, b = " ".join(first), " ".join(second)
    ours, theirs = compare(a, JUNE_1, b, JUNE_3), compare(b, JUNE_3, a, JUNE_1)
    for comparison in ours + theirs:
        assert comparison.kind in ("match", "conflict", "update")
        assert comparison.describe()  # the why line can always be written
    # what matches one way matches the other way (a match is no matter of which side is the claim)
    assert {(c.claim.text, c.other.text) for c in ours if c.kind == "match"} <= {
        (c.other.text, c.claim.text) for c in theirs} | {(c.claim.text, c.other.text) for c in ours}


def test_the_days_a_text_names_by_month_and_day():
    from annotator.time_frames import named_days

    assert named_days("Since they began operating Aug. 16, the planes flew daily.") == {(8, 16): "Aug. 16"}
    assert named_days("The floods began on 29 July and on 2010-08-16 the rain stopped.") == {
        (7, 29): "29 July", (8, 16): "2010-08-16"}
    assert named_days("He came on Monday, yesterday, in late July.") == {}  # no calendar day named


def test_a_day_both_sentences_name_is_evidence_the_rarer_it_is_among_the_candidates(memory_store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.suggest import suggest

    filler = {f"filler{i}": f"The cargo planes flew supplies to the valley on flight {i}." for i in range(30)}
    ingest_articles(memory_store, [Article(id=key, text=text, origin="test") for key, text in {
        **filler, "claim": "Since they began operating Aug. 16, the cargo planes have flown supplies to the valley.",
        "dated": "Air Force planes have been delivering aid since Aug. 16.",
        "other-day": "Air Force planes have been delivering aid since Aug. 19."}.items()])
    found = suggest(memory_store, memory_store.sentence_at("claim", 0), k=40)
    ranked = [s.sentence.source_id for s in found]
    dated = found[ranked.index("dated")]
    assert dated.same_days == ("Aug. 16",) and "same day: Aug. 16" in dated.reasons()
    assert ranked.index("dated") < ranked.index("other-day")  # the same words, the day agreed on
    assert not found[ranked.index("other-day")].same_days
