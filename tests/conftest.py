"""Shared fixtures: real SQLite stores on disk, the seed articles, and a CLI runner bound to a temp database."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import examples_budget
import pytest
from cli_runner import Cli, dump_database

from annotator.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pytest_configure(config):
    """Properties draw all their examples when the run selects slow tests (`-m slow`), a quarter otherwise, with no
    deadline per example. Under CI (CI=true) Hypothesis draws the same examples every run, so a landing never hangs on
    a draw no run before made; a run on a developer's machine still draws new ones (and keeps what fails in
    .hypothesis/)."""
    examples_budget.FULL = examples_budget.selects_slow(config.getoption("markexpr") or "")
    _own_state_folder(config)
    from hypothesis import settings

    # No per-example deadline: properties check what the code does, not how fast (bench/ measures time); on a busy
    # 2-core machine a 300-line blank run took 205 ms against Hypothesis's 200 ms and failed a run.
    if os.environ.get("CI", "").lower() in ("true", "1"):
        settings.register_profile("ci", derandomize=True, database=None, deadline=None)
        settings.load_profile("ci")
    else:
        settings.register_profile("local", deadline=None)
        settings.load_profile("local")


def _own_state_folder(config) -> None:
    """The run's crash logs and session files go to a folder of its own, removed at the end, not to the user's
    ~/.local/state/annotator (a test that sets XDG_STATE_HOME itself still wins)."""
    folder = tempfile.mkdtemp(prefix="annotator-test-state-")
    os.environ["XDG_STATE_HOME"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture
def seeds_dir() -> Path:
    """The seed articles shipped with the project."""
    return SEEDS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file lives."""
    return tmp_path / "annotator.db"


@pytest.fixture
def store(db_path: Path):
    """A Store on a real file in tmp_path, closed after the test."""
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def memory_store():
    """A Store on an in-memory database."""
    with Store(":memory:") as opened:
        yield opened


@pytest.fixture
def run_cli(db_path: Path) -> Cli:
    """A CLI runner helper bound to this test's database file."""
    return Cli(db_path)


@pytest.fixture
def dump_db():
    """A function returning every row of every table of a database file, for before/after comparisons."""
    return dump_database


@pytest.fixture
def gold_store(tmp_path):
    """The seeds with the example gold imported from exports/seeds.gold.jsonl."""
    from annotator.articles import read_articles
    from annotator.formats.importer import import_files
    from annotator.ingest import ingest_articles

    with Store(tmp_path / "seeds.db") as opened:
        ingest_articles(opened, read_articles([SEEDS]))
        import_files(opened, [SEEDS.parent / "exports" / "seeds.gold.jsonl"])
        yield opened


@pytest.fixture
def two_sources(run_cli, tmp_path, monkeypatch):
    """Two small sources, a and b (attack_helpers.SENTENCES), in the test's database, run from tmp_path; the CLI runner."""
    from attack_helpers import SENTENCES

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    for name, text in SENTENCES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert run_cli("ingest", "a.txt", "b.txt").exit_code == 0
    return run_cli
