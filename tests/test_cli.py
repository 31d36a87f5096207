"""The command line through click's CliRunner: help, version, split, sources, backup and user errors."""

from __future__ import annotations

import errno
import json
import subprocess
import sys

import pytest

from annotator import __version__
from annotator.cli import cli
from annotator.store import Store


def test_group_help_lists_every_command(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(run_cli, name):
    result = run_cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {name}") or f" {name} " in result.stdout.splitlines()[0]
    assert (cli.commands[name].help or "").strip(), f"{name} has no help text"


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"annotator, version {__version__}"


def test_python_dash_m_version_in_a_subprocess():
    result = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"annotator, version {__version__}"


def parse_lines(stdout: str) -> list[dict]:
    """JSON lines printed by `split`, one object per line."""
    return [json.loads(line) for line in stdout.split("\n") if line]


def test_split_file_prints_json_lines(run_cli, tmp_path):
    text = "Rep. Smith spoke. The U.S. agreed.\n\nSecond paragraph 😀 here."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("split", path)
    assert result.exit_code == 0
    records = parse_lines(result.stdout)
    assert [r["text"] for r in records] == ["Rep. Smith spoke.", "The U.S. agreed.", "Second paragraph 😀 here."]
    for number, record in enumerate(records):
        assert set(record) == {"index", "start", "end", "text"}
        assert record["index"] == number
        assert text[record["start"] : record["end"]] == record["text"]
    assert "😀" in result.stdout, "non-ASCII is printed as is, not escaped"


def test_split_stdin_with_bom(run_cli):
    result = run_cli("split", "-", input="\ufeffOne. Two.".encode("utf-8"))
    assert result.exit_code == 0
    assert parse_lines(result.stdout) == [
        {"index": 0, "start": 0, "end": 4, "text": "One."},
        {"index": 1, "start": 5, "end": 9, "text": "Two."},
    ]


def test_split_reads_stdin_by_default(run_cli):
    result = run_cli("split", input="Alpha. Beta.")
    assert [r["text"] for r in parse_lines(result.stdout)] == ["Alpha.", "Beta."]


def test_split_keeps_u2028_inside_one_json_line(run_cli):
    result = run_cli("split", input="One\u2028line. Two.")
    assert result.stdout.count("\n") == 2
    assert parse_lines(result.stdout)[0]["text"] == "One\u2028line."


def test_split_empty_input_prints_nothing(run_cli):
    result = run_cli("split", input="  \n ")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("split", "missing.txt"), None, "no such file"),
        (("split", "-"), "caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_split_user_errors(run_cli, args, stdin, message):
    result = run_cli(*args, input=stdin)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_sources_show_sentence_counts(run_cli, seeds_dir):
    assert run_cli("ingest", seeds_dir).exit_code == 0
    table = run_cli("sources")
    assert table.exit_code == 0
    rows = {line.split()[0]: line.split()[1:6] for line in table.stdout.splitlines() if line.strip().startswith("00")}
    assert rows == {"000_12b36fb51d48fb91": ["1", "20", "0", "0", "0"], "004_38e05b9625974cc4": ["1", "25", "0", "0", "0"]}
    records = parse_lines(run_cli("sources", "--json").stdout)
    counts = {r["id"]: r["sentences"] for r in records}
    with Store(run_cli.db_path) as store:
        assert counts == {source_id: len(store.sentences(source_id)) for source_id in counts}
    assert counts["000_12b36fb51d48fb91"] == 20
    assert records[1]["outlet"] == "The Moscow Times" and records[1]["published"] == "2024-08-28"
    assert {"claims", "linked_claims", "boilerplate", "version"} <= set(records[0])


def test_sources_on_empty_database(run_cli, db_path):
    Store(db_path).close()
    assert run_cli("sources", "--json").stdout == ""
    result = run_cli("sources")
    assert result.exit_code == 0
    assert "No sources yet" in result.stderr


def test_ingest_then_sources_through_annotator_db_variable(tmp_path, seeds_dir, monkeypatch):
    from click.testing import CliRunner

    db = tmp_path / "from-env.db"
    runner = CliRunner(env={"ANNOTATOR_DB": str(db)})
    assert runner.invoke(cli, ["ingest", str(seeds_dir)]).exit_code == 0
    assert db.exists()
    assert len(parse_lines(runner.invoke(cli, ["sources", "--json"]).stdout)) == 2


def test_backup_command(run_cli, seeds_dir, tmp_path):
    run_cli("ingest", seeds_dir)
    target = tmp_path / "backup.db"
    result = run_cli("backup", target)
    assert result.exit_code == 0
    with Store(target) as copy:
        assert len(copy.source_summaries()) == 2
    again = run_cli("backup", target)
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_backup_into_missing_folder_names_the_target(run_cli, seeds_dir, tmp_path):
    run_cli("ingest", seeds_dir)
    target = tmp_path / "no" / "such" / "backup.db"
    result = run_cli("backup", target)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert str(target.parent) in result.stderr


def test_database_that_is_not_sqlite_is_refused(tmp_path, seeds_dir):
    from click.testing import CliRunner

    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("just text, not a database " * 100, encoding="utf-8")
    before = not_a_db.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(not_a_db), "sources"])
    assert result.exit_code == 2
    assert "is not an annotator database" in result.stderr
    assert "Traceback" not in result.stderr
    assert not_a_db.read_bytes() == before


def test_database_in_missing_folder_is_named(tmp_path):
    from click.testing import CliRunner

    db = tmp_path / "missing" / "annotator.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "sources"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "folder" in result.stderr and str(db.parent) in result.stderr


def test_ingest_requires_a_path(run_cli):
    result = run_cli("ingest")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_split_into_a_closed_pipe_exits_quietly(tmp_path):
    """`annotator split big.txt | head` must not complain when head stops reading."""
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    big.write_text("One sentence here. " * 50_000, encoding="utf-8")
    result = subprocess.run(
        f"{sys.executable} -m annotator split {big} | head -1", shell=True, capture_output=True, text=True
    )
    assert result.stdout.startswith('{"index": 0')
    assert result.stderr == ""


@pytest.mark.parametrize("command", [["sources"], ["export", "--format", "jsonl", "-o", "-"], ["agree"], ["suggest", "a:0"], ["orphans"]])
def test_a_mistyped_database_is_refused_not_created(run_cli, db_path, command):
    result = run_cli(*command)
    assert result.exit_code == 2
    assert result.stderr == f"annotator: {db_path}: no such database; create it with `annotator ingest PATH...` (or check --db / $ANNOTATOR_DB)\n"
    assert not db_path.exists()


def test_a_failed_first_ingest_leaves_no_database(run_cli, db_path, tmp_path, monkeypatch):
    from annotator import ingest

    article = tmp_path / "a.txt"
    article.write_text("One sentence.", encoding="utf-8")

    def fail(*arguments, **options):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ingest, "ingest_articles", fail)
    result = run_cli("ingest", article)
    assert result.exit_code == 1
    assert result.stderr.startswith("annotator: ") and "disk is full" in result.stderr
    assert not db_path.exists()
    assert list(tmp_path.iterdir()) == [article], "no temporary database is left either"
