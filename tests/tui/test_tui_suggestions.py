"""Link mode opens on the suggestion engine's picks: reasons on each row and in the panel, clashes in red, 1 accepts."""

from __future__ import annotations

from tui_helpers import SIZE, boilerplate, links, open_source, screen_text, settle

CONTAINERS = {
    "a": "North Korea dispatched an estimated 6,700 containers to Russia, officials said. The weather was mild.",
    "b": "North Korea has sent Russia at least 13,000 shipping containers since 2022. Donate to support our newsroom.",
    "c": "Shipping containers from North Korea were seen at the port of Rajin, satellite images show.",
}


async def test_suggestions_come_first_with_reasons_and_the_clash_is_red(make_corpus, make_app):
    db = make_corpus(CONTAINERS)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        title = str(screen.query_one("#evidence-title").render())
        assert title.startswith("Suggestions for a:0 (2) · 0 sources agree, 1 gives another figure · ")
        assert screen.evidence.has_focus and screen.evidence.cursor == 0
        top, second = screen.evidence.rows
        assert (top.sentence.source_id, top.sentence.index) == ("b", 0)
        assert top.tag.startswith("#1  ≠13,000") and top.tag_part == "conflicts"  # drawn in the clash colour
        assert (second.sentence.source_id, second.tag_part) == ("c", "tag")
        assert "#1  ≠13,000" in screen_text(screen.evidence)[0]
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert "possible conflict: 6,700 containers vs at least 13,000 shipping containers" in detail
        assert "same names: North Korea, Russia" in detail
        await pilot.press("2")  # the analyst agrees it conflicts: one key
        await pilot.pause()
    assert links(db) == [("a", 0, "conflicts", "b", 0)]


async def test_one_accepts_the_top_suggestion_and_boilerplate_never_shows(make_corpus, make_app):
    db = make_corpus(CONTAINERS)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "b")
        await pilot.press("j", "x")  # "Donate to support our newsroom." is alice's boilerplate
        await pilot.pause()
        screen = await _reopen(pilot, "c")
        await pilot.press("c", "l")
        await settle(pilot)
        shown = [(row.sentence.source_id, row.sentence.index) for row in screen.evidence.rows]
        assert shown[0] == ("b", 0) and ("b", 1) not in shown
        await pilot.press("1")
        await pilot.pause()
        assert "+ corroborates b:0" in "\n".join(screen_text(screen.query_one("#detail-panel")))
    assert boilerplate(db) == [("b", 1)]
    assert links(db) == [("c", 0, "corroborates", "b", 0)]


async def _reopen(pilot, source_id: str):
    """Back to the sources view and into another source."""
    await pilot.press("escape")
    await pilot.pause()
    return await open_source(pilot, source_id)
