"""The disagreement queue and gold decisions on small hand-made two- and three-annotator corpora."""

from __future__ import annotations

import json

import pytest
from team_corpus import annotate, ingest_team_texts, sid, two_annotator_store

from annotator.adjudication import (
    LINK,
    NO_CLAIM,
    SENTENCE,
    Adjudicator,
    LinkAnswer,
    SentenceAnswer,
    gold_state,
    review_items,
    union_plan,
)
from annotator.store import Store


@pytest.fixture
def team(memory_store: Store) -> Store:
    return two_annotator_store(memory_store)


def labels_of(store, items):
    """(kind, claim source:index, evidence source:index or '', agreed) per item."""
    where = {s.id: f"{s.source_id}:{s.index}" for source in "abc" for s in store.sentences(source)}
    return [(i.kind, where[i.sentence_id], where.get(i.evidence_sentence_id, ""), i.agreed) for i in items]


def gold_claims(store):
    return [(s.source_id, s.index, row[1], row[2]) for row in store.db.execute(
        "SELECT sentence_id, claim_type, verdict FROM claims WHERE annotator = 'gold' ORDER BY sentence_id")
        for s in [next(x for src in "abc" for x in store.sentences(src) if x.id == row[0])]]


def gold_links(store):
    return sorted(store.db.execute(
        "SELECT c.sentence_id, l.evidence_sentence_id, l.relation FROM links l JOIN claims c ON c.id = l.claim_id "
        "WHERE l.annotator = 'gold'").fetchall())


def decisions(store):
    return [(row[0], row[1], row[2], json.loads(row[3])) for row in
            store.db.execute("SELECT subject, decided_by, reason, payload FROM decisions ORDER BY id")]


def test_queue_of_two_annotators_in_reading_order(team):
    assert labels_of(team, review_items(team)) == [
        ("sentence", "a:0", "", False),  # verdict supported / refuted
        ("link", "a:0", "b:0", True),  # both corroborates
        ("link", "a:0", "c:0", False),  # alice conflicts, bob none
        ("sentence", "a:1", "", False),  # quote / attribution
        ("link", "a:1", "b:1", False),  # corroborates / related
        ("sentence", "a:3", "", False),  # bob only
        ("sentence", "b:0", "", False),  # alice only
    ]


def test_answers_side_by_side(team):
    first = review_items(team)[0]
    assert first.subject == f"sentence:{sid(team, 'a', 0)}"
    assert first.answers == {"alice": SentenceAnswer(True, "numeric", "supported"),
                             "bob": SentenceAnswer(True, "numeric", "refuted")}
    a3 = next(i for i in review_items(team) if i.kind == SENTENCE and i.sentence_id == sid(team, "a", 3))
    assert a3.answers["alice"] == SentenceAnswer(False)


def test_three_annotators_queue_and_agreement(memory_store):
    ingest_team_texts(memory_store)
    for name, verdict in (("alice", "supported"), ("bob", "supported"), ("carol", "supported")):
        annotate(memory_store, name, {("a", 0): ("numeric", verdict)}, {(("a", 0), ("b", 0)): "corroborates"}, read=("a",))
    annotate(memory_store, "carol", {("a", 2): ("event", None)}, {(("a", 2), ("c", 1)): "related"})
    items = review_items(memory_store)
    assert labels_of(memory_store, items) == [
        ("sentence", "a:0", "", True), ("link", "a:0", "b:0", True),
        ("sentence", "a:2", "", False), ("link", "a:2", "c:1", False),  # one voice is not agreement
    ]
    assert set(items[2].answers) == {"alice", "bob", "carol"}
    assert list(items[3].answers) == ["carol"]


def test_sources_covered_by_one_annotator_are_not_reviewed(memory_store):
    ingest_team_texts(memory_store)
    annotate(memory_store, "alice", {("c", 0): ("numeric", None)})
    annotate(memory_store, "bob", {}, read=("a",))
    assert review_items(memory_store) == []


def test_take_writes_gold_and_a_decision_in_one_undoable_action(team):
    items = review_items(team)
    adjudicator = Adjudicator(team, "rita")
    adjudicator.take(items[0], "bob", reason="the vote count in b says so")
    assert gold_claims(team) == [("a", 0, "numeric", "refuted")]
    [(subject, who, reason, payload)] = decisions(team)
    assert subject == items[0].subject and who == "rita" and reason == "the vote count in b says so"
    assert payload["choice"] == "take" and payload["from"] == ["bob"]
    assert payload["answer"]["verdict"] == "refuted"
    assert payload["answers"]["alice"]["verdict"] == "supported"
    assert gold_state(team).decided(items[0])
    assert adjudicator.undo() == "take bob's answer"
    assert gold_claims(team) == [] and decisions(team) == []
    assert adjudicator.redo() == "take bob's answer"
    assert gold_claims(team) == [("a", 0, "numeric", "refuted")] and len(decisions(team)) == 1


