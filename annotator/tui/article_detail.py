"""The article view's detail panel and why line: rebuilt from the store for the two cursors once the cursor rests."""

from __future__ import annotations

from textual.widgets import Label

from annotator.team import claim_with_links
from annotator.tui.detail import DetailPanel, DetailView, why_line
from annotator.tui.sentence_list import PENDING


class ArticleDetailMixin:
    """The panel under the article and the why line of link mode; `p` focuses the panel, `z` grows it."""

    def show_detail_soon(self) -> None:
        """Rebuild the panel once the cursor has rested DETAIL_DELAY: each move restarts the wait, so a held key moves only the cursor."""
        if self.DETAIL_DELAY <= 0:
            self.show_detail()
            return
        if self._detail_timer is not None:
            self._detail_timer.reset()
        else:
            self._detail_timer = self.set_timer(self.DETAIL_DELAY, self._detail_due)

    def _detail_due(self) -> None:
        self._detail_timer = None  # it has fired: nothing to stop
        self.show_detail()

    def show_detail(self) -> None:
        """Rebuild the side panel from the database for the two cursors."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        sentence = self.current_sentence
        view = DetailView(sentence=sentence, labels=self.app.labels, in_list=self.list_shows_sentence())
        if sentence is not None:
            row = self.article.current
            view.boilerplate = row.state.boilerplate
            view.suggested_boilerplate = row.state.suggested_boilerplate
            claims = self.sentence_claims  # each read once per refresh: the claims, then each claim's links
            links = {claim.id: self.annotations.links_of(claim.id) for claim in claims}
            view.claim = next((claim for claim in claims if claim.id == self.claim_choice), claims[0] if claims else None)
            view.claims = [(claim, len(links[claim.id])) for claim in claims]
            if view.claim is not None:
                view.links = links[view.claim.id]
            view.pending = self.pending_evidence()
            view.citing = self.annotations.citing_claims(sentence.id) if row.state.evidence_for else []
            if self.app.compared_annotator:
                view.compared = (self.app.compared_annotator, *claim_with_links(self.app.store, self.app.compared_annotator, sentence.id))
        self.article.set_current_span(view.claim.sentence_id if view.claim else None, view.claim.span if view.claim else None)
        self.evidence.set_relations({link.evidence.id: link.relation for link in view.links}
                                    | dict.fromkeys(self.pending_set, PENDING))
        if self.evidence_visible and self.evidence.current is not None:
            view.evidence = self.evidence.current.sentence
            view.evidence_in_list = self._shows_whole(self.evidence)
            view.evidence_relation = next((link.relation for link in view.links if link.evidence.id == view.evidence.id), None)
            if view.evidence.id in self.suggestions:  # suggestions and search results say why
                view.evidence_reasons = self.suggestions[view.evidence.id].reasons()
        line = why_line(view) if self.evidence_visible else None
        view.why_pinned = line is not None and self.why_line_fits(line)
        self.query_one(DetailPanel).show(view)
        why = self.query_one("#why", Label)
        why.display = self.evidence_visible
        if line is not None and line != self._why_shown:  # drawn again only when it says something else
            why.update(line, layout=False)  # a fixed height (1 line, 2 when narrow): its size never changes
            self._why_shown = line

    def why_line_fits(self, line) -> bool:
        """Whether the why line shows `line` whole: one line (two under 120 columns, not when tiny) across the screen, less its padding.

        When it does, the panel leaves the reasons out (round 11: the why was shown twice); when it cuts them, the panel keeps
        them, where they wrap.
        """
        width = self.size.width - 2
        if width <= 0:
            return False
        if self.has_class("tiny") or not self.has_class("narrow"):
            return line.cell_len <= width
        return len(line.wrap(self.app.console, width)) <= 2

    def action_focus_detail(self) -> None:
        """Focus the detail panel (j/k scroll it), or go back to the article from it."""
        detail = self.query_one(DetailPanel)
        (self.article if detail.has_focus else detail).focus()

    def action_grow_detail(self) -> None:
        self.query_one(DetailPanel).toggle_class("grown")

    def list_shows_sentence(self) -> bool:
        """Whether the panel may leave the sentence's text to the list: on a narrow or short screen, a row the list shows whole.

        In link mode too: at 80x24 the claim stood whole in the article pane right above, and again in the panel, where
        its three lines were three suggestions' worth of room (round 13); a wide, tall screen has room for it.
        """
        return self._shows_whole(self.article)

    def _shows_whole(self, rows) -> bool:
        """Whether a short or narrow screen's list shows its cursor row whole (so the panel need not repeat it)."""
        if not (self.has_class("short") or self.has_class("narrow")):
            return False
        if not rows.rows or rows.size.height <= 0 or rows.cursor is None:
            return False
        return rows.row_height(rows.cursor) <= rows.size.height
