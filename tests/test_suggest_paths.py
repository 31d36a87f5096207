"""The suggestion engine's faster paths give what the plain ones give: the same words, candidates and suggestions."""

from __future__ import annotations

import random
import shutil
import string
from pathlib import Path

import pytest

import annotator.suggest as engine
import annotator.suggestion_index as index
import annotator.suggestion_retrieval as retrieval
from annotator.actions import Actions
from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.sentence_features import STOPWORDS, TOKEN, content_terms, features, fold, stem, tokens_of, words
from annotator.store import SENTENCE_COLUMNS, Sentence, Store
from bench.story_gold import story_database
from tests.boundary_helpers import check_derived

RELEASE_DB = Path(__file__).resolve().parent / "data" / "release-6d1d4ee.db"
DENYING = "The ministry denied that 40 buses were sold. Officials said there was no evidence of a sale."
ASSERTING = "The council sold 40 buses to the city. Nobody denied the buses were old, and the sale was false news."


def _denials(store: Store) -> set[int]:
    """The sentences the whole index finds for the denial cues: what `denials_fts` must hold."""
    rows = store.db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", [index.DENIAL_MATCH])
    return {row[0] for row in rows}


def _held(store: Store) -> set[int]:
    return {row[0] for row in store.db.execute("SELECT sentence_id FROM sentence_denials")}


def _found_in_denials(store: Store, word: str) -> set[int]:
    rows = store.db.execute("SELECT rowid FROM denials_fts WHERE denials_fts MATCH ?", [f'"{word}"'])
    return {row[0] for row in rows}


