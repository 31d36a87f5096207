"""`first_look`, the shortlist's cheap view of a candidate, finds what `words` finds."""

from __future__ import annotations

import pytest

from annotator import text_caches
from annotator.sentence_features import _TERM_OF, first_look, words

SENTENCES = [
    "Shares of Globex Ltd. jumped 8.14 percent to $356.76 in early trading.",
    "Rescuers pulled 22 individuals from the rubble of Port-au-Prince, officials said.",
    "Le président a déclaré « nous reconstruirons » à Pétion-Ville.",
    "A a a 1 2 3 of the and",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_first_look_is_words_count_and_terms(text):
    _TERM_OF.clear()  # every word unseen: the slow path
    text_caches.clear()
    unseen = first_look(text)
    seen = first_look(text)  # every word remembered now: the fast path
    tokens, counts = words(text)
    assert unseen[0] == seen[0] == len(tokens)
    assert set(unseen[1]) == set(seen[1]) == set(counts)
