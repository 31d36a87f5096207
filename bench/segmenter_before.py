"""The segmenter as it was before the bulk pass (commit a4c9ab9), frozen: the reference its successor must equal."""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from typing import NamedTuple

import sentencex

from annotator.boundary_rules import (
    BEFORE_NUMBER,
    LIST_BULLETS,
    LIST_MARKER,
    TITLES,
    ellipsis_cut,
    is_false_break,
    list_item_starts,
)
from annotator.language import detect_language

__all__ = ["Span", "rules_language", "split_sentences"]

WHITESPACE = frozenset(chr(code) for code in range(0x110000) if chr(code).isspace())
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


DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
# A line break, unless the next line goes on in ASCII lowercase (other lowercase letters are checked one by one).
LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)(?![ \t]*[a-z])")
NEWLINE = re.compile(r"\n(?![ \t]*[a-z])")  # the same, quicker to scan for when the text has no CR
# An opening quotation after a sentence end: each pattern starts with its quote (a literal is quick to scan for).
QUOTE_OPENINGS = tuple(
    re.compile(rf"{mark}(?:(?<=[.!?]\s{mark})|(?<=[.!?]\s\s{mark})|(?<=[.!?][\"”’)\]]\s{mark}))(?=\S)")
    for mark in ('"', "“", "‘")
)


def _either_case_trie(words: list[str]) -> str:
    """A regex matching any of `words` in either case, branching on one letter at a time (quick to rule out)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(groups.items()):
        letter = f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(letter)
        else:
            branches.append(f"{letter}(?:{_either_case_trie(longer)})" + ("?" if "" in rests else ""))
    return "|".join(branches)


# A boundary after a plain word, read in the reversed text so that the word, of any length, comes after the
# full stop: ". Next" preceded by two or more letters (no digit, dot or hyphen before them) that are not a title.
PLAIN_FULL_STOP_REVERSED = re.compile(
    r"\.(?<=[A-Z\"“‘(\[] \.)(?!(?:"
    + _either_case_trie([title[::-1] for title in TITLES if "." not in title])
    + r")(?![\w.\-]))[^\W\d_]{2,}(?![\w.\-])"
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
        breaks = _hard_breaks(text) if "\n" in text or "\r" in text else []
        candidates = _library_cuts(text, language)
        extra = _quote_cuts(text)
        if breaks or extra:
            candidates = candidates + breaks + extra
            candidates.sort()  # three sorted runs: a linear merge; repeated offsets are skipped as empty pieces
        return _spans(text, _real_cuts(text, candidates, set(breaks), _plain_cuts(text)))
    finally:
        if collecting:
            gc.enable()


def rules_language(text: str, language: str | None) -> str:
    """The language code whose rules split `text`: the tag's primary subtag, or the detected language."""
    if not language:
        return detect_language(text)
    return language.split("-", 1)[0].lower()


def _library_cuts(text: str, language: str) -> list[int]:
    """Offsets where sentencex starts a new sentence (on the text with double quotes blanked)."""
    boundaries = sentencex.get_sentence_boundaries(language, _without_double_quotes(text))
    length = len(text)
    return [end for boundary in boundaries if 0 < (end := boundary["end_index"]) < length]


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
    length = len(text)
    rests = [match.end() for match in pattern.finditer(text)]
    return [rest for rest in rests if rest < length and (text[rest] < "\x80" or not _goes_on_lowercase(text, rest))]


def _goes_on_lowercase(text: str, rest: int) -> bool:
    """Whether the line that starts at `rest` begins, after spaces and tabs, with a lowercase letter."""
    return text[rest : rest + 80].lstrip(" \t")[:1].islower()


def _quote_cuts(text: str) -> list[int]:
    """Offsets of quotations that open after a sentence end: sentencex keeps `no. "Is it?"` whole."""
    return [
        match.start() for pattern in QUOTE_OPENINGS if pattern.pattern[0] in text for match in pattern.finditer(text)
    ]


def _plain_cuts(text: str) -> set[int]:
    """Offsets that start a sentence after a plain word's full stop and one space: most boundaries, found in one scan.

    `_plain_boundary` gives these the same verdict, one at a time; this finds them all in C.
    """
    last = len(text) + 1
    return {last - match.start() for match in PLAIN_FULL_STOP_REVERSED.finditer(text[::-1])}


