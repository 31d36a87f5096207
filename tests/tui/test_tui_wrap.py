"""Wrapped sentence rows: the wrap itself, and an article whose long sentences read in full."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from tui_helpers import SIZE, screen_text

from annotator.store import Sentence
from annotator.tui.sentence_list import SentenceList, SentenceRow
from annotator.tui.wrap import wrap_offsets

words = st.text(alphabet=st.sampled_from("ab 漢 \u00e9"), min_size=0, max_size=200)


@given(words, st.integers(1, 60))
def test_wrapped_lines_rebuild_the_text_and_fit(text, width):
    """The lines cover the text exactly, in order, and none is wider than the width but for trailing spaces."""
    lines = wrap_offsets(text, width)
    assert "".join(text[start:end] for start, end in lines) == text
    assert all(cell_len(text[start:end].rstrip()) <= max(width, 2) for start, end in lines)


def test_words_move_to_the_next_line_whole():
    assert [("the quick brown fox"[a:b]) for a, b in wrap_offsets("the quick brown fox", 10)] == ["the quick ", "brown fox"]


def _rows(texts: list[str]) -> list[SentenceRow]:
    return [SentenceRow(Sentence(i + 1, "s", 1, i, 0, len(t), t)) for i, t in enumerate(texts)]


class _ListApp:
    @staticmethod
    def make(show_source: bool = False):
        from textual.app import App

        class ListApp(App):
            def compose(self):
                yield SentenceList(id="list", show_source=show_source)

        return ListApp()


LONG = " ".join(f"word{i}" for i in range(300))  # about 2,000 characters, as long as the longest seed "sentence"


async def test_a_long_sentence_wraps_in_full_and_the_cursor_row_stays_in_view():
    app = _ListApp.make()
    async with app.run_test(size=(120, 60)) as pilot:
        widget = app.query_one(SentenceList)
        widget.set_rows(_rows(["short one", LONG, "after"]), 0)
        await pilot.pause()
        text = "\n".join(screen_text(widget))
        assert all(f"word{i}" in text.split() for i in range(300))  # every word of the long row, none cut
        assert widget.row_height(1) > 10 and text.index("short one") < text.index("word0") < text.index("after")
        await pilot.press("j", "j")
        assert widget.cursor == 2 and "after" in "\n".join(screen_text(widget))


async def test_100k_wrapped_rows_measure_only_what_is_near_the_screen():
    app = _ListApp.make(show_source=True)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(SentenceList)
        widget.set_rows(_rows([f"sentence {i} " + "and more words " * 12 for i in range(100_000)]), 0)
        await pilot.pause()
        assert widget.row_height(0) > 1
        await pilot.press("end")
        await pilot.pause()
        assert widget.cursor == 99_999 and "sentence 99999" in "\n".join(screen_text(widget))
        assert len(widget._wrapped) < 200  # heights of the rows near the screen only
        await pilot.press("pageup", "home")
        assert widget.cursor == 0 and widget.scroll_offset.y == 0


async def _link_mode_at(corpus, make_app, size):
    from tui_helpers import open_source, settle

    app = make_app(corpus)
    async with app.run_test(size=size) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        article, evidence = screen.query_one("#article-pane").region, screen.query_one("#evidence-pane").region
        footer = _footer_text(app)
        why = str(screen.query_one("#why").render())
        return article, evidence, footer, why


def _footer_text(app) -> str:
    return " ".join(str(key.render()) for key in app.screen.query("FooterKey"))


async def test_link_mode_stacks_the_evidence_under_the_article_at_80_columns(corpus, make_app):
    article, evidence, footer, why = await _link_mode_at(corpus, make_app, (80, 24))
    assert evidence.y > article.y and evidence.width == article.width == 80  # under, full width
    assert all(key in footer for key in ("Corroborates", "Conflicts", "Related"))
    assert why.startswith("b:0 ") and "why:" in why


async def test_link_mode_puts_the_evidence_beside_the_article_at_200_columns(corpus, make_app):
    article, evidence, _, _ = await _link_mode_at(corpus, make_app, (200, 50))
    assert evidence.x > article.x and evidence.y == article.y


async def test_the_edit_dialog_keeps_its_fields_in_view_and_the_panel_scrolls(tmp_path, make_app):
    """A 2,000-character claim: the e dialog still shows both inputs; p focuses the panel and j scrolls it."""
    from textual.widgets import Input
    from tui_helpers import open_source, settle

    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    db = tmp_path / "long.db"
    with Store(db) as store:
        ingest_articles(store, [Article(id="long", text=LONG + ".", origin="test")])
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "long")
        await pilot.press("c", "e")
        await settle(pilot)
        for field in app.screen.query(Input):
            assert 0 <= field.region.y and field.region.bottom <= 24 and field.region.height > 0
        await pilot.press("escape", "p", "j", "j")
        await settle(pilot)
        detail = screen.query_one("#detail-panel")
        assert detail.has_focus and detail.scroll_offset.y == 2 and detail.max_scroll_y > 10
        await pilot.press("z")
        await settle(pilot)
        assert detail.size.height > 10
