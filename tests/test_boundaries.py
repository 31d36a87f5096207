"""Fixing sentence boundaries by hand: what moves, what is refused, and undo restoring everything exactly."""

from __future__ import annotations

import pytest

from annotator.actions import Actions
from annotator.errors import InputError, Refused
from annotator.store import Store
from tests.boundary_helpers import check_derived, snapshot, two_sources

TEXT = ("The council approved 40 new buses on Monday and the mayor said 3 were electric. "
        "Residents welcomed it. The vote was seven to two.")


@pytest.fixture
def store() -> Store:
    with two_sources(TEXT) as made:
        yield made


def texts(store: Store, source_id: str = "a") -> list[str]:
    return [s.text for s in store.sentences(source_id)]


def test_a_split_makes_two_sentences_and_claims_go_with_their_spans(store):
    alice = Actions(store, "alice")
    first = store.sentences("a")[0]
    at = first.text.index("and the")
    whole = alice.add_claim(first.id)
    early = alice.add_claim(first.id, (0, 11))
    late = alice.add_claim(first.id, (at + 8, at + 13))  # "mayor"
    alice.split_sentence(first.id, at)
    head, tail = store.sentences("a")[:2]
    assert (head.id, head.text, tail.text) == (first.id, "The council approved 40 new buses on Monday",
                                               "and the mayor said 3 were electric.")
    assert [s.index for s in store.sentences("a")] == [0, 1, 2, 3]
    placed = dict(store.db.execute("SELECT id, sentence_id FROM claims").fetchall())
    assert placed == {whole: head.id, early: head.id, late: tail.id}
    assert store.db.execute("SELECT span_start, span_end FROM claims WHERE id = ?", [late]).fetchone() == (at + 8, at + 13)
    check_derived(store)


def test_a_join_brings_every_annotation_of_the_next_sentence(store):
    alice = Actions(store, "alice")
    a0, a1, _ = store.sentences("a")
    b0 = store.sentences("b")[0]
    whole = alice.add_claim(a1.id)
    cited = alice.add_claim(b0.id)
    link = alice.link(cited, a1.id, "corroborates")
    alice.set_boilerplate([a1.id], True)
    alice.writer.add_decision(f"sentence:{a1.id}", "alice", "{}")
    alice.join_sentences(a0.id)
    joined = store.sentences("a")[0]
    assert joined.id == a0.id and joined.text == TEXT[: a1.end]
    assert store.db.execute("SELECT sentence_id, span_start, span_end FROM claims WHERE id = ?", [whole]).fetchone() == (
        a0.id, a1.start, a1.end)  # a whole-sentence claim keeps its words
    assert store.db.execute("SELECT evidence_sentence_id FROM links WHERE id = ?", [link]).fetchone() == (a0.id,)
    assert store.db.execute("SELECT sentence_id FROM boilerplate").fetchall() == [(a0.id,)]
    assert store.db.execute("SELECT subject FROM decisions").fetchall() == [(f"sentence:{a0.id}",)]
    assert store.db.execute("SELECT count(*) FROM sentences WHERE id = ?", [a1.id]).fetchone() == (0,)
    check_derived(store)


def test_join_then_split_gives_back_the_sentence_its_id_and_its_annotations(store):
    alice = Actions(store, "alice")
    a0, a1, _ = store.sentences("a")
    alice.add_claim(a1.id)
    alice.set_boilerplate([a0.id, a1.id], True)
    before = snapshot(store)
    alice.join_sentences(a0.id)
    alice.split_sentence(a0.id, a1.start - a0.start)
    assert snapshot(store) == before
    assert store.db.execute("SELECT count(*) FROM boundary_fixes").fetchone() == (0,)  # the two cancel out


@pytest.mark.parametrize("at", [0, -1, 10_000, "3"])
def test_an_offset_outside_the_sentence_or_at_its_edge_is_refused(store, at):
    first = store.sentences("a")[0]
    before = snapshot(store)
    with pytest.raises(InputError, match="is not inside sentence a:0"):
        Actions(store, "alice").split_sentence(first.id, len(first.text) if at == 10_000 else at)
    assert snapshot(store) == before


