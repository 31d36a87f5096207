"""Search as the suggestion engine reads: stemmed words and figures, ranked, each result with its reasons and clashes.

The query is read like a sentence (annotator/sentence_features.py): its content words are stems, so `denied`
finds `deny` and `denies`, and `2,000 containers` finds `nearly 2000 containers` (the figure ranks, the
word retrieves). Results hold every word of the query in one of its spellings: the best first by the suggestion
engine's score against the query, then the other matches newest first; with a claim, each result's reasons and clash marks are those of the
suggestions for that claim, and the claim's own source is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.sentence_features import features, fold, stem, words
from annotator.store import SENTENCE_COLUMNS, Sentence, Store
from annotator.suggestion import Suggestion
from annotator.suggestion_retrieval import (
    _any_spelling,
    _number_candidates,
    _published,
    _sentence_count,
    document_frequencies,
    spellings,
)
from annotator.suggestion_scoring import AVERAGE_TOKENS, B, Lookups, idf, score

POOL = 2000  # newest sentences holding every word, looked at by words before the best are scored in full
SCORED = 200  # results scored in full, ranked and shown with their reasons
ALL = 100_000  # matches shown in all (after the ranked ones, newest first)
SPELLINGS_PER_TERM = 40  # index words sharing a stem, at most (a short stem like "us" may have many)


@dataclass(frozen=True)
class Found:
    """What a search found: the best, scored and ranked with reasons, then every other match, newest first."""

    ranked: list[Suggestion]
    more: list[Sentence]

    @property
    def sentences(self) -> list[Sentence]:
        return [s.sentence for s in self.ranked] + self.more


def search(store: Store, query: str, claim: Sentence | None = None, limit: int = SCORED, total_limit: int = ALL) -> Found:
    """Sentences matching every stemmed word of `query` (or its figures, when it has no words), best first."""
    asked = features(query)
    spelled = {term: forms | index_spellings(store, term) for term, forms in spellings(asked).items()}
    frequencies = document_frequencies(store, spelled)
    total = max(_sentence_count(store), 1)
    number_ids, value_frequencies = _number_candidates(store, asked.quantities)
    if not spelled and not number_ids:  # only common words ("said", "the war"): look for them as written
        spelled = {token: {token} for token in asked.tokens}
    ids = _matching(store, spelled, total_limit) if spelled else set().union(*number_ids.values())
    newest = sorted(ids, reverse=True)
    pool = [s for s in _sentences(store, newest[:POOL]) if claim is None or s.source_id != claim.source_id]
    best = _by_words(asked, pool, frequencies, total)[:limit]
    lookups = Lookups(value_frequencies, {}, _published(store, {s.source_id for s in best}))
    ranked = sorted((score(asked, s, frequencies, total, lookups) for s in best),
                    key=lambda s: (-s.score, s.sentence.source_id, s.sentence.index))
    shown = {s.id for s in best}
    more = [s for s in _sentences(store, newest) if s.id not in shown and (claim is None or s.source_id != claim.source_id)]
    return Found(_against(store, claim, [s.sentence for s in ranked]) if claim is not None else ranked, more)


def index_spellings(store: Store, term: str) -> set[str]:
    """Words of the full-text index whose stem is `term`: `deni` gives deny, denied, denies."""
    prefix = term[: max(3, len(term) - 1)]
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = store.db.execute("SELECT term FROM term_stats WHERE term >= ? AND term < ? ORDER BY documents DESC LIMIT ?",
                            [prefix, upper, SPELLINGS_PER_TERM * 10])
    return {word for (word,) in rows if stem(fold(word)) == term and word.isalnum()}


def _matching(store: Store, spelled: dict[str, set[str]], limit: int) -> set[int]:
    """Ids of the newest current sentences holding every term in one of its spellings."""
    match = " AND ".join(_any_spelling(set(sorted(forms)[:SPELLINGS_PER_TERM])) for forms in spelled.values())
    rows = store.db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                            [match, limit])
    return {row[0] for row in rows}


def _sentences(store: Store, ids: list[int]) -> list[Sentence]:
    """The current-version sentences among `ids`, in that order."""
    rows = store.db.execute(
        f"SELECT {SENTENCE_COLUMNS} FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE t.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
    by_id = {row[0]: Sentence(*row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _by_words(asked, found: list[Sentence], frequencies: dict[str, int], total: int) -> list[Sentence]:
    """The candidates by the query's words alone (cheap), best first, so only the best are scored in full."""
    weight = {term: idf(frequencies.get(term, 1), total) for term in asked.terms}

    def quick(sentence: Sentence) -> float:
        tokens, terms = words(sentence.text)
        return sum(weight[t] for t in asked.terms & terms) / (1 - B + B * len(tokens) / AVERAGE_TOKENS)

    return sorted(found, key=lambda s: (-quick(s), s.source_id, s.index))


def _against(store: Store, claim: Sentence, results: list[Sentence]) -> list[Suggestion]:
    """Results as the suggestions for `claim` would show them: the reasons and clash marks against the claim."""
    claim_features = features(claim.text)
    frequencies = document_frequencies(store, spellings(claim_features))
    _, value_frequencies = _number_candidates(store, claim_features.quantities)
    lookups = Lookups(value_frequencies, {}, _published(store, {claim.source_id} | {s.source_id for s in results}))
    total = max(_sentence_count(store), 1)
    return [score(claim_features, candidate, frequencies, total, lookups, claim) for candidate in results]
