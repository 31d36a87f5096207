"""Keys typed ahead of a dialog: pressed before the dialog a previous key opened has taken focus, they go to it."""

from __future__ import annotations

from tui_helpers import SIZE, claims, open_source, query, typed_at_once

from annotator.tui.article import ArticleScreen


async def test_a_digit_typed_right_after_t_sets_the_type(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await typed_at_once(pilot, "t", "1", "v", "2")
        assert isinstance(app.screen, ArticleScreen)  # both dialogs opened and closed again
        assert claims(corpus) == [("a", 0, "numeric", "refuted", None, None)]
        assert app._markers > 0  # the held digits waited for markers sent behind the keys before them


async def test_a_run_of_keys_through_three_dialogs_keeps_its_order(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await typed_at_once(pilot, "t", "1", "v", "2", "j", "w", "l", "l", "L", "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert query(corpus, "SELECT t.idx, c.claim_type, c.verdict, c.span_start - t.start, c.span_end - t.start FROM claims c "
                             "JOIN sentences t ON t.id = c.sentence_id ORDER BY c.id") == [
            (0, "numeric", "refuted", None, None), (1, None, None, 10, 18)]  # "said the" of "The mayor said the fleet…"


async def test_words_typed_right_after_e_land_in_the_field(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await typed_at_once(pilot, "e", "f", "o", "r", "t", "y", "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert claims(corpus) == [("a", 0, None, None, "forty", None)]


async def test_picker_keys_typed_right_after_w_pick_the_words(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await typed_at_once(pilot, "w", "l", "l", "L", "enter")  # "approved 40" of "The council approved 40 new buses…"
        assert isinstance(app.screen, ArticleScreen)
        assert query(corpus, "SELECT span_start, span_end FROM claims") == [(12, 23)]


async def test_a_key_that_opens_a_screen_is_not_given_to_it_again(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark", "escape")  # a binding opened and closed a screen before
        await pilot.pause()
        await typed_at_once(pilot, "enter")  # opens source a on its first sentence, and nothing more
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.current_sentence.index == 0
        assert claims(corpus) == []


async def test_keys_that_open_no_screen_send_no_markers(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await typed_at_once(pilot, "j", "j", "c", "k", "x", "x")
        assert app.screen.current_sentence.index == 1
        assert claims(corpus) == [("a", 2, None, None, None, None)]
        assert app._markers == 0 and not app._on_the_way  # a key is only noted where it went: no message behind it
