"""The SQLite store: one file, WAL, durable commits, shared safely by the TUI and CLI processes."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.connections import WriterDatabase, connect, file_identity, use_wal
from annotator.database_errors import SQLITE_CORRUPT, SQLITE_NOTADB, DatabaseCorrupt, database_problem, primary_code
from annotator.errors import Failure
from annotator.names import lookalike_of
from annotator.schema import apply_migrations, check_schema

DEFAULT_DB_NAME = "annotator.db"
# The columns a Sentence is built from, in field order, for queries that alias sentences as `t`.
SENTENCE_COLUMNS = 't.id, t.source_id, t.version, t.idx, t.start, t."end", t.text'
MAX_INTEGER = 2**63 - 1  # SQLite's largest integer: a bigger Python int cannot even be asked about


def default_db_path() -> Path:
    """`ANNOTATOR_DB` if set, else `annotator.db` in the current directory."""
    return Path(os.environ.get("ANNOTATOR_DB") or DEFAULT_DB_NAME)


def utc_now() -> str:
    """A UTC timestamp with microseconds, sortable as text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One stored sentence of a source version."""

    id: int
    source_id: str
    version: int
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """A source with the counts the sources list shows."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    version: int
    sentences: int
    claims: int
    linked_claims: int
    boilerplate: int
    orphaned: int = 0  # annotations left on an older version of this source (see annotator.orphans)
    suggested_boilerplate: int = 0  # scrape residue spotted at ingest that nobody has confirmed or rejected yet
    done_by: tuple[str, ...] = ()  # annotators who marked the source done (annotator.coverage)
    assigned_to: tuple[str, ...] = ()  # annotators the source is assigned to (annotator.assignments)

    def as_dict(self) -> dict:
        """Plain fields for JSON output."""
        return {name: list(value) if isinstance(value := getattr(self, name), tuple) else value for name in self.__slots__}


def _moved(path: str | Path) -> Failure:
    """The sentence for a database file moved, deleted or replaced while it was open."""
    return Failure("is no longer the database this window opened (it was moved, deleted or replaced); nothing is opened "
                   "there, so the open one loses nothing: quit the app and open the database where it is now", path)


