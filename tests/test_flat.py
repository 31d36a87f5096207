"""Flat export: one row per claim and per link, scalar values only, the same rows as CSV and as JSON lines."""

from __future__ import annotations

import csv
import io
import json

from team_corpus import annotate, ingest_team_texts

from annotator import formats
from annotator.annotations import Annotations
from annotator.formats.flat import COLUMNS
from annotator.store import Store


def _json_rows(store: Store, who: str | None = "gold") -> list[dict]:
    text = "".join(formats.export_chunks(store, "flat", who))
    return [json.loads(line) for line in text.split("\n") if line]


def _csv_rows(store: Store, who: str | None = "gold") -> list[dict]:
    return list(csv.DictReader(io.StringIO("".join(formats.export_chunks(store, "csv", who)), newline="")))


def test_one_row_per_claim_and_per_link_with_scalar_values(gold_store):
    rows = _json_rows(gold_store)
    assert [row["row"] for row in rows].count("claim") == 16 and [row["row"] for row in rows].count("link") == 18
    assert all(list(row) == list(COLUMNS) for row in rows)  # one shape: a table without json_normalize
    assert all(value is None or isinstance(value, str | int) for row in rows for value in row.values())
    first_link = rows[1]
    assert (first_link["row"], first_link["claim_id"], first_link["relation"]) == ("link", rows[0]["claim_id"], "corroborates")
    assert first_link["sentence_text"] == rows[0]["sentence_text"] and first_link["evidence_text"].startswith("date 2024-08-28")
    assert rows[0]["links"] == 2 and rows[0]["relation"] is None


def test_csv_holds_the_same_rows(gold_store):
    expected = [{key: "" if value is None else str(value) for key, value in row.items()} for row in _json_rows(gold_store)]
    assert _csv_rows(gold_store) == expected


def test_awkward_text_survives_both(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        work = annotate(store, "rita", {("a", 0): ("numeric", None)}, {(("a", 0), ("b", 0)): "corroborates"})
        claim_id = work.claim_id_for(store.sentence_at("a", 0).id)
        awkward = 'Says "40", not 35,\nthen\u2028more; =1+1\rand a bare carriage return'
        Annotations(store, "rita").update_claim(claim_id, note=awkward)
        rows, table = _json_rows(store, "rita"), _csv_rows(store, "rita")
    assert [row["claim_note"] for row in rows] == [awkward, awkward]
    assert [row["claim_note"] for row in table] == [awkward, awkward]


def test_pandas_reads_both_as_flat_tables_when_it_is_installed(gold_store, tmp_path):
    import pytest

    pandas = pytest.importorskip("pandas")
    formats.write_export(gold_store, "flat", tmp_path / "rows.jsonl", "gold")
    formats.write_export(gold_store, "csv", tmp_path / "rows.csv", "gold")
    lines, table = pandas.read_json(tmp_path / "rows.jsonl", lines=True), pandas.read_csv(tmp_path / "rows.csv")
    assert list(lines.columns) == list(COLUMNS) == list(table.columns) and len(lines) == len(table) == 29
    assert (lines["row"] == "link").sum() == 18


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_csv_cells_that_start_like_a_formula_are_defused_and_flat_keeps_them(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        work = Annotations(store, "rita")
        for index, formula in enumerate(FORMULAS[:4]):
            claim_id = work.mark_claim(store.sentence_at("a", index).id)
            work.update_claim(claim_id, note=formula, normalized=FORMULAS[4 + index % 2])
        rows, table = _json_rows(store, "rita"), _csv_rows(store, "rita")
    assert [row["claim_note"] for row in rows] == FORMULAS[:4]  # JSON lines: as stored
    assert [row["claim_note"] for row in table] == ["'" + formula for formula in FORMULAS[:4]]
    assert [row["normalized"] for row in table] == ["'\tcmd", "'\rcmd"] * 2
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in table for value in row.values())
    assert table[0]["sentence_text"] == rows[0]["sentence_text"]  # text that starts harmlessly is untouched
