"""The word lookup reads the newest sentences holding the claim's two rarest words once and finds among them those
holding the third; it must return what the three queries in turn (three words, two, then each alone) return."""

from __future__ import annotations

import pytest

from annotator import suggestion_retrieval as retrieval
from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.sentence_features import features
from annotator.store import SENTENCE_COLUMNS, Sentence


def queries_in_turn(store, spelled, frequencies, total, source_id, annotator) -> dict[int, Sentence]:
    """The lookup as it was written before: every query run, newest first, until the pool is full."""
    usable = [t for t, d in frequencies.items() if 1 < d <= max(retrieval.COMMON_SHARE * total, 50)]
    rarest = sorted(usable, key=lambda t: (frequencies[t], t))[: retrieval.MAX_QUERY_TERMS]
    forms = [retrieval._any_spelling(spelled[term]) for term in rarest]
    found: dict[int, Sentence] = {}
    for match in dict.fromkeys(q for q in [" AND ".join(forms[:3]), " AND ".join(forms[:2]), *forms] if q):
        rows = store.db.execute(
            f"SELECT {SENTENCE_COLUMNS} FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE sentences_fts MATCH ? "
            "AND t.source_id != ? AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id "
            "AND b.annotator IN (?, ?)) ORDER BY f.rowid DESC LIMIT ?",
            [match, source_id, annotator or "gold", "gold", retrieval.CANDIDATE_POOL - len(found)])
        for row in rows:
            found.setdefault(row[0], Sentence(*row))
        if len(found) >= retrieval.CANDIDATE_POOL:
            break
    return found


@pytest.fixture
def corpus(memory_store):
    """Sentences holding two, three or one of the words alpaca, bison, camel (in every order of age), some not ASCII,
    some boilerplate, and other words so that none of the three is common."""
    texts = []
    for i in range(60):
        kind = i % 6
        texts.append({0: f"An alpaca and a bison met a camel at pen {i}.", 1: f"The alpaca saw bison number {i}.",
                      2: f"Camel {i} ran from the bison and the alpaca in Zurich.", 3: f"A camel grazed alone, day {i}.",
                      4: f"Alpacas, bisons and camels: {i} of each, said Ms. {'Núñez' if i < 30 else 'Nunez'}.",
                      5: f"Weather report {i}: clear skies over the valley."}[kind])
    articles = [Article(id=f"s{i:02d}", text=" ".join(texts[i * 3 : i * 3 + 3]), origin="test") for i in range(20)]
    ingest_articles(memory_store, articles)
    memory_store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('alice', '2031-01-01')")
    memory_store.db.execute("INSERT INTO boilerplate (sentence_id, annotator, created_at) VALUES (7, 'alice', '2031-01-01')")
    return memory_store


def test_the_lookup_returns_what_the_queries_in_turn_return(corpus, monkeypatch):
    total = retrieval._sentence_count(corpus)
    lookups = []  # (the FTS5 expression, read below an id or not) of every query the lookup asks
    matches = retrieval._matches
    monkeypatch.setattr(retrieval, "_matches", lambda *args, **kw: lookups.append((args[1], "below" in kw)) or matches(
        *args, **kw))
    for pool in (3, 5, 8, 12, 17, 30, 100):
        monkeypatch.setattr(retrieval, "CANDIDATE_POOL", pool)
        for claim_text in ["An alpaca, a bison and a camel.", "A bison and a camel stood by.", "A camel.",
                           "Alpacas and bisons near camels in Zürich."]:
            claim = features(claim_text)
            spelled = retrieval.spellings(claim)
            frequencies = retrieval.document_frequencies(corpus, spelled)
            for annotator in (None, "alice"):
                found = retrieval._term_candidates(corpus, spelled, frequencies, total, "s03", annotator)
                expected = queries_in_turn(corpus, spelled, frequencies, total, "s03", annotator)
                assert list(found.items()) == list(expected.items())  # the same rows, in the same order
    three = {match for match, _ in lookups if match.count(" AND ") == 2}
    assert three and any(below for _, below in lookups)  # the three's query run below the rows read, and
    assert any(not below for match, below in lookups if match in three)  # in full (rows not in ASCII were read)
