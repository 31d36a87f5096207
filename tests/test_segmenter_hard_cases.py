"""The classic hard cases: list items on one line, the pronoun I, spaced ellipses, no space after a full stop."""

from __future__ import annotations

import pytest

from annotator.segmenter import split_sentences


def sentences(text: str) -> list[str]:
    """The sentence texts of `text`, checking each span against the text on the way."""
    spans = split_sentences(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Raise taxes 2. Cut spending 3. Repeat", ["1. Raise taxes", "2. Cut spending", "3. Repeat"]),
        ("1. Raise taxes. 2. Cut spending.", ["1. Raise taxes.", "2. Cut spending."]),
        ("7) Fewer police 8) More courts", ["7) Fewer police", "8) More courts"]),
        ("1.) Open the file 2.) Read it", ["1.) Open the file", "2.) Read it"]),
        ("a. Budget vote b. Pension reform c. Roads", ["a. Budget vote", "b. Pension reform", "c. Roads"]),
        ("• 4. Housing • 5. Transport", ["• 4. Housing", "• 5. Transport"]),
        ("⁃3. Housing ⁃4. Transport", ["⁃3. Housing", "⁃4. Transport"]),
    ],
)
def test_list_items_run_together_on_one_line(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He finished 2. Then he left.", ["He finished 2.", "Then he left."]),
        ("The plan has 3 parts, not 2. Officials agreed.", ["The plan has 3 parts, not 2.", "Officials agreed."]),
        ("1. Taxes rose 4. The item number skips.", ["1. Taxes rose 4.", "The item number skips."]),
        ("A. Smith met B. Jones.", ["A. Smith met B. Jones."]),
    ],
)
def test_numbers_and_initials_that_are_not_list_markers(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nobody knew but my sister and I. Was it wise?", ["Nobody knew but my sister and I.", "Was it wise?"]),
        (
            "She waited for us, the driver and I. Nothing came.",
            ["She waited for us, the driver and I.", "Nothing came."],
        ),
        ("It ended World War I. The peace was short.", ["It ended World War I.", "The peace was short."]),
        ("Did you see Albert I. Jones today?", ["Did you see Albert I. Jones today?"]),
    ],
)
def test_pronoun_i_before_a_capitalised_word(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The report was short. . . . It said nothing.", ["The report was short.", ". . . It said nothing."]),
        ("The report ends here . . . . Next came questions.", ["The report ends here . . . .", "Next came questions."]),
        ("The mayor said . . . I am not sure what.", ["The mayor said . . . I am not sure what."]),
        ("He paused . . . and went on.", ["He paused . . . and went on."]),
        (
            "She quoted “the law will appear less complex. . . .”",
            ["She quoted “the law will appear less complex. . . .”"],
        ),
    ],
)
def test_spaced_ellipses(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote failed.Nobody was surprised.", ["The vote failed.", "Nobody was surprised."]),
        ("Turnout was 1,200.That was low.", ["Turnout was 1,200.", "That was low."]),
        ("Write to Jane.Doe@example.com today.", ["Write to Jane.Doe@example.com today."]),
        ("See www.Example.com for more.", ["See www.Example.com for more."]),
        ("Officials in N.Y. said so.", ["Officials in N.Y. said so."]),
        ("市政府宣布了新计划。官员说，计划将于明年实施。", ["市政府宣布了新计划。", "官员说，计划将于明年实施。"]),
    ],
)
def test_no_space_after_a_full_stop(text, expected):
    assert sentences(text) == expected
