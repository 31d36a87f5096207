"""The side panel: the full current sentence, its claim, its links, and the claims it is evidence for."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize

from annotator.annotation_store import Claim, Link, evidence_sets
from annotator.labels import LabelSet, default_labels
from annotator.store import Sentence
from annotator.terminal_text import printable

CONFLICT_PREFIX = "possible conflict"
RELATION_COLOURS = {"corroborates": "green", "conflicts": "bold red", "related": "blue"}
OTHER_RELATION_COLOUR = "bold cyan"  # a custom label set's relations
PARAGRAPHS_KEPT = 2_048  # drawn paragraphs of the panel kept for the next views; one view has a few dozen


def relation_style(relation: str, labels: LabelSet) -> tuple[str, str]:
    """A relation's mark (from the label set) and its style in the panel."""
    return labels.mark(relation), RELATION_COLOURS.get(relation, OTHER_RELATION_COLOUR)


@dataclass
class DetailView:
    """Everything the panel shows; the screen builds it from the store and passes it down."""

    sentence: Sentence | None = None
    claim: Claim | None = None
    boilerplate: bool = False
    suggested_boilerplate: str | None = None  # why ingest took it for scrape residue (a hint, not a flag)
    links: list[Link] = field(default_factory=list)
    citing: list[tuple[Link, Claim, Sentence]] = field(default_factory=list)
    evidence: Sentence | None = None
    evidence_relation: str | None = None
    evidence_reasons: list[str] = field(default_factory=list)  # why the suggestion engine put it there
    compared: tuple[str, Claim | None, list[Link]] | None = None  # another annotator's claim and links, read-only
    claims: list[tuple[Claim, int]] = field(default_factory=list)  # every claim of the sentence with its link count
    pending: list[Sentence] = field(default_factory=list)  # evidence gathered for a new evidence set (link mode)
    labels: LabelSet = field(default_factory=default_labels)  # marks of the relations


class DetailPanel(ScrollView, can_focus=True):
    """Renders a DetailView on the line API; source text always as plain Text, never markup. Scrolls when focused.

    The text is wrapped once per content and width and its lines kept, so a new view repaints the panel
    alone: its size never changes, and the screen is laid out again only when the scrollbar comes or goes.
    """

    HELP = "Details of the current sentence: its claim, every link, and the claims that cite it. **j/k** scroll, **g/G** top and bottom."

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", id="detail-scroll-down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="detail-scroll-up", show=False),
        Binding("g", "scroll_home", "Top", id="detail-scroll-top", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail-scroll-bottom", show=False),
    ]

    DEFAULT_CSS = """
    DetailPanel { height: 12; border-top: solid $accent; padding: 0 1; overflow-x: hidden; overflow-y: auto; }
    DetailPanel:focus { border-top: thick $accent; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self._text = Text()
        self._shown = 0  # counts the texts shown, so the lines know which one they were drawn for
        self._lines: list[Strip] = []
        self._lines_key: tuple | None = None  # (text shown, width, style, selection) the lines were drawn for
        self._paragraphs: dict[tuple, list[Strip]] = {}  # a paragraph's plain text and spans -> its lines
        self._placed: dict[tuple, list[Strip]] = {}  # (line of the text, paragraph) -> its lines there, as now shown
        self._placed_before: dict[tuple, list[Strip]] = {}  # the same for the text shown before
        self._paragraphs_key: tuple | None = None  # (width, style) the paragraphs were drawn at

    @property
    def text(self) -> Text:
        """What the panel shows, whole (the screen shows the lines that fit)."""
        return self._text

    def show(self, view: DetailView) -> None:
        """Replace the panel's content, scrolled to its top; lay the screen out only if the scrollbar must change."""
        self._text = render_detail(view)
        self._shown += 1
        height = len(self.lines())
        if self.size.width and (height > self.scrollable_content_region.height) == self.show_vertical_scrollbar:
            size = Size(self.virtual_size.width, height)
            self.set_reactive(DetailPanel.virtual_size, size)  # no layout; Textual is pinned, _scroll_update is its own step
            self._scroll_update(size)
        else:
            self.virtual_size = Size(self.virtual_size.width, height)  # a layout: the scrollbar comes or goes
            self.call_after_refresh(self._fit_height)  # the text wraps again at the width it leaves
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        self.refresh()

    def lines(self) -> list[Strip]:
        """The text wrapped to the width inside padding and scrollbar, drawn as Textual draws a Static; cached.

        Each paragraph (line of the text) is drawn once per place, width and style: a new view mostly repeats
        the last one's lines (a claim's links), so only what changed is wrapped again. A mouse selection draws
        the whole text afresh, as a Static does.
        """
        width, style, selection = self.scrollable_content_region.width, self.visual_style, self.text_selection
        key = (self._shown, width, style, selection)
        if key != self._lines_key:
            self._lines_key = key
            if (width, style) != self._paragraphs_key:
                self._paragraphs_key, self._paragraphs, self._placed = (width, style), {}, {}
            if width <= 0:
                self._lines = []
            elif selection is not None:
                self._lines = Visual.to_strips(self, visualize(self, self._text, markup=False), width, None, style)
            else:
                self._placed_before, self._placed = self._placed, {}
                paragraphs = enumerate(self._text.split("\n", allow_blank=True))
                self._lines = [line for y, paragraph in paragraphs for line in self._paragraph_lines(y, paragraph, width, style)]
        return self._lines

    def _paragraph_lines(self, y: int, paragraph: Text, width: int, style) -> list[Strip]:
        """Paragraph `y` drawn at the width: wrapped once wherever it stands, its cells' selection offsets put on line `y`."""
        drawn = (paragraph.plain, tuple(paragraph.spans), str(paragraph.style))
        found = self._placed_before.get((y, drawn))
        if found is None:
            strips = self._paragraphs.get(drawn)
            if strips is None:
                if len(self._paragraphs) >= PARAGRAPHS_KEPT:
                    self._paragraphs.clear()
                visual = visualize(self, paragraph, markup=False)
                strips = self._paragraphs[drawn] = Visual.to_strips(self, visual, width, None, style)
            found = [_on_line(strip, y) for strip in strips] if y else strips
        self._placed[(y, drawn)] = found
        return found

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, as a Static gives it."""
        return selection.extract(self._text.plain), "\n"

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """Size the scroll range to the text wrapped at the current width."""
        self.virtual_size = Size(self.virtual_size.width, len(self.lines()))

    def notify_style_update(self) -> None:
        """The theme or focus changed: the lines were drawn with the old styles."""
        super().notify_style_update()
        self._lines_key = self._paragraphs_key = None

    def render_line(self, y: int) -> Strip:
        """One line of the text at the scroll position (the styles cache pads it), blank below it as a Static pads."""
        lines = self.lines()
        index = self.scroll_offset.y + y
        if index < len(lines):
            return lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)


def _on_line(strip: Strip, y: int) -> Strip:
    """A strip drawn from one paragraph, its cells' selection offsets moved to line `y` of the whole text."""
    segments = []
    for segment in strip:
        offset = segment.style.meta.get("offset") if segment.style else None
        if offset is not None:
            segment = Segment(segment.text, segment.style + Style.from_meta({"offset": (offset[0], y)}), segment.control)
        segments.append(segment)
    return Strip(segments, strip.cell_length)


