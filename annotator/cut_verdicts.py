"""Which candidate boundaries start a sentence: most decided together in C, the few others one by one."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import compress, filterfalse, repeat
from operator import attrgetter, methodcaller, not_, sub

from annotator.boundary_rules import (
    BEFORE_NUMBER,
    LIST_MARKER,
    TIME_FOLLOWERS,
    TITLES,
    either_case_trie,
    ellipsis_cut,
    is_false_break,
)

__all__ = ["WHITESPACE", "DOUBLE_QUOTES", "plain_full_stop_reversed", "real_cuts", "walk_cuts"]

LAST_WHITESPACE = 0x3000  # IDEOGRAPHIC SPACE: no later code point is whitespace (a test scans them all)
WHITESPACE = frozenset(char for char in map(chr, range(LAST_WHITESPACE + 1)) if char.isspace())
DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
QUOTES = "".join(DOUBLE_QUOTES)


@cache
def plain_full_stop_reversed() -> re.Pattern:
    """A boundary after a plain word, compiled on first use (commands that never segment do not pay for it).

    Read in the reversed text so that the word, of any length, comes after the full stop: ". Next"
    preceded by two or more letters (no digit, dot or hyphen before them) that are not a title.
    """
    titles = either_case_trie([title[::-1] for title in TITLES if "." not in title])
    return re.compile(r"\.(?<=[A-Z\"“‘(\[] \.)(?!(?:" + titles + r")(?![\w.\-]))[^\W\d_]{2,}(?![\w.\-])")


NEXT = r"[\x21-\x60\x7b-\x7e“‘«]"  # what starts the next sentence: neither a space nor lowercase
TITLE_STOP = "|".join(
    f"(?<= (?:{either_case_trie([title for title in TITLES if len(title) == size and '.' not in title])})\\.)"
    for size in sorted({len(title) for title in TITLES if "." not in title})
)
# What a candidate c is, read from c-2 by one regex in C, the commonest kinds first; each kind but the
# last has the verdict the rules reach one by one, some of them once the sentence has run FAR characters.
KINDS = {
    # An opening quote the cut moves back onto: nothing left before it when the quote starts the sentence.
    "after an opening quote": rf"\s[{QUOTES}]",
    "not a full stop": rf"[^\s.] {NEXT}",  # a question, an exclamation, a closing quote: a sentence
    "after a short number": rf"\.(?:(?<= [0-9]\.)|(?<= [0-9]{{2}}\.)|(?<= [0-9]{{3}}\.)) {NEXT}",  # unless a list
    "after a time": r"\.(?<= [ap]\.m\.) [\"'“‘(\[]{0,20}(?:" + either_case_trie(sorted(TIME_FOLLOWERS)) + r")(?![A-Za-z])",
    # The next word goes on in lowercase (and the cut does not move back onto an opening quote): no sentence.
    "lowercase": rf"(?!\s[{QUOTES}])..\s*[a-z]",
    # The end of a word, then whitespace: if a taken cut lies in it, either verdict leaves the same
    # sentences (unless the word ends in a spaced ellipsis, which can move the cut back).
    "before space": rf"(?![ .]\.)(?!\s[{QUOTES}]).\S\s",
    "after a long number": rf"\.(?:(?<= [0-9]{{4}}\.)|(?<= [0-9]{{5}}\.)|(?<= [0-9]{{6}}\.)) {NEXT}",  # never a list
    "after a title": rf"\.(?:{TITLE_STOP}) {NEXT}",
    "other": "",
}


@cache
def kind_pattern() -> re.Pattern:
    """One regex whose matching group, read from c-2, tells a candidate's kind (its `lastindex`, in KINDS order)."""
    return re.compile("|".join(f"({pattern})" for pattern in KINDS.values()), re.DOTALL)


KIND_NUMBERS = {name: number for number, name in enumerate(KINDS, start=1)}  # what kind_pattern()'s lastindex gives
AFTER_QUOTE, LOWERCASE, BEFORE_SPACE, SHORT_NUMBER, OTHER = (
    KIND_NUMBERS[name] for name in ("after an opening quote", "lowercase", "before space", "after a short number", "other")
)
FAR_VERDICTS = [None] * (len(KINDS) + 1)  # by kind: the verdict once FAR characters into the sentence
for name, verdict in {"not a full stop": True, "after a long number": True, "after a time": False, "after a title": False}.items():
    FAR_VERDICTS[KIND_NUMBERS[name]] = verdict
