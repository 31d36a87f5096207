"""Storing articles: segment, write sentences and index them, all in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.articles import Article
from annotator.boilerplate_hints import suggest_for_new_sentences
from annotator.boundary_anchors import BoundaryReport, reapply_fixes
from annotator.errors import InputError, shown_path
from annotator.names import SOURCE_ID, lookalike_problem, normalised
from annotator.pages import store_page
from annotator.reanchor import ReanchorReport, reanchor_source
from annotator.segmenter import split_sentences
from annotator.store import Store, utc_now
from annotator.suggestion_index import index_denials, index_new_sentences

ADDED, UNCHANGED, NEW_VERSION, METADATA_UPDATED = "added", "unchanged", "new version", "metadata updated"


@dataclass
class IngestReport:
    """What an ingest did to each article, in input order."""

    outcomes: list[tuple[str, str, int]] = field(default_factory=list)  # (source id, outcome, version)
    sentences_added: int = 0
    reanchor: ReanchorReport = field(default_factory=ReanchorReport)  # annotations moved onto new versions
    skipped: list[dict] = field(default_factory=list)  # files of a folder that were not read, and why
    boundaries: BoundaryReport = field(default_factory=BoundaryReport)  # recorded boundary fixes on new versions

    def as_dict(self) -> dict:
        """The counts for `--json`: articles by outcome, sentences stored, re-anchoring, files skipped."""
        outcomes = {kind.replace(" ", "_"): self.count(kind) for kind in (ADDED, NEW_VERSION, METADATA_UPDATED, UNCHANGED)}
        return {"articles": len(self.outcomes), **outcomes, "sentences_added": self.sentences_added,
                "reanchored": self.reanchor.totals(), "skipped": self.skipped, "boundary_fixes": self.boundaries.as_dict()}

    def count(self, outcome: str) -> int:
        """How many articles had this outcome."""
        return sum(1 for _, kind, _ in self.outcomes if kind == outcome)

    def summary(self) -> str:
        """One line for the terminal."""
        parts = [f"{self.count(kind)} {kind}" for kind in (ADDED, METADATA_UPDATED, UNCHANGED) if self.count(kind)]
        if self.count(NEW_VERSION):
            parts.insert(1 if self.count(ADDED) else 0, f"{self.count(NEW_VERSION)} with a new version")
        return f"{', '.join(parts) or 'nothing'}; {self.sentences_added} sentences stored"


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    progress: Callable[[int], None] | None = None,
    new_version: bool = False,
    phase: Callable[[str], None] | None = None,
) -> IngestReport:
    """Store articles as sources: new ones added, changed texts as new versions, unchanged ones left alone.

    Everything happens in one transaction, so a failure leaves the database as it was. A different
    text for a stored id from anywhere but the file or URL it was read from is refused unless `new_version`. `progress`
    hears of each article stored (its length), `phase` of the steps after the last one ("indexing", "committing").
    """
    phase = phase or (lambda _name: None)
    report = IngestReport()
    conn = store.db.conn
    with store.db.atomic():
        first_new_id = (conn.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0) + 1
        known_ids = {normalised(source_id): source_id for (source_id,) in conn.execute("SELECT id FROM sources")}
        for article in articles:
            _refuse_lookalike(article, known_ids)
            outcome, version = _store_article(store, article, new_version)
            if article.page is not None:
                store_page(conn, article.id, version, article.page)
            if outcome in (ADDED, NEW_VERSION):
                report.sentences_added += _insert_sentences(store, article, version, report.boundaries)
            if outcome == NEW_VERSION:
                report.reanchor.add(reanchor_source(store, article.id))
            report.outcomes.append((article.id, outcome, version))
            if progress:
                progress(len(article.text))
        phase("indexing")
        conn.execute(
            "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE id >= ?", [first_new_id]
        )
        index_new_sentences(conn, first_new_id)
        index_denials(conn, first_new_id)
        suggest_for_new_sentences(conn, first_new_id)
        phase("committing")
    return report


def _refuse_lookalike(article: Article, known_ids: dict[str, str]) -> None:
    """Refuse an id that is another source's id in other Unicode code points (NFC vs NFD); note the id as known."""
    key = normalised(article.id)
    problem = lookalike_problem(article.id, known_ids.get(key), SOURCE_ID)
    if problem:
        raise InputError(problem, article.origin)
    known_ids[key] = article.id


