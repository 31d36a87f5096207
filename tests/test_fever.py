"""FEVER export: the format, stable ids, one annotator per file, the pages corpus, and the FEVER scorer's strict check.

The `fever-scorer` package does not build on current setuptools, so its strict-evidence logic
(`fever/scorer.py`: `is_strictly_correct`, `fever_score`) is written out again here, independently of
our writer, and run on our export: an oracle that predicts each gold label and its first evidence set
must score 1.0, and the check must fail what FEVER would fail.
"""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
from team_corpus import annotate, ingest_team_texts

from annotator import formats
from annotator.errors import InputError
from annotator.formats import fever
from annotator.formats.records import records
from annotator.store import Store

FEVER_SCHEMA = {
    # The FEVER train/dev format as https://fever.ai/dataset/fever.html describes it, written out independently of our writer.
    "type": "object",
    "required": ["id", "verifiable", "label", "claim", "evidence"],
    "properties": {
        "id": {"type": "integer"},
        "verifiable": {"enum": ["VERIFIABLE", "NOT VERIFIABLE"]},
        "label": {"enum": ["SUPPORTS", "REFUTES", "NOT ENOUGH INFO"]},
        "claim": {"type": "string", "minLength": 1},
        "evidence": {
            "type": "array", "minItems": 1,
            "items": {"type": "array", "minItems": 1, "items": {
                "type": "array", "minItems": 4, "maxItems": 4,
                "prefixItems": [{"type": "integer"}, {"type": ["integer", "null"]}, {"type": ["string", "null"]}, {"type": ["integer", "null"]}],
            }},
        },
    },
}


# --- the FEVER scorer's strict check, reimplemented (fever-scorer 2.0.39, fever/scorer.py) -------------------------


def is_correct_label(instance: dict) -> bool:
    return instance["label"].upper() == instance["predicted_label"].upper()


def is_strictly_correct(instance: dict, max_evidence: int | None = None) -> bool:
    """Right label and, unless NEI, every sentence of at least one gold evidence set among the predicted evidence."""
    if not is_correct_label(instance):
        return False
    if instance["label"].upper() == "NOT ENOUGH INFO":
        return True
    predicted = instance["predicted_evidence"][:max_evidence]
    for evidence_group in instance["evidence"]:
        actual_sentences = [[e[2], e[3]] for e in evidence_group]
        if all(sentence in predicted for sentence in actual_sentences):
            return True
    return False


def fever_score(predictions: list[dict], actual: list[dict], max_evidence: int = 5) -> tuple[float, float]:
    """FEVER score (strict) and label accuracy, matching predictions to gold by position as the scorer does."""
    assert len(predictions) == len(actual)
    strict = correct = 0
    for prediction, gold in zip(predictions, actual, strict=True):
        assert prediction["id"] == gold["id"]
        instance = {**prediction, "label": gold["label"], "evidence": gold["evidence"]}
        correct += is_correct_label(instance)
        strict += is_strictly_correct(instance, max_evidence)
    return strict / len(actual), correct / len(actual)


def oracle(rows: list[dict]) -> list[dict]:
    """Predictions that know the answer: the gold label and the sentences of the first gold evidence set."""
    predictions = []
    for row in rows:
        first = [[page, line] for _, _, page, line in row["evidence"][0] if page is not None]
        predictions.append({"id": row["id"], "predicted_label": row["label"], "predicted_evidence": first})
    return predictions


def fever_rows(store: Store, annotator: str | None = "gold") -> list[dict]:
    """The FEVER export of a store as parsed lines."""
    return [json.loads(line) for line in "".join(formats.export_chunks(store, "fever", annotator)).split("\n") if line]


def pages(store: Store) -> dict[str, dict]:
    """The fever-pages export by page id."""
    lines = "".join(formats.export_chunks(store, "fever-pages")).split("\n")
    return {page["id"]: page for page in map(json.loads, filter(None, lines))}


# --- the format ---------------------------------------------------------------------------------------------------


def test_fever_export_follows_the_fever_format(gold_store):
    rows = fever_rows(gold_store)
    validator = jsonschema_rs.Draft202012Validator(FEVER_SCHEMA)
    assert [validator.is_valid(row) for row in rows] == [True] * 16
    assert len({row["id"] for row in rows}) == 16
    for row in rows:
        if row["label"] == "NOT ENOUGH INFO":
            assert (row["verifiable"], row["evidence"]) == ("NOT VERIFIABLE", [[[row["id"], None, None, None]]])
        else:
            assert row["verifiable"] == "VERIFIABLE"
            assert all(page.endswith(":v1") and isinstance(line, int) for group in row["evidence"] for _, _, page, line in group)


