"""The list of sentences with their annotation state, on the line-API cursor list."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from annotator.annotations import SentenceState
from annotator.cell_fit import cells, place
from annotator.labels import LabelSet, default_labels
from annotator.store import Sentence
from annotator.tui.line_list import LineList, one_line
from annotator.tui.wrap import wrap_offsets

VERDICT_MARKS = {"supported": "✓", "refuted": "✗", "mixed": "±", "unverified": "?"}
EMPTY_STATE = SentenceState()
LARGE_LIST = 10_000
WRAP_CACHE = 4_096  # rows whose wrapped lines are kept; a screen needs a few dozen
DRAWN_LINES = 1_024  # drawn lines kept for reuse while scrolling; a screen has a few dozen
COLOURED_RELATIONS = ("corroborates", "conflicts", "related")  # the default relations have a colour each
PENDING = "pending"  # an evidence sentence gathered into the evidence set being built (link mode)
PENDING_MARK = "●"
MIXED_LINKS_MARK = "*"  # a compact row's links cell when its claims have links of several relations
SCROLLBAR_GAP = 1  # a blank cell between the text and the scrollbar, whose thumb otherwise touches the last letter
PLACE_CELLS = 15  # an evidence row's `source:index`, the id shortened to fit
COMPACT_MARKS_WIDTH = 6  # a compact row's state columns: claim, type, verdict, two for the links, a space


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One row: the sentence, what the annotator said of it, and the state's column text."""

    sentence: Sentence
    state: SentenceState = EMPTY_STATE
    tag: str = ""  # e.g. a suggestion's rank and reasons, shown before the text
    tag_part: str = "tag"  # the component class that styles the tag ("conflicts" for a number clash)


def row_badges(state: SentenceState, show_source: bool, sentence: Sentence, labels: LabelSet | None = None,
               compact: bool = False) -> list[tuple[str, str]]:
    """The state columns of a row as (text, component class) pairs: claim, type, verdict, the links, the position.

    Wide, a count per relation and the position; compact (a narrow screen), one links cell and no position.
    """
    labels = labels or default_labels()
    claim = state.claim_id is not None
    badges = [
        _first_mark(state),
        ((state.claim_type or "·")[:1].upper() if claim else " ", "type"),
        (verdict_mark(state.verdict), "verdict"),
    ]
    if compact:
        badges.append(links_cell(state, labels))
        badges.append((" ", "index"))
        return badges
    for relation in labels.ids("relations"):
        count = state.count(relation)
        badges.append((f"{labels.mark(relation)}{count:<2}"[:3] if count else "   ", relation_part(relation)))
    where = position(sentence, show_source)
    badges.append((" " * ((PLACE_CELLS if show_source else 4) - cells(where)) + where + " ", "index"))  # by cells: a wide id
    return badges


def links_cell(state: SentenceState, labels: LabelSet) -> tuple[str, str]:
    """Two cells for every link of the sentence's claims: the relation's mark (`*` for several) and how many (`+` past 9)."""
    counts = [(relation, state.count(relation)) for relation in labels.ids("relations") if state.count(relation)]
    if not counts:
        return "  ", "index"
    total = sum(count for _, count in counts)
    number = str(total) if total < 10 else "+"
    if len(counts) == 1:
        return labels.mark(counts[0][0]) + number, relation_part(counts[0][0])
    return MIXED_LINKS_MARK + number, "conflicts" if state.count("conflicts") else "relation"


def position(sentence: Sentence, show_source: bool) -> str:
    """Where a sentence stands: its number, with its source's id on the evidence side, shortened in the middle so
    `source:index` fits its column (a long id cut at its end hid the sentence number, and ids that differ at the end)."""
    return place(sentence.source_id, sentence.index, PLACE_CELLS) if show_source else str(sentence.index)


def verdict_mark(verdict: str | None) -> str:
    """One character for a verdict: its sign for the default ones, else its initial (a custom label set's)."""
    return " " if not verdict else VERDICT_MARKS.get(verdict, verdict[:1].upper())


