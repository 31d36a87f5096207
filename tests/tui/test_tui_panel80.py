"""The detail panel at 80×24 does not repeat the sentence the list shows whole: its place, then the claim and links (issue #15)."""

from __future__ import annotations

from tui_helpers import open_source, sentence_id, settle

from annotator.annotations import Annotations
from annotator.store import Store

SENTENCE = "The council approved forty new electric buses for the northern routes on Monday evening."
EVIDENCE = "Forty buses were bought, the transport office confirmed."
TEXTS = {"a": SENTENCE + " Critics said the cost was too high.", "b": EVIDENCE}


def _claim_with_a_link(db) -> None:
    """A claim on the first sentence of a, linked to the sentence of b."""
    with Store(db) as store:
        annotations = Annotations(store, "alice")
        claim = annotations.add_claim(sentence_id(db, "a", 0), claim_type="numeric")
        annotations.link(claim, sentence_id(db, "b", 0), "corroborates")


def panel_lines(screen) -> list[str]:
    """Every line of the detail panel (scrolled or not)."""
    return [strip.text.strip() for strip in screen.query_one("#detail-panel").lines()]


async def test_at_80x24_the_panel_gives_the_place_then_the_claim_and_links_not_the_sentence(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _claim_with_a_link(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause()
        lines = [line for line in panel_lines(screen) if line]
        text = " ".join(" ".join(lines).split())
        assert lines[0].startswith("a:0") and "[0:" in lines[0]
        assert "council approved" not in text  # the list above shows it whole
        assert lines[1].startswith("CLAIM") and "type: numeric" in lines[1]  # straight to the claim
        assert lines[2] == "1 link(s):" and "corroborates b:0" in lines[3]


async def test_link_mode_at_80x24_leaves_the_claim_and_the_evidence_to_the_lists_that_show_them(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _claim_with_a_link(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("l")
        await settle(pilot)
        lines = panel_lines(screen)
        assert "council approved" not in " ".join(lines)  # the claim stands whole in the article pane right above
        assert lines[2] == "EVIDENCE b:0  already linked: corroborates"
        assert not lines[3].startswith("Forty buses")  # and the evidence in the list: next come the links
        panel, evidence = screen.query_one("#detail-panel"), screen.evidence
        assert panel.outer_size.height == 4  # two lines of the seven went to the lists (three suggestions at 80x24, not two)
        assert evidence.row_height(evidence.cursor) <= evidence.size.height
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#detail-panel").outer_size.height == 7  # out of link mode the panel is as it was


async def test_a_wide_screen_keeps_the_sentence_and_the_evidence_in_the_panel(make_corpus, make_app):
    db = make_corpus(TEXTS)
    _claim_with_a_link(db)
    app = make_app(db)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("l")
        await settle(pilot)
        text = " ".join(panel_lines(screen))
        assert "council approved" in text and "transport office" in text  # room for both, side by side


async def test_a_row_taller_than_the_list_keeps_the_sentence_in_the_panel(make_corpus, make_app):
    long = " ".join(["The council approved forty new electric buses for the northern routes"] * 6) + "."
    db = make_corpus({"a": long, "b": EVIDENCE})
    app = make_app(db)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause()
        assert screen.article.row_height(0) > screen.article.size.height  # the list cuts it
        assert "council approved" in " ".join(panel_lines(screen))
