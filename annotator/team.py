"""What several annotators said in one database: who covered which source, and their claims and links.

Shared by agreement (annotator/agreement_report.py) and adjudication (annotator/adjudication.py), so the
figures and the review queue are built on the same definition of "covered". Reads current source
versions only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.store import Store

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

    - `covered[source_id]`: annotators who covered the source. An annotator covers a source when they
      have a position row in it (they opened it) or any claim or boilerplate flag in it.
    - `claims[sentence_id][annotator]`: their claim there.
    - `links[(claim_sentence_id, evidence_sentence_id)][annotator]`: the relation of their link.
    """

    annotators: list[str]
    covered: dict[str, set[str]] = field(default_factory=dict)
    claims: dict[int, dict[str, ClaimAnswer]] = field(default_factory=dict)
    links: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)

    def shared_sources(self) -> list[str]:
        """Sources covered by two or more of the annotators, by id."""
        return sorted(source for source, who in self.covered.items() if len(who) >= 2)


def annotator_names(store: Store, include_gold: bool = False) -> list[str]:
    """Every annotator with any claim, link, boilerplate flag or position, by name; `gold` only if asked."""
    rows = store.db.execute(
        "SELECT annotator FROM claims UNION SELECT annotator FROM links UNION SELECT annotator FROM boilerplate "
        "UNION SELECT annotator FROM positions ORDER BY 1"
    )
    return [name for (name,) in rows if include_gold or name != GOLD]


CURRENT = "JOIN sentences t ON t.id = {column} JOIN sources s ON s.id = t.source_id AND s.version = t.version"


def load_team_work(store: Store, annotators: list[str]) -> TeamWork:
    """Read coverage, claims and links of `annotators` on current source versions."""
    work = TeamWork(list(annotators))
    if not annotators:
        return work
    marks = ", ".join("?" for _ in annotators)
    covered: dict[str, set[str]] = defaultdict(set)
    coverage_sql = (
        f"SELECT p.source_id, p.annotator FROM positions p WHERE p.annotator IN ({marks}) "
        f"UNION SELECT t.source_id, c.annotator FROM claims c {CURRENT.format(column='c.sentence_id')} WHERE c.annotator IN ({marks}) "
        f"UNION SELECT t.source_id, b.annotator FROM boilerplate b {CURRENT.format(column='b.sentence_id')} WHERE b.annotator IN ({marks})"
    )
    for source_id, annotator in store.db.execute(coverage_sql, annotators * 3):
        covered[source_id].add(annotator)
    work.covered = dict(covered)
    claims: dict[int, dict[str, ClaimAnswer]] = defaultdict(dict)
    claim_sql = (f"SELECT c.sentence_id, c.annotator, c.claim_type, c.verdict, c.normalized, c.note FROM claims c "
                 f"{CURRENT.format(column='c.sentence_id')} WHERE c.annotator IN ({marks})")
    for sentence_id, annotator, *fields in store.db.execute(claim_sql, annotators):
        claims[sentence_id][annotator] = ClaimAnswer(*fields)
    work.claims = dict(claims)
    links: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    link_sql = (f"SELECT c.sentence_id, l.evidence_sentence_id, l.annotator, l.relation FROM links l "
                f"JOIN claims c ON c.id = l.claim_id {CURRENT.format(column='c.sentence_id')} WHERE l.annotator IN ({marks})")
    for claim_sentence, evidence_sentence, annotator, relation in store.db.execute(link_sql, annotators):
        links[(claim_sentence, evidence_sentence)][annotator] = relation
    work.links = dict(links)
    return work


def sentences_of(store: Store, source_ids: list[str]) -> list[tuple[int, str, int]]:
    """(sentence id, source id, index) of the current versions of some sources, in reading order."""
    wanted = set(source_ids)
    rows = store.db.execute(
        "SELECT t.id, t.source_id, t.idx FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "ORDER BY t.source_id, t.idx")
    return [tuple(row) for row in rows if row[1] in wanted]
