"""Small hand-made team corpora: three sources on one story, annotated by two or three people."""

from __future__ import annotations

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.coverage import set_done
from annotator.ingest import ingest_articles
from annotator.store import Store

# Each source has five sentences (four for c), so sentence (source, index) pairs are easy to name.
TEXTS = {
    "a": "The council approved 40 new buses on Monday. The mayor said the fleet would be electric. "
    "Residents welcomed the plan. Critics said the cost was too high. The vote was seven to two.",
    "b": "City council members approved 40 buses on Monday. The mayor promised an electric fleet. "
    "Opponents said the cost of the buses was excessive. It rained all day. The meeting ran late.",
    "c": "The council approved 35 buses, not 40. A spokesperson declined to comment. The buses arrive next spring. "
    "Nobody asked the drivers.",
}


def ingest_team_texts(store: Store) -> None:
    """Ingest the three sources."""
    ingest_articles(store, [Article(id=source_id, text=text, origin=f"{source_id}.txt") for source_id, text in TEXTS.items()])


def sid(store: Store, source_id: str, index: int) -> int:
    """The id of a sentence by source and position."""
    return store.sentence_at(source_id, index).id


def annotate(store: Store, annotator: str, claims: dict, links: dict | None = None, read: tuple[str, ...] = ()) -> Annotations:
    """Claims {(source, index): (type, verdict)}, links {((source, index), (source, index)): relation}, and sources
    read to the end and marked done."""
    work = Annotations(store, annotator)
    for source_id in read:
        work.remember_position(source_id, 0, furthest=len(store.sentences(source_id)) - 1)
    if read:
        set_done(store, annotator, list(read))
    claim_ids = {}
    for (source_id, index), (claim_type, verdict) in claims.items():
        claim_ids[(source_id, index)] = work.mark_claim(sid(store, source_id, index))
        if claim_type or verdict:
            work.update_claim(claim_ids[(source_id, index)], claim_type=claim_type, verdict=verdict)
    for (claim, evidence), relation in (links or {}).items():
        claim_id = claim_ids.get(claim) or work.mark_claim(sid(store, *claim))
        work.link(claim_id, sid(store, *evidence), relation)
    return work


def two_annotator_store(store: Store) -> Store:
    """alice and bob on sources a and b (both read them); they differ on one claim, one type, one link, one verdict.

    alice: claims a:0 numeric supported, a:1 quote supported, b:0 numeric; links a:0->b:0 corroborates,
           a:0->c:0 conflicts, a:1->b:1 corroborates.
    bob:   claims a:0 numeric refuted, a:1 attribution supported, a:3 event; links a:0->b:0 corroborates,
           a:1->b:1 related.
    Nobody read c.
    """
    ingest_team_texts(store)
    annotate(store, "alice", {("a", 0): ("numeric", "supported"), ("a", 1): ("quote", "supported"), ("b", 0): ("numeric", None)},
             {(("a", 0), ("b", 0)): "corroborates", (("a", 0), ("c", 0)): "conflicts", (("a", 1), ("b", 1)): "corroborates"},
             read=("a", "b"))
    annotate(store, "bob", {("a", 0): ("numeric", "refuted"), ("a", 1): ("attribution", "supported"), ("a", 3): ("event", None)},
             {(("a", 0), ("b", 0)): "corroborates", (("a", 1), ("b", 1)): "related"}, read=("a", "b"))
    return store
