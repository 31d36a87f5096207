"""Stored web pages: the exact bytes a source version was extracted from, where and when they were fetched."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """The raw HTML behind an article: saved on disk (no URLs) or fetched (requested and final URL, time)."""

    raw: bytes
    extractor: str
    content_type: str | None = None
    requested_url: str | None = None
    final_url: str | None = None
    retrieved_at: str | None = None

    @property
    def sha256(self) -> str:
        """Digest of the bytes as read or received: what a later proof compares against."""
        return hashlib.sha256(self.raw).hexdigest()


def store_page(conn: sqlite3.Connection, source_id: str, version: int, page: Page) -> None:
    """Keep the page a version came from; the first page kept for a version stays (it produced that text)."""
    conn.execute(
        "INSERT OR IGNORE INTO source_pages (source_id, version, raw, sha256, content_type, requested_url, final_url, "
        "retrieved_at, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source_id, version, page.raw, page.sha256, page.content_type, page.requested_url, page.final_url,
         page.retrieved_at, page.extractor],
    )


def stored_page(conn: sqlite3.Connection, source_id: str, version: int | None = None) -> Page | None:
    """The page kept for a source's current (or given) version, or None for a source that was not HTML."""
    row = conn.execute(
        "SELECT p.raw, p.extractor, p.content_type, p.requested_url, p.final_url, p.retrieved_at "
        "FROM source_pages p JOIN sources s ON s.id = p.source_id "
        "WHERE p.source_id = ? AND p.version = coalesce(?, s.version)",
        [source_id, version],
    ).fetchone()
    return Page(*row) if row else None
