"""Small keyboard-only dialogs: pick a label, edit claim text, confirm, search, ask a name, and help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from annotator.terminal_text import printable

CLEAR = "__clear__"
HELP_COLUMNS_FROM = 100  # screen width from which the help lists binding ids in a column of their own
HELP_ROWS = 30  # most rows of keys the help shows at once; fewer on a short screen, the rest a scroll away
HELP_CHROME = 8  # the help dialog's rows around its keys: border, padding, title and hint with their margins

DIALOG_CSS = """
    {name} {{ align: center middle; }}
    {name} > Vertical {{ width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2; }}
    {name} Label.title {{ text-style: bold; margin-bottom: 1; }}
    {name} Label.hint {{ color: $text-muted; margin-top: 1; }}
    {name} OptionList {{ height: auto; max-height: 16; }}
"""


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one label with arrows+enter or its number; `0` clears; escape cancels (dismisses None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]

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

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClaimTextDialog(ModalScreen[dict | None]):
    """Edit a claim's normalised rewrite and note; enter saves both, escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ClaimTextDialog") + """
    ClaimTextDialog #claim-sentence { height: auto; max-height: 6; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]

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

    def action_cancel(self) -> None:
        self.dismiss(None)


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


class SearchDialog(ModalScreen[str | None]):
    """Ask for words to search across all sources."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SearchDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]

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

    def action_cancel(self) -> None:
        self.dismiss(None)


class NameDialog(ModalScreen[str | None]):
    """Ask for one name (an annotator to assign a source to); enter answers, escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NameDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]

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

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key active on the screen below, from its live bindings, with each widget's help line."""

    DEFAULT_CSS = DIALOG_CSS.format(name="HelpScreen") + """
    HelpScreen > Vertical { width: 104; }
    HelpScreen VerticalScroll { height: auto; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help-close")]

    def __init__(self, rows: list[tuple[str, str, str]], widget_help: list[tuple[str, str]]):
        super().__init__()
        self.rows = rows
        self.widget_help = widget_help

    def compose(self) -> ComposeResult:
        table = Text()
        narrow = self.app.size.width < HELP_COLUMNS_FROM  # no room for the id column: it follows the description
        for keys, description, binding_id in self.rows:
            table.append(f"{keys:>10}  ", style="bold")
            table.append(f"{description} " if narrow else f"{description:<52} ")
            table.append(f"({binding_id})\n" if narrow else f"{binding_id}\n", style="dim")
        for name, help_text in self.widget_help:
            table.append(f"\n{name}: ", style="bold")
            table.append(help_text.replace("**", ""))
        with Vertical():
            yield Label("Keys (remap by id in config.yaml: keymap: {id: key})", classes="title", markup=False)
            with VerticalScroll():
                yield Static(table, markup=False)
            yield Label("esc closes · ↑ ↓ pgup pgdn scroll", classes="hint", markup=False)

    def on_resize(self) -> None:
        self.fit_keys()

    def on_mount(self) -> None:
        self.fit_keys()

    def fit_keys(self) -> None:
        """Keep the keys' scroll inside the dialog's 90% of the screen, so the hint below stays seen (at 80x24 too)."""
        rows = int(self.app.size.height * 0.9) - HELP_CHROME
        self.query_one(VerticalScroll).styles.max_height = max(3, min(HELP_ROWS, rows))

    def action_close(self) -> None:
        self.dismiss(None)
