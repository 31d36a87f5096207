"""The article view: one source's sentences, marking, and link mode with the evidence side."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Label

from annotator.actions import Replayed
from annotator.coverage import is_done
from annotator.passed_over import ShownSuggestions
from annotator.reanchor import place_sentences
from annotator.store import Sentence
from annotator.suggest import Suggestion
from annotator.team import claim_with_links
from annotator.tui.boundary_keys import BoundaryKeysMixin
from annotator.tui.claim_cursor import ClaimCursorMixin
from annotator.tui.detail import DetailPanel, DetailView, why_line
from annotator.tui.footer import KeyFooter
from annotator.tui.link_mode import CANDIDATES, LinkModeMixin, bind_link_keys
from annotator.tui.marking import MarkingMixin
from annotator.tui.messages import DatabaseChanged
from annotator.tui.moving import MovingMixin
from annotator.tui.sentence_list import PENDING, SentenceList, SentenceRow
from annotator.tui.undo import replay_and_show
from annotator.tui.writes import Write

POSITION_SAVE_SECONDS = 2.0
DETAIL_DELAY_SECONDS = 0.06  # after a cursor move the panel waits this long: the cursor is drawn first, held keys skip it
STACK_BELOW_WIDTH = 140  # narrower than this, link mode puts the evidence under the article, not beside it
SHORT_BELOW_HEIGHT = 30  # lower than this, the detail panel starts smaller
TINY_BELOW_HEIGHT = 18  # lower than this, the panel takes 3 lines and the why line 1, so link mode keeps rows in view
NARROW_BELOW_WIDTH = 120  # narrower than this, link mode's why line takes two lines
COMPACT_GUTTER_BELOW_WIDTH = 100  # narrower than this, rows fold their link counts into one cell and drop the position


class ArticleScreen(ClaimCursorMixin, MarkingMixin, LinkModeMixin, BoundaryKeysMixin, MovingMixin, Screen):
    """Read one source; mark claims and boilerplate; link claims to sentences of other sources."""

    IS_ARTICLE = True
    DETAIL_DELAY = DETAIL_DELAY_SECONDS  # 0 rebuilds the panel in the same frame as the cursor (tests)
    HELP = ("Annotate the article: **c** claim, **w** words as a claim, **,**/**.** the sentence's claims, "
            "**x** boilerplate, **l** link mode (**a** gathers an evidence set), **/** search, **u** undo.")
    BINDINGS = [
        Binding("c", "toggle_claim", "Claim", id="toggle-claim", tooltip="Mark / unmark the sentence as a claim"),
        Binding("w", "mark_span", "Words", id="mark-span", show=False,
                tooltip="Mark words of the sentence as a claim (one more)"),
        Binding("W", "edit_span", "Edit words", id="edit-span", show=False,
                tooltip="Pick other words for the claim under the cursor"),
        Binding("full_stop", "claim_step(1)", "Next claim here", id="next-claim-in-sentence", show=False,
                tooltip="Next claim of this sentence: the keys act on it"),
        Binding("comma", "claim_step(-1)", "Prev claim here", id="previous-claim-in-sentence", show=False,
                tooltip="Previous claim of this sentence"),
        Binding("t", "claim_type", "Type", id="claim-type", tooltip="Set the claim type"),
        Binding("v", "verdict", "Verdict", id="verdict", tooltip="Set the claim's verdict"),
        Binding("e", "edit_claim_text", "Edit", id="edit-claim-text", tooltip="Edit normalised claim and note"),
        Binding("x", "toggle_boilerplate", "Boilerplate", id="toggle-boilerplate", tooltip="Mark / unmark boilerplate"),
        Binding("X", "boilerplate_to_end", "Boilerplate to end", id="boilerplate-to-end", show=False,
                tooltip="Mark this and every later sentence as boilerplate"),
        Binding("o", "reject_suggested_boilerplate", "Keep text", id="reject-suggested-boilerplate", show=False,
                tooltip="Reject a boilerplate suggestion: keep the sentence as article text (x confirms it)"),
        Binding("B", "confirm_suggested_boilerplate", "Confirm suggested", id="confirm-suggested-boilerplate", show=False,
                tooltip="Confirm every boilerplate suggestion left in this source, in one undoable step"),
        Binding("D", "toggle_done", "Done", id="mark-done", show=False,
                tooltip="Mark / unmark this source as done by you: agreement and review compare annotators on done sources"),
        Binding("S", "split_sentence", "Split", id="split-sentence", show=False,
                tooltip="Split the sentence before a word you pick, for everyone"),
        Binding("J", "join_sentences", "Join", id="join-sentences", show=False,
                tooltip="Join the sentence with the next one, for everyone"),
        Binding("l", "link_mode", "Link", id="link-mode", tooltip="Link mode: pick evidence, suggestions first"),
        Binding("s", "suggestions", "Suggest", id="suggestions", show=False, tooltip="Show suggestions for the claim"),
        Binding("a", "gather_evidence", "Add to set", id="gather-evidence", show=False,
                tooltip="Gather evidence into one set; the link keys (1, 2, 3 …) link the set"),
        Binding("d", "delete_link", "Unlink", id="delete-link", show=False, tooltip="Delete the link to this evidence"),
        Binding("tab", "switch_pane", "Pane", id="switch-pane", tooltip="Switch pane: article / evidence"),
        Binding("left_square_bracket", "cycle_source(-1)", "Prev source", id="previous-source", show=False,
                tooltip="Previous source (evidence side in link mode)"),
        Binding("right_square_bracket", "cycle_source(1)", "Next source", id="next-source", show=False,
                tooltip="Next source (evidence side in link mode)"),
        Binding("n", "next_claim", "Next claim", id="next-claim", show=False, tooltip="Next claim, any source"),
        Binding("N", "previous_claim", "Prev claim", id="previous-claim", show=False, tooltip="Previous claim"),
        Binding("p", "focus_detail", "Panel", id="focus-detail", show=False,
                tooltip="Focus the detail panel to scroll it (p or escape returns)"),
        Binding("z", "grow_detail", "Grow panel", id="grow-detail", show=False,
                tooltip="Grow the detail panel to most of the screen, or back"),
        Binding("slash", "search", "Search", id="search", tooltip="Search sentences across all sources"),
        Binding("colon,number_sign", "go_to", "Go to", id="go-to", show=False,
                tooltip="Go to a sentence by its number (on the evidence side: a suggestion by its rank)"),
        Binding("y", "copy_sentence", "Copy", id="copy-sentence", show=False,
                tooltip="Copy the sentence with its id and offsets to the clipboard"),
        Binding("ctrl+o", "pick_source", "Open source", id="pick-source", show=False,
                tooltip="Open a source by typing part of its id, title or outlet"),
        Binding("backspace", "jump_back", "Back from jump", id="jump-back", show=False,
                tooltip="Back to where the last jump (enter, n/N, go to, undo) came from"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo (works across restarts)"),
        Binding("ctrl+r", "redo", "Redo", id="redo", tooltip="Redo"),
        Binding("escape", "back", "Back", id="back", tooltip="Close the evidence side, or back to sources"),
    ]

    def __init__(self, source_id: str, index: int | None = None, search: str | None = None):
        super().__init__()
        self.source_id = source_id
        self.start_index = index
        self.jumped_from: list[tuple[str, int]] = []  # where jumps came from, for backspace
        self.start_search = search  # opened from the sources view's search: its results on the evidence side
        self.evidence_view: str | None = None  # CANDIDATES, a source id, or "search:<query>"
        self.unsaved_position: tuple[str, int, int] | None = None  # source id, index, furthest index
        self.suggestions: dict[int, Suggestion] = {}  # evidence sentence id -> why it is suggested
        self.pending_set: dict[int, Sentence] = {}  # evidence gathered for a new evidence set, by sentence id
        bind_link_keys(self._bindings, self.app.labels)
        self._detail_timer: Timer | None = None  # a panel rebuild waiting for the cursor to rest
        self._why_shown: Text | None = None  # what the why line says now
        self.shown_suggestions = ShownSuggestions()  # what link mode showed, for the hard negatives it records

    # --- layout and loading --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="article-pane"):
                yield Label("", id="article-title", classes="pane-title", markup=False)
                yield SentenceList(id="article", labels=self.app.labels)
            with Vertical(id="evidence-pane"):
                yield Label("", id="evidence-title", classes="pane-title", markup=False)
                yield SentenceList(id="evidence", show_source=True, labels=self.app.labels)
        yield DetailPanel(id="detail-panel")
        yield Label("", id="why", markup=False)
        yield KeyFooter()

    def on_resize(self) -> None:
        """Choose the layout for the size: evidence beside or under the article, a smaller panel when short, a compact gutter when narrow."""
        self.query_one("#panes").set_class(self.size.width < STACK_BELOW_WIDTH, "stacked")
        self.set_class(self.size.height < SHORT_BELOW_HEIGHT, "short")
        self.set_class(self.size.height < TINY_BELOW_HEIGHT, "tiny")
        self.set_class(self.size.width < NARROW_BELOW_WIDTH, "narrow")
        for sentence_list in (self.article, self.evidence):
            sentence_list.set_compact(self.size.width < COMPACT_GUTTER_BELOW_WIDTH)

    def on_descendant_focus(self) -> None:
        """Mark the pane that has the keys, for its title (CSS's :focus-within does not restyle the title when focus moves)."""
        for pane in self.query("#panes > Vertical"):
            pane.set_class(pane.has_focus_within, "has-keys")

    def on_mount(self) -> None:
        self.load_source(self.source_id, self.start_index)
        self.article.focus()
        if self.start_search:
            self.show_evidence(f"search:{self.start_search}")
        self.set_interval(POSITION_SAVE_SECONDS, self.save_position)

    @property
    def article(self) -> SentenceList:
        return self.query_one("#article", SentenceList)

    @property
    def evidence(self) -> SentenceList:
        return self.query_one("#evidence", SentenceList)

    @property
    def annotations(self):
        return self.app.annotations

    def load_source(self, source_id: str, index: int | None = None) -> None:
        """Show a source's sentences with their states; the cursor where the annotator left it."""
        self.save_position()
        self.source_id = source_id
        sentences = self.app.store.sentences(source_id)
        states = self.annotations.sentence_states(source_id)
        if index is None:
            index = self.annotations.position(source_id)[0]
        self.article.set_rows([SentenceRow(s, states.get(s.id, SentenceRow(s).state)) for s in sentences], index)
        self.show_title(len(sentences))
        if self.evidence_view == source_id:
            self.evidence_view = CANDIDATES
        self.show_detail()

    def show_title(self, sentences: int | None = None) -> None:
        """The article's id, outlet and date, its sentence count, and whether you marked it done."""
        source = self.app.store.source(self.source_id) or {}
        title = " · ".join(part for part in (self.source_id, source.get("outlet"), source.get("published")) if part)
        count = len(self.article.rows) if sentences is None else sentences
        done = " · done" if is_done(self.app.store, self.annotations.annotator, self.source_id) else ""
        self.query_one("#article-title", Label).update(Text(f"{title}  ({count} sentences){done}"))

    def save_position(self) -> None:
        """Store where the cursor is, at most every couple of seconds: it is not annotation data.

        While another process holds the write lock it is kept and tried again next time.
        """
        if self.unsaved_position is not None:
            try:
                self.annotations.remember_position(*self.unsaved_position)
            except sqlite3.OperationalError:
                return
            self.unsaved_position = None

    # --- other processes ------------------------------------------------------------------------

    def on_database_changed(self, _: DatabaseChanged) -> None:
        """Another connection committed: follow a corrected article to its new version, else repaint the states."""
        source = self.app.store.source(self.source_id)
        shown = self.article.rows[0].sentence.version if self.article.rows else None
        if source is None:
            self.notify(f"Source {self.source_id} is no longer in the database.", severity="warning")
            return
        if shown is not None and source["version"] != shown:
            self.follow_new_version(source["version"])
            return
        if self.segmentation_changed():  # another window fixed a boundary here
            self.show_segmentation(self.article.cursor)
        self.refresh_sentences()
        if self.evidence_view == CANDIDATES:
            self.load_candidates()
        elif self.evidence_view is not None and not self.evidence_view.startswith("search:"):
            self.show_evidence(self.evidence_view, focus=False)  # that source may have a new version too

    def follow_new_version(self, version: int) -> None:
        """Show the source's new text, the cursor on the sentence the current one became (re-anchored)."""
        old = [row.sentence for row in self.article.rows]
        here = self.current_sentence
        new = self.app.store.sentences(self.source_id)
        index = here.index if here else 0
        if here is not None:
            placed = place_sentences(old, new, {here.id}).get(here.id)
            index = placed.sentence.index if placed else min(here.index, max(len(new) - 1, 0))
        self.unsaved_position = None  # an index into the old text
        self.load_source(self.source_id, index)
        self.notify(f"{self.source_id} was corrected (now version {version}): the view moved to the new text, "
                    "annotations re-anchored.", timeout=6)

    def write(self, what: str, write: Write, *sentence_ids: int) -> None:
        """Store an action through the app's writes, then repaint those sentences."""
        self.app.writes.run(what, write, lambda _: self.refresh_sentences(*sentence_ids))

    def on_unmount(self) -> None:
        self.save_position()
        self.record_passed_over(look=False)  # quitting from link mode still keeps what was passed over

    # --- what is under the cursors -------------------------------------------------------------

    @property
    def current_sentence(self) -> Sentence | None:
        row = self.article.current
        return row.sentence if row else None

    @property
    def evidence_visible(self) -> bool:
        return self.evidence_view is not None

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
        view = DetailView(sentence=sentence, labels=self.app.labels)
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
            view.evidence_relation = next((link.relation for link in view.links if link.evidence.id == view.evidence.id), None)
            if view.evidence.id in self.suggestions:  # suggestions and search results say why
                view.evidence_reasons = self.suggestions[view.evidence.id].reasons()
        self.query_one(DetailPanel).show(view)
        why = self.query_one("#why", Label)
        why.display = self.evidence_visible
        line = why_line(view) if self.evidence_visible else None
        if line is not None and line != self._why_shown:  # drawn again only when it says something else
            why.update(line, layout=False)  # a fixed height (1 line, 2 when narrow): its size never changes
            self._why_shown = line

    def on_sentence_list_highlighted(self, event: SentenceList.Highlighted) -> None:
        if event.sentence_list.id == "article" and event.sentence_list.current is not None:
            sentence = event.sentence_list.current.sentence
            furthest = sentence.index
            if self.unsaved_position and self.unsaved_position[0] == sentence.source_id:
                furthest = max(furthest, self.unsaved_position[2])
            self.unsaved_position = (sentence.source_id, sentence.index, furthest)
            if self.evidence_view == CANDIDATES:
                self.load_candidates()
        elif event.sentence_list.id == "evidence" and self.evidence_view == CANDIDATES:
            self.track_suggestions()
        self.show_detail_soon()

    def on_sentence_list_chosen(self, event: SentenceList.Chosen) -> None:
        """Enter: on evidence, open it in the article; on a cited sentence, jump to its claim."""
        row = event.sentence_list.rows[event.index]
        if event.sentence_list.id == "evidence":
            self.jump_to(row.sentence.source_id, row.sentence.index)
        elif row.state.evidence_for:
            _, _, claim_sentence = self.annotations.citing_claims(row.sentence.id)[0]
            self.jump_to(claim_sentence.source_id, claim_sentence.index)

    def jump_to(self, source_id: str, index: int) -> None:
        """Put the article cursor on a sentence, switching source if needed; backspace comes back."""
        self.remember_jump()
        if source_id != self.source_id:
            self.load_source(source_id, index)
        else:
            self.article.cursor = index
        self.article.focus()

    def refresh_sentences(self, *sentence_ids: int) -> None:
        """Re-read the state of some sentences (all when none given) and repaint them in both lists."""
        ids = list(sentence_ids) or None
        if ids is None:
            article_states = self.annotations.sentence_states(self.source_id)
            self.article.update_states(article_states)
            if self.evidence.rows:
                self.evidence.update_states(self.annotations.sentence_states())
        else:
            states = self.annotations.sentence_states(sentence_ids=ids)
            self.article.update_states(states, ids)
            self.evidence.update_states(states, ids)
        self.show_detail()

    # --- navigation, undo, back ----------------------------------------------------------------

    def action_next_claim(self) -> None:
        self._step_claim(1)

    def action_previous_claim(self) -> None:
        self._step_claim(-1)

    def _step_claim(self, step: int) -> None:
        """Jump to the next/previous claim in reading order across sources, wrapping around."""
        claims = self.annotations.claim_sentence_ids()
        if not claims:
            self.notify("No claims yet: press c on a sentence to mark one.")
            return
        here = (self.source_id, self.article.cursor)
        if step > 0:
            target = next((c for c in claims if c[:2] > here), claims[0])
        else:
            target = next((c for c in reversed(claims) if c[:2] < here), claims[-1])
        self.jump_to(target[0], target[1])

    def action_undo(self) -> None:
        self._replay(backwards=True)

    def action_redo(self) -> None:
        self._replay(backwards=False)

    def _replay(self, backwards: bool) -> None:
        replay_and_show(self, backwards, self.show_replayed)

    def show_replayed(self, step: Replayed, sentence: Sentence | None) -> None:
        """After undo or redo: the cursor on the sentence it changed (opening its source), or the source it marked."""
        if self.segmentation_changed():  # a boundary fix undone or redone
            self.show_segmentation(self.article.cursor)
        if sentence is not None:
            self.jump_to(sentence.source_id, sentence.index)
        elif step.source_ids and step.source_ids[0] != self.source_id and self.app.store.source(step.source_ids[0]):
            self.load_source(step.source_ids[0])
        self.refresh_sentences()
        self.show_title()

    def action_focus_detail(self) -> None:
        """Focus the detail panel (j/k scroll it), or go back to the article from it."""
        detail = self.query_one(DetailPanel)
        (self.article if detail.has_focus else detail).focus()

    def action_grow_detail(self) -> None:
        self.query_one(DetailPanel).toggle_class("grown")

    def action_back(self) -> None:
        if self.query_one(DetailPanel).has_focus:
            self.article.focus()
        elif self.evidence_visible:
            self.record_passed_over()
            self.shown_suggestions.clear()
            self.evidence_view = None
            self.pending_set.clear()
            self.query_one("#evidence-pane").display = False
            self.query_one("#panes").remove_class("linking")
            self.article.focus()
            self.refresh_bindings()
            self.show_detail()
        else:
            self.save_position()  # before the sources view reloads its "read" column
            self.app.left_source = self.source_id  # the sources view puts its cursor there
            self.app.pop_screen()
