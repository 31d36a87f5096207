"""The review screen: walk the disagreements between annotators and decide each into `gold`, with a reason."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static

from annotator.adjudication import (
    LINK,
    SENTENCE,
    Adjudicator,
    GoldState,
    ReviewItem,
    SentenceAnswer,
    gold_state,
    review_items,
)
from annotator.single_annotations import pending_single
from annotator.terminal_text import printable
from annotator.tui.footer import KeyFooter
from annotator.tui.messages import DatabaseChanged
from annotator.tui.review_decisions import ReviewDecisionsMixin
from annotator.tui.review_list import ReviewList, ReviewRow, answer_text
from annotator.tui.review_spans import claim_columns
from annotator.tui.undo import replay_step

MAX_TAKE_KEYS = 9
STACK_BELOW_WIDTH = 100  # narrower than this, the queue goes above the item's panel: beside it, the panel had 16 columns at 80


class ReviewScreen(ReviewDecisionsMixin, Screen):
    """Decide each disagreement into gold: take one annotator's answer, the union of links, or your own."""

    # (title, help, action) the app's command palette offers on this screen.
    PALETTE_COMMANDS = [
        ("Accept agreed items into gold", "Every item all annotators agree on, in one undoable step", "accept_agreed"),
        ("Union of links", "Gold takes every link of this claim whose linkers agree", "union"),
        ("Set a different answer", "Your own gold answer for this item", "set_answer"),
        ("Next undecided item", "Jump to the next item without a decision", "next_open"),
        ("Undo gold decision", "Undo the last decision and its gold rows", "undo"),
    ]

    HELP = "Review: **1-9** take that annotator's answer, **m** union of links, **s** set your own, **e** reason, **A** accept agreed."
    BINDINGS = [
        *[Binding(str(n), f"take({n})", f"Take {n}", id=f"take-{n}", show=n <= 2,
                  tooltip=f"Take annotator {n}'s answer into gold") for n in range(1, MAX_TAKE_KEYS + 1)],
        Binding("b", "keep_both", "Keep both", id="keep-both",
                tooltip="Gold keeps every annotator's claims on this sentence (each span once)"),
        Binding("p", "set_span", "Set span", id="set-span", tooltip="Pick the words of gold's one claim on this sentence"),
        Binding("m", "union", "Union of links", id="union-links", tooltip="Gold gets every link of this claim whose linkers agree"),
        Binding("s", "set_answer", "Set", id="set-answer", tooltip="Set a different gold answer"),
        Binding("e", "edit_reason", "Reason", id="edit-reason", tooltip="Write the reason for the next decision"),
        Binding("A", "accept_agreed", "Accept agreed", id="accept-agreed",
                tooltip="Accept every item all annotators agreed on into gold, in one undoable step"),
        Binding("n", "next_open", "Next open", id="next-open", show=False, tooltip="Next item not decided yet"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last gold decision"),
        Binding("ctrl+r", "redo", "Redo", id="redo", tooltip="Redo"),
        Binding("escape", "back", "Back", id="back", tooltip="Leave the reason field, or leave the review"),
    ]

    DEFAULT_CSS = """
    ReviewScreen.stacked #review-panes { layout: vertical; }
    ReviewScreen.stacked ReviewList { width: 1fr; height: 30%; min-height: 4; border-right: none; border-bottom: solid $accent; }
    ReviewScreen.stacked #review-detail-pane { width: 1fr; height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewItem] = []
        self.queue: list[ReviewItem] = []
        self.annotators: list[str] = []
        self.state = GoldState({}, {}, {})

    def on_resize(self) -> None:
        """Queue beside the panel on a wide screen, above it (both full width) on a narrow one."""
        stacked = self.size.width < STACK_BELOW_WIDTH
        if stacked != self.has_class("stacked"):
            self.set_class(stacked, "stacked")
            if self.is_mounted:
                self.show_item()  # stacked, the panel leaves out the sentences around the claim

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="review-progress", markup=False)
        with Horizontal(id="review-panes"):
            yield ReviewList(id="review-items")
            with VerticalScroll(id="review-detail-pane"):
                yield Static("", id="review-detail", markup=False)
        yield Input(placeholder="reason for the next decision (optional): e to write, enter to keep it", id="review-reason")
        yield KeyFooter()

    def on_database_changed(self, _: DatabaseChanged) -> None:
        """Another connection committed: gold and the decisions may have changed."""
        self.reload()

    @property
    def item_list(self) -> ReviewList:
        return self.query_one(ReviewList)

    @property
    def current(self) -> ReviewItem | None:
        row = self.item_list.current
        return row.item if row else None

    def on_mount(self) -> None:
        self.query_one("#review-progress", Label).update("Reading every annotator's work…")
        self.item_list.focus()
        self.run_worker(self._load_queue, thread=True, exit_on_error=False)

    def _load_queue(self) -> None:
        """Build the queue on a connection of the worker's own (about a second at 100,000 sentences)."""
        include_partial = self.app.include_partial
        items = self.app.worker_read(lambda store: review_items(store, include_partial=include_partial))
        if items is not None:  # None: the app quit meanwhile, or the file is gone (the user was told)
            self.app.call_from_thread(self._queue_loaded, items)

    def _queue_loaded(self, items: list[ReviewItem]) -> None:
        self.items = items
        self.queue = [item for item in items if not item.agreed]
        self.annotators = sorted({name for item in items for name in item.answers})
        self.reload(first_open=True)

    def reload(self, first_open: bool = False) -> None:
        """Re-read gold and the decisions, repaint the queue and the progress line."""
        self.state = gold_state(self.app.store)
        rows = [ReviewRow(item, self.state.decided(item)) for item in self.queue]
        cursor = self.item_list.cursor
        if first_open:
            cursor = next((i for i, row in enumerate(rows) if not row.decided), 0)
        self.item_list.replace_rows(rows, cursor)
        self.show_progress()
        self.show_item()

    def show_progress(self) -> None:
        decided = sum(row.decided for row in self.item_list.rows)
        total = len(self.queue)
        agreed_open = sum(1 for item in self.items if item.agreed and not self.state.decided(item))
        numbering = "  ".join(f"{n} {name}" for n, name in enumerate(self.annotators, start=1))
        if total:
            text = f"Review as {self.app.annotations.annotator}: {decided} of {total} disagreements decided · item {self.item_list.cursor + 1} of {total}"
        else:
            text = "No disagreements to review: annotators who covered the same sources agree everywhere (or there are none)."
        text += f" · {agreed_open} agreed item(s) not in gold yet (A accepts them)" if agreed_open else ""
        single_open = len(pending_single(self.items, self.state))
        text += f" · {single_open} single annotation(s) (A offers them)" if single_open else ""
        self.query_one("#review-progress", Label).update(Text(f"{text}\n{numbering}"))

    def on_review_list_highlighted(self, event: ReviewList.Highlighted) -> None:
        self.show_progress()
        self.show_item()

    def show_item(self) -> None:
        """The current item in the panel: its sentence in context, every answer side by side, gold and history."""
        item = self.current
        detail = self.query_one("#review-detail", Static)
        if item is None:
            detail.update(Text("Nothing here.", style="dim"))
            return
        parts = [*self._context_lines(item), Text(""), self._answers_table(item)]
        if item.kind == SENTENCE:
            sentence = self.app.store.sentence_at(item.source_id, item.index)
            if sentence is not None:
                parts += [Text("\nSPANS", style="bold"), claim_columns(self.app.store, item.sentence_id, sentence.text, self.annotators)]
        detail.update(Group(*parts, *self._history(item)))

    def _context_lines(self, item: ReviewItem) -> list[Text]:
        """The previous, the claim and the next sentence; for a link also the evidence sentence.

        Stacked (a narrow screen) the claim's sentence alone, so the answers stay above the panel's fold at 80x24.
        """
        store = self.app.store
        lines = [Text(f"{item.kind.upper()} {item.source_id}:{item.index}", style="bold")]
        for offset in (0,) if self.has_class("stacked") else (-1, 0, 1):
            sentence = store.sentence_at(item.source_id, item.index + offset)
            if sentence is not None:
                lines.append(Text(printable(sentence.text), style="bold" if offset == 0 else "dim"))
        if item.kind == LINK:
            evidence = store.sentence_at(item.evidence_source_id, item.evidence_index)
            lines.append(Text(f"\nEVIDENCE {item.evidence_source_id}:{item.evidence_index}", style="bold"))
            lines.append(Text(printable(evidence.text) if evidence else ""))
        return lines

    def _answers_table(self, item: ReviewItem) -> Table:
        """One column per annotator (numbered as the take keys) and one for gold."""
        table = Table(show_edge=False, pad_edge=False)
        table.add_column("")
        for number, name in enumerate(self.annotators, start=1):
            table.add_column(Text(f"{number} {name}"))
        table.add_column("gold", style="bold")
        gold = self.state.answer(item)
        answers = [item.answers.get(name) for name in self.annotators]
        if item.kind == SENTENCE:
            for label, field in (("claim", "claim"), ("type", "claim_type"), ("verdict", "verdict"), ("note", "note")):
                table.add_row(label, *[Text(_field(a, field)) for a in answers], Text(_field(gold, field)))
        else:
            table.add_row("relation", *[Text(answer_text(a)) for a in answers], Text(answer_text(gold)))
        return table

    def _history(self, item: ReviewItem) -> list[Text]:
        """Every decision on the item's subject: who, when, what, why."""
        lines = []
        for decision in self.state.decisions.get(item.subject, []):
            line = Text(f"decided by {decision['decided_by']} at {decision['decided_at'][:19]}", style="green")
            if decision["reason"]:
                line.append(f" — {decision['reason']}", style="italic")
            lines.append(line)
        return lines

    # --- moving, undo, reason, back ------------------------------------------------------------

    def action_next_open(self, wrap: bool = True) -> None:
        """Move to the next item not decided yet (from the top again when `wrap`)."""
        rows = self.item_list.rows
        start = self.item_list.cursor
        order = list(range(start + 1, len(rows))) + (list(range(0, start + 1)) if wrap else [])
        target = next((i for i in order if not rows[i].decided), None)
        if target is not None:
            self.item_list.cursor = target

    def action_undo(self) -> None:
        self._replay(lambda a: Adjudicator(a.store, a.annotator).undo(), "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._replay(lambda a: Adjudicator(a.store, a.annotator).redo(), "Redid", "Nothing to redo.")

    def _replay(self, operation, verb: str, nothing: str) -> None:
        replay_step(self, operation, verb, nothing, self.reload)

    def action_edit_reason(self) -> None:
        self.query_one("#review-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the reason for the next decision and goes back to the queue."""
        self.item_list.focus()

    def action_back(self) -> None:
        if self.query_one("#review-reason", Input).has_focus:
            self.item_list.focus()
        else:
            self.app.pop_screen()


def _field(answer: SentenceAnswer | None, field: str) -> str:
    """One cell of the sentence answers table."""
    if answer is None:
        return "—"
    if field == "claim":
        return "claim" if answer.claim else "no claim"
    if not answer.claim:
        return ""
    return getattr(answer, field) or "—"
