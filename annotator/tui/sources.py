"""The sources view: every source with outlet, date, size and this annotator's progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label


class SourcesScreen(Screen):
    """Pick a source to annotate; the counts are yours (claims, linked claims, boilerplate, read)."""

    HELP = "Every source with your progress. **enter** opens one."
    BINDINGS = [Binding("r", "reload", "Reload", id="reload-sources", tooltip="Reload the list from the database")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="sources-intro")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sources")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in [("source", "id"), ("outlet", "outlet"), ("published", "published"), ("sentences", "n"),
                           ("claims", "claims"), ("linked", "linked"), ("boilerplate", "boilerplate"),
                           ("read", "read"), ("title / first sentence", "title")]:
            table.add_column(label, key=key)
        self.action_reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Fill the table from the database, keeping the cursor on the same row."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        summaries = self.app.store.source_summaries()
        progress = self.app.annotations.progress()
        for summary in summaries:
            mine = progress.get(summary.id, {})
            read = min(mine.get("reviewed", 0), summary.sentences)
            table.add_row(
                Text(summary.id), Text(summary.outlet or "—"), Text(summary.published or "—"), str(summary.sentences),
                str(mine.get("claims", 0)), str(mine.get("linked", 0)), str(mine.get("boilerplate", 0)),
                f"{100 * read // max(summary.sentences, 1)}%", Text(self._title(summary)), key=summary.id,
            )
        if summaries:
            table.move_cursor(row=min(row, len(summaries) - 1))
        intro = (f"{len(summaries)} sources. Enter opens one; ? lists every key." if summaries
                 else "No sources yet. Quit (q) and run: annotator ingest PATH")
        self.query_one("#sources-intro", Label).update(intro)

    def _title(self, summary) -> str:
        """The title, or the first sentence when the article has none."""
        if summary.title:
            return summary.title[:60]
        first = self.app.store.sentence_at(summary.id, 0)
        return first.text[:60] if first else ""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the chosen source."""
        from annotator.tui.article import ArticleScreen

        self.app.push_screen(ArticleScreen(event.row_key.value))
