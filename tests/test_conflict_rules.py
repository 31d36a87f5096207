"""The fact-checker's rules the comparison follows, one test each, on sentences written for them (not the bench story)."""

from __future__ import annotations

from datetime import date

from annotator.articles import Article
from annotator.comparison import compare
from annotator.counted import counted_keys
from annotator.ingest import ingest_articles
from annotator.suggest import suggest

MAY_2 = date(2031, 5, 2)


def kinds(a: str, b: str, a_published: date | None = MAY_2, b_published: date | None = MAY_2) -> list[str]:
    return [c.kind for c in compare(a, a_published, b, b_published)]


def test_a_second_figure_for_the_same_thing_at_the_same_time_still_conflicts():
    both = "Early counts put the flooded homes at about 4,000, but the county now gives between 9,000 and 12,000 homes."
    one = "The county said 4,100 homes were flooded."
    assert sorted(kinds(one, both)) == ["conflict", "match"]
    assert sorted(kinds(both, one)) == ["conflict", "match"]  # the same from either side


def test_an_older_figure_beside_a_matching_one_is_history_not_a_conflict():
    history = "By May 2, 2031, 4,100 homes were flooded, up from 900 homes on April 28, 2031."
    assert kinds("On May 2, 2031, 4,100 homes were flooded.", history) == ["match"]


def test_a_confirmed_death_toll_that_later_falls_is_a_confident_conflict():
    earlier = "Officials said more than 900 people are confirmed dead in the valley."
    later = "The ministry put deaths at 610 on May 9, 2031."
    [comparison] = compare(earlier, MAY_2, later, date(2031, 5, 10))
    assert comparison.kind == "conflict" and comparison.confident and comparison.falling
    assert comparison.describe().endswith("the later count is lower")


def test_an_estimate_revised_down_later_is_an_update():
    earlier = "Officials estimate that 900 people died in the valley."
    later = "The ministry put deaths at 610 on May 9, 2031."
    assert kinds(earlier, later, MAY_2, date(2031, 5, 10)) == ["update"]


def test_a_part_of_a_total_does_not_clash_with_another_total():
    total = "Crews rescued 48 people on May 2, 2031, including six children."
    assert counted_keys(total)[2] == frozenset({"people:rescued"})  # the part counts the same thing
    assert kinds("By May 2, 2031, crews had rescued 48 people from the mud.", total) == ["match"]
    [comparison] = compare("By May 2, 2031, crews had rescued 30 people from the mud.", MAY_2, total, MAY_2)
    assert comparison.kind == "conflict" and comparison.other.text == "48"


def test_a_later_bound_that_holds_the_earlier_figure_agrees():
    earlier = "Officials estimate the quake killed about 3,000 people."
    later = "More than 2,500 people were killed by the quake, officials said."
    assert kinds(earlier, later, MAY_2, date(2031, 5, 6)) == ["match"]


def test_a_later_figure_that_moved_away_is_an_update():
    earlier = "Rescuers have made more than 40 flights."
    later = "Rescuers have made approximately 300 flights."
    assert kinds(earlier, later, MAY_2, date(2031, 5, 6)) == ["update"]


def test_a_published_date_stands_for_its_own_day_only():
    stated = "As of May 2, 2031, volunteers had handed out 5,000 blankets."
    report = "Volunteers had handed out 9,000 blankets, the charity said."
    assert kinds(stated, report, MAY_2, date(2031, 5, 3)) == ["update"]
    assert kinds(stated, report, MAY_2, MAY_2) == ["conflict"]


def test_what_is_counted_ends_at_a_preposition_skips_a_name_and_reads_a_relative_clause():
    assert counted_keys("They had moved 62 families throughout the district.")[0] == frozenset({"famili"})
    assert counted_keys("The 14 Northern Relief Agency (NRA/ERT) volunteers stayed.")[0] == frozenset({"volunt"})
    assert counted_keys("More than 30 people who were trapped were pulled out alive.")[0] == frozenset({"people:rescued"})


FILLER = ("council", "harbour", "orchestra", "library", "market", "tunnel", "garden", "museum", "bridge", "school")


def test_a_figure_given_as_the_value_of_a_label_counts_the_label_head():
    assert counted_keys("Total 2031 Relief Funding for the Valley: $42,500,000.")[-1] == frozenset({"fund", "money:$"})
    assert counted_keys("The county paid $3 million.")[0] == frozenset({"$"})  # no label, nothing named: the unit