def test_an_oracle_scores_one_with_the_fever_scorers_strict_check(gold_store):
    rows = fever_rows(gold_store)
    assert {row["label"] for row in rows} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    assert fever_score(oracle(rows), rows) == (1.0, 1.0)


def test_the_strict_check_fails_wrong_evidence_and_a_verdict_without_evidence(gold_store):
    rows = fever_rows(gold_store)
    wrong_line = [{**p, "predicted_evidence": [[page, line + 1] for page, line in p["predicted_evidence"]]} for p in oracle(rows)]
    strict, accuracy = fever_score(wrong_line, rows)
    verifiable = sum(row["label"] != "NOT ENOUGH INFO" for row in rows)
    assert (strict, accuracy) == (pytest.approx((len(rows) - verifiable) / len(rows)), 1.0)
    # The shape exports had before: SUPPORTS with null evidence, which not even an oracle can match.
    unsupported = [{**rows[0], "evidence": [[[rows[0]["id"], None, None, None]]]}]
    assert fever_score(oracle(unsupported), unsupported)[0] == 0.0


def test_every_evidence_sentence_is_a_line_of_the_pages_it_names(gold_store):
    corpus = pages(gold_store)
    assert sorted(corpus) == ["000_12b36fb51d48fb91:v1", "004_38e05b9625974cc4:v1"]
    claims = {claim["id"]: claim for claim in records(gold_store, "gold") if claim["record"] == "claim"}
    checked = 0
    for row in fever_rows(gold_store):
        evidence = [link["evidence"] for link in claims[row["annotator_claim_id"]]["links"]]
        by_place = {(f"{e['source_id']}:v{e['version']}", e["index"]): e["text"] for e in evidence}
        for group in row["evidence"]:
            for _, _, page, line in (item for item in group if item[2] is not None):
                lines = dict(entry.split("\t", 1) for entry in corpus[page]["lines"].split("\n"))
                assert lines[str(line)] == fever.line_text(by_place[(page, line)])
                checked += 1
    assert checked == 13  # the corroborating links of SUPPORTS claims (the evidence set of two among them) and conflicting ones of REFUTES


def test_pages_list_every_sentence_in_order_and_text_joins_them(gold_store):
    for page in pages(gold_store).values():
        entries = page["lines"].split("\n")
        assert [entry.split("\t")[0] for entry in entries] == [str(n) for n in range(len(entries))]
        assert all(len(entry.split("\t")) == 2 for entry in entries)
        assert page["text"] == " ".join(entry.split("\t")[1] for entry in entries)


def test_a_line_never_holds_a_tab_or_line_break():
    assert fever.line_text("Two\tcolumns\nand\u2028lines") == "Two columns and lines"


# --- labels and ids -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "relations", "label"),
    [
        ("supported", ["corroborates", "conflicts"], "SUPPORTS"),
        ("supported", ["conflicts"], "NOT ENOUGH INFO"),  # a verdict whose evidence is not linked: FEVER has no such claim
        ("refuted", [], "NOT ENOUGH INFO"),
        ("refuted", ["conflicts"], "REFUTES"),
        ("mixed", ["corroborates"], "NOT ENOUGH INFO"),
        ("unverified", ["corroborates"], "NOT ENOUGH INFO"),
        (None, ["corroborates", "related"], "SUPPORTS"),
        (None, ["conflicts"], "REFUTES"),
        (None, ["corroborates", "conflicts"], "NOT ENOUGH INFO"),
        (None, ["related"], "NOT ENOUGH INFO"),
        (None, [], "NOT ENOUGH INFO"),
    ],
)
def test_fever_label_comes_from_the_verdict_else_the_links_and_needs_evidence(verdict, relations, label):
    record = {"verdict": verdict, "links": [{"relation": relation} for relation in relations]}
    assert fever.fever_label(record) == label


def _record(links: list[dict], index: int = 0) -> dict:
    return {
        "verdict": None, "normalized": None, "span": None, "id": "x", "annotator": "a", "claim_type": None,
        "sentence": {"source_id": "a", "version": 1, "index": index, "text": "A claim."}, "links": links,
    }