def test_ascii_tokens_by_translate_are_the_regex_tokens():
    rng = random.Random(14)
    alphabet = string.printable + "_\x0b\x0c"
    samples = ["", "U.S. troops_sent 1,000 containers", "a\tb\nc_d--e", "don't stop: 13,000!"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    for text in samples:
        assert tokens_of(text) == TOKEN.findall(fold(text)), text
    assert tokens_of("Café Zürich 12") == ["cafe", "zurich", "12"]  # not ASCII: the regex route


def _plain_terms(tokens: list[str]) -> list[str]:
    """Content terms as first written: every word stemmed but stopwords, bare digits and single letters."""
    return [stem(token) for token in tokens if len(token) > 1 and not token.isdigit() and token not in STOPWORDS]


def test_words_counts_the_content_terms_as_before():
    for text in ["The 2 ships sent 13,000 shells, and the ships returned.", "a I of x9 9 hosted hosts", ""]:
        tokens, counts = words(text)
        expected: dict[str, int] = {}
        assert content_terms(TOKEN.findall(fold(text))) == _plain_terms(TOKEN.findall(fold(text)))
        for term in _plain_terms(TOKEN.findall(fold(text))):
            expected[term] = expected.get(term, 0) + 1
        assert tokens == tuple(TOKEN.findall(fold(text)))
        assert counts == expected and list(counts) == list(expected)


def test_features_finds_names_quotes_and_quantities_when_asked():
    found = features('Kim Jong Un said "the shipments will continue every month" after 6,700 containers.')
    assert [surface for surface, _ in found.entities] == ["Kim Jong Un"]
    assert [surface for surface, _ in found.quotes] == ["the shipments will continue every month"]
    assert [q.text for q in found.quantities] == ["6,700"]
    assert features("No quotation here at all.").quotes == ()
    sentence = features("Hosted by hosts, the hosting ships sent 13,000 shells; the ship hosted more.")
    for term in [*sentence.terms, "absent"]:
        assert sentence.written(term) == next((t for t in sentence.tokens if stem(t) == term), term)


def test_denial_index_holds_exactly_the_sentences_matching_the_cues_through_ingest_and_boundary_fixes(store):
    ingest_articles(store, [Article(id="a", text=DENYING, origin="test"), Article(id="b", text=ASSERTING, origin="test")])
    assert _held(store) == _denials(store) and len(_held(store)) == 3
    ingest_articles(store, [Article(id="c", text="A third source rejected the claim outright.", origin="test")])
    assert _held(store) == _denials(store) and len(_held(store)) == 4
    alice = Actions(store, "alice")
    second = store.sentences("b")[1]
    alice.split_sentence(second.id, second.text.index("and the sale"))
    assert _held(store) == _denials(store)
    assert _found_in_denials(store, "old") == {second.id} and _found_in_denials(store, "news")  # both halves deny
    check_derived(store)
    alice.undo()
    assert _held(store) == _denials(store) and _found_in_denials(store, "old") == {second.id}
    first = store.sentences("a")[0]
    alice.join_sentences(first.id)  # "denied" and "no evidence" become one sentence
    assert _held(store) == _denials(store) and _found_in_denials(store, "ministry") == _found_in_denials(store, "evidence") == {first.id}
    store.db.conn.execute("INSERT INTO denials_fts (denials_fts, rank) VALUES ('integrity-check', 0)")


def test_denial_index_is_rebuilt_when_the_cues_change(store, monkeypatch):
    ingest_articles(store, [Article(id="a", text=DENYING, origin="test"), Article(id="b", text=ASSERTING, origin="test")])
    monkeypatch.setattr(index, "DENIAL_MATCH", '("sold")')
    assert not index.denial_index_current(store.db.conn)  # the engine then asks the whole index
    with store.db.atomic():
        index.index_denials(store.db.conn, first_id=10_000)
    assert index.denial_index_current(store.db.conn)
    assert _held(store) == _denials(store) == {s.id for s in store.sentences("a") + store.sentences("b") if "sold" in s.text}


def test_the_release_database_gets_a_denial_index_on_open(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    with Store(path) as store:
        assert index.denial_index_current(store.db.conn)
        assert _held(store) == _denials(store)


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    store, cases, _ = story_database(tmp_path_factory.mktemp("story") / "story.db")
    yield store, cases
    store.close()


def test_suggestions_on_the_story_are_the_same_with_and_without_the_denial_index(story, monkeypatch):
    store, cases = story
    every = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t ORDER BY t.id").fetchall()
    claims = [case.claim for case in cases] + [Sentence(*row) for row in every[::4]]
    fast = [engine.suggest_report(store, claim) for claim in claims]
    looked_up = _denial_lookups(store, claims)
    assert sum(map(bool, looked_up)) >= 10  # the index is asked, and finds denials, for many of these claims
    monkeypatch.setattr(retrieval, "denial_index_current", lambda conn: False)
    assert _denial_lookups(store, claims) == looked_up
    plain = [engine.suggest_report(store, claim) for claim in claims]
    assert [([s.as_dict() for s in r.suggestions], r.counts) for r in fast] == [
        ([s.as_dict() for s in r.suggestions], r.counts) for r in plain]


def _denial_lookups(store: Store, claims) -> list[set[int]]:
    """The denial candidates of each claim."""
    total = engine._sentence_count(store)
    found = []
    for claim in claims:
        spelled = engine.spellings(features(claim.text))
        found.append(engine._denial_candidates(store, spelled, engine.document_frequencies(store, spelled), total))
    return found


def test_word_lookups_return_the_rows_one_lookup_by_id_returns(story):
    store, cases = story
    total = engine._sentence_count(store)
    for case in cases:
        spelled = engine.spellings(features(case.claim.text))
        frequencies = engine.document_frequencies(store, spelled)
        found = engine._term_candidates(store, spelled, frequencies, total, case.claim.source_id, None)
        assert found
        assert sorted(found.values(), key=engine._by_id) == engine._usable(store, set(found), case.claim.source_id, None)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """6,000 generated news sentences: many claims with figures whose shortlist compares no figure (a group of 286)."""
    from bench.corpus import generate_articles

    store = Store(tmp_path_factory.mktemp("generated") / "generated.db")
    ingest_articles(store, [Article(id=g.id, text=g.text, origin="bench", published=g.published)
                            for g in generate_articles(6_000, seed=5)])
    yield store
    store.close()


def _every_candidate_scored(claim, shortlist, frequencies, total, lookups, sentence, k):
    """The plain path: every shortlisted candidate scored in full, with the calendar days it shares with the claim."""
    days, side = engine._shared_days(sentence, shortlist), engine.claim_side(claim, sentence.text)
    return [engine._dated(engine.score(claim, candidate, frequencies, total, lookups, sentence), days,
                          engine.word_evidence(claim, side, candidate, frequencies, total).norm) for candidate in shortlist]


@pytest.mark.parametrize("corpus", ["story", "generated"])
def test_leaving_out_candidates_that_cannot_reach_the_top_changes_no_suggestion_and_no_count(corpus, request, monkeypatch):
    store = request.getfixturevalue(corpus)
    store = store[0] if isinstance(store, tuple) else store
    every = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t ORDER BY t.id").fetchall()
    claims = [Sentence(*row) for row in every[:: max(1, len(every) // 300)]]
    left_out, real = [], engine._scored

    def counting(claim, shortlist, *rest):
        scored = real(claim, shortlist, *rest)
        left_out.append(len(shortlist) - len(scored))
        return scored

    monkeypatch.setattr(engine, "_scored", counting)
    pruned = [engine.suggest_report(store, claim, k=10) for claim in claims]
    assert sum(left_out) > 50 and sum(map(bool, left_out)) > 10  # figures left unread for many claims
    monkeypatch.setattr(engine, "_scored", _every_candidate_scored)
    plain = [engine.suggest_report(store, claim, k=10) for claim in claims]
    assert [([(s.as_dict(), s.score) for s in r.suggestions], r.counts) for r in pruned] == [
        ([(s.as_dict(), s.score) for s in r.suggestions], r.counts) for r in plain]