def _store(memory_store, texts: dict[str, str]):
    """The texts among forty unrelated sentences, so that word weights are those of a real corpus."""
    filler = {f"filler{i}": f"The {FILLER[i % 10]} {FILLER[(i * 3 + 1) % 10]} reopened after repairs, said the "
              f"{FILLER[(i * 7 + 2) % 10]} board." for i in range(40)}
    ingest_articles(memory_store, [Article(id=k, text=v, origin="test", published="2031-05-02")
                                   for k, v in {**filler, **texts}.items()])
    return memory_store


def test_the_best_agreeing_evidence_stays_first_above_a_confident_conflict(memory_store):
    store = _store(memory_store, {
        "claim": "On May 2, 2031, the river flood destroyed 4,100 homes in Dalmer county, the governor said.",
        "agrees": "The river flood destroyed 4,100 homes in Dalmer county on May 2, 2031, the governor's office said.",
        "clashes": "On May 2, 2031, a flood destroyed 7,300 homes, relief workers said.",
    })
    ranked = [s.sentence.source_id for s in suggest(store, store.sentence_at("claim", 0), k=5)]
    assert ranked[:2] == ["agrees", "clashes"]


def test_a_confident_conflict_goes_first_when_the_best_shares_only_words(memory_store):
    store = _store(memory_store, {
        "claim": "On May 2, 2031, the river flood destroyed 4,100 homes in Dalmer county, the governor said.",
        "words": "The governor of Dalmer county toured the river banks after the flood.",
        "clashes": "On May 2, 2031, the flood destroyed 7,300 homes in Dalmer, relief workers said.",
    })
    ranked = suggest(store, store.sentence_at("claim", 0), k=5)
    assert ranked[0].sentence.source_id == "clashes" and ranked[0].confident_conflict


def test_the_event_magnitude_weighs_less_than_the_figure_the_claim_counts(memory_store):
    store = _store(memory_store, {
        "claim": "The magnitude 6.1 earthquake left 830 families homeless in Varno.",
        "magnitude": "The magnitude 6.1 earthquake left families homeless in Varno.",
        "families": "The magnitude earthquake left 830 families homeless in Varno.",
    })
    scores = {s.sentence.source_id: s.score for s in suggest(store, store.sentence_at("claim", 0), k=5)}
    assert scores["magnitude"] < 0.9 * scores["families"]  # same words; only the agreeing figure differs


def test_a_share_credited_to_one_group_does_not_contradict_a_larger_total():
    share = "By noon, volunteer fire crews had pulled 14 people from the flooded cellars."
    total = "More than 40 people were pulled from flooded cellars on May 2, 2031."
    assert kinds(share, total) == [] and kinds(total, share) == []
    assert kinds("By noon, 14 people had been pulled from the flooded cellars.", total) == ["conflict"]  # no group: rival totals


def test_shares_of_different_groups_do_not_clash_and_the_same_groups_still_do():
    crews = "Volunteer fire crews had pulled 14 people from the flooded cellars."
    divers = "Navy dive teams had pulled 31 people from the flooded cellars."
    assert kinds(crews, divers) == []
    assert kinds(crews, "Volunteer fire crews had pulled 31 people from the flooded cellars.") == ["conflict"]
    assert kinds("Nine people were pulled from the cellars by volunteer fire crews.", divers) == []  # "by" names the group too


def test_a_tally_as_of_an_hour_with_no_date_is_an_earlier_snapshot_not_a_rival():
    dated = "As of 1800 hours on May 2, 2031, crews had pulled 48 people from the mud."
    undated = "As of 0900 hours local time, crews had pulled 17 people from the mud."
    [comparison] = compare(dated, MAY_2, undated, MAY_2)
    assert comparison.kind == "update"
    assert comparison.describe() == "update: 17 people (published 2031-05-02) → 48 people (on May 2, 2031)"
    assert kinds(dated, "Crews had pulled 17 people from the mud.") == ["conflict"]  # no cut-off: the published day


