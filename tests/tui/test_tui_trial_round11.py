"""Round 11's trial at 80x24: a second `c` says what it unmarked, and the review stacks its queue above the panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from team_corpus import two_annotator_store
from tui_helpers import claims, links, notices, open_source, screen_text, settle

from annotator.config import Config
from annotator.store import Store
from annotator.tui.app import build_app
from annotator.tui.review import ReviewScreen

EIGHTY = (80, 24)


async def test_a_second_c_says_which_claim_it_unmarked_and_what_went_with_it(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=EIGHTY) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "t", "4", "v", "1")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, "event", "supported", None, None)]
        await pilot.press("c")  # meaning to mark it, as after coming back with `:`
        await pilot.pause()
        assert claims(corpus) == []
        said = [message for message, _ in notices(app)]
        assert "Unmarked the claim on a:0 with type event, verdict supported; u undoes." in said
        await pilot.press("u")
        await pilot.pause()
        assert claims(corpus) == [("a", 0, "event", "supported", None, None)]
        assert screen_text(screen.article)[0].startswith("▌◆E✓")


async def test_unmarking_a_linked_claim_after_yes_names_its_links(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=EIGHTY) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("1", "escape", "c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert claims(corpus) == []
        assert any(message.startswith("Unmarked the claim on a:0 with 1 link(s);") for message, _ in notices(app))


@pytest.fixture
def team_app(tmp_path: Path):
    db_path = tmp_path / "team.db"
    with Store(db_path) as store:
        two_annotator_store(store)
    app = build_app(db_path, "rita", Config(), review=True)
    yield app
    app.store.close()


async def test_review_at_80_columns_stacks_the_queue_above_a_full_width_panel(team_app):
    async with team_app.run_test(size=EIGHTY) as pilot:
        await settle(pilot)
        screen = team_app.screen
        assert isinstance(screen, ReviewScreen) and screen.has_class("stacked")
        panel = screen.query_one("#review-detail-pane")
        assert panel.size.width >= 76  # beside a 62-column queue it had 16
        assert screen.item_list.size.width >= 76
        rows = screen_text(screen.item_list)
        assert "1:numeric/supported  2:numeric/refuted" in rows[0]
        detail = "\n".join(screen_text(screen.query_one("#review-detail"))[: panel.size.height])
        assert "The council approved 40 new buses on Monday." in detail
        assert "1 alice" in detail and "refuted" in detail  # the answers are above the panel's fold
        await pilot.press(*["j"] * 5)  # the last item: its row is on screen, not under a scrollbar
        await pilot.pause()
        lines = screen_text(screen.item_list)
        assert not screen.item_list.show_horizontal_scrollbar
        assert any(line.startswith("▌") for line in lines)


async def test_review_at_120_columns_keeps_the_queue_beside_the_panel(team_app):
    async with team_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = team_app.screen
        assert not screen.has_class("stacked")
        assert screen.item_list.size.width <= 62
        detail = "\n".join(screen_text(screen.query_one("#review-detail")))
        assert "The mayor said the fleet would be electric." in detail  # the sentences around the claim, as before


async def test_article_header_at_80_columns_keeps_date_and_count_past_a_long_outlet(tmp_path, make_app):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles

    db_path = tmp_path / "outlet.db"
    with Store(db_path) as store:
        ingest_articles(store, [Article(id="usaid-fact-sheet-4", text="A magnitude 7.6 earthquake struck. Aid came.",
                                        origin="u.txt", outlet="USAID (Office of U.S. Foreign Disaster Assistance)",
                                        published="2005-10-11")])
    app = make_app(db_path)
    async with app.run_test(size=EIGHTY) as pilot:
        screen = await open_source(pilot, "usaid-fact-sheet-4")
        await pilot.pause()
        title = screen_text(screen.query_one("#article-title"))[0]
        assert "USAID (Office of" in title and "2005-10-11  (2 sentences)" in title
    async with make_app(db_path).run_test(size=(120, 30)) as pilot:
        screen = await open_source(pilot, "usaid-fact-sheet-4")
        await pilot.pause()
        title = screen_text(screen.query_one("#article-title"))[0]
        assert "USAID (Office of U.S. Foreign Disaster Assistance) · 2005-10-11  (2 sentences)" in title


async def test_undo_and_redo_of_a_link_name_its_evidence_too(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=EIGHTY) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        evidence = screen.evidence.current.sentence
        await pilot.press("1", "j")
        await pilot.pause()
        second = screen.evidence.current.sentence
        await pilot.press("3", "escape")
        await pilot.pause()
        assert len(links(corpus)) == 2
        await pilot.press("u")
        await pilot.pause()
        said = notices(app)[-1][0]
        assert said.startswith("Undid: link related — a:0 “The council approved 40 new buses")
        assert said.endswith(f"” → {second.source_id}:{second.index}.")  # which of the claim's links went
        await pilot.press("u", "ctrl+r")
        await pilot.pause()
        assert notices(app)[-1][0].endswith(f"” → {evidence.source_id}:{evidence.index}.")
        assert notices(app)[-1][0].startswith("Redid: link corroborates")
