"""W3C Web Annotation: the Recommendation's purposes, the article URL as the target's source, one annotation a line."""

from __future__ import annotations

import json
from pathlib import Path

from pyld import jsonld
from team_corpus import annotate

from annotator import formats
from annotator.articles import Article, read_articles
from annotator.formats.records import records
from annotator.ingest import ingest_articles
from annotator.store import Store

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CONTEXT = json.loads((Path(__file__).parent / "data" / "anno.jsonld").read_text(encoding="utf-8"))
OA = "http://www.w3.org/ns/oa#"


def _offline_context_loader(url, options=None):
    """pyld's document loader with the bundled W3C context (the published one): the tests never touch the network."""
    assert url.rstrip("/") == CONTEXT_URL, url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def _collection(store: Store, who: str = "gold") -> dict:
    return json.loads("".join(formats.export_chunks(store, "w3c", who)))


def test_verdicts_are_assessing_bodies_that_json_ld_reads_as_oa_assessing(gold_store):
    jsonld.set_document_loader(_offline_context_loader)
    items = _collection(gold_store)["first"]["items"]
    verdicts = [body for item in items for body in _bodies(item) if body.get("purpose") == "assessing"]
    assert sorted({body["value"] for body in verdicts}) == ["supported", "unverified"] and len(verdicts) == 10
    expanded = jsonld.expand({"@context": CONTEXT_URL, **verdicts[0]})
    assert expanded[0][OA + "hasPurpose"] == [{"@id": OA + "assessing"}]
    assert not any(body.get("purpose") == "reviewing" for item in items for body in _bodies(item))


def _bodies(item: dict) -> list[dict]:
    body = item.get("body", [])
    return body if isinstance(body, list) else [body]


def _store_with_urls(path: Path) -> Store:
    store = Store(path)
    ingest_articles(store, [
        Article(id="a", text="The council approved 40 buses. The mayor spoke.", origin="a.txt", url="https://news.example/a"),
        Article(id="b", text="Council members approved 40 buses on Monday.", origin="b.txt"),
    ])
    annotate(store, "rita", {("a", 0): ("numeric", "supported")}, {(("a", 0), ("b", 0)): "corroborates"})
    return store


def test_a_source_with_a_url_is_the_targets_source_and_the_urn_its_scope(tmp_path):
    jsonld.set_document_loader(_offline_context_loader)
    with _store_with_urls(tmp_path / "urls.db") as store:
        document = _collection(store, "rita")
    claim, link = document["first"]["items"]
    assert claim["target"]["source"] == "https://news.example/a"
    assert claim["target"]["scope"] == "urn:annotator:source:a:v1"
    assert claim["id"] == "urn:annotator:claim:rita:a:1:0"
    evidence = link["body"][0]
    assert evidence["source"] == "urn:annotator:source:b:v1" and "scope" not in evidence  # b has no URL
    target = jsonld.expand(document)[0]["http://www.w3.org/ns/activitystreams#first"][0]
    target = target["http://www.w3.org/ns/activitystreams#items"][0]["@list"][0][OA + "hasTarget"][0]
    assert target[OA + "hasSource"] == [{"@id": "https://news.example/a"}]
    assert target[OA + "hasScope"] == [{"@id": "urn:annotator:source:a:v1"}]


def test_each_line_is_a_standalone_annotation_equal_to_the_collections(gold_store):
    jsonld.set_document_loader(_offline_context_loader)
    lines = "".join(formats.export_chunks(gold_store, "w3c-jsonl", "gold")).split("\n")
    assert lines[-1] == ""
    annotations = [json.loads(line) for line in lines[:-1]]
    items = _collection(gold_store)["first"]["items"]
    assert [{key: value for key, value in a.items() if key != "@context"} for a in annotations] == items
    for annotation in annotations:
        assert annotation["@context"] == CONTEXT_URL
        compacted = jsonld.compact(jsonld.expand(annotation), CONTEXT_URL)
        assert {key: value for key, value in compacted.items() if key != "@context"} == {
            key: value for key, value in annotation.items() if key != "@context"
        }


# --- import -------------------------------------------------------------------------------------------------------


def test_our_w3c_exports_import_back_to_the_same_annotations(gold_store, tmp_path, seeds_dir):
    from annotator.formats.importer import import_files

    root = Path(__file__).resolve().parent.parent / "exports"
    for name in ("seeds.gold.jsonld", "seeds.gold.w3c.jsonl"):
        with Store(tmp_path / f"{name}.db") as store:
            ingest_articles(store, read_articles([seeds_dir]))
            report = import_files(store, [root / name], annotator="gold")
            assert (report.claims_added, report.links_added, report.boilerplate_added, report.dropped.summary()) == (16, 18, 17, "")
            back = "".join(formats.export_chunks(store, "jsonl", "gold"))
            assert _set_links_blurred(back) == _set_links_blurred((root / "seeds.gold.jsonl").read_text(encoding="utf-8"))


