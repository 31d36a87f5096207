"""Small keyboard-only dialogs: pick a label, edit claim text, confirm, search, ask a name, and help."""

from __future__ import annotations

import re
from typing import TypeVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from annotator.cell_fit import cells
from annotator.terminal_text import printable

CLEAR = "__clear__"
HELP_COLUMNS_FROM = 100  # screen width from which the help lists binding ids in a column of their own
HELP_KEYS_WIDTH = 10  # the help's key column, right-aligned
HELP_LIST_LINES = 30  # the help's key list shows at most this many lines, and scrolls
HELP_HEIGHT_SHARE = 0.9  # of the screen's height, the dialog's most (DIALOG_CSS max-height)
HELP_FRAME_LINES = 8  # border 2, padding 2, the title and its margin 2, the hint and its margin 2
DIALOG_WIDTH, DIALOG_WIDTH_SHARE = 72, 0.95  # DIALOG_CSS width and max-width
DIALOG_FRAME_CELLS = 6  # border 2, padding 4
CHOICE_LIST_LINES = 16  # a choice dialog's list shows at most this many lines (its border included), and scrolls

DIALOG_CSS = """
    {name} {{ align: center middle; }}
    {name} > Vertical {{ width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2; }}
    {name} Label.title {{ width: 100%; text-style: bold; margin-bottom: 1; }}  /* wraps: at 80 columns a long one was cut */
    {name} Label.hint {{ color: $text-muted; margin-top: 1; }}
    {name} OptionList {{ height: auto; max-height: 16; }}  /* CHOICE_LIST_LINES; ChoiceDialog fits it to the screen */
"""


DialogResult = TypeVar("DialogResult")