def render_detail(view: DetailView) -> Text:
    """The panel's text for a view."""
    out = Text()
    if view.sentence is None:
        return Text("No sentence.", style="dim")
    s = view.sentence
    out.append(f"{s.source_id}:{s.index}  ", style="bold")
    out.append(f"[{s.start}:{s.end}]", style="dim")
    if view.boilerplate:
        out.append("  boilerplate", style="italic dim")
    elif view.suggested_boilerplate:
        out.append(Text(f"  suggested boilerplate ({view.suggested_boilerplate}): x marks it, o keeps it", style="yellow"))
    if view.claim and (number := _number_of(view.claim, view.claims)):
        out.append(f"  keys act on claim {number}", style="bold yellow")  # its words bold below; , and . move
    out.append("\n")
    out.append(highlighted_sentence(s.text, view.claim, [claim for claim, _ in view.claims]))
    out.append("\n")
    if len(view.claims) > 1:
        _append_claim_list(out, view.claims, view.claim, s.text)
    if view.claim:
        _append_claim_header(out, view.claim, s.text, _number_of(view.claim, view.claims))
    if view.pending:
        _append_pending(out, view.pending)
    if view.evidence is not None:
        _append_evidence(out, view)
    if view.claim:
        _append_links(out, view.links, view.labels)
    for link, claim, sentence in view.citing:
        mark, style = relation_style(link.relation, view.labels)
        out.append(f"evidence {mark} for claim {sentence.source_id}:{sentence.index}: ", style=style)
        out.append(Text(printable(_short(claim.quoted(sentence.text))), style="dim"))
        out.append("\n")
    if view.compared is not None:
        _append_compared(out, *view.compared, view.labels)
    return out


def _append_compared(out: Text, annotator: str, claim: Claim | None, links: list[Link], labels: LabelSet) -> None:
    """What another annotator said about this sentence (read-only), under the annotator's own work."""
    out.append(f"{annotator.upper()} ", style="bold magenta")
    if claim is None:
        out.append("no claim\n", style="magenta")
        return
    out.append(f"claim · type: {claim.claim_type or '-'}  verdict: {claim.verdict or '-'}\n", style="magenta")
    _append_links(out, links, labels)


def _append_evidence(out: Text, view: DetailView) -> None:
    """The evidence sentence under the cursor in link mode, in full, with why it was suggested."""
    evidence, relation, reasons = view.evidence, view.evidence_relation, view.evidence_reasons
    out.append(f"EVIDENCE {evidence.source_id}:{evidence.index}", style="bold")
    if relation:
        _, style = relation_style(relation, view.labels)
        out.append(f"  already linked: {relation}", style=style)
    out.append("\n")
    out.append(Text(printable(evidence.text)))
    out.append("\n")
    if reasons:  # one line, so the claim's links stay in view below
        out.append("why: ", style="dim")
        for number, reason in enumerate(reasons):
            out.append(" · " if number else "", style="dim")
            out.append(reason, style="bold red" if reason.startswith(CONFLICT_PREFIX) else "cyan")
        out.append("\n")


