"""The suggestion engine on small hand-made corpora: the right evidence first, with its reasons; exclusions."""

from __future__ import annotations

import json
import sqlite3

import pytest

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.errors import InputError
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.suggest import resolve_sentence, suggest

BUSES = {
    "a": "The council approved 40 new buses on Monday. The mayor said the fleet would be electric. "
    "Residents welcomed the plan.",
    "b": "City council members approved 40 buses on Monday. The mayor promised an electric fleet. "
    "Donate now to support our journalism.",
    "c": "The council approved 35 buses, not 40. A spokesperson declined to comment on the electric fleet.",
    "d": "The weather was mild. Tickets for the concert sold out in an hour.",
}


def ingest(store: Store, texts: dict[str, str]) -> None:
    ingest_articles(store, [Article(id=source_id, text=text, origin="test") for source_id, text in texts.items()])


def where(suggestions) -> list[str]:
    return [f"{s.sentence.source_id}:{s.sentence.index}" for s in suggestions]


@pytest.fixture
def buses(memory_store: Store) -> Store:
    ingest(memory_store, BUSES)
    return memory_store


def test_the_matching_sentence_comes_first_and_never_one_of_the_claims_own_source(buses):
    ranked = suggest(buses, buses.sentence_at("a", 0), k=10)
    assert where(ranked)[:2] == ["b:0", "c:0"]
    assert all(s.sentence.source_id != "a" for s in ranked)
    assert "d:0" not in where(ranked) and "d:1" not in where(ranked)  # nothing in common: not suggested
    top = ranked[0]
    assert top.matching_numbers == (("40", "40"),) and not top.conflict
    assert "approved" in top.terms and top.score > ranked[1].score


def test_a_clashing_number_is_flagged_as_a_possible_conflict(buses):
    ranked = suggest(buses, buses.sentence_at("b", 0), k=10)
    assert where(ranked)[:2] == ["a:0", "c:0"]
    assert ranked[0].matching_numbers == (("40", "40"),) and not ranked[0].conflict
    assert ranked[1].clashing_numbers == (("40 buses", "35 buses"),) and ranked[1].conflict
    against = suggest(buses, buses.sentence_at("c", 0), k=10)
    assert where(against)[:2] == ["a:0", "b:0"]
    assert against[0].reasons()[0] == "possible conflict: 35 buses vs 40 new buses (dates unsure)"
    assert against[0].kind == "conflict" and not against[0].confident_conflict  # neither sentence says when
    assert against[0].summary().startswith("≠40")


def test_matching_quantities_spelled_differently_are_found_by_value(memory_store):
    ingest(memory_store, {
        "x": "The ships carried 6 million 152-millimeter shells to the port.",
        "y": "Officials counted 6,000,000 shells of 152mm calibre.",
        "z": "A spokesperson said shells were stored at the port.",
    })
    top = suggest(memory_store, memory_store.sentence_at("x", 0), k=3)[0]
    assert top.sentence.source_id == "y"
    assert ("6 million", "6,000,000") in top.matching_numbers and ("152-millimeter", "152mm") in top.matching_numbers


def test_shared_quote_and_names_are_reasons(memory_store):
    ingest(memory_store, {
        "x": 'The agency stated, "Russia has moved to formalize North Korea as a supply base for weapons," according to Yonhap.',
        "y": "“Russia has moved to formalize North Korea as a supply base for weapons,” the agency said.",
        "z": "North Korea held a parade on Monday.",
    })
    ranked = suggest(memory_store, memory_store.sentence_at("x", 0), k=3)
    assert ranked[0].sentence.source_id == "y"
    assert ranked[0].quotes and "North Korea" in ranked[0].entities
    assert any(reason.startswith("same quote") for reason in ranked[0].reasons())


def test_boilerplate_of_this_annotator_and_of_gold_is_left_out_but_not_a_teammates(buses):
    donate = buses.sentence_at("b", 2)
    claim = buses.sentence_at("a", 2)  # "Residents welcomed the plan." shares nothing with the appeal
    ingest(buses, {"e": "Support our journalism: donate now and welcome the plan."})
    appeal = buses.sentence_at("e", 0)
    assert "e:0" in where(suggest(buses, claim, k=10, annotator="alice"))
    Annotations(buses, "bob").mark_boilerplate([appeal.id])
    assert "e:0" in where(suggest(buses, claim, k=10, annotator="alice"))  # bob's flag is his own
    Annotations(buses, "alice").mark_boilerplate([appeal.id])
    assert "e:0" not in where(suggest(buses, claim, k=10, annotator="alice"))
    assert "e:0" in where(suggest(buses, claim, k=10, annotator="bob2"))
    Annotations(buses, "gold").mark_boilerplate([appeal.id, donate.id])
    assert "e:0" not in where(suggest(buses, claim, k=10, annotator="bob2"))


