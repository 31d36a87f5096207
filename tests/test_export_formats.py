"""Exports: golden files on the seed annotations, schemas, determinism, atomicity, and independent readers.

The golden files are the example gold in `exports/`: the seeds are ingested, `exports/seeds.gold.jsonl`
is imported, and every format exported again must give those bytes exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybrat.parser import BratParser
from pyld import jsonld

from annotator import formats
from annotator.articles import read_articles
from annotator.formats import native
from annotator.formats.importer import import_files
from annotator.formats.records import records
from annotator.ingest import ingest_articles
from annotator.schemas import validation_problem
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
CONTEXT = json.loads((Path(__file__).parent / "data" / "anno.jsonld").read_text(encoding="utf-8"))
GOLDEN_FILES = {
    "jsonl": "seeds.gold.jsonl", "yaml": "seeds.gold.yaml", "w3c": "seeds.gold.jsonld", "w3c-jsonl": "seeds.gold.w3c.jsonl",
    "fever": "seeds.gold.fever.jsonl", "fever-pages": "seeds.fever-pages.jsonl",
    "flat": "seeds.gold.flat.jsonl", "csv": "seeds.gold.csv",
    "labelstudio": "seeds.gold.labelstudio.json", "doccano": "seeds.gold.doccano.jsonl",
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_every_format_reproduces_its_golden_file(gold_store, tmp_path, fmt):
    target = tmp_path / GOLDEN_FILES[fmt]
    formats.write_export(gold_store, fmt, target, "gold")
    assert target.read_bytes() == (EXPORTS / GOLDEN_FILES[fmt]).read_bytes()


def test_brat_export_reproduces_its_golden_folder(gold_store, tmp_path):
    target = tmp_path / "seeds.gold-brat"
    formats.write_export(gold_store, "brat", target, "gold")
    assert _tree(target) == _tree(EXPORTS / "seeds.gold-brat")


def _tree(folder: Path) -> list[tuple[str, bytes]]:
    """Every file under a folder with its bytes, by relative path."""
    return sorted((str(path.relative_to(folder)), path.read_bytes()) for path in folder.rglob("*") if path.is_file())


def test_yaml_golden_file_imports_to_the_same_annotations(tmp_path, seeds_dir, gold_store):
    with Store(tmp_path / "from-yaml.db") as store:
        ingest_articles(store, read_articles([seeds_dir]))
        import_files(store, [EXPORTS / "seeds.gold.yaml"])
        assert list(records(store)) == list(records(gold_store))


def test_golden_gold_holds_what_was_annotated(gold_store):
    claims = [record for record in records(gold_store) if record["record"] == "claim"]
    assert len(claims) == 16  # 14 made in the app, 2 span claims on A:8 by tests/data/seed-gold-spans.batch.jsonl
    assert sum(len(claim["links"]) for claim in claims) == 18
    first = claims[0]
    assert (first["sentence"]["index"], first["claim_type"], first["verdict"]) == (0, "numeric", "supported")
    assert [(link["evidence"]["index"], link["relation"]) for link in first["links"]] == [(0, "corroborates"), (5, "conflicts")]
    boilerplate = [len(record["boilerplate"]) for record in records(gold_store) if record["record"] == "source"]
    assert boilerplate == [1, 16]


def test_every_jsonl_record_and_the_yaml_document_validate(gold_store):
    items = list(records(gold_store))
    assert {item["record"] for item in items} == {"source", "claim"}
    assert [validation_problem("export-record", item) for item in items] == [None] * len(items)
    assert validation_problem("export-document", native.yaml_document(items)) is None


def test_the_schema_catches_a_broken_record(gold_store):
    claim = next(item for item in records(gold_store) if item["record"] == "claim")
    claim["links"][0]["relation"] = 5
    assert validation_problem("export-record", claim) == 'links/0/relation: 5 is not of type "string"'


def test_same_data_gives_same_bytes(gold_store, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    formats.write_export(gold_store, "jsonl", first)
    formats.write_export(gold_store, "jsonl", second)
    assert first.read_bytes() == second.read_bytes()
    assert b"\r" not in first.read_bytes() and first.read_bytes().endswith(b"\n")


def test_a_failed_export_leaves_the_old_file(gold_store, tmp_path, monkeypatch):
    target = tmp_path / "out.jsonl"
    target.write_text('{"schema":"annotator-export/1","record":"header"}\n', encoding="utf-8")  # an earlier export

    def half_then_crash(items, store):
        yield "half a record"
        raise OSError("disk full")

    monkeypatch.setattr(formats, "FORMATS", {**formats.FORMATS, "jsonl": formats.Format("jsonl", ".jsonl", "", half_then_crash)})
    with pytest.raises(OSError):
        formats.write_export(gold_store, "jsonl", target)
    assert target.read_text(encoding="utf-8") == '{"schema":"annotator-export/1","record":"header"}\n'
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".out")] == []


# --- independent readers ----------------------------------------------------------------------


def _offline_context_loader(url, options=None):
    """pyld's document loader with the bundled W3C context: the tests never touch the network."""
    assert url.rstrip("/") == "http://www.w3.org/ns/anno.jsonld", url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def test_w3c_export_survives_json_ld_expansion_and_compaction_unchanged(gold_store):
    jsonld.set_document_loader(_offline_context_loader)
    document = json.loads("".join(formats.export_chunks(gold_store, "w3c", "gold")))
    expanded = jsonld.expand(document)
    compacted = jsonld.compact(expanded, "http://www.w3.org/ns/anno.jsonld")
    assert compacted["first"]["items"] == document["first"]["items"]  # no term was dropped as unknown


def test_w3c_links_carry_their_relation_and_both_ends(gold_store):
    jsonld.set_document_loader(_offline_context_loader)
    document = json.loads("".join(formats.export_chunks(gold_store, "w3c", "gold")))
    expanded = jsonld.expand(document)
    oa = "http://www.w3.org/ns/oa#"
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    links = [item for item in items if item[oa + "motivatedBy"] == [{"@id": oa + "linking"}]]
    assert len(links) == 17  # the evidence set of two is one linking annotation
    relations = sorted(
        body["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"]
        for link in links for body in link[oa + "hasBody"] if oa + "TextualBody" in body["@type"]
    )
    assert relations.count("corroborates") == 12 and relations.count("conflicts") == 3 and relations.count("related") == 2
    claim_ids = {item["@id"] for item in items if item[oa + "motivatedBy"] == [{"@id": oa + "classifying"}]}
    assert all(link[oa + "hasTarget"][0]["@id"] in claim_ids for link in links)


def test_brat_export_reads_back_with_pybrat(gold_store, tmp_path):
    target = tmp_path / "brat"
    formats.write_export(gold_store, "brat", target, "gold")
    examples = {example.id: example for example in BratParser(error="raise").parse(target / "gold")}
    assert set(examples) == {"000_12b36fb51d48fb91", "004_38e05b9625974cc4"}
    for example in examples.values():
        for entity in example.entities:
            assert " ".join(example.text[span.start : span.end] for span in entity.spans) == entity.mention
    claims = [entity for example in examples.values() for entity in example.entities if entity.type == "Claim"]
    assert len(claims) == 16
    references = [(entity, reference) for entity in claims for reference in entity.references]
    assert len(references) == 18
    for _claim, reference in references:  # every cross-document link names a real entity of another document
        document = examples[reference.rid]
        assert reference.eid in {other.id for other in document.entities}
        assert reference.entry.removesuffix(" (evidence set 1)") in ("corroborates", "conflicts", "related")
