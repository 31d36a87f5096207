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
from dataclasses import asdict, dataclass, field

from annotator.actions import Actions
from annotator.annotation_store import Claim, claims_on
from annotator.annotation_writer import journaled
from annotator.journal import RowChange
from annotator.labels import LabelSet
from annotator.span_pairing import pair_spans, whole
from annotator.store import Store
from annotator.team import GOLD, annotator_names, load_team_work

SENTENCE, LINK = "sentence", "link"
TAKE, UNION, SET, ACCEPT_AGREED = "take", "union", "set", "accept-agreed"
KEEP_ALL, SET_SPAN = "keep-all", "set-span"  # gold takes every annotator's claims on a sentence; a span the reviewer set


@dataclass(frozen=True, slots=True)
class SentenceAnswer:
    """Claim or not, with type and verdict; the rewrite and note ride along but never count as disagreement."""

    claim: bool
    claim_type: str | None = None
    verdict: str | None = None
    normalized: str | None = field(default=None, compare=False)
    note: str | None = field(default=None, compare=False)
    claims: tuple[tuple[tuple[int, int] | None, str | None, str | None], ...] = field(default=(), compare=False)
    # every claim on the sentence as (span, type, verdict), the first one's labels above; () = one whole-sentence claim

    @property
    def spanned(self) -> bool:
        """Whether the answer is more than one whole-sentence claim: spans or several claims."""
        return len(self.claims) > 1 or any(span is not None for span, _, _ in self.claims)

    def as_json(self) -> dict:
        if not self.claim:
            return {"claim": False}
        found = asdict(self)
        claims = found.pop("claims")
        if self.spanned:
            found["claims"] = [{"span": list(span) if span else None, "claim_type": claim_type, "verdict": verdict}
                               for span, claim_type, verdict in claims]
        return found


@dataclass(frozen=True, slots=True)
class LinkAnswer:
    """The relation of a link, or None for no link."""

    relation: str | None

    def as_json(self) -> dict:
        return {"relation": self.relation}


NO_CLAIM = SentenceAnswer(False)


@dataclass(frozen=True)
class ReviewItem:
    """One claim sentence or one link, with every annotator's answer (annotator order)."""

    kind: str
    source_id: str
    index: int
    sentence_id: int
    answers: dict[str, SentenceAnswer | LinkAnswer]
    evidence_sentence_id: int | None = None
    evidence_source_id: str | None = None
    evidence_index: int | None = None
    single: bool = False  # a single annotation: only one annotator marked its source done
    length: int = 0  # the claim sentence's length in code points (a whole-sentence claim's span)

    @property
    def subject(self) -> str:
        """The decision subject: `sentence:<id>` or `link:<claim sentence id>:<evidence sentence id>`."""
        if self.kind == SENTENCE:
            return f"sentence:{self.sentence_id}"
        return f"link:{self.sentence_id}:{self.evidence_sentence_id}"

    @property
    def agreed(self) -> bool:
        if self.single or len(self.answers) < 2 or len(set(self.answers.values())) != 1:
            return False
        return self.kind == LINK or _same_claims(list(self.answers.values()), self.length)

    @property
    def order(self) -> tuple:
        return (self.source_id, self.index, self.kind == LINK, self.evidence_source_id or "", self.evidence_index or 0)


def review_items(store: Store, annotators: list[str] | None = None, include_partial: bool = False) -> list[ReviewItem]:
    """Every sentence and link item of the annotators (all but gold by default), in reading order.

    Over sources two or more covered (marked done; `include_partial`: read so far), and as single annotations
    the claims and links of a source only one annotator marked done.
    """
    names = annotators if annotators is not None else annotator_names(store)
    work = load_team_work(store, names, include_partial)
    where = work.sentences
    items = []
    for sentence_id, claims in work.claims.items():
        source_id, index = where[sentence_id]
        covering = work.covering(sentence_id)
        if not any(name in claims for name in covering) or not _reviewable(work, source_id, covering):
            continue
        answers = {name: _claim_answer(claims[name]) if name in claims else NO_CLAIM for name in covering}
        for name in answers:
            if name in claims:
                answers[name] = _with_claims(answers[name], work.claim_lists[sentence_id][name])
        items.append(ReviewItem(SENTENCE, source_id, index, sentence_id, answers, single=len(covering) == 1,
                                length=work.lengths.get(sentence_id, 0)))
    for (claim_sentence, evidence_sentence), linked in work.links.items():
        source_id, index = where[claim_sentence]
        covering = work.covering(claim_sentence)
        voters = [name for name in covering if name in work.claims.get(claim_sentence, {})]
        if not any(linked.get(name) for name in voters) or not _reviewable(work, source_id, covering):
            continue
        answers = {name: LinkAnswer(linked.get(name)) for name in voters}
        items.append(ReviewItem(LINK, source_id, index, claim_sentence, answers, evidence_sentence, *where[evidence_sentence],
                                single=len(covering) == 1))
    return sorted(items, key=lambda item: item.order)


def _reviewable(work, source_id: str, covering: list[str]) -> bool:
    """Two or more covered it, or one alone marked the whole source done (a single annotation)."""
    return len(covering) >= 2 or (len(covering) == 1 and (source_id, covering[0]) not in work.reach)


def _claim_answer(claim) -> SentenceAnswer:
    return SentenceAnswer(True, claim.claim_type, claim.verdict, claim.normalized, claim.note)


def _with_claims(answer: SentenceAnswer, found: list) -> SentenceAnswer:
    """The answer carrying every claim of the annotator on the sentence as (span, type, verdict)."""
    claims = tuple((claim.span, claim.claim_type, claim.verdict) for claim in found)
    return SentenceAnswer(answer.claim, answer.claim_type, answer.verdict, answer.normalized, answer.note, claims)


def _same_claims(answers: list[SentenceAnswer], length: int) -> bool:
    """Every answer holds the first one's claims: each paired by the span rule, with the same span, type and verdict."""
    first = answers[0].claims
    for other in (answer.claims for answer in answers[1:]):
        if len(other) != len(first):
            return False
        pairs = pair_spans([whole(span, length) for span, _, _ in first], [whole(span, length) for span, _, _ in other])
        if len(pairs) != len(first):
            return False
        for i, j in pairs:
            if whole(first[i][0], length) != whole(other[j][0], length) or first[i][1:] != other[j][1:]:
                return False
    return True


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
