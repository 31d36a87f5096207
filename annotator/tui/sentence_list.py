"""A line-API list of sentences: renders only visible rows, so 100,000 rows cost what 40 do."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.annotations import SentenceState
from annotator.store import Sentence

VERDICT_MARKS = {"supported": "✓", "refuted": "✗", "mixed": "±", "unverified": "?"}
CONTROL_CHARACTERS = dict.fromkeys(range(32), " ") | {10: " ⏎ ", 13: "", 0x2028: " ⏎ ", 0x2029: " ⏎ ", 127: " "}
EMPTY_STATE = SentenceState()
RELATION_MARKS = {"corroborates": "+", "conflicts": "-", "related": "~"}


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One row: the sentence, what the annotator said of it, and the state's column text."""

    sentence: Sentence
    state: SentenceState = EMPTY_STATE
    tag: str = ""  # e.g. a suggestion's score or reason, shown before the text


def row_badges(state: SentenceState, show_source: bool, sentence: Sentence) -> list[tuple[str, str]]:
    """The state columns of a row as (text, component class) pairs: claim, type, verdict, link counts."""
    claim = state.claim_id is not None
    badges = [
        ("◆" if claim else ("◇" if state.evidence_for else " "), "claim" if claim else "evidence"),
        ((state.claim_type or "·")[:1].upper() if claim else " ", "type"),
        (VERDICT_MARKS.get(state.verdict or "", " "), "verdict"),
        (f"+{state.corroborates:<2}"[:3] if state.corroborates else "   ", "corroborates"),
        (f"-{state.conflicts:<2}"[:3] if state.conflicts else "   ", "conflicts"),
        (f"~{state.related:<2}"[:3] if state.related else "   ", "related"),
    ]
    where = f"{sentence.source_id[:10]}:{sentence.index}" if show_source else str(sentence.index)
    badges.append((f"{where:>{15 if show_source else 4}} ", "index"))
    return badges


