"""The word picker: a word cursor over the whole sentence that returns claim offsets or a split point."""

from __future__ import annotations

from textual.app import App

from annotator.tui.word_picker import SPLIT, WordPicker

TEXT = "The ministry counted 6,700 containers, which could hold over 3 million shells and 500,000 rockets."
LONG = " ".join(f"word{n}" for n in range(400)) + "."


class PickerApp(App):
    """Pushes one picker and keeps what it returned."""

    def __init__(self, picker: WordPicker):
        super().__init__()
        self.picker = picker
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.picker, self.results.append)


async def pick(picker: WordPicker, *keys: str, size=(80, 24)) -> list:
    app = PickerApp(picker)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app.results


async def test_move_extend_and_confirm_gives_trimmed_offsets():
    results = await pick(WordPicker(TEXT, "claim"), "l", "l", "l", "L", "enter")
    assert results == [(21, 37)] and TEXT[21:37] == "6,700 containers"


async def test_arrows_shift_arrows_home_and_end():
    assert await pick(WordPicker(TEXT, "claim"), "end", "shift+left", "enter") == [(TEXT.index("500,000"), len(TEXT) - 1)]
    assert await pick(WordPicker(TEXT, "claim"), "right", "shift+end", "shift+home", "enter") == [(0, 12)]
    assert await pick(WordPicker(TEXT, "claim"), "right", "H", "H", "enter") == [(0, 12)]


async def test_initial_span_is_selected_and_escape_returns_none():
    start = TEXT.index("3 million")
    assert await pick(WordPicker(TEXT, "claim", (start, start + 9)), "enter") == [(start, start + 9)]
    assert await pick(WordPicker(TEXT, "claim", (start, start + 9)), "l", "escape") == [None]


async def test_split_returns_an_insertion_point_and_refuses_the_first_word():
    assert await pick(WordPicker(TEXT, SPLIT), "enter") == [(4, 4)]
    assert await pick(WordPicker(TEXT, SPLIT), "home", "enter", "L", "L", "enter") == [(13, 13)]
    start = TEXT.index("which")
    assert await pick(WordPicker(TEXT, SPLIT, (start, start)), "enter") == [(start, start)]


async def test_a_long_sentence_scrolls_to_the_cursor_at_80x24():
    app = PickerApp(WordPicker(LONG, "claim"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        scroll = app.screen.query_one("VerticalScroll")
        assert scroll.scroll_y > 0 and scroll.max_scroll_y > 0
        await pilot.press("enter")
    assert app.results == [(LONG.index("word399"), len(LONG) - 1)]


async def test_markup_in_the_text_is_shown_literally_and_no_words_cancels():
    app = PickerApp(WordPicker("[b]bold[/b] [link=x]y", "claim"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#picker-sentence").render()
        assert "[b]bold[/b] [link=x]y" in str(shown)
    assert await pick(WordPicker("   ", "claim"), "l", "enter") == [None]


async def test_the_scroll_after_a_key_does_nothing_once_the_picker_closed():
    """A move's scroll runs after the next refresh, which can come after enter closed the picker (it crashed the app)."""
    picker = WordPicker(TEXT, "claim")
    app = PickerApp(picker)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        picker.scroll_to_cursor()
    assert app.results == [(4, 12)]


async def test_slash_finds_a_word_by_its_start_as_typed_and_n_finds_the_next():
    # "containers" by its start (the N typed in the find line is a letter, not the key N), then extend two words
    assert await pick(WordPicker(TEXT, "claim"), "slash", *"CONT", "enter", "L", "L", "enter") == [
        (TEXT.index("containers"), TEXT.index("could") + 5)]
    # after enter, n: the next word begun so (word30, then word31); N the previous
    assert await pick(WordPicker(LONG, "claim"), "slash", *"word3", "enter", "n", "n", "enter") == [
        (LONG.index("word31 "), LONG.index("word31 ") + 6)]
    assert await pick(WordPicker(LONG, "claim"), "slash", *"word37", "enter", "N", "enter") == [
        (LONG.index("word379"), LONG.index("word379") + 7)]


async def test_escape_in_the_find_line_goes_back_and_a_second_escape_cancels():
    assert await pick(WordPicker(TEXT, "claim"), "l", "slash", *"rock", "escape", "enter") == [(4, 12)]
    assert await pick(WordPicker(TEXT, "claim"), "slash", *"rock", "escape", "escape") == [None]


async def test_a_word_not_found_says_so_and_leaves_the_cursor():
    app = PickerApp(WordPicker(TEXT, "claim"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l", "slash", *"zz")
        await pilot.pause()
        assert "No word begins with “zz”" in str(app.screen.query_one("#picker-selection").render())
        await pilot.press("enter", "enter")
    assert app.results == [(4, 12)]


async def test_find_picks_a_split_point():
    assert await pick(WordPicker(TEXT, SPLIT), "slash", *"which", "enter", "enter") == [(TEXT.index("which"),) * 2]



async def test_extending_skips_a_lone_slash_so_two_words_on_reach_the_next_figure():
    """Round 11: from `23,000-33,000`, two words on gave `23,000-33,000 dead /` (the `/` counted as a word)."""
    text = "Pakistan: 23,000-33,000 dead / 40,000-50,000 injured. Source: Government of Pakistan - October 11."
    start = text.index("23,000")
    assert await pick(WordPicker(text, "claim"), "l", "L", "L", "enter") == [(start, text.index(" injured"))]
    assert await pick(WordPicker(text, "claim"), "l", "L", "enter") == [(start, text.index(" /"))]  # never ends on it
    assert await pick(WordPicker(text, "claim"), "end", "H", "H", "enter") == [(text.index("Pakistan -"), len(text) - 1)]
    assert await pick(WordPicker(text, SPLIT), "l", "l", "enter") == [(text.index("/"), text.index("/"))]  # splits may
