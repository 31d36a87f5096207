"""What an 80×24 terminal shows in full: the words of every claim in the panel, lint and coverage rows, the claim a dialog acts on."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static
from tui_helpers import open_source, query, screen_text, sentence_id, settle, sources_loaded

from annotator.annotations import Annotations
from annotator.cell_fit import cells
from annotator.coverage import set_done
from annotator.store import Store
from annotator.tui.dialogs import ChoiceDialog, ClaimTextDialog

NARROW = (80, 24)
LONG = ("As reported by Newsweek, a Defense Intelligence Agency report submitted to Rep. Kang Dae-sik of South Korea's "
        "ruling People Power Party, revealed that North Korea has been delivering weapons shipments capable of holding "
        "more than 6 million 152-millimeter artillery shells through its eastern port of Najin.")
FIRST_SPAN = "a Defense Intelligence Agency report submitted to Rep. Kang Dae-sik of South Korea's ruling People Power Party"
TEXTS = {"n": LONG + " Nobody confirmed it.", "m": "North Korea sent more than 6 million shells, Newsweek reported."}
SECOND_SPAN = "North Korea has been delivering weapons shipments capable of holding more than 6 million 152-millimeter artillery shells"


def _two_long_claims(db) -> None:
    """Two claims on the long sentence, each on more than 60 characters of it."""
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        sentence = sentence_id(db, "n", 0)
        for span in (FIRST_SPAN, SECOND_SPAN):
            start = LONG.index(span)
            annotations.add_claim(sentence, (start, start + len(span)), claim_type="attribution")


def panel_text(screen) -> str:
    """Every line of the detail panel (scrolled or not), joined as one line of words."""
    return " ".join(" ".join(strip.text for strip in screen.query_one("#detail-panel").lines()).split())


async def test_the_panel_gives_every_claims_words_in_full_at_80_columns(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "n")
        text = panel_text(screen)
        assert f"▶ 1 “{FIRST_SPAN}”" in text and f"2 “{SECOND_SPAN}”" in text
        assert "…" not in text
        assert "CLAIM 1 of 2 [25:135] type: attribution" in text  # the list above gives the words: not again
        await pilot.press("full_stop")
        await pilot.pause()
        assert "CLAIM 2 of 2 [151:271]" in panel_text(screen)


async def test_link_mode_at_80_columns_says_which_claim_the_link_keys_act_on(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "n")
        await pilot.press("l", "full_stop")
        await settle(pilot)
        first_line = screen_text(screen.query_one("#detail-panel"))[0]
        assert first_line.startswith("n:0  [0:") and "keys act on claim 2 of 2" in first_line  # on screen, not scrolled to
        await pilot.press("1")
        await pilot.pause()
    assert query(db, "SELECT claim_id, relation FROM links") == [(2, "corroborates")]


async def test_lint_names_the_claims_words_and_shows_the_finding_in_full_at_80_columns(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert " ".join(str(app.screen.query_one("#story-detail").render()).split()) == \
            "m source-not-done nobody has marked this source done"
        await pilot.press("j", "j")  # past n's source-not-done
        await pilot.pause()
        detail = " ".join(str(app.screen.query_one("#story-detail").render()).split())
        assert detail == f"n:0 no-evidence claim “{FIRST_SPAN}” with no evidence linked (alice)"
        await pilot.press("j")
        await pilot.pause()
        assert f"“{SECOND_SPAN}”" in " ".join(str(app.screen.query_one("#story-detail").render()).split())
        region = app.screen.query_one("#story-detail").region
        assert region.width == 80 and region.height >= 3  # wrapped, not cut


async def test_the_type_verdict_and_text_dialogs_name_the_claim_they_act_on(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "n")
        await pilot.press("full_stop", "t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.title_text == f"Claim type for claim 2 of 2: “{SECOND_SPAN}”"
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ClaimTextDialog) and dialog.title_text == f"Claim text and note for claim 2 of 2: “{SECOND_SPAN}”"
        for field in dialog.query(Input):
            assert 0 <= field.region.y < NARROW[1]  # the fields stay on screen below the long sentence
        await pilot.press(*"6m shells", "enter")
        await pilot.pause()
        assert app.screen is screen
    assert query(db, "SELECT claim_type, normalized FROM claims ORDER BY id") == [("attribution", None), ("numeric", "6m shells")]


async def test_the_sources_view_keeps_every_count_and_done_in_view_at_80_columns(corpus, make_app):
    with Store(corpus) as store:
        set_done(store, "alice", ["a"], True)
        Annotations(store, "alice").mark_claim(sentence_id(corpus, "b", 0))
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        await sources_loaded(pilot)
        heading = str(app.screen.query_one("#sources-heading").render())
        rows = screen_text(app.screen.query_one("#sources"))[:3]
        assert heading.split()[:8] == ["source", "outlet", "published", "sents", "claims", "linked", "boil", "read"]
        assert rows[0].split()[:8] == ["▌a", "—", "—", "5", "0", "0", "0", "done"]
        assert rows[1].split()[:8] == ["b", "—", "—", "4", "1", "0", "0", "0%"]
        assert all(heading.index(name) == rows[0].index(cell) for name, cell in (("read", "done"),))
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert str(app.screen.query_one("#sources-heading").render()).split()[3] == "sentences"  # wide again


async def test_the_focused_panel_goes_to_its_top_and_bottom_with_g_and_shift_g(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "n")
        panel = screen.query_one("#detail-panel")
        await pilot.press("p", "G")
        await pilot.pause()
        assert panel.has_focus and panel.max_scroll_y > 0 and panel.scroll_offset.y == panel.max_scroll_y
        assert screen.article.cursor == 0  # the panel's G, not the article's last sentence
        await pilot.press("g")
        await pilot.pause()
        assert panel.scroll_offset.y == 0


async def test_help_at_80_columns_keeps_each_binding_and_its_id_together(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        lines = screen_text(app.screen.query_one("HelpScreen VerticalScroll Static"))
        assert lines[0].split() == ["↑", "k", "Previous", "row", "(previous-sentence)"]  # one line, not two
        assert not any(line.strip() in {"previous-sentence", "next-sentence"} for line in lines)
        wrapped = next(line for line in lines if "(mark-span)" in line)  # "Mark words … (one more)" does not fit
        assert wrapped.index("(mark-span)") == lines[0].index("Previous")  # it goes on in its column, not under the keys


@pytest.mark.parametrize("size", [NARROW, (120, 36)], ids=["80x24", "120x36"])
async def test_help_scrolls_to_its_last_line_and_keeps_its_hint_on_screen(corpus, make_app, size):
    app = make_app(corpus)
    async with app.run_test(size=size) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark", "end")
        await pilot.pause()
        dialog, scroll = app.screen.query_one("HelpScreen > Vertical"), app.screen.query_one("HelpScreen VerticalScroll")
        assert scroll.region.bottom <= dialog.content_region.bottom  # the list fits the dialog: none of it clipped
        hint = app.screen.query_one("HelpScreen Label.hint")
        assert str(hint.render()) == "/ filters · esc closes" and hint.region.bottom <= dialog.content_region.bottom
        lines = screen_text(scroll.query_one(Static))[scroll.scroll_offset.y : scroll.scroll_offset.y + scroll.scrollable_content_region.height]
        shown = " ".join(" ".join(lines).split())
        assert shown.endswith("/ search, u undo.")  # the article screen's help line, the last, reached
        bottom = scroll.scroll_offset.y
        await pilot.press("k", "k")
        await pilot.pause()
        assert scroll.scroll_offset.y == bottom - 2  # k and j scroll it, as they move the lists
        await pilot.press("j")
        await pilot.pause()
        assert scroll.scroll_offset.y == bottom - 1


async def test_help_at_80x24_fits_the_screen_with_its_hint_and_scrolls_to_the_last_key(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        dialog, keys = app.screen.query_one("HelpScreen > Vertical"), app.screen.query_one("HelpScreen VerticalScroll")
        assert dialog.region.bottom <= NARROW[1] and dialog.region.contains_region(app.screen.query_one(".hint").region)
        assert keys.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert keys.scroll_offset.y == keys.max_scroll_y  # the last keys (ctrl+e, ctrl+s) are a scroll away, not cut off


async def test_link_modes_why_line_takes_two_lines_at_80_columns(make_corpus, make_app):
    db = make_corpus(TEXTS | {"k": "Newsweek said North Korea had sent 3 million 152-millimeter artillery shells to Russia by July."})
    _two_long_claims(db)
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "n")
        await pilot.press("full_stop", "l")
        await settle(pilot)
        while "conflict" not in str(screen.query_one("#why").render()) and screen.evidence.cursor < len(screen.evidence.rows) - 1:
            await pilot.press("j")
            await pilot.pause()
        why = screen.query_one("#why")
        lines = screen_text(why)
        assert why.region.height == 2 and lines[1].strip()  # the reasons go on under the first line
        assert "possible conflict: more than 6 million 152-millimeter artillery shells vs 3 million" in " ".join(" ".join(lines).split())
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert screen.query_one("#why").region.height == 1


async def test_link_mode_shows_which_side_has_the_keys_in_its_title(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "a")

        def reversed_titles() -> list[str]:
            return [title.id for title in screen.query(".pane-title") if title.display and title.styles.text_style.reverse]

        await pilot.press("c", "l")
        await settle(pilot)
        assert reversed_titles() == ["evidence-title"]  # j/k and 1/2/3 act there
        await pilot.press("tab")
        await pilot.pause()
        assert reversed_titles() == ["article-title"]
        await pilot.press("tab", "escape")
        await pilot.pause()
        assert reversed_titles() == []  # one side only: nothing to tell apart


async def test_link_mode_at_40x12_keeps_a_claim_row_and_an_evidence_row_in_view(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        article, evidence = screen_text(screen.article), screen_text(screen.evidence)
        assert article and article[0].startswith("▌◆") and "The council" in article[0]
        assert evidence and evidence[0].startswith("▌") and "#1" in evidence[0]
        for sentence_list in (screen.article, screen.evidence):  # drawn where nothing covers or clips them
            region = sentence_list.region
            assert region.height >= 1 and screen.get_widget_at(10, region.y)[0] is sentence_list
        assert screen.query_one("#why").region.height == 1


async def test_the_evidence_title_keeps_how_many_sources_agree_and_refits_on_a_resize(make_corpus, make_app):
    db = make_corpus({"a": "The council approved 40 new buses on Monday.",
                      "b": "The council approved 40 new buses, the city said.",
                      "c": "The council approved 45 new buses last month, officials said."})
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        label = screen.query_one("#evidence-title")
        title = str(label.render())
        assert "1 source agrees" in title and cells(title) <= label.size.width  # whole at 80: the hints went first
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        await pilot.pause()
        title = str(screen.query_one("#evidence-title").render())
        assert title.startswith("Suggestions for a:0") and "1 source agrees" in title and "[ ] sources" in title
