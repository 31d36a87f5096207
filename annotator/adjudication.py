"""Adjudication into `gold`: the queue of what annotators said about each claim sentence and link, and the decisions.

Items, in reading order (source, sentence; a sentence's own item before its links), over sources two or
more annotators covered (annotator/team.py):
- a sentence item for every sentence some annotator marked as a claim: each covering annotator's answer
  is "no claim" or their claim's type and verdict;
- a link item for every (claim sentence, evidence sentence) pair some annotator linked: each annotator
  who marked the claim sentence answers the relation, or none.
An item is agreed when two or more answered and all answers are equal; the rest are disagreements. On a
sentence, equal also means the same claims: each annotator's claims are paired by the span pairing rule
(annotator/span_pairing.py), and every claim must be paired, with the same span, type and verdict.
An item is decided once the `decisions` table holds a decision on its subject (a link item also when its
sentence was decided as "no claim"). Every decision writes the gold rows and the decision row in one
journaled action of the `gold` annotator, so undo takes both back.
"""

from __future__ import annotations

import json

from annotator.actions import Actions
from annotator.annotation_store import Claim, claims_on
from annotator.annotation_writer import journaled
from annotator.gold_state import GoldState, UnionLink, _moot, gold_state, union_plan
from annotator.journal import RowChange
from annotator.labels import LabelSet
from annotator.review_items import LINK, NO_CLAIM, SENTENCE, LinkAnswer, ReviewItem, SentenceAnswer, review_items
from annotator.store import Store
from annotator.team import GOLD

__all__ = ["LINK", "NO_CLAIM", "SENTENCE", "Adjudicator", "GoldState", "LinkAnswer", "ReviewItem", "SentenceAnswer",
           "UnionLink", "gold_state", "review_items", "union_plan"]  # the review's API, wherever each part is defined

TAKE, UNION, SET, ACCEPT_AGREED = "take", "union", "set", "accept-agreed"
KEEP_ALL, SET_SPAN = "keep-all", "set-span"  # gold takes every annotator's claims on a sentence; a span the reviewer set


