"""The story views: lint findings and the coverage grid as lists whose rows jump to their sentence."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from annotator.coverage import CoverageGrid, coverage_grid
from annotator.lint import Finding, lint
from annotator.tui.footer import KeyFooter
from annotator.tui.line_list import LineList, one_line
from annotator.tui.messages import DatabaseChanged

RELATION_MARKS = {"corroborates": "+", "conflicts": "✗", "related": "~"}


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of a story view and the place it jumps to (index None: the source's start)."""

    text: str
    source_id: str
    index: int | None


def lint_rows(findings: list[Finding]) -> list[StoryRow]:
    """One row per lint finding: place, kind, message and who."""
    rows = []
    for finding in findings:
        who = f" ({', '.join(finding.annotators)})" if finding.annotators else ""
        rows.append(StoryRow(f"{finding.ref:<26} {finding.kind:<25} {finding.message}{who}", finding.source_id, finding.index))
    return rows


def coverage_rows(grid: CoverageGrid) -> list[StoryRow]:
    """Each source with who has done it and who it is assigned to, then each claim with its evidence per source."""
    rows = []
    for source_id in grid.sources:
        done = ", ".join(grid.done.get(source_id, [])) or "nobody"
        assigned = ", ".join(grid.assigned.get(source_id, [])) or "nobody"
        rows.append(StoryRow(f"{source_id:<26} done by {done}; assigned to {assigned}", source_id, None))
    for ref, info in grid.claims.items():
        source_id, _, index = ref.rpartition(":")
        cells = [f"{evidence_source} {_marks(relations)}" for evidence_source, relations in sorted(grid.evidence.get(ref, {}).items())]
        rows.append(StoryRow(f"{ref:<26} {' · '.join(cells) or 'no evidence':<30} {info['text']}", source_id, int(index)))
    return rows


def _marks(relations: dict[str, int]) -> str:
    """Relation counts as marks: `+2 ✗1`."""
    return " ".join(f"{RELATION_MARKS.get(relation, relation)}{count}" for relation, count in sorted(relations.items()))


class StoryList(LineList):
    """Story rows, one line each; enter jumps to the row's sentence."""

    DEFAULT_CSS = """
    StoryList { background: $surface; }
    StoryList:focus > .story-list--cursor { background: $accent 45%; }
    """
    COMPONENT_CLASSES = {"story-list--cursor"}

    @dataclass
    class Chosen(Message):
        """Enter on a row."""

        row: StoryRow

    @dataclass
    class Highlighted(Message):
        """The cursor landed on a row."""

        row: StoryRow

    def cursor_style(self) -> Style:
        return self.component_style("story-list--cursor")

    def render_row(self, index: int, base: Style) -> list[Segment]:
        return [Segment(one_line(self.rows[index].text), base)]  # data drawn as text, never markup

    def row_chosen(self, index: int) -> None:
        self.post_message(self.Chosen(self.rows[index]))

    def row_highlighted(self, index: int) -> None:
        self.post_message(self.Highlighted(self.rows[index]))


class StoryScreen(Screen):
    """Lint findings or the coverage grid; enter opens the sentence a row is about."""

    DEFAULT_CSS = """
    StoryScreen #story-detail { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    """
    HELP = "Story view: **j/k** move, **enter** opens the sentence, **r** reloads, **escape** goes back."
    BINDINGS = [
        Binding("escape", "back", "Back", id="story-back", tooltip="Back to where you were"),
        Binding("r", "reload", "Reload", id="story-reload", tooltip="Read the findings again from the database"),
    ]
    VIEWS = {"lint": "Lint: story-level problems", "coverage": "Coverage: who has done what, evidence per source"}

    def __init__(self, view: str):
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(self.VIEWS[self.view], id="story-title", markup=False)
        yield StoryList(id="story")
        yield Static("", id="story-detail", markup=False)  # the row under the cursor in full: rows are cut at the edge
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(StoryList).focus()
        self.action_reload()

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Compute the view again, keeping the cursor."""
        rows = lint_rows(lint(self.app.store)) if self.view == "lint" else coverage_rows(coverage_grid(self.app.store))
        story = self.query_one(StoryList)
        story.replace_rows(rows, story.cursor)
        self.show_row(story.current)
        count = f"{len(rows)} finding(s)" if self.view == "lint" else f"{len(rows)} row(s)"
        self.query_one("#story-title", Label).update(f"{self.VIEWS[self.view]} — {count}; enter opens the sentence.")

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_story_list_highlighted(self, event: StoryList.Highlighted) -> None:
        self.show_row(event.row)

    def show_row(self, row: StoryRow | None) -> None:
        """The row under the cursor in full, its words wrapped to the screen's width."""
        self.query_one("#story-detail", Static).update(Text(" ".join(row.text.split())) if row else Text(""))

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        """Open the row's source at its sentence."""
        from annotator.tui.article import ArticleScreen

        self.app.push_screen(ArticleScreen(event.row.source_id, event.row.index))
