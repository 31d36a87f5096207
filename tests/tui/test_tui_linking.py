"""Linking: link mode with candidates, the three relations, unlinking, switching sources, search, claim jumps."""

from __future__ import annotations

from tui_helpers import SIZE, claims, links, notices, open_source, row_lines, screen_text, sentence_id, settle

from annotator.annotations import Annotations
from annotator.store import Store
from annotator.tui.dialogs import ConfirmDialog, SearchDialog


def _evidence_at(screen) -> list[str]:
    """'source:index' of each row in the evidence list."""
    return [f"{row.sentence.source_id}:{row.sentence.index}" for row in screen.evidence.rows]


def _title(screen, which: str) -> str:
    return str(screen.query_one(f"#{which}-title").render())


async def test_l_on_a_non_claim_warns_and_does_nothing(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("l")
        await settle(pilot)
        assert not screen.evidence_visible
        assert not screen.query_one("#evidence-pane").display
        assert notices(app) == [("This sentence is not a claim yet: press c to mark it, w to mark some of its words.", "warning")]
        await pilot.press("1", "2", "3")  # link keys are off outside link mode
        await pilot.pause()
    assert claims(corpus) == [] and links(corpus) == []


async def test_link_mode_creates_each_relation(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        assert screen.query_one("#evidence-pane").display and screen.evidence.has_focus
        assert _title(screen, "evidence").startswith("Suggestions for a:0 (3)")
        assert _evidence_at(screen) == ["b:0", "c:0", "b:2"]  # best first, never the claim's own source
        await pilot.press("1", "j", "2", "j", "3")
        await pilot.pause()
        assert links(corpus) == [("a", 0, "corroborates", "b", 0), ("a", 0, "related", "b", 2),
                                 ("a", 0, "conflicts", "c", 0)]
        evidence_lines = row_lines(screen.evidence)
        assert [line[1:].split()[:4] for line in evidence_lines[:3]] == [
            ["◇", "b:0", "+", "#1"], ["◇", "c:0", "-", "#2"], ["◇", "b:2", "~", "#3"]]
        assert screen_text(screen.article)[0].startswith("▌◆· +1 -1 ~1 ")
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert "+ corroborates b:0" in detail and "- conflicts    c:0" in detail and "~ related      b:2" in detail
        assert "already linked: related" in detail


async def test_another_relation_replaces_and_the_same_one_asks_to_delete(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("1", "2")
        await pilot.pause()
        assert links(corpus) == [("a", 0, "conflicts", "b", 0)]
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "'conflicts' link to b:0" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert links(corpus) == [("a", 0, "conflicts", "b", 0)]
        await pilot.press("2", "y")
        await pilot.pause()
        assert app.screen is screen and links(corpus) == []
        assert screen_text(screen.article)[0].startswith("▌◆·" + " " * 10 + "   0 ")
        await pilot.press("3", "d")  # d deletes whatever link the evidence has, after asking
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # enter never confirms a deletion
        await pilot.pause()
        assert links(corpus) == [("a", 0, "related", "b", 0)]
        await pilot.press("d", "y")
        await pilot.pause()
        assert links(corpus) == []


async def test_brackets_switch_the_evidence_source_in_link_mode(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert _title(screen, "evidence").startswith("Evidence from b (4)")
        assert _evidence_at(screen) == ["b:0", "b:1", "b:2", "b:3"]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert _evidence_at(screen) == ["c:0", "c:1"]
        await pilot.press("j", "3")
        await pilot.pause()
        assert links(corpus) == [("a", 0, "related", "c", 1)]
        await pilot.press("right_square_bracket")  # wraps to the candidates, skipping the claim's source
        await settle(pilot)
        assert _title(screen, "evidence").startswith("Suggestions for a:0")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _evidence_at(screen) == ["c:0", "c:1"]
        assert screen.source_id == "a"


async def test_brackets_switch_the_article_outside_link_mode(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        seen = []
        for key in ["right_square_bracket"] * 3 + ["left_square_bracket"]:
            await pilot.press(key)
            await pilot.pause()
            seen.append((screen.source_id, _title(screen, "article").split()[0]))
        assert seen == [("b", "b"), ("c", "c"), ("a", "a"), ("c", "c")]
        assert "A spokesperson declined" in screen_text(screen.article)[1]
        await pilot.press("j", "c")
        await pilot.pause()
    assert claims(corpus) == [("c", 1, None, None, None, None)]


async def test_escape_closes_link_mode_then_leaves_the_article(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("tab")
        assert screen.article.has_focus
        await pilot.press("tab")
        assert screen.evidence.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.evidence_visible and screen.article.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#sources").has_focus


async def test_moving_the_claim_cursor_in_link_mode_ranks_again(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "c", "l")
        await settle(pilot)
        assert _evidence_at(screen) == ["b:1", "c:1"]
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("tab", "k")
        await settle(pilot)
        assert _title(screen, "evidence").startswith("Suggestions for a:0")
        await pilot.press("tab", "1")  # sentence a:0 is no claim: nothing is linked
        await pilot.pause()
        assert notices(app)[-1][1] == "warning"
    assert links(corpus) == [("a", 1, "corroborates", "b", 1)]


async def test_search_across_sources_and_jump_to_a_result(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchDialog)
        await pilot.press(*"electric fleet", "enter")
        await settle(pilot)
        assert _title(screen, "evidence").startswith("Search 'electric fleet' (3)")
        assert sorted(_evidence_at(screen)) == ["a:1", "b:1", "c:1"]
        while screen.evidence.current.sentence.source_id != "c":
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.source_id == "c" and screen.article.cursor == 1 and screen.article.has_focus
        await pilot.press("c")
        await pilot.pause()
        assert claims(corpus) == [("c", 1, None, None, None, None)]
        await pilot.press("slash")  # the dialog offers the last search again
        await pilot.pause()
        assert app.screen.query_one("Input").value == "electric fleet"


async def test_search_with_no_match_and_with_fts_syntax(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("slash", *'"cost OR (NEAR', "enter")
        await settle(pilot)
        assert _title(screen, "evidence").startswith("Search '\"cost OR (NEAR' (0)")
        assert screen.evidence.rows == []
        await pilot.press("1")  # nothing under the evidence cursor: nothing happens
        await pilot.pause()
    assert links(corpus) == []


async def test_search_is_stemmed_and_ranked(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("slash", *"declines comments", "enter")  # the text says "declined to comment"
        await settle(pilot)
        assert _evidence_at(screen) == ["c:1"]
        await pilot.press("slash", "ctrl+u", *"approve buses", "enter")
        await settle(pilot)
        assert sorted(_evidence_at(screen)) == ["a:0", "b:0", "c:0"]  # "approved 40 new buses": stems, any order
        assert [row.tag[:3] for row in screen.evidence.rows] == ["#1 ", "#2 ", "#3 "]  # ranked, with reasons


async def test_search_from_a_claim_leaves_out_its_source_and_marks_clashes(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "slash", *"vote", "enter")
        await settle(pilot)
        assert _evidence_at(screen) == [] and "not a" in _title(screen, "evidence")  # a:4 is in the claim's own source
        await pilot.press("slash", "ctrl+u", *"buses", "enter")
        await settle(pilot)
        assert sorted(_evidence_at(screen)) == ["b:0", "b:2", "c:0"]
        clash = next(row for row in screen.evidence.rows if row.sentence.source_id == "c")
        assert clash.tag_part == "conflicts" and "≠35" in clash.tag  # 35 buses against the claim's 40
        while screen.evidence.current.sentence.source_id != "c":
            await pilot.press("j")
        assert "possible conflict" in str(screen.query_one("#why").render())


async def test_search_from_the_sources_view(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rained", "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.source_id == "a" and _evidence_at(screen) == ["b:3"]
        await pilot.press("enter")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("b", 3)


async def test_n_and_shift_n_jump_between_claims_across_sources(corpus, make_app):
    with Store(corpus) as store:
        annotations = Annotations(store, "alice")
        for source_id, index in [("a", 1), ("b", 2), ("c", 0)]:
            annotations.mark_claim(sentence_id(corpus, source_id, index))
        Annotations(store, "bob").mark_claim(sentence_id(corpus, "a", 3))  # someone else's: skipped
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        seen = []
        for key in ["n", "n", "n", "n", "N", "N", "N"]:
            await pilot.press(key)
            await pilot.pause()
            seen.append(f"{screen.source_id}:{screen.article.cursor}")
        assert seen == ["a:1", "b:2", "c:0", "a:1", "c:0", "b:2", "a:1"]


async def test_n_without_claims_says_so(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("n")
        await pilot.pause()
        assert screen.source_id == "a" and screen.article.cursor == 0
        assert "No claims yet" in notices(app)[-1][0]


async def test_evidence_shows_its_claims_and_enter_jumps_to_the_claim(corpus, make_app):
    with Store(corpus) as store:
        annotations = Annotations(store, "alice")
        claim_id = annotations.mark_claim(sentence_id(corpus, "a", 3))
        annotations.link(claim_id, sentence_id(corpus, "b", 2), "corroborates")
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "b")
        assert screen_text(screen.article)[2].startswith(" ◇")
        await pilot.press("j", "j")
        await pilot.pause()
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert "evidence + for claim a:3: Critics said the cost was too high." in detail
        await pilot.press("enter")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("a", 3)
        assert screen_text(screen.article)[3].startswith("▌◆· +1 ")


async def test_link_a_seed_claim_to_its_corroboration(seeds_db, make_app):
    first, second = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"
    app = make_app(seeds_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, first)
        assert screen.current_sentence.text.startswith("North Korea is reported to have dispatched over 13,000")
        await pilot.press("c", "t", "1", "l")
        await settle(pilot)
        assert {row.sentence.source_id for row in screen.evidence.rows} == {second}
        top = screen.evidence.current.sentence
        assert top.index == 0 and "at least 13,000 shipping containers" in top.text
        await pilot.press("1")
        await pilot.pause()
        assert "+ corroborates " + second + ":0" in "\n".join(screen_text(screen.query_one("#detail-panel")))
    assert claims(seeds_db) == [(first, 0, "numeric", None, None, None)]
    assert links(seeds_db) == [(first, 0, "corroborates", second, 0)]


async def test_a_slow_stale_ranking_never_replaces_the_current_one(corpus, make_app, monkeypatch):
    """Candidates ranked for a sentence the cursor has left must not overwrite those of the current one."""
    import asyncio
    import sys
    import threading

    from annotator import suggest

    real_rank, release, slow_worker_done = suggest.suggest_report, threading.Event(), threading.Event()

    def rank(store, sentence, **options):
        if sentence.index != 1:
            return real_rank(store, sentence, **options)
        # the ranking for a:1 is slow: it finishes after the one for a:2 is on screen
        worker_frame = sys._getframe(1)

        def on_return(frame, event, arg):  # tells the test when the worker function has fully returned
            if event == "return" and frame is worker_frame:
                sys.setprofile(None)
                slow_worker_done.set()

        release.wait(10)
        ranked = real_rank(store, sentence, **options)
        sys.setprofile(on_return)  # this worker thread only
        return ranked

    monkeypatch.setattr(suggest, "suggest_report", rank)
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("tab", "j", "j")
        for _ in range(1000):  # until the fast ranking for a:2 is shown (a bound, not a timing check)
            if _title(screen, "evidence").startswith("Suggestions for a:2"):
                break
            await pilot.pause(0.01)
        release.set()
        assert await asyncio.to_thread(slow_worker_done.wait, 10)
        await pilot.pause()
        assert _title(screen, "evidence").startswith("Suggestions for a:2")
        expected = real_rank(app.store, screen.current_sentence, k=50, annotator="alice").suggestions
        assert [row.sentence for row in screen.evidence.rows] == [s.sentence for s in expected]


async def test_a_link_key_stores_the_link_and_repaints_without_laying_out_the_screen(corpus, make_app):
    """1 writes the link, the evidence row and the claim's row show it, and the panel lists it, in one repaint."""
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.pause()
        layouts = []
        original = screen._refresh_layout
        screen._refresh_layout = lambda *args, **kwargs: (layouts.append(args), original(*args, **kwargs))
        await pilot.press("1")
        await pilot.pause()
        assert links(corpus) == [("a", 0, "corroborates", "b", 0)]
        assert row_lines(screen.evidence)[0][1:].split()[:3] == ["◇", "b:0", "+"]
        assert screen_text(screen.article)[0].startswith("▌◆· +1 ")
        assert "+ corroborates b:0" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert layouts == []  # the panel grew a line inside its own scroll range: nothing else moved


async def test_search_from_the_sources_view_searches_every_source(corpus, make_app):
    """Even when the source under the cursor opens on a claim, the sources view's search leaves no source out."""
    with Store(corpus) as store:
        Annotations(store, "alice").mark_claim(sentence_id(corpus, "a", 0))
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"electric fleet", "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.source_id == "a" and screen.current_sentence.index == 0  # on the claim
        assert sorted(_evidence_at(screen)) == ["a:1", "b:1", "c:1"]
        assert "not a" not in _title(screen, "evidence")
        await pilot.press("slash", "ctrl+u", *"fleet", "enter")  # a search from the claim in the article: not its source
        await settle(pilot)
        assert sorted(_evidence_at(screen)) == ["b:1", "c:1"]
