"""Candidate evidence for link mode: other sources' sentences ranked by full-text relevance to a claim.

This is the ordered candidate list link mode shows first; the suggestion engine replaces `rank`.
"""

from __future__ import annotations

import re

from annotator.store import SENTENCE_COLUMNS, Sentence, Store

WORD = re.compile(r"\w[\w'’-]*\w|\w", re.UNICODE)
STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his in into is it its
    of on or our said says she that the their them they this to was were which who will with
    would not no than then there these those also more most over such after before about""".split()
)
MAX_QUERY_TERMS = 24


def query_terms(text: str) -> list[str]:
    """Distinct lowercased content words of a sentence, longest (rarest-looking) first."""
    words = {word.lower() for word in WORD.findall(text)}
    terms = [word for word in words if word not in STOPWORDS and (len(word) > 2 or word.isdigit())]
    return sorted(terms, key=lambda word: (-len(word), word))[:MAX_QUERY_TERMS]


def rank(store: Store, sentence: Sentence, limit: int = 50, boilerplate_of: str | None = None) -> list[Sentence]:
    """Current-version sentences from other sources sharing terms with `sentence`, best first (BM25).

    Sentences an annotator flagged as boilerplate are left out when `boilerplate_of` names one.
    """
    terms = query_terms(sentence.text)
    if not terms:
        return []
    match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    rows = store.db.execute(
        f"SELECT {SENTENCE_COLUMNS} FROM sentences_fts f "
        "JOIN sentences t ON t.id = f.rowid JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE sentences_fts MATCH ? AND t.source_id != ? "
        "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator = ?) "
        "ORDER BY bm25(sentences_fts) LIMIT ?",
        [match, sentence.source_id, boilerplate_of or "", limit],
    )
    return [Sentence(*row) for row in rows]
