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


@dataclass
class TeamWork:
    """Annotations of the chosen annotators on current source versions.

    - `sentences[sentence_id]`: (source id, index) of every current sentence.
    - `covered[source_id]`: annotators who covered the source: who marked it done (annotator/coverage.py);
      with partial coverage also who read some of it, as far as `reach` says.
    - `reach[(source_id, annotator)]`: with partial coverage, the furthest sentence index read by an annotator
      who has not marked the source done; they cover that sentence and those before it.
    - `claims[sentence_id][annotator]`: their claim there.
    - `links[(claim_sentence_id, evidence_sentence_id)][annotator]`: the relation of their link
      (both sentences current).
    """

    annotators: list[str]
    sentences: dict[int, tuple[str, int]] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)
    claims: dict[int, dict[str, ClaimAnswer]] = field(default_factory=dict)
    links: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    reach: dict[tuple[str, str], int] = field(default_factory=dict)

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
    current = work.sentences = {
        row[0]: (row[1], row[2]) for row in store.db.execute(
            "SELECT t.id, t.source_id, t.idx FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version")
    }
    marks = ", ".join("?" for _ in annotators)
    covered: dict[str, set[str]] = defaultdict(set, done_by_source(store, annotators))
    if GOLD in annotators:
        for source_id in gold_sources(store, current):
            covered[source_id].add(GOLD)
    if include_partial:
        for (source_id, annotator), furthest in furthest_read(store, annotators).items():
            if annotator not in covered[source_id]:
                covered[source_id].add(annotator)
                work.reach[(source_id, annotator)] = furthest
    claims: dict[int, dict[str, ClaimAnswer]] = defaultdict(dict)
    rows = store.db.execute(
        f"SELECT sentence_id, annotator, claim_type, verdict, normalized, note FROM claims WHERE annotator IN ({marks})", annotators)
    for sentence_id, annotator, *fields in rows:
        if sentence_id in current:
            claims[sentence_id][annotator] = ClaimAnswer(*fields)
    links: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    rows = store.db.execute(
        "SELECT c.sentence_id, l.evidence_sentence_id, l.annotator, l.relation FROM links l JOIN claims c ON c.id = l.claim_id "
        f"WHERE l.annotator IN ({marks})", annotators)
    for claim_sentence, evidence_sentence, annotator, relation in rows:
        if claim_sentence in current and evidence_sentence in current:
            links[(claim_sentence, evidence_sentence)][annotator] = relation
    if assigned_only:
        covered = _only_assigned(store, covered)
    work.covered, work.claims, work.links = dict(covered), dict(claims), dict(links)
    return work


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
