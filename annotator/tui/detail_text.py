"""The detail panel's text: the current sentence, its claim, its links and the claims it is evidence for, line by line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.text import Text

from annotator.annotation_store import Claim, Link, evidence_sets
from annotator.cell_fit import place
from annotator.labels import LabelSet, default_labels
from annotator.store import Sentence
from annotator.terminal_text import printable

CONFLICT_PREFIX = "possible conflict"
RELATION_COLOURS = {"corroborates": "green", "conflicts": "bold red", "related": "blue"}
OTHER_RELATION_COLOUR = "bold cyan"  # a custom label set's relations
PLACE_CELLS = 15  # the why line's `source:index` (as the evidence row shows it)
LINK_PLACE_CELLS = 56  # a link line's: a longer id is shortened, so its sentence number stays in view at 80 columns
LINK_LINES_KEPT = 8_192  # built link lines kept: a claim with a few hundred links rebuilds only the new one


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
    in_list: bool = False  # the list above shows the sentence whole: the panel gives its place, not its text again
    evidence_in_list: bool = False  # the evidence list shows the evidence whole: the panel gives its place only
    why_pinned: bool = False  # the why line under the panel shows every reason whole: the panel does not repeat them


def render_detail(view: DetailView) -> Text:
    """The panel's text for a view, whole."""
    return Text("\n").join(detail_paragraphs(view))


def detail_paragraphs(view: DetailView) -> list[Text]:
    """The panel's text for a view as its lines between line breaks, the last one empty after the final break.

    A claim's links take one line each, built once per link and kept, so a claim with hundreds of links
    costs a new view only the lines that changed.
    """
    if view.sentence is None:
        return [Text("No sentence.", style="dim")]
    lines = _lines(_head(view))
    if view.claim:
        lines += link_lines(view.links, view.labels)
    for line in _lines(_citing(view)):
        line.no_wrap = True  # one line per citing claim, as per link
        lines.append(line)
    if view.compared is not None:
        lines += _compared_links(*view.compared, view.labels)
    return [*lines, Text("")]


def _lines(block: Text) -> list[Text]:
    """A block whose every line ends in a line break, as its lines without the breaks."""
    if not block.plain:
        return []
    lines = list(block.split("\n", allow_blank=True))
    lines.pop()  # what follows the final break
    return lines


def _head(view: DetailView) -> Text:
    """The sentence (its place only when the list shows it whole), its claims, the claim under the claim cursor, a teammate's claim,
    the evidence set being gathered and the evidence."""
    out, s = Text(), view.sentence
    out.append(f"{s.source_id}:{s.index}  ", style="bold")
    out.append(f"[{s.start}:{s.end}]", style="dim")
    if view.boilerplate:
        out.append("  boilerplate", style="italic dim")
    elif view.suggested_boilerplate:
        out.append(Text(f"  suggested boilerplate ({view.suggested_boilerplate}): x marks it, o keeps it", style="yellow"))
    if view.claim and (number := _number_of(view.claim, view.claims)):
        out.append(f"  keys act on claim {number}", style="bold yellow")  # its words bold below; , and . move
    out.append("\n")
    if not view.in_list:
        out.append(highlighted_sentence(s.text, view.claim, [claim for claim, _ in view.claims]))
        out.append("\n")
    if len(view.claims) > 1:
        _append_claim_list(out, view.claims, view.claim, s.text)
    if view.claim:
        _append_claim_header(out, view.claim, s.text, _number_of(view.claim, view.claims))
    if view.compared is not None:
        _append_compared(out, *view.compared)
    if view.pending:
        _append_pending(out, view.pending)
    if view.evidence is not None:
        _append_evidence(out, view)
    return out


def _citing(view: DetailView) -> Text:
    """One line per claim the sentence is evidence for."""
    out = Text()
    for link, claim, sentence in view.citing:
        mark, style = relation_style(link.relation, view.labels)
        out.append(f"evidence {mark} for claim {sentence.source_id}:{sentence.index}: ", style=style)
        out.append(Text(printable(_short(claim.quoted(sentence.text))), style="dim"))
        out.append("\n")
    return out


