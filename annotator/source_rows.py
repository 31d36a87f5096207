"""The sources view's rows: every source with one annotator's progress, and the first screenful before the counts."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.annotations import annotator_progress
from annotator.assignments import ASSIGNMENTS_TABLE
from annotator.coverage import DONE_TABLE, with_done
from annotator.store import SourceSummary, Store

UNCOUNTED = "…"  # a count still being read


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One source with an annotator's progress in it."""

    summary: SourceSummary
    claims: int
    linked: int
    boilerplate: int
    read_percent: int
    done: bool = False  # you marked the source done
    assigned: bool = False  # the source is assigned to you (listed first)
    counted: bool = True  # False: a first-screen row whose counts are still being read

    def cells(self) -> list[str]:
        """The fixed-width column texts, in the sources view's column order."""
        s = self.summary
        if not self.counted:
            return [s.id, s.outlet or "—", s.published or "—", *[UNCOUNTED] * 5]
        return [s.id, s.outlet or "—", s.published or "—", str(s.sentences), str(self.claims), str(self.linked),
                str(self.boilerplate), "done" if self.done else f"{self.read_percent}%"]


def source_rows(store: Store, annotator: str, shown: str | None = None) -> list[SourceRow]:
    """Every source with `shown`'s progress (else `annotator`'s), those assigned to `annotator` first, each group by id."""
    progress = annotator_progress(store, shown or annotator)
    rows = []
    for summary in with_done(store, store.source_summaries()):
        mine = progress.get(summary.id, {})
        read = min(mine.get("reviewed", 0), summary.sentences)
        rows.append(SourceRow(summary, mine.get("claims", 0), mine.get("linked", 0), mine.get("boilerplate", 0),
                              100 * read // max(summary.sentences, 1), annotator in summary.done_by,
                              annotator in summary.assigned_to))
    return sorted(rows, key=lambda row: not row.assigned)  # stable: the order source_summaries gave inside each group


def first_source_rows(store: Store, annotator: str, limit: int) -> list[SourceRow]:
    """The first `limit` rows `source_rows` gives, in its order, without counts: a few index reads at any corpus size."""
    mine = f"SELECT source_id FROM {ASSIGNMENTS_TABLE} WHERE annotator = ?"
    columns = "SELECT id, title, outlet, published, version FROM sources"
    heads = store.db.execute(f"{columns} WHERE id IN ({mine}) ORDER BY id LIMIT ?", [annotator, limit]).fetchall()
    heads += store.db.execute(f"{columns} WHERE id NOT IN ({mine}) ORDER BY id LIMIT ?",
                              [annotator, limit - len(heads)]).fetchall()
    ids = [head[0] for head in heads]
    done, assigned = _marks(store, DONE_TABLE, ids), _marks(store, ASSIGNMENTS_TABLE, ids)
    rows = []
    for source_id, title, outlet, published, version in heads:
        summary = SourceSummary(source_id, title, outlet, published, version, 0, 0, 0, 0,
                                done_by=tuple(sorted(done.get(source_id, ()))), assigned_to=tuple(assigned.get(source_id, ())))
        rows.append(SourceRow(summary, 0, 0, 0, 0, annotator in summary.done_by, annotator in summary.assigned_to,
                              counted=False))
    return rows


def source_names(store: Store) -> list[tuple[str, str | None, str | None]]:
    """Every source's id, title and outlet, by id (as the sources view lists them): one read of the sources table."""
    return [tuple(row) for row in store.db.execute("SELECT id, title, outlet FROM sources ORDER BY id")]


def _marks(store: Store, table: str, source_ids: list[str]) -> dict[str, list[str]]:
    """Per source id of those given, the annotators a done or assignment table names for it, by name."""
    marks: dict[str, list[str]] = {}
    places = ", ".join("?" for _ in source_ids)
    for source_id, name in store.db.execute(f"SELECT source_id, annotator FROM {table} WHERE source_id IN ({places}) "
                                            "ORDER BY source_id, annotator", source_ids):
        marks.setdefault(source_id, []).append(name)
    return marks
