"""The force a count of people is of, named as the subject that deployed them: "the SDF had deployed 106,200 personnel",
"Canada has sent 300 staff". Its personnel are that force's, not the whole response's nor another force's."""

from __future__ import annotations

import re

from annotator.numbers import Quantity, singular
from annotator.sentence_features import stem
from annotator.text_caches import per_text

# A name (an acronym, or capitalised words not opening the sentence), its auxiliaries, a verb of sending, a hedge, then
# the figure.
SUBJECT = re.compile(r"(?<![.!?]\s)(?<!^)\b((?:[A-Z][\w'’-]*\s+){0,3}(?:[A-Z]{2,}\w*|[A-Z][a-z]+))\s+"
                     r"(?:(?:has|have|had|also|now|already|so far)\s+){0,2}"
                     r"(?:deployed|sent|dispatched|mobili[sz]ed|committed|assigned)\s+"
                     r"(?:(?:about|some|nearly|almost|more than|over|around|approximately|roughly|at least)\s+)?$")
NOT_NAMES = frozenset("the a an and or but in on at by for of to with".split())
SUBJECT_REACH = 80  # characters before a figure


@per_text()
def deploying_force(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems of the name that deployed the people a figure counts ("the SDF had deployed 106,200 personnel" ->
    sdf), or nothing when no name is the subject of a verb of sending right before the figure."""
    start = max(0, quantity.start - SUBJECT_REACH)
    found = SUBJECT.search(text[: quantity.start], start)
    if not found:
        return frozenset()
    words = [w for w in found.group(1).split() if w.lower() not in NOT_NAMES]
    return frozenset(stem(singular(w.lower().strip("'’"))) for w in words)
