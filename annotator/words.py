"""Words of a sentence as code-point spans, and a word selection that becomes a claim span or a split point."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

Span = tuple[int, int]

TOKEN = re.compile(r"\S+")
TRAILING = set(".,;:!?…。、，；：！？·‥")  # sentence punctuation a claim span does not need at its end
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»", "「": "」", "『": "』", "（": "）", "\"": "\"", "'": "'"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
NO_SPACE_SCRIPTS = (  # scripts written without spaces between words: one character is one word
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x9FFF),  # CJK radicals, kana, CJK ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions
)


def word_spans(text: str) -> list[Span]:
    """The words of `text` as sorted, disjoint (start, end) offsets covering every non-space character.

    Words are split at white space; punctuation stays with its word. Letters of scripts written without
    spaces (Chinese, Japanese, Thai...) are one word each, their punctuation attached to the one before.
    """
    spans: list[Span] = []
    for token in TOKEN.finditer(text):
        spans.extend(_split_token(text, token.start(), token.end()))
    return spans


def claim_words(text: str) -> list[Span]:
    """The words a claim span is picked by: `word_spans` without a lone mark such as `/`, `-` or `—` between words.

    A selection across such a mark still holds it (it runs from the first word's start to the last word's end),
    but the cursor skips it, so extending by a word reaches a word, and a claim never ends on a mark. A text of
    marks only keeps them, so there is something to pick.
    """
    spans = word_spans(text)
    words = [(start, end) for start, end in spans if any(char.isalnum() for char in text[start:end])]
    return words or spans


def _is_unspaced(char: str) -> bool:
    """A letter of a script that does not put spaces between words."""
    code = ord(char)
    return any(low <= code <= high for low, high in NO_SPACE_SCRIPTS) and unicodedata.category(char)[0] == "L"


def _split_token(text: str, start: int, end: int) -> list[Span]:
    """One white-space token as words: whole, or one per unspaced letter with runs of other letters kept together."""
    if not any(_is_unspaced(char) for char in text[start:end]):
        return [(start, end)]
    pieces: list[list] = []  # [start, end, kind]: kind U unspaced letter, O other letters, P marks only
    for offset in range(start, end):
        kind = _kind(text[offset])
        last = pieces[-1] if pieces else None
        if last is not None and _joins(last[2], kind, text[offset]):
            last[1] = offset + 1
            last[2] = kind if last[2] == "P" else last[2]
        else:
            pieces.append([offset, offset + 1, kind])
    return [(a, b) for a, b, _ in pieces]


def _kind(char: str) -> str:
    """U for a letter of an unspaced script, P for punctuation, symbols and marks, O for other letters and digits."""
    if _is_unspaced(char):
        return "U"
    return "P" if unicodedata.category(char)[0] in "PSM" else "O"


def _joins(last: str, kind: str, char: str) -> bool:
    """Whether a character continues the word before it rather than starting one."""
    if last == "P":
        return True  # an opening mark starts the word that follows it
    if kind == "P":
        return unicodedata.category(char) not in ("Ps", "Pi")  # closing marks stay behind, opening ones go ahead
    return kind == "O" and last == "O"


@dataclass(frozen=True, slots=True)
class WordSelection:
    """A run of words by index: `anchor` stays put while extending, `cursor` moves."""

    anchor: int
    cursor: int

    @property
    def first(self) -> int:
        return min(self.anchor, self.cursor)

    @property
    def last(self) -> int:
        return max(self.anchor, self.cursor)

    def moved(self, step: int, count: int) -> WordSelection:
        """One word `step` words away (clamped), the selection collapsed onto it."""
        index = _clamp(self.cursor + step, count)
        return WordSelection(index, index)

    def extended(self, step: int, count: int) -> WordSelection:
        """The cursor end moved `step` words (clamped), the anchor kept."""
        return WordSelection(self.anchor, _clamp(self.cursor + step, count))

    def to(self, index: int, count: int, extend: bool = False) -> WordSelection:
        """The cursor on word `index` (clamped): collapsed there, or extended to it."""
        index = _clamp(index, count)
        return WordSelection(self.anchor if extend else index, index)


def _clamp(index: int, count: int) -> int:
    return max(0, min(index, count - 1))


def selection_covering(spans: list[Span], span: Span | None) -> WordSelection:
    """The words overlapping a span (the first word when None or when nothing overlaps)."""
    if span is None or not spans:
        return WordSelection(0, 0)
    start, end = span
    inside = [i for i, (a, b) in enumerate(spans) if a < end and b > start] or \
             [min(range(len(spans)), key=lambda i: abs(spans[i][0] - start))]
    return WordSelection(inside[0], inside[-1])


def selection_offsets(text: str, spans: list[Span], selection: WordSelection) -> Span:
    """The selected words as (start, end) offsets, trimmed of end punctuation and unbalanced quotes.

    Trimming stays inside the first and last words, so the span still covers exactly the selected words.
    """
    first, last = spans[selection.first], spans[selection.last]
    start, end = trim_span(text, first[0], last[1])
    return min(start, first[1] - 1), max(end, last[0] + 1)


def trim_span(text: str, start: int, end: int) -> Span:
    """A span without trailing sentence punctuation, nor an opening or closing mark whose pair lies outside."""
    while end - start > 1:
        piece = text[start:end]
        if piece[-1] in TRAILING or piece[-1].isspace():
            end -= 1
        elif piece[0].isspace():
            start += 1
        elif piece[-1] in CLOSERS and CLOSERS[piece[-1]] not in piece[:-1]:
            end -= 1
        elif piece[0] in PAIRS and PAIRS[piece[0]] not in piece[1:]:
            start += 1
        else:
            break
    return start, end


def split_point(spans: list[Span], selection: WordSelection) -> Span | None:
    """A split before the cursor's word, as (offset, offset); None on the first word (nothing before it)."""
    if selection.cursor <= 0 or selection.cursor >= len(spans):
        return None
    offset = spans[selection.cursor][0]
    return offset, offset


def find_word(text: str, spans: list[Span], query: str, start: int, step: int = 1) -> int | None:
    """The first word from word `start` on (backwards when `step` is -1, wrapping round) whose text begins with `query`.

    Case is ignored, and so are the opening marks of a word (`“Tens` is found by `tens`). The query may run on
    past its word (`3 mil` finds `3` before `million`), which also finds a run of characters in unspaced scripts.
    None when no word matches, or the query is only white space.
    """
    wanted = " ".join(query.split()).casefold()
    if not wanted or not spans:
        return None
    for turn in range(len(spans)):
        index = (start + turn * step) % len(spans)
        if _begins(text, spans[index], wanted):
            return index
    return None


def _begins(text: str, span: Span, wanted: str) -> bool:
    """Whether the text from the word's first letter or digit on, white space runs as one space, begins with `wanted`."""
    begin, end = span
    while begin < end - 1 and not text[begin].isalnum():
        begin += 1
    piece = " ".join(text[begin:begin + 2 * len(wanted) + 8].split())
    return piece.casefold().startswith(wanted) or text[span[0]:].casefold().startswith(wanted)
