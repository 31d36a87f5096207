"""Hand-written news cases for the one segmenter, including the traps in seeds/."""

from __future__ import annotations

import pytest

from annotator.segmenter import Span, split_sentences


def sentences(text: str) -> list[str]:
    """The sentence texts of `text`, checking each span against the text on the way."""
    spans = split_sentences(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rep. Smith spoke. Sen. Jones agreed.", ["Rep. Smith spoke.", "Sen. Jones agreed."]),
        ("Gov. Newsom spoke. Ms. Smith left. Dr. Lee stayed.", ["Gov. Newsom spoke.", "Ms. Smith left.", "Dr. Lee stayed."]),
        ("Mr. and Mrs. Smith arrived.", ["Mr. and Mrs. Smith arrived."]),
        ("Lt. Gov. Dan Patrick spoke.", ["Lt. Gov. Dan Patrick spoke."]),
        ("Prof. Lee said so. Ms. Kim disagreed.", ["Prof. Lee said so.", "Ms. Kim disagreed."]),
        ("The Rev. Martin Luther King Jr. spoke. He left.", ["The Rev. Martin Luther King Jr. spoke.", "He left."]),
        ("I met J. Smith yesterday.", ["I met J. Smith yesterday."]),
    ],
)
def test_titles_do_not_end_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. economy grew. It slowed later.", ["The U.S. economy grew.", "It slowed later."]),
        ("The U.S. and the U.K. agreed.", ["The U.S. and the U.K. agreed."]),
        ("Officials in the U.S. Treasury declined.", ["Officials in the U.S. Treasury declined."]),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        ("He lives in the U.S.", ["He lives in the U.S."]),
        ("It's in the U.S.A. They agree.", ["It's in the U.S.A.", "They agree."]),
        ("He was born in Washington, D.C. He moved later.", ["He was born in Washington, D.C.", "He moved later."]),
        ("The company, based in Washington, D.C., said no.", ["The company, based in Washington, D.C., said no."]),
    ],
)
def test_us_mid_sentence_and_at_sentence_end(text, expected):
    assert sentences(text) == expected


@pytest.mark.xfail(strict=True, reason="'U.S.' before a capitalised word that is not a common opener is kept together")
def test_us_at_sentence_end_before_capitalised_noun():
    assert sentences("Sales rose 2.5 percent in the U.S. Prices fell.") == [
        "Sales rose 2.5 percent in the U.S.",
        "Prices fell.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The meeting began at 9 a.m. Monday and ended at 5 p.m. The next day was quiet.",
            ["The meeting began at 9 a.m. Monday and ended at 5 p.m.", "The next day was quiet."],
        ),
        ("She arrived at 5 p.m. EDT on Tuesday.", ["She arrived at 5 p.m. EDT on Tuesday."]),
        ("It happened at 10 a.m. The police arrived.", ["It happened at 10 a.m.", "The police arrived."]),
        ("It closed at 4 p.m. Police said the suspect fled.", ["It closed at 4 p.m.", "Police said the suspect fled."]),
    ],
)
def test_times_of_day(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Jan. 5 the vote passed. On Feb. 12, 2024, it failed.", ["On Jan. 5 the vote passed.", "On Feb. 12, 2024, it failed."]),
        ("Sept. 11 was a tragedy.", ["Sept. 11 was a tragedy."]),
        ("The law takes effect Aug. 1, officials said.", ["The law takes effect Aug. 1, officials said."]),
        ("He joined in Dec. The next month he left.", ["He joined in Dec.", "The next month he left."]),
        ("No. 3 seed advanced.", ["No. 3 seed advanced."]),
        ("Jan. 6 was chaos. Feb. 1 was calm.", ["Jan. 6 was chaos.", "Feb. 1 was calm."]),
        ("The bill passed 220-215 on Dec. 3. It now goes to the Senate.", ["The bill passed 220-215 on Dec. 3.", "It now goes to the Senate."]),
    ],
)
def test_month_and_number_abbreviations(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rep. Nancy Pelosi, D-Calif., said so. Others disagreed.", ["Rep. Nancy Pelosi, D-Calif., said so.", "Others disagreed."]),
        ("Rep. Alexandria Ocasio-Cortez (D-N.Y.) said it.", ["Rep. Alexandria Ocasio-Cortez (D-N.Y.) said it."]),
        ("Rep. Ocasio-Cortez, D-N.Y., said it was wrong.", ["Rep. Ocasio-Cortez, D-N.Y., said it was wrong."]),
        ("Gov. Gavin Newsom (D-Calif.) signed it. Republicans objected.", ["Gov. Gavin Newsom (D-Calif.) signed it.", "Republicans objected."]),
        ("Sen. Smith (R-Ky.) spoke. He left.", ["Sen. Smith (R-Ky.) spoke.", "He left."]),
        ("Rep. Smith, R-Fla., and Rep. Jones, D-Mass., agreed.", ["Rep. Smith, R-Fla., and Rep. Jones, D-Mass., agreed."]),
        ("Sen. Chuck Schumer, D-N.Y., said the U.S. Senate would vote.", ["Sen. Chuck Schumer, D-N.Y., said the U.S. Senate would vote."]),
    ],
)
def test_party_state_tags(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Is it done?" she asked.', ['"Is it done?" she asked.']),
        ('He said no. "Is it?"', ["He said no.", '"Is it?"']),
        ("“Is it over?” she asked. “No.”", ["“Is it over?” she asked.", "“No.”"]),
        ('He said, "We will win." Then he left.', ['He said, "We will win."', "Then he left."]),
        ('"We will win," he said. "Soon."', ['"We will win," he said.', '"Soon."']),
        ("“Is it done?” she asked. “Yes!” he said.", ["“Is it done?” she asked.", "“Yes!” he said."]),
    ],
)
def test_quotes_with_punctuation_inside(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 6.7 million people voted. Turnout rose.", ["About 6.7 million people voted.", "Turnout rose."]),
        ("It fired 152-millimeter shells. They landed.", ["It fired 152-millimeter shells.", "They landed."]),
        ("The price was $2. It rose later.", ["The price was $2.", "It rose later."]),
        ("It cost $2.5 billion. That's a lot.", ["It cost $2.5 billion.", "That's a lot."]),
        ("Shares fell 3.5% on Monday. Analysts were surprised.", ["Shares fell 3.5% on Monday.", "Analysts were surprised."]),
    ],
)
def test_numbers(text, expected):
    assert sentences(text) == expected


