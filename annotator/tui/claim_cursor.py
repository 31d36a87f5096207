"""The article view's claims: marking whole sentences and word spans, and a cursor over a sentence's claims."""

from __future__ import annotations

from annotator.annotation_store import Claim, Link
from annotator.claim_notices import unmarked_notice
from annotator.tui.dialogs import ConfirmDialog
from annotator.tui.word_picker import WordPicker


class ClaimCursorMixin:
    """Which of the current sentence's claims the keys act on, and the keys that add, change or remove claims.

    The cursor remembers a claim id; when that claim is not on the sentence (another sentence, or it was
    removed) the cursor is on the sentence's first claim.
    """

    claim_choice: int | None = None

    # --- what is under the claim cursor ---------------------------------------------------------

    @property
    def sentence_claims(self) -> list[Claim]:
        """The annotator's claims on the current sentence, whole-sentence first, then by span."""
        sentence = self.current_sentence
        return self.annotations.claims_on(sentence.id) if sentence is not None else []

    @property
    def current_claim(self) -> Claim | None:
        """The claim under the claim cursor, read from the database."""
        claims = self.sentence_claims
        return next((claim for claim in claims if claim.id == self.claim_choice), claims[0] if claims else None)

    @property
    def current_claim_id(self) -> int | None:
        claim = self.current_claim
        return claim.id if claim else None

    def action_claim_step(self, step: int) -> None:
        """Move the claim cursor to the sentence's next/previous claim, wrapping around."""
        claims, current = self.sentence_claims, self.current_claim
        if len(claims) < 2:
            self.notify("This sentence holds one claim at most: w marks words as another.", timeout=3)
            return
        position = next(i for i, claim in enumerate(claims) if claim.id == current.id)
        self.claim_choice = claims[(position + step) % len(claims)].id
        self.show_detail()

    def _require_claim(self) -> int | None:
        """The current claim's id, re-read from the database; a hint and None when there is no claim (any more)."""
        row = self.article.current
        claim_id = self.current_claim_id
        if claim_id is None and row is not None and row.state.claim_id is not None:
            self.notify("This claim was removed by another window or process: the view is refreshed.", severity="warning")
            self.refresh_sentences()
        elif claim_id is None:
            self.notify("This sentence is not a claim yet: press c to mark it, w to mark some of its words.",
                        severity="warning")
        return claim_id

    # --- marking --------------------------------------------------------------------------------

    def action_toggle_claim(self) -> None:
        """Mark the sentence as a claim, or unmark the claim under the claim cursor (asking first when it has links)."""
        sentence, claim_id = self.current_sentence, self.current_claim_id
        if sentence is None:
            return
        if claim_id is None:
            self.write("mark claim", lambda a: a.mark_claim(sentence.id), sentence.id)
            return
        claim, links = self.current_claim, self.annotations.links_of(claim_id)
        notice = unmarked_notice(claim, sentence.source_id, sentence.index, sentence.text, len(links))
        if not links:
            self._unmark(claim_id, sentence.id, [], notice)
            return
        question = f"Unmark this claim and delete its {len(links)} link(s)?"
        self.app.push_screen(ConfirmDialog(question), lambda yes: yes and self._unmark(claim_id, sentence.id, links, notice))

    def _unmark(self, claim_id: int, sentence_id: int, links: list[Link], notice: str) -> None:
        """Remove the claim (and its links), repaint, and say what went: a second `c` is easy to press."""
        evidence = [link.evidence.id for link in links]

        def done(_) -> None:
            self.refresh_sentences(sentence_id, *evidence)
            self.notify(notice, timeout=5)

        self.app.writes.run("unmark claim", lambda a: a.unmark_claim(claim_id), done)

    def action_mark_span(self) -> None:
        """Pick words of the sentence and mark them as another claim; the claim cursor goes to it."""
        sentence = self.current_sentence
        if sentence is None:
            return

        def store(span: tuple[int, int] | None) -> None:
            if span is not None:
                self.app.writes.run("mark span claim", lambda a: a.add_claim(sentence.id, span),
                                    lambda claim_id: self._claim_added(claim_id, sentence.id))

        self.app.push_screen(WordPicker(sentence.text, "claim"), store)

    def _claim_added(self, claim_id: int, sentence_id: int) -> None:
        self.claim_choice = claim_id
        self.refresh_sentences(sentence_id)

    def action_edit_span(self) -> None:
        """Pick other words for the claim under the claim cursor (keeping its labels and links)."""
        claim_id = self._require_claim()
        if claim_id is None:
            return
        sentence, claim = self.current_sentence, self.current_claim

        def store(span: tuple[int, int] | None) -> None:
            if span is not None and span != claim.span:
                self.write("set claim span", lambda a: a.update_claim(claim_id, span=span), sentence.id)

        self.app.push_screen(WordPicker(sentence.text, "claim", claim.span), store)