class CancellableDialog(ModalScreen[DialogResult]):
    """A dialog that escape cancels: it dismisses None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(CancellableDialog[str | None]):
    """Pick one label with arrows+enter or its number; `0` clears; escape cancels (dismisses None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog")

    def __init__(self, title: str, choices: tuple[tuple[str, str], ...], current: str | None, clearable: bool = True):
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current
        self.clearable = clearable

    def compose(self) -> ComposeResult:
        options = [
            Option(Text.assemble((f"{number} ", "bold"), label, ("  " + description, "dim")), id=label)
            for number, (label, description) in enumerate(self.choices, start=1)
        ]
        if self.clearable:
            options.append(Option(Text.assemble(("0 ", "bold"), "clear", ("  no value", "dim")), id=CLEAR))
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield OptionList(*options)
            hint = "number or enter to choose · 0 clears · esc cancels" if self.clearable else "number or enter to choose · esc cancels"
            yield Label(hint, classes="hint", markup=False)

    def on_resize(self) -> None:
        """Fit the list inside the dialog: taller than the room left (11 export formats at 24 lines), the hint fell below it."""
        room = int(self.size.height * HELP_HEIGHT_SHARE) - HELP_FRAME_LINES - (self._title_lines() - 1)
        self.query_one(OptionList).styles.max_height = max(3, min(CHOICE_LIST_LINES, room))

    def _title_lines(self) -> int:
        """How many lines the title wraps to in the dialog (72 cells wide at most, less its border and padding)."""
        inner = max(min(DIALOG_WIDTH, int(self.size.width * DIALOG_WIDTH_SHARE)) - DIALOG_FRAME_CELLS, 1)
        return max(1, -(-cells(self.title_text) // inner))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [label for label, _ in self.choices]
        options.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_key(self, event) -> None:
        """Digits choose directly (a key reaching this dialog after it closed is not its own)."""
        if self.app.screen is not self:
            return
        if event.character and event.character.isdigit():
            number = int(event.character)
            if number == 0 and self.clearable:
                event.stop()
                self.dismiss(CLEAR)
            elif number <= len(self.choices):
                event.stop()
                self.dismiss(self.choices[number - 1][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ClaimTextDialog(CancellableDialog[dict | None]):
    """Edit a claim's normalised rewrite and note; enter saves both, escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ClaimTextDialog") + """
    ClaimTextDialog #claim-sentence { height: auto; max-height: 6; }
    """

    def __init__(self, sentence_text: str, normalized: str | None, note: str | None, title: str = "Claim text and note",
                 span: tuple[int, int] | None = None):
        super().__init__()
        self.sentence_text = sentence_text
        self.normalized = normalized or ""
        self.note = note or ""
        self.title_text = title
        self.span = span  # the claim's words inside the sentence, drawn bold and underlined

    def compose(self) -> ComposeResult:
        sentence = Text(printable(self.sentence_text), style="italic")
        if self.span is not None:
            sentence.stylize("bold underline", *self.span)
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            with VerticalScroll(id="claim-sentence", can_focus=False):  # a long sentence scrolls; the fields below stay in view
                yield Static(sentence, markup=False)
            yield Label("Normalised claim (a rewrite that stands on its own):", markup=False)
            yield Input(self.normalized, id="normalized", placeholder="e.g. North Korea sent Russia 13,000 containers")
            yield Label("Note:", markup=False)
            yield Input(self.note, id="note", placeholder="anything a reviewer should know")
            yield Label("tab switches field · enter saves · esc cancels", classes="hint", markup=False)

    def on_input_submitted(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() or None for name in ("normalized", "note")}
        self.dismiss(values)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: only y confirms (these are deletions); n, escape or enter decline."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog-yes"),
        Binding("n,escape,enter", "answer(False)", "No", id="dialog-no"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title", markup=False)
            yield Label("y: yes · n / esc / enter: no", classes="hint", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SearchDialog(CancellableDialog[str | None]):
    """Ask for words to search across all sources."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SearchDialog")

    def __init__(self, initial: str = ""):
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Search sentences in all sources", classes="title", markup=False)
            yield Input(self.initial, placeholder="words to find (every word must match; figures only rank)")
            yield Label("enter searches · esc cancels", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class NameDialog(CancellableDialog[str | None]):
    """Ask for one name (an annotator to assign a source to); enter answers, escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NameDialog")

    def __init__(self, title: str, hint: str):
        super().__init__()
        self.title_text, self.hint = title, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield Input(placeholder="annotator name")
            yield Label(self.hint, classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


def key_table(rows: list[tuple[str, str, str]], narrow: bool) -> Table:
    """Keys, description and binding id in columns; a long description wraps inside its own column, not under the keys."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True, min_width=HELP_KEYS_WIDTH)
    table.add_column(ratio=1)
    if not narrow:
        table.add_column(style="dim", no_wrap=True)
    for keys, description, binding_id in rows:  # Text, not str: rich would read `[` as markup
        if narrow:
            table.add_row(Text(keys), Text.assemble(f"{description} ", (f"({binding_id})", "dim")))
        else:
            table.add_row(Text(keys), Text(description), Text(binding_id))
    return table


class ScrollingDialog(ModalScreen[None]):
    """A dialog of one scrolling list (the help, the notices): fits a short screen, j/k scroll it, esc closes it."""

    def on_resize(self) -> None:
        """Fit the list inside the dialog: taller than the room left, its last keys (and `esc closes`) fell off screen, unscrollable."""
        room = int(self.size.height * HELP_HEIGHT_SHARE) - HELP_FRAME_LINES
        self.query_one(VerticalScroll).styles.max_height = max(3, min(HELP_LIST_LINES, room))

    def action_scroll(self, lines: int) -> None:
        """j and k scroll the list, as they move every other list in the app."""
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ScrollingDialog):
    """Every key active on the screen below, from its live bindings, with each widget's help line; `/` filters them."""

    DEFAULT_CSS = DIALOG_CSS.format(name="HelpScreen") + """
    HelpScreen > Vertical { width: 104; }
    HelpScreen VerticalScroll { height: auto; max-height: 30; }  /* on_resize fits it to the screen */
    HelpScreen #help-filter-input { display: none; border: none; height: 1; padding: 0 1; }
    HelpScreen.filtering #help-filter-input { display: block; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close"),
        Binding("j", "scroll(1)", "Scroll down", id="help-scroll-down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", id="help-scroll-up", show=False),
        Binding("slash", "filter", "Filter the keys", id="help-filter", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str, str]], widget_help: list[tuple[str, str]]):
        super().__init__()
        self.rows = rows
        self.widget_help = widget_help

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Keys (remap by id in config.yaml: keymap: {id: key})", classes="title", markup=False)
            # disabled until `/`: else, the dialog's first focusable widget, it took the keys (q typed a q)
            yield Input(placeholder="words of a key, of what it does or of its id", id="help-filter-input", disabled=True)
            with VerticalScroll():
                yield Static(self.keys_shown(""), id="help-keys", markup=False)
            yield Label("/ filters · esc closes", classes="hint", markup=False)

    def keys_shown(self, words: str) -> Group:
        """The key table (the rows holding every one of `words`, in any case) and, unfiltered, each widget's help."""
        narrow = self.app.size.width < HELP_COLUMNS_FROM  # no room for the id column: it follows the description
        wanted = words.lower().split()
        rows = [row for row in self.rows if all(word in " ".join(row).lower() for word in wanted)]
        if not rows:
            return Group(Text(f"No key matches {words.strip()!r}.", style="dim"))
        widget_help = Text()
        for name, help_text in self.widget_help if not wanted else ():
            widget_help.append(f"\n{name}: ", style="bold")
            widget_help.append(help_text.replace("**", ""))
        return Group(key_table(rows, narrow), widget_help)

    def action_filter(self) -> None:
        """Show the filter line and type into it; enter goes back to the list (j/k scroll it), esc closes the help."""
        self.add_class("filtering")
        self.on_resize()  # the filter line takes one line from the list: the hint stays on screen
        line = self.query_one("#help-filter-input", Input)
        line.disabled = False
        self.call_after_refresh(line.focus)  # after this key is handled: no "/" typed into the line

    def on_resize(self) -> None:
        super().on_resize()
        if self.has_class("filtering"):
            scroll = self.query_one(VerticalScroll)
            scroll.styles.max_height = max(3, int(scroll.styles.max_height.value) - 1)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#help-keys", Static).update(self.keys_shown(event.value))
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(VerticalScroll).focus()


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for every binding active on `screen`, keys merged per action."""
    merged: dict[tuple[str, str], list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None:
            continue  # Textual's inherited scrolling and focus keys; ours all carry an id
        description = binding.tooltip or binding.description or binding.action
        entry = (binding.action, description)
        merged.setdefault(entry, []).append(screen.app.get_key_display(binding))
        ids[entry] = binding.id or ""
    return [(" ".join(dict.fromkeys(keys)), entry[1], ids[entry]) for entry, keys in merged.items()]


def widget_help(screen: Screen) -> list[tuple[str, str]]:
    """(widget name, help line) for the focused widget and its ancestors that carry HELP."""
    found, seen = [], set()
    node = screen.focused
    while node is not None:
        help_text = getattr(type(node), "HELP", None)
        if help_text and type(node) not in seen:
            seen.add(type(node))
            found.append((_words(type(node).__name__), " ".join(help_text.split())))
        node = node.parent
    return found


def _words(class_name: str) -> str:
    """A widget's class name as words for people: `SourceList` -> `Source list`."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", class_name)
    return " ".join([words[0]] + [word.lower() for word in words[1:]]) if words else class_name
