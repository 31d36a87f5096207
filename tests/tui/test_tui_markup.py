"""Strings that look like markup, from data and from the user, are shown as written on every screen and dialog."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tui_helpers import SIZE, notices, open_source, screen_text, settle

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.config import Config
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.tui.app import build_app
from annotator.tui.dialogs import ChoiceDialog, ClaimTextDialog, ConfirmDialog, HelpScreen, SearchDialog
from annotator.tui.review import ReviewScreen

MARKUP_LOOKING = ["[/]", "[b]", "[link=x]", "Le Monde [/fr]", "The Guardian [UK]", "[sic]", "x [/red] y",
                  "[@click=app.quit]"]
# Short bracket-heavy strings: every one is a tag, a closing tag, an escape or broken markup somewhere.
markupish = st.text(alphabet="[]/=@#\\ab .", min_size=1, max_size=10).map(lambda text: "q" + text)


WALK_SIZE = (200, 50)  # wide enough for the sources list's title column to show a walk's strings whole


def build(folder: Path, data: str) -> Path:
    """Two sources whose id, outlet, title and text carry `data`; alice's claim with it as note and rewrite, linked;
    a teammate named `data` (as an existing database may hold) who disagrees with her."""
    db = folder / "t.db"
    with Store(db) as store:
        ingest_articles(store, [
            Article(id="a", text=f"The council said {data} on Monday. Critics disagreed.", origin="a.txt",
                    title=f"Title {data}", outlet=data, published="2024-01-02"),
            Article(id="b", text=f"Members said {data} on Monday. It rained.", origin="b.txt", outlet=data),
        ])
        for old, new in (("a", f"A{data}"), ("b", f"B{data}")):  # ids from an older database, before validation
            store.db.execute("PRAGMA foreign_keys = OFF")
            for table, column in (("sources", "id"), ("source_versions", "source_id"), ("sentences", "source_id")):
                store.db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
        ids = dict(store.db.execute("SELECT source_id || ':' || idx, id FROM sentences").fetchall())
        alice = Annotations(store, "alice")
        claim = alice.mark_claim(ids[f"A{data}:0"])
        alice.update_claim(claim, normalized=data, note=data, claim_type="numeric")
        alice.link(claim, ids[f"B{data}:0"], "corroborates")
        store.db.execute("INSERT INTO annotators (name, created_at) VALUES (?, '2024-01-01')", [data])
        store.db.execute("INSERT INTO claims (sentence_id, annotator, claim_type, note, created_at, updated_at) "
                         "VALUES (?, ?, 'quote', ?, '2024-01-01', '2024-01-01')", [ids[f"A{data}:1"], data, data])
        for name in ("alice", data):  # both finished source A, so the review compares them there
            store.db.execute("INSERT INTO sources_done (source_id, annotator, created_at) VALUES (?, ?, '2024-01-01')",
                             [f"A{data}", name])
    return db


def text_of(widget) -> str:
    """What a widget draws, lines joined."""
    return "\n".join(screen_text(widget))


def dialog_text(screen) -> str:
    """What every label and static of a dialog draws."""
    return "\n".join(text_of(widget) for widget in screen.query("Static"))


async def walk_every_screen(db: Path, data: str) -> None:
    """Sources, article, detail, dialogs, search, evidence, compare, review and help, asserting `data` verbatim."""
    app = build_app(db, "alice", Config())
    try:
        async with app.run_test(size=WALK_SIZE) as pilot:
            await pilot.pause()
            assert data in text_of(app.screen.query_one("#sources"))  # outlet / title column
            screen = await open_source(pilot, f"A{data}")
            title = text_of(screen.query_one("#article-title"))
            assert f"A{data} · {data} · 2024-01-02" in title
            detail = text_of(screen.query_one("#detail-panel"))
            assert f"normalised: {data}" in detail and f"note: {data}" in detail and f"said {data} on" in detail
            assert f"B{data}:0" in detail

            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, ClaimTextDialog)
            assert f"said {data} on" in dialog_text(app.screen)
            assert app.screen.query_one("#note").value == data
            await pilot.press("escape")

            await pilot.press("l")
            await settle(pilot)
            await pilot.press("right_square_bracket")  # the evidence side on source B: its first row is linked
            await settle(pilot)
            assert f"Evidence from B{data}" in text_of(screen.query_one("#evidence-title"))
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert f"link to B{data}:0?" in dialog_text(app.screen).replace("\n", " ")  # the title wraps at 80
            await pilot.press("n")

            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, SearchDialog)
            await pilot.press(*data)
            await pilot.press("enter")
            await settle(pilot)
            assert f"Search {data.strip()!r}" in text_of(screen.query_one("#evidence-title"))

            app.action_compare()
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog) and data in text_of(app.screen.query_one("OptionList"))
            await pilot.press("1")
            await pilot.pause()
            assert data.upper() in text_of(screen.query_one("#detail-panel"))  # the teammate's read-only block

            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")

            app.action_review()
            await settle(pilot)
            review = app.screen
            assert isinstance(review, ReviewScreen)
            assert data in text_of(review.query_one("#review-progress"))  # the numbering line names the teammate
            shown = text_of(review.query_one("#review-detail"))
            assert f"{data}" in shown and f"said {data} on" in shown
            number = review.annotators.index(data) + 1
            await pilot.press(str(number))
            await pilot.pause()
            assert (f"Gold takes {data}'s answer. n: next undecided.", "information") in notices(app)
            assert app.is_running
    finally:
        app.store.close()


def walk_with(data: str) -> None:
    """Build a corpus whose every name and text holds `data`, and walk every screen and dialog over it."""
    with tempfile.TemporaryDirectory() as folder:
        db = build(Path(folder), data)
        asyncio.run(walk_every_screen(db, data))


def each_named_alone(test):
    """The test with each named string as an explicit example of its own."""
    for named in reversed(MARKUP_LOOKING):
        test = example(named)(test)
    return test


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markupish)
@each_named_alone
def test_random_markup_looking_data_is_shown_verbatim_everywhere(data):
    walk_with(data)


# The default run walks the named strings, several to a walk (each walk drives the whole app): whichever of
# them were read as markup, its brackets would vanish or the tag would raise, and `data` would not be shown
# whole. `[/]` leads, so nothing is open for it to close. `-m slow` walks each named string alone and 20 random ones.
NAMED_WALKS = ["[/] [b] x [/red] y [link=x] [@click=app.quit]", "The Guardian [UK] [sic] Le Monde [/fr]"]
assert all(any(named in walk for walk in NAMED_WALKS) for named in MARKUP_LOOKING)


@pytest.mark.parametrize("data", NAMED_WALKS)
def test_markup_looking_data_is_shown_verbatim_everywhere(data):
    walk_with(data)


async def test_an_annotator_name_that_looks_like_markup_is_text_in_the_header(corpus):
    app = build_app(corpus, "rev [b]x[/b]", Config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            header = text_of(app.screen.query_one("HeaderTitle"))
            assert "rev [b]x[/b] · t.db" in header
    finally:
        app.store.close()


def test_no_widget_in_the_app_parses_markup():
    """The mechanism: every Label and Static the TUI builds is created with markup=False, and notices are plain."""
    import ast

    folder = Path(__file__).resolve().parents[2] / "annotator" / "tui"
    offenders = []
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Label", "Static"):
                if not any(k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
                           for k in node.keywords):
                    offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "add_column" and node.args:
                if isinstance(node.args[0], ast.JoinedStr):
                    offenders.append(f"{path.name}:{node.lineno} (a Rich column title from an f-string)")
    assert offenders == []


async def test_notices_are_plain_text(corpus):
    app = build_app(corpus, "alice", Config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.notify("x [/red] y [b]")
            screen = app.screen
            screen.notify("[@click=app.quit] z")
            await pilot.pause()
            assert all(not notice.markup for notice in app._notifications)
            assert app.is_running
    finally:
        app.store.close()


