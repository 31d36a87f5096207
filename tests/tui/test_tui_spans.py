"""Span claims from the keys: two claims on one sentence, each linked, an evidence set from two sources, undo/redo, restart."""

from __future__ import annotations

from tui_helpers import SIZE, open_source, query, screen_text, sentence_id, settle

from annotator.tui.dialogs import ConfirmDialog
from annotator.tui.word_picker import WordPicker

FIRST = "The council approved 40 new buses on Monday."


def span_claims(db_path) -> list[tuple]:
    """(sentence index, span text, claim type) of alice's claims, by span."""
    return query(db_path, "SELECT t.idx, substr(t.text, c.span_start - t.start + 1, c.span_end - c.span_start), "
                          "c.claim_type FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                          "WHERE c.annotator = 'alice' ORDER BY t.idx, c.span_start")


def span_links(db_path) -> list[tuple]:
    """(claim span text, relation, evidence source:index, evidence set) of every link."""
    return query(db_path, "SELECT substr(t.text, c.span_start - t.start + 1, c.span_end - c.span_start), l.relation, "
                          "e.source_id || ':' || e.idx, l.evidence_set FROM links l JOIN claims c ON c.id = l.claim_id "
                          "JOIN sentences t ON t.id = c.sentence_id JOIN sentences e ON e.id = l.evidence_sentence_id "
                          "ORDER BY c.span_start, e.source_id, e.idx")


def all_rows(db_path) -> tuple[list, list]:
    return query(db_path, "SELECT * FROM claims ORDER BY id"), query(db_path, "SELECT * FROM links ORDER BY id")


async def mark_words(pilot, *keys: str) -> None:
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(pilot.app.screen, WordPicker)
    await pilot.press(*keys, "enter")
    await pilot.pause()


async def test_two_spans_linked_apart_a_set_from_two_sources_undo_redo_and_restart(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await mark_words(pilot, "l", "l", "l", "L", "L")
        assert span_claims(corpus) == [(0, "40 new buses", None)]
        await mark_words(pilot, "end", "H")
        assert span_claims(corpus) == [(0, "40 new buses", None), (0, "on Monday", None)]
        assert screen.current_claim.quoted(FIRST) == "on Monday"  # the cursor goes to the new claim
        assert screen.article.current.state.claims == 2

        # "on Monday": one evidence set of b:0 and c:0, gathered from two sources
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("right_square_bracket", "a", "right_square_bracket", "a")
        await settle(pilot)
        assert [s.source_id for s in screen.pending_evidence()] == ["b", "c"]
        await pilot.press("1")
        await pilot.pause()
        assert span_links(corpus) == [("on Monday", "corroborates", "b:0", 1), ("on Monday", "corroborates", "c:0", 1)]
        assert screen.pending_evidence() == []

        # "40 new buses": the claim cursor moves to it, and 2 links it alone to c:0
        await pilot.press("escape", "comma")
        await pilot.pause()
        assert screen.current_claim.quoted(FIRST) == "40 new buses"
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "2")
        await pilot.pause()
        links_done = [("40 new buses", "conflicts", "c:0", None),
                      ("on Monday", "corroborates", "b:0", 1), ("on Monday", "corroborates", "c:0", 1)]
        assert span_links(corpus) == links_done

        # t acts on the claim under the claim cursor, not the first one
        await pilot.press("escape", "full_stop", "t", "1")
        await pilot.pause()
        assert span_claims(corpus) == [(0, "40 new buses", None), (0, "on Monday", "numeric")]
        done = all_rows(corpus)
        panel = str(screen.query_one("#detail-panel").text)
        assert "CLAIMS (2" in panel and "“40 new buses”" in panel and "set 1: corroborates, together" in panel

        for _ in range(5):
            await pilot.press("u")
            await pilot.pause()
        assert all_rows(corpus) == ([], [])
        for _ in range(5):
            await pilot.press("ctrl+r")
            await pilot.pause()
        assert all_rows(corpus) == done

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        assert screen.article.current.state.claims == 2
        assert [claim.quoted(FIRST) for claim in screen.sentence_claims] == ["40 new buses", "on Monday"]
        await pilot.press("full_stop")
        await pilot.pause()
        assert screen.current_claim.quoted(FIRST) == "on Monday"
        await pilot.press("u")  # the type, set before the restart
        await pilot.pause()
        assert span_claims(corpus) == [(0, "40 new buses", None), (0, "on Monday", None)]
    assert span_links(corpus) == links_done


async def test_c_unmarks_only_the_claim_under_the_cursor_and_w_changes_nothing_on_escape(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await mark_words(pilot, "l", "l", "l")
        await mark_words(pilot, "end")
        await pilot.press("w", "l", "escape")
        await pilot.pause()
        assert span_claims(corpus) == [(0, "40", None), (0, "Monday", None)]
        await pilot.press("c")  # the cursor is on "Monday", which has no links: no question
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert span_claims(corpus) == [(0, "40", None)]
        assert screen.current_claim.quoted(FIRST) == "40"


async def test_the_same_words_twice_are_refused_and_W_repicks_the_words(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await mark_words(pilot, "l")
        await mark_words(pilot, "l")
        assert span_claims(corpus) == [(0, "council", None)]
        assert app.screen is screen
        await pilot.press("W")
        await pilot.pause()
        await pilot.press("L", "enter")
        await pilot.pause()
        assert span_claims(corpus) == [(0, "council approved", None)]


async def test_gathering_evidence_from_the_claims_own_source_is_refused(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("right_square_bracket", "a", "a")  # added, then taken out again
        await pilot.pause()
        assert screen.pending_evidence() == []
        await pilot.press("a", "1")  # a set of one is a plain link
        await pilot.pause()
        assert query(corpus, "SELECT evidence_set FROM links") == [(None,)]
        assert sentence_id(corpus, "b", 0) in screen.evidence.relations


async def test_the_row_shows_two_claims_and_the_current_span(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await mark_words(pilot, "l", "l", "l")
        await mark_words(pilot, "end")
        assert screen_text(screen.article)[0].startswith("▌2·")  # the cursor, two claims, no type yet
        assert screen.article.current_spans == {sentence_id(corpus, "a", 0): (FIRST.index("Monday"), len(FIRST) - 1)}
        await pilot.press("j")
        await pilot.pause()
        assert screen.article.current_spans == {}


def test_marks_of_custom_labels_are_their_initials():
    from annotator.tui.sentence_list import relation_mark, verdict_mark

    assert (verdict_mark("supported"), verdict_mark("disputed"), verdict_mark(None)) == ("✓", "D", " ")
    assert (relation_mark("conflicts"), relation_mark("qualifies"), relation_mark(None)) == ("-", "q", " ")


def test_spans_map_onto_the_row_text_past_the_tag_and_drawn_line_breaks():
    from annotator.tui.sentence_list import _shown_span, span_pieces

    text = "one\ntwo three"  # a line break is drawn as " ⏎ ", three cells
    start, end = _shown_span(text, (text.index("three"), len(text)), tag_length=4)
    assert (start, end) == (4 + len("one ⏎ two "), 4 + len("one ⏎ two three"))
    assert span_pieces(0, 10, ((2, 4), (6, 12)), (6, 12)) == [(0, 2, False, False), (2, 4, True, False),
                                                              (4, 6, False, False), (6, 10, True, True)]


async def test_slash_in_the_picker_finds_the_first_word_and_the_span_is_stored(corpus, make_app):
    """A word far into the sentence by its start (`/bu`), extended one word: the stored span is those words."""
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await mark_words(pilot, "slash", *"BU", "enter", "L", "L")
        assert span_claims(corpus) == [(0, "buses on Monday", None)]
        await mark_words(pilot, "slash", *"n", "enter", "n", "L")  # "new"; n again wraps round onto it, the one word begun so
        assert span_claims(corpus) == [(0, "new buses", None), (0, "buses on Monday", None)]


async def test_question_mark_in_the_picker_lists_the_pickers_keys_from_its_bindings(corpus, make_app):
    from annotator.tui.dialogs import HelpScreen

    app = make_app(corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_source(pilot, "a")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(screen_text(app.screen.query_one("VerticalScroll Static")))
        assert "picker-find-word" in listed and "picker-find-next" in listed and "picker-confirm" in listed, listed
        assert "toggle-claim" not in listed  # the article's keys do not work in the picker: not listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WordPicker)


async def test_a_find_typed_in_one_read_is_all_text_looked_for_not_picker_keys(corpus, make_app):
    """`/on` typed at once (a terminal's one read): the keys after `/` reached the picker before the app ran `/`'s binding,
    so `n` was taken for "find the next" and the find line stayed empty."""
    from tui_helpers import typed_at_once

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("w")
        await pilot.pause()
        await typed_at_once(pilot, "slash", "o", "n", "enter", "L", "enter")  # n: a picker key, here a letter
        await pilot.pause()
        assert span_claims(corpus) == [(0, "on Monday", None)]
