"""Per-source counts of the sources view: only current versions, per annotator where asked, links counted once."""

from __future__ import annotations

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.ingest import ingest_articles


def article(source_id: str, text: str) -> Article:
    return Article(id=source_id, text=text, origin="test")


def sentence_ids(store, source_id: str) -> list[int]:
    return [sentence.id for sentence in store.sentences(source_id)]


def test_counts_follow_current_versions_and_annotators(memory_store):
    store = memory_store
    ingest_articles(store, [article("a", "One claim here. Two claims here. Three."), article("b", "Other side. More.")])
    a, b = sentence_ids(store, "a"), sentence_ids(store, "b")
    ann, bob = Annotations(store, "ann"), Annotations(store, "bob")
    first = ann.mark_claim(a[0])
    ann.link(first, b[0], "corroborates")
    ann.link(first, b[1], "conflicts")
    ann.mark_claim(a[1])
    ann.toggle_boilerplate(a[2])
    bob.mark_claim(a[0])
    bob.toggle_boilerplate(a[2])
    ann.remember_position("a", 1)

    summary = {s.id: s for s in store.source_summaries()}
    assert (summary["a"].sentences, summary["a"].claims, summary["a"].linked_claims, summary["a"].boilerplate) == (3, 3, 1, 1)
    assert (summary["b"].claims, summary["b"].linked_claims, summary["b"].boilerplate) == (0, 0, 0)
    assert ann.progress()["a"] == {"claims": 2, "linked": 1, "boilerplate": 1, "reviewed": 2, "suggested_boilerplate": 0}
    assert bob.progress()["a"] == {"claims": 1, "linked": 0, "boilerplate": 1, "reviewed": 0, "suggested_boilerplate": 0}
    assert ann.progress()["b"] == {"claims": 0, "linked": 0, "boilerplate": 0, "reviewed": 0, "suggested_boilerplate": 1}  # "More." reads as a menu item

    ingest_articles(store, [article("a", "A new text. With two sentences.")])  # old version's annotations drop out
    summary = {s.id: s for s in store.source_summaries()}
    assert (summary["a"].version, summary["a"].sentences, summary["a"].claims, summary["a"].boilerplate) == (2, 2, 0, 0)
    assert ann.progress()["a"]["claims"] == 0
