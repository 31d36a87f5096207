"""Which candidate boundaries start a sentence: most decided together in C, the few others one by one."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, repeat
from operator import add, sub

from annotator.boundary_rules import (
    BEFORE_NUMBER,
    TIME_FOLLOWERS,
    TITLES,
    either_case_trie,
    ellipsis_cut,
    is_false_break,
)

__all__ = ["WHITESPACE", "DOUBLE_QUOTES", "real_cuts", "walk_cuts"]

WHITESPACE = frozenset(chr(code) for code in range(0x110000) if chr(code).isspace())
DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
QUOTES = "".join(DOUBLE_QUOTES)
# What a regex reads at a candidate c, matched from c-2; each gives the verdict the rules reach one by one.
# The next word goes on in lowercase (and the cut does not move back onto an opening quote): never a sentence.
GOES_ON_LOWERCASE = re.compile(rf"(?s)(?!\s[{QUOTES}])..\s*[a-z]")
# Right after a taken cut, only whitespace or a quote moved back onto: the piece before would be empty.
EMPTY_AFTER_CUT = re.compile(rf"(?s).\s|\s[{QUOTES}]")
# The end of a word, then whitespace up to a taken cut: either verdict leaves the same sentences
# (unless the word ends in a spaced ellipsis, which can move the cut back).
SPACE_BEFORE_CUT = re.compile(rf"(?s)(?![ .]\.).[^\s{QUOTES}]\s+")
# Not a full stop, one space, then neither a space nor lowercase: a sentence, once it is 9 characters long.
NOT_FULL_STOP = re.compile(r"[^\s.] [\x21-\x60\x7b-\x7e“‘«]")
# A title's full stop, one space, then neither a space nor lowercase (matched from c-9): "in Ft. Worth".
AFTER_TITLE = re.compile(
    r" (?:" + either_case_trie([t for t in TITLES if "." not in t]) + r")\. [\x21-\x60\x7b-\x7e“‘«]\Z"
)
# "a.m. ET", "p.m. Tuesday" (matched from c-6): the time goes on.
TIME_GOES_ON = re.compile(
    r" [ap]\.m\. [\"'“‘(\[]{0,20}(?:" + either_case_trie(sorted(TIME_FOLLOWERS)) + r")(?![A-Za-z])"
)
FAR = 10  # how far the sentence must start before the candidate for the verdicts above that need it


def real_cuts(text: str, candidates: list[int], breaks: set[int], plain_cuts: set[int]) -> list[int]:
    """The candidate offsets that start a sentence: every paragraph break, and the rest the rules accept.

    Breaks and plain cuts (most boundaries) are taken with set operations; regexes matched at the
    other candidates, all in C, decide most of the rest; only what is left meets the rules in Python,
    each beside the accepted cut before it. Should a rule move a boundary forward past a taken cut
    (it never has on any text we know), the walk is redone in order.
    """
    given = set(candidates)
    taken_set = given & (breaks | plain_cuts)
    taken_set.discard(0)
    others = given - breaks - plain_cuts
    if not others:
        return sorted(taken_set)
    taken = sorted(taken_set)
    others.difference_update(_never_cuts(text, sorted(others), taken_set, taken))
    others_in_order = sorted(others)
    far = others_in_order[bisect_left(others_in_order, FAR) :]
    far_accepts = set(_matching(NOT_FULL_STOP, text, far, 2))
    far_rejects = set(_matching(TIME_GOES_ON, text, far, 6))
    far_rejects.update(_searching(AFTER_TITLE, text, far, 9))
    accepted: list[int] = []
    last = 0
    for cut in others_in_order:
        before = bisect_left(taken, cut)
        start = taken[before - 1] if before else 0
        if last > start:
            start = last
        if cut <= start:
            continue
        if cut - start >= FAR:
            if cut in far_accepts:
                accepted.append(cut)
                last = cut
                continue
            if cut in far_rejects:
                continue
        found = _rule_verdict(text, start, cut)
        if found is not None:
            if before < len(taken) and found >= taken[before]:
                return walk_cuts(text, candidates, breaks, plain_cuts)
            accepted.append(found)
            last = found
    return sorted(taken + accepted)


def _never_cuts(text: str, others: list[int], taken_set: set[int], taken: list[int]) -> set[int]:
    """Candidates whose verdict leaves no sentence start there, whatever the cut before them."""
    usable = others[bisect_left(others, 2) :]  # the patterns read two characters back
    never = set(_matching(GOES_ON_LOWERCASE, text, usable, 2))
    after_cut = [cut for cut in usable if cut - 1 in taken_set]
    never.update(_matching(EMPTY_AFTER_CUT, text, after_cut, 2))
    bound = [*taken, len(text) + 1]
    matches = list(map(SPACE_BEFORE_CUT.match, repeat(text), map(sub, usable, repeat(2))))
    for cut, match in zip(compress(usable, matches), filter(None, matches), strict=True):
        if bound[bisect_right(taken, cut)] <= match.end():
            never.add(cut)  # the next taken cut is in the whitespace after this one
    return never


def _matching(pattern: re.Pattern[str], text: str, cuts: list[int], back: int) -> list[int]:
    """The cuts at which `pattern` matches, read from `back` characters before each (and `back` <= each cut)."""
    starts = map(sub, cuts, repeat(back))
    return list(compress(cuts, map(pattern.match, repeat(text), starts)))


def _searching(pattern: re.Pattern[str], text: str, cuts: list[int], back: int) -> list[int]:
    """The cuts where `pattern` is found from `back` characters before each to just after it (`back` <= each cut)."""
    found = map(pattern.search, repeat(text), map(sub, cuts, repeat(back)), map(add, cuts, repeat(1)))
    return list(compress(cuts, found))


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
