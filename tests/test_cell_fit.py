"""Text fitted to terminal cells: wide characters count two, and a long source id keeps its sentence number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.cell_fit import cells, cut, fit, middle, place


def test_place_keeps_the_number_whole_and_shortens_the_id_in_the_middle():
    assert place("a", 3, 15) == "a:3"
    assert place("000_12b36fb51d48fb91", 3, 15) == "000_12…48fb91:3"
    assert place("reuters-2024-08-28-0001", 12345, 15) == "reut…0001:12345"
    assert cells(place("x" * 80, 7, 24)) == 24 and place("x" * 80, 7, 24).endswith(":7")


def test_wide_characters_count_two_cells():
    assert fit("北京市中心", 7) == "北京市…" and cells(fit("北京市中心", 7)) == 7
    assert fit("北京", 3) == "北京"[:1] + "…" and cells(fit("北京", 6)) == 6
    assert middle("北京市中心报道二〇二四", 9) == "北京…二四"
    assert cut("abc", 3) == "abc" and cut("abcd", 3) == "ab…" and cut("abcd", 0) == ""


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), st.integers(0, 30))
def test_fit_is_always_exactly_its_width_and_middle_never_past_it(text, width):
    assert cells(fit(text, width)) == width
    assert cells(middle(text, width)) <= width
    assert cells(cut(text, width)) <= width


def test_a_title_keeps_its_head_and_drops_its_last_hints_first():
    from annotator.cell_fit import with_hints

    hints = ("[ ] sources", "/ search", "a set")
    assert with_hints("Suggestions for a:1 (9)", hints, 0) == "Suggestions for a:1 (9) · [ ] sources · / search · a set"
    assert with_hints("Suggestions for a:1 (9)", hints, 48) == "Suggestions for a:1 (9) · [ ] sources · / search"
    assert with_hints("Suggestions for a:1 (9)", hints, 30) == "Suggestions for a:1 (9)"  # none fits: the head alone
    head = "Suggestions for a:1 (9) · 1 source agrees, 1 gives a figure from another time"
    assert with_hints(head, hints, 60, compact=head.removeprefix("Suggestions for ")) == (
        "a:1 (9) · 1 source agrees, 1 gives a figure from another time")  # the figures outrank the words
    wide = "日本語のタイトル"  # 16 cells
    assert with_hints(wide, ("x",), 20) == f"{wide} · x" and with_hints(wide, ("x",), 19) == wide
