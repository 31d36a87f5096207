"""The append-only action journal: every annotation change as row images, so undo/redo survive restarts.

Each action records, per row it touched, the row before and after (None for absent). Undo writes the
before images back, redo the after images; both are journal entries themselves, so the history is
complete and the undo/redo stacks can be rebuilt from the table at any time. Rows the system moved
since (a re-anchoring after a corrected article) are followed: undo takes the action back where the
row now sits.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from annotator.store import Store, utc_now

# Each journaled table and the columns that identify one of its rows.
ROW_KEYS = {
    "claims": ("id",),
    "links": ("id",),
    "boilerplate": ("sentence_id", "annotator"),
    "boilerplate_rejections": ("sentence_id", "annotator"),  # suggested boilerplate an annotator kept as text
    "decisions": ("id",),  # a gold decision is undone with the gold rows it wrote
    "sources_done": ("source_id", "annotator"),  # an annotator's "I have finished this source"
    "assignments": ("source_id", "annotator"),  # the lead's plan: this annotator is to annotate this source
    "sentences": ("id",),  # a boundary fix re-segments a source's text (annotator.boundaries)
    "boundary_fixes": ("id",),  # the record of a boundary fix, re-applied when the article is re-ingested
}
BOUNDARY_ACTIONS = ("split sentence", "join sentences")  # the action names of boundary fixes (annotator.actions)
UNFOLLOWED = ("sentences", "boundary_fixes")  # rows a boundary fix rewrites that later undos never follow
REANCHOR_JOURNAL = "(re-anchoring)"  # the journal's name for moves made by ingest; no annotator can be called that


_SELECT_ROW = {table: f"SELECT * FROM {table} WHERE " + " AND ".join(f"{column} = ?" for column in columns)
               for table, columns in ROW_KEYS.items()}


class JournalConflict(Exception):
    """Undo or redo is impossible because the rows changed since (another process, another tab)."""


@dataclass(frozen=True)
class RowChange:
    """One row of one table, before and after an action (None where the row did not exist)."""

    table: str
    key: tuple
    before: dict | None
    after: dict | None

    def as_json(self) -> list:
        """The journal's storage form."""
        return [self.table, list(self.key), self.before, self.after]

    @classmethod
    def from_json(cls, value: list) -> RowChange:
        """Back from the journal's storage form."""
        table, key, before, after = value
        return cls(table, tuple(key), before, after)


@dataclass(frozen=True)
class JournalEntry:
    """One line of the journal."""

    id: int
    kind: str
    action: str
    changes: tuple[RowChange, ...]


def read_row(store: Store, table: str, key: tuple) -> dict | None:
    """The current image of one journaled row, or None."""
    cursor = store.db.conn.execute(_SELECT_ROW[table], list(key))
    row = cursor.fetchone()
    return dict(zip([column[0] for column in cursor.description], row, strict=True)) if row else None


