"""At 80×24 a long source id is shortened in the middle so `source:index` (and the rank after it) stays in view."""

from __future__ import annotations

from test_tui_panel80 import panel_lines
from tui_helpers import open_source, row_lines, screen_text, sentence_id, settle

from annotator.annotations import Annotations
from annotator.store import Store

SMALL = (80, 24)
LONG_ID = "reuters-north-korea-shipping-containers-russia-2024-08-28-update-3"
CLAIM = "North Korea sent 13,000 containers of arms to Russia, the ministry said."
EVIDENCE = "Seoul says North Korea shipped 13,000 containers of arms to Russia."
TEXTS = {"a": CLAIM, LONG_ID: EVIDENCE}


async def test_a_long_source_id_keeps_its_sentence_number_on_the_evidence_row_and_the_link_line(make_corpus, make_app):
    db = make_corpus(TEXTS)
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        claim = annotations.add_claim(sentence_id(db, "a", 0))
        annotations.link(claim, sentence_id(db, LONG_ID, 0), "corroborates")
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause()
        [link_line] = [line for line in panel_lines(screen) if line.startswith("+ corroborates") or "corroborates re" in line]
        assert "corroborates reuters-north-korea-shippin…russia-2024-08-28-update-3:0  S" in link_line, link_line  # the number whole, in view
        await pilot.press("l")
        await settle(pilot)
        [row] = [line for line in row_lines(screen.query_one("#evidence")) if "#1" in line]
        assert "reuter…date-3:0 #1" in row, row  # the id in the middle, then the number and the rank
        why = " ".join(screen_text(screen.query_one("#why")))
        assert why.startswith("reuter…date-3:0 +corroborates why:"), why


async def test_a_figure_across_a_line_break_keeps_its_suggestion_tag_in_its_column(make_corpus, make_app):
    """The reasons are fitted after their line break is drawn (` ⏎ `, three cells): the text starts where the other rows' does."""
    db = make_corpus({"a": "The ministry counted 3 million shells sent to Russia.",
                      "b": "Officials counted 4\nmillion shells sent to Russia last year.",
                      "c": "Shells were sent to Russia by the ministry, officials counted."})
    with Store(db) as store:
        Annotations(store, "alice").add_claim(sentence_id(db, "a", 0))
    app = make_app(db)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("l")
        await settle(pilot)
        rows = [line for line in row_lines(screen.query_one("#evidence")) if "#" in line]
        assert len(rows) == 2 and any("⏎" in row for row in rows), rows
        starts = {row.index("Officials") if "⏎" in row else row.index("Shells") for row in rows}
        assert len(starts) == 1, rows  # both sentences start in the same column


async def test_a_wide_character_outlet_keeps_the_sources_table_in_its_columns_at_80(make_corpus, make_app):
    """Cells, not characters: an outlet in Chinese (two cells a character) is cut to its column, the titles line up."""
    from rich.cells import cell_len
    from tui_helpers import sources_loaded

    db = make_corpus({"a": "---\ntitle: Alpha\noutlet: 北京青年报新闻网站中心\n---\nOne sentence here.",
                      "b": "---\ntitle: Beta\noutlet: Plain Outlet\n---\nAnother sentence here."})
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await sources_loaded(pilot)
        rows = [line for line in row_lines(app.screen.query_one("#sources")) if "Alpha" in line or "Beta" in line]
        assert len(rows) == 2, rows
        assert len({cell_len(row[: row.index(title)]) for row, title in zip(sorted(rows, key=lambda r: "Beta" in r),
                                                                            ("Alpha", "Beta"), strict=True)}) == 1, rows
