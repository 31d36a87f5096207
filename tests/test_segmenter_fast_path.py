"""The segmenter's set-based pass over candidate boundaries gives exactly the cuts of the walk in order it replaced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotator.segmenter as segmenter
from annotator.cut_verdicts import walk_cuts
from bench.corpus import generate_text

PIECES = ["Mr.", "U.S.", ". . .", "...", "a.", "1.", "2)", "I.", "Hello world.Today", "\n", "\n\n", '"Quote."',
          "he said.", "The", "Dr. Smith", "p.m.", "Jan. 5", "e.g.", " ", "  ", "•", "⁃9.", "。", "Yes!", "No?", "x",
          "“It is late.”", "(See above.)", "A", "b. The", "you and I. Did"]


def both(text: str) -> tuple[list, list]:
    fast = segmenter.split_sentences(text, "en")
    original = segmenter.real_cuts
    segmenter.real_cuts = walk_cuts
    try:
        return fast, segmenter.split_sentences(text, "en")
    finally:
        segmenter.real_cuts = original


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join))
def test_the_fast_pass_equals_the_walk_on_hard_cases(text):
    fast, walked = both(text)
    assert fast == walked


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fast_pass_equals_the_walk_on_generated_news(seed):
    fast, walked = both(generate_text(300_000, seed=seed))
    assert fast == walked
