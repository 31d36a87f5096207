"""Every annotation action from the command line: claim, link, boilerplate, undo, redo and batch, on the app's core calls."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest
from seed_gold import SEEDS, A, B

from annotator.cli import cli
from annotator.scripting import ACTION_FIELDS, action_problem

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "batch-action.schema.json"


@pytest.fixture
def seeded(run_cli):
    assert run_cli("ingest", SEEDS).exit_code == 0
    return run_cli


def rows(db_path, query):
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_two_spans_on_one_sentence_linked_to_an_evidence_set_then_undone_and_redone(seeded, db_path):
    first = seeded("claim", "add", f"{A}:0", "--span", "0:11", "--type", "event")
    assert first.exit_code == 0 and first.stdout == "1\n"
    second = json.loads(seeded("claim", "add", f"{A}:0", "--span", "12:40", "--verdict", "supported", "--json").stdout)
    assert second["claim"]["span"] == [12, 40] and second["claim"]["id"] == 2
    assert seeded("link", "add", "1", f"{B}:0", "--relation", "corroborates", "--set", "1").stdout == "1\n"
    assert seeded("link", "add", "1", f"{B}:2", "--relation", "corroborates", "--set", "1").stdout == "2\n"
    assert seeded("link", "add", "2", f"{B}:5", "--relation", "conflicts").stdout == "3\n"
    assert rows(db_path, "SELECT claim_id, evidence_set, relation FROM links ORDER BY id") == [
        (1, 1, "corroborates"), (1, 1, "corroborates"), (2, None, "conflicts")]
    assert seeded("undo").stderr == "Undid: link conflicts.\n"
    assert rows(db_path, "SELECT count(*) FROM links") == [(2,)]
    assert seeded("redo", "--json").stdout == '{"redo": "link conflicts"}\n'
    assert rows(db_path, "SELECT count(*) FROM links") == [(3,)]


def test_claim_set_and_rm(seeded, db_path):
    seeded("claim", "add", f"{A}:0", "--span", "0:11")
    changed = json.loads(seeded("claim", "set", "1", "--note", "checked", "--clear", "span", "--json").stdout)
    assert changed["claim"]["span"] is None and changed["claim"]["note"] == "checked"
    assert seeded("claim", "rm", "1").exit_code == 0
    assert rows(db_path, "SELECT count(*) FROM claims") == [(0,)]


@pytest.mark.parametrize("args, message", [
    (["claim", "add", f"{A}:0", "--span", "5:999"], "is not inside sentence"),
    (["claim", "add", f"{A}:0", "--type", "rumour"], "claim type 'rumour' is not in the label set"),
    (["claim", "add", "nosuch:0"], "is not a sentence of a current source"),
    (["claim", "add", f"{A}:0", "--span", "a:b"], "is not START:END"),
    (["claim", "set", "7", "--note", "x"], "there is no claim 7"),
    (["claim", "set", "7"], "nothing to set"),
    (["link", "add", "7", f"{B}:0", "--relation", "related"], "there is no claim 7"),
    (["link", "rm", "7"], "there is no link 7"),
    (["boilerplate", "add", f"{A}:5-2"], "is not SOURCE_ID:INDEX or SOURCE_ID:FIRST-LAST"),
])
def test_bad_input_is_one_sentence_exit_2_and_nothing_changes(seeded, db_path, dump_db, args, message):
    before = dump_db(db_path)
    result = seeded(*args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert dump_db(db_path) == before


def test_evidence_from_the_claims_own_source_is_refused(seeded):
    seeded("claim", "add", f"{A}:0")
    result = seeded("link", "add", "1", f"{A}:3", "--relation", "related")
    assert result.exit_code == 2 and "own source" in result.stderr


def test_boilerplate_ranges_add_and_remove(seeded, db_path):
    assert seeded("boilerplate", "add", f"{B}:9-12").stdout == "4\n"
    assert seeded("boilerplate", "add", f"{B}:12").stdout == "0\n"
    assert seeded("boilerplate", "rm", f"{B}:10-11").stdout == "2\n"
    assert rows(db_path, "SELECT count(*) FROM boilerplate") == [(2,)]


def batch_lines(*records) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_a_batch_is_one_transaction_one_undo_and_refers_to_its_own_lines(seeded, db_path):
    text = batch_lines(
        {"action": "claim add", "sentence": f"{A}:0", "span": "0:11", "type": "event"},
        {"action": "claim add", "sentence": f"{A}:0", "span": [12, 40]},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:2", "relation": "corroborates", "set": 1},
        {"action": "claim set", "claim": "#2", "verdict": "refuted"},
        {"action": "boilerplate add", "sentences": f"{B}:9-10"},
    )
    result = seeded("batch", "--json", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["line"] for line in result.stdout.splitlines()] == [1, 2, 3, 4, 5, 6]
    assert rows(db_path, "SELECT id, span_start IS NOT NULL, verdict FROM claims ORDER BY id") == [(1, 1, None), (2, 1, "refuted")]
    assert rows(db_path, "SELECT count(*) FROM actions") == [(1,)]
    assert seeded("undo").stderr == "Undid: batch of 6 action(s).\n"
    assert rows(db_path, "SELECT count(*) FROM claims UNION ALL SELECT count(*) FROM links "
                         "UNION ALL SELECT count(*) FROM boilerplate") == [(0,)] * 3


@pytest.mark.parametrize("bad, message", [
    ({"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "nope"}, "line 2: relation 'nope'"),
    ({"action": "link add", "claim": "#9", "evidence": f"{B}:0", "relation": "related"}, "line 2: #9 names no claim"),
    ({"action": "claim add", "sentence": f"{A}:0", "colour": "red"}, "line 2: not a batch action: 'claim add' does not take colour"),
    ({"action": "explode"}, "line 2: not a batch action: 'action' must be one of"),
    ([{"action": "claim rm", "claim": 1}], "line 2: not a batch action: a line holds one JSON object (one action), not an array"),
    ("claim rm", "line 2: not a batch action: a line holds one JSON object (one action), not a string"),
])
def test_a_bad_batch_line_is_named_and_nothing_is_applied(seeded, db_path, dump_db, tmp_path, bad, message):
    path = tmp_path / "actions.jsonl"
    path.write_text(batch_lines({"action": "claim add", "sentence": f"{A}:0"}, bad), encoding="utf-8")
    before = dump_db(db_path)
    result = seeded("batch", path)
    assert result.exit_code == 2 and message in result.stderr and str(path) in result.stderr
    assert dump_db(db_path) == before


def test_a_batch_line_that_is_not_json_is_named(seeded, tmp_path):
    result = seeded("batch", "-", input='{"action": "claim rm", "claim": 1}\n{oops\n')
    assert result.exit_code == 2 and "<stdin>, line 2: is not valid JSON" in result.stderr


GOOD = [{"action": "claim add", "sentence": "s:1", "span": "0:3", "type": None}, {"action": "claim rm", "claim": "#2"},
        {"action": "link add", "claim": 4, "evidence": "t:0", "relation": "related", "set": 2},
        {"action": "boilerplate rm", "sentences": "s:2-5"}, {"action": "link rm", "link": 3}]
BAD = [{"action": "claim add"}, {"action": "claim rm", "claim": 0}, {"action": "claim rm", "claim": "3"},
       {"action": "link add", "claim": 1, "evidence": "t:0", "relation": "related", "set": 0},
       {"action": "claim set", "claim": 1, "type": 5}, {"action": "nope"}, {"action": "link rm", "link": 1, "x": 1}]


@pytest.mark.parametrize("record", GOOD + BAD)
def test_the_published_batch_schema_and_the_reader_agree(record):
    validator = jsonschema_rs.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert validator.is_valid(record) == (action_problem(record) is None) == (record in GOOD)
    assert set(ACTION_FIELDS) >= {record["action"]} or record in BAD


def test_two_claims_on_a_sentence_and_an_evidence_set_round_trip_byte_for_byte(seeded, tmp_path):
    text = batch_lines(
        {"action": "claim add", "sentence": f"{A}:0", "span": "0:11", "type": "event"},
        {"action": "claim add", "sentence": f"{A}:0", "span": "12:40", "verdict": "refuted"},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:2", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#2", "evidence": f"{B}:5", "relation": "conflicts"},
    )
    assert seeded("batch", "-", input=text).exit_code == 0
    first = tmp_path / "first.jsonl"
    assert seeded("export", "--format", "jsonl", "-o", first).exit_code == 0
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    claims = [r for r in records if r["record"] == "claim"]
    assert [c["id"].rsplit(":", 1)[-1] for c in claims] == [f"{c['span']['start']}-{c['span']['end']}" for c in claims]
    assert [len(c["links"]) for c in claims] == [2, 1] and {link["evidence_set"] for link in claims[0]["links"]} == {1}
    other = tmp_path / "other.db"
    second = tmp_path / "second.jsonl"
    for args in (["ingest", str(SEEDS)], ["import", str(first)], ["import", str(first)],
                 ["export", "--format", "jsonl", "-o", str(second)]):
        result = seeded.runner.invoke(cli, ["--db", str(other), *args])
        assert result.exit_code == 0, result.stderr
    assert second.read_bytes() == first.read_bytes()


def test_brat_gives_each_spanned_claim_its_own_entity_and_groups_an_evidence_set(seeded, tmp_path):
    text = batch_lines(
        {"action": "claim add", "sentence": f"{A}:0", "span": "0:11", "type": "event"},
        {"action": "claim add", "sentence": f"{A}:0", "span": "12:40"},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:5", "relation": "conflicts"},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:2", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "corroborates", "set": 1},
    )
    assert seeded("--annotator", "alice", "batch", "-", input=text).exit_code == 0
    target = tmp_path / "brat"
    assert seeded("export", "--format", "brat", "-o", target, "--annotator", "alice").exit_code == 0
    ann = (target / "alice" / f"{A}.ann").read_text(encoding="utf-8").splitlines()
    source_text = (SEEDS / f"{A}.txt").read_text(encoding="utf-8")
    entities = [line.split("\t") for line in ann if line.startswith("T")]
    assert [(kind.split()[0], quoted) for _, kind, quoted in entities] == [("Claim", source_text[0:11]), ("Claim", source_text[12:40])]
    references = [line.split("\t")[2] for line in ann if line.startswith("N")]
    assert references == ["corroborates (evidence set 1)", "corroborates (evidence set 1)", "conflicts"]


def test_w3c_writes_an_evidence_set_as_one_linking_annotation_and_reads_it_back(seeded, tmp_path):
    text = batch_lines(
        {"action": "claim add", "sentence": f"{A}:0", "type": "event"},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:2", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:5", "relation": "conflicts"},
    )
    assert seeded("--annotator", "alice", "batch", "-", input=text).exit_code == 0
    target = tmp_path / "out.jsonld"
    assert seeded("export", "--format", "w3c", "-o", target).exit_code == 0
    items = json.loads(target.read_text(encoding="utf-8"))["first"]["items"]
    linking = [item for item in items if item["motivation"] == "linking"]
    assert [len([b for b in item["body"] if b["type"] == "SpecificResource"]) for item in linking] == [2, 1]
    assert linking[0]["id"].endswith(":set:1")
    other = tmp_path / "other.db"
    for args in (["ingest", str(SEEDS)], ["import", "--annotator", "bob", str(target)]):
        result = seeded.runner.invoke(cli, ["--db", str(other), *args])
        assert result.exit_code == 0, result.stderr
    assert rows(other, "SELECT evidence_set, relation FROM links ORDER BY evidence_set IS NULL, id") == [
        (1, "corroborates"), (1, "corroborates"), (None, "conflicts")]


def test_fever_gives_two_claims_on_one_sentence_two_ids_and_a_set_one_evidence_group(seeded, tmp_path):
    text = batch_lines(
        {"action": "claim add", "sentence": f"{A}:0", "span": "0:11", "verdict": "supported"},
        {"action": "claim add", "sentence": f"{A}:0", "span": "12:40"},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:2", "relation": "corroborates", "set": 1},
        {"action": "link add", "claim": "#1", "evidence": f"{B}:0", "relation": "corroborates", "set": 1},
    )
    assert seeded("--annotator", "gold", "batch", "-", input=text).exit_code == 0
    lines = [json.loads(line) for line in seeded("export", "--format", "fever", "-o", "-").stdout.splitlines()]
    assert len({line["id"] for line in lines}) == 2
    supported = next(line for line in lines if line["label"] == "SUPPORTS")
    assert [[item[3] for item in group] for group in supported["evidence"]] == [[0, 2]]  # one group: the set


def test_another_annotators_claims_and_links_are_refused_and_left_alone(seeded, db_path):
    assert seeded("--annotator", "alice", "claim", "add", f"{A}:0").stdout == "1\n"
    assert seeded("--annotator", "alice", "link", "add", "1", f"{B}:0", "--relation", "corroborates").stdout == "1\n"
    before = rows(db_path, "SELECT * FROM claims"), rows(db_path, "SELECT * FROM links")
    for args, named in ((["link", "add", "1", f"{B}:0", "--relation", "conflicts"], "claim 1"),
                        (["link", "add", "1", f"{B}:2", "--relation", "related"], "claim 1"),
                        (["link", "rm", "1"], "link 1"), (["claim", "set", "1", "--type", "numeric"], "claim 1"),
                        (["claim", "rm", "1"], "claim 1")):
        result = seeded("--annotator", "bob", *args)
        assert result.exit_code == 2, args
        assert result.stderr == (f"annotator: {named} belongs to 'alice', not to 'bob'; each annotator changes only"
                                 " their own claims and links\n")
    assert (rows(db_path, "SELECT * FROM claims"), rows(db_path, "SELECT * FROM links")) == before
    assert seeded("--annotator", "alice", "link", "rm", "1").exit_code == 0  # the owner still can