def write_row(store: Store, table: str, key: tuple, image: dict | None) -> None:
    """Make one row equal `image`: delete it when None, else insert or replace it whole."""
    where = " AND ".join(f"{column} = ?" for column in ROW_KEYS[table])
    if image is None:
        store.db.execute(f"DELETE FROM {table} WHERE {where}", list(key))
        return
    if table == "sentences" and read_row(store, table, key) is not None:  # in place: a REPLACE would delete the
        assignments = ", ".join(f'"{name}" = ?' for name in image)  # row the other rows' foreign keys point at
        store.db.execute(f"UPDATE sentences SET {assignments} WHERE {where}", [*image.values(), *key])
        return
    columns = ", ".join(f'"{name}"' for name in image)
    marks = ", ".join("?" for _ in image)
    store.db.execute(f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", list(image.values()))


def append(store: Store, annotator: str, kind: str, action: str, changes: list[RowChange], target_id: int | None = None) -> int:
    """Add one entry to the journal; call inside the transaction that made the changes."""
    cursor = store.db.execute(
        "INSERT INTO actions (at, annotator, kind, action, target_id, changes) VALUES (?, ?, ?, ?, ?, ?)",
        [
            utc_now(),
            annotator,
            kind,
            action,
            target_id,
            json.dumps([c.as_json() for c in changes], ensure_ascii=False, sort_keys=True),
        ],
    )
    return cursor.lastrowid


def stacks(store: Store, annotator: str) -> tuple[list[JournalEntry], list[JournalEntry]]:
    """The annotator's (undoable, redoable) actions, most recent last, rebuilt from the journal."""
    entries = {}
    done: list[JournalEntry] = []
    undone: list[JournalEntry] = []
    rows = store.db.execute(
        "SELECT id, kind, action, target_id, changes FROM actions WHERE annotator = ? ORDER BY id", [annotator]
    )
    for entry_id, kind, action, target_id, payload in rows:
        if kind == "do":
            changes = tuple(RowChange.from_json(c) for c in json.loads(payload))
            entries[entry_id] = JournalEntry(entry_id, kind, action, changes)
            done.append(entries[entry_id])
            undone.clear()
        elif kind == "undo" and done and done[-1].id == target_id:
            undone.append(done.pop())
        elif kind == "redo" and undone and undone[-1].id == target_id:
            done.append(undone.pop())
    return done, undone


def replay(store: Store, entry: JournalEntry, backwards: bool) -> list[tuple[str, dict]]:
    """Write an entry's before images (undo) or after images (redo), checking nothing changed since.

    Moves the system journaled after the entry (re-anchorings) are applied to both images first, so an
    action on a sentence that a corrected article moved is taken back on the sentence the row sits on now.
    Returns each touched row as (table, image where it sits now), in the entry's order, to say where it landed.
    """
    from annotator.sentence_sync import SentenceSync

    moves = later_moves(store, entry.id)
    changes = list(reversed(entry.changes) if backwards else entry.changes)
    sync = SentenceSync.of(store, [(c.after, c.before) if backwards else (c.before, c.after)
                                   for c in changes if c.table == "sentences"])
    touched = []
    for change in changes:
        expected, wanted = (change.after, change.before) if backwards else (change.before, change.after)
        key, expected, wanted = follow_moves(change.table, change.key, expected, wanted, moves)
        if read_row(store, change.table, key) != expected:
            raise JournalConflict(f"cannot {'undo' if backwards else 'redo'} '{entry.action}': it was changed since")
        try:
            write_row(store, change.table, key, wanted)
        except sqlite3.IntegrityError:  # a sentence to take away holds annotations made since (by someone else)
            raise JournalConflict(f"cannot {'undo' if backwards else 'redo'} '{entry.action}': "
                                  "its sentences were annotated since") from None
        touched.append((change.table, wanted if wanted is not None else expected))
    sync.finish()
    return touched[::-1] if backwards else touched


@dataclass(frozen=True)
class RowMove:
    """One row the system moved: its key and the columns it changed, before and after."""

    table: str
    old_key: tuple
    new_key: tuple
    before: dict
    after: dict


def later_moves(store: Store, after_id: int) -> list[RowMove]:
    """The row moves of every re-anchoring, boundary fix still done and fix undone on a corrected version, after `after_id`.

    A boundary fix is one annotator's action that moves everyone's annotations; another annotator's
    earlier action on a moved row is taken back where the row sits now. Sentence rows themselves are
    never followed: an action on them that a later fix changed is refused as changed since.
    """
    rows = store.db.execute(
        "SELECT id, kind, annotator, changes FROM actions WHERE kind IN ('do', 'undo') AND id > ? AND (annotator = ? OR action IN "
        f"({', '.join('?' * len(BOUNDARY_ACTIONS))})) ORDER BY id", [after_id, REANCHOR_JOURNAL, *BOUNDARY_ACTIONS]
    )
    moves: list[RowMove] = []
    done: dict[str, set[int]] = {}
    for entry_id, kind, annotator, payload in rows.fetchall():
        # an undo with rows of its own is a fix taken back on a corrected version (boundary_undo); its moves stand
        if kind == "do" and annotator != REANCHOR_JOURNAL:
            if annotator not in done:
                done[annotator] = {entry.id for entry in stacks(store, annotator)[0]}
            if entry_id not in done[annotator]:
                continue  # undone since: its moves were taken back
        changes = [RowChange.from_json(c) for c in json.loads(payload)]
        moves.extend(_moves_of([c for c in changes if c.table not in UNFOLLOWED]))
    return moves


def _moves_of(changes: list[RowChange]) -> list[RowMove]:
    """Pair a re-anchoring's row images into moves: an update in place, or a delete then an insert (a new key)."""
    moves, pending = [], None
    for change in changes:
        if change.before is not None and change.after is not None:
            moves.append(_move(change.table, change.key, change.key, change.before, change.after))
        elif change.after is None:
            pending = change
        elif pending is not None and pending.table == change.table:
            moves.append(_move(change.table, pending.key, change.key, pending.before, change.after))
            pending = None
    return moves


def _move(table: str, old_key: tuple, new_key: tuple, before: dict, after: dict) -> RowMove:
    """A move keeping only the columns it changed."""
    changed = [column for column in after if before.get(column) != after[column]]
    return RowMove(table, old_key, new_key, {c: before.get(c) for c in changed}, {c: after[c] for c in changed})


def follow_moves(table: str, key: tuple, expected: dict | None, wanted: dict | None,
                 moves: list[RowMove]) -> tuple[tuple, dict | None, dict | None]:
    """The key and the two images of a journaled row change, carried along every later move of that row."""
    for move in moves:
        probe = expected if expected is not None else wanted
        if move.table != table or move.old_key != key or probe is None:
            continue
        if any(probe.get(column) != value for column, value in move.before.items()):
            continue  # the move was of another life of this row (undone and redone since)
        key = move.new_key
        expected = None if expected is None else {**expected, **move.after}
        wanted = None if wanted is None else {**wanted, **move.after}
    return key, expected, wanted
