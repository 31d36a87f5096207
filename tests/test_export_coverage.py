"""Exports say what was read: the header names annotators, sources and done marks; done marks travel with the work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from team_corpus import annotate, ingest_team_texts

from annotator import formats
from annotator.coverage import done_by_source
from annotator.formats import native
from annotator.formats.importer import import_files
from annotator.formats.records import records
from annotator.schemas import validation_problem
from annotator.store import Store


@pytest.fixture
def teammate(tmp_path: Path) -> Path:
    """bob marked a claim in b and read c to the end, finding nothing there: c is done, with no claim."""
    path = tmp_path / "bob.db"
    with Store(path) as store:
        ingest_team_texts(store)
        annotate(store, "bob", {("b", 0): ("numeric", None)}, {(("b", 0), ("a", 0)): "corroborates"}, read=("b", "c"))
    return path


def export(db: Path, fmt: str, target: Path, who: str | None = None) -> Path:
    with Store(db) as store:
        formats.write_export(store, fmt, target, who)
    return target


def test_the_header_names_annotators_sources_and_done_marks(teammate, tmp_path):
    lines = [json.loads(line) for line in export(teammate, "jsonl", tmp_path / "bob.jsonl").read_text(encoding="utf-8").splitlines()]
    header, *rest = lines
    assert header == {"schema": "annotator-export/1", "record": "header", "annotators": ["bob"],
                      "sources": ["a", "b", "c"], "done": {"bob": ["b", "c"]}}
    sources = {line["source"]["id"]: line["done"] for line in rest if line["record"] == "source"}
    assert sources == {"a": False, "b": True, "c": True}  # c comes out although bob marked nothing there
    assert [validation_problem("export-record", line) for line in lines] == [None] * len(lines)


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_done_marks_arrive_with_the_work_and_round_trip_byte_for_byte(teammate, tmp_path, fmt):
    first = export(teammate, fmt, tmp_path / f"bob.{fmt}")
    lead = tmp_path / "lead.db"
    with Store(lead) as store:
        ingest_team_texts(store)
        report = import_files(store, [first])
        assert report.done_added == 2 and "2 done mark(s)" in report.summary()
        assert done_by_source(store) == {"b": {"bob"}, "c": {"bob"}}
        assert import_files(store, [first]).done_added == 0  # again: nothing new
    again = export(lead, fmt, tmp_path / f"again.{fmt}")
    assert again.read_bytes() == first.read_bytes()


def test_the_yaml_document_carries_the_header_and_validates(teammate):
    with Store(teammate) as store:
        document = native.yaml_document(list(records(store)))
    assert document["annotators"] == ["bob"] and document["done"] == {"bob": ["b", "c"]}
    assert [entry["done"] for source in document["sources"] for entry in source["annotations"]] == [False, True, True]
    assert validation_problem("export-document", document) is None


def test_a_done_mark_on_a_source_the_database_lacks_is_refused_whole(teammate, tmp_path, run_cli, db_path, dump_db):
    lines = export(teammate, "jsonl", tmp_path / "bob.jsonl").read_text(encoding="utf-8").splitlines()
    with Store(db_path) as store:
        from team_corpus import TEXTS

        from annotator.articles import Article
        from annotator.ingest import ingest_articles

        ingest_articles(store, [Article(id=s, text=t, origin=f"{s}.txt") for s, t in TEXTS.items() if s != "c"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(line for line in lines if '"source":{"id":"c"' in line or '"record":"header"' in line) + "\n",
                   encoding="utf-8")
    before = dump_db(db_path)
    result = run_cli("import", bad)
    assert result.exit_code == 2 and "marks source 'c' done, which is not in the database" in result.stderr
    assert result.stderr.count("\n") == 1 and dump_db(db_path) == before


def test_a_broken_header_is_refused_with_its_line(teammate, tmp_path, run_cli, db_path, dump_db):
    lines = export(teammate, "jsonl", tmp_path / "bob.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["done"] = {"bob": "b"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    with Store(db_path) as store:
        ingest_team_texts(store)
    before = dump_db(db_path)
    result = run_cli("import", bad)
    assert result.exit_code == 2 and "line 1: is not a valid export record" in result.stderr
    assert dump_db(db_path) == before


def test_files_from_before_headers_and_done_marks_still_import(teammate, tmp_path):
    lines = [json.loads(line) for line in export(teammate, "jsonl", tmp_path / "bob.jsonl").read_text(encoding="utf-8").splitlines()]
    old = [{key: value for key, value in line.items() if key != "done"} for line in lines[1:]]
    path = tmp_path / "old.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in old), encoding="utf-8")
    with Store(tmp_path / "fresh.db") as store:
        ingest_team_texts(store)
        report = import_files(store, [path])
        assert report.claims_added == 1 and report.done_added == 0
