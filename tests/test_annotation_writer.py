"""The one writer of annotation rows: every invariant refused with one sentence, every write an undo record."""

from __future__ import annotations

import pytest
from seed_gold import SEEDS, A, B

from annotator.annotation_store import claim, claims_on, evidence_sets, links_of
from annotator.annotation_writer import AnnotationWriter, journaled
from annotator.articles import read_articles
from annotator.errors import InputError, Refused
from annotator.ingest import ingest_articles
from annotator.labels import LabelSet, default_labels


@pytest.fixture
def seeded(store):
    ingest_articles(store, read_articles([SEEDS]))
    return store


@pytest.fixture
def writer(seeded):
    return AnnotationWriter(seeded)


def at(store, source_id, index):
    return store.sentence_at(source_id, index)


def test_several_claims_on_one_sentence_each_with_its_span(seeded, writer):
    sentence = at(seeded, A, 0)
    whole = writer.add_claim("alice", sentence.id).key[0]
    first = writer.add_claim("alice", sentence.id, (0, 11), claim_type="event").key[0]
    second = writer.add_claim("alice", sentence.id, (12, 30), verdict="supported").key[0]
    found = claims_on(seeded, sentence.id, "alice")
    assert [c.id for c in found] == [whole, first, second]  # whole sentence first, then by span
    assert found[1].quoted(sentence.text) == sentence.text[0:11]
    stored = seeded.db.execute("SELECT span_start, span_end FROM claims WHERE id = ?", [first]).fetchone()
    assert stored == (sentence.start, sentence.start + 11)  # stored in source offsets, like the exports


@pytest.mark.parametrize("span", [(0, 0), (5, 3), (-1, 4), (0, 10_000), (1.5, 3)])
def test_a_span_outside_its_sentence_is_refused(seeded, writer, span):
    with pytest.raises(InputError, match="is not inside sentence"):
        writer.add_claim("alice", at(seeded, A, 0).id, span)


def test_labels_come_from_the_label_set_and_a_custom_relation_works(seeded):
    labels = LabelSet(claim_types=(("figure", ""),), verdicts=(("true", ""),), relations=(("contradicts-in-part", ""),))
    custom = AnnotationWriter(seeded, labels)
    claim_id = custom.add_claim("alice", at(seeded, A, 0).id, claim_type="figure", verdict="true").key[0]
    custom.add_link("alice", claim_id, at(seeded, B, 0).id, "contradicts-in-part")
    assert [link.relation for link in links_of(seeded, claim_id)] == ["contradicts-in-part"]
    with pytest.raises(InputError, match="claim type 'numeric' is not in the label set"):
        custom.set_claim(claim_id, claim_type="numeric")
    with pytest.raises(InputError, match="relation 'corroborates' is not in the label set"):
        custom.add_link("alice", claim_id, at(seeded, B, 1).id, "corroborates")
    with pytest.raises(InputError, match="verdict 'maybe'"):
        AnnotationWriter(seeded, default_labels()).set_claim(claim_id, verdict="maybe")


def test_evidence_must_come_from_another_source(seeded, writer):
    claim_id = writer.add_claim("alice", at(seeded, A, 0).id).key[0]
    with pytest.raises(InputError, match="in the claim's own source"):
        writer.add_link("alice", claim_id, at(seeded, A, 1).id, "corroborates")


def test_an_evidence_set_holds_one_relation(seeded, writer):
    claim_id = writer.add_claim("alice", at(seeded, A, 0).id).key[0]
    writer.add_link("alice", claim_id, at(seeded, B, 0).id, "corroborates", evidence_set=1)
    writer.add_link("alice", claim_id, at(seeded, B, 2).id, "corroborates", evidence_set=1)
    writer.add_link("alice", claim_id, at(seeded, B, 5).id, "conflicts")
    changes = writer.add_link("alice", claim_id, at(seeded, B, 2).id, "conflicts", evidence_set=1)
    assert len(changes) == 2  # the link itself, and the other member of set 1 relabelled with it
    sets = evidence_sets(links_of(seeded, claim_id))
    assert [(s.number, s.relation, len(s.links)) for s in sets] == [(1, "conflicts", 2), (None, "conflicts", 1)]
    with pytest.raises(InputError, match="evidence set 0"):
        writer.add_link("alice", claim_id, at(seeded, B, 3).id, "related", evidence_set=0)


def test_gone_rows_and_old_text_are_refused(seeded, writer, tmp_path):
    with pytest.raises(Refused, match="there is no claim 999"):
        writer.set_claim(999, note="x")
    with pytest.raises(Refused, match="there is no link 999"):
        writer.remove_link(999)
    old = at(seeded, A, 0)
    edited = tmp_path / "edited"
    edited.mkdir()
    text = (SEEDS / f"{A}.txt").read_text(encoding="utf-8").replace("North Korea", "N. Korea", 1)
    (edited / f"{A}.txt").write_text(text, encoding="utf-8")
    ingest_articles(seeded, read_articles([edited]), new_version=True)
    with pytest.raises(Refused, match="corrected since"):
        writer.add_claim("alice", old.id)
    with pytest.raises(Refused, match="corrected since"):
        writer.set_boilerplate("alice", old.id, True)


def test_every_write_returns_its_undo_record_and_journaled_commits_one_action(seeded, writer):
    sentence = at(seeded, A, 0)

    def mutate():
        made = writer.add_claim("alice", sentence.id, (0, 5))
        return [made, *writer.set_claim(made.key[0], note="n", span=None),
                *writer.add_link("alice", made.key[0], at(seeded, B, 0).id, "related")]

    changes = journaled(seeded, "alice", "script", mutate)
    assert [(c.table, c.before is None, c.after is None) for c in changes] == [
        ("claims", True, False), ("claims", False, False), ("links", True, False)]
    assert changes[1].after["span_start"] is None and claim(seeded, changes[0].key[0]).span is None
    assert seeded.db.execute("SELECT action FROM actions").fetchall() == [("script",)]
    removed = writer.remove_claim(changes[0].key[0])
    assert [(c.table, c.after) for c in removed] == [("links", None), ("claims", None)]


def test_nothing_changed_is_no_change(seeded, writer):
    claim_id = writer.add_claim("alice", at(seeded, A, 0).id, claim_type="event").key[0]
    assert writer.set_claim(claim_id, claim_type="event") == []
    assert writer.set_boilerplate("alice", at(seeded, A, 3).id, False) == []


def test_one_claim_per_annotator_sentence_and_span(seeded, writer):
    sentence = at(seeded, A, 0)
    writer.add_claim("alice", sentence.id)
    spanned = writer.add_claim("alice", sentence.id, (0, 11)).key[0]
    writer.add_claim("bob", sentence.id, (0, 11))  # another annotator's is another claim
    with pytest.raises(Refused, match="already covers the whole of sentence"):
        writer.add_claim("alice", sentence.id)
    with pytest.raises(Refused, match="already covers span 0:11 of sentence"):
        writer.add_claim("alice", sentence.id, (0, 11))
    with pytest.raises(Refused, match="already covers the whole of"):
        writer.set_claim(spanned, span=None)
