"""At 80×24: one line per link in the panel, a title column worth reading, the teammate's verdict in view, word jumps."""

from __future__ import annotations

from tui_helpers import open_source, row_lines, screen_text, sentence_id, sources_loaded

from annotator.annotations import Annotations
from annotator.store import Store

SMALL = (80, 24)
LONG_ID = "reuters-2024-08-27-north-korea-containers-report"
EVIDENCE = ("North Korea has sent Russia at least 13,000 shipping containers believed to be carrying arms since "
            "mid-2022, the South Korean news agency reported on Tuesday.")
TEXTS = {"a": "The council approved forty new electric buses on Monday. Critics said the cost was too high.",
         LONG_ID: EVIDENCE}


def _claim_linked_to_the_long_source(db) -> None:
    """A claim on a:0 linked to the long-named source's sentence."""
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        claim = annotations.add_claim(sentence_id(db, "a", 0), claim_type="numeric")
        annotations.link(claim, sentence_id(db, LONG_ID, 0), "corroborates")


def panel_lines(screen) -> list[str]:
    """Every line of the detail panel (scrolled or not), as drawn."""
    return [strip.text.rstrip() for strip in screen.query_one("#detail-panel").lines()]


async def test_a_link_takes_one_line_of_the_panel_at_80_columns_its_text_cut_with_an_ellipsis(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _claim_linked_to_the_long_source(db)
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause()
        lines = panel_lines(screen)
        count = next(number for number, line in enumerate(lines) if line.strip() == "1 link(s):")
        link, after = lines[count + 1], lines[count + 2:]
        assert f"corroborates {LONG_ID}:0  North" in link, lines  # the id as written: it names the source
        assert link.endswith("…") and len(link) <= screen.query_one("#detail-panel").scrollable_content_region.width
        assert not any(word in " ".join(after) for word in ("news agency", "Tuesday")), lines  # no second line of it


async def test_the_claim_a_sentence_is_evidence_for_takes_one_line_too(make_corpus, make_app):
    db = make_corpus({"a": TEXTS["a"].replace("buses", "buses " + "and more buses " * 6), LONG_ID: EVIDENCE})
    _claim_linked_to_the_long_source(db)
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_source(pilot, LONG_ID)
        await pilot.pause()
        citing = [line for line in panel_lines(screen) if "evidence" in line and "for claim a:0" in line]
        assert len(citing) == 1 and citing[0].endswith("…"), panel_lines(screen)
        assert not any("more buses Monday" in line for line in panel_lines(screen))


async def test_the_sources_view_at_80_columns_gives_the_title_16_cells_cutting_the_id_and_outlet_with_an_ellipsis(
        seeds_db, make_app):
    app = make_app(seeds_db)
    async with app.run_test(size=SMALL) as pilot:
        await sources_loaded(pilot)
        heading = app.screen.query_one("#sources-heading").render_line(0).text
        rows = row_lines(app.screen.query_one("#sources"))
        title_at = heading.index("title")
        assert len(heading.rstrip()) == SMALL[0] and SMALL[0] - title_at >= 16, heading
        moscow = next(row for row in rows if row.startswith(" 004_38…74cc4"))  # cut in the middle: its start and end
        assert "The Mos…" in moscow and "2024-08-28" in moscow
        assert len(moscow[title_at:]) >= 16 and moscow[title_at:].startswith("date 2024-08-28"), moscow  # its first sentence


async def test_in_compare_mode_the_teammates_verdict_is_in_view_at_80x24_without_z(make_corpus, make_app):
    db = make_corpus({"a": TEXTS["a"], "b": "Forty buses were bought. The office confirmed it. The buses cost a lot."})
    with Store(db) as store:
        mine, theirs = Annotations(store, "alice"), Annotations(store, "bob")
        claim = mine.add_claim(sentence_id(db, "a", 0), claim_type="numeric", verdict="supported")
        for index in range(3):  # as many links as fill the panel's lines at 80x24
            mine.link(claim, sentence_id(db, "b", index), "corroborates")
        bobs = theirs.add_claim(sentence_id(db, "a", 0), claim_type="numeric", verdict="refuted")
        theirs.link(bobs, sentence_id(db, "b", 2), "conflicts")
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        app.action_compare()
        await pilot.pause()
        await pilot.press("1")  # bob
        screen = await open_source(pilot, "a")
        await pilot.pause()
        in_view = screen_text(screen.query_one("#detail-panel"))
        assert any("BOB claim · type: numeric  verdict: refuted · 1 link(s) below" in line for line in in_view), in_view
        assert any(line.startswith("CLAIM") and "verdict: supported" in line for line in in_view), in_view
        lines = panel_lines(screen)
        assert any(line.strip().startswith("BOB 1 link(s):") for line in lines), lines  # his links, under yours
        assert "conflicts    b:2" in " ".join(lines)