def test_a_hyphenated_name_is_one_piece_of_evidence_not_one_per_part(memory_store):
    store = _store(memory_store, {
        "claim": "Crews in Winston-Salem repaired the aqueduct and the funicular overnight.",
        "name": "Officials in Winston-Salem met again on Tuesday evening.",
        "words": "The aqueduct and the funicular met inspectors on Tuesday.",
    })
    ranked = [s.sentence.source_id for s in suggest(store, store.sentence_at("claim", 0), k=5)]
    assert ranked.index("words") < ranked.index("name")  # two things in common beat one name written in three parts


def test_a_figure_from_another_time_weighs_less_than_one_for_the_same_time():
    from annotator.suggestion_scoring import Lookups, _comparison_weight

    claim = "As of May 2, 2031, volunteers had handed out 5,000 blankets."
    [update] = compare(claim, MAY_2, "Volunteers had handed out 9,000 blankets.", date(2031, 5, 9))
    [conflict] = compare(claim, MAY_2, "Volunteers had handed out 9,000 blankets.", MAY_2)
    assert (update.kind, conflict.kind) == ("update", "conflict")
    lookups = Lookups({5000.0: 2, 9000.0: 2}, {"blanket": 3}, {})
    keys = frozenset({"blanket"})
    assert 0 < _comparison_weight(update, keys, lookups, 1000) < _comparison_weight(conflict, keys, lookups, 1000)


def test_the_source_counts_leave_out_a_part_that_is_zero_but_not_how_many_agree():
    from annotator.suggestion import SourceCounts

    assert SourceCounts(3, 0, 2).describe() == "3 sources agree, 2 give a figure from another time"
    assert SourceCounts(1, 0, 0).describe() == "1 source agrees"
    assert SourceCounts(0, 2, 1).describe() == "0 sources agree, 2 give another figure, 1 a figure from another time"


def test_what_was_pledged_sent_and_received_are_three_counts_not_rivals():
    assert kinds("The ferry company says 640 crates arrived at the island.",
                 "The mainland depot shipped 900 crates to the island.") == []
    assert kinds("Donors pledged $90 million to the valley fund.", "Donors have delivered $30 million to the valley fund.") == []
    assert kinds("The mainland depot shipped 640 crates to the island.",
                 "The mainland depot has sent 900 crates to the island.") == ["conflict"]  # the same stage still clashes


def test_an_update_within_a_tenth_of_the_claim_is_nearly_the_same_count_and_weighs_more():
    from annotator.suggestion_scoring import Lookups, _comparison_weight

    claim = "As of May 2, 2031, volunteers had handed out 5,000 blankets."
    [near] = compare(claim, MAY_2, "Volunteers had handed out 5,300 blankets.", date(2031, 5, 9))
    [far] = compare(claim, MAY_2, "Volunteers had handed out 9,000 blankets.", date(2031, 5, 9))
    assert (near.kind, far.kind) == ("update", "update")
    lookups = Lookups({5000.0: 2}, {"blanket": 3}, {})
    keys = frozenset({"blanket"})
    assert _comparison_weight(near, keys, lookups, 1000) > _comparison_weight(far, keys, lookups, 1000)


def test_a_confident_conflict_with_little_evidence_still_takes_a_last_place(memory_store):
    words = "the Varno harbour cranes toppled and the ferry terminal flooded after the earthquake, port officials said"
    store = _store(memory_store, {
        "claim": f"In Varno, {words}; the magnitude 6.1 earthquake came at dawn.",
        **{f"words{i}": f"In Varno {i}, {words}." for i in range(4)},
        "clash": "Seismologists measured a magnitude 6.4 earthquake.",
    })
    ranked = suggest(store, store.sentence_at("claim", 0), k=3)
    assert ranked[0].sentence.source_id != "clash"
    assert ranked[-1].sentence.source_id == "clash" and ranked[-1].confident_conflict
    assert ranked[-1].score < 0.3 * ranked[0].score  # below the floor that would have put it first


