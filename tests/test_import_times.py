"""Import refuses impossible times (month 13, 30 February, hour 25) and claims or links updated before they were created."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from annotator.timestamps import parsed_time, time_problem

GOLD_JSONL = Path(__file__).resolve().parent.parent / "exports" / "seeds.gold.jsonl"


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]


def _claim_with_links(records: list[dict]) -> int:
    return next(number for number, record in enumerate(records) if record["record"] == "claim" and record["links"])


def _set_claim_time(record, value):
    record["created_at"] = value


def _set_link_time(record, value):
    record["links"][0]["updated_at"] = value


def _swap_claim_times(record, value):
    record["created_at"], record["updated_at"] = "2026-11-21T10:00:00+00:00", "2026-11-21T09:00:00+00:00"


CASES = {
    "month 13": (_set_claim_time, "2026-13-01T10:00:00+00:00", "the claim has created_at '2026-13-01T10:00:00+00:00', which is not a real ISO 8601 time (month must be in 1..12)"),
    "30 February": (_set_link_time, "2026-02-30T10:00:00Z", "a link has updated_at '2026-02-30T10:00:00Z', which is not a real ISO 8601 time (day is out of range for month)"),
    "hour 25": (_set_claim_time, "2026-11-21T25:00:00Z", "the claim has created_at '2026-11-21T25:00:00Z', which is not a real ISO 8601 time"),
    "words": (_set_claim_time, "yesterday at noon", "the claim has created_at 'yesterday at noon', which is not a real ISO 8601 time"),
    "updated before created": (_swap_claim_times, None, "the claim was updated (2026-11-21T09:00:00+00:00) before it was created (2026-11-21T10:00:00+00:00)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_refuses_an_impossible_time_with_file_and_line(run_cli, seeds_dir, tmp_path, dump_db, case):
    change, value, message = CASES[case]
    records = _gold()
    number = _claim_with_links(records)
    bad = copy.deepcopy(records)
    change(bad[number], value)
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in bad), encoding="utf-8")
    assert run_cli("ingest", seeds_dir).exit_code == 0
    before = dump_db(run_cli.db_path)
    result = run_cli("import", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"annotator: {path}, line {number + 1}: {message}") and result.stderr.count("\n") == 1
    assert dump_db(run_cli.db_path) == before


def test_a_boilerplate_time_is_checked_too(run_cli, seeds_dir, tmp_path):
    records = _gold()
    records[1]["boilerplate"][0]["created_at"] = "2026-11-21T06:61:00+00:00"  # line 1 is the header
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    run_cli("ingest", seeds_dir)
    result = run_cli("import", path)
    assert result.exit_code == 2 and "line 2: a boilerplate sentence has created_at" in result.stderr


def test_real_times_in_the_forms_iso_8601_allows_pass():
    for value in ("2026-11-21", "2026-11-21T06:22:48.935843+00:00", "2026-11-21T06:22:48Z", "2024-02-29T23:59:59-05:00"):
        assert not isinstance(parsed_time(value), str), value
    assert time_problem("x", {"created_at": "2026-11-21T10:00:00Z", "updated_at": "2026-11-21T05:00:00-06:00"}) is None  # 11:00 UTC
    assert time_problem("x", {"created_at": "2026-11-21T10:00:00", "updated_at": None}) is None
