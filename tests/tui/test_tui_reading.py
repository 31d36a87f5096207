"""Reading: the sources view, opening a source, moving, reading positions, header, literal text, help, keymap."""

from __future__ import annotations

from tui_helpers import SIZE, claims, open_source, query, screen_text, sources_loaded

from annotator.annotations import Annotations
from annotator.store import Sentence, Store
from annotator.tui.dialogs import HelpScreen
from annotator.tui.sentence_list import SentenceList, SentenceRow


async def test_sources_view_lists_every_source_with_counts(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        sources = app.screen.query_one("#sources")
        assert [row.summary.id for row in sources.rows] == ["a", "b", "c"]
        counts = {row.summary.id: row.cells()[3] for row in sources.rows}
        assert counts == {"a": "5", "b": "4", "c": "2"}
        assert sources.has_focus
        assert screen_text(sources)[1].startswith(" b ")


async def test_an_empty_database_says_how_to_add_sources(tmp_path, make_app):
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "u")
        await pilot.pause()
        assert type(app.screen).__name__ == "SourcesScreen"
        assert "No sources yet" in str(app.screen.query_one("#sources-intro").render())
    assert query(tmp_path / "empty.db", "SELECT count(*) FROM claims") == [(0,)]


async def test_enter_opens_the_source_under_the_cursor(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.source_id == "b"
        assert str(screen.query_one("#article-title").render()).startswith("b  (4 sentences)")
        assert "City council members approved 40 buses on Monday." in screen_text(screen.article)[0]
        assert screen.article.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#sources").cursor == 1


async def test_keys_move_the_cursor(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        moves = [("j", 1), ("j", 2), ("k", 1), ("down", 2), ("up", 1), ("pagedown", 4), ("pageup", 0),
                 ("end", 4), ("home", 0), ("G", 4), ("g", 0), ("k", 0)]
        for key, expected in moves:
            await pilot.press(key)
            assert screen.article.cursor == expected, key
        await pilot.press("j", "j")
        await pilot.pause()
        assert "Residents welcomed the plan." in str(screen.query_one("#detail-panel").text)
        assert screen_text(screen.article)[2].startswith("▌")


async def test_reading_position_is_stored_and_restored(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("j", "j", "j", "k", "escape")
        await sources_loaded(pilot)
        assert query(corpus, "SELECT current_idx, furthest_idx FROM positions WHERE source_id = 'a'") == [(2, 3)]
        # progress column "read": furthest 3 of 5 sentences -> 4/5
        assert app.screen.query_one("#sources").row_for("a").cells()[7] == "80%"
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        assert screen.article.cursor == 2


async def test_the_timed_position_save_does_not_read_the_links_again(corpus, make_app):
    with Store(corpus) as store:
        alice = Annotations(store, "alice")
        claim_id = alice.mark_claim(store.sentences("a")[0].id)
        alice.link(claim_id, store.sentences("b")[0].id, "corroborates")
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")  # the panel shows a:0's claim and its link
        await pilot.press("j")
        screen.save_position()  # what the timer calls every POSITION_SAVE_SECONDS
        assert query(corpus, "SELECT current_idx FROM positions WHERE source_id = 'a'") == [(1,)]
        sent: list[str] = []
        app.store.db.conn.set_trace_callback(sent.append)
        await pilot.press("k")  # back on the claim: the panel shows its links again
        await pilot.pause()
        app.store.db.conn.set_trace_callback(None)
        assert "+ corroborates b:0" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert [statement for statement in sent if "FROM links l" in statement and "l.claim_id = " in statement] == []


async def test_header_shows_the_annotator_and_database(corpus, make_app):
    app = make_app(corpus, annotator="bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header_text = "".join(screen_text(app.screen.query_one("HeaderTitle")))
        assert "bob" in header_text and "t.db" in header_text
        screen = await open_source(pilot, "a")
        assert "bob" in "".join(screen_text(screen.query_one("HeaderTitle")))
        await pilot.press("c")
    assert claims(corpus, "bob") == [("a", 0, None, None, None, None)]
    assert query(corpus, "SELECT name FROM annotators") == [("bob",)]


async def test_source_text_is_shown_literally(make_corpus, make_app):
    text = "One editor added [citation needed] to the page, and wrote [bold]x[/bold] next to it 🎉🇺🇦. Second sentence here."
    db = make_corpus({"odd": text})
    literal = "One editor added [citation needed] to the page, and wrote [bold]x[/bold] next to it 🎉🇺🇦."
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "One editor added [citation needed]" in "".join(screen_text(app.screen.query_one("#sources")))
        screen = await open_source(pilot, "odd")
        await pilot.press("c")  # the detail panel also shows the claim block
        await pilot.pause()
        assert literal in screen_text(screen.article)[0]
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert literal in detail
        assert query(db, "SELECT text FROM sentences WHERE idx = 0") == [(literal,)]


async def test_help_lists_the_live_bindings_by_id(corpus, make_app):
    app = make_app(corpus, keymap={"toggle-boilerplate": "b"})
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_text(app.screen.query_one("HelpScreen VerticalScroll Static")))
        for binding_id in ("toggle-claim", "claim-type", "verdict", "link-mode", "search", "undo", "redo",
                           "next-claim", "previous-claim", "next-sentence", "quit", "help"):
            assert binding_id in text, binding_id
        # link keys are off outside link mode, so help does not offer them
        assert "link-corroborates" not in text
        boilerplate_line = next(line for line in text.splitlines() if "toggle-boilerplate" in line)
        assert boilerplate_line.split()[0] == "b"  # the remapped key, not the default x
        assert "Sentence list:" in text
        await pilot.press("escape")
        await pilot.pause()
        assert getattr(app.screen, "IS_ARTICLE", False)


async def test_help_on_the_sources_view(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(screen_text(app.screen.query_one("HelpScreen VerticalScroll Static")))
        assert "reload-sources" in text and "quit" in text
        assert "toggle-claim" not in text


async def test_keymap_remaps_a_binding_by_id(corpus, make_app):
    app = make_app(corpus, keymap={"toggle-claim": "m"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        assert claims(corpus) == []
        await pilot.press("m")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, None, None)]
        assert screen_text(screen.article)[0].startswith("▌◆")
        footer = {key.description: key.key_display for key in screen.query("FooterKey")}
        assert footer["Claim"] == "m"


async def test_command_palette_runs_an_annotation_action(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"unmark claim")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
    assert claims(corpus) == [("a", 1, None, None, None, None)]


def _generated_rows(count: int) -> list[SentenceRow]:
    return [SentenceRow(Sentence(i + 1, f"s{i // 1000}", 1, i % 1000, 0, 10, f"sentence number {i}")) for i in range(count)]


async def test_sentence_list_handles_100k_rows():
    from textual.app import App

    class ListApp(App):
        def compose(self):
            yield SentenceList(id="list", show_source=True)

    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(SentenceList)
        widget.focus()
        widget.set_rows(_generated_rows(100_000), 0)
        await pilot.pause()
        page = widget.size.height - 1
        await pilot.press("pagedown", "pagedown")
        assert widget.cursor == 2 * page
        await pilot.press("end")
        await pilot.pause()
        assert widget.cursor == 99_999
        assert "sentence number 99999" in screen_text(widget)[-1]  # the last row is on screen, not hidden
        await pilot.press("pageup", "k")
        assert widget.cursor == 99_999 - page - 1
        await pilot.press("home")
        await pilot.pause()
        assert widget.cursor == 0 and widget.scroll_offset.y == 0
