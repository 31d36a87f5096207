"""The append-only action journal: every annotation change as row images, so undo/redo survive restarts.

Each action records, per row it touched, the row before and after (None for absent). Undo writes the
before images back, redo the after images; both are journal entries themselves, so the history is
complete and the undo/redo stacks can be rebuilt from the table at any time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.store import Store, utc_now

# Each journaled table and the columns that identify one of its rows.
ROW_KEYS = {
    "claims": ("id",),
    "links": ("id",),
    "boilerplate": ("sentence_id", "annotator"),
    "boilerplate_rejections": ("sentence_id", "annotator"),  # suggested boilerplate an annotator kept as text
    "decisions": ("id",),  # a gold decision is undone with the gold rows it wrote
}


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


def replay(store: Store, entry: JournalEntry, backwards: bool) -> None:
    """Write an entry's before images (undo) or after images (redo), checking nothing changed since."""
    changes = reversed(entry.changes) if backwards else entry.changes
    for change in changes:
        expected, wanted = (change.after, change.before) if backwards else (change.before, change.after)
        if read_row(store, change.table, change.key) != expected:
            raise JournalConflict(f"cannot {'undo' if backwards else 'redo'} '{entry.action}': it was changed since")
        write_row(store, change.table, change.key, wanted)
