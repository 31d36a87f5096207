"""Search reads as the suggestion engine does: stemmed words, figures, ranked with reasons, the claim's source left out."""

from __future__ import annotations

import pytest

from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.search import index_spellings, search
from annotator.store import Store

TEXTS = {
    "a": "North Korea sent 2,000 containers to Russia, Moscow denied. The ministry gave no figures.",
    "b": "Officials deny that nearly 2,000 containers were sent to Russia. Weather was mild.",
    "c": "North Korea sent 3,000 containers to Russia, a report said. The port was quiet.",
}


@pytest.fixture
def searched(tmp_path) -> Store:
    folder = tmp_path / "articles"
    folder.mkdir()
    for source_id, text in TEXTS.items():
        (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    ingest_articles(store, read_articles([folder]))
    yield store
    store.close()


def _where(found) -> list[str]:
    return [f"{s.source_id}:{s.index}" for s in found.sentences]


def test_a_word_finds_every_spelling_of_its_stem(searched):
    assert index_spellings(searched, "deni") == {"denied", "deny"}
    assert sorted(_where(search(searched, "denies"))) == ["a:0", "b:0"]


def test_words_retrieve_and_the_figure_ranks(searched):
    results = search(searched, "2,000 container")
    assert sorted(_where(results)) == ["a:0", "b:0", "c:0"]  # "nearly 2,000 containers" is found
    assert _where(results)[-1] == "c:0"  # 3,000 is not the figure asked for
    assert all(r.equal_values for r in results.ranked[:2])


def test_with_a_claim_its_source_is_left_out_and_clashes_are_marked(searched):
    claim = searched.sentence_at("a", 0)
    results = search(searched, "containers", claim=claim)
    assert sorted(_where(results)) == ["b:0", "c:0"]
    clash = next(r for r in results.ranked if r.sentence.source_id == "c")
    assert clash.conflict and "≠" in clash.summary()  # 3000 against the claim's 2,000


def test_a_query_of_stopwords_or_syntax_finds_nothing_and_does_not_fail(searched):
    assert search(searched, "the of").sentences == []  # no sentence has "of"
    assert [s.source_id for s in search(searched, "the").sentences] == ["a", "c"]  # common words as written
    assert search(searched, '"cost OR (NEAR').sentences == []


def test_past_the_ranked_ones_every_other_match_follows_newest_first(searched):
    found = search(searched, "containers", limit=1)
    assert len(found.ranked) == 1 and len(found.sentences) == 3
    assert [s.id for s in found.more] == sorted((s.id for s in found.more), reverse=True)


def test_a_figure_alone_finds_the_sentences_giving_it(searched):
    # A bare figure was looked up by value, then the values (2000.0) taken for sentence ids: nothing was found.
    assert sorted(_where(search(searched, "2,000"))) == ["a:0", "b:0"]
    assert sorted(_where(search(searched, "2000"))) == ["a:0", "b:0"]
    assert _where(search(searched, "3,000")) == ["c:0"]
    assert search(searched, "4,000").sentences == []
