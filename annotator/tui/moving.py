"""Moving in the article view: go to a row (or, on the evidence side, a rank) by number, back from a jump, open a
source by name; and copying the sentence under the cursor with where it is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.source_rows import source_names
from annotator.terminal_text import printable
from annotator.tui.dialogs import DIALOG_CSS, CancellableDialog
from annotator.whole_number import whole_number

JUMPS_KEPT = 50


class GoToDialog(CancellableDialog[int | None]):
    """Ask for a number: a sentence's index in the article, or a rank on the evidence side."""

    DEFAULT_CSS = DIALOG_CSS.format(name="GoToDialog")

    def __init__(self, what: str, last: int):
        super().__init__()
        self.what = what
        self.last = last

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Go to {self.what} (0 to {self.last})" if self.what == "sentence" else
                        f"Go to {self.what} (1 to {self.last + 1})", classes="title", markup=False)
            yield Input(type="integer", placeholder="a number")
            yield Label("enter goes · esc cancels · backspace in the article goes back", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        number = whole_number(typed.removeprefix("-"))  # a paste of 5,000 digits is no number, not a crash
        self.dismiss(None if number is None else -number if typed.startswith("-") else number)


class MovingMixin:
    """The ArticleScreen's number jumps and its way back; split out so each file holds one responsibility."""

    jumped_from: list[tuple[str, int]]

    def remember_jump(self) -> None:
        """Keep where the cursor is, so backspace can come back after a jump."""
        here = (self.source_id, self.article.cursor)
        if not self.jumped_from or self.jumped_from[-1] != here:
            self.jumped_from = [*self.jumped_from[-JUMPS_KEPT + 1 :], here]

    def action_jump_back(self) -> None:
        """Back to where the last jump came from (enter on a result or a cited sentence, n/N, go to, undo)."""
        if not self.jumped_from:
            self.notify("No jump to come back from.", timeout=2)
            return
        self.show_sentence(*self.jumped_from.pop())

    def jump_to(self, source_id: str, index: int) -> None:
        """Put the article cursor on a sentence, switching source if needed; backspace comes back."""
        self.remember_jump()
        self.show_sentence(source_id, index)

    def show_sentence(self, source_id: str, index: int) -> None:
        """The article cursor on a sentence, its source loaded first when another one is shown; the article has the keys."""
        if source_id != self.source_id:
            self.load_source(source_id, index)
        else:
            self.article.cursor = index
        self.article.focus()

    def action_go_to(self) -> None:
        """Type a number: the sentence of that index, or on the focused evidence side the suggestion of that rank."""
        on_evidence = self.evidence_visible and self.focused is self.evidence
        target = self.evidence if on_evidence else self.article
        if not target.rows:
            return

        def go(number: int | None) -> None:
            if number is None:
                return
            if on_evidence:
                target.cursor = number - 1
            else:
                self.remember_jump()
                target.cursor = number

        self.app.push_screen(GoToDialog("rank" if on_evidence else "sentence", len(target.rows) - 1), go)

    def action_copy_sentence(self) -> None:
        """Copy the sentence under the cursor (the evidence side's when focused) as `id:index [start:end] text`."""
        target = self.evidence if self.evidence_visible and self.focused is self.evidence else self.article
        if target.current is None:
            return
        self.app.copy_to_clipboard(sentence_reference(target.current.sentence))
        s = target.current.sentence
        self.notify(f"Copied {s.source_id}:{s.index} [{s.start}:{s.end}] to the clipboard (through the terminal, "
                    "OSC 52: some terminals and tmux need it allowed).", timeout=4)

    def action_pick_source(self) -> None:
        """Open another article by typing part of its name; backspace comes back."""

        def picked(source_id: str | None) -> None:
            if source_id is not None:
                self.jump_to(source_id, self.annotations.position(source_id)[0])

        self.app.push_screen(SourcePicker(), picked)


class SourcePicker(CancellableDialog[str | None]):
    """Open a source by typing part of its id, title or outlet; enter opens the highlighted one.

    The names are read by a worker (a second at a million sentences was the UI thread's before): what is typed
    meanwhile filters them once they are there, and an enter typed meanwhile opens the first match then.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="SourcePicker")
    BINDINGS = [Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self):
        super().__init__()
        self.sources: list[tuple[str, str, str]] | None = None  # (id, title · outlet, both casefolded to match); None: reading
        self._open_when_read = False  # enter was pressed before the names came

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Open a source: type part of its id, title or outlet", classes="title", markup=False)
            yield Input(placeholder="e.g. yonhap, 004, containers")
            yield OptionList(Option("reading the sources…", disabled=True))
            yield Label("↑/↓ choose · enter opens · esc cancels", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.run_worker(self._read_names, thread=True, group="source-picker", name="source names")

    def _read_names(self) -> None:
        """Every source's name on the worker's own connection, made ready to match, handed to the UI thread."""
        names = self.app.worker_read(source_names)
        if names is None:
            return
        sources = []
        for source_id, title, outlet in names:
            name = printable(" · ".join(part for part in (title, outlet) if part))
            sources.append((source_id, name, f"{source_id} {name}".casefold()))
        self.app.call_from_thread(self._names_read, sources)

    def _names_read(self, sources: list[tuple[str, str, str]]) -> None:
        self.sources = sources
        self._show(self.query_one(Input).value)
        if self._open_when_read:
            self.on_input_submitted(None)

    def _options(self, typed: str) -> list[Option]:
        """The sources whose id or name holds every typed word, at most a screenful."""
        wanted = typed.casefold().split()
        found = [(sid, name) for sid, name, folded in self.sources or () if all(w in folded for w in wanted)]
        return [Option(Text(f"{sid}  {name}", no_wrap=True, overflow="ellipsis"), id=sid) for sid, name in found[:200]]

    def _show(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(typed))
        options.highlighted = 0 if options.option_count else None

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.sources is not None:
            self._show(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self, _: Input.Submitted | None) -> None:
        if self.sources is None:
            self._open_when_read = True
            return
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def sentence_reference(sentence) -> str:
    """A sentence with its place: `source:index [start:end] text` (offsets in code points of the article)."""
    return f"{sentence.source_id}:{sentence.index} [{sentence.start}:{sentence.end}] {sentence.text}"

