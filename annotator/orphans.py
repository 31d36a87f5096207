"""Orphans: annotations left on an older version of an edited source, listed and re-attached by hand.

An annotation is orphaned exactly when the sentence it points at is not on its source's current
version. That is a query, not a stored flag, so nothing can fall between the cracks: rows that
re-anchoring could not place, rows an undo put back on an old sentence, all show up here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from annotator import journal
from annotator.annotation_writer import AnnotationWriter
from annotator.errors import InputError, quoted
from annotator.journal import RowChange
from annotator.store import Sentence, Store
from annotator.whole_number import whole_number

KINDS = ("claim", "link", "boilerplate")

ORPHANS_SQL = """
SELECT 'claim' AS kind, c.id AS item, c.annotator, t.source_id, t.version, t.idx, t.text, NULL AS claim_id
  FROM claims c CROSS JOIN sentences t ON t.id = c.sentence_id
  CROSS JOIN sources s ON s.id = t.source_id AND s.version != t.version
UNION ALL
SELECT 'link', l.id, l.annotator, t.source_id, t.version, t.idx, t.text, l.claim_id
  FROM links l CROSS JOIN sentences t ON t.id = l.evidence_sentence_id
  CROSS JOIN sources s ON s.id = t.source_id AND s.version != t.version
UNION ALL
SELECT 'boilerplate', b.sentence_id, b.annotator, t.source_id, t.version, t.idx, t.text, NULL
  FROM boilerplate b CROSS JOIN sentences t ON t.id = b.sentence_id
  CROSS JOIN sources s ON s.id = t.source_id AND s.version != t.version
"""


@dataclass(frozen=True)
class Orphan:
    """One annotation stranded on an old version: what it is, whose, and the sentence it still quotes."""

    kind: str  # claim, link (its evidence side is stranded) or boilerplate
    item: int  # claim id, link id, or the old sentence id of a boilerplate flag
    annotator: str
    source_id: str
    version: int
    index: int
    text: str
    claim_id: int | None  # for links: the claim they belong to

    @property
    def ref(self) -> str:
        """How the command line names it: claim:12, link:7, boilerplate:345."""
        return f"{self.kind}:{self.item}"

    def as_dict(self) -> dict:
        """Plain fields for JSON output."""
        return {"ref": self.ref, **asdict(self)}


def orphaned(store: Store, source_id: str | None = None) -> list[Orphan]:
    """Every orphaned annotation (of one source, or all), by source, old position and kind."""
    query = f"SELECT * FROM ({ORPHANS_SQL})"
    params: list = []
    if source_id is not None:
        query, params = query + " WHERE source_id = ?", [source_id]
    rows = store.db.execute(query + " ORDER BY source_id, version, idx, kind, item, annotator", params)
    return [Orphan(*row) for row in rows]


def orphan_counts(store: Store) -> dict[str, int]:
    """How many orphaned annotations each source has (sources without any are absent)."""
    rows = store.db.execute(f"SELECT source_id, count(*) FROM ({ORPHANS_SQL}) GROUP BY source_id")
    return dict(rows.fetchall())


def parse_ref(ref: str) -> tuple[str, int]:
    """`claim:12` -> ("claim", 12); anything else is an InputError."""
    kind, _, number = ref.partition(":")
    if kind not in KINDS or whole_number(number) is None:
        raise InputError(f"{quoted(ref)} is not an orphan reference; expected claim:ID, link:ID or boilerplate:ID "
                         "(see `annotator orphans`)")
    return kind, whole_number(number)


def reattach(store: Store, annotator: str, ref: str, target: Sentence) -> str:
    """Put one of `annotator`'s orphans on a current sentence, as one undoable action; return what was done."""
    kind, item = parse_ref(ref)
    orphan = next((o for o in orphaned(store) if o.kind == kind and o.item == item and o.annotator == annotator), None)
    if orphan is None:
        raise InputError(f"{ref} is not an orphan of {annotator} (see `annotator orphans`)")
    writer = AnnotationWriter(store)
    with store.db.atomic():
        if kind == "claim":
            change = _reattach_claim(store, writer, item, target)
        elif kind == "link":
            change = writer.move_link(item, target.id)
        else:
            change = writer.move_boilerplate(item, annotator, target.id)
        journal.append(store, annotator, "do", f"reattach {ref}", change)
    return f"{ref} now on {target.source_id}:{target.index}"


def _reattach_claim(store: Store, writer: AnnotationWriter, claim_id: int, target: Sentence) -> list[RowChange]:
    """Move a claim; its span is kept when its words are in the target sentence, else cleared."""
    before = writer.claim_row(claim_id)
    span = (None, None)
    if before["span_start"] is not None:
        old_text = store.db.execute(
            "SELECT v.text FROM sentences t JOIN source_versions v ON v.source_id = t.source_id AND v.version = t.version "
            "WHERE t.id = ?", [before["sentence_id"]]).fetchone()[0]
        quoted = old_text[before["span_start"] : before["span_end"]]
        found = target.text.find(quoted) if quoted else -1
        span = (target.start + found, target.start + found + len(quoted)) if found >= 0 else (None, None)
    return writer.move_claim(claim_id, target.id, *span)
