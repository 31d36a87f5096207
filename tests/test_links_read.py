"""A claim's links read again only after the database changed, and rows read before give back the same Links."""

from __future__ import annotations

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.store import Store


def setup(db_path):
    """A claim on a:0 and the four sentences of b; returns the store, annotations, claim id and b's sentence ids."""
    store = Store(db_path)
    ingest_articles(store, [Article(id="a", text="The council met. It voted.", origin="test"),
                            Article(id="b", text="One said so. Two agreed. Three doubted it. Four left.", origin="test")])
    annotations = Annotations(store, "alice")
    claim_id = annotations.mark_claim(store.sentences("a")[0].id)
    return store, annotations, claim_id, [sentence.id for sentence in store.sentences("b")]


def relations(links) -> list[tuple[int, str]]:
    return [(link.evidence.index, link.relation) for link in links]


def test_links_follow_every_write_of_this_connection_and_keep_the_unchanged_links(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        first = annotations.link(claim_id, evidence[0], "corroborates")
        annotations.link(claim_id, evidence[2], "related")
        before = annotations.links_of(claim_id)
        assert annotations.links_of(claim_id) == before and annotations.links_of(claim_id) is not before  # a copy
        annotations.link(claim_id, evidence[1], "conflicts")
        after = annotations.links_of(claim_id)
        assert relations(after) == [(0, "corroborates"), (1, "conflicts"), (2, "related")]
        assert after[0] is before[0] and after[2] is before[1]  # the rows read before were not built again
        annotations.link(claim_id, evidence[0], "related")  # the same evidence, another relation
        assert relations(annotations.links_of(claim_id))[0] == (0, "related")
        annotations.unlink(first)
        assert relations(annotations.links_of(claim_id)) == [(1, "conflicts"), (2, "related")]
        annotations.undo()
        assert relations(annotations.links_of(claim_id))[0] == (0, "related")


def test_links_follow_a_commit_of_another_connection(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        annotations.link(claim_id, evidence[0], "corroborates")
        assert len(annotations.links_of(claim_id)) == 1
        with Store(db_path) as other:
            Annotations(other, "alice").link(claim_id, evidence[3], "conflicts")
        assert relations(annotations.links_of(claim_id)) == [(0, "corroborates"), (3, "conflicts")]