FAR = 10  # characters the sentence must have run for those verdicts (and the titles and numbers to be whole)
SPACES = re.compile(r"\s+")
OPENING_QUOTE = re.compile(f"[{QUOTES}]")
START = methodcaller("start")
LAST_INDEX = attrgetter("lastindex")


def real_cuts(text: str, library: list[int], breaks: list[int], quotes: list[int]) -> list[int]:
    """The offsets that start a sentence: every paragraph break, and the other candidates the rules accept.

    `library` holds sentencex's cuts in order (inside the text), `breaks` the paragraph starts in
    order, `quotes` the quotations opening after a sentence end. Breaks and plain cuts (most
    boundaries) are taken at once; one regex matched at each other candidate, in C, tells what it is,
    which settles most; only what is left meets the rules in Python, each beside the accepted cut
    before it. Should a rule move a boundary forward past a taken cut (it never has on any text we
    know), the walk is redone in order.
    """
    break_set = set(breaks)
    after_quote = _after_a_quote(text, breaks, quotes)
    rest = list(filterfalse(break_set.__contains__, filterfalse(after_quote.__contains__, library)))
    if quotes:
        rest = _merged(rest, sorted(set(quotes) - break_set))
    plain = list(map(plain_full_stop_reversed().match, repeat(text[::-1]), map(sub, repeat(len(text) + 1), rest)))
    taken = sorted(breaks + list(compress(rest, plain)))
    others = list(compress(rest, map(not_, plain)))
    near_start = bisect_left(others, 2)  # the kinds read two characters back
    kinds = [OTHER] * near_start
    kinds += map(LAST_INDEX, map(kind_pattern().match, repeat(text), map(sub, others[near_start:], repeat(2))))
    keep = list(map(LOWERCASE.__ne__, kinds))
    others, kinds = list(compress(others, keep)), list(compress(kinds, keep))
    if not others:
        return taken
    cuts = _walked_rest(text, taken, others, kinds)
    if cuts is None:
        candidates = sorted(library + breaks + quotes)
        return walk_cuts(text, candidates, break_set, set(compress(rest, plain)))
    return cuts


def _after_a_quote(text: str, breaks: list[int], quotes: list[int]) -> set[int]:
    """The offsets just after an opening double quote that is itself a candidate (a quote opening or a break).

    sentencex, reading the text with double quotes blanked, starts the sentence after the quote; the
    rules move such a cut back onto the quote, where they have just given their verdict, so it adds
    nothing (the quote's own verdict never moves: what follows it is not a capital).
    """
    after = set()
    for cuts in (quotes, breaks):
        marks = "".join(map(text.__getitem__, cuts))
        found = (cuts[index] for index in map(START, OPENING_QUOTE.finditer(marks)))
        after.update(cut + 1 for cut in found if cut > 0 and text[cut - 1].isspace())  # as the rules move cuts
    return after


def _merged(cuts: list[int], more: list[int]) -> list[int]:
    """Two ordered lists of offsets as one, each offset once."""
    bounded = [*cuts, -1]
    more = [cut for cut in more if bounded[bisect_left(cuts, cut)] != cut]
    return sorted(cuts + more) if more else cuts


def _walked_rest(text: str, taken: list[int], others: list[int], kinds: list[int]) -> list[int] | None:
    """The taken cuts and those of the other candidates the rules accept, in order; None if the walk must decide."""
    accepted: list[int] = []
    last = 0
    for cut, kind in zip(others, kinds, strict=True):
        before = bisect_left(taken, cut)
        start = taken[before - 1] if before else 0
        if last > start:
            start = last
        if cut <= start or kind == AFTER_QUOTE and start == cut - 1:
            continue  # an opening quote that starts the sentence leaves nothing before it
        if cut - start >= FAR:
            verdict = FAR_VERDICTS[kind]
            if kind == SHORT_NUMBER and text[start] not in WHITESPACE and not LIST_MARKER.match(text, start):
                verdict = True  # a number's full stop ends the sentence unless the sentence opens a list
            if verdict is not None:
                if verdict:
                    accepted.append(cut)
                    last = cut
                continue
        if kind == BEFORE_SPACE and before < len(taken) and SPACES.fullmatch(text, cut, taken[before]):
            continue
        found = _rule_verdict(text, start, cut)
        if found is not None:
            if before < len(taken) and found >= taken[before]:
                return None
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


def walk_cuts(text: str, candidates: list[int], breaks: set[int], plain_cuts: set[int]) -> list[int]:
    """The candidate offsets that start a sentence, walked in order (the reference for `real_cuts`)."""
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
