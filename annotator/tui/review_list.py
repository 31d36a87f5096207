"""The review queue: one line per disagreement, with each annotator's answer in a few characters."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from annotator.adjudication import LINK, LinkAnswer, ReviewItem, SentenceAnswer
from annotator.terminal_text import printable
from annotator.tui.line_list import LineList, one_line


def answer_text(answer: SentenceAnswer | LinkAnswer | None) -> str:
    """One short line for an answer: 'claim numeric · refuted', 'no claim', 'corroborates', 'no link', '—'."""
    if answer is None:
        return "—"
    if isinstance(answer, LinkAnswer):
        return answer.relation or "no link"
    if not answer.claim:
        return "no claim"
    return " · ".join(["claim", answer.claim_type or "untyped", *([answer.verdict] if answer.verdict else [])])


def union_question(item: ReviewItem, plan, lone, shown: int = 8) -> str:
    """The union's question: how many links it takes, and each one only some annotators made, with who made it."""
    lines = [f"Union takes {len(plan)} link(s) of {item.source_id}:{item.index}; {len(lone)} made by only some annotators:"]
    for link in lone[:shown]:
        evidence = f"{link.item.evidence_source_id}:{link.item.evidence_index}"
        lines.append(f"  → {printable(evidence)} {link.relation} (only {', '.join(link.makers)})")
    if len(lone) > shown:
        lines.append(f"  … and {len(lone) - shown} more")
    lines.append("Take them all?")
    return "\n".join(lines)


def short_answer(answer: SentenceAnswer | LinkAnswer) -> str:
    """An answer in a few characters for the queue list: 'numeric/refuted', 'no claim', 'related', 'none'."""
    if isinstance(answer, LinkAnswer):
        return answer.relation or "none"
    if not answer.claim:
        return "no claim"
    return (answer.claim_type or "claim") + (f"/{answer.verdict}" if answer.verdict else "")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One queue item and whether a decision settles it."""

    item: ReviewItem
    decided: bool


class ReviewList(LineList):
    """The disagreements one per row, in reading order: ✓ decided, • still open."""

    HELP = "The disagreement queue. **j/k** move; the panel shows the item; **1-9** take an annotator's answer."
    DEFAULT_CSS = """
    ReviewList { width: 62; background: $surface; border-right: solid $accent; overflow-x: hidden; }
    ReviewList > .review-list--decided { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"review-list--decided"}

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another item."""

        index: int

    def row_style(self, index: int) -> Style:
        if self.rows[index].decided:
            return self.base_style + self.component_style("review-list--decided")
        return self.base_style

    def render_row(self, index: int, base: Style) -> list[Segment]:
        row: ReviewRow = self.rows[index]
        item = row.item
        where = f"{item.source_id}:{item.index}"
        if item.kind == LINK:
            previous = self.rows[index - 1].item if index else None
            same_claim = previous is not None and previous.sentence_id == item.sentence_id
            where = ("  " if same_claim else where + " ") + f"→ {item.evidence_source_id}:{item.evidence_index}"
        # Each answer carries its annotator's key digit: one who did not read the source has none, so no column shifts.
        numbers = {name: n for n, name in enumerate(getattr(self.screen, "annotators", []), start=1)}
        said = "  ".join(f"{numbers.get(name, '?')}:{short_answer(answer)}" for name, answer in item.answers.items())
        said += "  (single)" if item.single else ""
        return [Segment(("✓ " if row.decided else "• ") + f"{one_line(where):<16}  ", base), Segment(one_line(said), base)]

    def row_highlighted(self, index: int) -> None:
        self.post_message(self.Highlighted(index))
