"""Property tests: for any text, sentence spans are ordered, disjoint, trimmed, and rebuild the text."""

from __future__ import annotations

from examples_budget import examples
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.segmenter import split_sentences

NEWS_TOKENS = [
    "Rep.", "Sen.", "Gov.", "Ms.", "Dr.", "U.S.", "a.m.", "p.m.", "Jan.", "D-Calif.", "(D-N.Y.)", "6.7", "$2.",
    "152-millimeter", "No.", "said", "The", "he", "she", "Smith", "million", "\"", "“", "”", "'", "?", "!", ".",
    "...", ",", ";", ":", "(", ")", " ", " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u2028", "\u2029", "\x85",
    "\u00a0", "\u3000", "\x00", "\x1c", "😀", "🇺🇸", "𝔘", "\U0010ffff", "é", "e\u0301", "\ufeff", "\u200b", "ß",
]
news_like = st.lists(st.sampled_from(NEWS_TOKENS), max_size=60).map("".join)
tricky_characters = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r\x00\x0b\x0c\x1c\x85\u2028\u2029\u00a0\u3000.!?\"'“”‘’()[]…-"),
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
        st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=200,
)
any_text = st.one_of(news_like, tricky_characters, st.text(max_size=200))


def check_spans(text: str) -> None:
    """Every invariant the rest of the product relies on, for one text."""
    spans = split_sentences(text)
    position = 0
    for index, span in enumerate(spans):
        assert span.index == index
        assert position <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.text.strip() == span.text and span.text.strip()
        assert text[position : span.start].strip() == "", "a non-whitespace character fell between spans"
        position = span.end
    assert text[position:].strip() == "", "a non-whitespace character fell after the last span"


@examples(400, deadline=None)
@given(any_text)
@example("")
@example(".")
@example(" . ")
@example("\x00")
@example("Hi.\r\nThere.\u2028And 😀. More")
@example("a\u2028b. C")
@example("...!!!???")
@example("U.S.\n\nU.S.")
@example("\ufeffHello. World.")
def test_spans_rebuild_the_text(text):
    check_spans(text)


@examples(100, deadline=None)
@given(st.lists(news_like, min_size=1, max_size=5))
def test_paragraph_breaks_are_never_inside_a_sentence(paragraphs):
    text = "\n\n".join(paragraphs)
    check_spans(text)
    for span in split_sentences(text):
        assert "\n\n" not in span.text


@examples(50, deadline=None)
@given(st.text(alphabet="abc ", min_size=1, max_size=2000))
def test_unpunctuated_text_is_one_sentence(text):
    spans = split_sentences(text)
    assert [s.text for s in spans] == ([text.strip()] if text.strip() else [])
