"""Review flow: press keys on the disagreement queue, then check gold and decisions through a separate connection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from team_corpus import annotate, two_annotator_store
from tui_helpers import SIZE, notices, query, screen_text, settle, sources_loaded

from annotator.config import Config
from annotator.store import Store
from annotator.tui.app import build_app
from annotator.tui.dialogs import ChoiceDialog, ConfirmDialog
from annotator.tui.review import ReviewScreen


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    """alice and bob on sources a and b (see tests/team_corpus.py)."""
    db_path = tmp_path / "team.db"
    with Store(db_path) as store:
        two_annotator_store(store)
    return db_path


@pytest.fixture
def review_app():
    """Apps opened like `annotator --annotator rita review`, closed afterwards."""
    apps = []

    def make(db_path: Path, reviewer: str = "rita"):
        app = build_app(db_path, reviewer, Config(), review=True)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.store.close()


def gold_claims(db: Path) -> list[tuple]:
    return query(db, "SELECT t.source_id, t.idx, c.claim_type, c.verdict FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                     "WHERE c.annotator = 'gold' ORDER BY t.source_id, t.idx")


def gold_links(db: Path) -> list[tuple]:
    return query(db, "SELECT a.source_id, a.idx, l.relation, e.source_id, e.idx FROM links l JOIN claims c ON c.id = l.claim_id "
                     "JOIN sentences a ON a.id = c.sentence_id JOIN sentences e ON e.id = l.evidence_sentence_id "
                     "WHERE l.annotator = 'gold' ORDER BY a.source_id, a.idx, e.source_id, e.idx")


def decisions(db: Path) -> list[tuple]:
    return [(subject, by, reason, json.loads(payload)) for subject, by, reason, payload in
            query(db, "SELECT subject, decided_by, reason, payload FROM decisions ORDER BY id")]


async def test_review_opens_on_the_first_disagreement_with_answers_side_by_side(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.queue) == 6  # the agreed link a:0 -> b:0 is not in the queue
        progress = str(screen.query_one("#review-progress").render())
        assert "0 of 6 disagreements decided" in progress and "1 agreed item" in progress and "1 alice  2 bob" in progress
        rows = screen_text(screen.item_list)
        assert rows[0].startswith("▌• a:0 ") and "1:numeric/supported  2:numeric/refuted" in rows[0]
        assert rows[1].startswith(" •   → c:0 ") and "1:conflicts  2:none" in rows[1]  # under its claim
        detail = "\n".join(screen_text(screen.query_one("#review-detail")))
        assert "The council approved 40 new buses on Monday." in detail
        assert "The mayor said the fleet would be electric." in detail  # the next sentence, for context
        assert "supported" in detail and "refuted" in detail and "1 alice" in detail and "gold" in detail


async def test_take_with_a_reason_then_undo_and_redo(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", *"vote 7 to 2 in b", "enter", "2")  # digits in the reason are text
        await pilot.pause()
        assert gold_claims(team_db) == [("a", 0, "numeric", "refuted")]
        [(subject, by, reason, payload)] = decisions(team_db)
        assert subject.startswith("sentence:") and by == "rita" and reason == "vote 7 to 2 in b"
        assert payload["choice"] == "take" and payload["from"] == ["bob"]
        screen = app.screen
        assert screen_text(screen.item_list)[0].startswith("▌✓ a:0 ")
        assert screen.item_list.cursor == 0  # stays on the decided item: j goes on, n to the next open one
        assert "1 of 6 disagreements decided" in str(screen.query_one("#review-progress").render())
        assert screen.query_one("#review-reason").value == ""  # a reason is used once
        await pilot.press("u")
        await pilot.pause()
        assert gold_claims(team_db) == [] and decisions(team_db) == []
        assert screen_text(screen.item_list)[0].startswith("▌• a:0 ")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert gold_claims(team_db) == [("a", 0, "numeric", "refuted")] and len(decisions(team_db)) == 1


async def test_j_then_a_decision_decides_the_item_j_moved_to(team_db, review_app):
    """Round 11: after a decision the cursor moved on by itself, so `1 j 1 j 1` decided rows 1, 3 and 5.

    The cursor now stays on the decided item (as `c` or `t` leave it in the article view): `j` goes to the next row.
    """
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        subjects = [row.item.subject for row in screen.item_list.rows]
        for key in ("1", "j", "1", "j", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert [d[0] for d in decisions(team_db)] == subjects[:3]
        assert screen.item_list.cursor == 2
        assert [line[1] for line in screen_text(screen.item_list)[:4]] == ["✓", "✓", "✓", "•"]
        assert ("Gold takes alice's answer. n: next undecided.", "information") in notices(app)
        await pilot.press("n")  # the next undecided item
        assert screen.item_list.cursor == 3


async def test_union_declined_takes_nothing(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert gold_links(team_db) == [] and decisions(team_db) == []
        assert app.screen.current.kind == "link"  # still on the item


async def test_union_of_links_and_set_a_different_relation(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("j")  # link a:0 -> c:0: alice conflicts, bob none
        assert screen.current.kind == "link"
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # c:0 is alice's alone: listed, asked first
        assert "Union takes 2 link(s) of a:0; 1 made by only some annotators:" in app.screen.question
        assert "→ c:0 conflicts (only alice)" in app.screen.question
        assert gold_links(team_db) == []
        await pilot.press("y")
        await pilot.pause()
        assert gold_links(team_db) == [("a", 0, "corroborates", "b", 0), ("a", 0, "conflicts", "c", 0)]
        assert [d[3]["from"] for d in decisions(team_db)] == [["alice", "bob"], ["alice"]]
        assert [d[3]["choice"] for d in decisions(team_db)] == ["union", "union"]
        assert screen.current.kind == "link" and screen.item_list.cursor == 1  # still on the link decided
        await pilot.press("n")
        assert screen.current.kind == "sentence" and screen.current.index == 1  # next open: a:1
        await pilot.press("j", "s")  # link a:1 -> b:1: corroborates / related; set "conflicts"
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")
        await pilot.pause()
        assert ("a", 1, "conflicts", "b", 1) in gold_links(team_db)
        assert gold_claims(team_db) == [("a", 0, None, None), ("a", 1, None, None)]  # links need a gold claim
        assert decisions(team_db)[-1][3]["choice"] == "set"


async def test_set_a_claim_with_type_and_verdict_or_no_claim(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "4", "3")  # digits as under `t`: 4 event (6 is "no claim"); verdict 3 mixed
        await pilot.pause()
        assert gold_claims(team_db) == [("a", 0, "event", "mixed")]
        screen = app.screen
        await pilot.press("G")  # b:0, alice only
        await pilot.press("s", "6")  # no claim, after the five claim types
        await pilot.pause()
        assert gold_claims(team_db) == [("a", 0, "event", "mixed")]
        assert decisions(team_db)[-1][3]["answer"] == {"claim": False}
        assert screen_text(screen.item_list)[5].startswith("▌✓")


async def test_accept_agreed_in_one_step_and_undo_it(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert gold_links(team_db) == [("a", 0, "corroborates", "b", 0)]
        assert [d[3]["choice"] for d in decisions(team_db)] == ["accept-agreed"]
        assert ("Accepted 1 agreed item(s) into gold; u undoes.", "information") in notices(app)
        assert "agreed item" not in str(app.screen.query_one("#review-progress").render())
        await pilot.press("u")
        await pilot.pause()
        assert gold_links(team_db) == [] and gold_claims(team_db) == [] and decisions(team_db) == []


async def test_taking_an_annotator_without_an_answer_warns(team_db, review_app):
    with Store(team_db) as store:
        annotate(store, "carol", {}, read=("b",))  # carol covers b only: no answer on a:0
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert decisions(team_db) == []
        assert ("carol gave no answer here.", "warning") in notices(app)


async def test_escape_leaves_the_review_for_the_sources_view_and_the_palette_opens_it_again(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        app.action_review()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_review_then_export_gold_carries_every_decision(team_db, review_app, tmp_path):
    """Keys in the review, then `annotator export --annotator gold`: each gold record holds its decisions."""
    from click.testing import CliRunner

    from annotator.cli import cli

    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", *"b reports the vote", "enter", "2")  # a:0: bob's refuted
        await pilot.press("m", "y")  # links of a:0: union (b:0 agreed, c:0 alice's conflicts, asked first)
        await pilot.press("G", "s", "6")  # b:0: no claim (after the five claim types)
        await pilot.pause()
    target = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(cli, ["--db", str(team_db), "export", "--format", "jsonl", "--annotator", "gold", "-o", str(target)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    [claim] = [r for r in records if r["record"] == "claim"]
    assert (claim["sentence"]["source_id"], claim["sentence"]["index"], claim["verdict"]) == ("a", 0, "refuted")
    assert sorted(link["relation"] for link in claim["links"]) == ["conflicts", "corroborates"]
    about = sorted((d["about"], d["payload"]["choice"], d["decided_by"], d["reason"]) for d in claim["decisions"])
    assert about == [("claim", "take", "rita", "b reports the vote"), ("link", "union", "rita", None), ("link", "union", "rita", None)]
    assert {d["evidence"]["source_id"] for d in claim["decisions"] if d["about"] == "link"} == {"b", "c"}
    [no_claim] = [r for r in records if r["record"] == "decision"]
    assert no_claim["sentence"]["source_id"] == "b" and no_claim["decisions"][0]["payload"]["answer"] == {"claim": False}


async def test_compare_with_another_annotator_in_the_sources_and_article_views(team_db, make_app):
    """alice picks bob in the palette's compare dialog: the sources view counts bob's work, the panel shows his claim."""
    from tui_helpers import open_source

    app = make_app(team_db, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_compare()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # the first other annotator: bob
        await sources_loaded(pilot)
        sources = app.screen.query_one("#sources")
        assert sources.row_for("a").cells()[4] == "3"  # bob's claims in a: a:0, a:1, a:3
        assert "bob's" in str(app.screen.query_one("#sources-intro").render())
        assert app.sub_title == "alice · team.db · COMPARE: bob's counts"  # the header badge, on every screen
        screen = await open_source(pilot, "a")
        detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert "BOB claim · type: numeric  verdict: refuted" in detail
        await pilot.press("j", "j")  # a:2: nobody's claim
        await pilot.pause()
        assert "BOB no claim" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        app.action_compare()
        await pilot.pause()
        await pilot.press("0")  # back to only your own
        await pilot.pause()
        assert app.sub_title == "alice · team.db"
        assert query(team_db, "SELECT count(*) FROM claims WHERE annotator = 'bob'") == [(3,)]  # read-only


async def test_the_palette_accepts_agreed_items(team_db, review_app):
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Accept agreed items into gold" in titles and "Review disagreements" in titles
        await titles["Accept agreed items into gold"].callback()  # screen.run_action: awaited as the palette does
        await pilot.pause()
        assert [d[3]["choice"] for d in decisions(team_db)] == ["accept-agreed"]


@pytest.fixture
def spans_db(tmp_path: Path) -> Path:
    """alice marks a:0 (0,20) "The council approved" and (21,33) "40 new buses"; bob (4,20) "council approved"."""
    from team_corpus import ingest_team_texts, sid

    from annotator.annotations import Annotations

    db_path = tmp_path / "spans.db"
    with Store(db_path) as store:
        ingest_team_texts(store)
        annotate(store, "alice", {}, read=("a",))
        annotate(store, "bob", {}, read=("a",))
        a0 = sid(store, "a", 0)
        Annotations(store, "alice").add_claim(a0, (0, 20), claim_type="quote")
        Annotations(store, "alice").add_claim(a0, (21, 33), claim_type="numeric")
        Annotations(store, "bob").add_claim(a0, (4, 20), claim_type="quote", verdict="refuted")
    return db_path


def gold_spans(db: Path) -> list[tuple]:
    return query(db, "SELECT c.span_start - t.start, c.span_end - t.start, c.claim_type, c.verdict FROM claims c "
                     "JOIN sentences t ON t.id = c.sentence_id WHERE c.annotator = 'gold' ORDER BY 1, 2")


async def test_review_shows_spans_side_by_side_and_keeps_both_or_takes_one(spans_db, review_app):
    app = review_app(spans_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        detail = "\n".join(screen_text(app.screen.query_one("#review-detail")))
        assert "SPANS" in detail and "0:20 quote" in detail and "21:33 numeric" in detail and "4:20 quote/refuted" in detail
        await pilot.press("e")
        await pilot.press(*"both spans stand")
        await pilot.press("enter", "b")
        await settle(pilot)
        assert gold_spans(spans_db) == [(0, 20, "quote", None), (4, 20, "quote", "refuted"), (21, 33, "numeric", None)]
        [(subject, by, reason, payload)] = decisions(spans_db)
        assert (by, reason, payload["choice"], payload["from"]) == ("rita", "both spans stand", "keep-all", ["alice", "bob"])
        await pilot.press("u")
        await settle(pilot)
        assert gold_spans(spans_db) == [] and decisions(spans_db) == []
        await pilot.press("1")
        await settle(pilot)
        assert gold_spans(spans_db) == [(0, 20, "quote", None), (21, 33, "numeric", None)]
        assert decisions(spans_db)[0][3]["choice"] == "take"


async def test_compare_mode_says_whose_counts_in_full_at_80_columns(team_db, make_app):
    app = make_app(team_db, "alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_compare()
        await pilot.pause()
        await pilot.press("1")
        await sources_loaded(pilot)
        intro = app.screen.query_one("#sources-intro")
        shown = " ".join(" ".join(screen_text(intro)).split())
        assert shown.endswith("Counts are bob's (read-only; ctrl+p → Compare with another annotator).")  # wrapped, not cut
        assert intro.region.height >= 2
