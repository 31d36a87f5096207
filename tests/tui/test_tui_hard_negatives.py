"""Hard negatives: the suggestions seen in link mode and passed over are recorded, exported, and not when opted out."""

from __future__ import annotations

from tui_helpers import SIZE, links, open_source, query, settle

from annotator.config import Config
from annotator.formats.records import records
from annotator.store import Store
from annotator.tui.app import build_app


def _passed(db_path) -> list[tuple]:
    """(claim source:index, suggestion source:index, rank, annotator) of every recorded passed-over suggestion."""
    return query(db_path, "SELECT c.source_id || ':' || c.idx, t.source_id || ':' || t.idx, p.rank, p.annotator "
                          "FROM passed_suggestions p JOIN claims k ON k.id = p.claim_id JOIN sentences c ON c.id = k.sentence_id "
                          "JOIN sentences t ON t.id = p.sentence_id ORDER BY p.rank")


async def _link_first_suggestion_and_close(app) -> None:
    """Mark a:0 a claim, open link mode, link suggestion #1 as corroborating, close link mode."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        assert [f"{row.sentence.source_id}:{row.sentence.index}" for row in screen.evidence.rows] == ["b:0", "c:0", "b:2"]
        await pilot.press("1", "escape")
        await pilot.pause()
        assert not screen.evidence_visible


async def test_link_mode_records_the_suggestions_passed_over_and_the_export_carries_them(corpus):
    app = build_app(corpus, "alice", Config())
    try:
        await _link_first_suggestion_and_close(app)
    finally:
        app.store.close()
    assert links(corpus) == [("a", 0, "corroborates", "b", 0)]
    assert _passed(corpus) == [("a:0", "c:0", 2, "alice"), ("a:0", "b:2", 3, "alice")]  # the linked one is no negative
    with Store(corpus) as store:
        (claim,) = [record for record in records(store, "alice") if record["record"] == "claim"]
    assert [(n["evidence"]["source_id"], n["evidence"]["index"], n["rank"]) for n in claim["negatives"]] == [("c", 0, 2), ("b", 2, 3)]
    assert [link["evidence"]["source_id"] for link in claim["links"]] == ["b"]


async def test_the_config_opt_out_records_none(corpus):
    app = build_app(corpus, "alice", Config(record_passed_suggestions=False))
    try:
        await _link_first_suggestion_and_close(app)
    finally:
        app.store.close()
    assert links(corpus) == [("a", 0, "corroborates", "b", 0)]
    assert _passed(corpus) == []
    with Store(corpus) as store:
        assert all("negatives" not in record for record in records(store, "alice"))


async def test_leaving_the_suggestions_for_a_source_records_what_was_seen(corpus):
    app = build_app(corpus, "alice", Config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_source(pilot, "a")
            await pilot.press("c", "l")
            await settle(pilot)
            await pilot.press("j", "]")  # down to #2, then the evidence side shows a source instead
            await settle(pilot)
            assert _passed(corpus) == [("a:0", "b:0", 1, "alice"), ("a:0", "c:0", 2, "alice"), ("a:0", "b:2", 3, "alice")]
    finally:
        app.store.close()


async def test_quitting_from_link_mode_keeps_what_was_passed_over(corpus):
    app = build_app(corpus, "alice", Config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_source(pilot, "a")
            await pilot.press("c", "l")
            await settle(pilot)
            await pilot.press("j")  # read the list, link nothing, quit with link mode open
            await pilot.pause()
            assert _passed(corpus) == []
            app.exit()
            await pilot.pause()
    finally:
        app.store.close()
    assert _passed(corpus) == [("a:0", "b:0", 1, "alice"), ("a:0", "c:0", 2, "alice"), ("a:0", "b:2", 3, "alice")]
