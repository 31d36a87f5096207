"""Pick words of a sentence from the keyboard: a claim span, or the point where a sentence splits."""

from __future__ import annotations

from itertools import accumulate

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.terminal_text import printable
from annotator.tui.dialogs import DIALOG_CSS
from annotator.words import (
    Span,
    WordSelection,
    claim_words,
    find_word,
    selection_covering,
    selection_offsets,
    split_point,
    word_spans,
)

SPLIT = "split"
SPLIT_MARK = "▏"
TITLES = {SPLIT: "Split the sentence before a word"}
HINTS = {
    SPLIT: "←/→ or h/l: the word that starts the new sentence · home/end · / finds a word, n/N the next/previous · "
           "enter splits · esc cancels",
    None: "←/→ or h/l move · shift+←/→ or H/L extend · home/end · / finds a word, n/N the next/previous · "
          "enter confirms · esc cancels",
}
FIND_HINT = "type the start of a word: the cursor goes to the next one so begun · enter keeps it there · esc goes back"


class WordPicker(ModalScreen[Span | None]):
    """Choose words with a word cursor; dismisses (start, end) code-point offsets into the text, or None.

    `purpose` "split" picks one insertion point instead: (offset, offset) at the start of the chosen word,
    never the first word. Any other purpose (e.g. "claim") picks a run of words, trimmed of end punctuation.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="WordPicker") + """
    WordPicker > Vertical { width: 100; padding: 0 2; }
    WordPicker VerticalScroll { height: auto; max-height: 50vh; }
    WordPicker #picker-selection { color: $text-muted; margin-top: 1; }
    WordPicker Label { width: 100%; }
    WordPicker #picker-find { display: none; margin-top: 1; color: $accent; }
    WordPicker.finding #picker-find { display: block; }
    """
    BINDINGS = [
        Binding("left,h", "move(-1)", "Previous word", id="picker-previous-word", tooltip="Cursor to the previous word"),
        Binding("right,l", "move(1)", "Next word", id="picker-next-word", tooltip="Cursor to the next word"),
        Binding("shift+left,H", "extend(-1)", "Extend left", id="picker-extend-left",
                tooltip="Extend the selection one word to the left"),
        Binding("shift+right,L", "extend(1)", "Extend right", id="picker-extend-right",
                tooltip="Extend the selection one word to the right"),
        Binding("home", "jump(0)", "First word", id="picker-first-word", tooltip="Cursor to the first word"),
        Binding("end", "jump(-1)", "Last word", id="picker-last-word", tooltip="Cursor to the last word"),
        Binding("shift+home", "jump(0, True)", "Extend to first", id="picker-extend-first", show=False,
                tooltip="Extend the selection to the first word"),
        Binding("shift+end", "jump(-1, True)", "Extend to last", id="picker-extend-last", show=False,
                tooltip="Extend the selection to the last word"),
        Binding("slash", "find", "Find word", id="picker-find-word",
                tooltip="Type the start of a word: the cursor goes to the next word that begins so"),
        Binding("n", "find_again(1)", "Next found", id="picker-find-next", tooltip="Cursor to the next word found by /"),
        Binding("N", "find_again(-1)", "Previous found", id="picker-find-previous",
                tooltip="Cursor to the previous word found by /"),
        Binding("enter", "confirm", "Confirm", id="picker-confirm", tooltip="Confirm the selection"),
        Binding("escape", "cancel", "Cancel", id="picker-cancel", tooltip="Close without choosing"),
        Binding("question_mark", "app.help", "Help", id="help", show=False,  # the app's id: one remap moves both
                tooltip="Every key of the word picker"),
    ]

    def __init__(self, text: str, purpose: str = "claim", initial: Span | None = None):
        super().__init__()
        self.text = text
        self.purpose = purpose
        self.spans = word_spans(text) if purpose == SPLIT else claim_words(text)  # a claim's words skip a lone `/`
        self.selection = self._initial_selection(initial)
        self.query_text = ""  # the last word looked for with /
        self._before_find: WordSelection | None = None  # while finding, the selection when / was pressed (esc: back)
        self._typed = ""  # what is typed in the find line so far

    @property
    def splitting(self) -> bool:
        return self.purpose == SPLIT

    def _initial_selection(self, initial: Span | None) -> WordSelection:
        """The words of `initial`; when splitting, the word starting at the offset (else the second word)."""
        if self.splitting:
            starts = [start for start, _ in self.spans]
            index = starts.index(initial[0]) if initial and initial[0] in starts else min(1, len(self.spans) - 1)
            return WordSelection(max(index, 0), max(index, 0))
        return selection_covering(self.spans, initial)

    def compose(self) -> ComposeResult:
        title = TITLES.get(self.purpose, f"Select the words of the {self.purpose}")
        with Vertical():
            yield Label(title, classes="title", markup=False)
            with VerticalScroll(can_focus=False):  # the picker's keys, not the scroll's, move the cursor
                yield Static(self.render_sentence(), id="picker-sentence", markup=False)
            yield Label("", id="picker-find", markup=False)
            yield Label(self.describe(), id="picker-selection", markup=False)
            yield Label(HINTS[SPLIT if self.splitting else None], id="picker-hint", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroll_to_cursor)

    # --- what is shown -------------------------------------------------------------------------

    def render_sentence(self) -> Text:
        """The whole sentence as literal text, the selection (or the split point) highlighted."""
        text = Text(printable(self.text))
        if not self.spans:
            return Text("This sentence has no words to pick.", style="dim")
        if self.splitting:
            start, end = self.spans[self.selection.cursor]
            text.stylize("dim", 0, start)
            text.stylize("bold reverse", start, end)
            text = Text.assemble(text[:start], (SPLIT_MARK, "bold red"), text[start:])
            return text
        first, last = self.spans[self.selection.first], self.spans[self.selection.last]
        text.stylize("reverse", first[0], last[1])
        start, end = self.spans[self.selection.cursor]
        text.stylize("bold underline", start, end)
        return text

    def describe(self) -> str:
        """One line saying what enter would store."""
        if not self.spans:
            return "enter or esc closes"
        if self.splitting:
            point = split_point(self.spans, self.selection)
            return "The first word cannot start a new sentence." if point is None else f"split at offset {point[0]}"
        start, end = selection_offsets(self.text, self.spans, self.selection)
        words = self.selection.last - self.selection.first + 1
        return f"{words} word(s), offsets {start}:{end}"

    def show_selection(self) -> None:
        """Repaint the sentence and the line under it, and keep the cursor's word in view."""
        self.query_one("#picker-sentence", Static).update(self.render_sentence())
        self.query_one("#picker-selection", Label).update(self.describe())
        self.call_after_refresh(self.scroll_to_cursor)

    def scroll_to_cursor(self) -> None:
        """Scroll a long sentence so the line holding the cursor's word is visible."""
        shown = self.query("#picker-sentence")  # empty once the picker has closed
        if not self.spans or not shown:
            return
        width = shown.first().content_region.width
        if width <= 0:
            return
        lines = self.render_sentence().wrap(self.app.console, width)
        cursor = self.spans[self.selection.cursor][0] + (1 if self.splitting else 0)
        ends = accumulate(len(line.plain) for line in lines)
        row = next((number for number, end in enumerate(ends) if end > cursor), len(lines) - 1)
        self.query_one(VerticalScroll).scroll_to(y=max(row - 1, 0), animate=False)

    # --- keys ----------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.spans:
            self.selection = self.selection.moved(step, len(self.spans))
            self.show_selection()

    def action_extend(self, step: int) -> None:
        if self.spans:
            move = self.selection.moved if self.splitting else self.selection.extended
            self.selection = move(step, len(self.spans))
            self.show_selection()

    def action_jump(self, index: int, extend: bool = False) -> None:
        if self.spans:
            target = index % len(self.spans)
            self.selection = self.selection.to(target, len(self.spans), extend=extend and not self.splitting)
            self.show_selection()

    def action_find(self) -> None:
        """Open the find line under the sentence: the keys typed next are the start of a word, and move the cursor."""
        if not self.spans or self.finding:
            return
        self._before_find = self.selection
        self._typed = ""
        self.add_class("finding")
        self._show_find()
        self.query_one("#picker-hint", Label).update(FIND_HINT)

    @property
    def finding(self) -> bool:
        return self._before_find is not None

    def on_key(self, event: events.Key) -> None:
        """While finding, keys are the text looked for (the picker's letters too): typed, backspace, enter, esc.

        Handled here, before the bindings, with no widget to focus: keys typed right after / arrive in the same
        read and go where / sent them, so none is lost or taken for a picker key.
        """
        if not self.finding:
            bound = self.active_bindings.get(event.key)
            if bound is not None and bound.node is self and bound.binding.action == "find":
                # at once, not through the app's binding check: the keys typed after it in the same read reach this
                # screen before the app has handled this one, and they are the text looked for, not picker keys
                event.stop()
                event.prevent_default()
                self.action_find()
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.selection = self._before_find
            self.show_selection()
            self._close_find()
        elif event.key == "enter":
            if self._typed.strip():
                self.query_text = self._typed
            self._close_find()
        elif event.key == "backspace":
            self._typed = self._typed[:-1]
            self._find_typed()
        elif event.is_printable and event.character:
            self._typed += event.character
            self._find_typed()

    def _find_typed(self) -> None:
        """The cursor on the first word, from where it was at /, that begins with what is typed so far."""
        self._show_find()
        self._go_to_found(self._typed, self._before_find.cursor, 1, origin=self._before_find)

    def _show_find(self) -> None:
        self.query_one("#picker-find", Label).update(f"find: {printable(self._typed)}▏")

    def action_find_again(self, step: int) -> None:
        if self.spans and self.query_text:
            self._go_to_found(self.query_text, self.selection.cursor + step, step, origin=self.selection)

    def _go_to_found(self, query: str, start: int, step: int, origin: WordSelection) -> None:
        """Cursor on the word found (the selection collapsed onto it), else back on `origin` and say none begins so."""
        found = find_word(self.text, self.spans, query, start % len(self.spans), step)
        self.selection = origin if found is None else origin.to(found, len(self.spans))
        self.show_selection()
        if found is None and query.strip():
            self.query_one("#picker-selection", Label).update(f"No word begins with “{printable(query.strip())}”.")

    def _close_find(self) -> None:
        self._before_find = None
        self.remove_class("finding")
        self.query_one("#picker-hint", Label).update(HINTS[SPLIT if self.splitting else None])

    def action_confirm(self) -> None:
        """Dismiss with the offsets; on the first word when splitting, say why not and stay."""
        if not self.spans:
            self.dismiss(None)
        elif self.splitting:
            point = split_point(self.spans, self.selection)
            if point is None:
                self.app.bell()
                self.notify("A sentence cannot be split before its first word.", severity="warning", timeout=3)
            else:
                self.dismiss(point)
        else:
            self.dismiss(selection_offsets(self.text, self.spans, self.selection))

    def action_cancel(self) -> None:
        self.dismiss(None)