def test_a_split_that_would_cut_a_claim_span_in_two_is_refused(store):
    alice = Actions(store, "alice")
    first = store.sentences("a")[0]
    claim = alice.add_claim(first.id, (0, 50))
    before = snapshot(store)
    with pytest.raises(Refused, match=f"claim {claim} of alice spans 0:50 of a:0, across offset 20"):
        alice.split_sentence(first.id, 20)
    assert snapshot(store) == before


def test_joining_the_last_sentence_or_a_sentence_of_an_old_version_is_refused(store):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles

    alice = Actions(store, "alice")
    last = store.sentences("a")[-1]
    with pytest.raises(InputError, match="a:2 is the last of a: there is no next sentence"):
        alice.join_sentences(last.id)
    old = store.sentences("a")[0]
    ingest_articles(store, [Article(id="a", text=TEXT + " A line was added.", origin="test")])
    with pytest.raises(Refused, match="which was corrected since"):
        alice.join_sentences(old.id)
    with pytest.raises(Refused, match="which was corrected since"):
        alice.split_sentence(old.id, 4)


def test_a_claim_citing_both_sentences_is_refused_a_join(store):
    alice = Actions(store, "alice")
    a0, a1, _ = store.sentences("a")
    cited = alice.add_claim(store.sentences("b")[0].id)
    alice.link(cited, a0.id, "corroborates")
    alice.link(cited, a1.id, "related")
    with pytest.raises(Refused, match=f"claim {cited} cites both a:0 and a:1"):
        alice.join_sentences(a0.id)


def test_undo_and_redo_of_a_split_and_a_join_restore_everything_and_the_indexes(store):
    alice = Actions(store, "alice")
    first = store.sentences("a")[0]
    alice.add_claim(first.id, (60, 70))
    before = snapshot(store)
    alice.split_sentence(first.id, first.text.index("and"))
    after_split = snapshot(store)
    assert alice.undo() == "split sentence"
    assert snapshot(store) == before
    check_derived(store)
    assert alice.redo() == "split sentence"
    assert snapshot(store) == after_split
    check_derived(store)
    alice.join_sentences(store.sentences("a")[1].id)
    after_join = snapshot(store)
    assert alice.undo() == "join sentences"
    assert snapshot(store) == after_split
    assert alice.redo() == "join sentences"
    assert snapshot(store) == after_join
    check_derived(store)


def test_another_annotators_claim_on_a_split_off_sentence_stops_the_undo_cleanly(store):
    from annotator.journal import JournalConflict

    alice, bob = Actions(store, "alice"), Actions(store, "bob")
    first = store.sentences("a")[0]
    alice.split_sentence(first.id, first.text.index("and"))
    bob.add_claim(store.sentences("a")[1].id)
    before = snapshot(store)
    with pytest.raises(JournalConflict, match="annotated since"):
        alice.undo()
    assert snapshot(store) == before
    check_derived(store)


def test_places_in_the_source_follow_their_sentence(store):
    from annotator.annotations import Annotations

    alice = Annotations(store, "alice")
    alice.remember_position("a", 2, 2)
    first = store.sentences("a")[0]
    alice.actions.split_sentence(first.id, first.text.index("and"))
    assert alice.position("a") == (3, 3)
    alice.actions.join_sentences(first.id)
    assert alice.position("a") == (2, 2)


def test_another_annotators_earlier_claim_undoes_and_redoes_where_a_split_moved_it(store):
    alice, bob = Actions(store, "alice"), Actions(store, "bob")
    first = store.sentences("a")[0]
    at = first.text.index("and the")
    claim = bob.add_claim(first.id, (at + 8, at + 13))
    alice.split_sentence(first.id, at)
    second = store.sentences("a")[1]
    assert bob.undo() == "mark claim"
    assert store.db.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    assert bob.redo() == "mark claim"
    assert store.db.execute("SELECT id, sentence_id FROM claims").fetchall() == [(claim, second.id)]
    assert alice.undo() == "split sentence"  # the split is taken back with bob's claim on it
    assert store.db.execute("SELECT id, sentence_id FROM claims").fetchall() == [(claim, first.id)]
    assert bob.undo() == "mark claim"  # the undone split no longer moves anything
    assert store.db.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    check_derived(store)
