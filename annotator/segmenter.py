"""Sentence boundaries for the whole product: sentencex plus the corrections news text needs."""

from __future__ import annotations

import gc
import re
from operator import methodcaller
from typing import NamedTuple

from annotator.boundary_rules import LIST_BULLETS, LIST_MARKER, list_item_starts
from annotator.cut_verdicts import DOUBLE_QUOTES, WHITESPACE, real_cuts
from annotator.language import detect_language
from annotator.library_cuts import library_cuts

__all__ = ["Span", "rules_language", "split_sentences"]

START = methodcaller("start")
END = methodcaller("end")
LIST_OPENERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz" + LIST_BULLETS)


class Span(NamedTuple):
    """One sentence: code point offsets into the original text, end exclusive (a tuple: cheap to make by the million)."""

    index: int
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        """The JSON-lines shape printed by `annotator split`."""
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


# A line break, unless the next line goes on in ASCII lowercase (other lowercase letters are checked one by one).
LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)(?![ \t]*[a-z])")
NEWLINE = re.compile(r"\n(?![ \t]*[a-z])")  # the same, quicker to scan for when the text has no CR
# Line breaks at least BLANK_RUN_SPLIT characters apart with only whitespace between: a paragraph end.
BLANK_RUN_SPLIT = 256
BLANK_RUN_KEPT = 32  # characters of a split-off run left at the end of the stretch before it
BLANK_RUN = re.compile(rf"[\r\n]\s{{{BLANK_RUN_SPLIT - 2},}}[\r\n]")
BLANK_RUN_LF = re.compile(rf"\n\s{{{BLANK_RUN_SPLIT - 2},}}\n")  # the same, far quicker to scan for without CR
# A line break and the whitespace-only lines after it: sentencex ends a paragraph only at "\n\n" (CRs between).
BLANK_LINES = re.compile(r"(?>\r\n|\r|\n)(?:[^\S\r\n]*(?>\r\n|\r|\n))+")  # atomic: one CR LF is one break
BLANK_LINES_LF = re.compile(r"\n(?:[^\S\n]*\n)+")  # the same without CR
LINE_BREAK_CHAR = re.compile(r"[\r\n]")
SPACED_BLANK_LINE = re.compile(r"\n[^\S\n]+\n")  # a blank line sentencex would not see, in text without CR
# An opening quotation after a sentence end: each pattern starts with its quote (a literal is quick to scan for).
QUOTE_OPENINGS = tuple(
    re.compile(rf"{mark}(?:(?<=[.!?]\s{mark})|(?<=[.!?]\s\s{mark})|(?<=[.!?][\"”’)\]]\s{mark}))(?=\S)")
    for mark in ('"', "“", "‘")
)


def split_sentences(text: str, language: str | None = "en") -> list[Span]:
    """Split `text` into sentences whose spans, in order, never overlap and never hold only whitespace.

    `language` (a BCP 47 tag such as "en" or "zh-Hans") chooses sentencex's rules; None detects it from the text.
    """
    if not text:
        return []
    language = rules_language(text, language)
    collecting = gc.isenabled()
    gc.disable()  # millions of small tuples and no cycles: the collector would only rescan them
    try:
        pieces = _between_blank_runs(text)
        if len(pieces) == 1:
            return _spans(text, _cuts(text, language))
        cuts: list[int] = []
        for start, end in pieces:
            if start:
                cuts.append(start)
            cuts.extend(start + cut for cut in _cuts(text[start:end], language))
        return _spans(text, cuts)
    finally:
        if collecting:
            gc.enable()


def _cuts(text: str, language: str) -> list[int]:
    """Offsets where a sentence of `text` may start: the library's, corrected, and every paragraph start."""
    breaks = _hard_breaks(text) if "\n" in text or "\r" in text else []
    library = library_cuts(_without_double_quotes(_blank_lines_emptied(text)), language)
    return real_cuts(text, library, breaks, _quote_cuts(text))