def test_taking_no_claim_removes_gold_claim_and_settles_its_links(team):
    items = review_items(team)
    adjudicator = Adjudicator(team, "rita")
    a1_link = next(i for i in items if i.kind == LINK and i.sentence_id == sid(team, "a", 1))
    adjudicator.take(a1_link, "alice")
    assert gold_links(team) == [(sid(team, "a", 1), sid(team, "b", 1), "corroborates")]
    a1 = next(i for i in items if i.kind == SENTENCE and i.sentence_id == sid(team, "a", 1))
    adjudicator.set_answer(a1, SentenceAnswer(False), reason="an opinion, not checkable")
    assert gold_claims(team) == [] and gold_links(team) == []
    state = gold_state(team)
    assert state.decided(a1) and state.decided(a1_link)
    assert decisions(team)[-1][3] == {"choice": "set", "from": [], "answer": {"claim": False},
                                      "answers": {name: answer.as_json() for name, answer in a1.answers.items()}}


def test_set_link_and_union_of_links(team):
    annotate(team, "alice", {}, {(("b", 0), ("c", 0)): "conflicts"})  # alice's claim b:0 is hers only
    items = review_items(team)
    adjudicator = Adjudicator(team, "rita")
    a0_links = [i for i in items if i.kind == LINK and i.sentence_id == sid(team, "a", 0)]
    plan = union_plan(items, sid(team, "a", 0), gold_state(team))
    assert [(link.item.evidence_source_id, link.makers, link.lone) for link in plan] == [
        ("b", ("alice", "bob"), False), ("c", ("alice",), True)]
    assert adjudicator.union_links(items, sid(team, "a", 0), gold_state(team)) == 2  # b:0 both agree; c:0 alice only
    assert gold_links(team) == sorted([(sid(team, "a", 0), sid(team, "b", 0), "corroborates"),
                                       (sid(team, "a", 0), sid(team, "c", 0), "conflicts")])
    assert all(gold_state(team).decided(i) for i in a0_links)
    assert [d[3]["choice"] for d in decisions(team)] == ["union", "union"]
    assert [d[3]["from"] for d in decisions(team)] == [["alice", "bob"], ["alice"]]  # who made each link, not all linkers
    a1_link = next(i for i in items if i.kind == LINK and i.sentence_id == sid(team, "a", 1))
    assert adjudicator.union_links(items, sid(team, "a", 1), gold_state(team)) == 0  # they disagree on the relation
    adjudicator.set_answer(a1_link, LinkAnswer("related"))
    assert (sid(team, "a", 1), sid(team, "b", 1), "related") in gold_links(team)
    assert adjudicator.undo() == "set gold answer"
    assert adjudicator.undo() == "union of 2 link(s)"
    assert gold_links(team) == [] and decisions(team) == []


def test_accept_agreed_in_one_step(memory_store):
    ingest_team_texts(memory_store)
    for name in ("alice", "bob"):
        annotate(memory_store, name, {("a", 0): ("numeric", "supported"), ("a", 1): ("quote", None)},
                 {(("a", 0), ("b", 0)): "corroborates"}, read=("a",))
    annotate(memory_store, "bob", {}, {(("a", 1), ("b", 1)): "related"})
    items = review_items(memory_store)
    adjudicator = Adjudicator(memory_store, "rita")
    assert adjudicator.accept_agreed(items, gold_state(memory_store), reason="agreed") == 3
    assert gold_claims(memory_store) == [("a", 0, "numeric", "supported"), ("a", 1, "quote", None)]
    assert gold_links(memory_store) == [(sid(memory_store, "a", 0), sid(memory_store, "b", 0), "corroborates")]
    assert {d[3]["choice"] for d in decisions(memory_store)} == {"accept-agreed"}
    assert all(d[2] == "agreed" for d in decisions(memory_store))
    assert adjudicator.accept_agreed(items, gold_state(memory_store)) == 0  # nothing left
    assert adjudicator.undo() == "accept 3 agreed item(s)"
    assert gold_claims(memory_store) == [] and decisions(memory_store) == []


