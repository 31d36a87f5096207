"""Declared coverage: the sources each annotator has marked done, how far they read, and the claims x sources grid.

Agreement and review compare annotators only where each has said "done" (or, when asked, on the
sentences each has reached: the furthest sentence read, kept in `positions`). Marking done is an
annotation action like any other: journaled, so `u` and `annotator done --undo` take it back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from annotator.annotation_writer import AnnotationWriter, journaled
from annotator.assignments import assigned_by_source
from annotator.errors import InputError
from annotator.store import SourceSummary, Store

DONE_TABLE = "sources_done"


def require_sources(store: Store, source_ids: list[str], where: str | None = None) -> list[str]:
    """The ids as stored (one typed in the other Unicode form finds its source); refuse those the database lacks."""
    stored = [store.stored_source_id(source_id) for source_id in source_ids]
    known = {row[0] for row in store.db.execute("SELECT id FROM sources")}
    unknown = [source_id for source_id in stored if source_id not in known]
    if unknown:
        raise InputError(f"has no source {', '.join(unknown)} (see `annotator sources`)", where)
    return stored


def set_done(store: Store, annotator: str, source_ids: list[str], done: bool = True) -> int:
    """Mark (or unmark) sources as done by one annotator, in one undoable action; return how many changed."""
    writer = AnnotationWriter(store)

    def mutate():
        return [change for source_id in dict.fromkeys(source_ids)
                for change in writer.set_source_done(annotator, source_id, done)]

    return len(journaled(store, annotator, "mark source done" if done else "unmark source done", mutate))


def is_done(store: Store, annotator: str, source_id: str) -> bool:
    """Whether an annotator has marked a source done."""
    return store.db.execute(f"SELECT 1 FROM {DONE_TABLE} WHERE source_id = ? AND annotator = ?",
                            [source_id, annotator]).fetchone() is not None


def done_by_source(store: Store, annotators: list[str] | None = None) -> dict[str, set[str]]:
    """Per source id, the annotators (of those given, default all) who marked it done."""
    done: dict[str, set[str]] = defaultdict(set)
    for source_id, annotator in store.db.execute(f"SELECT source_id, annotator FROM {DONE_TABLE}"):
        if annotators is None or annotator in annotators:
            done[source_id].add(annotator)
    return dict(done)


def with_done(store: Store, summaries: list[SourceSummary]) -> list[SourceSummary]:
    """Source summaries with the annotators who marked each done and those it is assigned to."""
    done, assigned = done_by_source(store), assigned_by_source(store)
    return [replace(summary, done_by=tuple(sorted(done.get(summary.id, ()))), assigned_to=tuple(assigned.get(summary.id, ())))
            if summary.id in done or summary.id in assigned else summary  # copying 40,000 unmarked ones costs a second
            for summary in summaries]


def furthest_read(store: Store, annotators: list[str]) -> dict[tuple[str, str], int]:
    """(source id, annotator) -> the furthest sentence index read: the app's reading progress, or a claim further on."""
    marks = ", ".join("?" for _ in annotators)
    reach: dict[tuple[str, str], int] = {}
    rows = store.db.execute(f"SELECT source_id, annotator, furthest_idx FROM positions WHERE annotator IN ({marks})", annotators)
    for source_id, annotator, furthest in rows:
        reach[(source_id, annotator)] = furthest
    rows = store.db.execute(
        "SELECT t.source_id, c.annotator, max(t.idx) FROM claims c JOIN sentences t ON t.id = c.sentence_id "
        f"JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE c.annotator IN ({marks}) "
        "GROUP BY t.source_id, c.annotator", annotators)
    for source_id, annotator, furthest in rows:
        reach[(source_id, annotator)] = max(furthest, reach.get((source_id, annotator), -1))
    return reach


@dataclass
class CoverageGrid:
    """Which claims have evidence in which sources, and which sources each annotator has done.

    `evidence[claim_ref][source_id][relation]` counts links (every annotator's, gold apart) from the claim
    sentence `claim_ref` ("source:index") into the source.
    """

    sources: list[str]
    done: dict[str, list[str]]  # source id -> annotators who marked it done
    assigned: dict[str, list[str]] = field(default_factory=dict)  # source id -> annotators it is assigned to
    claims: dict[str, dict] = field(default_factory=dict)  # claim ref -> {"text", "annotators"}
    evidence: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def as_json(self) -> dict:
        """JSON-ready data: sources with who has done them and who is assigned, and each claim with its evidence per source."""
        annotators = sorted({name for names in [*self.done.values(), *self.assigned.values()] for name in names})
        return {
            "sources": [{"id": source_id, "done_by": self.done.get(source_id, []),
                         "assigned_to": self.assigned.get(source_id, [])} for source_id in self.sources],
            "annotators": {name: self._annotator_json(name) for name in annotators},
            "claims": [{"ref": ref, **info, "evidence": self.evidence.get(ref, {})} for ref, info in self.claims.items()],
        }


    def _annotator_json(self, name: str) -> dict:
        """One annotator's done and not-done sources, and which of their assigned sources are still to do."""
        done = [s for s in self.sources if name in self.done.get(s, [])]
        assigned = [s for s in self.sources if name in self.assigned.get(s, [])]
        return {"done": done, "not_done": [s for s in self.sources if s not in done],
                "assigned": assigned, "assigned_not_done": [s for s in assigned if s not in done]}


def coverage_grid(store: Store, include_gold: bool = False) -> CoverageGrid:
    """The claims x sources grid over current source versions, with the done marks."""
    sources = [row[0] for row in store.db.execute("SELECT id FROM sources ORDER BY id")]
    done = {source_id: sorted(names) for source_id, names in done_by_source(store).items()}
    grid = CoverageGrid(sources, done, assigned_by_source(store))
    gold = "" if include_gold else "AND c.annotator != 'gold'"
    rows = store.db.execute(
        "SELECT t.source_id, t.idx, t.text, group_concat(DISTINCT c.annotator) FROM claims c "
        "JOIN sentences t ON t.id = c.sentence_id JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        f"WHERE 1 {gold} GROUP BY t.id ORDER BY t.source_id, t.idx")
    for source_id, index, text, names in rows:
        grid.claims[f"{source_id}:{index}"] = {"text": text, "annotators": sorted(names.split(","))}
    rows = store.db.execute(
        "SELECT ct.source_id, ct.idx, et.source_id, l.relation, count(*) FROM links l JOIN claims c ON c.id = l.claim_id "
        "JOIN sentences ct ON ct.id = c.sentence_id JOIN sources cs ON cs.id = ct.source_id AND cs.version = ct.version "
        "JOIN sentences et ON et.id = l.evidence_sentence_id "
        f"WHERE 1 {gold.replace('c.annotator', 'l.annotator')} GROUP BY ct.id, et.source_id, l.relation")
    for source_id, index, evidence_source, relation, count in rows:
        cell = grid.evidence.setdefault(f"{source_id}:{index}", {}).setdefault(evidence_source, {})
        cell[relation] = count
    return grid
