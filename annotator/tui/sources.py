"""The sources view: every source with outlet, date, size and this annotator's progress; theirs assigned first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Label
from textual.worker import get_current_worker

from annotator.actions import Replayed
from annotator.cell_fit import fit, middle
from annotator.source_rows import SourceRow, first_source_rows, source_rows
from annotator.store import Sentence
from annotator.tui.footer import KeyFooter
from annotator.tui.line_list import LineList, one_line
from annotator.tui.messages import DatabaseChanged
from annotator.tui.undo import replay_and_show

# (heading, width) of each column; the title takes what is left.
COLUMNS = [("source", 22), ("outlet", 18), ("published", 11), ("sentences", 10), ("claims", 7), ("linked", 7),
           ("boilerplate", 12), ("read", 5)]
# The same columns narrower, for a screen under WIDE_FROM columns: every count and "done" in view at 80, more title at 120.
NARROW_COLUMNS = [("source", 21), ("outlet", 12), ("published", 10), ("sents", 5), ("claims", 6), ("linked", 6),
                  ("boil", 4), ("read", 4)]
WIDE_FROM = 130
TITLE_AT_LEAST = 16  # cells of title a narrow screen keeps, taken from the columns below first
GIVE_WAY = (("source", 12), ("outlet", 8))  # (column, its fewest cells), in the order they give the title room
FIRST_ROWS = 200  # rows shown before the counts are read: more than a screen holds, a few index reads at any size
NO_SOURCES = "No sources yet. Quit (q) and run: annotator ingest PATH"


def columns_for(width: int) -> list[tuple[str, int]]:
    """The columns a screen `width` cells wide shows; too narrow for TITLE_AT_LEAST of title, the source and outlet give way."""
    if width >= WIDE_FROM:
        return COLUMNS
    columns = dict(NARROW_COLUMNS)
    lacking = TITLE_AT_LEAST - (width - 1 - sum(cells + 1 for cells in columns.values()))
    for name, least in GIVE_WAY:  # at 80 columns the title had 3 cells: 16 now, the ids and outlets cut with an ellipsis
        given = min(max(lacking, 0), columns[name] - least)
        columns[name] -= given
        lacking -= given
    return list(columns.items())


def _shortened(column: str, text: str, width: int) -> str:
    """A source id too long for its cell cut in the middle (ids of one outlet differ at the end); other cells as they are."""
    return middle(text, width) if column == "source" else text


def heading(columns: list[tuple[str, int]] = COLUMNS) -> str:
    """The column headings, aligned with SourceList rows."""
    return " " + "".join(f"{name:<{width}} " for name, width in columns) + "title / first sentence"


class SourceList(LineList):
    """Sources one per row; drawn on demand, so 40,000 sources open as fast as 4."""

    HELP = "Every source with your progress. **j/k** move, **enter** opens the source."
    DEFAULT_CSS = """
    SourceList { background: $surface; }
    SourceList > .source-list--title { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"source-list--title"}

    @dataclass
    class Chosen(Message):
        """Enter on a source."""

        source_id: str

    def __init__(self, first_sentence, *, id: str | None = None):
        super().__init__(id=id)
        self.first_sentence = first_sentence  # source id -> text, asked only for rows on screen
        self._titles: dict[str, str] = {}
        self.annotator: str | None = None  # whose view this is: the others' done marks are named in the title
        self.columns = COLUMNS  # narrower on a narrow screen (columns_for)

    def on_resize(self) -> None:
        self.columns = columns_for(self.size.width)
        super().on_resize()

    def index_of(self, source_id: str) -> int | None:
        """The row showing a source."""
        return next((i for i, row in enumerate(self.rows) if row.summary.id == source_id), None)

    def row_for(self, source_id: str) -> SourceRow | None:
        """The row of a source."""
        index = self.index_of(source_id)
        return None if index is None else self.rows[index]

    def render_row(self, index: int, base: Style) -> list[Segment]:
        row: SourceRow = self.rows[index]
        cells = "".join(f"{fit(_shortened(name, one_line(text), width), width)} "
                        for text, (name, width) in zip(row.cells(), self.columns, strict=True))
        return [Segment(cells, base), Segment(self._title(row), base + self.component_style("source-list--title"))]

    def _title(self, row: SourceRow) -> str:
        """The source's title (else its first sentence, fetched once when first drawn), after any orphan count."""
        orphans = f"[{row.summary.orphaned} orphaned] " if row.summary.orphaned else ""
        others = [name for name in row.summary.done_by if not (row.done and name == self.annotator)]
        done = f"[done by {', '.join(others)}] " if others and self.annotator is not None else ""
        assigned = "[assigned to you] " if row.assigned else ""
        return assigned + orphans + done + self._plain_title(row)

    def _plain_title(self, row: SourceRow) -> str:
        """The source's title, else its first sentence."""
        if row.summary.title:
            return one_line(row.summary.title)
        source_id = row.summary.id
        if source_id not in self._titles:
            self._titles[source_id] = one_line(self.first_sentence(source_id))
        return self._titles[source_id]

    def row_chosen(self, index: int) -> None:
        self.post_message(self.Chosen(self.rows[index].summary.id))


