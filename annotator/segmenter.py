"""Sentence boundaries for the whole product: sentencex plus the corrections news text needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

from annotator.boundary_rules import LIST_BULLETS, ellipsis_cut, is_false_break, list_item_starts

__all__ = ["Span", "split_sentences"]

LIST_OPENERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz" + LIST_BULLETS)


@dataclass(frozen=True, slots=True)
class Span:
    """One sentence: code point offsets into the original text, end exclusive."""

    index: int
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        """The JSON-lines shape printed by `annotator split`."""
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# An opening quotation after a sentence end: each pattern starts with its quote (a literal is quick to scan for).
QUOTE_OPENINGS = tuple(
    re.compile(rf"{mark}(?:(?<=[.!?]\s{mark})|(?<=[.!?]\s\s{mark})|(?<=[.!?][\"”’)\]]\s{mark}))(?=\S)")
    for mark in ('"', "“", "‘")
)


def split_sentences(text: str, language: str = "en") -> list[Span]:
    """Split `text` into sentences whose spans, in order, never overlap and never hold only whitespace."""
    if not text:
        return []
    breaks = _hard_breaks(text) if "\n" in text or "\r" in text else []
    candidates = _library_cuts(text, language)
    extra = _quote_cuts(text)
    if breaks or extra:
        candidates = sorted({*candidates, *breaks, *extra})
    return _spans(text, _real_cuts(text, candidates, set(breaks)))


def _library_cuts(text: str, language: str) -> list[int]:
    """Offsets where sentencex starts a new sentence (on the text with double quotes blanked)."""
    neutral = _without_double_quotes(text)
    ends = [boundary["end_index"] for boundary in sentencex.get_sentence_boundaries(language or "en", neutral)]
    if neutral is not text:  # a blanked opening quote looks like whitespace: give it back to the next sentence
        ends = [end - 1 if text[end - 1] in DOUBLE_QUOTES and text[end - 2].isspace() else end for end in ends]
    length = len(text)
    return [end for end in ends if 0 < end < length]


def _without_double_quotes(text: str) -> str:
    """The text with double quotation marks blanked out, offsets unchanged.

    sentencex never ends a sentence inside a quotation, but news quotes often run several sentences
    ("It is late. We go now," she said) and, by news style, a quote that continues into the next
    paragraph is left open, which makes sentencex pair quotes across paragraphs and swallow every
    boundary in between. The rules read the original text.
    """
    for mark in DOUBLE_QUOTES:
        if mark in text:
            text = text.replace(mark, " ")
    return text


def _hard_breaks(text: str) -> list[int]:
    """Offsets where a new paragraph starts: after a line break, unless the next line goes on in lowercase.

    Scraped news puts one paragraph on each line; hard-wrapped prose continues a sentence on the next
    line, and such continuations almost always start with a lowercase word.
    """
    breaks = []
    for match in LINE_BREAK.finditer(text):
        rest = match.end()
        if rest < len(text) and not text[rest : rest + 80].lstrip(" \t")[:1].islower():
            breaks.append(rest)
    return breaks


def _quote_cuts(text: str) -> list[int]:
    """Offsets of quotations that open after a sentence end: sentencex keeps `no. "Is it?"` whole."""
    return [
        match.start() for pattern in QUOTE_OPENINGS if pattern.pattern[0] in text for match in pattern.finditer(text)
    ]


def _real_cuts(text: str, candidates: list[int], breaks: set[int]) -> list[int]:
    """The candidate offsets that start a sentence: every paragraph break, and the rest the rules accept."""
    cuts: list[int] = []
    start = 0
    length = len(text)
    for cut in candidates:
        if cut in breaks:
            cuts.append(cut)
            start = cut
            continue
        left_end, right_start = cut, cut
        while left_end > start and text[left_end - 1].isspace():
            left_end -= 1
        while right_start < length and text[right_start].isspace():
            right_start += 1
        if left_end <= start or right_start >= length:
            continue
        if text[left_end - 1] == "." and text[left_end - 2] in " .":
            moved = ellipsis_cut(text, start, left_end, text[right_start])
            if moved is not None:
                if moved > start:
                    cuts.append(moved)
                    start = moved
                continue
        if not is_false_break(text, start, left_end, right_start):
            cuts.append(cut)
            start = cut
    return cuts


def _spans(text: str, cuts: list[int]) -> list[Span]:
    """The trimmed, non-empty pieces between cuts, with list items run together on one line split apart."""
    spans: list[Span] = []
    start = 0
    for end in (*cuts, len(text)):
        piece = _trim(text, start, end) if start < end else None
        start = end
        if piece is None:
            continue
        first, last = piece
        if text[first] in LIST_OPENERS:
            for item_start in list_item_starts(text, first, last):
                item = _trim(text, first, item_start)
                spans.append(Span(len(spans), item[0], item[1], text[item[0] : item[1]]))
                first = item_start
        spans.append(Span(len(spans), first, last, text[first:last]))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding whitespace, or None if nothing else is left."""
    if not text[start].isspace():
        if not text[end - 1].isspace():
            return start, end
        if end - start > 1 and not text[end - 2].isspace():
            return start, end - 1  # the usual case: one space or line break after the sentence
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return None
    start += len(piece) - len(stripped)
    end -= len(piece) - len(piece.rstrip())
    return start, end