def test_accepting_an_agreed_link_never_makes_a_disputed_claim(memory_store):
    """Two of three linked a:0 -> b:0 alike, but the third says a:0 is no claim: the claim is open, so is the link."""
    ingest_team_texts(memory_store)
    for name in ("alice", "bob"):
        annotate(memory_store, name, {("a", 0): ("numeric", None)}, {(("a", 0), ("b", 0)): "corroborates"}, read=("a", "b"))
    annotate(memory_store, "carol", {}, read=("a", "b"))
    annotate(memory_store, "bob", {("a", 0): ("event", None)})  # bob now disagrees on the type too
    adjudicator = Adjudicator(memory_store, "rita")
    assert adjudicator.accept_agreed(review_items(memory_store), gold_state(memory_store)) == 0
    assert gold_claims(memory_store) == [] and gold_links(memory_store) == []


def test_gold_is_never_one_of_the_annotators_in_the_queue(team):
    Adjudicator(team, "rita").take(review_items(team)[0], "alice")
    assert all("gold" not in item.answers for item in review_items(team))


def snapshot(store):
    """Every annotation and decision row: what undo must restore exactly."""
    return {table: store.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in ("claims", "links", "decisions")}


def test_any_sequence_of_decisions_undone_leaves_the_database_as_it_was(team):
    """Every kind of decision, one after another, then as many undos: claims, links and decisions as before."""
    before = snapshot(team)
    items = review_items(team)
    adjudicator = Adjudicator(team, "rita")
    adjudicator.accept_agreed(items, gold_state(team))
    adjudicator.take(items[0], "alice", reason="why not")
    adjudicator.union_links(items, items[0].sentence_id, gold_state(team))
    adjudicator.set_answer(items[3], SentenceAnswer(True, "event", "mixed"))
    adjudicator.take(items[4], "bob")
    adjudicator.set_answer(items[3], NO_CLAIM)  # deletes the gold claim and the link just taken
    middle = snapshot(team)
    assert middle != before
    undone = [adjudicator.undo() for _ in range(6)]
    assert None not in undone and adjudicator.undo() is None
    assert snapshot(team) == before
    for _ in range(6):
        adjudicator.redo()
    assert snapshot(team) == middle


def test_decisions_follow_their_sentences_when_an_article_is_re_anchored(team):
    """An edited article moves gold claims to new sentence ids; the decisions' subjects move with them (undoably)."""
    from team_corpus import TEXTS

    from annotator.articles import Article
    from annotator.ingest import ingest_articles

    items = review_items(team)
    adjudicator = Adjudicator(team, "rita")
    adjudicator.take(items[0], "bob")  # sentence a:0
    adjudicator.take(items[2], "alice")  # link a:0 -> c:0
    edited = "Breaking news. " + TEXTS["a"]  # every sentence of a moves down one place
    ingest_articles(team, [Article(id="a", text=edited, origin="a.txt")])
    new_a0 = sid(team, "a", 1)
    assert [row[0] for row in team.db.execute("SELECT subject FROM decisions ORDER BY id")] == [
        f"sentence:{new_a0}", f"link:{new_a0}:{sid(team, 'c', 0)}"]
    assert gold_state(team).claims[new_a0]["verdict"] == "refuted"
    assert all(gold_state(team).decided(item) for item in review_items(team)
               if item.sentence_id == new_a0 and item.evidence_sentence_id in (None, sid(team, "c", 0)))
    assert adjudicator.undo() is not None  # gold's last decision, taken back where the re-anchoring put it
    assert [row[0] for row in team.db.execute("SELECT subject FROM decisions ORDER BY id")] == [f"sentence:{new_a0}"]
    assert team.db.execute("PRAGMA foreign_key_check").fetchall() == []


def spans_team(memory_store):
    """alice marks a:0 (0,20) and (21,33); bob marks (4,20); both read a."""
    ingest_team_texts(memory_store)
    alice, bob = annotate(memory_store, "alice", {}, read=("a",)), annotate(memory_store, "bob", {}, read=("a",))
    a0 = sid(memory_store, "a", 0)
    alice.add_claim(a0, (0, 20), claim_type="quote")
    alice.add_claim(a0, (21, 33), claim_type="numeric", verdict="supported")
    bob.add_claim(a0, (4, 20), claim_type="quote", verdict="refuted")
    return memory_store, next(item for item in review_items(memory_store) if item.kind == "sentence")


def gold_spans(store):
    return store.db.execute("SELECT c.span_start - t.start, c.span_end - t.start, c.claim_type, c.verdict FROM claims c "
                            "JOIN sentences t ON t.id = c.sentence_id WHERE c.annotator = 'gold' ORDER BY 1").fetchall()


