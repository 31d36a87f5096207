"""Moving: go to a sentence or a rank by number, backspace back from a jump, the sources view on the article you left."""

from __future__ import annotations

from tui_helpers import SIZE, notices, open_source, settle

from annotator.tui.moving import GoToDialog


async def test_go_to_a_sentence_and_back(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "colon")
        await pilot.pause()
        assert isinstance(app.screen, GoToDialog)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert screen.article.cursor == 4
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.article.cursor == 1
        await pilot.press("backspace")
        await pilot.pause()
        assert notices(app)[-1][0] == "No jump to come back from."


async def test_go_to_a_rank_on_the_evidence_side(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        assert screen.evidence.has_focus and len(screen.evidence.rows) >= 2
        await pilot.press("number_sign", "2", "enter")
        await pilot.pause()
        assert screen.evidence.cursor == 1 and screen.evidence.current.tag.startswith("#2 ")


async def test_backspace_returns_from_enter_on_a_result_in_another_source(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "j", "slash", *"rained", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("b", 3)
        await pilot.press("backspace")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("a", 2)


async def test_the_sources_view_keeps_its_cursor_on_the_article_you_left(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("right_square_bracket", "right_square_bracket")  # on to c
        await pilot.pause()
        assert screen.source_id == "c"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#sources").current.summary.id == "c"


async def test_open_a_source_by_typing_part_of_its_name(corpus, make_app):
    from annotator.tui.moving import SourcePicker

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SourcePicker)
        await pilot.press("c", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.source_id == "c"
        await pilot.press("ctrl+o", "b", "enter")
        await pilot.pause()
        assert screen.source_id == "b"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.source_id == "c"


async def test_y_copies_the_sentence_with_its_id_and_offsets(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("j", "y")
        await pilot.pause()
        assert app.clipboard == "a:1 [45:88] The mayor said the fleet would be electric."
        assert notices(app)[-1][0].startswith("Copied a:1 [45:88] to the clipboard")


async def test_the_source_picker_reads_the_names_off_the_ui_thread_and_acts_on_keys_typed_meanwhile(corpus, make_app,
                                                                                                  monkeypatch):
    import asyncio
    import threading

    from annotator.tui import moving

    opened, threads = threading.Event(), []
    read = moving.source_names

    def held(store):
        threads.append(threading.current_thread())
        assert opened.wait(30), "the test never opened the gate"
        return read(store)

    monkeypatch.setattr(moving, "source_names", held)
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, moving.SourcePicker) and picker.sources is None  # still reading, and the app answers
        await pilot.press("c", "enter")
        await pilot.pause()
        assert app.screen is picker
        opened.set()
        for _ in range(200):
            await asyncio.sleep(0.02)
            await pilot.pause()
            if app.screen is not picker:
                break
        assert app.screen.source_id == "c"  # the enter typed before the names came opened the match
        assert threads and threads[0] is not threading.main_thread()
