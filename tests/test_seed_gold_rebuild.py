"""The example gold in exports/ is the app-made gold plus a batch of span claims, and every format shows them."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
sys.path.insert(0, str(EXPORTS))
from rebuild_seed_gold import OUTPUTS, rebuild  # noqa: E402

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")
SENTENCE = "gold:000_12b36fb51d48fb91:1:8"  # A:8 holds two span claims; the first has an evidence set of B:4 and B:7


def _files(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_the_rebuild_gives_the_golden_files_but_for_the_new_claims_times(tmp_path):
    rebuild(tmp_path)
    built, golden = _files(tmp_path), {name: text for name, text in _files(EXPORTS).items()
                                       if name.split("/")[0] in OUTPUTS.values()}
    assert built.keys() == golden.keys()
    for name, text in golden.items():
        assert STAMP.sub("T", built[name]) == STAMP.sub("T", text), name


def test_the_golden_jsonl_holds_two_span_claims_on_one_sentence_and_a_set_of_two():
    claims = [json.loads(line) for line in (EXPORTS / "seeds.gold.jsonl").read_text().splitlines()]
    on_sentence = [c for c in claims if c["record"] == "claim" and c["id"].startswith(SENTENCE + ":")]
    assert [(c["span"]["start"] - c["sentence"]["start"], c["span"]["end"] - c["sentence"]["start"]) for c in on_sentence] == [
        (0, 108), (117, 207)]
    grouped = [(link["evidence"]["index"], link["evidence_set"]) for link in on_sentence[0]["links"]]
    assert grouped == [(4, 1), (7, 1)]


@pytest.mark.parametrize("name", ["seeds.gold.yaml", "seeds.gold.jsonld", "seeds.gold.w3c.jsonl", "seeds.gold.fever.jsonl",
                                  "seeds.gold.flat.jsonl", "seeds.gold.csv", "seeds.gold.labelstudio.json",
                                  "seeds.gold.doccano.jsonl", "seeds.gold-brat/gold/000_12b36fb51d48fb91.ann"])
def test_every_golden_file_shows_both_span_claims(name):
    text = (EXPORTS / name).read_text(encoding="utf-8")
    assert "South Korea and the U.S. are jointly monitoring the potential for North Korean missiles being sent to Russia" in text
    assert "Russian missiles fired in Ukraine that have shown characteristics of North Korean missiles" in text


def test_the_evidence_set_shows_as_one_group_in_fever_w3c_and_brat():
    fever = [json.loads(line) for line in (EXPORTS / "seeds.gold.fever.jsonl").read_text().splitlines()]
    claim = next(c for c in fever if c["annotator_claim_id"].endswith(":8:1543-1651"))
    assert [[(page, line) for _, _, page, line in group] for group in claim["evidence"]] == [
        [("004_38e05b9625974cc4:v1", 4), ("004_38e05b9625974cc4:v1", 7)]]
    w3c = [json.loads(line) for line in (EXPORTS / "seeds.gold.w3c.jsonl").read_text().splitlines()]
    linking = [a for a in w3c if a.get("motivation") == "linking" and "1543" in json.dumps(a)]
    assert len(linking) == 1 and len(linking[0]["body"]) >= 2
    brat = (EXPORTS / "seeds.gold-brat/gold/000_12b36fb51d48fb91.ann").read_text()
    assert brat.count("(evidence set 1)") == 2
