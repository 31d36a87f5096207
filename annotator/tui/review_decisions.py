"""The review screen's decisions: take an annotator's answer, keep both, set a span or an answer, union links, accept agreed."""

from __future__ import annotations

from textual.widgets import Input

from annotator.adjudication import (
    LINK,
    SENTENCE,
    Adjudicator,
    LinkAnswer,
    ReviewItem,
    SentenceAnswer,
    gold_state,
    union_plan,
)
from annotator.single_annotations import accept_single, pending_single
from annotator.tui.dialogs import CLEAR, ChoiceDialog, ConfirmDialog
from annotator.tui.review_list import union_question
from annotator.tui.review_spans import has_spans
from annotator.tui.word_picker import WordPicker

NO_CLAIM_CHOICE = "no-claim"
NO_LINK_CHOICE = "none"


class ReviewDecisionsMixin:
    """Keys that decide the current item (or every agreed one) into gold through the app's writes, with the typed reason."""

    def decide(self, what: str, decision, message) -> None:
        """Write a decision through the app's writes (`decision` gets an Adjudicator), then say so.

        `message` is the notice, or a function of the decision's result giving it (None: nothing was decided).
        """
        def done(result) -> None:
            text = message(result) if callable(message) else message
            if text is None:
                return
            self._decided(text)

        self.app.writes.run(what, lambda a: decision(Adjudicator(a.store, a.annotator, self.app.labels)), done)

    def _reason(self) -> str | None:
        """The reason typed for this decision, cleared once used."""
        field = self.query_one("#review-reason", Input)
        reason = field.value.strip() or None
        field.value = ""
        return reason

    def _decided(self, message: str) -> None:
        """After a decision: repaint and say what happened; the cursor stays on the item, its gold column now filled.

        It does not move on by itself: as in the article view, `j` goes to the next item and `n` to the next
        undecided one (moving on after a decision made `j` then `1` decide the item after the one meant).
        """
        self.reload()
        self.notify(f"{message} n: next undecided.", timeout=2)

    def action_take(self, number: int) -> None:
        item = self.current
        if item is None or number > len(self.annotators):
            return
        name = self.annotators[number - 1]
        if name not in item.answers:
            self.notify(f"{name} gave no answer here.", severity="warning")
            return
        reason = self._reason()
        if item.kind == SENTENCE and has_spans(self.app.store, item.sentence_id, list(item.answers)):
            self.decide("gold claims", lambda judge: judge.take_claims(item, [name], reason), f"Gold takes {name}'s claims.")
            return
        self.decide("gold decision", lambda judge: judge.take(item, name, reason), f"Gold takes {name}'s answer.")

    def action_keep_both(self) -> None:
        """Gold keeps every annotator's claims on the sentence: two spans two gold claims."""
        item = self.current
        if item is None or item.kind != SENTENCE:
            return
        takers, reason = [name for name, answer in item.answers.items() if answer.claim], self._reason()
        self.decide("gold claims", lambda judge: judge.take_claims(item, takers, reason),
                    lambda count: f"Gold keeps {count} claim(s).")

    def action_set_span(self) -> None:
        """Pick gold's span with the word picker; gold then holds that one claim on the sentence."""
        item = self.current
        sentence = self.app.store.sentence_at(item.source_id, item.index) if item and item.kind == SENTENCE else None
        if sentence is None:
            return

        def picked(span) -> None:
            if span is not None:
                reason = self._reason()
                whole = tuple(span) == (0, len(sentence.text))
                self.decide("gold span", lambda judge: judge.set_span(item, None if whole else tuple(span), reason),
                            f"Gold claim set on {span[0]}:{span[1]}.")

        self.app.push_screen(WordPicker(sentence.text, "claim"), picked)

    def action_union(self) -> None:
        """Take every link of this claim its linkers agree on; links only some annotators made are listed and asked first."""
        item = self.current
        if item is None:
            return
        items, state, reason = self.items, self.state, self._reason()
        plan = union_plan(items, item.sentence_id, state)
        if not plan:
            self.notify("No undecided link of this claim on which its linkers agree: take one answer or set it.",
                        severity="warning")
            return

        def take(answer: bool = True) -> None:
            if answer:
                self.decide("union of links", lambda judge: judge.union_links(items, item.sentence_id, state, reason),
                            lambda count: f"Gold takes {count} link(s) of this claim.")

        lone = [link for link in plan if link.lone]
        if lone:
            self.app.push_screen(ConfirmDialog(union_question(item, plan, lone)), take)
        else:
            take()

    def action_set_answer(self) -> None:
        item = self.current
        if item is None:
            return
        labels = self.app.labels
        if item.kind == LINK:
            choices = (*labels.relations, (NO_LINK_CHOICE, "no link"))
            self.app.push_screen(ChoiceDialog("Gold relation", choices, None), lambda choice: self._set_link(item, choice))
            return
        # Claim types keep the digits they have under `t` in the article view; "not a claim" comes after them.
        choices = (*labels.claim_types, (NO_CLAIM_CHOICE, "not a checkable claim"))
        title = f"Gold: claim type (0: a claim with no type, {len(choices)}: not a claim)"
        self.app.push_screen(ChoiceDialog(title, choices, None),
                             lambda choice: self._set_claim_type(item, choice))

    def _set_link(self, item: ReviewItem, choice: str | None) -> None:
        if choice is not None:
            relation, reason = None if choice in (CLEAR, NO_LINK_CHOICE) else choice, self._reason()
            self.decide("gold relation", lambda judge: judge.set_answer(item, LinkAnswer(relation), reason),
                        "Gold relation set.")

    def _set_claim_type(self, item: ReviewItem, choice: str | None) -> None:
        if choice is None:
            return
        if choice == NO_CLAIM_CHOICE:
            reason = self._reason()
            self.decide("gold: no claim", lambda judge: judge.set_answer(item, SentenceAnswer(False), reason),
                        "Gold: no claim.")
            return
        claim_type = None if choice == CLEAR else choice

        def store_verdict(verdict: str | None) -> None:
            if verdict is not None:
                answer, reason = SentenceAnswer(True, claim_type, None if verdict == CLEAR else verdict), self._reason()
                self.decide("gold claim", lambda judge: judge.set_answer(item, answer, reason), "Gold claim set.")

        self.app.push_screen(ChoiceDialog("Gold: verdict (0: none)", self.app.labels.verdicts, None), store_verdict)

    def action_accept_agreed(self) -> None:
        """Accept every agreed item; then offer the single annotations, their count first."""
        items, state, reason = self.items, self.state, self._reason()

        def done(count: int) -> None:
            self.reload()
            self.notify(f"Accepted {count} agreed item(s) into gold; u undoes." if count else "No agreed item is left to accept.",
                        timeout=3)
            self.offer_single(reason)

        self.app.writes.run("accept agreed", lambda a: Adjudicator(a.store, a.annotator).accept_agreed(items, state, reason),
                            done)

    def offer_single(self, reason: str | None) -> None:
        """Ask, with their count, whether gold takes the single annotations (sources only one annotator did)."""
        count = len(pending_single(self.items, self.state))
        if not count:
            return
        items = self.items

        def accepted(taken: int) -> None:
            self.reload()
            self.notify(f"Accepted {taken} single annotation(s) into gold; u undoes.", timeout=3)

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.writes.run("accept single annotations", lambda a: accept_single(
                    Adjudicator(a.store, a.annotator), items, gold_state(a.store), reason), accepted)

        question = (f"Also accept {count} single annotation(s) into gold? Only one annotator marked their sources done, "
                    "so nobody else has checked them.")
        self.app.push_screen(ConfirmDialog(question), answered)