def _real_cuts(text: str, candidates: list[int], breaks: set[int], plain_cuts: set[int]) -> list[int]:
    """The candidate offsets that start a sentence: every paragraph break, and the rest the rules accept.

    Breaks and plain cuts (most boundaries) are taken with set operations, in C; only the other
    candidates meet the rules in Python, each beside the accepted cut before it. Should a rule move
    a boundary forward past a taken cut (it never has on any text we know), the walk is redone in order.
    """
    given = set(candidates)
    taken = sorted(cut for cut in given & (breaks | plain_cuts) if cut > 0)
    others = sorted(given - breaks - plain_cuts)
    if not others:
        return taken
    accepted: list[int] = []
    last = 0
    for cut in others:
        before = bisect_left(taken, cut)
        start = max(taken[before - 1] if before else 0, last)
        if cut <= start:
            continue
        found = _rule_verdict(text, start, cut)
        if found is not None:
            if before < len(taken) and found >= taken[before]:
                return _walk_cuts(text, candidates, breaks, plain_cuts)
            accepted.append(found)
            last = found
    return sorted(taken + accepted)


def _rule_verdict(text: str, start: int, cut: int) -> int | None:
    """Where a candidate that is neither a break nor a plain cut starts a sentence, given the cut before it; or None."""
    length = len(text)
    if cut > start + 1 and text[cut - 1] == " " and text[cut] not in WHITESPACE and text[cut - 2] not in WHITESPACE:
        left_end, right_start = cut - 1, cut
    else:
        if text[cut - 1] in DOUBLE_QUOTES and text[cut - 2].isspace():
            cut -= 1
        left_end, right_start = _around(text, start, cut)
        if left_end <= start or right_start >= length:
            return None
    plain = _plain_boundary(text, start, left_end, right_start)
    if plain is None:
        return _ruled_cut(text, start, left_end, right_start, cut)
    return cut if plain else None


def _walk_cuts(text: str, candidates: list[int], breaks: set[int], plain_cuts: set[int]) -> list[int]:
    """The candidate offsets that start a sentence, walked in order (the reference for `_real_cuts`)."""
    cuts: list[int] = []
    start = 0
    length = len(text)
    for cut in candidates:
        if cut <= start:
            continue  # a paragraph break sentencex found too
        if cut in breaks or cut in plain_cuts:
            cuts.append(cut)
            start = cut
            continue
        if cut > start + 1 and text[cut - 1] == " " and text[cut] not in WHITESPACE and text[cut - 2] not in WHITESPACE:
            left_end, right_start = cut - 1, cut  # the usual case: one space between the sentences
        else:
            if text[cut - 1] in DOUBLE_QUOTES and text[cut - 2].isspace():
                cut -= 1  # sentencex saw a blanked opening quote as whitespace: it opens the next sentence
            left_end, right_start = _around(text, start, cut)
            if left_end <= start or right_start >= length:
                continue
        plain = _plain_boundary(text, start, left_end, right_start)
        if plain is None:
            ruled = _ruled_cut(text, start, left_end, right_start, cut)
            if ruled is not None:
                cuts.append(ruled)
                start = ruled
        elif plain:
            cuts.append(cut)
            start = cut
    return cuts


def _around(text: str, start: int, cut: int) -> tuple[int, int]:
    """The end of the text before a cut and the start of the text after it, whitespace skipped."""
    left_end, right_start, length = cut, cut, len(text)
    while left_end > start and text[left_end - 1].isspace():
        left_end -= 1
    while right_start < length and text[right_start].isspace():
        right_start += 1
    return left_end, right_start


def _plain_boundary(text: str, start: int, left_end: int, right_start: int) -> bool | None:
    """The verdict on a boundary after a plain word, the case of almost every boundary; None when rules must decide.

    The same verdict `is_false_break` gives, reached without its general checks.
    """
    first = text[right_start]
    if first.islower():
        return False
    if left_end - start <= 8 or left_end == right_start:
        return None
    if text[left_end - 1] != ".":
        return True
    space = text.rfind(" ", max(start, left_end - 40), left_end)
    core = text[space + 1 : left_end - 1]
    if space < 0 or len(core) < 2 or not core.isalpha():
        return None
    bare = core.lower()
    return not (bare in TITLES or first.isdigit() and bare in BEFORE_NUMBER)


def _ruled_cut(text: str, start: int, left_end: int, right_start: int, cut: int) -> int | None:
    """Where the full rules put the boundary: `cut`, the offset a spaced ellipsis moves it to, or None (no boundary)."""
    if text[left_end - 1] == "." and text[left_end - 2] in " .":
        moved = ellipsis_cut(text, start, left_end, text[right_start])
        if moved is not None:
            return moved if moved > start else None
    return None if is_false_break(text, start, left_end, right_start) else cut


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
