"""What several annotators said in one database: who covered which source, and their claims and links.

Shared by agreement (annotator/agreement_report.py) and adjudication (annotator/adjudication.py), so the
figures and the review queue are built on the same definition of "covered". Reads current source
versions only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from annotator.annotation_store import Claim, Link, claims_on, links_of
from annotator.annotations import Annotations
from annotator.assignments import assigned_by_source
from annotator.coverage import done_by_source, furthest_read
from annotator.errors import InputError
from annotator.store import SourceSummary, Store

GOLD = "gold"


@dataclass(frozen=True, slots=True)
class ClaimAnswer:
    """One annotator's claim on a sentence: the fields agreement compares, and the rest for the reviewer."""

    claim_type: str | None
    verdict: str | None
    normalized: str | None = None
    note: str | None = None
    claim_id: int = 0
    span: tuple[int, int] | None = None  # code points inside the sentence; None = the whole sentence


@dataclass
class TeamWork:
    """Annotations of the chosen annotators on current source versions.

    - `sentences[sentence_id]`: (source id, index) of every current sentence.
    - `covered[source_id]`: annotators who covered the source: who marked it done (annotator/coverage.py);
      with partial coverage also who read some of it, as far as `reach` says.
    - `reach[(source_id, annotator)]`: with partial coverage, the furthest sentence index read by an annotator
      who has not marked the source done; they cover that sentence and those before it.
    - `lengths[sentence_id]`: the sentence's length in code points.
    - `claims[sentence_id][annotator]`: their first claim there (whole-sentence first, then by span start).
    - `claim_lists[sentence_id][annotator]`: all their claims there, in that order.
    - `claim_links[claim_id][evidence_sentence_id]`: the relation of the claim's link (both sentences current).
    - `links[(claim_sentence_id, evidence_sentence_id)][annotator]`: the relation of their link
      (both sentences current).
    """

    annotators: list[str]
    sentences: dict[int, tuple[str, int]] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)
    claims: dict[int, dict[str, ClaimAnswer]] = field(default_factory=dict)
    links: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    reach: dict[tuple[str, str], int] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    claim_lists: dict[int, dict[str, list[ClaimAnswer]]] = field(default_factory=dict)
    claim_links: dict[int, dict[int, str]] = field(default_factory=dict)

    def covers(self, annotator: str, sentence_id: int) -> bool:
        """Whether an annotator covered a sentence: its source is done by them, or they read that far."""
        source_id, index = self.sentences[sentence_id]
        if annotator not in self.covered.get(source_id, ()):
            return False
        furthest = self.reach.get((source_id, annotator))
        return furthest is None or index <= furthest

    def covering(self, sentence_id: int) -> list[str]:
        """The annotators (in order) who covered a sentence."""
        return [name for name in self.annotators if self.covers(name, sentence_id)]

    def partly_covered(self, source_id: str) -> bool:
        """Whether some annotator covers only part of a source."""
        return any((source_id, name) in self.reach for name in self.covered.get(source_id, ()))

    def shared_sources(self) -> list[str]:
        """Sources covered by two or more of the annotators, by id."""
        return sorted(source for source, who in self.covered.items() if len(who) >= 2)

    def worked_not_shared(self) -> list[str]:
        """Sources where two or more of the annotators hold claims but which fewer than two of them cover.

        Agreement compares only covered sources; this is what `agree` points at when it has nothing to compare.
        """
        who_claimed: dict[str, set[str]] = defaultdict(set)
        for sentence_id, answers in self.claims.items():
            who_claimed[self.sentences[sentence_id][0]].update(answers)
        shared = set(self.shared_sources())
        return sorted(source for source, who in who_claimed.items() if len(who) >= 2 and source not in shared)

    def sentences_of(self, source_ids: list[str]) -> list[tuple[int, str, int]]:
        """(sentence id, source id, index) of the current sentences of some sources, in no set order."""
        wanted = set(source_ids)
        return [(sentence_id, source_id, index) for sentence_id, (source_id, index) in self.sentences.items()
                if source_id in wanted]


def summaries_of(store: Store, summaries: list[SourceSummary], annotator: str, where: str) -> list[SourceSummary]:
    """Source summaries whose claim, linked-claim and boilerplate counts are one annotator's only."""
    if annotator not in annotator_names(store, include_gold=True):
        raise InputError(f"has no annotations by {annotator}", where)
    progress = Annotations(store, annotator).progress()
    return [replace(summary, claims=progress.get(summary.id, {}).get("claims", 0),
                    linked_claims=progress.get(summary.id, {}).get("linked", 0),
                    boilerplate=progress.get(summary.id, {}).get("boilerplate", 0),
                    suggested_boilerplate=progress.get(summary.id, {}).get("suggested_boilerplate", 0))
            for summary in summaries]


def claim_with_links(store: Store, annotator: str, sentence_id: int) -> tuple[Claim | None, list[Link]]:
    """One annotator's first claim on a sentence and its links, read-only (for comparing)."""
    claims = claims_on(store, sentence_id, annotator)
    if not claims:
        return None, []
    return claims[0], links_of(store, claims[0].id)


