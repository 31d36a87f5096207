"""The detail panel redraws only what changed, yet always shows what a fresh panel shows: after `1`, every link listed."""

from __future__ import annotations

from tui_helpers import links, open_source, query, sentence_id, settle

from annotator.annotations import Annotations
from annotator.store import Store
from annotator.tui.detail import DetailPanel

LINKED_BEFORE = 24  # more links than the panel has lines, so the list scrolls
MANY = {
    "a": "The council approved 40 new buses on Monday. The mayor said the fleet would be electric.",
    "e": " ".join(f"Bus number {number} of the new fleet was approved on Monday." for number in range(30)),
}


def screen_text(app) -> list[str]:
    """The screen as the terminal shows it: each line's text and styles, from the lines the compositor keeps."""
    return [strip.text + repr([segment.style for segment in strip]) for strip in app.screen._compositor.render_strips()]


async def drawn_afresh(pilot, panel: DetailPanel) -> list[str]:
    """The screen with the whole panel drawn again."""
    panel.refresh()
    await pilot.pause()
    return screen_text(pilot.app)


def plain_lines(panel: DetailPanel) -> list[list]:
    return [list(strip) for strip in panel.lines()]


async def test_the_panel_on_screen_equals_a_fresh_drawing_after_moves_and_links(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "a")
        panel = screen.query_one(DetailPanel)
        for keys in (("j",), ("j",), ("k", "c"), ("l",), ("1",), ("j",), ("1",), ("j", "2")):
            await pilot.press(*keys)
            await settle(pilot)
            assert screen_text(app) == await drawn_afresh(pilot, panel), keys


def many_links(make_corpus) -> tuple:
    """A claim a:0 already linked to e:0 … e:23; returns the database."""
    db_path = make_corpus(MANY)
    with Store(db_path) as store:
        annotations = Annotations(store, "alice")
        claim_id = annotations.mark_claim(sentence_id(db_path, "a", 0))
        for index in range(LINKED_BEFORE):
            annotations.link(claim_id, sentence_id(db_path, "e", index), "corroborates")
    return db_path


async def open_on_last_of_e(pilot):
    """Link mode on a:0 with the evidence side on source e, cursor on its last sentence (not linked yet)."""
    screen = await open_source(pilot, "a")
    await pilot.press("l")
    await settle(pilot)
    await pilot.press("right_square_bracket")  # candidates → the first other source, e
    await settle(pilot)
    await pilot.press("G")
    await settle(pilot)
    assert screen.evidence.current.sentence.source_id == "e"
    return screen


async def test_after_1_the_database_holds_the_link_and_the_panel_lists_every_link_as_a_fresh_app_does(make_corpus, make_app):
    db_path = many_links(make_corpus)
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:
        screen = await open_on_last_of_e(pilot)
        panel = screen.query_one(DetailPanel)
        await pilot.press("1")
        await settle(pilot)
        assert ("a", 0, "corroborates", "e", 29) in links(db_path)  # committed, read on another connection
        assert len(query(db_path, "SELECT id FROM links")) == LINKED_BEFORE + 1
        after_key = plain_lines(panel)
        text = panel.text.plain
        assert f"{LINKED_BEFORE + 1} link(s)" in text
        assert all(f"e:{index} " in text for index in [*range(LINKED_BEFORE), 29])
        await pilot.press("p", "end")  # scrolled to the last line, the screen still equals the panel drawn afresh
        await pilot.pause()
        assert panel.scroll_offset.y > 0
        assert screen_text(pilot.app) == await drawn_afresh(pilot, panel)
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:  # a fresh app: nothing kept from the key's caches
        screen = await open_on_last_of_e(pilot)
        assert plain_lines(screen.query_one(DetailPanel)) == after_key


async def test_the_panel_follows_links_written_by_another_process(make_corpus, make_app):
    db_path = many_links(make_corpus)
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:
        screen = await open_on_last_of_e(pilot)
        panel = screen.query_one(DetailPanel)
        assert f"{LINKED_BEFORE} link(s)" in panel.text.plain
        with Store(db_path) as store:  # another connection links one more
            annotations = Annotations(store, "alice")
            annotations.link(annotations.claim_id_for(sentence_id(db_path, "a", 0)), sentence_id(db_path, "e", 25), "conflicts")
        screen.show_detail()
        await pilot.pause()
        assert f"{LINKED_BEFORE + 1} link(s)" in panel.text.plain and "conflicts    e:25" in panel.text.plain


async def drawn_anew(pilot) -> list[str]:
    """The screen laid out and drawn again from nothing: every widget, scrollbars included."""
    pilot.app.screen.refresh(layout=True)
    for widget in pilot.app.screen.query("*"):
        widget._styles_cache.clear()
    await pilot.pause()
    return screen_text(pilot.app)


