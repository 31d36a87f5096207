"""Ingest progress: from the first file read to the last commit, with counts; only on a terminal, for big work."""

from __future__ import annotations

import io

from rich.console import Console

from annotator import ingest_progress
from annotator.ingest import ingest_articles
from annotator.ingest_progress import IngestProgress, wants_progress
from annotator.inputs import plan_inputs, read_inputs


def test_progress_runs_from_reading_to_committing_with_counts(tmp_path, memory_store):
    for number in range(3):
        (tmp_path / f"a{number}.txt").write_text(f"Article {number} says one thing. And another.")
    plan = plan_inputs([tmp_path])
    screen = io.StringIO()
    progress = IngestProgress(Console(file=screen, force_terminal=True, width=120), len(plan.items))
    phases = []
    articles = read_inputs(plan, on_read=progress.read)
    progress.start_storing(len(articles))
    report = ingest_articles(memory_store, articles, progress=progress.stored,
                             phase=lambda name: (phases.append(name), progress.phase(name)))
    tasks = {task.description: task for task in progress.progress.tasks}
    progress.close()
    assert phases == ["indexing", "committing"]
    assert (tasks["Reading"].completed, tasks["Reading"].total) == (3, 3)
    assert (tasks["Storing"].completed, tasks["Storing"].total) == (3, 3)
    assert tasks["Indexing"].finished and not tasks["Committing"].finished  # the last step shows as running
    shown = screen.getvalue()
    assert "Reading" in shown and "3/3" in shown and "Committing" in shown
    assert report.count("added") == 3


def test_progress_only_on_a_terminal_and_for_big_or_fetched_inputs():
    assert not wants_progress(False, 10**9, 3)
    assert not wants_progress(True, 1000, 0)
    assert wants_progress(True, ingest_progress.PROGRESS_THRESHOLD_BYTES, 0)
    assert wants_progress(True, 0, 1)


def test_the_cli_shows_progress_on_stderr_only_when_wanted(run_cli, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("One article.")
    result = run_cli("ingest", tmp_path / "a.txt")
    assert result.stdout == "" and result.stderr.startswith("Ingested 1 article(s)")
    seen = []
    monkeypatch.setattr(ingest_progress, "wants_progress", lambda *args: seen.append(args) or True)
    (tmp_path / "b.txt").write_text("Another article.")
    result = run_cli("ingest", tmp_path / "b.txt")
    assert result.exit_code == 0 and result.stdout == ""
    assert seen == [(False, len("Another article."), 0)]
