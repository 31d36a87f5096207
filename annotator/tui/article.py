"""The article view: one source's sentences, marking, and link mode with the evidence side."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Label

from annotator.actions import Replayed
from annotator.cell_fit import heading
from annotator.coverage import is_done
from annotator.passed_over import ShownSuggestions
from annotator.reanchor import place_sentences
from annotator.store import Sentence
from annotator.suggest import Suggestion
from annotator.tui.article_detail import ArticleDetailMixin
from annotator.tui.article_keys import ARTICLE_BINDINGS, ARTICLE_HELP
from annotator.tui.boundary_keys import BoundaryKeysMixin
from annotator.tui.claim_cursor import ClaimCursorMixin
from annotator.tui.detail import DetailPanel
from annotator.tui.footer import KeyFooter
from annotator.tui.link_mode import CANDIDATES, LinkModeMixin, bind_link_keys
from annotator.tui.marking import MarkingMixin
from annotator.tui.messages import DatabaseChanged
from annotator.tui.moving import MovingMixin
from annotator.tui.sentence_list import SentenceList, SentenceRow
from annotator.tui.undo import replay_and_show
from annotator.tui.writes import Write

POSITION_SAVE_SECONDS = 2.0
DETAIL_DELAY_SECONDS = 0.06  # after a cursor move the panel waits this long: the cursor is drawn first, held keys skip it
STACK_BELOW_WIDTH = 140  # narrower than this, link mode puts the evidence under the article, not beside it
SHORT_BELOW_HEIGHT = 30  # lower than this, the detail panel starts smaller
TINY_BELOW_HEIGHT = 18  # lower than this, the panel takes 3 lines and the why line 1, so link mode keeps rows in view
NARROW_BELOW_WIDTH = 120  # narrower than this, link mode's why line takes two lines
COMPACT_GUTTER_BELOW_WIDTH = 100  # narrower than this, rows fold their link counts into one cell and drop the position


class ArticleScreen(ArticleDetailMixin, ClaimCursorMixin, MarkingMixin, LinkModeMixin, BoundaryKeysMixin, MovingMixin, Screen):
    """Read one source; mark claims and boilerplate; link claims to sentences of other sources."""

    IS_ARTICLE = True
    DETAIL_DELAY = DETAIL_DELAY_SECONDS  # 0 rebuilds the panel in the same frame as the cursor (tests)
    HELP = ARTICLE_HELP
    BINDINGS = ARTICLE_BINDINGS

    def __init__(self, source_id: str, index: int | None = None, search: str | None = None):
        super().__init__()
        self.source_id = source_id
        self.start_index = index
        self.jumped_from: list[tuple[str, int]] = []  # where jumps came from, for backspace
        self.start_search = search  # opened from the sources view's search: its results on the evidence side
        self.evidence_view: str | None = None  # CANDIDATES, a source id, or "search:<query>"
        self.evidence_heading: tuple[str, str] | tuple[()] = ()  # the evidence title before its key hints, and compact
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
        self.call_after_refresh(self.show_detail)  # laid out at the new size: the panel may leave the sentence to the list
        self.call_after_refresh(self.fit_evidence_title)  # the key hints that fit the new width
        if self.article.rows:
            self.call_after_refresh(self.show_title)  # the outlet is cut to the new width

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
        count = len(self.article.rows) if sentences is None else sentences
        done = " · done" if is_done(self.app.store, self.annotations.annotator, self.source_id) else ""
        label = self.query_one("#article-title", Label)
        width = label.content_region.width or self.size.width - 2  # before the first layout: the screen less the padding
        label.update(Text(heading(self.source_id, source.get("outlet"), source.get("published"),
                                  f"  ({count} sentences){done}", width)))

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
            self.remove_class("linking")
            self.article.focus()
            self.refresh_bindings()
            self.show_detail()
        else:
            self.save_position()  # before the sources view reloads its "read" column
            self.app.left_source = self.source_id  # the sources view puts its cursor there
            self.app.pop_screen()
