"""The review queue: every annotator's answer on each claim sentence and link, and whether they agree."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from annotator.span_pairing import pair_spans, whole
from annotator.store import Store
from annotator.team import annotator_names, load_team_work

SENTENCE, LINK = "sentence", "link"


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