def _store_article(store: Store, article: Article, new_version: bool = False) -> tuple[str, int]:
    """Write the source and version rows an article needs; say what kind of change it was."""
    conn = store.db.conn
    now = utc_now()
    existing = conn.execute(
        "SELECT s.version, v.sha256, s.origin_path, s.origin FROM sources s JOIN source_versions v "
        "ON v.source_id = s.id AND v.version = s.version WHERE s.id = ?",
        [article.id],
    ).fetchone()
    metadata = {**article.metadata(), "extra": json.dumps(article.extra, sort_keys=True, default=str)}
    if existing is None:
        _insert_version(store, article, 1, now)
        conn.execute(
            "INSERT INTO sources (id, version, title, outlet, url, published, retrieved, language, extra, origin, "
            "origin_path, created_at, updated_at) VALUES (:id, 1, :title, :outlet, :url, :published, :retrieved, "
            ":language, :extra, :origin, :origin_path, :now, :now)",
            {**metadata, "id": article.id, "origin": article.origin, "origin_path": article.file, "now": now},
        )
        return ADDED, 1
    version, sha256, origin_path, origin = existing
    if sha256 != article.sha256:
        if not new_version:
            _refuse_namesake(article, origin_path, origin)
        version += 1
        _insert_version(store, article, version, now)
        _update_source(store, article, metadata, version, now)
        return NEW_VERSION, version
    if _metadata_differs(store, article.id, metadata):
        _update_source(store, article, metadata, version, now)
        return METADATA_UPDATED, version
    return UNCHANGED, version


def _insert_version(store: Store, article: Article, version: int, now: str) -> None:
    """Keep this text as a version of the source; older versions stay with their sentences."""
    store.db.conn.execute(
        "INSERT INTO source_versions (source_id, version, text, sha256, ingested_at) VALUES (?, ?, ?, ?, ?)",
        [article.id, version, article.text, article.sha256, now],
    )


def _update_source(store: Store, article: Article, metadata: dict, version: int, now: str) -> None:
    """Point the source at its newest version and metadata."""
    store.db.conn.execute(
        "UPDATE sources SET version = :version, title = :title, outlet = :outlet, url = :url, "
        "published = :published, retrieved = :retrieved, language = :language, extra = :extra, "
        "origin = :origin, origin_path = :origin_path, updated_at = :now WHERE id = :id",
        {**metadata, "version": version, "id": article.id, "origin": article.origin, "origin_path": article.file, "now": now},
    )


def _refuse_namesake(article: Article, origin_path: str | None, origin: str | None) -> None:
    """Refuse a different text for a stored id from anywhere but the file or URL the source was read from.

    A corrected article is re-ingested from where it came (its file edited, its page fetched again); the
    same id with another text in a teammate's JSONL, a CSV, standard input or another folder is another
    article, or a correction someone must mean: --new-version. Re-anchoring onto the wrong text orphans.
    """
    same_file = article.file is not None and origin_path == article.file
    same_url = article.file is None and origin_path is None and article.line is None and origin == article.origin
    if same_file or same_url:
        return
    read_from = origin_path or origin or "an earlier ingest"
    if article.id_from_name:
        raise InputError(
            f"has the same name as source {article.id!r}, read from {shown_path(read_from)}, but a different text and another "
            "folder; rename one of the files, give it an `id:` in front matter, or pass --new-version if it is a corrected "
            "version of that article",
            *article.place,
        )
    raise InputError(
        f"gives the id {article.id!r} of source {article.id!r}, read from {shown_path(read_from)}, with a different text; "
        "nothing was ingested; give it another id, or pass --new-version if it is a corrected version of that article "
        "(its annotations then move onto this text, and those that do not fit are orphaned)",
        *article.place,
    )


def _metadata_differs(store: Store, source_id: str, metadata: dict) -> bool:
    """Whether re-ingesting would change any stored metadata field."""
    columns = ", ".join(metadata)
    row = store.db.execute(f"SELECT {columns} FROM sources WHERE id = ?", [source_id]).fetchone()
    return tuple(row) != tuple(metadata.values())


def _insert_sentences(store: Store, article: Article, version: int, boundaries: BoundaryReport) -> int:
    """Segment the article, re-apply the boundaries analysts fixed in its earlier versions, and insert its sentences.

    Raw `executemany` with tuples rather than sqlite-utils' `insert_all`: it is several times faster
    for a million rows and runs inside the caller's transaction.
    """
    spans = split_sentences(article.text, article.language)
    if version > 1:
        spans = reapply_fixes(store.db.conn, article.id, version, article.text, spans, boundaries)
    rows = [(article.id, version, span.index, span.start, span.end, span.text) for span in spans]
    store.db.conn.executemany(
        'INSERT INTO sentences (source_id, version, idx, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)', rows
    )
    return len(rows)