class Store:
    """All reads and writes of the annotation database go through here."""

    def __init__(self, path: str | Path = ":memory:", readonly: bool = False, identity: tuple[int, int] | None = None):
        self.path = str(path)
        self.readonly = readonly
        if identity is not None and file_identity(path) != identity:
            raise _moved(path)
        try:
            conn = connect(path, readonly, wal=False, existing=identity is not None)
        except sqlite3.Error as error:
            raise database_problem(error, path) from None
        self.identity = file_identity(path) if self.path != ":memory:" else None
        if identity is not None and self.identity != identity:
            conn.close()
            raise _moved(path)
        self.db = WriterDatabase(conn)
        try:
            check_schema(self.db, path, readonly)  # before anything is written: another program's file stays as it was
            if not readonly:
                use_wal(conn, path)
                apply_migrations(self.db)
        except BaseException as error:
            conn.close()
            if isinstance(error, sqlite3.Error):
                raise database_problem(error, path) from None
            raise

    def again(self) -> Store:
        """Another connection to this same database file (for a thread), refused if the file at the path is another one now."""
        return Store(self.path, self.readonly, identity=self.identity)

    def moved(self) -> bool:
        """Whether the file at this store's path is no longer the one it opened (moved, deleted or replaced meanwhile)."""
        return self.identity is not None and file_identity(self.path) != self.identity

    def note_wal(self) -> None:
        """Remember which -wal file this connection writes (the app asks `wal_deleted` later)."""
        self.wal_identity = file_identity(f"{self.path}-wal") if self.path != ":memory:" and not self.readonly else None

    def wal_deleted(self) -> bool:
        """Whether the -wal this connection writes was deleted (or replaced) under it: its commits are then in a file
        no other connection can see, and gone when it closes, unless copied into the database file first."""
        wal = getattr(self, "wal_identity", None)
        return wal is not None and file_identity(f"{self.path}-wal") != wal

    def copy_wal_home(self) -> None:
        """Copy the WAL into the file this connection opened, wherever it is now, and empty the WAL.

        SQLite neither checkpoints nor deletes the WAL at close once the database file has moved, so the
        last writes would stay in `<old name>-wal`, which the moved file never reads.
        """
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection; WAL content stays durable in the -wal file or the database."""
        if not self.readonly and (self.moved() or self.wal_deleted()):
            self.copy_wal_home()
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def defer_checkpoints(self) -> None:
        """Stop this connection's commits from copying the WAL into the database file (`checkpoint` does it later).

        A commit then only appends to the WAL and syncs it, as durable as before; the copy, and the database
        file's own sync, which took a key press about 250 ms every few hundred writes, move off the write.
        """
        if self.path != ":memory:" and not self.readonly:
            self.db.execute("PRAGMA wal_autocheckpoint = 0")

    def change_stamp(self) -> tuple[int, int]:
        """A value that changes whenever any connection changes the database: rows this one changed, and others' commits.

        Equal stamps mean nothing was written in between, so a read taken at the first is still true.
        """
        return self.db.conn.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    def source_summaries(self) -> list[SourceSummary]:
        """Every source with sentence, claim, linked-claim and boilerplate counts, by id.

        Annotation counts are aggregated from the annotation tables outward (CROSS JOIN fixes that order:
        without statistics SQLite would scan every sentence), so 40,000 sources cost what their
        annotations cost plus one index count each.
        """
        rows = self.db.execute(
            """
            WITH claimed AS (
              SELECT t.source_id, count(*) AS claims,
                count(CASE WHEN EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id) THEN 1 END) AS linked_claims
              FROM claims c CROSS JOIN sentences t ON t.id = c.sentence_id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version GROUP BY t.source_id),
            flagged AS (
              SELECT t.source_id, count(DISTINCT b.sentence_id) AS boilerplate
              FROM boilerplate b CROSS JOIN sentences t ON t.id = b.sentence_id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version GROUP BY t.source_id),
            stranded AS (
              SELECT t.source_id, count(*) AS orphaned
              FROM (SELECT sentence_id AS id FROM claims UNION ALL SELECT evidence_sentence_id FROM links
                    UNION ALL SELECT sentence_id FROM boilerplate) a
              CROSS JOIN sentences t ON t.id = a.id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version != t.version GROUP BY t.source_id),
            suggested AS (
              SELECT t.source_id, count(*) AS suggested_boilerplate
              FROM suggested_boilerplate sb CROSS JOIN sentences t ON t.id = sb.sentence_id
              CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version
              WHERE NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = sb.sentence_id)
                AND NOT EXISTS (SELECT 1 FROM boilerplate_rejections r WHERE r.sentence_id = sb.sentence_id)
              GROUP BY t.source_id)
            SELECT s.id, s.title, s.outlet, s.published, s.version,
              (SELECT count(*) FROM sentences t WHERE t.source_id = s.id AND t.version = s.version) AS sentences,
              coalesce(c.claims, 0) AS claims, coalesce(c.linked_claims, 0) AS linked_claims,
              coalesce(f.boilerplate, 0) AS boilerplate, coalesce(o.orphaned, 0) AS orphaned,
              coalesce(g.suggested_boilerplate, 0) AS suggested_boilerplate
            FROM sources s LEFT JOIN claimed c ON c.source_id = s.id LEFT JOIN flagged f ON f.source_id = s.id
              LEFT JOIN stranded o ON o.source_id = s.id LEFT JOIN suggested g ON g.source_id = s.id
            ORDER BY s.id
            """
        )
        return [SourceSummary(*row) for row in rows]  # the columns in the fields' order: no dict per source

    def source_count(self) -> int:
        """How many sources there are."""
        return self.db.execute("SELECT count(*) FROM sources").fetchone()[0]

    def source_ids(self) -> list[str]:
        """Every source id, in the order the sources view lists them."""
        return [row[0] for row in self.db.execute("SELECT id FROM sources ORDER BY id")]

    def stored_source_id(self, source_id: str) -> str:
        """The id as stored: `source_id` itself, or the one source id equal to it in NFC (typed café, stored cafe + U+0301)."""
        if source_id.isascii() or self.db.execute("SELECT 1 FROM sources WHERE id = ?", [source_id]).fetchone():
            return source_id
        return lookalike_of(source_id, (row[0] for row in self.db.execute("SELECT id FROM sources"))) or source_id

    def source(self, source_id: str) -> dict | None:
        """A source's metadata with its current text and sha256, or None."""
        rows = list(
            self.db.query(
                """SELECT s.*, v.text, v.sha256 FROM sources s
                   JOIN source_versions v ON v.source_id = s.id AND v.version = s.version
                   WHERE s.id = ?""",
                [source_id],
            )
        )
        return rows[0] if rows else None

    def sentences(self, source_id: str, version: int | None = None) -> list[Sentence]:
        """The sentences of a source's current (or given) version, in order."""
        if version is None:
            source = self.db.execute("SELECT version FROM sources WHERE id = ?", [source_id]).fetchone()
            if source is None:
                return []
            version = source[0]
        rows = self.db.execute(
            'SELECT id, source_id, version, idx, start, "end", text FROM sentences '
            "WHERE source_id = ? AND version = ? ORDER BY idx",
            [source_id, version],
        )
        return [Sentence(*row) for row in rows]

    def sentence_at(self, source_id: str, index: int) -> Sentence | None:
        """One sentence of a source's current version by position (None for any index no sentence can have)."""
        if not 0 <= index <= MAX_INTEGER:
            return None
        row = self.db.execute(
            f"SELECT {SENTENCE_COLUMNS} FROM sentences t "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE t.source_id = ? AND t.idx = ?",
            [source_id, index],
        ).fetchone()
        return Sentence(*row) if row else None

    def sentences_before(self, sentence: Sentence, count: int) -> list[Sentence]:
        """Up to `count` sentences of the same source version just before `sentence`, nearest first."""
        rows = self.db.execute(
            'SELECT id, source_id, version, idx, start, "end", text FROM sentences '
            "WHERE source_id = ? AND version = ? AND idx >= ? AND idx < ? ORDER BY idx DESC",
            [sentence.source_id, sentence.version, sentence.index - count, sentence.index],
        )
        return [Sentence(*row) for row in rows]

    def search_sentences(self, query: str, limit: int = 100) -> list[Sentence]:
        """Current-version sentences matching a full-text query, best match first."""
        rows = self.db.execute(
            f"SELECT {SENTENCE_COLUMNS} FROM sentences_fts f "
            "JOIN sentences t ON t.id = f.rowid JOIN sources s ON s.id = t.source_id AND s.version = t.version "
            "WHERE sentences_fts MATCH ? ORDER BY f.rank LIMIT ?",
            [fts_phrase_query(query), limit],
        )
        return [Sentence(*row) for row in rows]

    def backup(self, target: str | Path) -> None:
        """A consistent copy of the live database (SQLite's online backup), integrity-checked before it takes its name.

        The copy is made under a temporary name beside `target` and linked to it, so a crash, a full disk
        or a damaged source never leaves a file called `target`, and an existing file is never replaced.
        """
        target = Path(target)
        temporary = target.with_name(f".backup-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            _copy_checked(self, temporary, target)
            os.link(temporary, target)
        except OSError as error:
            error.filename = str(target)
            raise
        finally:
            for file in (temporary, *(Path(f"{temporary}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
                file.unlink(missing_ok=True)


def _copy_checked(store: Store, temporary: Path, target: Path) -> None:
    """Copy the store into `temporary` and run integrity_check on the copy; a damaged source is refused."""
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # a real OS error for a bad place
    destination = sqlite3.connect(str(temporary))
    try:
        store.db.conn.backup(destination)
        problems = [row[0] for row in destination.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        if primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise DatabaseCorrupt(store.path, str(error)) from None
        raise database_problem(error, target) from None
    finally:
        destination.close()
    if problems != ["ok"]:
        raise DatabaseCorrupt(store.path, f"integrity_check of its copy found {len(problems)} problem(s), first: {problems[0]}; "
                                          "no backup was written")


def fts_phrase_query(text: str) -> str:
    """Quote each word so user input is matched literally, never parsed as FTS5 syntax.

    A NUL ends an FTS5 string early ("unterminated string"), so it separates words like a space.
    """
    words = [word.replace('"', '""') for word in text.replace("\x00", " ").split()]
    return " ".join(f'"{word}"' for word in words) or '""'