def _between_blank_runs(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` between long runs of blank lines, each segmented on its own.

    A blank line always ends a paragraph, so no sentence crosses one; but the segmenting library
    makes a piece of every empty line, and a megabyte of them cost seconds and hundreds of
    megabytes. Only runs of at least BLANK_RUN_SPLIT characters are split off, so ordinary text,
    whose blank runs are a few lines long, goes through whole. (Two line breaks that far apart are
    never one CR LF.)
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    for run in (BLANK_RUN if "\r" in text else BLANK_RUN_LF).finditer(text):
        pieces.append((start, run.start() + BLANK_RUN_KEPT))  # the library reads how a paragraph ends
        start = run.end()
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


def rules_language(text: str, language: str | None) -> str:
    """The language code whose rules split `text`: the tag's primary subtag, or the detected language."""
    if not language:
        return detect_language(text)
    return language.split("-", 1)[0].lower()


def _blank_lines_emptied(text: str) -> str:
    """The text with every blank line made empty for sentencex, offsets unchanged (its whitespace turned into LFs).

    sentencex starts a paragraph only at an empty line ("\\n\\n"), and some of its verdicts read the
    words since its last sentence end: "a.m." before a capital that opens no sentence ends one unless
    those words only set the scene ("At 9 a.m. Rep. Smith spoke": one sentence). Across a line of
    spaces they reached into the paragraph before: "6.7\\n \\na.m. Rep." gave "a.m." and "Rep.",
    "6.7\\n\\na.m. Rep." one sentence, as did the stretch after a long blank run read alone. The
    rules read the original text.
    """
    text = _last_line_emptied(text)
    if "\r" in text:
        return BLANK_LINES.sub(_as_line_feeds, text)
    if SPACED_BLANK_LINE.search(text) is None:
        return text  # the common case: blank lines, if any, are already empty
    return BLANK_LINES_LF.sub(_as_line_feeds, text)


def _last_line_emptied(text: str) -> str:
    """The text with the whitespace after its last line break turned into LFs, as a blank line is.

    A stretch cut off at a long blank run ends in the run's first characters; read whole, the run
    is a blank line, so the stretch's end must read as one.
    """
    if not text[-1:].isspace():
        return text  # the common case, without copying the text
    reach = 64
    while reach < len(text) and text[-reach:].isspace():
        reach *= 2  # the tail is copied, not the whole text
    tail = text[-reach:]
    end = len(text) - len(tail) + len(tail.rstrip())
    found = LINE_BREAK_CHAR.search(text, end)
    if found is None or text.count("\n", found.start()) == len(text) - found.start():
        return text  # no line break at the end, or LFs only already
    return text[: found.start()] + "\n" * (len(text) - found.start())


def _as_line_feeds(match: re.Match) -> str:
    """As many line feeds as the match has characters."""
    return "\n" * (match.end() - match.start())


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
    pattern = LINE_BREAK if "\r" in text else NEWLINE
    rests = list(map(END, pattern.finditer(text)))
    if rests and rests[-1] == len(text):
        rests.pop()
    if "".join(map(text.__getitem__, rests)).isascii():
        return rests  # the pattern has ruled out ASCII lowercase already
    return [rest for rest in rests if text[rest] < "\x80" or not _goes_on_lowercase(text, rest)]


def _goes_on_lowercase(text: str, rest: int) -> bool:
    """Whether the line that starts at `rest` begins, after spaces and tabs, with a lowercase letter."""
    return text[rest : rest + 80].lstrip(" \t")[:1].islower()


def _quote_cuts(text: str) -> list[int]:
    """Offsets of quotations that open after a sentence end: sentencex keeps `no. "Is it?"` whole."""
    return [cut for pattern in QUOTE_OPENINGS if pattern.pattern[0] in text for cut in map(START, pattern.finditer(text))]


def _spans(text: str, cuts: list[int]) -> list[Span]:
    """The trimmed, non-empty pieces between cuts, with list items run together on one line split apart."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for end in (*cuts, len(text)):
        if (
            start + 1 < end
            and text[start] not in WHITESPACE
            and text[end - 1] == " "
            and text[end - 2] not in WHITESPACE
        ):
            pieces.append((start, end - 1))  # the usual case: one space after the sentence
        elif start < end and (piece := _trim(text, start, end)):
            pieces.append(piece)
        start = end
    if any(text[first] in LIST_OPENERS and LIST_MARKER.match(text, first) for first, _ in pieces):
        pieces = _split_list_items(text, pieces)
    new = tuple.__new__  # Span's own constructor checks its arguments, which these are by construction
    return [new(Span, (index, first, last, text[first:last])) for index, (first, last) in enumerate(pieces)]


def _split_list_items(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces opening with a list marker cut before each later item run together on the same line."""
    result = []
    for first, last in pieces:
        if text[first] in LIST_OPENERS:
            for item_start in list_item_starts(text, first, last):
                item = _trim(text, first, item_start)
                if item:
                    result.append(item)
                first = item_start
        result.append((first, last))
    return result


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