@pytest.mark.xfail(strict=True, reason="sentencex treats 'no.' as the abbreviation of 'number' even before a title")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She said no. Sen. Jones agreed.", ["She said no.", "Sen. Jones agreed."]),
        (
            "Rep. John Smith Jr., R-Texas, voted no. Rep. Jane Doe voted yes.",
            ["Rep. John Smith Jr., R-Texas, voted no.", "Rep. Jane Doe voted yes."],
        ),
    ],
)
def test_no_at_sentence_end_before_a_title(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He met Sen.\n\nJones left.", ["He met Sen.", "Jones left."]),
        ("First paragraph without period\nSecond paragraph.", ["First paragraph without period", "Second paragraph."]),
        ("the end of a paragraph\n\nand lowercase start", ["the end of a paragraph", "and lowercase start"]),
        ("Headline in the U.S.\r\n\r\nThe body.", ["Headline in the U.S.", "The body."]),
        ("Line one.\n\n   \n\nLine two.", ["Line one.", "Line two."]),
        ("Rep. Smith spoke.\nSen. Jones agreed.", ["Rep. Smith spoke.", "Sen. Jones agreed."]),
    ],
)
def test_paragraph_breaks_always_end_a_sentence(text, expected):
    assert sentences(text) == expected


def test_hard_wrapped_line_continues_the_sentence():
    assert sentences("The vote continues on\nthe next line.") == ["The vote continues on\nthe next line."]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\r\n\r\n", " \t\n \u3000\u2028 "])
def test_whitespace_only_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_whitespace_only_pieces_are_dropped_and_spans_are_trimmed():
    text = "  First.   \n \n\t Second.  "
    spans = split_sentences(text)
    assert [(s.start, s.end, s.text) for s in spans] == [(2, 8, "First."), (16, 23, "Second.")]


def test_spans_are_numbered_in_order():
    spans = split_sentences("One. Two. Three.")
    assert [s.index for s in spans] == [0, 1, 2]
    assert spans[1] == Span(1, 5, 9, "Two.")
    assert spans[1].as_dict() == {"index": 1, "start": 5, "end": 9, "text": "Two."}


def test_offsets_are_code_points_outside_the_bmp():
    text = "Hello 😀. World 🌍! Next 𝔘 ok."
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, 8), (9, 17), (18, 28)]


def read_seed(seeds_dir, stem: str) -> str:
    """A seed article's text exactly as stored: UTF-8, nothing stripped."""
    return (seeds_dir / f"{stem}.txt").read_text(encoding="utf-8")


def test_seed_000_ends_with_stray_login_sentence(seeds_dir):
    text = read_seed(seeds_dir, "000_12b36fb51d48fb91")
    spans = split_sentences(text)
    assert spans[-1].text == "Login"
    assert spans[-2].text.endswith("escalating global tensions.")
    assert "Rep. Kang Dae-sik of South Korea's ruling People Power Party" in spans[1].text
    assert "the U.S.' growing concerns" in spans[11].text


def test_seed_004_leading_space_keeps_offsets_into_the_text(seeds_dir):
    text = read_seed(seeds_dir, "004_38e05b9625974cc4")
    assert text.startswith(" date 2024-08-28")
    spans = split_sentences(text)
    assert spans[0].start == 1
    assert spans[0].text.startswith("date 2024-08-28 North Korea")
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_seed_004_donation_appeal_is_split_line_by_line(seeds_dir):
    texts = [s.text for s in split_sentences(read_seed(seeds_dir, "004_38e05b9625974cc4"))]
    assert texts[-3:] == [
        "By supporting The Moscow Times, you're defending open, independent journalism in the face of repression.",
        "Thank you for standing with us.",
        "Remind me later.",
    ]
    assert "If you can, please support us monthly starting from just $2." in texts
    assert "A Message from The Moscow Times:" in texts
