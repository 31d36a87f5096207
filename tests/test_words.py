"""Words of a sentence and word selections: properties over any text, and the cases a claim span meets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.words import (
    WordSelection,
    claim_words,
    find_word,
    selection_covering,
    selection_offsets,
    split_point,
    trim_span,
    word_spans,
)

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
MIXED = st.text(st.sampled_from(list("ab 1,.“”「」。政府说iPhone的 ภาษา\u0e35\u00a0\t")), max_size=60)


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in word_spans(text)]


@given(st.one_of(TEXT, MIXED))
def test_spans_sorted_inside_disjoint_and_cover_every_visible_character(text):
    spans = word_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    covered = {i for a, b in spans for i in range(a, b)}
    assert covered == {i for i, char in enumerate(text) if not char.isspace()}
    assert all(not text[a:b].isspace() and not any(c.isspace() for c in text[a:b]) for a, b in spans)


@given(st.one_of(TEXT, MIXED), st.lists(st.tuples(st.sampled_from(["move", "extend", "to"]), st.integers(-5, 5))))
def test_any_selection_gives_a_span_inside_the_selected_words(text, steps):
    spans = word_spans(text)
    if not spans:
        return
    selection = WordSelection(0, 0)
    for kind, step in steps:
        if kind == "move":
            selection = selection.moved(step, len(spans))
        elif kind == "extend":
            selection = selection.extended(step, len(spans))
        else:
            selection = selection.to(step, len(spans), extend=True)
        assert 0 <= selection.first <= selection.last < len(spans)
    start, end = selection_offsets(text, spans, selection)
    assert spans[selection.first][0] <= start < end <= spans[selection.last][1]
    assert selection_covering(spans, (start, end)) == WordSelection(selection.first, selection.last)


def test_english_words_keep_their_punctuation():
    assert words("The ministry counted 6,700 containers, which (it said) hold “3 million”.") == [
        "The", "ministry", "counted", "6,700", "containers,", "which", "(it", "said)", "hold", "“3", "million”."]


def test_unspaced_scripts_fall_back_to_characters_with_latin_runs_kept():
    assert words("政府说，iPhone的价格是3.5元「很高」。") == [
        "政", "府", "说，", "iPhone", "的", "价", "格", "是", "3.5", "元", "「很", "高」。"]
    assert words("ดี") == ["ดี"]  # a combining vowel stays on its letter


def test_claim_span_drops_end_punctuation_and_unpaired_quotes_but_keeps_pairs():
    text = "The ministry counted 6,700 containers, which hold “3 million”."
    spans = word_spans(text)
    assert text[slice(*selection_offsets(text, spans, WordSelection(3, 4)))] == "6,700 containers"
    assert text[slice(*selection_offsets(text, spans, WordSelection(7, 8)))] == "“3 million”"
    assert text[slice(*selection_offsets(text, spans, WordSelection(8, 8)))] == "million"
    assert trim_span("50%.", 0, 4) == (0, 3)
    assert trim_span("...", 0, 3) == (0, 1)


def test_split_point_is_before_the_cursor_word_and_never_before_the_first():
    text = "One two. Three four."
    spans = word_spans(text)
    assert split_point(spans, WordSelection(2, 2)) == (9, 9)
    assert split_point(spans, WordSelection(0, 0)) is None


def test_selection_covering_a_span_or_the_whole_sentence():
    spans = word_spans("a bb ccc dddd")
    assert selection_covering(spans, (2, 8)) == WordSelection(1, 2)
    assert selection_covering(spans, None) == WordSelection(0, 0)
    assert selection_covering([], (0, 1)) == WordSelection(0, 0)


def test_trimming_never_leaves_a_selected_word():
    text = "a . ”"
    spans = word_spans(text)
    assert selection_offsets(text, spans, WordSelection(0, 2)) == (0, 5)
    assert selection_offsets(text, spans, WordSelection(1, 1)) == (2, 3)


def test_find_word_by_its_start_ignoring_case_and_opening_marks_wrapping_round():
    text = "“Tens of thousands” fled, said the mayor; tens more stayed. 北京市"
    spans = word_spans(text)
    starts = [text[a:b] for a, b in spans]
    assert starts[find_word(text, spans, "tens", 0)] == "“Tens"
    assert starts[find_word(text, spans, "TENS", 1)] == "tens"
    assert find_word(text, spans, "tens", starts.index("tens") + 1) == 0  # wraps round to the first
    assert starts[find_word(text, spans, "tens", starts.index("tens") - 1, -1)] == "“Tens"  # backwards
    assert starts[find_word(text, spans, "the  mayor", 0)] == "the"  # runs on past its word, spaces as one
    assert starts[find_word(text, spans, "京市", 0)] == "京"  # unspaced scripts: a run of characters
    assert find_word(text, spans, "zebra", 0) is None and find_word(text, spans, "  ", 0) is None
    assert find_word("", [], "a", 0) is None


def test_claim_words_leave_out_a_lone_mark_between_words_but_a_selection_across_it_holds_it():
    text = "Pakistan: 23,000-33,000 dead / 40,000-50,000 injured — Source: Government of Pakistan - October 11."
    spans = claim_words(text)
    assert [text[a:b] for a, b in spans] == ["Pakistan:", "23,000-33,000", "dead", "40,000-50,000", "injured", "Source:",
                                             "Government", "of", "Pakistan", "October", "11."]
    assert text[slice(*selection_offsets(text, spans, WordSelection(1, 3)))] == "23,000-33,000 dead / 40,000-50,000"
    marks = "... — …"
    assert [marks[a:b] for a, b in claim_words(marks)] == ["...", "—", "…"]  # marks only: kept, something to pick
    assert claim_words("") == []


@given(st.one_of(TEXT, MIXED))
def test_claim_words_are_the_words_holding_a_letter_or_digit(text):
    spans, every = claim_words(text), word_spans(text)
    assert set(spans) <= set(every)
    assert spans == [s for s in every if any(c.isalnum() for c in text[s[0]:s[1]])] or spans == every