class SourcesScreen(Screen):
    """Pick a source to annotate; the counts are yours (claims, linked claims, boilerplate, read)."""

    HELP = "Every source with your progress, those assigned to you first. **enter** opens one, **a** assigns it."
    PALETTE_COMMANDS = [("Assign source", "Assign the source under the cursor to an annotator (or unassign)", "assign")]
    BINDINGS = [
        Binding("r", "reload", "Reload", id="reload-sources", tooltip="Reload the list from the database"),
        Binding("a", "assign", "Assign", id="assign-source", show=False,
                tooltip="Assign the source under the cursor to an annotator (a name already assigned is unassigned)"),
        Binding("L", "app.story('lint')", "Lint", id="lint-view", show=False,
                tooltip="Story-level problems (claims with no evidence, clashing links, ...); enter jumps to the sentence"),
        Binding("C", "app.story('coverage')", "Coverage", id="coverage-view", show=False,
                tooltip="Who has done and is assigned each source, and each claim's evidence per source"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo your last annotation action (works across restarts)"),
        Binding("ctrl+r", "redo", "Redo", id="redo", tooltip="Redo"),
        Binding("slash", "search", "Search", id="search", tooltip="Search sentences across all sources"),
        Binding("ctrl+o", "pick_source", "Open source", id="pick-source", show=False,
                tooltip="Open a source by typing part of its id, title or outlet"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="sources-intro", markup=False)
        yield Label(heading(), id="sources-heading", markup=False)
        yield SourceList(self._first_sentence, id="sources")
        yield KeyFooter()

    def __init__(self) -> None:
        super().__init__()
        self.loaded = asyncio.Event()  # set while the list shows every source with its counts as last read
        self._reads = 0  # reloads asked so far: only the newest one's rows are shown
        self._wanted: str | None = None  # a source to put the cursor on once its row is read
        self._counted = False  # every row has been shown with its counts once

    def on_mount(self) -> None:
        """The first screenful of rows at once (no counts yet); every row with its counts follows from a worker."""
        sources = self.query_one(SourceList)
        sources.annotator = self.app.annotations.annotator
        sources.replace_rows(first_source_rows(self.app.store, sources.annotator, FIRST_ROWS))
        count = self.app.store.source_count()
        self.query_one("#sources-intro", Label).update(f"{count} sources; counting your progress… Enter opens one; ? lists every key."
                                                      if count else NO_SOURCES)
        sources.focus()

    def on_resize(self) -> None:
        """Headings for the columns the list shows at this width."""
        self.query_one("#sources-heading", Label).update(heading(columns_for(self.size.width)))

    def on_database_changed(self, _: DatabaseChanged) -> None:
        """Another connection committed: the counts may have changed."""
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Counts change while an article is open: reload whenever the screen comes back (and at first), on its source."""
        self.action_reload()
        self.select_source(self.app.left_source)

    def action_reload(self) -> None:
        """Read every row again off the UI thread, once this frame is drawn; the list keeps what it shows until then."""
        self._reads += 1
        self.loaded.clear()
        self.call_after_refresh(self._read_rows, self._reads, self.app.annotations.annotator, self.app.compared_annotator)

    def _read_rows(self, read: int, annotator: str, shown: str | None) -> None:
        """Start the worker that reads the rows, unless a newer reload was asked meanwhile."""
        if read == self._reads:
            self.run_worker(partial(self._rows_in_thread, read, annotator, shown), thread=True, group="sources-rows",
                            name="sources rows")

    def _rows_in_thread(self, read: int, annotator: str, shown: str | None) -> None:
        """Every row with its counts, on this thread's own connection; handed to the UI thread to show."""
        rows = self.app.worker_read(lambda store: source_rows(store, annotator, shown))
        if rows is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_rows, read, rows)

    def _show_rows(self, read: int, rows: list[SourceRow]) -> None:
        """Show the rows read, the cursor on the source it was on (an assignment reorders them); an older read is dropped."""
        if read != self._reads:
            return
        sources = self.query_one(SourceList)
        current = self._wanted or (sources.current.summary.id if sources.current else None)
        cursor = next((i for i, row in enumerate(rows) if row.summary.id == current), sources.cursor)
        first, self._wanted = not self._counted, None
        sources.replace_rows(rows, cursor)
        self.query_one("#sources-intro", Label).update(self._intro(rows))
        self.loaded.set()
        self._counted = True
        if first:
            self.app.freeze_loaded()

    def _intro(self, rows: list[SourceRow]) -> str:
        """The line above the list: how many sources, orphaned annotations, assignments, whose counts."""
        if not rows:
            return NO_SOURCES
        intro = f"{len(rows)} sources. Enter opens one; ? lists every key."
        orphans = sum(row.summary.orphaned for row in rows)
        if orphans:  # annotations an edited article left behind: never hidden
            intro += f" {orphans} annotation(s) orphaned by edited articles: list them with `annotator orphans`."
        assigned = sum(row.assigned for row in rows)
        if assigned:
            intro += f" {assigned} assigned to you, listed first."
        if self.app.compared_annotator:
            intro += f" Counts are {self.app.compared_annotator}'s (read-only; ctrl+p → Compare with another annotator)."
        return intro

    def action_assign(self) -> None:
        """Ask a name, then assign the source under the cursor to it (or unassign a name it already has)."""
        from annotator.tui.dialogs import NameDialog

        sources = self.query_one(SourceList)
        if not sources.rows:
            return
        summary = sources.rows[sources.cursor].summary
        current = ", ".join(summary.assigned_to) or "nobody"
        dialog = NameDialog(f"Assign {summary.id} to", f"assigned now: {current} · a name listed here is unassigned · esc cancels")
        self.app.push_screen(dialog, lambda name: name and self._toggle_assignment(summary.id, name, name not in summary.assigned_to))

    def _toggle_assignment(self, source_id: str, name: str, assign: bool) -> None:
        """Assign (or unassign) one source, one undoable step of yours."""
        from annotator.assignments import set_assigned

        def changed(_: int) -> None:
            self.action_reload()
            self.notify(f"{source_id} assigned to {name}; u undoes." if assign else f"{source_id} no longer assigned to {name}.",
                        timeout=3)

        self.app.writes.run("assign", lambda a: set_assigned(a.store, a.annotator, [source_id], name, assign), changed)

    def action_undo(self) -> None:
        replay_and_show(self, True, self.show_replayed)

    def action_redo(self) -> None:
        replay_and_show(self, False, self.show_replayed)

    def show_replayed(self, step: Replayed, sentence: Sentence | None) -> None:
        """After undo or redo: the counts re-read, the cursor on the source it changed."""
        self.action_reload()
        self.select_source(sentence.source_id if sentence is not None else next(iter(step.source_ids), None))

    def select_source(self, source_id: str | None) -> None:
        """Put the cursor on a source's row, if it is listed."""
        sources = self.query_one(SourceList)
        index = sources.index_of(source_id) if source_id is not None else None
        if index is not None:
            sources.cursor = index
        elif source_id is not None and not self.loaded.is_set():
            self._wanted = source_id  # not among the first rows: the cursor goes there once every row is read

    def action_search(self) -> None:
        """Ask for words, then open the source under the cursor with the results on its evidence side."""
        from annotator.tui.article import ArticleScreen
        from annotator.tui.dialogs import SearchDialog

        def asked(query: str | None) -> None:
            current = self.query_one(SourceList).current
            if query and current is not None:
                self.app.last_search = query
                self.app.push_screen(ArticleScreen(current.summary.id, search=query))

        self.app.push_screen(SearchDialog(self.app.last_search), asked)

    def action_pick_source(self) -> None:
        """Open a source by typing part of its name."""
        from annotator.tui.moving import SourcePicker

        def picked(source_id: str | None) -> None:
            if source_id is not None:
                self.open_source(source_id)

        self.app.push_screen(SourcePicker(), picked)

    def _first_sentence(self, source_id: str) -> str:
        first = self.app.store.sentence_at(source_id, 0)
        return first.text if first else ""

    def on_source_list_chosen(self, event: SourceList.Chosen) -> None:
        self.open_source(event.source_id)

    def open_source(self, source_id: str) -> None:
        """Open a source's article view."""
        from annotator.tui.article import ArticleScreen

        self.app.push_screen(ArticleScreen(source_id))
