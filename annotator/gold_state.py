"""What gold holds now (claims, links, decisions), what is decided, and the links a union of links would make gold."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.review_items import LINK, NO_CLAIM, SENTENCE, LinkAnswer, ReviewItem, SentenceAnswer
from annotator.store import Store
from annotator.team import GOLD


@dataclass
class GoldState:
    """What gold holds now: its claims by sentence, its links by (claim sentence, evidence), decisions by subject."""

    claims: dict[int, dict]
    links: dict[tuple[int, int], dict]
    decisions: dict[str, list[dict]]

    def decided(self, item: ReviewItem) -> bool:
        """Whether a decision settles the item (a link also when its sentence was decided as no claim)."""
        if item.subject in self.decisions:
            return True
        return item.kind == LINK and f"sentence:{item.sentence_id}" in self.decisions and item.sentence_id not in self.claims

    def answer(self, item: ReviewItem) -> SentenceAnswer | LinkAnswer | None:
        """Gold's answer to an item now, or None when gold says nothing yet."""
        if item.kind == SENTENCE:
            claim = self.claims.get(item.sentence_id)
            if claim is None:
                return NO_CLAIM if item.subject in self.decisions else None
            return SentenceAnswer(True, claim["claim_type"], claim["verdict"], claim["normalized"], claim["note"])
        link = self.links.get((item.sentence_id, item.evidence_sentence_id))
        if link is None:
            return LinkAnswer(None) if self.decided(item) else None
        return LinkAnswer(link["relation"])


def gold_state(store: Store) -> GoldState:
    """Read gold's claims, links and every decision (oldest first per subject)."""
    claims = {row["sentence_id"]: row for row in store.db.query("SELECT * FROM claims WHERE annotator = ?", [GOLD])}
    links = {
        (row.pop("claim_sentence_id"), row["evidence_sentence_id"]): row
        for row in store.db.query(
            "SELECT c.sentence_id AS claim_sentence_id, l.* FROM links l JOIN claims c ON c.id = l.claim_id WHERE l.annotator = ?",
            [GOLD],
        )
    }
    decisions: dict[str, list[dict]] = {}
    for row in store.db.query("SELECT * FROM decisions ORDER BY id"):
        decisions.setdefault(row["subject"], []).append(row)
    return GoldState(claims, links, decisions)


@dataclass(frozen=True)
class UnionLink:
    """A link the union of links would make gold: its item, relation, and the annotators who made it."""

    item: ReviewItem
    relation: str
    makers: tuple[str, ...]

    @property
    def lone(self) -> bool:
        """Made by one annotator only, or not by everyone who marked the claim: the reviewer is asked first."""
        return len(self.makers) < max(2, len(self.item.answers))


def union_plan(items: list[ReviewItem], claim_sentence_id: int, state: GoldState) -> list[UnionLink]:
    """The undecided links of a claim sentence whose linkers agree on the relation, with who made each."""
    plan = []
    for item in items:
        if item.kind != LINK or item.sentence_id != claim_sentence_id or state.decided(item):
            continue
        relations = {answer.relation for answer in item.answers.values()} - {None}
        if len(relations) == 1:
            makers = tuple(name for name, answer in item.answers.items() if answer.relation)
            plan.append(UnionLink(item, relations.pop(), makers))
    return plan


def _moot(item: ReviewItem, state: GoldState) -> bool:
    """A link whose claim sentence gold decided is no claim needs no decision of its own."""
    return item.kind == LINK and f"sentence:{item.sentence_id}" in state.decisions and item.sentence_id not in state.claims