def annotator_names(store: Store, include_gold: bool = False) -> list[str]:
    """Every annotator with any claim, link, boilerplate flag, position or done mark, by name; `gold` only if asked."""
    rows = store.db.execute(
        "SELECT annotator FROM claims UNION SELECT annotator FROM links UNION SELECT annotator FROM boilerplate "
        "UNION SELECT annotator FROM positions UNION SELECT annotator FROM sources_done ORDER BY 1"
    )
    return [name for (name,) in rows if include_gold or name != GOLD]


def load_team_work(store: Store, annotators: list[str], include_partial: bool = False,
                   assigned_only: bool = False) -> TeamWork:
    """Read coverage, claims and links of `annotators` on current source versions.

    Coverage is the sources each marked done; `include_partial` adds the sentences each has read;
    `assigned_only` keeps, of those, the sources each was assigned (gold is never assigned and stays).

    Current sentences are read once into a dict and the annotation tables without joins: a join to
    `sources` per annotation row costs SQLite more than the rows themselves (0.9 s against 0.2 s at
    60,000 claims).
    """
    work = TeamWork(list(annotators))
    if not annotators:
        return work
    rows = store.db.execute("SELECT t.id, t.source_id, t.idx, t.start, t.end FROM sentences t "
                            "JOIN sources s ON s.id = t.source_id AND s.version = t.version").fetchall()
    current = work.sentences = {row[0]: (row[1], row[2]) for row in rows}
    work.lengths = {row[0]: row[4] - row[3] for row in rows}
    starts = {row[0]: row[3] for row in rows}
    covered: dict[str, set[str]] = defaultdict(set, done_by_source(store, annotators))
    if GOLD in annotators:
        for source_id in gold_sources(store, current):
            covered[source_id].add(GOLD)
    if include_partial:
        for (source_id, annotator), furthest in furthest_read(store, annotators).items():
            if annotator not in covered[source_id]:
                covered[source_id].add(annotator)
                work.reach[(source_id, annotator)] = furthest
    if assigned_only:
        covered = _only_assigned(store, covered)
    _load_claims(store, work, annotators, starts)
    _load_links(store, work, annotators)
    work.covered = dict(covered)
    return work


def _load_claims(store: Store, work: TeamWork, annotators: list[str], starts: dict[int, int]) -> None:
    """Every claim of the annotators on a current sentence, its span inside the sentence, whole-sentence ones first."""
    marks = ", ".join("?" for _ in annotators)
    rows = store.db.execute(
        "SELECT c.sentence_id, c.annotator, c.claim_type, c.verdict, c.normalized, c.note, c.id, c.span_start, c.span_end "
        f"FROM claims c WHERE c.annotator IN ({marks})", annotators)
    lists: dict[int, dict[str, list[ClaimAnswer]]] = defaultdict(dict)
    for sentence_id, annotator, claim_type, verdict, normalized, note, claim_id, start, end in rows:
        if sentence_id in starts:
            span = (start - starts[sentence_id], end - starts[sentence_id]) if start is not None else None
            lists[sentence_id].setdefault(annotator, []).append(ClaimAnswer(claim_type, verdict, normalized, note, claim_id, span))
    for by_name in lists.values():
        for found in by_name.values():
            if len(found) > 1:
                found.sort(key=lambda c: (c.span is not None, c.span or (0, 0), c.claim_id))
    work.claim_lists = dict(lists)
    work.claims = {sentence_id: {name: found[0] for name, found in by_name.items()}
                   for sentence_id, by_name in work.claim_lists.items()}


def _load_links(store: Store, work: TeamWork, annotators: list[str]) -> None:
    """The annotators' links between current sentences, by claim sentence and by claim."""
    marks = ", ".join("?" for _ in annotators)
    links: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    by_claim: dict[int, dict[int, str]] = defaultdict(dict)
    rows = store.db.execute(
        "SELECT c.sentence_id, l.evidence_sentence_id, l.annotator, l.relation, l.claim_id FROM links l "
        f"JOIN claims c ON c.id = l.claim_id WHERE l.annotator IN ({marks})", annotators)
    for claim_sentence, evidence_sentence, annotator, relation, claim_id in rows:
        if claim_sentence in work.sentences and evidence_sentence in work.sentences:
            links[(claim_sentence, evidence_sentence)].setdefault(annotator, relation)
            by_claim[claim_id][evidence_sentence] = relation
    work.links, work.claim_links = dict(links), dict(by_claim)


def _only_assigned(store: Store, covered: dict[str, set[str]]) -> dict[str, set[str]]:
    """Coverage cut down to the sources each annotator was assigned; gold keeps all of its own."""
    plan = assigned_by_source(store)
    return {source_id: {name for name in names if name == GOLD or name in plan.get(source_id, ())}
            for source_id, names in covered.items()}


def gold_sources(store: Store, current: dict[int, tuple[str, int]]) -> set[str]:
    """Sources gold covers: the reviewer decided some sentence or link there (gold marks nothing done)."""
    sources = set()
    for (subject,) in store.db.execute("SELECT DISTINCT subject FROM decisions"):
        parts = subject.split(":")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) in current:
            sources.add(current[int(parts[1])][0])
    return sources
