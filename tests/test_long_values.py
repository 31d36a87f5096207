"""An error that names a value from a data file cuts a long one with "…" and still names the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import MESSAGE_LIMIT, SHOWN_VALUE_LIMIT, InputError, cut, quoted

GOLD_JSONL = Path(__file__).resolve().parent.parent / "exports" / "seeds.gold.jsonl"
LONG = "Z" * 5000


def _gold_with_claim_type(value: str) -> str:
    """The example gold as JSON lines, its first claim's type set to `value`."""
    records = [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]
    next(record for record in records if record["record"] == "claim")["claim_type"] = value
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


# (file name, its content, the command, the line named, words of the sentence); YAML keys stop at 1,024 characters
CASES = {
    "schema pattern": ("a.jsonl", json.dumps({"id": "a", "text": "One. Two.", "language": LONG}) + "\n", "ingest", 1, "does not match"),
    "source id": ("a.jsonl", json.dumps({"id": LONG, "text": "One."}) + "\n", "ingest", 1, "longer than 200 characters"),
    "duplicate JSON key": ("a.jsonl", '{"id": "a", "text": "x", ' + f'"{LONG}": 1, "{LONG}": 2' + "}\n", "ingest", 1, "duplicate key"),
    "duplicate YAML key": ("a.md", f"---\ntitle: x\n{LONG[:1000]}: 1\n{LONG[:1000]}: 2\n---\nOne.\n", "ingest", None, "duplicate key"),
    "repeated CSV column": ("a.csv", f"id,text,{LONG},{LONG}\na,One.,1,2\n", "ingest", 1, "twice"),
    "claim type": ("gold.jsonl", _gold_with_claim_type(LONG), "import", None, "label set does not have"),
    "batch reference": ("b.jsonl", json.dumps({"action": "claim add", "sentence": LONG + ":1"}) + "\n", "batch", 1, "not a sentence"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_5000_character_value_is_cut_in_the_sentence(case, run_cli, seeds_dir, tmp_path):
    name, content, command, line, words = CASES[case]
    if command != "ingest":
        assert run_cli("ingest", seeds_dir).exit_code == 0
    data_file = tmp_path / name
    data_file.write_text(content, encoding="utf-8")
    result = run_cli(command, data_file)
    message = result.stderr.strip()
    assert result.exit_code == 2 and message.startswith("annotator: ") and "\n" not in message, message
    assert name in message and words in message and "ZZZ…" in message, message
    assert line is None or f"line {line}" in message
    assert len(message) < 300, message


def test_quoted_keeps_short_values_and_cuts_long_ones_inside_their_quotes():
    assert quoted("gold") == "'gold'" and quoted(7) == "7"
    long = quoted("x" * 500)
    assert len(long) == SHOWN_VALUE_LIMIT and long.startswith("'xx") and long.endswith("x…'")
    assert quoted("\x1b" * 100).startswith("'\\x1b\\x1b") and quoted(["y" * 100]).endswith("…")
    assert cut("abc", 3) == "abc" and cut("abcd", 3) == "ab…"


def test_a_sentence_nobody_cut_keeps_its_start_and_end_within_the_limit():
    error = InputError(f"has {LONG}, which the label set does not have (expected one of a, b)", "f.jsonl", 3)
    assert len(error.message) == MESSAGE_LIMIT and "…" in error.message
    assert str(error).startswith("f.jsonl, line 3: has ZZZ") and error.message.endswith("(expected one of a, b)")
