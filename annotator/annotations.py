"""Annotation actions for one annotator: claims, links, boilerplate, undo/redo; each commits before it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator import journal
from annotator.journal import RowChange
from annotator.store import Store, utc_now

RELATIONS = ("corroborates", "conflicts", "related")
CLAIM_FIELDS = ("claim_type", "normalized", "verdict", "note")


@dataclass(frozen=True, slots=True)
class SentenceState:
    """What one annotator has said about one sentence, as the article view shows it."""

    claim_id: int | None = None
    claim_type: str | None = None
    verdict: str | None = None
    corroborates: int = 0
    conflicts: int = 0
    related: int = 0
    boilerplate: bool = False
    evidence_for: int = 0  # how many claims elsewhere cite this sentence


class Annotations:
    """The writes and reads of annotation state for one annotator over one store."""

    def __init__(self, store: Store, annotator: str):
        self.store = store
        self.annotator = annotator
        self._ensure_annotator()

    def _ensure_annotator(self) -> None:
        """Register the annotator once; every claim and link belongs to one."""
        self.store.db.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [self.annotator, utc_now()]
        )

    # --- writes -------------------------------------------------------------------------------

    def _record(self, action: str, mutate: Callable[[], list[RowChange]]):
        """Run `mutate` and journal its row changes in one transaction; committed when this returns."""
        with self.store.db.atomic():
            changes = mutate()
            if changes:
                journal.append(self.store, self.annotator, "do", action, changes)
        return changes

    def _change(self, table: str, key: tuple, after: dict | None) -> RowChange:
        """Write one row and return its before/after images."""
        before = journal.read_row(self.store, table, key)
        journal.write_row(self.store, table, key, after)
        return RowChange(table, key, before, journal.read_row(self.store, table, key))

    def record(self, action: str, mutate: Callable[[], list[RowChange]]) -> list[RowChange]:
        """Run a caller's row writes as one journaled, undoable action (adjudication writes gold this way)."""
        return self._record(action, mutate)

    def change(self, table: str, key: tuple, after: dict | None) -> RowChange:
        """Write one journaled row inside `record`, returning its before/after images."""
        return self._change(table, key, after)

    def mark_claim(self, sentence_id: int) -> int:
        """Mark a sentence as a claim (no-op if it already is one); return the claim id."""
        existing = self.claim_id_for(sentence_id)
        if existing is not None:
            return existing

        def mutate():
            now = utc_now()
            cursor = self.store.db.execute(
                "INSERT INTO claims (sentence_id, annotator, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [sentence_id, self.annotator, now, now],
            )
            key = (cursor.lastrowid,)
            return [RowChange("claims", key, None, journal.read_row(self.store, "claims", key))]

        return self._record("mark claim", mutate)[0].key[0]

    def unmark_claim(self, claim_id: int) -> None:
        """Remove a claim and its links together (one undoable action)."""

        def mutate():
            changes = [self._change("links", (link_id,), None) for link_id in self._link_ids(claim_id)]
            return changes + [self._change("claims", (claim_id,), None)]

        self._record("unmark claim", mutate)

    def update_claim(self, claim_id: int, **fields) -> None:
        """Set claim type, verdict, note or normalised text (None clears a field)."""
        unknown = set(fields) - set(CLAIM_FIELDS)
        if unknown:
            raise ValueError(f"not claim fields: {sorted(unknown)}")

        def mutate():
            before = journal.read_row(self.store, "claims", (claim_id,))
            if before is None or all(before[name] == value for name, value in fields.items()):
                return []
            return [self._change("claims", (claim_id,), {**before, **fields, "updated_at": utc_now()})]

        self._record("edit claim " + ", ".join(sorted(fields)), mutate)

    def toggle_boilerplate(self, sentence_id: int) -> bool:
        """Flip the boilerplate flag of a sentence; return the new state."""
        key = (sentence_id, self.annotator)
        now_flagged = journal.read_row(self.store, "boilerplate", key) is None
        image = {"sentence_id": sentence_id, "annotator": self.annotator, "created_at": utc_now()}
        self._record(
            "mark boilerplate" if now_flagged else "unmark boilerplate",
            lambda: [self._change("boilerplate", key, image if now_flagged else None)],
        )
        return now_flagged

    def mark_boilerplate(self, sentence_ids: list[int]) -> int:
        """Flag many sentences as boilerplate in one undoable action; return how many changed."""
        now = utc_now()

        def mutate():
            keys = [(sentence_id, self.annotator) for sentence_id in sentence_ids]
            missing = [key for key in keys if journal.read_row(self.store, "boilerplate", key) is None]
            image = {"annotator": self.annotator, "created_at": now}
            return [self._change("boilerplate", key, {"sentence_id": key[0], **image}) for key in missing]

        return len(self._record("mark boilerplate to end", mutate))

    def link(self, claim_id: int, evidence_sentence_id: int, relation: str, note: str | None = None) -> int:
        """Link a claim to an evidence sentence, or change the relation of the existing link; return its id."""
        if relation not in RELATIONS:
            raise ValueError(f"unknown relation {relation!r}")
        if self._same_source(claim_id, evidence_sentence_id):
            raise ValueError("evidence must come from another source")
        existing = self.store.db.execute(
            "SELECT id FROM links WHERE claim_id = ? AND evidence_sentence_id = ?", [claim_id, evidence_sentence_id]
        ).fetchone()

        def mutate():
            now = utc_now()
            if existing:
                before = journal.read_row(self.store, "links", (existing[0],))
                if before["relation"] == relation:
                    return []
                return [self._change("links", (existing[0],), {**before, "relation": relation, "updated_at": now})]
            cursor = self.store.db.execute(
                "INSERT INTO links (claim_id, evidence_sentence_id, relation, note, annotator, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [claim_id, evidence_sentence_id, relation, note, self.annotator, now, now],
            )
            key = (cursor.lastrowid,)
            return [RowChange("links", key, None, journal.read_row(self.store, "links", key))]

        changes = self._record(f"link {relation}", mutate)
        return changes[0].key[0] if changes else existing[0]

    def unlink(self, link_id: int) -> None:
        """Delete one link."""
        self._record("delete link", lambda: [self._change("links", (link_id,), None)])

    def undo(self) -> str | None:
        """Undo this annotator's latest action still done; return its name, or None if there is none."""
        return self._replay(backwards=True)

    def redo(self) -> str | None:
        """Redo the latest undone action; return its name, or None if there is none."""
        return self._replay(backwards=False)

    def _replay(self, backwards: bool) -> str | None:
        """Undo or redo through the journal, inside one transaction."""
        with self.store.db.atomic():
            done, undone = journal.stacks(self.store, self.annotator)
            stack = done if backwards else undone
            if not stack:
                return None
            entry = stack[-1]
            journal.replay(self.store, entry, backwards)
            kind = "undo" if backwards else "redo"
            journal.append(self.store, self.annotator, kind, entry.action, [], target_id=entry.id)
        return entry.action

    # --- reads --------------------------------------------------------------------------------

    def claim_id_for(self, sentence_id: int) -> int | None:
        """This annotator's claim on a sentence, if any."""
        row = self.store.db.execute(
            "SELECT id FROM claims WHERE sentence_id = ? AND annotator = ?", [sentence_id, self.annotator]
        ).fetchone()
        return row[0] if row else None

    def claim(self, claim_id: int) -> dict | None:
        """A claim row."""
        return journal.read_row(self.store, "claims", (claim_id,))

    def _link_ids(self, claim_id: int) -> list[int]:
        """Ids of a claim's links."""
        return [row[0] for row in self.store.db.execute("SELECT id FROM links WHERE claim_id = ? ORDER BY id", [claim_id])]

    def _same_source(self, claim_id: int, sentence_id: int) -> bool:
        """Whether a claim and a sentence belong to the same source."""
        row = self.store.db.execute(
            "SELECT a.source_id = b.source_id FROM claims c JOIN sentences a ON a.id = c.sentence_id "
            "JOIN sentences b ON b.id = ? WHERE c.id = ?",
            [sentence_id, claim_id],
        ).fetchone()
        return bool(row and row[0])

    def links_of(self, claim_id: int) -> list[dict]:
        """A claim's links with their evidence sentences, by source and position."""
        return list(
            self.store.db.query(
                'SELECT l.id, l.relation, l.note, t.id AS sentence_id, t.source_id, t.idx, t.text FROM links l '
                "JOIN sentences t ON t.id = l.evidence_sentence_id WHERE l.claim_id = ? ORDER BY t.source_id, t.idx",
                [claim_id],
            )
        )

    def citing_claims(self, sentence_id: int) -> list[dict]:
        """Claims (of this annotator) that cite a sentence as evidence, with the claim sentence."""
        return list(
            self.store.db.query(
                "SELECT l.id AS link_id, l.relation, c.id AS claim_id, t.id AS sentence_id, t.source_id, t.idx, t.text "
                "FROM links l JOIN claims c ON c.id = l.claim_id JOIN sentences t ON t.id = c.sentence_id "
                "WHERE l.evidence_sentence_id = ? AND l.annotator = ? ORDER BY t.source_id, t.idx",
                [sentence_id, self.annotator],
            )
        )

    def sentence_states(self, source_id: str | None = None, sentence_ids: list[int] | None = None) -> dict[int, SentenceState]:
        """Annotation state of annotated sentences (of one source, of given ids, or all), by sentence id.

        Only sentences with a claim, a boilerplate flag or an incoming link appear; the rest are plain.
        """
        where, params = "", {"who": self.annotator}
        if source_id is not None:
            where, params["source"] = "AND t.source_id = :source", source_id
        if sentence_ids is not None:
            where += f" AND t.id IN ({', '.join(str(int(i)) for i in sentence_ids) or 'NULL'})"
        rows = self.store.db.execute(
            f"""
            WITH annotated (id) AS (
              SELECT sentence_id FROM claims WHERE annotator = :who
              UNION SELECT sentence_id FROM boilerplate WHERE annotator = :who
              UNION SELECT evidence_sentence_id FROM links WHERE annotator = :who)
            SELECT t.id, c.id, c.claim_type, c.verdict,
              (SELECT count(*) FROM links l WHERE l.claim_id = c.id AND l.relation = 'corroborates'),
              (SELECT count(*) FROM links l WHERE l.claim_id = c.id AND l.relation = 'conflicts'),
              (SELECT count(*) FROM links l WHERE l.claim_id = c.id AND l.relation = 'related'),
              EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator = :who),
              (SELECT count(*) FROM links l WHERE l.evidence_sentence_id = t.id AND l.annotator = :who)
            FROM annotated a JOIN sentences t ON t.id = a.id
            LEFT JOIN claims c ON c.sentence_id = t.id AND c.annotator = :who
            WHERE 1 {where}
            """,
            params,
        )
        return {row[0]: SentenceState(*row[1:7], boilerplate=bool(row[7]), evidence_for=row[8]) for row in rows}

    def claim_sentence_ids(self, source_id: str | None = None) -> list[tuple[str, int, int]]:
        """(source id, index, sentence id) of this annotator's claims, in reading order."""
        query = (
            "SELECT t.source_id, t.idx, t.id FROM claims c JOIN sentences t ON t.id = c.sentence_id "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE c.annotator = ?"
        )
        params: list = [self.annotator]
        if source_id is not None:
            query += " AND t.source_id = ?"
            params.append(source_id)
        return [tuple(row) for row in self.store.db.execute(query + " ORDER BY t.source_id, t.idx", params)]

    def progress(self) -> dict[str, dict]:
        """Per source (current version): this annotator's claims, linked claims, boilerplate and furthest read.

        Aggregated from the annotation tables outward (CROSS JOIN keeps SQLite from scanning every
        sentence instead), so 40,000 sources cost what their annotations cost.
        """
        rows = self.store.db.query(
            """
            WITH claimed AS (
              SELECT t.source_id, count(*) AS claims,
                count(CASE WHEN EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id) THEN 1 END) AS linked
              FROM claims c CROSS JOIN sentences t ON t.id = c.sentence_id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE c.annotator = :who GROUP BY t.source_id),
            flagged AS (
              SELECT t.source_id, count(*) AS boilerplate
              FROM boilerplate b CROSS JOIN sentences t ON t.id = b.sentence_id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE b.annotator = :who GROUP BY t.source_id)
            SELECT s.id AS source_id, coalesce(c.claims, 0) AS claims, coalesce(c.linked, 0) AS linked,
              coalesce(f.boilerplate, 0) AS boilerplate, coalesce(p.furthest_idx + 1, 0) AS reviewed
            FROM sources s LEFT JOIN claimed c ON c.source_id = s.id LEFT JOIN flagged f ON f.source_id = s.id
              LEFT JOIN positions p ON p.source_id = s.id AND p.annotator = :who
            """,
            {"who": self.annotator},
        )
        return {row.pop("source_id"): row for row in rows}

    def remember_position(self, source_id: str, index: int, furthest: int | None = None) -> None:
        """Save where the annotator is in a source; the furthest index read counts as reviewed."""
        furthest = index if furthest is None else max(index, furthest)
        self.store.db.execute(
            "INSERT INTO positions (source_id, annotator, current_idx, furthest_idx, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id, annotator) DO UPDATE SET current_idx = excluded.current_idx, "
            "furthest_idx = max(furthest_idx, excluded.furthest_idx), updated_at = excluded.updated_at",
            [source_id, self.annotator, index, furthest, utc_now()],
        )

    def position(self, source_id: str) -> tuple[int, int]:
        """(current, furthest) sentence index of the annotator in a source."""
        row = self.store.db.execute(
            "SELECT current_idx, furthest_idx FROM positions WHERE source_id = ? AND annotator = ?",
            [source_id, self.annotator],
        ).fetchone()
        return (row[0], row[1]) if row else (0, -1)
