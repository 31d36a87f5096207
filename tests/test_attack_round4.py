"""Round-four attacks from outside: hostile batch lines, article JSON lines, command-line bytes and import files.

Each test is one attempt an adversarial tester made through the real command line; it checks the
contract: one sentence on stderr naming the file and place, exit 2, the database untouched, no traceback.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from attack_helpers import SENTENCES, refused_untouched
from test_adversarial_errors import one_sentence

HOSTILE_BATCH_LINES = [
    ('{"action":"claim add","sentence":"a:0","note":' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"action":"claim rm","claim":' + "9" * 5000 + "}", "5,000 digits"),
    ('{"action":"claim add","sentence":"a:0","note":"\\ud800"}', "lone surrogate"),
    ('{"action":"claim add","sentence":"a:0","sentence":"b:0"}', "duplicate key 'sentence'"),
    ('{"action":"claim rm","claim":NaN}', "NaN is not a JSON number"),
    ('{"action":"boundaries split","sentence":"a:0","at":1e999}', "too large"),
]


@pytest.mark.parametrize("line, words", HOSTILE_BATCH_LINES, ids=["deep", "huge-int", "surrogate", "duplicate", "nan", "inf"])
def test_a_hostile_batch_line_is_one_sentence_naming_its_line(two_sources, dump_db, db_path, tmp_path, line, words):
    (tmp_path / "actions.jsonl").write_text('{"action":"claim add","sentence":"b:0"}\n' + line + "\n", encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["batch", "actions.jsonl"], "actions.jsonl, line 2: ", words)


@pytest.mark.parametrize("value, words", [("9" * 5000, "5,000 digits"), ("1e999", "too large")], ids=["huge-int", "inf"])
def test_a_huge_number_in_an_article_line_is_one_sentence(two_sources, dump_db, db_path, tmp_path, value, words):
    (tmp_path / "more.jsonl").write_text('{"id":"c","text":"Hello there. Bye."}\n'
                                         f'{{"id":"d","text":"Hello there. Bye.","extra":{value}}}\n', encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["ingest", "more.jsonl"], "more.jsonl, line 2: ", words)


# A byte that is not UTF-8 in an argument reaches Python as a lone surrogate (surrogateescape), as from a shell's $'\xff'.
NOT_UTF8_ARGUMENTS = [
    (["claim", "add", "a:0", "--note", "bad \udcff note"], "--note"),
    (["claim", "add", "a\udcff:0"], "SOURCE_ID:INDEX"),
    (["suggest", "b\udcff:0"], "SOURCE_ID:INDEX"),
    (["assign", "a", "--to", "\udcff"], "--to"),
    (["done", "a\udcff"], "SOURCE_ID"),
    (["--annotator", "b\udcff", "claim", "add", "a:0"], "--annotator"),
    (["claim", "add", "a:0", "--annotator", "b\udcff"], "--annotator"),
]


@pytest.mark.parametrize("args, words", NOT_UTF8_ARGUMENTS, ids=[" ".join(a[:2]) + " " + w for a, w in NOT_UTF8_ARGUMENTS])
def test_an_argument_that_is_not_utf8_is_one_sentence(two_sources, dump_db, db_path, args, words):
    message = refused_untouched(two_sources, dump_db, db_path, args, words, "not UTF-8", "0xff")
    assert "\udcff" not in message


def test_an_annotator_name_from_the_environment_that_is_not_utf8_is_refused(two_sources, dump_db, db_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_NAME", "b\udcff")
    refused_untouched(two_sources, dump_db, db_path, ["claim", "add", "a:0"], "$ANNOTATOR_NAME", "not UTF-8")


def test_an_export_path_that_is_not_utf8_is_still_a_path(two_sources, tmp_path):
    result = two_sources("export", "--format", "jsonl", "-o", "out-\udcff.jsonl")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out-\udcff.jsonl").is_file()


def _teammate_file(run_cli, tmp_path, change) -> str:
    """Our jsonl export of one claim a:0 linked to b:0, as teammate bob's, with `change(claim_record)` applied."""
    assert run_cli("claim", "add", "a:0").exit_code == 0
    assert run_cli("link", "add", "1", "b:0", "--relation", "corroborates").exit_code == 0
    assert run_cli("export", "--format", "jsonl", "-o", "mine.jsonl").exit_code == 0
    records = [json.loads(line) for line in (tmp_path / "mine.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        record["annotator"] = "bob" if "annotator" in record else None
    records[0] |= {"annotators": ["bob"], "done": {"bob": []}}
    records[0].pop("annotator")
    change(next(record for record in records if record["record"] == "claim"))
    (tmp_path / "bob.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return "bob.jsonl"


def test_an_imported_evidence_set_zero_is_refused_naming_the_file_and_line(two_sources, dump_db, db_path, tmp_path):
    name = _teammate_file(two_sources, tmp_path, lambda claim: claim["links"][0].update(evidence_set=0))
    refused_untouched(two_sources, dump_db, db_path, ["import", name], f"{name}, line 3: ", "evidence_set")


def test_a_schema_problem_in_a_big_file_is_a_short_sentence(two_sources, dump_db, db_path, tmp_path):
    text = "The council approved the budget of $5 million on Monday. It was late."
    task = {"data": {"text": text * 20}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 3}}]}]}
    tasks = json.dumps([{"id": number, **task} for number in range(2000)]).replace('"start": 0', '"start": NaN', 1)
    (tmp_path / "tasks.json").write_text(tasks, encoding="utf-8")  # 3 MB that is not JSON, then read as YAML
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "tasks.json"], "tasks.json: ", "is not of type")
    assert len(message) < 400, len(message)


