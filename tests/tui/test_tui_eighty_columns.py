"""At 80×24: one line per link in the panel, a title column worth reading, the teammate's verdict in view, word jumps."""

from __future__ import annotations

from tui_helpers import open_source, row_lines, sentence_id, sources_loaded

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


async def test_a_link_takes_one_line_of_the_panel_at_80_columns_its_long_source_id_cut_but_its_index_kept(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _claim_linked_to_the_long_source(db)
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause()
        lines = panel_lines(screen)
        count = next(number for number, line in enumerate(lines) if line.strip() == "1 link(s):")
        link, after = lines[count + 1], lines[count + 2:]
        assert "corroborates reuters-2024-08-27-nort…:0  North Korea has sent" in link, lines
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
        moscow = next(row for row in rows if row.startswith(" 004_38e05b9…"))
        assert "The Mos…" in moscow and "2024-08-28" in moscow
        assert len(moscow[title_at:]) >= 16 and moscow[title_at:].startswith("date 2024-08-28"), moscow  # its first sentence
