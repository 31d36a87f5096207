"""Helpers for the TUI tests: corpora on disk, database reads on a separate connection, screen text."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SIZE = (140, 40)

# Three short sources on one story: "b" corroborates "a", "c" conflicts with it.
ARTICLES = {
    "a": "The council approved 40 new buses on Monday. The mayor said the fleet would be electric. "
    "Residents welcomed the plan. Critics said the cost was too high. The vote was seven to two.",
    "b": "City council members approved 40 buses on Monday. The mayor promised an electric fleet. "
    "Opponents said the cost of the buses was excessive. It rained all day.",
    "c": "The council approved 35 buses, not 40. A spokesperson declined to comment on the electric fleet.",
}


def ingest_texts(db_path: Path, folder: Path, texts: dict[str, str]) -> Path:
    """Write each text to `folder/<id>.txt` and ingest them all into the database at `db_path`."""
    folder.mkdir(parents=True, exist_ok=True)
    for source_id, text in texts.items():
        (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
    with Store(db_path) as store:
        ingest_articles(store, read_articles([folder]))
    return db_path


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows from a fresh, separate connection: what is there is committed."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def sentence_id(db_path: Path, source_id: str, index: int) -> int:
    """The id of a sentence by source and position."""
    return query(db_path, "SELECT id FROM sentences WHERE source_id = ? AND idx = ?", (source_id, index))[0][0]


def claims(db_path: Path, annotator: str = "alice") -> list[tuple]:
    """(source id, index, claim type, verdict, normalized, note) of every claim, in reading order."""
    return query(
        db_path,
        "SELECT t.source_id, t.idx, c.claim_type, c.verdict, c.normalized, c.note FROM claims c "
        "JOIN sentences t ON t.id = c.sentence_id WHERE c.annotator = ? ORDER BY t.source_id, t.idx",
        (annotator,),
    )


def links(db_path: Path) -> list[tuple]:
    """(claim source, claim index, relation, evidence source, evidence index) of every link."""
    return query(
        db_path,
        "SELECT a.source_id, a.idx, l.relation, e.source_id, e.idx FROM links l "
        "JOIN claims c ON c.id = l.claim_id JOIN sentences a ON a.id = c.sentence_id "
        "JOIN sentences e ON e.id = l.evidence_sentence_id ORDER BY a.source_id, a.idx, e.source_id, e.idx",
    )


def boilerplate(db_path: Path) -> list[tuple]:
    """(source id, index) of every sentence flagged as boilerplate."""
    return query(
        db_path,
        "SELECT t.source_id, t.idx FROM boilerplate b JOIN sentences t ON t.id = b.sentence_id "
        "ORDER BY t.source_id, t.idx",
    )


def notices(app) -> list[tuple[str, str]]:
    """(message, severity) of the notices raised so far, from the session's log (the screen shows two at most)."""
    return [(notice.message, notice.severity) for notice in app.notices.log]


def screen_text(widget) -> list[str]:
    """The visible lines a widget draws, as plain text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def row_lines(widget) -> list[str]:
    """The first line of each row a line list shows (a wrapped row's other lines left out)."""
    return [widget.render_line(y).text for y, (_, line) in enumerate(widget.screen_lines()) if line == 0]


async def open_source(pilot, source_id: str):
    """From the sources view, move to a source's row and press enter; return the article screen."""
    sources = pilot.app.screen.query_one("#sources")
    row = sources.index_of(source_id)
    await pilot.press(*["down"] * (row - sources.cursor), "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert getattr(screen, "IS_ARTICLE", False) and screen.source_id == source_id
    return screen


LOAD_PATIENCE = 30.0  # seconds a test waits for the sources view's rows before failing instead of hanging


async def sources_loaded(pilot) -> None:
    """Wait until the sources view shows every source with its counts (a worker reads them after the first frame)."""
    from annotator.tui.sources import SourcesScreen

    for _ in range(100):
        screen = next((s for s in pilot.app.screen_stack if isinstance(s, SourcesScreen)), None)
        if screen is not None:
            break
        await pilot.pause()
    await asyncio.wait_for(screen.loaded.wait(), LOAD_PATIENCE)
    await pilot.pause()


async def settle(pilot) -> None:
    """Let thread workers (candidates, search) finish and their results reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def typed_at_once(pilot, *keys: str) -> None:
    """Post the keys to the app in one go, as a terminal delivers a fast typist's keys in one read; wait till all went."""
    from textual import events

    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(12):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.6)  # held keys go again one at a time, on a timer: past the last one's look