def test_fever_evidence_sets_group_links_that_share_a_set_number():
    def link(index, evidence_set):
        return {"relation": "corroborates", "evidence_set": evidence_set, "evidence": {"source_id": "b", "version": 2, "index": index}}

    row = fever.fever_record(_record([link(1, 7), link(2, None), link(3, 7)]))
    groups = [[(page, line) for _, _, page, line in group] for group in row["evidence"]]
    assert groups == [[("b:v2", 1), ("b:v2", 3)], [("b:v2", 2)]]
    assert [len({item[1] for item in group}) for group in row["evidence"]] == [1, 1]  # one evidence id per set, as FEVER has it
    assert row["evidence"][0][0][1] != row["evidence"][1][0][1]


def test_ids_come_from_the_claim_sentence_not_from_positions(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("a", 3): ("quote", None), ("b", 0): ("numeric", None)})
        before = {row["annotator_claim_id"]: row["id"] for row in fever_rows(store, "rita")}
        annotate(store, "rita", {("a", 0): ("numeric", None)})  # a new first claim
        after = {row["annotator_claim_id"]: row["id"] for row in fever_rows(store, "rita")}
        annotate(store, "sam", {("a", 3): ("quote", None)})
        sams = {row["annotator_claim_id"]: row["id"] for row in fever_rows(store, "sam")}
    assert len(after) == 3 and all(after[key] == value for key, value in before.items())
    assert sams["sam:a:1:3"] == after["rita:a:1:3"]  # the same sentence has the same id in every annotator's file


def test_a_verdict_without_links_is_not_enough_info(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("a", 0): ("numeric", "supported")})
        [row] = fever_rows(store, "rita")
    assert (row["label"], row["verifiable"], row["annotator_verdict"]) == ("NOT ENOUGH INFO", "NOT VERIFIABLE", "supported")


# --- one annotator per file ---------------------------------------------------------------------------------------


def test_fever_takes_gold_by_default_and_never_mixes_annotators(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("a", 0): ("numeric", None)})
        annotate(store, "sam", {("a", 0): ("numeric", None), ("b", 0): ("numeric", None)})
        with pytest.raises(InputError, match="choose one with --annotator: rita, sam"):
            fever_rows(store, None)
        annotate(store, "gold", {("b", 0): ("numeric", None)})
        assert [row["annotator"] for row in fever_rows(store, None)] == ["gold"]


def test_a_database_of_one_annotator_exports_theirs(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("a", 0): ("numeric", None)})
        assert [row["annotator"] for row in fever_rows(store, None)] == ["rita"]


def test_cli_refuses_to_mix_and_names_the_annotators(tmp_path, run_cli):
    with Store(run_cli.db_path) as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("a", 0): ("numeric", None)})
        annotate(store, "sam", {("a", 1): ("numeric", None)})
    result = run_cli("export", "--format", "fever", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "choose one with --annotator: rita, sam" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    result = run_cli("export", "--format", "fever", "--annotator", "sam", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["annotator"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == ["sam"]


def test_pages_cover_every_current_source_and_old_versions_still_pointed_at(tmp_path):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles

    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        annotate(store, "rita", {("c", 3): ("event", None)})  # "Nobody asked the drivers."
        ingest_articles(store, [Article(id="c", text="A new text for the city. It has two sentences.", origin="c.txt")])
        corpus = pages(store)
        [row] = fever_rows(store, "rita")
    assert sorted(corpus) == ["a:v1", "b:v1", "c:v1", "c:v2"]  # c:v1 stays: the claim left on it still points there
    assert corpus["c:v2"]["lines"] == "0\tA new text for the city.\n1\tIt has two sentences."
    assert row["annotator_page"] == "c:v1" and corpus["c:v1"]["lines"].split("\n")[3] == "3\tNobody asked the drivers."


def test_the_default_pages_file_is_named_for_the_database_whoever_exports_it(two_sources, tmp_path):
    """fever-pages holds every source's sentences, no one's annotations: README's `exports/<db>.fever-pages.jsonl`."""
    for name in ("alice", "gold"):
        assert two_sources("--annotator", name, "claim", "add", "a:0").exit_code == 0
    for who in ((), ("--annotator", "gold"), ("--annotator", "alice")):
        result = two_sources("export", "--format", "fever-pages", *who)
        assert result.exit_code == 0, result.stderr
        assert sorted(path.name for path in (tmp_path / "exports").iterdir()) == [f"{two_sources.db_path.stem}.fever-pages.jsonl"]
    assert formats.default_export_path(tmp_path, tmp_path / "story.db", "fever", "alice").name == "story.alice.fever.jsonl"
