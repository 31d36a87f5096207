"""The fact-checker's rules added for the tenth round of issue 12 (gold clashes not flagged in the top 10, measured
with bench/clash_misses.py): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import Comparison, compare
from annotator.numbers import find_quantities
from annotator.store import Sentence
from annotator.suggest import rank
from annotator.suggestion import Suggestion


def _sentence(n: int, source: str, text: str) -> Sentence:
    return Sentence(n, source, 1, 0, 0, len(text), text)


def test_updates_from_sources_not_yet_in_view_take_the_lower_half_of_the_top_ten():
    # Eight sentences agree with the claim's toll ("120 dead") with more evidence; four other outlets give the toll
    # at another time, each its one figure for it. The first half stays the best evidence; the lower half shows how
    # the figure moved, one voice per outlet, rather than the sixth to tenth agreeing sentence.
    claim = find_quantities("The flood killed 120 people.")[0]
    agree = [Suggestion(_sentence(i, f"agree{i}", f"The flood killed 120 people, said outlet {i}."), 10.0 - i / 10,
                        comparisons=(Comparison("match", claim, claim),)) for i in range(8)]
    updates = []
    for i, figure in enumerate((150, 180, 210, 260)):
        other = find_quantities(f"The flood has killed {figure} people.")[0]
        updates.append(Suggestion(_sentence(100 + i, f"later{i}", f"By Friday the flood had killed {figure} people."),
                                  5.0 - i / 10, comparisons=(Comparison("update", claim, other),)))
    top = rank(agree + updates, 10)
    assert [s.sentence.id for s in top[:5]] == [0, 1, 2, 3, 4]
    assert {s.sentence.id for s in top if s.kind == "update"} == {100, 101, 102, 103}
    assert len(top) == 10


MARCH_3, MARCH_9 = date(2031, 3, 3), date(2031, 3, 9)


def kinds(a: str, a_published: date | None, b: str, b_published: date | None):
    return [(c.kind, c.claim.text, c.other.text) for c in compare(a, a_published, b, b_published)]


def test_taking_part_in_the_response_told_in_other_verbs_is_one_instance():
    # "providing assistance", "supporting the relief effort", "participating": all say the boats are part of the response
    helping = "Eleven boats are providing assistance along the flooded coast."
    supporting = "Navy officers said that 7 boats from the northern squadron are supporting the relief effort."
    assert kinds(helping, MARCH_9, supporting, MARCH_3) == [("update", "Eleven", "7")]
    joined = "More than 900 volunteers have handed out blankets, with 11 boats participating."
    assert kinds(supporting, MARCH_3, joined, MARCH_9) == [("update", "7", "11")]
    # other verbs that do not say so still keep two groups of boats apart
    moored = "Eleven boats are moored in the harbour for the winter."
    assert kinds(moored, MARCH_9, supporting, MARCH_3) == []


def test_a_number_said_in_parts_is_one_figure():
    said = "“So far, the count we have is 12,000 and 300 dead, and it may rise,” the minister said."
    assert [(q.low, q.high, q.is_range) for q in find_quantities(said)] == [(12300.0, 12300.0, False)]
    assert [q.low for q in find_quantities("The toll was put at three thousand and fifty.")] == [3050.0]
    # the index reads it the same way
    assert [q.low for q in find_quantities(said, with_context=False)] == [12300.0]
    # and it is compared as the toll it is: 12,300 dead, then 15,000 dead
    toll = "The minister said that 15,000 people are dead."
    assert kinds(said, MARCH_3, toll, MARCH_9) == [("update", "12,000 and 300", "15,000")]
    # two ends of a range, and a round figure beside a bigger one, are not one number
    assert find_quantities("Estimates ran between 12,000 and 300 dead.") == []
    assert [q.low for q in find_quantities("Some 3,000 and 4,000 more were hurt.")] == [3000.0]
    assert find_quantities("The final score was 10-3.") == []


def test_the_m023_backfill_gives_an_older_database_what_ingest_gives_a_new_one(tmp_path):
    import sqlite3

    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store
    from tests.boundary_helpers import check_derived

    path = tmp_path / "story.db"
    texts = {"a": "“We count 12,000 and 300 dead so far,” he said. 40 boats waited. Coast: 8,000 homeless / 1,200 in need of aid.",
             "b": "The toll stood at three thousand and fifty. Some 300 tons of supplies came by sea.",
             "c": "The flood killed 40 people and displaced 9,000 others."}
    with Store(path) as store:
        ingest_articles(store, [Article(id=key, text=text, origin="test") for key, text in texts.items()])
        check_derived(store)
    conn = sqlite3.connect(path)
    tables = ("SELECT value, unit, sentence_id FROM sentence_numbers ORDER BY 1, 2, 3",
              "SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2")
    ingested = [conn.execute(rows).fetchall() for rows in tables]
    with conn:  # as a database of schema m022 holds it: "A and B" with B below A was no figure at all
        conn.execute("DELETE FROM sentence_numbers WHERE value IN (12300, 3050)")
        conn.execute("DELETE FROM sentence_counts WHERE counted = 'homeless'")  # the cell was read as the homeless
        conn.execute("UPDATE sentence_counts SET counted = 'other' WHERE counted = 'people:displaced'"
                     " AND sentence_id IN (SELECT id FROM sentences WHERE text LIKE '%others%')")
        conn.execute("DELETE FROM sentence_counts WHERE sentence_id IN (SELECT id FROM sentences WHERE text LIKE '%12,000%')")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm023_compound_figures'")
    assert [conn.execute(rows).fetchall() for rows in tables] != ingested
    conn.close()
    with Store(path) as store:
        check_derived(store)
        assert [store.db.execute(rows).fetchall() for rows in tables] == ingested


def test_on_the_way_to_the_response_is_taking_part_in_it():
    coming = "“We have about eight boats that are either there or en route,” the admiral said."
    helping = "Eleven boats are providing assistance along the flooded coast."
    assert kinds(coming, MARCH_3, helping, MARCH_9) == [("update", "eight", "Eleven")]
    assert kinds("Four more boats are on their way, he said.", MARCH_3, helping, MARCH_9) == [("update", "Four", "Eleven")]
    # boats somewhere else are still another group
    assert kinds("The harbour holds eight boats that are laid up for the winter.", MARCH_3, helping, MARCH_9) == []


def test_what_happened_to_people_is_read_within_their_cell_of_a_table_row():
    from annotator.counted import counted_quantities

    row = "Flood toll: 8,000 homeless / 1,200 in need of food aid."
    assert [sorted(keys) for _, keys in counted_quantities(row)][0] == ["people:displaced"]
    assert "people:displaced" not in counted_quantities(row)[1][1]
    # the cells of a row still say their own: dead, then injured
    assert [sorted(keys) for _, keys in counted_quantities("Region: 300 dead / 1,200 injured.")] == [
        ["people:dead"], ["people:injured"]]


def test_others_counted_are_people_with_what_happened_to_them():
    from annotator.counted import counted_quantities

    told = "The flood killed 40 people and displaced 9,000 others."
    assert [sorted(keys) for _, keys in counted_quantities(told)] == [["people:dead"], ["people:displaced"]]
    homeless = "Some 12,000 people were left homeless by the flood, the ministry said."
    assert kinds(told, MARCH_3, homeless, MARCH_9) == [("update", "9,000", "12,000")]


def test_a_round_figure_converted_to_another_unit_keeps_its_rounding():
    # 146,000 kg read as an exact 321,875 lb contradicted "more than 322,340 pounds" from one side and matched it from
    # the other; a round figure stands for its rounding in its own unit, whichever sentence is the claim
    from datetime import date

    from annotator.comparison import compare

    kilograms = "The helicopters have delivered 146,000 kilograms of relief supplies since the floods began."
    pounds = "The helicopters have delivered more than 322,340 pounds of relief supplies since the floods began."
    day = date(2031, 8, 12)
    assert [c.kind for c in compare(kilograms, day, pounds, day)] == ["match"]
    assert [c.kind for c in compare(pounds, day, kilograms, day)] == ["match"]
