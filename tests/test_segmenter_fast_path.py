"""The segmenter's bulk pass over candidate boundaries gives exactly the cuts of the walk in order it replaced."""

from __future__ import annotations

import pytest
from examples_budget import examples
from hypothesis import given
from hypothesis import strategies as st
from test_segmenter_equals_before import hard_texts

import annotator.segmenter as segmenter
from annotator.cut_verdicts import plain_full_stop_reversed, real_cuts, walk_cuts
from bench.corpus import generate_text

PIECES = ["Mr.", "U.S.", ". . .", "...", "a.", "1.", "2)", "I.", "Hello world.Today", "\n", "\n\n", '"Quote."',
          "he said.", "The", "Dr. Smith", "p.m.", "Jan. 5", "e.g.", " ", "  ", "•", "⁃9.", "。", "Yes!", "No?", "x",
          "“It is late.”", "(See above.)", "A", "b. The", "you and I. Did"]


def walked(text: str, library: list[int], breaks: list[int], quotes: list[int]) -> list[int]:
    """The walk in order, with plain cuts found by scanning the whole reversed text, as before."""
    plain = {len(text) + 1 - match.start() for match in plain_full_stop_reversed().finditer(text[::-1])}
    return walk_cuts(text, sorted(library + breaks + quotes), set(breaks), plain)


def equal_to_the_walk(text: str, candidates: list[int], breaks: set[int]) -> None:
    """Bulk and walked verdicts give the same sentences for these candidates, `breaks` among them."""
    library = sorted(set(candidates) - set(sorted(breaks)[::2]))  # sentencex finds most breaks too
    quotes = candidates[::5]  # some offsets given twice over, as sentencex and the quote rule can
    fast = segmenter._spans(text, real_cuts(text, library, sorted(breaks), quotes))
    assert fast == segmenter._spans(text, walked(text, library, sorted(breaks), quotes))


def both(text: str) -> tuple[list, list]:
    fast = segmenter.split_sentences(text, "en")
    original = segmenter.real_cuts
    segmenter.real_cuts = walked
    try:
        return fast, segmenter.split_sentences(text, "en")
    finally:
        segmenter.real_cuts = original


@examples(300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join))
def test_the_fast_pass_equals_the_walk_on_hard_cases(text):
    fast, walked_spans = both(text)
    assert fast == walked_spans


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fast_pass_equals_the_walk_on_generated_news(seed):
    fast, walked_spans = both(generate_text(300_000, seed=seed))
    assert fast == walked_spans


@st.composite
def text_and_candidates(draw):
    """A hard-case text with any candidates at all (not only sentencex's), some of them breaks."""
    text = draw(hard_texts)
    positions = st.integers(1, max(1, len(text) - 1))
    candidates = sorted(draw(st.lists(positions, max_size=len(text)))) if len(text) > 1 else []
    breaks = set(draw(st.lists(st.sampled_from(candidates), max_size=len(candidates) // 3))) if candidates else set()
    return text, candidates, breaks


@examples(400, deadline=None)
@given(text_and_candidates())
def test_the_bulk_verdicts_equal_the_walk_for_any_candidates(case):
    equal_to_the_walk(*case)


@examples(300, deadline=None)
@given(hard_texts, st.integers(0, 5))
def test_the_bulk_verdicts_equal_the_walk_with_a_candidate_at_every_offset(text, step):
    candidates = list(range(1, len(text), step + 1))
    equal_to_the_walk(text, candidates, set(candidates[::7]))


@pytest.mark.parametrize("text", ["He left. 12) The end.", "He left. a) The end.", "He left.  … The end.",
                                  "He left. Messrs. The end.", "Go. 16. The end.", "1. Taxes rose 4. The end.",
                                  "He left. • 123.) The end.", "He left.\n • 123.) The end.", "Go. Ft. The end."])
def test_the_bulk_verdicts_equal_the_walk_just_after_a_sentence_start(text):
    after_first = text.index(".") + 2
    candidates = [after_first, *range(text.index("The") - 1, len(text))]
    equal_to_the_walk(text, candidates, {after_first} if text[after_first - 1] == "\n" else set())


def test_whitespace_holds_every_code_point_python_calls_whitespace():
    """WHITESPACE scans only up to LAST_WHITESPACE (cheap at import); no code point past it is whitespace."""
    from annotator.cut_verdicts import WHITESPACE

    assert WHITESPACE == frozenset(chr(code) for code in range(0x110000) if chr(code).isspace())