class Adjudicator:
    """Writes a reviewer's decisions as gold claims and links plus a `decisions` row, one undoable action each."""

    def __init__(self, store: Store, reviewer: str, labels: LabelSet | None = None):
        self.store = store
        self.reviewer = reviewer
        self.gold = Actions(store, GOLD, labels)
        self.writer = self.gold.writer

    def take(self, item: ReviewItem, annotator: str, reason: str | None = None) -> None:
        """Make one annotator's answer gold."""
        self._decide(f"take {annotator}'s answer", [(item, item.answers[annotator])], TAKE, [annotator], reason)

    def set_answer(self, item: ReviewItem, answer: SentenceAnswer | LinkAnswer, reason: str | None = None) -> None:
        """Make a different answer gold."""
        self._decide("set gold answer", [(item, answer)], SET, [], reason)

    def take_claims(self, item: ReviewItem, annotators: list[str], reason: str | None = None) -> int:
        """Gold's claims on the sentence become those annotators' claims, spans and labels (one each span); return how many.

        One annotator: take theirs. Several: keep both (all of them), a span two gave taken once, from the first.
        """
        wanted: dict = {}
        for name in annotators:
            for claim in claims_on(self.store, item.sentence_id, name):
                wanted.setdefault(claim.span, claim)
        choice = TAKE if len(annotators) == 1 else KEEP_ALL
        self._decide_claims(item, list(wanted.values()), choice, annotators, reason)
        return len(wanted)

    def set_span(self, item: ReviewItem, span: tuple[int, int] | None, reason: str | None = None) -> None:
        """Gold holds one claim on the sentence with this span (keeping gold's labels there, if any)."""
        current = claims_on(self.store, item.sentence_id, GOLD)
        labels = current[0] if current else None
        claim = Claim(0, item.sentence_id, GOLD, span, *(labels and (labels.claim_type, labels.normalized,
                                                                     labels.verdict, labels.note) or ()))
        self._decide_claims(item, [claim], SET_SPAN, [], reason)

    def _decide_claims(self, item: ReviewItem, wanted: list[Claim], choice: str, takers: list[str], reason: str | None) -> None:
        """Replace gold's claims on the item's sentence by `wanted` and record the decision, in one journaled action."""

        def mutate() -> list[RowChange]:
            changes = self._replace_claims(item.sentence_id, wanted)
            answer = {"claims": [{"span": list(c.span) if c.span else None, "claim_type": c.claim_type, "verdict": c.verdict}
                                 for c in wanted]}
            payload = {"choice": choice, "from": takers, "answer": answer,
                       "answers": {name: given.as_json() for name, given in item.answers.items()}}
            changes.append(self.writer.add_decision(item.subject, self.reviewer,
                                                    json.dumps(payload, ensure_ascii=False, sort_keys=True), reason or None))
            return changes

        journaled(self.store, GOLD, f"gold claims ({choice})", mutate)

    def union_links(self, items: list[ReviewItem], claim_sentence_id: int, state: GoldState, reason: str | None = None) -> int:
        """Make gold every undecided link of a claim sentence whose linkers agree on the relation; return how many.

        Each decision's `from` names the annotators who made that link, not everyone who linked the claim.
        """
        plan = union_plan(items, claim_sentence_id, state)
        if plan:
            takers = {link.item.subject: list(link.makers) for link in plan}
            self._decide(f"union of {len(plan)} link(s)", [(link.item, LinkAnswer(link.relation)) for link in plan],
                         UNION, takers, reason)
        return len(plan)

    def accept_agreed(self, items: list[ReviewItem], state: GoldState, reason: str | None = None) -> int:
        """Make gold, in one action, every agreed item not decided yet; return how many."""
        chosen = [(item, next(iter(item.answers.values()))) for item in items if item.agreed and not state.decided(item)]
        chosen = [(item, answer) for item, answer in chosen if not _moot(item, state)]
        # An agreed link hangs on a gold claim: accept it only when gold has that claim or everyone who read the
        # sentence calls it a claim (type or verdict may still be open), never when its being a claim is disputed.
        claimed = set(state.claims) | {
            item.sentence_id for item in items if item.kind == SENTENCE and all(answer.claim for answer in item.answers.values())
        }
        chosen = [(item, answer) for item, answer in chosen if item.kind == SENTENCE or item.sentence_id in claimed]
        if chosen:
            self._decide(f"accept {len(chosen)} agreed item(s)", chosen, ACCEPT_AGREED, None, reason)
        return len(chosen)

    def undo(self) -> str | None:
        """Undo the latest gold action (decision and gold rows together)."""
        return self.gold.undo()

    def redo(self) -> str | None:
        return self.gold.redo()

    # --- the writes -----------------------------------------------------------------------------

    def _decide(self, action: str, decisions: list[tuple[ReviewItem, SentenceAnswer | LinkAnswer]], choice: str,
                takers: list[str] | dict[str, list[str]] | None, reason: str | None) -> None:
        """Write gold rows and one decision row per item, all in one journaled transaction of `gold`.

        `takers` is whose answer gold took: the same for every item, per item subject, or None for everyone's.
        """

        def mutate() -> list[RowChange]:
            changes: list[RowChange] = []
            for item, answer in sorted(decisions, key=lambda pair: pair[0].order):
                giver = next((name for name, given in item.answers.items() if given is answer), None)
                if item.kind == SENTENCE and giver and answer.spanned:  # span claims: gold takes them with their spans
                    changes += self._replace_claims(item.sentence_id, claims_on(self.store, item.sentence_id, giver))
                elif item.kind == SENTENCE:
                    changes += self._write_sentence(item.sentence_id, answer)
                else:
                    changes += self._write_link(item.sentence_id, item.evidence_sentence_id, answer.relation)
                source = takers.get(item.subject, []) if isinstance(takers, dict) else takers
                source = source if source is not None else sorted(item.answers)
                changes.append(self._write_decision(item, answer, choice, source, reason))
            return changes

        journaled(self.store, GOLD, action, mutate)

    def _replace_claims(self, sentence_id: int, wanted: list[Claim]) -> list[RowChange]:
        """Gold's claims on a sentence become `wanted` (spans and labels); a claim on a span kept keeps its links."""
        changes: list[RowChange] = []
        kept = {claim.span: claim for claim in claims_on(self.store, sentence_id, GOLD)}
        for span, claim in kept.items():
            if span not in {w.span for w in wanted}:
                changes += self.writer.remove_claim(claim.id)
        for claim in wanted:
            fields = {"claim_type": claim.claim_type, "verdict": claim.verdict, "normalized": claim.normalized,
                      "note": claim.note}
            if claim.span in kept:
                changes += self.writer.set_claim(kept[claim.span].id, **fields)
            else:
                changes.append(self.writer.add_claim(GOLD, sentence_id, claim.span, **fields))
        return changes

    def _gold_claim(self, sentence_id: int) -> Claim | None:
        """Gold's claim on a sentence (the whole-sentence one first), if any."""
        claims = claims_on(self.store, sentence_id, GOLD)
        return claims[0] if claims else None

    def _write_sentence(self, sentence_id: int, answer: SentenceAnswer) -> list[RowChange]:
        """Gold's claim on a sentence becomes `answer` (no claim deletes it with its links)."""
        claim = self._gold_claim(sentence_id)
        if not answer.claim:
            return self.writer.remove_claim(claim.id) if claim else []
        fields = {"claim_type": answer.claim_type, "verdict": answer.verdict}
        fields.update({name: getattr(answer, name) for name in ("normalized", "note") if getattr(answer, name) is not None})
        if claim is None:
            return [self.writer.add_claim(GOLD, sentence_id, **fields)]
        return self.writer.set_claim(claim.id, **fields)

    def _write_link(self, claim_sentence_id: int, evidence_sentence_id: int, relation: str | None) -> list[RowChange]:
        """Gold's link becomes `relation` (None deletes it); a gold claim is made first when needed."""
        changes: list[RowChange] = []
        claim = self._gold_claim(claim_sentence_id)
        if claim is None:
            if relation is None:
                return []
            changes.append(self.writer.add_claim(GOLD, claim_sentence_id))
            claim = self._gold_claim(claim_sentence_id)
        row = self.store.db.execute("SELECT id FROM links WHERE claim_id = ? AND evidence_sentence_id = ?",
                                    [claim.id, evidence_sentence_id]).fetchone()
        if relation is None:
            return changes + (self.writer.remove_link(row[0]) if row else [])
        return changes + self.writer.add_link(GOLD, claim.id, evidence_sentence_id, relation)

    def _write_decision(self, item: ReviewItem, answer, choice: str, source: list[str], reason: str | None) -> RowChange:
        """One row in `decisions`: subject, who, when, why, and a payload with every annotator's answer."""
        payload = {"choice": choice, "from": source, "answer": answer.as_json(),
                   "answers": {name: given.as_json() for name, given in item.answers.items()}}
        return self.writer.add_decision(item.subject, self.reviewer, json.dumps(payload, ensure_ascii=False, sort_keys=True),
                                        reason or None)
