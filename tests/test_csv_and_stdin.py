"""CSV articles, and standard input (`-`) for ingest (article JSON lines) and import (export JSON lines)."""

from __future__ import annotations

import json

import pytest
from cli_runner import Cli

from annotator.annotations import Annotations
from annotator.csv_articles import read_csv_articles
from annotator.errors import InputError
from annotator.store import Store

HEADER = "id,title,outlet,url,published,retrieved,language,text,section\n"


def test_csv_rows_become_articles_with_metadata_and_extras(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text(HEADER + 'a1,Ship seized,Planet,https://p.example/a,2024-03-05,,en,"First line.\nSecond, with a comma.",World\n'
                    ',,,,,,,"No id here, so one from the line.",\n', encoding="utf-8")
    first, second = read_csv_articles(path)
    assert (first.id, first.title, first.outlet, first.url, first.published) == (
        "a1", "Ship seized", "Planet", "https://p.example/a", "2024-03-05")
    assert first.retrieved is None and first.text == "First line.\nSecond, with a comma."
    assert first.extra == {"section": "World"}
    assert second.id == "batch-4" and second.extra == {}  # the row starts on line 4: line 2's text spans two lines


def test_a_long_article_fits_in_one_cell(tmp_path):
    text = "A sentence of the article. " * 20_000
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{text}"\n', encoding="utf-8")
    assert read_csv_articles(path)[0].text == text


@pytest.mark.parametrize("content, words, line", [
    ("title\nNo text column\n", "has no `text` column", 1),
    ("text,text\na,b\n", "names the column 'text' twice", 1),
    ("text,title\nOne.,t\nTwo.,t,extra\n", "has 3 fields but the header names 2 columns", 3),
    ("text,title\nOne.,t\n  ,t\n", "has no article text", 3),
    ('text,id\nOne.,a b\n', "id", 2),
    ('text,language\nOne.,not a language\n', "language", 2),
    ('text\n"unclosed\n', "not valid CSV", 2),
    ("text\n", "holds no articles", None),
])
def test_a_bad_csv_row_is_named_by_its_line(tmp_path, content, words, line):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words) as caught:
        read_csv_articles(path)
    assert caught.value.line == line and caught.value.path == str(path)


def test_csv_through_the_cli_leaves_the_database_alone_on_a_bad_row(run_cli, tmp_path, db_path):
    path = tmp_path / "bad.csv"
    path.write_text("text\nGood one.\nGood two.\n\"\n", encoding="utf-8")
    result = run_cli("ingest", path)
    assert result.exit_code == 2 and "bad.csv, line 4: is not valid CSV" in result.stderr
    assert not db_path.exists()


def test_ingest_reads_json_lines_from_standard_input(run_cli, db_path):
    lines = [json.dumps({"id": "piped", "text": "Piped in. Two sentences."}), json.dumps({"text": "No id."})]
    result = run_cli("ingest", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as store:
        assert store.source_ids() == ["piped", "stdin-2"]
        assert store.source("stdin-2")["origin"] == "<stdin>:2"


def test_bad_json_on_standard_input_names_the_line(run_cli, db_path):
    result = run_cli("ingest", "-", input='{"text": "fine."}\nnot json\n')
    assert result.exit_code == 2
    assert result.stderr.startswith("annotator: <stdin>, line 2: is not valid JSON")
    assert not db_path.exists()


def test_import_reads_an_export_from_standard_input(run_cli, tmp_path, seeds_dir, db_path):
    assert run_cli("ingest", seeds_dir).exit_code == 0
    with Store(db_path) as store:
        annotations = Annotations(store, "ann")
        claim = annotations.mark_claim(store.sentences("004_38e05b9625974cc4")[3].id)
        annotations.link(claim, store.sentences("000_12b36fb51d48fb91")[2].id, "corroborates")
    exported = run_cli("export", "--format", "jsonl", "-o", "-").stdout
    fresh = Cli(tmp_path / "fresh.db")
    assert fresh("ingest", seeds_dir).exit_code == 0
    result = fresh("import", "-", input=exported)
    assert result.exit_code == 0, result.stderr
    assert "for ann: 1 claim" in result.stderr
    assert fresh("export", "--format", "jsonl", "-o", "-").stdout == exported


def test_a_bad_import_on_standard_input_names_stdin(run_cli, seeds_dir):
    run_cli("ingest", seeds_dir)
    result = run_cli("import", "-", input='{"kind": "nonsense"}\n')
    assert result.exit_code == 2 and result.stderr.startswith("annotator: <stdin>, line 1:")
