"""Conventions every command shares: -V, -q/-v before or after the command, examples in --help, --json shapes, progress."""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
import time

import click
import pytest
from cli_runner import command_tree
from rich.console import Console

from annotator import __version__, cli_conventions
from annotator.cli import cli
from annotator.cli_conventions import Activity, wants_progress

NO_JSON = {"open", "review", "labelstudio-config"}  # the app, and a command whose output is an XML config


def _leaf_commands():
    return [(words, command) for words, command in command_tree() if not isinstance(command, click.Group)]


def test_dash_capital_v_prints_the_version(run_cli):
    for flag in ("-V", "--version"):
        result = run_cli(flag)
        assert (result.exit_code, result.stdout) == (0, f"annotator, version {__version__}\n")


@pytest.mark.parametrize("words", [" ".join(words) for words, _ in command_tree()])
def test_every_command_takes_quiet_and_verbose_and_ends_its_help_with_examples(run_cli, words):
    result = run_cli(*words.split(), "--help")
    assert result.exit_code == 0
    assert "-q, --quiet" in result.stdout and "-v, --verbose" in result.stdout
    heading = re.search(r"^  Examples?:$", result.stdout, re.MULTILINE)
    assert heading, f"`annotator {words} --help` shows no example"
    assert heading.start() > result.stdout.index("\nOptions:"), f"`annotator {words} --help` shows its examples before its options"
    assert "annotator" in result.stdout[heading.end():], f"`annotator {words} --help`: no command line under Examples"


def _example_command_lines(help_text: str) -> list[list[str]]:
    """The `annotator …` command lines under a help's Examples heading (pipes, `&&`, `>` and comments cut off)."""
    block = help_text[re.search(r"^  Examples?:$", help_text, re.MULTILINE).end():]
    found = []
    for line in block.splitlines():
        for part in re.split(r"\||&&|>", line.split(" # ")[0]):
            words = shlex.split(part)
            if words[:1] == ["annotator"] and "--help" not in words:
                found.append(words[1:])
    return found


def _parse(args: list[str]) -> click.Command:
    """The command an `annotator` command line names, its options and arguments parsed as the real run would (not run)."""
    context = cli.make_context("annotator", list(args), obj={})
    command = cli
    while isinstance(command, click.Group):
        # click 8.2+ keeps the subcommand's words in _protected_args (the public name is deprecated); 8.1 in protected_args
        protected = context._protected_args if hasattr(context, "_protected_args") else context.protected_args
        rest = [*protected, *context.args]
        if not rest:
            break
        name, command, rest = command.resolve_command(context, rest)
        context = command.make_context(name, rest, parent=context, obj={})
    return command


@pytest.mark.parametrize("words", [" ".join(words) for words, _ in command_tree()])
def test_every_example_in_help_parses(run_cli, words):
    examples = _example_command_lines(run_cli(*words.split(), "--help").stdout)
    assert examples, f"`annotator {words} --help`: no annotator command line among its examples"
    for example in examples:
        try:
            _parse(example)
        except click.UsageError as error:
            pytest.fail(f"`annotator {words} --help` example `annotator {shlex.join(example)}`: {error.format_message()}")


def test_a_bad_example_would_be_caught():
    for bad in (["export", "--formatt", "jsonl"], ["claim", "add"], ["boundaries", "split", "a1:4"], ["nosuch"]):
        with pytest.raises(click.UsageError):
            _parse(bad)


def test_every_command_that_reports_takes_json_and_says_its_shape():
    for words, command in _leaf_commands():
        if words[0] in NO_JSON:
            continue
        option = next((param for param in command.params if "--json" in getattr(param, "opts", ())), None)
        assert option is not None, f"annotator {' '.join(words)} has no --json"
        assert "JSON object" in option.help or "JSON lines" in option.help, f"{' '.join(words)}: --json help names no shape"


def _json_lines(text: str) -> list:
    """Every line of the output as JSON (a summary is one line too); fails on anything else."""
    assert text.endswith("\n") or text == ""
    return [json.loads(line) for line in text.split("\n") if line]


def test_json_outputs_are_one_object_or_json_lines(run_cli, seeds_dir, tmp_path):
    ingest = _json_lines(run_cli("ingest", seeds_dir, "--json").stdout)
    assert len(ingest) == 1 and ingest[0]["articles"] == 2
    sources = [row["id"] for row in _json_lines(run_cli("sources", "--json").stdout)]
    first, second = sources[0], sources[1]
    [claim] = _json_lines(run_cli("claim", "add", f"{first}:0", "--json").stdout)
    claim_id = claim["claim"]["id"]
    assert len(_json_lines(run_cli("link", "add", str(claim_id), f"{second}:0", "--relation", "corroborates", "--json").stdout)) == 1
    assert len(_json_lines(run_cli("boilerplate", "add", f"{first}:1", "--json").stdout)) == 1
    assert len(_json_lines(run_cli("undo", "--json").stdout)) == 1 and len(_json_lines(run_cli("redo", "--json").stdout)) == 1
    assert len(_json_lines(run_cli("suggest", f"{first}:0", "-k", "2", "--json").stdout)) == 2
    for command in (("agree",), ("coverage",), ("done", first)):
        assert len(_json_lines(run_cli(*command, "--json").stdout)) == 1, command
    _json_lines(run_cli("lint", "--json").stdout)
    _json_lines(run_cli("orphans", "--json").stdout)
    [exported] = _json_lines(run_cli("export", "--format", "jsonl", "-o", tmp_path / "out.jsonl", "--json").stdout)
    assert exported == {"format": "jsonl", "path": str(tmp_path / "out.jsonl"), "annotator": None, "claims": 1}
    [imported] = _json_lines(run_cli("import", tmp_path / "out.jsonl", "--json").stdout)
    assert imported["claims_unchanged"] == 1
    [backup] = _json_lines(run_cli("backup", tmp_path / "copy.db", "--json").stdout)
    assert backup["integrity_check"] == "ok"
    [metadata] = _json_lines(run_cli("datasette-metadata", "-o", tmp_path / "meta.json", "--json").stdout)
    assert metadata["metadata"] == str(tmp_path / "meta.json")
    batch = run_cli("batch", "-", "--json", input=json.dumps({"action": "claim add", "sentence": f"{second}:1"}) + "\n")
    assert len(_json_lines(batch.stdout)) == 1
    (tmp_path / "t.txt").write_text("One. Two.", encoding="utf-8")
    assert len(_json_lines(run_cli("split", tmp_path / "t.txt", "--json").stdout)) == 2


