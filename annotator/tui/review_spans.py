"""Each annotator's claim spans on the review item's sentence, side by side, highlighted within the sentence text."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from annotator.annotation_store import Claim, claims_on
from annotator.store import Store
from annotator.team import GOLD
from annotator.terminal_text import printable

HIGHLIGHTS = ("bold black on yellow", "bold black on cyan")  # alternate, so two touching spans stay apart


def highlighted(text: str, claims: list[Claim]) -> Text:
    """The sentence as text (never markup) with each claim's span highlighted; a whole-sentence claim underlines it all."""
    shown = Text(printable(text))
    for number, claim in enumerate(claims):
        start, end = claim.span or (0, len(text))
        shown.stylize(HIGHLIGHTS[number % 2] if claim.span else "underline", start, end)
    return shown


def claim_lines(text: str, claims: list[Claim]) -> Text:
    """One line per claim: its offsets (or "whole"), type and verdict; "no claim" when there is none."""
    if not claims:
        return Text("no claim", style="dim")
    lines = [f"{f'{c.span[0]}:{c.span[1]}' if c.span else 'whole'} {c.claim_type or 'untyped'}"
             + (f"/{c.verdict}" if c.verdict else "") for c in claims]
    return Text("\n".join(lines))


def claim_columns(store: Store, sentence_id: int, text: str, annotators: list[str]) -> Table:
    """A table: one column per annotator (numbered as the take keys) and one for gold, each the sentence with its spans."""
    table = Table(show_edge=False, pad_edge=False, expand=True)
    names = [*annotators, GOLD]
    for number, name in enumerate(names, start=1):
        table.add_column(Text(name if name == GOLD else f"{number} {name}"), ratio=1)
    claims = [claims_on(store, sentence_id, name) for name in names]
    table.add_row(*[highlighted(text, found) for found in claims])
    table.add_row(*[claim_lines(text, found) for found in claims])
    return table


def has_spans(store: Store, sentence_id: int, annotators: list[str]) -> bool:
    """Whether some annotator holds a span claim, or several claims, on the sentence (spans then need deciding)."""
    for name in annotators:
        found = claims_on(store, sentence_id, name)
        if len(found) > 1 or any(claim.span for claim in found):
            return True
    return False