def test_money_is_fetched_by_what_it_pays_for_whatever_the_sum(memory_store):
    from annotator.counted import key_terms
    from annotator.numbers import find_quantities
    from annotator.suggestion_index import sentence_count_keys

    total = "Donor aid to Ostrava so far: $48,200,315."
    assert sentence_count_keys(total, find_quantities(total, with_context=False)) == {"aid", "money:$"}
    assert "assist" in key_terms("aid")  # "assistance" says aid: the words that say a key include its synonyms
    # Ostrava is in every report (too common to fetch by); the total shares no other word with the claim, so only the
    # counted-thing index finds it.
    filler = {f"filler{i}": f"In Ostrava, the {FILLER[i % 10]} {FILLER[(i * 3 + 1) % 10]} reopened after repairs."
              for i in range(60)}
    ingest_articles(memory_store, [Article(id=k, text=v, origin="test") for k, v in {
        **filler, "claim": "The ministry has provided nearly $12.5 million in humanitarian assistance to Ostrava.",
        "total": total}.items()])
    found = {s.sentence.source_id: s for s in suggest(memory_store, memory_store.sentence_at("claim", 0), k=10)}
    assert "total" in found and found["total"].kind == "conflict"


def test_percentages_and_bare_sums_are_not_indexed_by_what_they_count():
    from annotator.numbers import find_quantities
    from annotator.suggestion_index import sentence_count_keys

    for text in ("Turnout rose to 64% in the city.", "The bill came to $3,400.", "The bridge opened in 1998."):
        assert sentence_count_keys(text, find_quantities(text, with_context=False)) == set()


def test_members_personnel_and_staff_of_one_named_group_are_one_count():
    assert counted_keys("The clinic has 40 nurses and 12 staff.")[1] == frozenset({"personnel"})
    grew = kinds("By May 2, 2031, more than 120 Harbour Guard personnel had reached the coast.",
                 "On May 5, 2031, the Harbour Guard had 310 members on the coast.")
    assert grew == ["update"]  # the guard's strength, counted in personnel then in members


def test_members_of_two_different_groups_are_not_one_count():
    team = "Four engineers joined the Kelso survey team, bringing the team to 15 members."
    assert kinds(team, "More than 300 Harbour Guard personnel had reached the coast.") == []
    assert kinds("The charity employs 40 aid workers in the camp.", "The camp clinic has 12 health workers.") == []
    assert kinds("Dozens of staff left the camp.", "The camp clinic has 12 health workers.") == []  # no group named


def test_the_size_of_each_thing_is_not_what_is_counted():
    text = "The ministry sent five 35-member Flood Rescue Teams to the valley."
    assert counted_keys(text)[0] == frozenset({"team"})  # five teams, not five members


def test_a_named_kind_of_team_is_not_another_team():
    named = "The ministry sent five Flood Rescue Teams to the valley."
    assert kinds("The county now has seven teams in the valley.", named) == []
    assert kinds("Nine Flood Rescue Teams worked in the valley, the ministry said.", named) == ["conflict"]


def test_a_count_by_another_group_of_workers_is_not_an_update():
    assert kinds("Navy crews have rescued seven people from the flooded mine.",
                 "Army teams had rescued 40 people from the flooded mine by May 9, 2031.", MAY_2, date(2031, 5, 10)) == []
    assert kinds("Navy crews have rescued seven people from the flooded mine.",
                 "Navy crews had rescued 40 people from the flooded mine by May 9, 2031.", MAY_2,
                 date(2031, 5, 10)) == ["update"]  # the same group's later count is one


def test_a_source_giving_one_other_figure_for_the_thing_keeps_a_last_place(memory_store):
    words = "the Varno harbour cranes toppled and the ferry terminal flooded after the storm, port officials said"
    ingest_articles(memory_store, [
        Article(id="claim", text=f"In Varno, {words}; 40 people were injured.", origin="test", published="2031-05-02"),
        *[Article(id=f"words{i}", text=f"In Varno {i}, {words}.", origin="test", published="2031-05-02") for i in range(8)],
        Article(id="later", text="By May 9, 2031, 95 people had been injured.", origin="test", published="2031-05-10"),
        Article(id="tally", text="By May 8, 2031, 90 people had been injured.\n\nBy May 9, 2031, 97 people had been injured.",
                origin="test", published="2031-05-10"),
    ])
    ranked = [s.sentence.source_id for s in suggest(memory_store, memory_store.sentence_at("claim", 0), k=5)]
    assert all(source.startswith("words") for source in ranked[:4])  # the evidence keeps its places
    assert "later" in ranked  # its one figure for the injured, from another day: how the story moved
    assert "tally" not in ranked  # a running tally of several figures gets no place over the words