def test_export_json_with_standard_output_is_refused(run_cli, seeds_dir):
    run_cli("ingest", seeds_dir)
    result = run_cli("export", "--format", "jsonl", "-o", "-", "--json")
    assert result.exit_code == 2 and "with -o - the export itself is on standard output" in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_leaves_only_the_output_and_errors(run_cli, seeds_dir, tmp_path, where):
    def quiet(*args):
        return run_cli("-q", *args) if where == "before" else run_cli(*args, "-q")

    assert quiet("ingest", seeds_dir).stderr == ""
    assert quiet("claim", "add", "000_12b36fb51d48fb91:0").stderr == ""
    exported = quiet("export", "--format", "jsonl", "-o", tmp_path / "out.jsonl")
    assert (exported.exit_code, exported.stderr) == (0, "") and (tmp_path / "out.jsonl").exists()
    assert quiet("import", tmp_path / "out.jsonl").stderr == ""
    listed = quiet("sources")
    assert listed.stderr == "" and listed.stdout
    failed = quiet("import", tmp_path / "missing.jsonl")
    assert failed.exit_code == 2 and "no such file" in failed.stderr  # errors are never quiet


def test_quiet_and_verbose_together_are_a_usage_error(run_cli):
    result = run_cli("-q", "sources", "-v")
    assert result.exit_code == 2 and "contradict" in result.stderr


def test_verbose_says_what_each_input_became_and_what_was_left_out(run_cli, seeds_dir, tmp_path):
    result = run_cli("ingest", seeds_dir, "-v")
    assert "000_12b36fb51d48fb91: added (version 1)" in result.stderr
    assert "annotator ingest: " in result.stderr and f" s on {run_cli.db_path}" in result.stderr
    plain = run_cli("ingest", seeds_dir)
    assert "(version 1)" not in plain.stderr and " s on " not in plain.stderr
    doccano = tmp_path / "d.jsonl"
    doccano.write_text(json.dumps({"text": "Not a stored text.", "entities": [{"id": 1, "label": "Claim", "start_offset": 0, "end_offset": 3}]}) + "\n")
    imported = run_cli("-v", "import", "--annotator", "dee", doccano)
    assert "not imported: 1 span(s) on text that is not a stored source" in imported.stderr


def test_progress_is_never_wanted_off_a_terminal_in_json_quiet_or_ci(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    with click.Context(cli, obj={}) as context:
        assert wants_progress()
        assert not wants_progress(as_json=True)
        context.obj["verbosity"] = cli_conventions.QUIET
        assert not wants_progress()
        context.obj["verbosity"] = cli_conventions.NORMAL
        monkeypatch.setenv("CI", "true")
        assert not wants_progress()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("CI")
    with click.Context(cli, obj={}):
        assert not wants_progress()


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80), out


def test_activity_shows_only_work_that_runs_past_its_delay():
    console, out = _terminal()
    with Activity(True, delay=60, console=console) as quick:
        quick.phase("Exporting jsonl")
    assert out.getvalue() == "" and not quick.shown
    console, out = _terminal()
    with Activity(True, delay=0, console=console) as slow:
        slow.phase("Reading big.jsonl", "file 1 of 2")
        deadline = time.monotonic() + 5
        while not slow.shown and time.monotonic() < deadline:
            time.sleep(0.01)
        slow.progress.refresh()
    assert slow.shown and "Reading big.jsonl" in out.getvalue() and "file 1 of 2" in out.getvalue()
    with Activity(False) as off:
        off.phase("nothing")
    assert off.progress is None


def test_db_and_annotator_work_after_any_command(run_cli, seeds_dir, tmp_path):
    from click.testing import CliRunner

    other = tmp_path / "other.db"
    assert CliRunner().invoke(cli, ["ingest", str(seeds_dir), "--db", str(other)]).exit_code == 0
    listed = CliRunner().invoke(cli, ["sources", "--json", "--db", str(other)])
    assert listed.exit_code == 0 and len(_json_lines(listed.stdout)) == 2
    done = CliRunner().invoke(cli, ["--annotator", "amy", "done", "000_12b36fb51d48fb91", "--db", str(other), "--annotator", "zoe", "--json"])
    assert json.loads(done.stdout)["annotator"] == "zoe"  # after the command wins, as for ingest and import
    bad = CliRunner().invoke(cli, ["coverage", "--db", str(other), "--annotator", "a/b"])
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr


def test_shell_completion_is_click_s_as_documented():
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [], prog_name="annotator", env={"_ANNOTATOR_COMPLETE": "bash_source"})
    assert result.exit_code == 0 and "_annotator_completion()" in result.stdout
    words = CliRunner().invoke(cli, [], prog_name="annotator", env={"_ANNOTATOR_COMPLETE": "bash_complete", "COMP_WORDS": "annotator exp", "COMP_CWORD": "1"})
    assert "plain,export" in words.stdout