def test_two_sources_one_case_folding_file_system_makes_one_file_are_refused_not_overwritten(two_sources, tmp_path, monkeypatch):
    from annotator.formats import brat

    (tmp_path / "Report.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text("The mayor quit on Friday. Reasons were unclear.\n", encoding="utf-8")
    assert two_sources("ingest", "Report.txt", "report.txt").exit_code == 0
    for sentence in ("Report:0", "report:0"):
        assert two_sources("claim", "add", sentence).exit_code == 0
    real_inside = brat.inside
    # macOS and Windows ignore case in file names: Report.txt and report.txt are one file there
    monkeypatch.setattr(brat, "inside", lambda root, *parts: real_inside(root, *(part.lower() for part in parts)))
    one_sentence(two_sources("export", "--format", "brat", "-o", "out"), 2, "report", "same file name")
    assert not (tmp_path / "out").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_article_metadata_nested_past_the_yaml_limit_is_refused_at_ingest(two_sources, dump_db, db_path, tmp_path):
    # 400 levels parse, but orjson cannot write past 255, so every later jsonl export crashed
    (tmp_path / "deep.jsonl").write_text('{"id":"deep","text":"Hello there. Bye now.","extra":' + "[" * 400 + "]" * 400 + "}\n",
                                         encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["ingest", "deep.jsonl"], "deep.jsonl, line 1: ", "nested deeper than 32")


def test_an_import_record_nested_past_the_limit_is_refused_with_its_line(two_sources, dump_db, db_path, tmp_path):
    name = _teammate_file(two_sources, tmp_path, lambda claim: None)
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    source = json.loads(lines[1])
    source["source"]["extra"] = {"deep": "HERE"}
    lines[1] = json.dumps(source).replace('"HERE"', "[" * 300 + "]" * 300)
    (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["import", name], f"{name}, line 2: ", "nested deeper than 32")


def test_an_import_line_with_forty_thousand_keys_is_read_in_linear_time(two_sources, db_path, tmp_path):
    name = _teammate_file(two_sources, tmp_path, lambda claim: None)
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    source = json.loads(lines[1])
    source["source"]["extra"] = {f"k{number}": number for number in range(40_000)}
    lines[1] = json.dumps(source)  # spaces after the separators: not our own bytes, so the keys are counted
    (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    assert two_sources("import", name).exit_code == 0
    assert time.monotonic() - started < 10  # counting each key's repeats took minutes


TEXT_A = SENTENCES["a.txt"].strip()
FOREIGN_WITH_A_KEY_TWICE = {
    "tasks.json": ('[{"data": {"text": "TEXT"}, "annotations": [{"result": [{"type": "labels", '
                   '"value": {"start": 0, "start": 4, "end": 11, "labels": ["claim"]}}]}]}]'.replace("TEXT", TEXT_A), "tasks.json: "),
    "doccano.jsonl": ('{"text": "TEXT", "label": [[0, 11, "claim"]], "label": []}\n'.replace("TEXT", TEXT_A), "doccano.jsonl, line 1: "),
    "w3c.json": ('[{"type": "Annotation", "target": {"source": "urn:annotator:source:a:v1", "source": "x"}}]', "w3c.json: "),
}


@pytest.mark.parametrize("name", sorted(FOREIGN_WITH_A_KEY_TWICE))
def test_a_key_given_twice_in_a_foreign_file_is_refused(two_sources, dump_db, db_path, tmp_path, name):
    text, where = FOREIGN_WITH_A_KEY_TWICE[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    args = ["import", name, "--annotator", "carol"]
    refused_untouched(two_sources, dump_db, db_path, args, where, "duplicate key")


def test_a_batch_file_that_is_a_folder_or_a_pipe_is_named_as_such(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    refused_untouched(two_sources, dump_db, db_path, ["batch", "folder"], "folder: ", "is a folder")
    refused_untouched(two_sources, dump_db, db_path, ["batch", "pipe"], "pipe: ", "not a regular file")
    refused_untouched(two_sources, dump_db, db_path, ["batch", "missing.jsonl"], "missing.jsonl: ", "no such file")


def test_an_error_quoting_a_megabyte_value_is_a_readable_sentence(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / "actions.jsonl").write_text('{"action":"claim add","sentence":"a:' + "9" * 1_000_000 + '"}\n', encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["batch", "actions.jsonl"], "actions.jsonl, line 1: ",
                                 "is not SOURCE_ID:INDEX")
    assert len(message) < 1000, len(message)


def test_a_long_source_id_never_hides_who_is_done_in_coverage(two_sources, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    import annotator.cli as cli_module

    long_id = "x" * 150  # a file name stem, within the 200 characters the names rule allows
    (tmp_path / f"{long_id}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{long_id}.txt").exit_code == 0
    assert two_sources("--annotator", "rootless", "done", long_id, "a").exit_code == 0
    out = io.StringIO()
    monkeypatch.setattr(cli_module, "output_console", lambda: Console(file=out, width=80, markup=False, color_system=None))
    assert two_sources("coverage").exit_code == 0
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "done by" in lines[2], lines[:6]
    assert sum("rootless" in line for line in lines) == 2, lines[:8]
