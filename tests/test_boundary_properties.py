"""Property tests: a split then a join (and a join then a split) restore the segmentation and every annotation
exactly; undo after either restores exactly; the derived tables always equal a rebuild from the sentences."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annotator.actions import Actions
from annotator.errors import InputError
from tests.boundary_helpers import check_derived, snapshot, two_sources

FIRST = ["The", "Residents", "Officials", "Nobody", "Critics"]
WORDS = ["council", "buses", "mayor", "voted", "electric", "budget", "spoke", "people", "12", "40", "new", "plan"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sentence = st.builds(lambda first, rest: " ".join([first, *rest]) + ".",
                     st.sampled_from(FIRST), st.lists(st.sampled_from(WORDS), min_size=2, max_size=7))
article = st.lists(sentence, min_size=2, max_size=6).map(" ".join)


def annotate(store, data) -> None:
    """Claims (whole and spans), links citing the sentences, flags, rejections and decisions, drawn at random."""
    alice, bob = Actions(store, "alice"), Actions(store, "bob")
    citing = alice.add_claim(store.sentences("b")[0].id)
    for s in store.sentences("a"):
        if data.draw(st.booleans()):
            alice.add_claim(s.id)
        if data.draw(st.booleans()):
            start = data.draw(st.integers(0, len(s.text) - 1))
            bob.add_claim(s.id, (start, data.draw(st.integers(start + 1, len(s.text)))))
        for who in (alice, bob):
            if data.draw(st.booleans()):
                who.set_boilerplate([s.id], True)
        if data.draw(st.booleans()):
            bob.reject_suggested_boilerplate(s.id)
        if data.draw(st.booleans()):
            alice.link(citing, s.id, "corroborates")
        if data.draw(st.booleans()):
            alice.writer.add_decision(f"sentence:{s.id}", "alice", "{}")


def fixes(store) -> int:
    return store.db.execute("SELECT count(*) FROM boundary_fixes").fetchone()[0]


@SETTINGS
@given(text=article, data=st.data())
def test_a_split_then_a_join_restores_everything(text, data):
    with two_sources(text) as store:
        annotate(store, data)
        target = data.draw(st.sampled_from(store.sentences("a")))
        at = data.draw(st.integers(1, len(target.text) - 1))
        before, alice = snapshot(store), Actions(store, "carol")
        try:
            alice.split_sentence(target.id, at)
        except InputError:
            assert snapshot(store) == before  # refused (a claim span across the cut): nothing written
            event("split refused")
            return
        check_derived(store)
        assert len(store.sentences("a")) == len(before["sentences"]) - 3 + 1  # b has three sentences
        split = snapshot(store)
        alice.join_sentences(target.id)
        assert snapshot(store) == before and fixes(store) == 0
        check_derived(store)
        assert alice.undo() == "join sentences" and snapshot(store) == split
        assert alice.undo() == "split sentence" and snapshot(store) == before
        check_derived(store)


@SETTINGS
@given(text=article, data=st.data())
def test_a_join_then_a_split_restores_everything(text, data):
    with two_sources(text) as store:
        annotate(store, data)
        sentences = store.sentences("a")
        first, second = sentences[(i := data.draw(st.integers(0, len(sentences) - 2)))], sentences[i + 1]
        before, carol = snapshot(store), Actions(store, "carol")
        try:
            carol.join_sentences(first.id)
        except InputError:
            assert snapshot(store) == before  # refused (a claim citing both): nothing written
            event("join refused")
            return
        check_derived(store)
        joined = snapshot(store)
        carol.split_sentence(first.id, second.start - first.start)
        assert snapshot(store) == before and fixes(store) == 0
        check_derived(store)
        assert carol.undo() == "split sentence" and snapshot(store) == joined
        assert carol.undo() == "join sentences" and snapshot(store) == before
        assert carol.redo() == "join sentences" and snapshot(store) == joined
        check_derived(store)