async def test_links_added_one_by_one_leave_the_screen_as_a_fresh_drawing_scrollbar_thumb_included(make_corpus, make_app):
    db_path = many_links(make_corpus)
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:
        screen = await open_on_last_of_e(pilot)
        panel = screen.query_one(DetailPanel)
        await pilot.press("g")
        for index in range(LINKED_BEFORE, 30):  # e:24 … e:29, each a line more in the panel's scroll range
            await pilot.press(*["j"] * (index - screen.evidence.cursor), "1")
            await settle(pilot)
            assert panel.show_vertical_scrollbar
            assert panel.vertical_scrollbar.window_virtual_size == panel.virtual_size.height
            assert screen_text(pilot.app) == await drawn_anew(pilot), index
        assert len(query(db_path, "SELECT id FROM links")) == 30


def awkward_widths() -> dict[str, str]:
    """A claim in "a", and in "w" sentences whose link lines end just under, at and past the panel's width, some wide."""
    sentences = []
    for length in range(44, 64):
        sentences.append(f"Case {length} " + "x" * length + ".")
        sentences.append(f"Wide {length} " + "界" * (length // 2) + ".")  # two cells a character
        sentences.append(f"Mark {length} " + "e\u0301" * (length // 2) + ".")  # a combining accent: no cell of its own
    return {"a": MANY["a"], "w": " ".join(sentences)}


async def test_the_panel_measures_lines_off_screen_as_drawing_them_would(make_corpus, make_app):
    """Links below the panel's last line are only measured (one line each): the count equals a full drawing."""
    from textual.visual import Visual, visualize

    from annotator.tui.detail import drawn_text

    db_path = make_corpus(awkward_widths())
    with Store(db_path) as store:
        annotations = Annotations(store, "alice")
        claim_id = annotations.mark_claim(sentence_id(db_path, "a", 0))
        for (evidence,) in query(db_path, "SELECT id FROM sentences WHERE source_id = 'w' ORDER BY idx"):
            annotations.link(claim_id, evidence, "corroborates")
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "a")
        panel = screen.query_one(DetailPanel)
        await settle(pilot)
        measured = panel.virtual_size.height  # before any line off screen is drawn
        width = panel.scrollable_content_region.width
        whole = Visual.to_strips(panel, visualize(panel, drawn_text(panel._paragraphs, width), markup=False), width, None,
                                 panel.visual_style)
        assert "60 link(s)" in panel.text.plain and len(whole) > panel.size.height * 3
        assert measured == len(whole)
        assert [strip.text for strip in panel.lines()] == [strip.text for strip in whole]


async def test_1_after_another_process_linked_the_same_claim_shows_both_links(make_corpus, make_app):
    """A link another process wrote just before `1` (the poll has not noticed yet) and the one `1` wrote: both stored, both listed."""
    from contextlib import contextmanager

    @contextmanager
    def poll_held(app):  # the app's data_version poll sees no change while inside
        app._read_data_version = lambda: app._data_version
        try:
            yield
        finally:
            del app._read_data_version

    db_path = many_links(make_corpus)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_last_of_e(pilot)
        panel = screen.query_one(DetailPanel)
        with poll_held(app):  # `1` comes before the poll notices the other process's commit
            with Store(db_path) as store:
                annotations = Annotations(store, "alice")
                annotations.link(annotations.claim_id_for(sentence_id(db_path, "a", 0)), sentence_id(db_path, "e", 25),
                                 "conflicts")
            await pilot.press("1")
            await settle(pilot)
            assert ("a", 0, "conflicts", "e", 25) in links(db_path) and ("a", 0, "corroborates", "e", 29) in links(db_path)
            text = panel.text.plain
            assert f"{LINKED_BEFORE + 2} link(s)" in text and "conflicts    e:25" in text and "corroborates e:29" in text
        assert screen.evidence.current.sentence.index == 29
        await pilot.press("1")  # e:29 again, the same relation: it offers to unlink (the link is known); no
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert len(query(db_path, "SELECT id FROM links")) == LINKED_BEFORE + 2
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:  # a fresh app lists the same
        screen = await open_on_last_of_e(pilot)
        assert screen.query_one(DetailPanel).text.plain == text


async def test_a_link_another_process_writes_shows_up_after_the_poll(make_corpus, make_app):
    import asyncio

    from annotator.tui.app import POLL_SECONDS

    db_path = many_links(make_corpus)
    async with make_app(db_path).run_test(size=(80, 24)) as pilot:
        screen = await open_on_last_of_e(pilot)
        panel = screen.query_one(DetailPanel)
        await pilot.press("1")  # this window's link first: the panel takes it in without reading the claim again
        await settle(pilot)
        assert f"{LINKED_BEFORE + 1} link(s)" in panel.text.plain
        with Store(db_path) as store:
            annotations = Annotations(store, "alice")
            annotations.link(annotations.claim_id_for(sentence_id(db_path, "a", 0)), sentence_id(db_path, "e", 26),
                             "related")
        await asyncio.sleep(POLL_SECONDS * 1.6)
        await settle(pilot)
        assert f"{LINKED_BEFORE + 2} link(s)" in panel.text.plain and "related      e:26" in panel.text.plain
