"""Input commands' conventions: --db and --annotator after the subcommand too, --json summaries, examples in --help."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.annotations import Annotations
from annotator.cli import cli
from annotator.store import Store


def test_db_after_the_subcommand_means_the_same_as_before(tmp_path, seeds_dir):
    runner = CliRunner()
    after, before = tmp_path / "after.db", tmp_path / "before.db"
    assert runner.invoke(cli, ["ingest", str(seeds_dir), "--db", str(after)]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(before), "ingest", str(seeds_dir)]).exit_code == 0
    with Store(after) as one, Store(before) as two:
        assert one.source_ids() == two.source_ids() == ["000_12b36fb51d48fb91", "004_38e05b9625974cc4"]
    assert not (tmp_path / "annotator.db").exists()


def test_the_subcommands_db_wins_over_the_one_before(tmp_path, seeds_dir):
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(tmp_path / "outer.db"), "ingest", str(seeds_dir), "--db", str(tmp_path / "inner.db")])
    assert result.exit_code == 0 and (tmp_path / "inner.db").exists() and not (tmp_path / "outer.db").exists()


def test_ingest_json_is_one_object_on_stdout(run_cli, tmp_path, seeds_dir):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("One article.")
    (tmp_path / "corpus" / "b.pdf").write_bytes(b"%PDF")
    result = run_cli("ingest", tmp_path / "corpus", seeds_dir, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["articles"] == 3 and summary["added"] == 3 and summary["unchanged"] == 0
    assert summary["sentences_added"] > 3
    assert summary["skipped"] == [{"path": str(tmp_path / "corpus" / "b.pdf"),
                                   "reason": "it is a PDF; save the article as .txt or the page as .html"}]
    assert summary["reanchored"] == {"moved": 0, "exact": 0, "fuzzy": 0, "orphaned": 0}


def test_import_json_is_one_object_on_stdout(run_cli, seeds_dir, db_path):
    run_cli("ingest", seeds_dir)
    with Store(db_path) as store:
        Annotations(store, "ann").mark_claim(store.sentences("004_38e05b9625974cc4")[0].id)
    exported = run_cli("export", "--format", "jsonl", "-o", "-").stdout
    result = run_cli("import", "-", "--json", input=exported)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"files": 1, "annotators": ["ann"], "claims_added": 0, "claims_unchanged": 1,
                                         "claims_replaced": 0, "claims_kept": 0, "links_added": 0,
                                         "boilerplate_added": 0, "decisions_added": 0, "done_added": 0,
                                         "not_imported": {"folders": {}, "links": {}, "spans": {}}}


def test_open_takes_annotator_after_the_subcommand(run_cli, monkeypatch, seeds_dir):
    opened = []
    monkeypatch.setattr("annotator.tui.app.run_app", lambda **kwargs: opened.append(kwargs))
    assert run_cli("open", seeds_dir, "--annotator", "zoe").exit_code == 0
    assert opened[0]["annotator"] == "zoe"


def test_input_commands_show_examples_in_help(run_cli):
    for command in ("ingest", "import", "open"):
        text = run_cli(command, "--help").stdout
        assert "Examples:" in text and f"annotator {command}" in text and "--db" in text