def test_taking_one_annotators_claims_copies_their_spans_into_gold(memory_store):
    store, item = spans_team(memory_store)
    assert Adjudicator(store, "rita").take_claims(item, ["alice"], reason="two claims, not one") == 2
    assert gold_spans(store) == [(0, 20, "quote", None), (21, 33, "numeric", "supported")]
    [(subject, who, reason, payload)] = decisions(store)
    assert (subject, who, reason, payload["choice"], payload["from"]) == (item.subject, "rita", "two claims, not one", "take", ["alice"])
    assert [claim["span"] for claim in payload["answer"]["claims"]] == [[0, 20], [21, 33]]


def test_keeping_both_makes_every_claim_gold_and_undo_takes_it_back(memory_store):
    store, item = spans_team(memory_store)
    judge = Adjudicator(store, "rita")
    assert judge.take_claims(item, ["alice", "bob"]) == 3
    assert gold_spans(store) == [(0, 20, "quote", None), (4, 20, "quote", "refuted"), (21, 33, "numeric", "supported")]
    assert decisions(store)[0][3]["choice"] == "keep-all"
    judge.undo()
    assert gold_spans(store) == [] and decisions(store) == []


def test_setting_a_span_replaces_gold_claims_with_one_and_keeps_its_labels(memory_store):
    store, item = spans_team(memory_store)
    judge = Adjudicator(store, "rita")
    judge.take_claims(item, ["bob"])
    judge.set_span(item, (4, 11), reason="only the council")
    assert gold_spans(store) == [(4, 11, "quote", "refuted")]
    assert [d[3]["choice"] for d in decisions(store)] == ["take", "set-span"] and decisions(store)[1][2] == "only the council"


def _two_span_readers(store, alice_spans, bob_spans):
    """alice and bob read a and mark a:0 with claims on the given spans, all numeric and supported."""
    ingest_team_texts(store)
    alice, bob = annotate(store, "alice", {}, read=("a",)), annotate(store, "bob", {}, read=("a",))
    a0 = sid(store, "a", 0)
    for work, spans in ((alice, alice_spans), (bob, bob_spans)):
        for span in spans:
            work.add_claim(a0, span, claim_type="numeric", verdict="supported")
    return next(item for item in review_items(store) if item.kind == SENTENCE)


def test_same_labels_on_different_spans_are_a_disagreement_and_accept_leaves_them(memory_store):
    item = _two_span_readers(memory_store, [(21, 33)], [(4, 33)])  # "40 new buses" against "council approved 40 new buses"
    assert not item.agreed
    assert Adjudicator(memory_store, "rita").accept_agreed([item], gold_state(memory_store)) == 0
    assert gold_spans(memory_store) == [] and decisions(memory_store) == []


def test_a_span_against_the_whole_sentence_is_a_disagreement(memory_store):
    assert not _two_span_readers(memory_store, [(21, 33)], [None]).agreed


def test_two_claims_against_one_is_a_disagreement(memory_store):
    assert not _two_span_readers(memory_store, [(0, 20), (21, 33)], [(21, 33)]).agreed


def test_agreed_span_claims_are_accepted_into_gold_with_their_spans(memory_store):
    item = _two_span_readers(memory_store, [(21, 33), (0, 20)], [(0, 20), (21, 33)])  # the same claims, made in another order
    assert item.agreed
    judge = Adjudicator(memory_store, "rita")
    assert judge.accept_agreed([item], gold_state(memory_store)) == 1
    assert gold_spans(memory_store) == [(0, 20, "numeric", "supported"), (21, 33, "numeric", "supported")]
    [(subject, _, _, payload)] = decisions(memory_store)
    assert subject == item.subject and payload["choice"] == "accept-agreed"
    assert [claim["span"] for claim in payload["answer"]["claims"]] == [[0, 20], [21, 33]]
    judge.undo()
    assert gold_spans(memory_store) == [] and decisions(memory_store) == []


def test_whole_sentence_claims_still_agree_and_accept_as_before(memory_store):
    item = _two_span_readers(memory_store, [None], [None])
    assert item.agreed and "claims" not in item.answers["alice"].as_json()
    assert Adjudicator(memory_store, "rita").accept_agreed([item], gold_state(memory_store)) == 1
    assert gold_claims(memory_store) == [("a", 0, "numeric", "supported")]
    assert memory_store.db.execute("SELECT span_start FROM claims WHERE annotator = 'gold'").fetchall() == [(None,)]
