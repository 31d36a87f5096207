"""The bulk segmenter gives exactly the sentences of the one before it (bench/segmenter_before.py, frozen)."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
import sentencex
from examples_budget import examples
from hypothesis import given
from hypothesis import strategies as st

from annotator.library_cuts import library_cuts, piece_ends
from annotator.segmenter import _blank_lines_emptied, _without_double_quotes, split_sentences
from bench import gold, golden_rules
from bench import segmenter_before as before
from bench.corpus import generate_text
from bench.segmentation import real_news

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Pieces that reach every kind of candidate and its edges: titles, times, numbers, quotes after a cut,
# whitespace before a break, spaced ellipses, lists, and candidates a few characters into a sentence.
PIECES = ["Mr.", "Ft.", "MESSRS.", "St.", "U.S.", ". . .", "...", ". . . .", "a.", "1.", "2)", "16.", "I.", "\n \n", "\r \r",
          "Hello world.Today", "\n", "\n\n", "\r\n", "\n\n\n\n", '"Quote."', "he said.", "The", "ET", "Tuesday",
          "Dr. Smith", "a.m.", "p.m.", "(ET", "Jan. 5", "e.g.", " ", "  ", "\t", "\u00a0", "•", "⁃9.", "。", "Yes!",
          "No?", "x", "“It is late.”", "‘So", "«Non»", "(See above.)", "A", "b. The", "you and I. Did", "asked",
          '?"', '."', '"', "“", "”", "Why", "é", "Élan", "$5", "ab.Cd.", "compounds. . . . The"]
WORDS = ["the", "vote", "he", "said", "it", "was", "rose", "to", "Smith", "x", "1"]
ENDINGS = ["…", "1)", "a)", "16.", "1996.", "123456.", "1234567.", "$365.", "4.", "Ft.", "ft.", "Messrs.", "lt.gov.", "a.m.", "p.m.",
           "A.M.", "said.", "x.", "it?", "it!", 'it?"', 'it."', "it.”", "it.)", "U.S.", "I.", "J.", ". . .", "it. . . .",
           "it...", "1.", "b.", "•", "it", "Jan.", "No."]
GLUES = [" ", " ", " ", "  ", "\n", "\n\n", "", " \n", "\t", '" ', ' "', " “", "\u00a0", "\r\n"]
STARTS = ["The", "ET", "Tuesday", '"How', "“So", "(ET", "16", "asked", "x", "I", "Élan", "é", "$5", "1.", "2.", "b.",
          "...", ". . .", '"', "\n", "Why", "a.m."]
clause = st.tuples(
    st.lists(st.sampled_from(WORDS), max_size=6), st.sampled_from(ENDINGS), st.sampled_from(GLUES), st.sampled_from(STARTS)
).map(lambda parts: " ".join([*parts[0], parts[1]]) + parts[2] + parts[3])
hard_texts = st.one_of(
    st.lists(clause, min_size=1, max_size=12).map(" ".join),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=50).flatmap(
        lambda pieces: st.sampled_from([" ", "", "\n"]).map(lambda glue: glue.join(pieces))
    ),
)


PREFIXES = ["", "The vote was "]  # a sentence that starts at the ending, and one far enough before it
MORE_PREFIXES = ["x ", "1. Taxes rose ", "He left. ", "a) "]


def same(text: str) -> None:
    """The new segmenter's spans equal the old one's for `text`, once blank lines of spaces are empty.

    The one change since: sentencex reads a line of spaces as the empty line it looks like (both
    read the same text once it is; the spans' texts are the original's).
    """
    emptied = _blank_lines_emptied(text)
    expected = before.split_sentences(emptied)
    if emptied != text:
        expected = [(span.index, span.start, span.end, text[span.start : span.end]) for span in expected]
    assert split_sentences(text) == expected


def test_a_line_of_spaces_is_the_one_change_since() -> None:
    text = "The count was 6.7\n \n9 a.m. Rep. Smith spoke."
    same(text)
    assert [span.text for span in before.split_sentences(text)] == ["The count was 6.7", "9 a.m.", "Rep. Smith spoke."]


@examples(400, deadline=None)
@given(hard_texts)
def test_the_same_sentences_on_hard_cases(text):
    same(text)


@pytest.mark.parametrize("prefix", PREFIXES + [pytest.param(prefix, marks=pytest.mark.slow) for prefix in MORE_PREFIXES])
def test_the_same_sentences_for_every_ending_glue_and_start(prefix):
    for ending, glue, start in product(ENDINGS, GLUES, STARTS):
        same(f"{prefix}{ending}{glue}{start} went on.")


@pytest.mark.parametrize("seed", [1, 3])
def test_the_same_sentences_on_generated_news(seed):
    same(generate_text(400_000, seed=seed))


def test_the_same_sentences_on_gum_news_seeds_and_golden_rules():
    for separator in ("\n", " "):
        for document in gold.load_documents(paragraph_separator=separator):
            same(document.text)
    for path in sorted(SEEDS.glob("*.txt")):
        same(path.read_text(encoding="utf-8"))
    for rule in golden_rules.load_rules():
        same(rule.text)
    same(real_news(300_000))


@pytest.mark.slow
def test_the_same_sentences_on_the_benchmark_corpora():
    same(generate_text(20_000_000, seed=1))
    same(real_news(2_000_000))


def test_sentencex_pieces_placed_in_the_text_give_its_own_offsets():
    text = _without_double_quotes(generate_text(300_000, seed=2))  # long enough for it to leave separators out
    ends = [boundary["end_index"] for boundary in sentencex.get_sentence_boundaries("en", text)]
    assert library_cuts(text, "en") == [end for end in ends if 0 < end < len(text)]
    assert len("".join(sentencex.segment("en", text))) < len(text), "no separator left out: the search went untested"


def test_a_left_out_separator_is_found_and_an_unsure_place_gives_none():
    text = "One. Two.\n\nThree. Four.\n\n\n\nFive."
    assert piece_ends(text, ["One. ", "Two.", "\n\n", "Three. ", "Four.", "\n\n", "\n\n", "Five."]) == [
        5, 9, 11, 18, 23, 25, 27, 32]
    assert piece_ends(text, ["One. ", "Two.", "Three. ", "Four.", "\n\n", "\n\n", "Five."]) == [5, 9, 18, 23, 25, 27, 32]
    assert piece_ends(text, ["One. ", "Two.", "\n\n", "Three. ", "Four.", "\n\n", "Five."]) is None  # which \n\n?
    assert piece_ends(text, ["One. ", "Two.", "\n\n", "Three. ", "Five."]) is None  # a lost word, not whitespace