def _set_links_blurred(jsonl: str) -> list[dict]:
    """Records with the notes and times of links inside an evidence set left out.

    A set is one `linking` annotation: one `created`, one `modified`, its links' notes as bodies of the whole; so
    each link's own note and times do not survive W3C (everything else does, and outside sets those too).
    """
    records = [json.loads(line) for line in jsonl.splitlines()]
    for record in records:
        for link in record.get("links", []):
            if link["evidence_set"] is not None:
                link.update(note=None, created_at=None, updated_at=None)
    return records


def _hypothesis_style(exact: str, prefix: str = "", source: str = "https://news.example/a", position: tuple | None = None) -> dict:
    selectors = [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix}]
    if position:
        selectors.append({"type": "TextPositionSelector", "start": position[0], "end": position[1]})
    return {"@context": CONTEXT_URL, "type": "Annotation", "motivation": "commenting", "bodyValue": "check this",
            "target": {"source": source, "selector": selectors}}


def test_quote_selected_annotations_on_a_known_url_become_claims(tmp_path):
    from annotator.formats.importer import import_files

    with Store(tmp_path / "h.db") as store:
        ingest_articles(store, [Article(id="a", origin="a.txt", url="https://news.example/a",
                                        text="Buses came. The mayor said buses came. Buses came.")])
        lines = [
            _hypothesis_style("buses came", prefix="mayor said "),  # unique once the prefix is read
            _hypothesis_style("mayor", position=(0, 5)),  # the position disagrees with the quote: the quote wins
            _hypothesis_style("Buses came."),  # twice in the text: ambiguous
            _hypothesis_style("Buses", source="https://elsewhere.example/"),
        ]
        (tmp_path / "h.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        report = import_files(store, [tmp_path / "h.jsonl"], annotator="hy")
        claims = [claim for claim in records(store, "hy") if claim["record"] == "claim"]
    # Both quotes in sentence 1 become claims, in reading order: "mayor" (the quote wins over the position), "buses came".
    assert [(claim["sentence"]["index"], claim["note"], claim["span"]["text"]) for claim in claims] == [
        (1, "check this", "mayor"), (1, "check this", "buses came")]
    assert report.dropped.spans == {
        "target(s) whose quote occurs more than once": 1,
        "target(s) on a source the database does not have": 1,
    }


def _tagged_link_file(tmp_path, tag: str) -> Path:
    """Our W3C lines with the first linking annotation tagged `tag`."""
    lines = (Path(__file__).resolve().parent.parent / "exports" / "seeds.gold.w3c.jsonl").read_text(encoding="utf-8").split("\n")
    annotations = [json.loads(line) for line in lines if line]
    link = next(annotation for annotation in annotations if annotation["motivation"] == "linking")
    link["body"].append({"type": "TextualBody", "purpose": "tagging", "value": tag})
    path = tmp_path / "tagged.jsonl"
    path.write_text("".join(json.dumps(annotation) + "\n" for annotation in annotations), encoding="utf-8")
    return path


def test_an_evidence_set_tag_is_bounded_to_what_the_database_can_hold(tmp_path, seeds_dir, dump_db):
    import pytest

    from annotator.errors import InputError
    from annotator.formats.importer import import_files

    with Store(tmp_path / "w.db") as store:
        ingest_articles(store, read_articles([seeds_dir]))
    before = dump_db(tmp_path / "w.db")
    for digits in ("9" * 5000, "2147483648", "0", "٣"):  # past any int, past the schema, not positive, not ASCII
        with Store(tmp_path / "w.db") as store, pytest.raises(InputError, match="an evidence set is a whole number from 1 to 2147483647") as raised:
            import_files(store, [_tagged_link_file(tmp_path, f"evidence-set:{digits}")], annotator="gold")
        assert raised.value.path.endswith("tagged.jsonl") and len(str(raised.value)) < 400
    assert dump_db(tmp_path / "w.db") == before
    with Store(tmp_path / "w.db") as store:
        report = import_files(store, [_tagged_link_file(tmp_path, "evidence-set:2147483647")], annotator="gold")
        sets = [link["evidence_set"] for claim in records(store, "gold") if claim["record"] == "claim" for link in claim["links"]]
    assert report.links_added == 18 and sets.count(2147483647) == 1
