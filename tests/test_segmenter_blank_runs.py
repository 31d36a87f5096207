"""Long runs of blank lines: each stretch between them is segmented on its own, with the same sentences."""

from __future__ import annotations

import subprocess
import sys

import pytest
from examples_budget import examples
from hypothesis import example, given
from hypothesis import strategies as st
from test_segmenter_properties import NEWS_TOKENS

from annotator import segmenter
from annotator.segmenter import BLANK_RUN_KEPT, BLANK_RUN_SPLIT, split_sentences

LINE_BREAKS = st.sampled_from(["\n", "\r\n", "\r"])
FILLER = st.text(alphabet=" \t\n\r\u00a0\u2028\x0b\x0c", max_size=40)


@st.composite
def blank_runs(draw) -> str:
    """A run of whitespace holding at least two line breaks and at least BLANK_RUN_SPLIT characters."""
    first, last = draw(LINE_BREAKS), draw(LINE_BREAKS)
    middle = (
        draw(FILLER)
        + " " * draw(st.sampled_from([BLANK_RUN_SPLIT, BLANK_RUN_SPLIT + 1, 2 * BLANK_RUN_SPLIT]))
        + draw(FILLER)
    )
    return first + middle + last


# Without quotation marks: the library pairs a quote with one a whole blank run later and then ends no
# sentence between them, which is the very swallowing a blank line should stop (see the test below).
PAIRED = {'"', "“", "”", "'", "‘", "’", "(", ")", "(D-N.Y.)"}
stretch = st.lists(st.sampled_from([token for token in NEWS_TOKENS if token not in PAIRED]), max_size=40).map("".join)
texts_with_runs = st.lists(st.one_of(stretch, blank_runs()), min_size=1, max_size=8).map("".join)


def whole(text: str) -> list[segmenter.Span]:
    """The sentences as the whole text in one piece gives them (the path ordinary text takes)."""
    return segmenter._spans(text, segmenter._cuts(text, "en")) if text else []


@given(texts_with_runs)
@examples(300)
@example("Mr.\n" + " " * 300 + "\nSmith left. He said so." + "\n" * 300)
@example("\n" * 300 + "He met Dr.\n\n" + "\t" * 300 + "\r\nlower case goes on. “Quote” she said.")
def test_split_at_blank_runs_gives_the_whole_texts_sentences(text: str) -> None:
    assert split_sentences(text, "en") == whole(text)


any_stretch = st.lists(st.sampled_from(NEWS_TOKENS), max_size=30).map("".join)


@given(any_stretch, blank_runs(), any_stretch)
@examples(200)
@example("D-Calif.' Rep.", "\n" + " " * 256 + "\n", "'")
def test_what_follows_a_blank_run_never_changes_the_sentences_before_it(before: str, run: str, after: str) -> None:
    """Quotes included: a quotation left open is not paired with one past a long blank run."""
    alone = split_sentences(before + run[:BLANK_RUN_KEPT], "en")
    assert split_sentences(before + run + after, "en")[: len(alone)] == alone


def test_short_blank_runs_go_through_whole() -> None:
    text = "One.\n" + "\n" * (BLANK_RUN_SPLIT - 3) + "Two."
    assert segmenter._between_blank_runs(text) == [(0, len(text))]


def test_a_megabyte_of_blank_lines_is_quick_and_small() -> None:
    """Before: 5.9 s and 450 MB of memory for one megabyte of empty lines; the library made a piece of each."""
    code = (
        "import resource, time\n"
        "from annotator.segmenter import split_sentences\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "spans = split_sentences('Hello there.\\n' + '\\n' * 1_000_000 + 'Bye now.')\n"
        "assert [span.text for span in spans] == ['Hello there.', 'Bye now.'], spans\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert int(done.stdout) < 100 * 1024, f"{int(done.stdout) // 1024} MB more to segment a megabyte of blank lines"


def test_a_time_before_a_title_after_a_blank_run() -> None:
    """Found by Hypothesis: read whole, sentencex judged "a.m. Rep." by the "6.7" a line of spaces before it."""
    text = "6.7\n" + " " * 256 + "\na.m. Rep."
    assert split_sentences(text, "en") == whole(text)
    assert [span.text for span in whole(text)] == ["6.7", "a.m. Rep."]  # as after an empty line


@pytest.mark.parametrize("blank", ["\n \n", "\n\t\n", "\r\n \r\n", "\r \r", "\n\u00a0\n\n", "\n\n"])
def test_a_blank_line_of_spaces_ends_the_librarys_sentence_too(blank: str) -> None:
    """"9 a.m. Rep. Smith" goes on (a time that opens a sentence), whatever the line before ended with."""
    text = f"The count was 6.7{blank}9 a.m. Rep. Smith spoke."
    assert [span.text for span in split_sentences(text, "en")] == ["The count was 6.7", "9 a.m. Rep. Smith spoke."]


def test_a_time_that_ends_a_sentence_still_ends_it_after_a_blank_line_of_spaces() -> None:
    text = "Vote 6.7\n \nThe hearing began at 9 a.m. Rep. Smith spoke."
    assert [span.text for span in split_sentences(text, "en")] == [
        "Vote 6.7", "The hearing began at 9 a.m.", "Rep. Smith spoke."
    ]


def test_one_cr_lf_is_one_line_break_not_a_blank_line() -> None:
    assert segmenter._blank_lines_emptied("a\r\nb\r\n \r\nc") == "a\r\nb\n\n\n\n\nc"


def test_the_last_line_of_spaces_reads_as_a_blank_line() -> None:
    assert segmenter._blank_lines_emptied('U.S. "\n  \t') == 'U.S. "\n\n\n\n'
    assert segmenter._blank_lines_emptied("U.S.  ") == "U.S.  "
