"""Undoing a boundary fix that a re-ingest re-applied to a corrected version: the inverse fix on that version.

Ingest moves a fix's record onto each new version it re-applies it to (annotator.boundary_anchors), so
the journal's images of the old version no longer describe it. Undo then joins (or splits) the current
sentences at the record's boundary, deleting the record, so the current version is segmented as the
segmenter would have done; the old version keeps its history. Where the fix is not in the current
version (its text was lost since), or the inverse fix is not allowed, undo is refused in one sentence.
"""

from __future__ import annotations

import json

from annotator import journal
from annotator.errors import InputError, Refused, UndoRefused
from annotator.journal import JournalEntry, RowChange

VERB = {"split": "join", "join": "split"}


def reapplied_fix(store, entry: JournalEntry) -> dict | None:
    """The record a boundary fix made, if a re-ingest has moved it onto a later version since; else None."""
    if entry.action not in journal.BOUNDARY_ACTIONS:
        return None
    for change in entry.changes:
        if change.table == "boundary_fixes" and change.before is None and change.after is not None:
            now = journal.read_row(store, "boundary_fixes", change.key)
            if now is not None and now["version"] != change.after["version"]:
                return now
    return None


def undo_reapplied(writer, annotator: str, entry: JournalEntry, fix: dict) -> list[RowChange]:
    """Take a re-applied fix back on the version it sits on now, which must be the source's current one."""
    source_id, offset, kind = fix["source_id"], fix['offset'], fix["kind"]
    current = writer.store.db.execute("SELECT version FROM sources WHERE id = ?", [source_id]).fetchone()[0]
    if fix["version"] != current:
        raise UndoRefused(f"cannot undo '{entry.action}': version {current} of {source_id} no longer has the text around "
                      f"its boundary, so there is nothing to take back; {VERB[kind]} the sentences by hand if they need it")
    conn = writer.store.db.conn
    try:
        if kind == "split":
            row = conn.execute("SELECT id FROM sentences WHERE source_id = ? AND version = ? AND idx = "
                               "(SELECT idx - 1 FROM sentences WHERE source_id = ? AND version = ? AND start = ?)",
                               [source_id, current, source_id, current, offset]).fetchone()
            return writer.join_sentences(annotator, row[0]) if row else _gone(entry, source_id, current)
        row = conn.execute('SELECT id, start FROM sentences WHERE source_id = ? AND version = ? AND start < ? AND "end" > ?',
                           [source_id, current, offset, offset]).fetchone()
        return writer.split_sentence(annotator, row[0], offset - row[1]) if row else _gone(entry, source_id, current)
    except Refused:
        raise
    except InputError as error:
        raise UndoRefused(f"cannot undo '{entry.action}' on version {current} of {source_id}: {error.message}") from None


def _gone(entry: JournalEntry, source_id: str, version: int) -> list[RowChange]:
    raise UndoRefused(f"cannot undo '{entry.action}': the sentences of version {version} of {source_id} no longer have its "
                  "boundary (fixed again since); split or join them by hand")


def undone_on_later_version(store, entry: JournalEntry) -> bool:
    """Whether the latest undo of `entry` was an inverse fix on a corrected version (its images no longer apply)."""
    row = store.db.execute("SELECT changes FROM actions WHERE kind = 'undo' AND target_id = ? ORDER BY id DESC LIMIT 1",
                           [entry.id]).fetchone()
    return bool(row and json.loads(row[0]))


def refuse_redo(store, entry: JournalEntry) -> None:
    """Refuse, in one sentence, to redo a fix that was undone on a corrected version."""
    if entry.action in journal.BOUNDARY_ACTIONS and undone_on_later_version(store, entry):
        again = "split it again" if entry.action == "split sentence" else "join them again"
        raise UndoRefused(f"cannot redo '{entry.action}': it was undone on a corrected version of the article, "
                      f"where its old sentences no longer are; {again} by hand")