def _append_compared(out: Text, annotator: str, claim: Claim | None, links: list[Link]) -> None:
    """Another annotator's claim on this sentence, type and verdict (read-only), right under the annotator's own.

    At 80x24 the panel has a few lines: below the links, as it was, the teammate's verdict took `z` to see.
    """
    out.append(f"{annotator.upper()} ", style="bold magenta")
    if claim is None:
        out.append("no claim\n", style="magenta")
        return
    out.append(f"claim · type: {claim.claim_type or '-'}  verdict: {claim.verdict or '-'}", style="magenta")
    out.append(f" · {len(links)} link(s) below\n" if links else "\n", style="magenta")


def _compared_links(annotator: str, claim: Claim | None, links: list[Link], labels: LabelSet) -> list[Text]:
    """Another annotator's links from this sentence's claim (read-only), under the annotator's own work."""
    lines = link_lines(links, labels) if claim is not None else []
    if lines:
        lines[0] = Text.assemble((f"{annotator.upper()} ", "bold magenta"), lines[0])
    return lines


def _append_evidence(out: Text, view: DetailView) -> None:
    """The evidence sentence under the cursor in link mode, in full, with why it was suggested."""
    evidence, relation, reasons = view.evidence, view.evidence_relation, view.evidence_reasons
    out.append(f"EVIDENCE {evidence.source_id}:{evidence.index}", style="bold")
    if relation:
        _, style = relation_style(relation, view.labels)
        out.append(f"  already linked: {relation}", style=style)
    out.append("\n")
    if not view.evidence_in_list:
        out.append(Text(printable(evidence.text)))
        out.append("\n")
    if reasons and not view.why_pinned:  # one line, so the claim's links stay in view below; only when the why line cuts it
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
    out.append(f"{place(view.evidence.source_id, view.evidence.index, PLACE_CELLS)} ", style="bold")
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


def link_lines(links: list[Link], labels: LabelSet) -> list[Text]:
    """A count, then one line per link (the panel scrolls); the links of one evidence set together under a heading."""
    if not links:
        return []
    lines = [_styled(link_count(links, labels), "dim")]
    styles = {relation: relation_style(relation, labels) for relation in {link.relation for link in links}}
    if all(link.evidence_set is None for link in links):  # no sets: the links in their order, one line each
        lines.extend(_link_line(link, " ", *styles[link.relation]) for link in links)
        return lines
    for evidence_set in evidence_sets(links):
        if evidence_set.number is not None:
            mark, style = styles[evidence_set.relation]
            lines.append(_styled(f" {mark} set {evidence_set.number}: {evidence_set.relation}, together", style))
        indent = "   " if evidence_set.number is not None else " "
        lines.extend(_link_line(link, indent, *styles[link.relation]) for link in evidence_set.links)
    return lines


def link_count(links: list[Link], labels: LabelSet) -> str:
    """`3 link(s):`, naming how many of each relation when there are several (a compact row folds them into one cell)."""
    counts = Counter(link.relation for link in links)
    if len(counts) < 2:
        return f"{len(links)} link(s):"
    order = {relation: number for number, relation in enumerate(labels.ids("relations"))}
    shown = sorted(counts, key=lambda relation: (order.get(relation, len(order)), relation))
    return f"{len(links)} link(s), " + ", ".join(f"{counts[relation]} {relation}" for relation in shown) + ":"


_link_lines: dict[int, tuple[Link, str, str, str, Text]] = {}  # id of a Link -> it, indent, mark, style and its line


def _link_line(link: Link, indent: str, mark: str, style: str) -> Text:
    """One link's line: its relation and evidence sentence; built once per Link and shared, so never changed after.

    Kept by the Link's identity (the reads give back the Link built before for an unchanged row), so finding
    the lines of a claim with hundreds of links hashes none of them.
    """
    kept = _link_lines.get(id(link))
    if kept is not None and kept[0] is link and kept[1] == indent and kept[2] == mark and kept[3] == style:
        return kept[4]
    line = _styled(f"{indent}{mark} {link.relation:<12} {place(link.evidence.source_id, link.evidence.index, LINK_PLACE_CELLS)}  ",
                   style)
    line.append(Text(printable(_short(link.evidence.text)), style="dim"))
    line.no_wrap = True  # the panel cuts the evidence's text at its width: one line per link, at 80 columns too
    if len(_link_lines) >= LINK_LINES_KEPT:
        _link_lines.clear()
    _link_lines[id(link)] = (link, indent, mark, style, line)  # kept alive with it, so its id names no other
    return line


def _styled(text: str, style: str) -> Text:
    """A line of one style, styled as a span the way a line cut from a longer text is."""
    return Text().append(text, style=style)


def _short(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
