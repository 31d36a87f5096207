"""Sentence boundaries for the whole product: sentencex plus the corrections news text needs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import sentencex

__all__ = ["Span", "split_sentences"]


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


# Abbreviations that never end a sentence in news copy: titles before a name, and the like.
TITLES = frozenset(
    """mr ms mrs messrs dr prof rev hon rep reps sen sens gov gen lt col maj capt cmdr
    adm sgt cpl pvt det insp supt amb atty pres sec st mt ft vs sr brig gens cmdt
    fr sgt msgr lt.gov""".split()
)
# Abbreviations that stay inside a sentence when a number follows: "Jan. 5", "No. 3".
BEFORE_NUMBER = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp art fig figs
    ch sec approx est""".split()
)
# Words that open a new sentence; after "U.S." or a name initial they mean a real boundary.
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you this that these those there here but and or so
    yet in on at as if when while after before since according its his her their our
    my some many most one two three last still however meanwhile also then now what why
    how who where for with by from to other another no not all both each earlier later
    such despite although though during under over nor only even just more further
    instead today yesterday tomorrow`""".split()
)
TIME_FOLLOWERS = frozenset(
    """et edt est ct cdt cst pt pdt pst mt gmt utc bst cet local monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december""".split()
)

DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
LAST_TOKEN = re.compile(r"[\w.\-]+\.$")
INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}$")
SINGLE_INITIAL = re.compile(r"(?:^|[\s(\"“])[A-Z]\.$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
QUOTE_OPENING_SENTENCE = re.compile(r"[.!?][\"”’)\]]*(\s+)[\"“‘]\S")
FIRST_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)")


def split_sentences(text: str, language: str = "en") -> list[Span]:
    """Split `text` into sentences whose spans, in order, never overlap and never hold only whitespace."""
    breaks = _hard_breaks(text) if "\n" in text or "\r" in text else []
    pieces = _cut_at_hard_breaks(text, _library_pieces(text, language), breaks)
    pieces = _split_before_quotes(text, pieces)
    pieces = _merge_false_breaks(text, pieces, breaks)
    return [Span(i, s, e, text[s:e]) for i, (s, e) in enumerate(pieces)]


def _library_pieces(text: str, language: str) -> list[tuple[int, int]]:
    """Tile the text with sentencex's boundaries (code point offsets), trusting only its end points."""
    neutral = _without_double_quotes(text)
    quotes_blanked = neutral is not text
    length = len(text)
    pieces: list[tuple[int, int]] = []
    start = 0
    for boundary in sentencex.get_sentence_boundaries(language or "en", neutral):
        end = boundary["end_index"]
        if quotes_blanked and end < length and text[end - 1] in DOUBLE_QUOTES and text[end - 2].isspace():
            end -= 1  # a blanked opening quote looks like whitespace: give it back to the next sentence
        if start < end <= length:
            pieces.append((start, end))
            start = end
    if start < length:
        pieces.append((start, length))
    return pieces


def _without_double_quotes(text: str) -> str:
    """The text with double quotation marks blanked out, offsets unchanged.

    sentencex never ends a sentence inside a quotation, but news quotes often run several sentences
    ("It is late. We go now," she said) and, by news style, a quote that continues into the next
    paragraph is left open, which makes sentencex pair quotes across paragraphs and swallow every
    boundary in between. `_split_before_quotes` and `_is_false_break` read the original text.
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
        if not text[rest : rest + 80].lstrip(" \t")[:1].islower():
            breaks.append(rest)
    return breaks


def _cut_at_hard_breaks(text: str, pieces: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    """Split pieces at paragraph breaks, then trim whitespace and drop empty pieces."""
    cut: list[tuple[int, int]] = []
    position = 0
    for start, end in pieces:
        while position < len(breaks) and breaks[position] <= start:
            position += 1
        while position < len(breaks) and breaks[position] < end:
            cut.append((start, breaks[position]))
            start = breaks[position]
            position += 1
        cut.append((start, end))
    return [trimmed for span in cut if (trimmed := _trim(text, *span))]


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


def _split_before_quotes(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split where a sentence ends and a quotation opens a new one: sentencex keeps `no. "Is it?"` whole.

    One scan of the whole text; a match counts only if it lies entirely inside one piece.
    """
    matches = [match.span() + match.span(1) for match in QUOTE_OPENING_SENTENCE.finditer(text)]
    if not matches:
        return pieces
    result, position = [], 0
    for start, end in pieces:
        while position < len(matches) and matches[position][0] < start:
            position += 1
        while position < len(matches) and matches[position][1] <= end:
            _, _, left_end, right_start = matches[position]
            if not _is_false_break(text, start, left_end, right_start):
                result.append((start, left_end))
                start = right_start
            position += 1
        result.append((start, end))
    return result


def _merge_false_breaks(text: str, pieces: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    """Join pieces that the library split after an abbreviation, inside an initialism, or mid-quote."""
    if len(pieces) < 2:
        return pieces
    merged = [pieces[0]]
    for start, end in pieces[1:]:
        left_start, left_end = merged[-1]
        if _is_false_break(text, left_start, left_end, start) and not _paragraph_between(breaks, left_end, start):
            merged[-1] = (left_start, end)
        else:
            merged.append((start, end))
    return merged


def _paragraph_between(breaks: list[int], left_end: int, right_start: int) -> bool:
    """Whether a paragraph break lies between two pieces."""
    return bisect_right(breaks, right_start) > bisect_right(breaks, left_end)


def _is_false_break(text: str, left_start: int, left_end: int, right_start: int) -> bool:
    """Whether the boundary between two adjacent pieces is not a real sentence end."""
    if left_end == right_start:
        return True  # no space at all: the library cut inside "N.Y." or similar
    first_char = text[right_start : right_start + 1]
    if first_char.islower():
        return True
    if text[left_end - 1] != ".":
        return False
    token = _last_token(text, left_start, left_end)
    if not token:
        return False
    core = token[:-1]
    if len(core) > 1 and core.isalpha():  # a plain word: only titles and number abbreviations matter
        bare = core.lower()
        return bare in TITLES or (first_char.isdigit() and bare in BEFORE_NUMBER)
    word = token.rstrip(".").rsplit(".", 1)[-1].rsplit("-", 1)[-1].lower()
    bare = token.rstrip(".").lower()
    if bare in TITLES or word in TITLES and "." not in token.rstrip("."):
        return True
    if first_char.isdigit():
        return bare in BEFORE_NUMBER or word in BEFORE_NUMBER
    first_word = _first_word(text[right_start : right_start + 40])
    if bare in ("a.m", "p.m"):
        return first_word in TIME_FOLLOWERS
    if INITIALISM.search(token) or SINGLE_INITIAL.search(text, max(left_start, left_end - 3), left_end):
        return bool(first_word) and first_word not in SENTENCE_OPENERS
    return False


def _last_token(text: str, left_start: int, left_end: int) -> str:
    """The run of word characters, dots and hyphens that ends the left piece (within 40 characters)."""
    low = max(left_start, left_end - 40)
    space = text.rfind(" ", low, left_end)
    candidate = text[space + 1 if space >= 0 else low : left_end]
    if candidate[:-1].isalpha():
        return candidate
    match = LAST_TOKEN.search(candidate)
    return match.group(0) if match else ""


def _first_word(head: str) -> str:
    """The first word of a piece, lowercased, skipping opening quotes and brackets."""
    match = FIRST_WORD.match(head)
    return match.group(1).lower() if match else ""