class SentenceList(ScrollView, can_focus=True):
    """Sentences one per row with their annotation state; a cursor moves with j/k, pages, home/end."""

    HELP = "A list of sentences. **j/k** or arrows move, **pgup/pgdn** page, **g/G** first/last."

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next", id="next-sentence", show=False, tooltip="Next sentence"),
        Binding("k,up", "cursor_up", "Previous", id="previous-sentence", show=False, tooltip="Previous sentence"),
        Binding("pagedown", "page_down", "Page down", id="page-down", show=False),
        Binding("pageup", "page_up", "Page up", id="page-up", show=False),
        Binding("g,home", "first", "First", id="first-sentence", show=False),
        Binding("G,end", "last", "Last", id="last-sentence", show=False),
    ]

    COMPONENT_CLASSES = {
        "sentence-list--cursor",
        "sentence-list--claim",
        "sentence-list--evidence",
        "sentence-list--boilerplate",
        "sentence-list--corroborates",
        "sentence-list--conflicts",
        "sentence-list--related",
        "sentence-list--index",
        "sentence-list--tag",
        "sentence-list--type",
        "sentence-list--verdict",
    }

    DEFAULT_CSS = """
    SentenceList { background: $surface; overflow-x: hidden; }
    SentenceList > .sentence-list--cursor { background: $panel-lighten-1; }
    SentenceList:focus > .sentence-list--cursor { background: $accent 45%; }
    SentenceList > .sentence-list--claim { color: $warning; text-style: bold; }
    SentenceList > .sentence-list--evidence { color: $secondary; text-style: bold; }
    SentenceList > .sentence-list--boilerplate { color: $text-muted; text-style: dim italic; }
    SentenceList > .sentence-list--corroborates { color: $success; }
    SentenceList > .sentence-list--conflicts { color: $error; text-style: bold; }
    SentenceList > .sentence-list--related { color: $primary; }
    SentenceList > .sentence-list--index { color: $text-muted; }
    SentenceList > .sentence-list--tag { color: $secondary; }
    SentenceList > .sentence-list--type { color: $warning; }
    SentenceList > .sentence-list--verdict { color: $accent; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        sentence_list: SentenceList
        index: int

    @dataclass
    class Chosen(Message):
        """Enter was pressed on a row."""

        sentence_list: SentenceList
        index: int

    def __init__(self, *, show_source: bool = False, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.rows: list[SentenceRow] = []
        self.show_source = show_source
        self._row_of_sentence: dict[int, int] = {}
        self.relations: dict[int, str] = {}  # sentence id -> relation to the claim being linked

    # --- data in -------------------------------------------------------------------------------

    def set_rows(self, rows: list[SentenceRow], cursor: int = 0, show_source: bool | None = None) -> None:
        """Replace every row and put the cursor at `cursor`."""
        self.rows = rows
        if show_source is not None:
            self.show_source = show_source
        self._row_of_sentence = {row.sentence.id: index for index, row in enumerate(rows)}
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.refresh()

    def update_states(self, states: dict[int, SentenceState], sentence_ids: list[int] | None = None) -> None:
        """Give rows their new states: those of `sentence_ids` (all rows when None); absent means unannotated."""
        if sentence_ids is None:
            indexes = range(len(self.rows))
        else:
            indexes = [i for i in map(self._row_of_sentence.get, sentence_ids) if i is not None]
        for index in indexes:
            row = self.rows[index]
            state = states.get(row.sentence.id, EMPTY_STATE)
            if state != row.state:
                self.rows[index] = SentenceRow(row.sentence, state, row.tag)
                self.refresh_line(index)

    def set_relations(self, relations: dict[int, str]) -> None:
        """Mark rows linked to the claim being linked (+ corroborates, - conflicts, ~ related)."""
        changed = set(relations.items()) ^ set(self.relations.items())
        self.relations = relations
        for sentence_id, _ in changed:
            index = self._row_of_sentence.get(sentence_id)
            if index is not None:
                self.refresh_line(index)

    def index_of(self, sentence_id: int) -> int | None:
        """The row showing a sentence, if it is in the list."""
        return self._row_of_sentence.get(sentence_id)

    @property
    def current(self) -> SentenceRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if self.rows else None

    # --- cursor --------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows, keep the cursor in view, and tell the screen."""
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        if self.rows:
            self.post_message(self.Highlighted(self, new))

    def validate_cursor(self, value: int) -> int:
        """Clamp the cursor to the rows."""
        return max(0, min(value, len(self.rows) - 1))

    def refresh_line(self, index: int) -> None:
        """Repaint one row if it is on screen."""
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def key_enter(self) -> None:
        """Enter chooses the row under the cursor."""
        if self.rows:
            self.post_message(self.Chosen(self, self.cursor))

    def on_resize(self) -> None:
        """Keep the virtual width equal to the view: rows truncate rather than scroll sideways."""
        self.virtual_size = Size(self.size.width, len(self.rows))

    # --- rendering -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw one visible row: cursor, state columns, then the sentence text taken literally."""
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        base = self.rich_style
        if row.state.boilerplate:
            base += self.get_component_rich_style("sentence-list--boilerplate")
        if index == self.cursor:
            base += self.get_component_rich_style("sentence-list--cursor")
        segments = [Segment("▌" if index == self.cursor else " ", base)]
        for text, part in row_badges(row.state, self.show_source, row.sentence):
            segments.append(Segment(text, base + self.get_component_rich_style(f"sentence-list--{part}")))
        if self.show_source:
            relation = self.relations.get(row.sentence.id)
            mark = RELATION_MARKS.get(relation, " ")
            segments.append(Segment(mark + " ", base + self.get_component_rich_style(f"sentence-list--{relation or 'tag'}")))
        if row.tag:
            segments.append(Segment(row.tag + " ", base + self.get_component_rich_style("sentence-list--tag")))
        segments.append(Segment(row.sentence.text.translate(CONTROL_CHARACTERS), base))
        return Strip(segments).adjust_cell_length(width, base or Style())
