"""Fixing boundaries from the keys: S splits before a picked word, J joins with the next; u and ctrl+r take them back."""

from __future__ import annotations

from tui_helpers import SIZE, notices, open_source, query, screen_text, settle

from annotator.tui.dialogs import HelpScreen
from annotator.tui.word_picker import WordPicker

TEXTS = {
    "a": "The council approved 40 new buses on Monday and the mayor said the fleet would be electric. "
         "Residents welcomed the plan.",
    "b": "City council members approved 40 buses on Monday.",
}
FIRST = "The council approved 40 new buses on Monday"


def stored(db) -> list[tuple]:
    return query(db, "SELECT idx, text FROM sentences WHERE source_id = 'a' ORDER BY idx")


def claim_places(db) -> list[tuple]:
    return query(db, "SELECT t.idx, c.span_start, c.span_end FROM claims c JOIN sentences t ON t.id = c.sentence_id ORDER BY c.id")


async def test_split_join_undo_and_redo_from_the_keys(make_corpus, make_app):
    db = make_corpus(TEXTS)
    original = stored(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")  # a whole-sentence claim: it stays on the first part
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, WordPicker)
        await pilot.press(*["l"] * 7, "enter")  # from the second word to "and"
        await settle(pilot)
        split = stored(db)
        assert split == [(0, FIRST), (1, "and the mayor said the fleet would be electric."), (2, "Residents welcomed the plan.")]
        assert len(screen.article.rows) == 3 and screen.article.rows[1].sentence.text.startswith("and the mayor")
        assert claim_places(db) == [(0, None, None)]
        assert notices(app)[-1][0].startswith("Split a:0 in two.")
        await pilot.press("j", "J")  # join "and the mayor…" with "Residents…"
        await settle(pilot)
        joined = stored(db)
        assert joined == [(0, FIRST), (1, "and the mayor said the fleet would be electric. Residents welcomed the plan.")]
        assert [row.sentence.text for row in screen.article.rows] == [text for _, text in joined]
        await pilot.press("u")
        await settle(pilot)
        assert stored(db) == split and len(screen.article.rows) == 3
        await pilot.press("u")
        await settle(pilot)
        assert stored(db) == original and len(screen.article.rows) == 2
        assert claim_places(db) == [(0, None, None)]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored(db) == split and len(screen.article.rows) == 3
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored(db) == joined and len(screen.article.rows) == 2
        assert query(db, "SELECT kind FROM boundary_fixes ORDER BY id") == [("split",), ("join",)]


async def test_a_refused_join_is_a_notice_and_escape_leaves_the_picker_without_a_split(make_corpus, make_app):
    db = make_corpus(TEXTS)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("end", "J")
        await settle(pilot)
        assert "is the last of a: there is no next sentence" in notices(app)[-1][0]
        await pilot.press("home", "S")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert len(stored(db)) == 2 and query(db, "SELECT count(*) FROM actions") == [(0,)]


async def test_help_shows_the_boundary_keys(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_text(app.screen.query_one("HelpScreen VerticalScroll Static")))
        lines = {line.split()[0]: line for line in text.splitlines() if "split-sentence" in line or "join-sentences" in line}
        assert set(lines) == {"S", "J"} and "Split the sentence before a word you pick" in lines["S"]


def fix_then_correct(db, *texts: str) -> None:
    """Alice splits a:0 before "and", then each corrected text of `a` is ingested in turn."""
    from annotator.actions import Actions
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    with Store(db) as store:
        first = store.sentences("a")[0]
        Actions(store, "alice").split_sentence(first.id, first.text.index("and the"))
        for text in texts:
            ingest_articles(store, [Article(id="a", text=text, origin="test")], new_version=True)


def current_texts(db) -> list[tuple]:
    return query(db, "SELECT t.text FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
                     "WHERE t.source_id = 'a' ORDER BY t.idx")


EDITED = "Breaking. " + TEXTS["a"]


async def test_u_takes_back_a_split_a_corrected_article_re_applied(make_corpus, make_app):
    db = make_corpus(TEXTS)
    fix_then_correct(db, EDITED)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("u")
        await settle(pilot)
        assert current_texts(db) == [("Breaking.",), (TEXTS["a"].split(". ")[0] + ".",), ("Residents welcomed the plan.",)]
        assert query(db, "SELECT count(*) FROM boundary_fixes") == [(0,)]


async def test_u_on_a_split_the_latest_version_lost_is_a_notice_and_writes_nothing(make_corpus, make_app):
    db = make_corpus(TEXTS)
    fix_then_correct(db, EDITED, "The council rejected the plan.")
    rows = query(db, "SELECT * FROM sentences ORDER BY id"), query(db, "SELECT count(*) FROM actions")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("u")
        await settle(pilot)
        message, severity = notices(app)[-1]
        assert message.startswith("Cannot undo 'split sentence': version 3 of a no longer has the text around its boundary")
        assert (message.count(":"), message.endswith("."), severity) == (1, True, "error")  # one sentence, no "Not done:"
        assert (query(db, "SELECT * FROM sentences ORDER BY id"), query(db, "SELECT count(*) FROM actions")) == rows