def test_only_current_versions_are_suggested(buses):
    ingest(buses, {"b": "City council members rejected the buses on Monday."})  # b's new version
    ranked = where(suggest(buses, buses.sentence_at("a", 0), k=10))
    assert "b:0" in ranked
    texts = [s.sentence.text for s in suggest(buses, buses.sentence_at("a", 0), k=10)]
    assert "City council members approved 40 buses on Monday." not in texts


def test_numbers_are_indexed_on_ingest_and_backfilled_by_the_migration(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        ingest(store, {"x": "They sent 13,000 containers.", "y": "Over 13,000 containers left."})
        ingest(store, {"z": "No containers here."})  # a second ingest adds to the counts
        indexed = _suggestion_tables(store)
    assert indexed == ([(13000.0, "", 1), (13000.0, "", 2)], {"containers": 3, "sent": 1, "left": 1})  # "here", "no", "over", "they": stopwords
    conn = sqlite3.connect(path)  # an older database: no suggestion tables, no record of the migration
    conn.execute("DROP TABLE sentence_numbers")
    conn.execute("DROP TABLE term_stats")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_suggestion_index'")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert _suggestion_tables(store) == indexed
        assert where(suggest(store, store.sentence_at("x", 0))) == ["y:0", "z:0"]


def _suggestion_tables(store: Store) -> tuple[list, dict]:
    numbers = store.db.execute("SELECT value, unit, sentence_id FROM sentence_numbers ORDER BY sentence_id").fetchall()
    return numbers, dict(store.db.execute("SELECT term, documents FROM term_stats").fetchall())


def test_resolve_sentence_says_what_is_wrong(buses):
    assert resolve_sentence(buses, "a:1").text.startswith("The mayor said")
    for reference, message in [("a", "is not SOURCE_ID:INDEX"), ("a:x", "is not SOURCE_ID:INDEX"),
                               ("nope:1", "no source 'nope'"), ("a:9", "a has no sentence 9")]:
        with pytest.raises(InputError, match=message):
            resolve_sentence(buses, reference)


def test_cli_suggest_text_json_and_bad_reference(tmp_path, run_cli, db_path):
    with Store(db_path) as store:
        ingest(store, BUSES)
    result = run_cli("suggest", "c:0", "-k", "2")
    assert result.exit_code == 0, result.stderr
    assert "POSSIBLE CONFLICT" in result.stdout and "possible conflict: 35 buses vs 40" in result.stdout
    lines = run_cli("--annotator", "alice", "suggest", "a:0", "--json", "-k", "2").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["rank"], r["source_id"], r["index"]) for r in records] == [(1, "b", 0), (2, "c", 0)]
    assert records[0]["matching_numbers"] == [["40", "40"]] and records[0]["reasons"]
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM sentences").fetchone()
    for bad in ("a", "zzz:0", "a:99"):
        result = run_cli("suggest", bad)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.startswith("annotator: ") and result.stderr.count("\n") == 1
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM sentences").fetchone() == before


def test_the_same_wording_beats_the_same_words_in_another_order(memory_store):
    ingest(memory_store, {
        "x": "The senate was dissolved by the governor.",
        "y": "In March, after a long and bitter vote, the senate was dissolved by the governor of the state.",
        "z": "Governor: senate dissolved.",  # the same words, shorter, in another order
    })
    ranked = suggest(memory_store, memory_store.sentence_at("x", 0), k=2)
    assert where(ranked) == ["y:0", "z:0"]


def test_a_number_matched_by_one_claim_number_does_not_clash_with_another_and_reasons_are_not_repeated():
    from annotator.comparison import compare

    claim = "Analysts said it shipped 120mm mortars, 122mm artillery shells and 122mm rockets."
    kinds = [(c.kind, c.claim.text, c.other.text) for c in compare(claim, None, "Officials suspect it supplied 122-mm artillery rounds.", None)]
    assert ("match", "122mm", "122-mm") in kinds and all(kind != "conflict" for kind, _, _ in kinds)
    wider = compare(claim, None, "They delivered 152-millimeter artillery shells.", None)
    assert wider == []  # a 152mm shell is another kind of shell than a 122mm one, not another figure
