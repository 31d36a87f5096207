"""`annotator boundaries split|join` and their batch actions: output, refusals (one sentence, exit 2), undo."""

from __future__ import annotations

import json
import sqlite3

import pytest

from annotator.store import Store
from tests.boundary_helpers import check_derived

TEXT = "The council approved 40 new buses on Monday and the mayor said 3 were electric. Residents welcomed it.\n"


@pytest.fixture
def ingested(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert run_cli("ingest", tmp_path / "a.txt").exit_code == 0
    return run_cli


def sentences(db_path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute('SELECT idx, start, "end", text FROM sentences ORDER BY idx').fetchall()
    finally:
        conn.close()


def test_split_prints_both_sentences_and_undo_takes_it_back(ingested, db_path):
    result = ingested("--annotator", "alice", "boundaries", "split", "a:0", "--at", "44")
    assert result.exit_code == 0
    assert result.stdout == "a:0\t0\t43\tThe council approved 40 new buses on Monday\na:1\t44\t79\tand the mayor said 3 were electric.\n"
    assert [row[0] for row in sentences(db_path)] == [0, 1, 2]
    assert ingested("--annotator", "alice", "undo").stderr == "Undid: split sentence.\n"
    assert sentences(db_path)[0][3] == TEXT.split(". ")[0] + "."


def test_join_with_json(ingested, db_path):
    result = ingested("--annotator", "alice", "boundaries", "join", "a:0", "--json")
    assert json.loads(result.stdout) == {"action": "boundaries join", "sentences": [
        {"sentence": "a:0", "start": 0, "end": len(TEXT) - 1, "text": TEXT.strip()}]}


@pytest.mark.parametrize("args, message", [
    (["split", "a:0", "--at", "0"], "offset 0 is not inside sentence a:0"),
    (["split", "a:0", "--at", "79"], "offset 79 is not inside sentence a:0"),
    (["split", "a:9", "--at", "3"], "a:9 is not a sentence of a current source"),
    (["join", "a:1"], "sentence a:1 is the last of a: there is no next sentence"),
    (["join", "nope:0"], "nope:0 is not a sentence of a current source"),
])
def test_refusals_are_one_sentence_and_exit_2_with_the_database_untouched(ingested, db_path, dump_db, args, message):
    before = dump_db(db_path)
    result = ingested("boundaries", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert dump_db(db_path) == before


def test_a_batch_splits_and_joins_as_one_undoable_action(ingested, db_path):
    lines = [{"action": "claim add", "sentence": "a:0", "span": "52:57"},
             {"action": "boundaries split", "sentence": "a:0", "at": 44},
             {"action": "boundaries join", "sentence": "a:1"}]
    result = ingested("--annotator", "alice", "batch", "-", "--json", input="\n".join(map(json.dumps, lines)))
    assert result.exit_code == 0
    assert [len(json.loads(line).get("sentences", [])) for line in result.stdout.splitlines()] == [0, 2, 1]
    assert [row[3] for row in sentences(db_path)] == ["The council approved 40 new buses on Monday",
                                                      "and the mayor said 3 were electric. Residents welcomed it."]
    assert ingested("--annotator", "alice", "undo").exit_code == 0
    assert len(sentences(db_path)) == 2
    with Store(db_path) as store:
        check_derived(store)


def test_help_shows_examples(run_cli):
    assert "annotator boundaries split cbc-2024-03:4 --at 31" in run_cli("boundaries", "split", "--help").stdout
    assert "annotator boundaries join cbc-2024-03:4" in run_cli("boundaries", "join", "--help").stdout


@pytest.mark.parametrize("record, good", [
    ({"action": "boundaries split", "sentence": "s:1", "at": 3}, True),
    ({"action": "boundaries join", "sentence": "s:1"}, True),
    ({"action": "boundaries split", "sentence": "s:1", "at": "3"}, False),
    ({"action": "boundaries split", "sentence": "s:1"}, False),
    ({"action": "boundaries join", "sentence": "s:1", "at": 3}, False),
])
def test_the_batch_schema_and_the_reader_agree_on_boundary_actions(record, good):
    from pathlib import Path

    import jsonschema_rs

    from annotator.scripting import action_problem

    schema = Path(__file__).resolve().parent.parent / "schemas" / "batch-action.schema.json"
    validator = jsonschema_rs.Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))
    assert validator.is_valid(record) == (action_problem(record) is None) == good