def relation_mark(relation: str | None, labels: LabelSet | None = None) -> str:
    """One character for a relation, from the label set (+ - ~ for the default ones); ● for gathered evidence."""
    if not relation:
        return " "
    return PENDING_MARK if relation == PENDING else (labels or default_labels()).mark(relation)


def relation_part(relation: str) -> str:
    """The component class that colours a relation's mark: its own for the default ones and gathered evidence."""
    return relation if relation in (*COLOURED_RELATIONS, PENDING) else "relation"


def _first_mark(state: SentenceState) -> tuple[str, str]:
    """The first column: claim, evidence for a claim elsewhere, boilerplate (`×`, seen without colour), or suggested (`?`)."""
    if state.claim_id is not None:
        return ("◆" if state.claims < 2 else str(min(state.claims, 9))), "claim"
    if state.evidence_for:
        return "◇", "evidence"
    if state.boilerplate:
        return "×", "boilerplate"
    if state.suggested_boilerplate and not state.boilerplate:
        return "?", "suggested"
    return " ", "evidence"


class SentenceList(LineList):
    """Sentences with their annotation state, each wrapped to the width beside its marks; j/k, pages, home/end."""

    HELP = "A list of sentences. **j/k** or arrows move, **pgup/pgdn** page, **g/G** first/last."

    COMPONENT_CLASSES = {
        "sentence-list--cursor",
        "sentence-list--claim",
        "sentence-list--evidence",
        "sentence-list--boilerplate",
        "sentence-list--suggested",
        "sentence-list--corroborates",
        "sentence-list--conflicts",
        "sentence-list--related",
        "sentence-list--relation",
        "sentence-list--index",
        "sentence-list--tag",
        "sentence-list--type",
        "sentence-list--verdict",
        "sentence-list--span",
        "sentence-list--span-current",
        "sentence-list--pending",
    }

    DEFAULT_CSS = """
    SentenceList { background: $surface; overflow-x: hidden; }
    SentenceList > .sentence-list--cursor { background: $panel-lighten-1; }
    SentenceList:focus > .sentence-list--cursor { background: $accent 45%; }
    SentenceList > .sentence-list--claim { color: $warning; text-style: bold; }
    SentenceList > .sentence-list--evidence { color: $secondary; text-style: bold; }
    SentenceList > .sentence-list--boilerplate { color: $text-muted; text-style: dim italic; }
    SentenceList > .sentence-list--suggested { color: $warning; text-style: dim; }
    SentenceList > .sentence-list--corroborates { color: $success; }
    SentenceList > .sentence-list--conflicts { color: $error; text-style: bold; }
    SentenceList > .sentence-list--related { color: $primary; }
    SentenceList > .sentence-list--relation { color: $secondary; text-style: bold; }
    SentenceList > .sentence-list--index { color: $text-muted; }
    SentenceList > .sentence-list--tag { color: $secondary; }
    SentenceList > .sentence-list--type { color: $warning; }
    SentenceList > .sentence-list--verdict { color: $accent; text-style: bold; }
    SentenceList > .sentence-list--span { text-style: underline; }
    SentenceList > .sentence-list--span-current { color: $warning; text-style: bold underline; }
    SentenceList > .sentence-list--pending { color: $accent; text-style: bold; }
    """

    DRAWN_LINES = DRAWN_LINES

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

    def __init__(self, *, show_source: bool = False, labels: LabelSet | None = None, id: str | None = None,
                 classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.show_source = show_source
        self.labels = labels or default_labels()  # its relations give the link-count columns and marks
        self._row_of_sentence: dict[int, int] = {}
        self.relations: dict[int, str] = {}  # sentence id -> relation to the claim being linked
        self.current_spans: dict[int, tuple[int, int]] = {}  # sentence id -> span of the claim under the claim cursor
        self._wrapped: dict[int, tuple[str, int, list[tuple[int, int]]]] = {}  # row -> text, tag length, lines
        self._wrap_width = 0  # the line width `_wrapped` was measured at
        self.compact = False  # a narrow screen's gutter: one links cell, the position in the panel (or before the text)

    # --- data in -------------------------------------------------------------------------------

    def set_rows(self, rows: list[SentenceRow], cursor: int = 0, show_source: bool | None = None) -> None:
        """Replace every row and put the cursor at `cursor`."""
        if show_source is not None:
            self.show_source = show_source
        self._row_of_sentence = {row.sentence.id: index for index, row in enumerate(rows)}
        self._wrapped.clear()
        self.replace_rows(rows, cursor)
        if len(rows) > LARGE_LIST:
            gc.freeze()  # rows hold no cycles: spare the collector from walking 100,000 of them per pass

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
                self.rows[index] = SentenceRow(row.sentence, state, row.tag, row.tag_part)
                self.refresh_line(index)

    def set_relations(self, relations: dict[int, str]) -> None:
        """Mark rows linked to the claim being linked (+ corroborates, - conflicts, ~ related)."""
        changed = set(relations.items()) ^ set(self.relations.items())
        self.relations = relations
        for sentence_id, _ in changed:
            index = self._row_of_sentence.get(sentence_id)
            if index is not None:
                self.refresh_line(index)

    def set_current_span(self, sentence_id: int | None, span: tuple[int, int] | None) -> None:
        """Highlight the span of the claim under the claim cursor in its row (none: no highlight)."""
        changed = set(self.current_spans)
        self.current_spans = {sentence_id: span} if sentence_id is not None and span is not None else {}
        for changed_id in changed | set(self.current_spans):
            index = self._row_of_sentence.get(changed_id)
            if index is not None:
                self.refresh_line(index)

    def set_compact(self, compact: bool) -> None:
        """Use the compact gutter (a narrow screen, so the prose gets the width) or the wide one."""
        if compact != self.compact:
            self.compact = compact
            self._wrapped.clear()
            self.heights_changed()
            if self.rows:
                self.scroll_to_row(self.cursor)
            self.refresh()

    def index_of(self, sentence_id: int) -> int | None:
        """The row showing a sentence, if it is in the list."""
        return self._row_of_sentence.get(sentence_id)

    def row_highlighted(self, index: int) -> None:
        self.post_message(self.Highlighted(self, index))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.Chosen(self, index))

    # --- rendering -----------------------------------------------------------------------------

    def row_style(self, index: int) -> Style:
        """Boilerplate rows are dimmed."""
        if self.rows[index].state.boilerplate:
            return self.base_style + self.component_style("sentence-list--boilerplate")
        return self.base_style

    def cursor_style(self) -> Style:
        return self.component_style("sentence-list--cursor")

    def width_changed(self) -> None:
        self._wrapped.clear()

    def line_stamp(self, index: int) -> object:
        """A row's lines change with the row (its state and tag), its relation to the claim, the current span and focus."""
        row = self.rows[index]
        sentence_id = row.sentence.id
        return (row, self.relations.get(sentence_id), self.current_spans.get(sentence_id),
                index == self.cursor and self.has_focus)

    def marks(self, index: int, base: Style) -> list[Segment]:
        """The marks left of the text: state columns and, on the evidence side, the relation to the claim."""
        row = self.rows[index]
        segments = [
            Segment(text, base + self.component_style(f"sentence-list--{part}"))
            for text, part in row_badges(row.state, self.show_source, row.sentence, self.labels, self.compact)
        ]
        if self.show_source:
            relation = self.relations.get(row.sentence.id)
            style = self.component_style(f"sentence-list--{relation_part(relation) if relation else 'tag'}")
            segments.append(Segment(relation_mark(relation, self.labels) + " ", base + style))
        return segments

    def marks_width(self, index: int) -> int:
        """Cells the marks take: the state columns (3 + 3 per relation and the position; compact, 6), 2 for the relation on the evidence side."""
        relation = 2 if self.show_source else 0
        if self.compact:
            return COMPACT_MARKS_WIDTH + relation
        where = position(self.rows[index].sentence, self.show_source)
        return 3 + 3 * len(self.labels.relations) + max(cells(where), PLACE_CELLS if self.show_source else 4) + 1 + relation

    def inline_position(self, row: SentenceRow) -> str:
        """What starts a compact evidence row's text: its source and number, which the wide gutter gives in a column."""
        return position(row.sentence, True) + " " if self.compact and self.show_source else ""

    def shown_tag(self, row: SentenceRow) -> str:
        """The tag and a space; compact, without the padding that lines tags up in a column (the text wraps under it anyway)."""
        if not row.tag:
            return ""
        tag = one_line(row.tag)
        return " ".join(tag.split()) + " " if self.compact else tag + " "

    def wrapped(self, index: int) -> tuple[str, int, int, list[tuple[int, int]]]:
        """A row's text (its inline position and tag first), where the tag and the sentence start, its lines at the width; cached."""
        line_width = self.view_size().width
        if line_width != self._wrap_width:
            self._wrapped.clear()
            self._wrap_width = line_width
        found = self._wrapped.get(index)
        if found is None:
            row = self.rows[index]
            where = self.inline_position(row)
            tag = self.shown_tag(row)
            text = where + tag + one_line(row.sentence.text)
            lead = len(where) + len(tag)
            width = line_width - 1 - self.marks_width(index) - SCROLLBAR_GAP
            if line_width <= 0:
                return text, len(where), lead, [(0, len(text))]  # not laid out yet: measure nothing
            if len(self._wrapped) >= WRAP_CACHE:
                self._wrapped.clear()
            found = self._wrapped[index] = (text, len(where), lead, wrap_offsets(text, width))
        return found

    def row_height(self, index: int) -> int:
        return len(self.wrapped(index)[3])

    def render_row_line(self, index: int, line: int, base: Style) -> list[Segment]:
        """The marks (first line) or their blank width, then one wrapped line: position and tag styled, the text literal."""
        text, where_length, lead, lines = self.wrapped(index)
        if line == 0:
            segments = self.marks(index, base)
        else:
            segments = [Segment(" " * self.marks_width(index), base)]
        start, end = lines[line]
        if start < where_length:
            segments.append(Segment(text[start : min(end, where_length)], base + self.component_style("sentence-list--index")))
            start = min(end, where_length)
        if start < lead:
            style = self.component_style(f"sentence-list--{self.rows[index].tag_part}")
            segments.append(Segment(text[start : min(end, lead)], base + style))
            start = min(end, lead)
        segments.extend(self.span_segments(index, text, lead, start, end, base))
        return segments

    def span_segments(self, index: int, text: str, lead: int, start: int, end: int, base: Style) -> list[Segment]:
        """One line of a row's text, claim spans underlined and the current claim's span in the claim colour."""
        row = self.rows[index]
        current = self.current_spans.get(row.sentence.id)
        if not row.state.spans and current is None:
            return [Segment(text[start:end], base)]
        shown = row.sentence.text  # spans are offsets into it; the row shows it through one_line, after the tag
        spans = tuple(_shown_span(shown, span, lead) for span in row.state.spans)
        styles = (base, base + self.component_style("sentence-list--span"),
                  base + self.component_style("sentence-list--span-current"))
        return [Segment(text[a:b], styles[2 if is_current else 1 if inside else 0])
                for a, b, inside, is_current in span_pieces(start, end, spans,
                                                            _shown_span(shown, current, lead) if current else None)]


def _shown_span(text: str, span: tuple[int, int], tag_length: int) -> tuple[int, int]:
    """A span of a sentence as offsets into its row's text (`tag_length` of position and tag first, line breaks drawn wider)."""
    return tag_length + len(one_line(text[: span[0]])), tag_length + len(one_line(text[: span[1]]))


def span_pieces(start: int, end: int, spans: tuple[tuple[int, int], ...], current: tuple[int, int] | None
                ) -> list[tuple[int, int, bool, bool]]:
    """[start, end) cut at claim span edges: (from, to, inside some span, inside the current claim's span), in order."""
    marked = (*spans, *([current] if current else []))
    edges = sorted({start, end, *(min(max(offset, start), end) for span in marked for offset in span)})
    pieces = []
    for a, b in zip(edges, edges[1:], strict=False):
        if a < b:
            inside = any(low <= a and b <= high for low, high in spans)
            pieces.append((a, b, inside, current is not None and current[0] <= a and b <= current[1]))
    return pieces
