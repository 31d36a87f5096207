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


def queries_of(store, run) -> list[str]:
    """The SQL statements `run()` sends through the store's connection."""
    sent: list[str] = []
    store.db.conn.set_trace_callback(sent.append)
    try:
        run()
    finally:
        store.db.conn.set_trace_callback(None)
    return sent


def links_read_whole(queries: list[str]) -> int:
    """How many of `queries` read all of a claim's links (not one link by id)."""
    return sum("FROM links l" in query and "l.claim_id = " in query for query in queries)


def test_a_link_written_here_is_put_in_without_reading_the_claims_links_again(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        annotations.link(claim_id, evidence[2], "related")
        before = annotations.links_of(claim_id)
        queries = queries_of(store, lambda: annotations.link_passing_over(claim_id, evidence[0], "corroborates", [(evidence[3], 2)]))
        after = queries_of(store, lambda: annotations.links_of(claim_id))
        assert links_read_whole(queries + after) == 0
        assert relations(annotations.links_of(claim_id)) == [(0, "corroborates"), (2, "related")]
        assert annotations.links_of(claim_id)[1] is before[0]
        annotations.link_passing_over(claim_id, evidence[2], "conflicts", [])  # a new relation for a link read before
        assert relations(annotations.links_of(claim_id)) == [(0, "corroborates"), (2, "conflicts")]
        fresh = Annotations(store, "alice").links_of(claim_id)  # read from the rows: what the put-in list must equal
        assert annotations.links_of(claim_id) == fresh


def test_a_link_written_here_after_another_connections_commit_reads_the_links_again(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        annotations.link(claim_id, evidence[0], "corroborates")
        assert len(annotations.links_of(claim_id)) == 1
        with Store(db_path) as other:  # commits between this window's read and its write
            Annotations(other, "alice").link(claim_id, evidence[3], "conflicts")
        annotations.link_passing_over(claim_id, evidence[1], "related", [])
        assert relations(annotations.links_of(claim_id)) == [(0, "corroborates"), (1, "related"), (3, "conflicts")]


def test_a_link_into_an_evidence_set_reads_the_claims_links_again(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        number = annotations.link_set(claim_id, evidence[:2], "corroborates")
        annotations.links_of(claim_id)
        annotations.link_passing_over(claim_id, evidence[1], "conflicts", [], evidence_set=number)  # relabels the set
        assert relations(annotations.links_of(claim_id)) == [(0, "conflicts"), (1, "conflicts")]


def test_a_saved_reading_position_keeps_the_links_read(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        annotations.link(claim_id, evidence[0], "corroborates")
        before = annotations.links_of(claim_id)
        annotations.remember_position("a", 1)  # the app saves the cursor every couple of seconds
        assert links_read_whole(queries_of(store, lambda: annotations.links_of(claim_id))) == 0
        assert annotations.links_of(claim_id)[0] is before[0]
        assert annotations.position("a") == (1, 1)


def test_a_position_saved_after_another_connections_commit_reads_the_links_again(db_path):
    store, annotations, claim_id, evidence = setup(db_path)
    with store:
        annotations.link(claim_id, evidence[0], "corroborates")
        assert len(annotations.links_of(claim_id)) == 1
        with Store(db_path) as other:  # commits between this window's read and its position save
            Annotations(other, "alice").link(claim_id, evidence[3], "conflicts")
        annotations.remember_position("a", 1)
        assert relations(annotations.links_of(claim_id)) == [(0, "corroborates"), (3, "conflicts")]
