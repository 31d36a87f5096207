"""Letters that re.IGNORECASE matches to ASCII ones (ſ, K, ı, İ) reach every table the figure readers look up."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.comparison import compare
from annotator.numbers import find_quantities
from annotator.regex_guard import matched_key
from annotator.time_frames import frame_at

LOOKALIKES = {"s": "\u017f", "k": "\u212a", "i": "\u0131"}
PUBLISHED = date(2024, 3, 8)
SENTENCES = [
    "By last Sunday, about six thousand containers had arrived, officials said in March.",
    "Some 5 million dollars in aid came this week, and dozens of kilometres of road were cleared.",
    "More than 1,200 people were missing since mid-2023, up from several hundred in early 2023.",
]


def _disguised(text: str, letters: str) -> str:
    """The sentence with each of `letters` written as its look-alike."""
    return text.translate(str.maketrans({a: LOOKALIKES[a] for a in letters}))


def test_matched_key_folds_the_lookalikes_re_folds():
    assert matched_key("\u017funday") == "sunday"
    assert matched_key("\u212ailometres") == "kilometres"
    assert matched_key("M\u0130LL\u0131ON") == "million"


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("letters", ["s", "k", "i", "ski"])
def test_disguised_letters_read_without_a_crash(sentence, letters):
    text = _disguised(sentence, letters)
    for quantity in find_quantities(text):
        frame_at(text, quantity.start, PUBLISHED)
    compare(text, PUBLISHED, sentence, PUBLISHED)
    compare(sentence, PUBLISHED, text, PUBLISHED)


@given(st.lists(st.sampled_from(list("sunday thousand million kilometres ") + list(LOOKALIKES.values())
                                 + ["\u0130", "5", " 12 "]), max_size=60).map("".join))
def test_any_mix_of_lookalikes_reads_without_a_crash(text):
    for quantity in find_quantities(text):
        frame_at(text, quantity.start, PUBLISHED)
    compare(text, PUBLISHED, "about 12 thousand kilometres last Sunday", PUBLISHED)
