"""A count a sentence gives in parts: "Four Chinook helicopters and two Black Hawks" are six helicopters.

Another report gives the whole ("Six Army helicopters based in Afghanistan"): a fact-checker adds the parts up and sees
the two agree; compared one by one, four and two each look like another figure for the helicopters. Only parts of one
kind of thing are added: the second named by a model or type name alone (capitalised: "two Black Hawks", "three
Sea Knights"), which stands for the first's thing. "40 ships and 20 aircraft" are two things, "40 dead and 200
injured" two outcomes; neither is summed. No library reads this (it is a reading of one news idiom), so it is written here.
"""

from __future__ import annotations

import re

from annotator.numbers import Quantity
from annotator.text_caches import per_text

JOINED = re.compile(r"[^.;:!?\d]{1,40}?\s(?:and|plus)\s+$")  # " Chinook helicopters and " between the two parts
NAME_AFTER = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*s\b")  # " Black Hawks", " Chinooks": a type's name


@per_text()
def summed_parts(text: str, counted: tuple[tuple[Quantity, frozenset[str]], ...]) -> tuple[
        tuple[Quantity, frozenset[str], Quantity, Quantity], ...]:
    """For each count given in two parts, the sum (keyed as the first part's thing) and the two parts."""
    sums = []
    for (first, first_keys), (second, _) in zip(counted, counted[1:], strict=False):
        if not _summable(first, first_keys, second) or not JOINED.fullmatch(text, first.end, second.start):
            continue
        if not NAME_AFTER.match(text, second.end) or first.phrase[len(first.text):].strip().istitle():
            continue  # the second must be a type's name, the first a common noun ("Four Chinook helicopters")
        whole = Quantity(first.low + second.low, first.high + second.high, "", first.context, first.start, second.end,
                         text[first.start : second.end], text[first.start : max(second.end, _phrase_end(second))])
        sums.append((whole, first_keys, first, second))
    return tuple(sums)


def _summable(first: Quantity, keys: frozenset[str], second: Quantity) -> bool:
    """Two exact plain counts, the first of a thing that is not people (whose parts are outcomes: dead, injured)."""
    plain = all(not q.unit and not q.is_range and not q.hedge for q in (first, second))
    return plain and bool(keys) and not any(key.startswith("people") for key in keys)


def _phrase_end(quantity: Quantity) -> int:
    """Where the quantity's phrase ends in its text ("two Black Hawks")."""
    return quantity.start + len(quantity.phrase or quantity.text)


def with_sums(text: str, counted: tuple[tuple[Quantity, frozenset[str]], ...]) -> tuple[
        tuple[tuple[Quantity, frozenset[str]], ...], frozenset[int]]:
    """The sentence's counted figures with each count given in parts added as one more figure, and the ids of the
    parts (compared no more on their own: a part is no rival of the whole)."""
    sums = summed_parts(text, counted)
    if not sums:
        return counted, frozenset()
    return counted + tuple((whole, keys) for whole, keys, _, _ in sums), frozenset(
        id(part) for _, _, first, second in sums for part in (first, second))
