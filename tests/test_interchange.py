"""Label Studio and doccano: our exports go there and come back whole; their files land on stored sentences; nothing dropped silently."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest
from team_corpus import TEXTS, ingest_team_texts

from annotator import formats
from annotator.articles import read_articles
from annotator.errors import InputError
from annotator.formats.importer import import_files
from annotator.formats.records import records
from annotator.formats.tasks import label_studio_config
from annotator.ingest import ingest_articles
from annotator.labels import load_labels
from annotator.store import Store


def _essence(store: Store, annotator: str) -> list[tuple]:
    """What survives a trip through Label Studio or doccano: claim sentence, span, type, verdict; link evidence and relation."""
    return [
        (claim["sentence"], claim["span"], claim["claim_type"], claim["verdict"],
         [(link["evidence"], link["relation"]) for link in claim["links"]])
        for claim in records(store, annotator) if claim["record"] == "claim"
    ]


@pytest.mark.parametrize(("fmt", "name"), [("labelstudio", "tasks.json"), ("doccano", "doccano.jsonl")])
def test_our_export_comes_back_with_every_claim_and_link(gold_store, tmp_path, seeds_dir, fmt, name):
    formats.write_export(gold_store, fmt, tmp_path / name)
    with Store(tmp_path / "back.db") as store:
        ingest_articles(store, read_articles([seeds_dir]))
        report = import_files(store, [tmp_path / name], annotator="back")
        assert (report.claims_added, report.links_added, report.dropped.summary()) == (16, 18, "")
        assert _essence(store, "back") == _essence(gold_store, "gold")
        again = "".join(formats.export_chunks(store, fmt, "back")).replace('"annotator": "back"', '"annotator": "gold"')
    assert again == (tmp_path / name).read_text(encoding="utf-8")  # export -> import -> export: the same bytes
    with Store(tmp_path / "back.db") as store:
        assert import_files(store, [tmp_path / name], annotator="back").claims_unchanged == 16


def _team(tmp_path) -> Store:
    store = Store(tmp_path / "team.db")
    ingest_team_texts(store)
    return store


def _doccano(path, lines: list[dict]):
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_doccano_spans_on_a_known_text_become_claims_and_what_cannot_be_placed_is_counted(tmp_path):
    text = TEXTS["a"]  # "The council approved 40 new buses on Monday. The mayor said ..."
    first = text.index("The council")
    second = text.index("The mayor")
    line = {
        "text": text,
        "entities": [
            {"id": 1, "label": "Claim:numeric:supported", "start_offset": first, "end_offset": text.index(".") + 1},
            {"id": 2, "label": "quote", "start_offset": second + 4, "end_offset": second + 9},  # a claim type: a narrower span
            {"id": 3, "label": "Claim", "start_offset": first, "end_offset": second + 9},  # crosses a boundary
            {"id": 4, "label": "Evidence", "start_offset": text.index("Critics"), "end_offset": text.index("Critics") + 7},
        ],
        "relations": [{"id": 1, "from_id": 1, "to_id": 4, "type": "corroborates"}, {"id": 2, "from_id": 2, "to_id": 4, "type": "supports"}],
    }
    with _team(tmp_path) as store:
        report = import_files(store, [_doccano(tmp_path / "a.jsonl", [line])], annotator="dee")
        claims = [claim for claim in records(store, "dee") if claim["record"] == "claim"]
    assert [(c["sentence"]["index"], c["claim_type"], c["verdict"]) for c in claims] == [(0, "numeric", "supported"), (1, "quote", None)]
    assert claims[0]["span"] is None and claims[1]["span"]["text"] == "mayor"
    assert report.dropped.links == {"inside one source (evidence must come from another)": 1,
                                    "with a relation type that is not one of ours (supports)": 1}
    assert report.dropped.spans == {"span(s) crossing a sentence boundary": 1}
    assert "2 link(s) not imported" in report.summary() and "1 span(s) not imported" in report.summary()


def test_a_combined_document_links_across_sources(tmp_path):
    a, b = TEXTS["a"], TEXTS["b"]
    text = a + "\n\n" + b
    sources = [{"source_id": "a", "version": 1, "start": 0, "end": len(a)}, {"source_id": "b", "version": 1, "start": len(a) + 2, "end": len(text)}]
    evidence = len(a) + 2 + b.index("Opponents")
    line = {
        "text": text, "annotator_sources": sources,
        "entities": [{"id": 0, "label": "Claim", "start_offset": a.index("Critics"), "end_offset": a.index("high.") + 5},
                     {"id": 1, "label": "Evidence", "start_offset": evidence, "end_offset": evidence + 20}],
        "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "Corroborates"}],
    }
    with _team(tmp_path) as store:
        report = import_files(store, [_doccano(tmp_path / "ab.jsonl", [line])], annotator="dee")
        [claim] = [claim for claim in records(store, "dee") if claim["record"] == "claim"]
    assert (report.links_added, report.dropped.summary()) == (1, "")
    assert [(link["evidence"]["source_id"], link["evidence"]["index"], link["relation"]) for link in claim["links"]] == [("b", 2, "corroborates")]


def _label_studio(path, text: str, result: list[dict], annotations: int = 1):
    task = {"data": {"text": text}, "annotations": [{"result": result}] * annotations}
    path.write_text(json.dumps([task]), encoding="utf-8")
    return path


def test_label_studio_regions_with_per_region_choices(tmp_path):
    text = TEXTS["c"]
    end = text.index(".") + 1
    value = {"start": 0, "end": end, "text": text[:end]}
    result = [
        {"id": "x", "from_name": "label", "to_name": "text", "type": "labels", "value": {**value, "labels": ["Claim"]}},
        {"id": "x", "from_name": "type", "to_name": "text", "type": "choices", "value": {**value, "choices": ["numeric"]}},
        {"id": "x", "from_name": "verdict", "to_name": "text", "type": "choices", "value": {**value, "choices": ["doubtful"]}},
        {"id": "y", "from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": ["a note"]}},
    ]
    with _team(tmp_path) as store:
        report = import_files(store, [_label_studio(tmp_path / "c.json", text, result, annotations=2)], annotator="lee")
        [claim] = [claim for claim in records(store, "lee") if claim["record"] == "claim"]
    assert (claim["sentence"]["source_id"], claim["claim_type"], claim["verdict"]) == ("c", "numeric", None)
    assert report.dropped.spans == {
        "verdict(s) not in the label set, left unset (doubtful)": 1,
        "result(s) of kind 'textarea'": 1,
        "further annotation(s) of a task, beyond its first (import them one annotator at a time)": 1,
    }


def test_spans_on_a_text_the_database_does_not_have_are_counted_and_nothing_is_written(tmp_path, dump_db):
    result = [{"id": "x", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["Claim"]}}]
    with _team(tmp_path) as store:
        before = dump_db(tmp_path / "team.db")
        report = import_files(store, [_label_studio(tmp_path / "other.json", "Some other text.", result)], annotator="lee")
    assert report.claims_added == 0 and report.dropped.spans == {"span(s) on text that is not a stored source": 1}
    assert dump_db(tmp_path / "team.db") == before


def test_a_foreign_file_needs_an_annotator(tmp_path):
    with _team(tmp_path) as store, pytest.raises(InputError, match="say whose work it is with --annotator"):
        import_files(store, [_label_studio(tmp_path / "c.json", TEXTS["c"], [])])


def test_cli_reports_what_it_could_not_import(tmp_path, run_cli):
    with Store(run_cli.db_path) as store:
        ingest_team_texts(store)
    relation = [{"from_id": "x", "to_id": "y", "type": "relation", "direction": "right", "labels": ["corroborates"]}]
    result = run_cli("import", "--annotator", "lee", _label_studio(tmp_path / "c.json", TEXTS["c"], relation))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported nothing from 1 file(s): 1 link(s) not imported (1 with an end not on a stored sentence).\n"
    empty = run_cli("import", "--annotator", "lee", _label_studio(tmp_path / "none.json", TEXTS["c"], []))
    assert empty.stderr == "Imported nothing from 1 file(s): they hold no annotations.\n" and "nobody" not in empty.stderr


def test_the_label_studio_config_names_every_label():
    root = ElementTree.fromstring(label_studio_config(load_labels()))
    assert [label.get("value") for label in root.iter("Label")] == ["Claim", "Evidence"]
    assert [relation.get("value") for relation in root.iter("Relation")] == ["corroborates", "conflicts", "related"]
    assert {choices.get("name") for choices in root.iter("Choices")} == {"type", "verdict"}
