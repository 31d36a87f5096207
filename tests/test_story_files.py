"""Every evaluation story in bench/story/ keeps its articles' provenance and a gold file that resolves."""

from __future__ import annotations

import re

import pytest

from annotator.safe_yaml import load_yaml
from bench.story_eval import stories
from bench.story_gold import STORY, story_database

PROVENANCE = ("id", "title", "outlet", "url", "published", "language", "licence", "note")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def test_there_are_eight_stories_or_more():
    assert {"haiti-2010", "nepal-2015", "gulf-2010", "haiyan-2013", "tohoku-2011", "kashmir-2005",
            "pakistan-2010", "ebola-2014"} <= set(stories())


@pytest.mark.parametrize("name", stories())
def test_every_article_has_a_sidecar_with_its_provenance(name):
    texts = sorted((STORY / name).glob("*.txt"))
    assert len(texts) >= 10, f"{name} has fewer than 10 articles"
    for text in texts:
        meta = load_yaml(text.with_suffix(".meta.yaml").read_text(encoding="utf-8"))
        missing = [field for field in PROVENANCE if not str(meta.get(field) or "").strip()]
        assert not missing, f"{text.name}: no {missing}"
        assert meta["id"] == text.stem, text.name
        assert ISO_DATE.match(str(meta["published"])), f"{text.name}: published {meta['published']!r}"
        assert meta["url"].startswith(("http://", "https://")), text.name
    assert len({load_yaml(t.with_suffix(".meta.yaml").read_text(encoding="utf-8"))["outlet"] for t in texts}) >= 3


@pytest.mark.parametrize("name", stories())
def test_the_gold_names_one_sentence_each_and_valid_kinds(name, tmp_path):
    store, cases, articles = story_database(tmp_path / "story.db", name)
    try:
        assert articles >= 10 and len(cases) >= 10
        assert all(kind in ("conflict", "update") for case in cases for kind in case.clashes.values())
        assert all(case.claim.id not in case.evidence for case in cases)
        assert any(case.clashes for case in cases)
    finally:
        store.close()
