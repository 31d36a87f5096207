"""Marking: claims on and off (asking when links would go), claim type, verdict, text and note, boilerplate."""

from __future__ import annotations

from tui_helpers import (
    SIZE,
    boilerplate,
    claims,
    links,
    notices,
    open_source,
    query,
    screen_text,
    sentence_id,
    sources_loaded,
)

from annotator.annotations import Annotations
from annotator.store import Store
from annotator.tui.dialogs import ChoiceDialog, ClaimTextDialog, ConfirmDialog


def _link(db, claim_at: tuple[str, int], evidence_at: list[tuple[str, int, str]]) -> None:
    """Give a claim links through the core API, as if made in an earlier session."""
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        claim_id = annotations.mark_claim(sentence_id(db, *claim_at))
        for source_id, index, relation in evidence_at:
            annotations.link(claim_id, sentence_id(db, source_id, index), relation)


async def test_c_marks_and_unmarks_a_claim(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "c")
        await pilot.pause()
        assert claims(corpus) == [("a", 1, None, None, None, None)]
        assert screen_text(screen.article)[1].startswith("▌◆")
        assert "CLAIM" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        await pilot.press("c")
        await pilot.pause()
        assert claims(corpus) == []
        assert not isinstance(app.screen, ConfirmDialog)  # no links: nothing to ask
        assert screen_text(screen.article)[1].startswith("▌ ")
        await pilot.press("c", "escape")  # the sources view counts it
        await sources_loaded(pilot)
        assert app.screen.query_one("#sources").row_for("a").cells()[4] == "1"


async def test_unmarking_a_linked_claim_asks_once(corpus, make_app):
    _link(corpus, ("a", 0), [("b", 0, "corroborates"), ("c", 0, "conflicts")])
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        assert screen_text(screen.article)[0].startswith("▌◆· +1 -1 ")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "2 link(s)" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert claims(corpus) == [("a", 0, None, None, None, None)]
        assert len(links(corpus)) == 2
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert claims(corpus) == [] and links(corpus) == []
        assert screen_text(screen.article)[0].startswith("▌ ")


async def test_claim_type_and_verdict_by_digit_and_0_clears(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, "numeric", None, None, None)]
        await pilot.press("v", "2")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, "numeric", "refuted", None, None)]
        assert screen_text(screen.article)[0].startswith("▌◆N✗")
        assert "type: numeric  verdict: refuted" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        await pilot.press("t", "4", "v", "0")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, "event", None, None, None)]
        await pilot.press("t", "0")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, None, None)]


async def test_choice_dialog_by_arrows_enter_and_escape(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "v", "down", "down", "enter")
        await pilot.pause()
        assert claims(corpus)[0][3] == "mixed"
        await pilot.press("v", "escape")
        await pilot.pause()
        assert getattr(app.screen, "IS_ARTICLE", False)
        assert claims(corpus)[0][3] == "mixed"
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.query_one("OptionList").highlighted == 2  # opens on the current value


async def test_type_and_verdict_on_a_non_claim_warn(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("t", "v", "e")
        await pilot.pause()
        assert getattr(app.screen, "IS_ARTICLE", False)
        assert [severity for _, severity in notices(app)] == ["warning"] * 3
    assert claims(corpus) == []


async def test_e_edits_normalised_text_and_note(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "e")
        await pilot.pause()
        assert isinstance(app.screen, ClaimTextDialog)
        await pilot.press(*"40 buses [sic]", "tab", *"ok? j q", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert claims(corpus) == [("a", 0, None, None, "40 buses [sic]", "ok? j q")]
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert "normalised: 40 buses [sic]" in detail
        assert "note: ok? j q" in detail
        # editing again starts from the stored values; emptying a field clears it
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#note").value == "ok? j q"
        await pilot.press("tab", "ctrl+u", "enter")  # ctrl+u deletes to the start of the line
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, "40 buses [sic]", None)]
        await pilot.press("e", *" more", "escape")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, "40 buses [sic]", None)]


async def test_x_toggles_boilerplate(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("end", "x")
        await pilot.pause()
        assert boilerplate(corpus) == [("a", 4)]
        assert "boilerplate" in screen_text(screen.query_one("#detail-panel"))[0]
        assert screen.article.rows[4].state.boilerplate
        await pilot.press("x")
        await pilot.pause()
        assert boilerplate(corpus) == []
        assert not screen.article.rows[4].state.boilerplate


async def test_shift_x_marks_the_rest_as_boilerplate(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "j", "j", "x", "k", "X")
        await pilot.pause()
        assert boilerplate(corpus) == [("a", 2), ("a", 3), ("a", 4)]
        assert [row.state.boilerplate for row in screen.article.rows] == [False, False, True, True, True]
        await pilot.press("u")
        await pilot.pause()
        assert boilerplate(corpus) == [("a", 3)]


async def test_ctrl_e_exports_in_a_worker_and_says_where(corpus, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _link(corpus, ("a", 0), [("b", 0, "corroborates")])
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # jsonl
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = tmp_path / "exports" / f"{corpus.stem}.alice.jsonl"
        lines = written.read_text(encoding="utf-8").splitlines()
        assert [line.count('"record":"claim"') for line in lines] == [0, 0, 1, 0]  # header, source a, claim, source b
        assert (f"Exported 1 claim(s) as jsonl to {written.absolute()}", "information") in notices(app)  # the folder named too


async def test_suggested_boilerplate_is_rejected_with_o_and_confirmed_with_x_or_b(make_corpus, make_app):
    db = make_corpus({"s": "Skip to content\nThe council approved 40 new buses on Monday.\nAdvertisement\nShare\n"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "s")
        lines = screen_text(screen.article)
        assert lines[0].startswith("▌?") and lines[2].startswith(" ?") and lines[1].startswith("  ")
        assert "suggested boilerplate (skip link): x marks it, o keeps it" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        await pilot.press("o")  # keep "Skip to content" as text
        await pilot.pause()
        assert boilerplate(db) == [] and screen_text(screen.article)[0].startswith("▌ ")
        assert query(db, "SELECT sentence_id, annotator FROM boilerplate_rejections") == [(sentence_id(db, "s", 0), "alice")]
        await pilot.press("j", "j", "x")  # x on a suggestion confirms it: it is marking boilerplate
        await pilot.pause()
        assert boilerplate(db) == [("s", 2)]
        await pilot.press("B")  # the rest of this source's suggestions in one step
        await pilot.pause()
        assert boilerplate(db) == [("s", 2), ("s", 3)]
        await pilot.press("u", "u")
        await pilot.pause()
        assert boilerplate(db) == []
        await pilot.press("u")
        await pilot.pause()
        assert query(db, "SELECT count(*) FROM boilerplate_rejections") == [(0,)]
        assert screen.article.cursor == 0 and screen_text(screen.article)[0].startswith("▌?")  # undo went back to s:0
