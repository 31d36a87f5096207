"""The evaluation story: real articles on one event (bench/story/<name>/) with hand-written gold links and number clashes.

A gold file names each sentence as "SOURCE_ID: a piece of its text" found in exactly one sentence of that
source, so the gold does not depend on sentence indices. `story_database` ingests the articles with the
real `ingest_articles` into a fresh database and resolves every reference, failing loudly on a bad one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.safe_yaml import load_yaml
from annotator.store import Sentence, Store

STORY = Path(__file__).resolve().parent / "story"
DEFAULT_STORY = "haiti-2010"
RELATIONS = ("corroborates", "conflicts", "related")


@dataclass(frozen=True)
class StoryCase:
    """One gold claim: its sentence, its gold evidence by relation, and its gold clashes (evidence id -> kind)."""

    claim: Sentence
    evidence: dict[int, str]  # sentence id -> relation
    clashes: dict[int, str]  # sentence id -> "conflict" or "update"

    def gold(self, relation: str | None = None) -> frozenset[int]:
        """The evidence ids with that relation (all of them when None)."""
        return frozenset(i for i, r in self.evidence.items() if relation is None or r == relation)


def story_database(db_path: Path, name: str = DEFAULT_STORY) -> tuple[Store, list[StoryCase], int]:
    """A fresh database holding the story's articles, its gold cases, and how many articles it has."""
    articles = read_articles([STORY / name])
    store = Store(db_path)
    ingest_articles(store, articles)
    gold = load_yaml((STORY / f"{name}.gold.yaml").read_text(encoding="utf-8"))
    resolve = _resolver(store)
    clashes: dict[int, dict[int, str]] = {}
    for clash in gold["clashes"]:
        clashes.setdefault(resolve(clash["claim"]).id, {})[resolve(clash["evidence"]).id] = clash["kind"]
    cases = []
    for entry in gold["claims"]:
        claim = resolve(entry["claim"])
        evidence = {resolve(link["evidence"]).id: link["relation"] for link in entry["links"]}
        assert set(evidence.values()) <= set(RELATIONS), entry
        assert set(clashes.get(claim.id, {})) <= set(evidence), f"a clash of {entry['claim']} is not among its links"
        assert all(c.claim.id != claim.id for c in cases), f"{entry['claim']} names a sentence claimed before"
        cases.append(StoryCase(claim, evidence, clashes.get(claim.id, {})))
    assert sum(len(c.clashes) for c in cases) == len(gold["clashes"]), "a clash names a claim that is not a gold claim"
    return store, cases, len(articles)


def _resolver(store: Store):
    """A function from "SOURCE_ID: piece of text" to the one current sentence of that source containing it."""
    def resolve(reference: str) -> Sentence:
        source_id, _, piece = reference.partition(": ")
        found = [s for s in store.sentences(source_id) if piece in s.text]
        if len(found) != 1:
            raise ValueError(f"gold reference {reference!r} matches {len(found)} sentences, not one")
        return found[0]
    return resolve
