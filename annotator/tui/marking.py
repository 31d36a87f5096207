"""The article view's marking keys: claim type, verdict and text, boilerplate, and marking a source done."""

from __future__ import annotations

from annotator.coverage import is_done, set_done
from annotator.tui.dialogs import CLEAR, ChoiceDialog, ClaimTextDialog


class MarkingMixin:
    """Keys that set a claim's fields, flag boilerplate (one sentence, to the end, or as suggested) and mark done."""

    def action_claim_type(self) -> None:
        self._choose("claim_type", "Claim type", self.app.labels.claim_types)

    def action_verdict(self) -> None:
        self._choose("verdict", "Verdict", self.app.labels.verdicts)

    def _choose(self, field: str, title: str, choices) -> None:
        """Pick a label for one claim field in a dialog, then store it."""
        claim_id = self._require_claim()
        if claim_id is None:
            return
        sentence_id = self.current_sentence.id
        current = getattr(self.annotations.claim(claim_id), field, None)

        def store(choice: str | None) -> None:
            if choice is not None:
                value = None if choice == CLEAR else choice
                self.write(f"set {title.lower()}", lambda a: a.update_claim(claim_id, **{field: value}), sentence_id)

        self.app.push_screen(ChoiceDialog(self._naming_claim(title, claim_id), choices, current), store)

    def _naming_claim(self, title: str, claim_id: int) -> str:
        """A dialog's title, naming the claim it acts on when the sentence holds several: `Verdict for claim 2 of 3: “…”`."""
        claims = self.sentence_claims
        ids = [claim.id for claim in claims]
        if len(ids) < 2 or claim_id not in ids:
            return title
        claim = claims[ids.index(claim_id)]
        words = " ".join(claim.quoted(self.current_sentence.text).split()) if claim.span else "the whole sentence"
        return f"{title} for claim {ids.index(claim_id) + 1} of {len(ids)}: “{words}”" if claim.span else \
            f"{title} for claim {ids.index(claim_id) + 1} of {len(ids)}: {words}"

    def action_edit_claim_text(self) -> None:
        claim_id = self._require_claim()
        if claim_id is None:
            return
        sentence = self.current_sentence
        claim = self.annotations.claim(claim_id) or {"normalized": None, "note": None}

        def store(values: dict | None) -> None:
            if values is not None:
                self.write("edit claim text", lambda a: a.update_claim(claim_id, **values), sentence.id)

        span = claim.span if hasattr(claim, "span") else None
        self.app.push_screen(ClaimTextDialog(sentence.text, claim.normalized, claim.note,
                                             self._naming_claim("Claim text and note", claim_id), span), store)

    def action_toggle_boilerplate(self) -> None:
        sentence = self.current_sentence
        if sentence is not None:
            self.write("boilerplate", lambda a: a.toggle_boilerplate(sentence.id), sentence.id)

    def action_toggle_done(self) -> None:
        """Declare this source done (or not) for you, one undoable step."""
        source_id, done = self.source_id, not is_done(self.app.store, self.annotations.annotator, self.source_id)

        def marked(_: int) -> None:
            self.show_title()
            self.notify(f"{source_id} marked done; u undoes." if done else f"{source_id} no longer marked done.", timeout=3)

        self.app.writes.run("mark done", lambda a: set_done(a.store, a.annotator, [source_id], done), marked)

    def action_boilerplate_to_end(self) -> None:
        """Flag the rest of the article (a donation appeal, a comment section) in one undoable step."""
        rows = self.article.rows[self.article.cursor :]
        ids = [row.sentence.id for row in rows if not row.state.boilerplate]
        if ids:
            def done(changed: int) -> None:
                self.refresh_sentences(*ids)
                self.notify(f"Marked {changed} sentence(s) as boilerplate; u undoes.", timeout=3)

            self.app.writes.run("boilerplate to end", lambda a: a.mark_boilerplate(ids), done)

    def action_reject_suggested_boilerplate(self) -> None:
        """Keep a sentence ingest took for scrape residue as article text (one undoable step)."""
        row = self.article.current
        if row is None or row.state.suggested_boilerplate is None:
            self.notify("This sentence is not suggested as boilerplate.", timeout=3)
            return
        self.annotations.reject_suggested_boilerplate(row.sentence.id)
        self.refresh_sentences(row.sentence.id)

    def action_confirm_suggested_boilerplate(self) -> None:
        """Mark every boilerplate suggestion still open in this source as boilerplate."""
        ids = [row.sentence.id for row in self.article.rows if row.state.suggested_boilerplate is not None]
        if not ids:
            self.notify("No boilerplate suggestions left in this source.", timeout=3)
            return
        changed = self.annotations.confirm_suggested_boilerplate(ids)
        self.refresh_sentences(*ids)
        self.notify(f"Marked {changed} suggested sentence(s) as boilerplate; u undoes.", timeout=3)