def why_line(view: DetailView) -> Text:
    """The why line of link mode: the evidence under the cursor, its link if any, and why it was suggested."""
    out = Text()  # the screen's CSS wraps it (two lines on a narrow screen) or cuts it with an ellipsis
    if view.evidence is None:
        return Text("no evidence here: [ ] other sources · / search", style="dim")
    out.append(f"{view.evidence.source_id[:10]}:{view.evidence.index} ", style="bold")
    if view.evidence_relation:
        mark, style = relation_style(view.evidence_relation, view.labels)
        out.append(f"{mark}{view.evidence_relation} ", style=style)
    out.append("why: " if view.evidence_reasons else "not a suggestion", style="dim")
    for number, reason in enumerate(view.evidence_reasons):
        out.append(" · " if number else "", style="dim")
        out.append(reason, style="bold red" if reason.startswith(CONFLICT_PREFIX) else "cyan")
    return out


def highlighted_sentence(text: str, current: Claim | None, claims: list[Claim]) -> Text:
    """The sentence as literal text: every claim span underlined, the current claim's span bold yellow."""
    shown = Text(printable(text))
    for claim in claims:
        if claim.span is not None:
            shown.stylize("underline", *claim.span)
    if current is not None and current.span is not None:
        shown.stylize("bold yellow underline", *current.span)
    return shown


def _append_claim_list(out: Text, claims: list[tuple[Claim, int]], current: Claim | None, text: str) -> None:
    """One line per claim of the sentence, the one under the claim cursor marked (, and . move)."""
    out.append(f"CLAIMS ({len(claims)}; , and . move)\n", style="bold yellow")
    for number, (claim, links) in enumerate(claims, 1):
        here = current is not None and claim.id == current.id
        out.append(f"{'▶' if here else ' '} {number} ", style="bold yellow" if here else "")
        out.append(Text(printable(" ".join(_quote(claim, text).split())), style="bold" if here else ""))  # in full: the panel wraps
        out.append(f"  {claim.claim_type or '-'}/{claim.verdict or '-'}  {links} link(s)\n", style="dim")


def _quote(claim: Claim, text: str) -> str:
    """The claim's words in quotation marks, or "whole sentence"."""
    return f"“{claim.quoted(text)}”" if claim.span is not None else "whole sentence"


def _append_pending(out: Text, pending: list[Sentence]) -> None:
    """The evidence gathered for a new set: 1/2/3 link them as one set."""
    out.append(f"NEW SET of {len(pending)} (1/2/3 link them together, a removes one): ", style="bold cyan")
    out.append(", ".join(f"{sentence.source_id}:{sentence.index}" for sentence in pending), style="cyan")
    out.append("\n")


def _number_of(claim: Claim, claims: list[tuple[Claim, int]]) -> str | None:
    """`2 of 3` when the sentence holds several claims (the list above gives their words), else None."""
    ids = [other.id for other, _ in claims]
    return f"{ids.index(claim.id) + 1} of {len(ids)}" if len(ids) > 1 and claim.id in ids else None


def _append_claim_header(out: Text, claim: Claim, text: str = "", number: str | None = None) -> None:
    """The claim block: its words (or its number in the list above), type, verdict, normalised text and note."""
    out.append("CLAIM ", style="bold yellow")
    if number is not None:
        out.append(number, style="bold yellow")
        out.append(f" [{claim.span[0]}:{claim.span[1]}]  " if claim.span is not None else "  ", style="dim")
    elif claim.span is not None:
        out.append(Text(printable(" ".join(_quote(claim, text).split())), style="yellow"))
        out.append(f" [{claim.span[0]}:{claim.span[1]}]  ", style="dim")
    out.append(f"type: {claim.claim_type or '-'}  verdict: {claim.verdict or '-'}\n")
    if claim.normalized:
        out.append("normalised: ", style="dim")
        out.append(Text(printable(claim.normalized)))
        out.append("\n")
    if claim.note:
        out.append("note: ", style="dim")
        out.append(Text(printable(claim.note)))
        out.append("\n")


def _append_links(out: Text, links: list[Link], labels: LabelSet) -> None:
    """A count, then one line per link (the panel scrolls); the links of one evidence set together under a heading."""
    if links:
        out.append(f"{len(links)} link(s):\n", style="dim")
    for evidence_set in evidence_sets(links):
        if evidence_set.number is not None:
            mark, style = relation_style(evidence_set.relation, labels)
            out.append(f" {mark} set {evidence_set.number}: {evidence_set.relation}, together\n", style=style)
        for link in evidence_set.links:
            mark, style = relation_style(link.relation, labels)
            indent = "   " if evidence_set.number is not None else " "
            out.append(f"{indent}{mark} {link.relation:<12} {link.evidence.source_id}:{link.evidence.index}  ", style=style)
            out.append(Text(printable(_short(link.evidence.text)), style="dim"))
            out.append("\n")


def _short(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
