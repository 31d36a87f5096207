"""TUI fixtures: small corpora and the seeds on disk, apps from the real factory, async tests without a plugin."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from tui_helpers import ARTICLES, SEEDS, ingest_texts

from annotator.articles import read_articles
from annotator.config import Config, load_config
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.tui.app import AnnotatorApp, build_app
from annotator.tui.article import ArticleScreen


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no pytest-asyncio needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**arguments))
        return True
    return None


@pytest.fixture(autouse=True)
def detail_at_once(monkeypatch):
    """The panel is rebuilt in the cursor's own frame, so a test reads it right after the key (test_tui_detail_delay waits instead)."""
    monkeypatch.setattr(ArticleScreen, "DETAIL_DELAY", 0)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A database file with the three short sources a, b and c."""
    return ingest_texts(tmp_path / "t.db", tmp_path / "articles", ARTICLES)


@pytest.fixture
def make_corpus(tmp_path: Path):
    """A factory: ingest the given {id: text} articles into tmp_path/t.db."""
    return lambda texts: ingest_texts(tmp_path / "t.db", tmp_path / "articles", texts)


@pytest.fixture
def seeds_db(tmp_path: Path) -> Path:
    """The real seed articles in a database named the same in every run (its name shows in the header)."""
    db_path = tmp_path / "annotator.db"
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
    return db_path


@pytest.fixture
def make_app():
    """A factory for apps built like the CLI builds them, with an explicit config; stores closed afterwards."""
    apps: list[AnnotatorApp] = []

    def make(db_path: Path, annotator: str = "alice", keymap: dict[str, str] | None = None) -> AnnotatorApp:
        app = build_app(db_path, annotator, Config(keymap=keymap or {}))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.store.close()


@pytest.fixture
def apps():
    """Apps built from a config file, stores closed afterwards."""
    made = []

    def make(db_path: Path, config_file: Path):
        app = build_app(db_path, "alice", load_config(config_file))
        made.append(app)
        return app

    yield make
    for app in made:
        app.store.close()
