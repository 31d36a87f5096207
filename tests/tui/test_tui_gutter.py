"""The compact gutter under 100 columns (the prose gets the width, the link counts stay in view) and notices kept off what is read."""

from __future__ import annotations

import re

from textual.widgets._toast import Toast
from tui_helpers import open_source, row_lines, sentence_id, settle

from annotator.annotations import Annotations, SentenceState
from annotator.labels import default_labels
from annotator.store import Store
from annotator.tui.sentence_list import links_cell

NARROW, WIDE = (80, 24), (120, 36)


def _linked(db) -> None:
    """a:0 a claim with a corroborating and a conflicting link, a:1 one with a corroborating link."""
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        first = annotations.mark_claim(sentence_id(db, "a", 0))
        annotations.link(first, sentence_id(db, "b", 0), "corroborates")
        annotations.link(first, sentence_id(db, "c", 0), "conflicts")
        annotations.link(annotations.mark_claim(sentence_id(db, "a", 1)), sentence_id(db, "b", 1), "corroborates")


def panel_words(screen) -> str:
    """Every line of the detail panel, scrolled or not, as one line of words."""
    return " ".join(" ".join(strip.text for strip in screen.query_one("#detail-panel").lines()).split())


async def test_at_80_columns_the_text_starts_in_column_7_and_the_links_fold_into_one_cell(corpus, make_app):
    _linked(corpus)
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "a")
        lines = row_lines(screen.article)
        assert lines[0].startswith("▌◆· *2 The council approved")  # two links of two relations: `*`, how many
        assert lines[1].startswith(" ◆· +1 The mayor said")  # one relation: its mark
        assert lines[2].startswith("       Residents welcomed")  # no position column: the panel gives it
        assert panel_words(screen).startswith("a:0 [0:44]")
        assert "2 link(s), 1 corroborates, 1 conflicts:" in panel_words(screen)  # the counts the cell folded


async def test_at_120_columns_the_gutter_keeps_a_count_per_relation_and_the_position(corpus, make_app):
    _linked(corpus)
    app = make_app(corpus)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_source(pilot, "a")
        lines = row_lines(screen.article)
        assert re.match(r"▌◆· \+1 -1 +0 The council approved", lines[0]) and lines[0].index("The council") == 18
        await pilot.resize_terminal(*NARROW)  # narrower: compact; the cursor row stays in view
        await pilot.pause()
        assert row_lines(screen.article)[0].startswith("▌◆· *2 The council")
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert row_lines(screen.article)[0].index("The council") == 18


async def test_at_80_columns_evidence_rows_give_their_source_before_the_text(corpus, make_app):
    _linked(corpus)
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("l")
        await settle(pilot)
        lines = row_lines(screen.evidence)
        linked = next(line for line in lines if "b:0 " in line)
        assert re.match(r"^.◇     \+ b:0 #\d", linked)  # the relation to the claim, then its source and rank, then text
        assert linked.index("b:0") == 9
        assert "  " not in linked[9:].rstrip()  # the tag without the padding that lines tags up at 120 columns


def test_the_links_cell_folds_every_relation_into_two_cells():
    labels = default_labels()
    assert links_cell(SentenceState(), labels) == ("  ", "index")
    assert links_cell(SentenceState(links=(("related", 3),)), labels) == ("~3", "related")
    assert links_cell(SentenceState(links=(("corroborates", 12),)), labels) == ("++", "corroborates")  # past 9
    assert links_cell(SentenceState(links=(("corroborates", 1), ("related", 1))), labels) == ("*2", "relation")
    assert links_cell(SentenceState(links=(("corroborates", 1), ("conflicts", 1))), labels) == ("*2", "conflicts")


async def test_a_notice_at_80x24_sits_on_the_title_bar_not_over_the_rows_or_the_panel(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "j", "X")  # marks three sentences: a notice says so
        await pilot.pause()
        toasts = list(screen.query(Toast))
        assert toasts and "Marked 3 sentence(s) as boilerplate" in str(toasts[0].render())
        article, panel = screen.article.region, screen.query_one("#detail-panel").region
        for toast in toasts:
            assert toast.region.bottom <= article.y and not toast.region.overlaps(panel)
        await pilot.press("u")  # a second notice while the first runs: it takes the first's place, not the rows below
        await pilot.pause()
        shown = [toast for toast in screen.query(Toast) if toast.parent.display]
        assert len(shown) == 1 and str(shown[0].render()).startswith("Undid: mark boilerplate")
        assert shown[0].region.bottom <= article.y


async def test_wrapped_text_keeps_a_blank_cell_before_the_scrollbar(make_corpus, make_app):
    words = "North Korea has sent Russia at least 13,000 shipping containers believed to be carrying arms since mid-2022"
    address = "https://example.org/" + "x" * 300  # longer than a line: cut to fill each line to its last cell
    db = make_corpus({"a": f"See {address} for more. " + " ".join(f"{words} {number}." for number in range(30))})
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "a")
        article = screen.article
        assert article.show_vertical_scrollbar
        view = article.scrollable_content_region.width
        lines = [article.render_line(y).text[:view] for y in range(article.size.height)]
        assert max(len(line.rstrip()) for line in lines) <= view - 1  # the thumb never touches a letter
