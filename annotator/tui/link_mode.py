"""Link mode of the article view: the evidence side, its candidates, sources and search, and linking."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import get_current_worker

from annotator import suggest
from annotator.annotation_store import Link
from annotator.cell_fit import fit, middle, place, with_hints
from annotator.labels import LabelSet
from annotator.passed_over import ShownSuggestions
from annotator.search import search
from annotator.store import Sentence
from annotator.tui.dialogs import ConfirmDialog, SearchDialog
from annotator.tui.line_list import one_line
from annotator.tui.sentence_list import PLACE_CELLS, SentenceRow

CANDIDATES = "candidates"
SUGGESTIONS = 50
REASON_WIDTH = 18  # cells of a suggestion's reasons on its row; the detail panel has them all
EVIDENCE_HINTS = ("[ ] sources", "/ search", "a set")  # the evidence title's key hints, the last dropped first
SUGGESTIONS_FOR = "Suggestions for "  # left out of the evidence title when its figures would not fit otherwise
LINK_TOOLTIPS = {"corroborates": "Evidence corroborates", "conflicts": "Evidence conflicts",
                 "related": "Evidence is related, takes no side"}


def bind_link_keys(bindings: BindingsMap, labels: LabelSet) -> None:
    """Put the link keys first among a screen's own bindings: 1, 2, 3 … for the label set's relations, ids `link-<relation>`."""
    links = {
        key: [Binding(key, f"link({relation!r})", relation.capitalize(), id=f"link-{relation}",
                      tooltip=LINK_TOOLTIPS.get(relation) or f"Evidence {relation}: {dict(labels.relations)[relation]}".rstrip(": "))]
        for key, relation in labels.link_keys()
    }
    inherited = {binding.key for binding in Binding.make_bindings(Screen.BINDINGS)}  # Textual's own come first
    old = bindings.key_to_bindings
    first = {key: found for key, found in old.items() if key in inherited and key not in links}
    rest = {key: found for key, found in old.items() if key not in inherited and key not in links}
    bindings.key_to_bindings = {**first, **links, **rest}


class LinkModeMixin:
    """The ArticleScreen's evidence side; split out so each file holds one responsibility."""

    shown_suggestions: ShownSuggestions  # the ranked suggestions on the evidence side, and how far down they were seen

    # --- link mode -----------------------------------------------------------------------------

    def action_link_mode(self) -> None:
        """Open the evidence side on the ranked candidates for the current claim."""
        if self._require_claim() is not None:
            self.show_evidence(CANDIDATES)

    def action_suggestions(self) -> None:
        self.action_link_mode()

    def show_evidence(self, view: str, focus: bool = True) -> None:
        """Open the evidence side on candidates, a source, or search results, and focus it (unless told not to)."""
        self.evidence_view = view
        self.query_one("#evidence-pane").display = True
        self.query_one("#panes").add_class("linking")  # the focused side's title stands out (app.tcss)
        self.add_class("linking")  # a short screen's panel gives the lists more lines (app.tcss)
        if view == CANDIDATES:
            self.load_candidates()
        elif view.startswith("search:"):
            self.load_search(view.removeprefix("search:"))
        else:
            self._show_evidence_rows(self.app.store.sentences(view), f"Evidence from {view}")
        if focus:
            self.evidence.focus()
        self.refresh_bindings()

    def _show_evidence_rows(self, sentences: list[Sentence], title: str,
                            suggestions: list[suggest.Suggestion] | None = None, figures: str = "") -> None:
        """Fill the evidence list, cursor on the first row; suggestions show rank and reasons, and the title how many
        sources agree with the claim's figures (`figures`). UI thread only."""
        states = self.annotations.sentence_states()
        self.suggestions = {s.sentence.id: s for s in suggestions or []}
        rows = [SentenceRow(s, states.get(s.id, SentenceRow(s).state)) for s in sentences]
        for rank, s in enumerate(suggestions or [], 1):  # the ranked rows come first; search may list more after them
            rows[rank - 1] = SentenceRow(rows[rank - 1].sentence, rows[rank - 1].state,
                                         f"#{rank:<2} {fit(one_line(s.summary()), REASON_WIDTH)}", "conflicts" if s.conflict else "tag")
        self.evidence.set_rows(rows, 0)
        self.track_suggestions([s.sentence.id for s in suggestions or []] if self.evidence_view == CANDIDATES else [])
        figures = f" · {figures}" if figures else ""
        self.evidence_heading = (f"{title} ({len(rows)}){figures}",
                                 f"{title.removeprefix(SUGGESTIONS_FOR)} ({len(rows)}){figures}")
        self.fit_evidence_title()
        self.show_detail()

    def fit_evidence_title(self) -> None:
        """The evidence pane's title at the pane's width: what the rows are and how many sources agree, then as many of
        the key hints as fit (again on a resize)."""
        if not self.evidence_heading:
            return
        label = self.query_one("#evidence-title", Label)
        width = label.size.width - label.styles.padding.left - label.styles.padding.right
        head, compact = self.evidence_heading
        label.update(Text(with_hints(head, EVIDENCE_HINTS, max(width, 0), compact=compact)))

    @work(thread=True, exclusive=True, group="evidence")
    def load_candidates(self) -> None:
        """Rank suggested evidence off the UI thread, then show it with its reasons."""
        sentence = self.current_sentence
        if sentence is None:
            return
        annotator = self.annotations.annotator
        report = self.app.worker_read(lambda store: suggest.suggest_report(store, sentence, k=SUGGESTIONS, annotator=annotator))
        if report is None:
            return
        ranked, counts = report.suggestions, report.counts
        title = f"{SUGGESTIONS_FOR}{place(sentence.source_id, sentence.index, PLACE_CELLS)}"
        figures = counts.describe() if counts.agree or counts.another_figure or counts.updates else ""
        if not get_current_worker().is_cancelled:  # a newer ranking replaced this one: drop the stale result
            self.app.call_from_thread(self._show_evidence_rows, [s.sentence for s in ranked], title, ranked, figures)

    @work(thread=True, exclusive=True, group="evidence")
    def load_search(self, query: str) -> None:
        """Search off the UI thread (in link mode: other sources than the claim's, reasons against the claim), then show it."""
        self.evidence_heading = ()  # a search is under way: a resize leaves its title alone
        self.app.call_from_thread(self.query_one("#evidence-title", Label).update, Text(f"Searching for {query!r}…"))
        sentence = self.current_sentence
        claim = sentence if sentence is not None and self.annotations.claim_id_for(sentence.id) is not None else None
        if self.start_search == query:  # asked on the sources view: every source, whatever the cursor is on
            claim = None
        found = self.app.worker_read(lambda store: search(store, query, claim=claim))
        if found is None:
            return
        where = f", not {middle(claim.source_id, PLACE_CELLS)}" if claim is not None else ""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_evidence_rows, found.sentences, f"Search {query!r}{where}", found.ranked)

    def action_search(self) -> None:
        """Ask for words (the last query filled in) and show what matches them on the evidence side."""

        def asked(query: str | None) -> None:
            if query:
                self.app.last_search = query
                self.start_search = None  # asked here: from the claim under the cursor
                self.show_evidence(f"search:{query}")

        self.app.push_screen(SearchDialog(self.app.last_search), asked)

    def action_cycle_source(self, step: int) -> None:
        """Next/previous source: on the evidence side in link mode, else the article itself."""
        source_ids = self.app.store.source_ids()
        if not self.evidence_visible:
            position = source_ids.index(self.source_id) if self.source_id in source_ids else 0
            self.load_source(source_ids[(position + step) % len(source_ids)])
            return
        views = [CANDIDATES] + [sid for sid in source_ids if sid != self.source_id]
        position = views.index(self.evidence_view) if self.evidence_view in views else 0
        self.show_evidence(views[(position + step) % len(views)])

    def action_switch_pane(self) -> None:
        target = self.article if self.focused is self.evidence else self.evidence
        target.focus()

    def action_link(self, relation: str) -> None:
        """Link the claim to the evidence under the cursor (or to the gathered set); the same relation again offers to unlink."""
        claim_id = self._require_claim()
        row = self.evidence.current
        if claim_id is not None and len(self.pending_set) > 1:
            self._link_pending(claim_id, relation)
            return
        if claim_id is None or row is None:
            return
        links = self.annotations.links_of(claim_id)
        existing = next((link for link in links if link.evidence.id == row.sentence.id), None)
        if existing and existing.relation == relation:
            self._confirm_unlink(existing)
            return
        evidence_id, number = row.sentence.id, existing.evidence_set if existing else None  # a set member stays in its set
        self.pending_set.clear()
        passed = self._passed_over_now(claim_id, {link.evidence.id for link in links} | {evidence_id})
        # the link and the suggestions it passed over commit together: one durable write, and nothing seen is lost
        self.write(f"link {relation}", lambda a: a.link_passing_over(claim_id, evidence_id, relation, passed, evidence_set=number),
                   self.current_sentence.id, evidence_id)

    # --- suggestions seen and passed over (hard negatives) ----------------------------------------

    def track_suggestions(self, ranked: list[int] | None = None) -> None:
        """Note what is on the evidence side now; another claim (or no ranking) first records what the last one passed over."""
        shown = self.shown_suggestions
        ranked = shown.ranked if ranked is None else ranked
        claim_id = self.current_claim_id if ranked and self.evidence_view == CANDIDATES else None
        if shown.claim_id is not None and shown.claim_id != claim_id:
            self.record_passed_over()
            shown.clear()
        if claim_id is not None:
            shown.show(claim_id, ranked, self._ranks_on_screen())

    def _ranks_on_screen(self) -> int:
        """How many of the top evidence rows the annotator has had in view: down to the cursor and the screen's last row."""
        lines = self.evidence.screen_lines()
        return max(self.evidence.cursor + 1, (lines[-1][0] + 1) if lines else 0)

    def record_passed_over(self, look: bool = True) -> None:
        """Store the seen suggestions the claim does not link to (one batched write), unless the config opts out.

        `look=False` records what was seen so far without reading the evidence list (gone once the screen unmounts).
        """
        shown = self.shown_suggestions
        if shown.claim_id is None or not self.app.config.record_passed_suggestions or self.app.writes.pending is not None:
            return
        if look and self.evidence_view == CANDIDATES:
            shown.saw(self._ranks_on_screen())
        claim_id = shown.claim_id
        passed = shown.passed_over({link.evidence.id for link in self.annotations.links_of(claim_id)})
        if passed:
            self.app.writes.run("record passed-over suggestions", lambda a: a.record_passed_over(claim_id, passed))

    def _passed_over_now(self, claim_id: int, linked: set[int]) -> list[tuple[int, int]]:
        """The seen suggestions of `claim_id` outside `linked`, to store with a link (none when the config opts out)."""
        shown = self.shown_suggestions
        if shown.claim_id != claim_id or not self.app.config.record_passed_suggestions:
            return []
        if self.evidence_view == CANDIDATES:
            shown.saw(self._ranks_on_screen())
        return shown.passed_over(linked)

    # --- evidence sets ----------------------------------------------------------------------------

    def pending_evidence(self) -> list[Sentence]:
        """The evidence gathered for a new set, in the order it was added."""
        return list(self.pending_set.values())

    def action_gather_evidence(self) -> None:
        """Add the evidence under the cursor to the set being gathered, or take it out again (the panel shows the set)."""
        row = self.evidence.current
        if row is None or self._require_claim() is None:
            return
        sentence = row.sentence
        if sentence.source_id == self.source_id:
            self.notify("Evidence must come from another source than the claim's.", severity="warning", timeout=3)
            return
        if self.pending_set.pop(sentence.id, None) is None:
            self.pending_set[sentence.id] = sentence
        self.show_detail()  # the panel lists the set being gathered

    def _link_pending(self, claim_id: int, relation: str) -> None:
        """Link every gathered sentence to the claim as one new evidence set (one undoable step)."""
        evidence_ids = list(self.pending_set)
        claim_sentence_id = self.current_sentence.id

        def linked(number: int) -> None:
            self.pending_set.clear()
            self.refresh_sentences(claim_sentence_id, *evidence_ids)
            self.notify(f"Linked {len(evidence_ids)} sentences as evidence set {number} ({relation}); u undoes.", timeout=3)

        self.app.writes.run(f"link set {relation}", lambda a: a.link_set(claim_id, evidence_ids, relation), linked)
        self.record_passed_over()

    def action_delete_link(self) -> None:
        claim_id = self._require_claim()
        row = self.evidence.current
        existing = self._link_to(claim_id, row.sentence.id) if claim_id is not None and row else None
        if existing:
            self._confirm_unlink(existing)

    def _link_to(self, claim_id: int, sentence_id: int) -> Link | None:
        """The claim's link to one evidence sentence, if there is one."""
        return next((link for link in self.annotations.links_of(claim_id) if link.evidence.id == sentence_id), None)

    def _confirm_unlink(self, link: Link) -> None:
        claim_sentence_id = self.current_sentence.id

        def delete(yes: bool) -> None:
            if yes:
                self.write("delete link", lambda a: a.unlink(link.id), claim_sentence_id, link.evidence.id)

        question = f"Delete the '{link.relation}' link to {link.evidence.source_id}:{link.evidence.index}?"
        self.app.push_screen(ConfirmDialog(question), delete)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Link keys and pane switching only make sense with the evidence side open."""
        if action in ("link", "delete_link", "switch_pane", "gather_evidence"):
            return self.evidence_visible
        return True
