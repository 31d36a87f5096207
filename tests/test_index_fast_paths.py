"""The indexer's fast paths give what the plain code gives: content words, and what happened to the people counted."""

from __future__ import annotations

import random

import annotator.counted as counted
from annotator.numbers import find_quantities
from annotator.sentence_features import STOPWORDS, TOKEN, fold
from annotator.suggestion_index import sentence_words

TEXTS = [
    "About 200,000 people were killed; 300,000 injured (officials said).",
    "Rescuers pulled 22 individuals out alive, and nine bodies were recovered.",
    "“Dead” was the word: 15 “dead-end” roads, 12 depart-ures, 7 remov—al crews.",
    "Über 1.000 Menschen — naïve café-goers — fled 3 cities; 4 ÉVACUÉS.",
    "The 2010 budget gave $63.3 million in assistance to 1,500 residents who lost homes.",
    "Between 10 and 20 containers; 1700 hours: 5-fold rise; 12 of them (died) later.",
    "Toll: 112,405. Estimated deaths: 230,000. 6 studied, 8 audiences, 9 soldiers.",
]


def plain_outcome(text, quantity, reach=counted.WINDOW):
    """`_outcome` as it was before the prefilter."""
    span = 90 if reach <= counted.WINDOW else len(text)
    before = counted.CLAUSE_BREAK.split(text[max(0, quantity.start - span) : quantity.start])[-1].lower().split()[-reach:]
    after = counted.CLAUSE_BREAK.split(text[quantity.end : quantity.end + span])[0].lower().split()[:reach]
    for distance in range(max(len(before), len(after))):
        for word in (before[-1 - distance] if distance < len(before) else "", after[distance] if distance < len(after) else ""):
            word = word.strip(counted.PUNCTUATION)
            if word.startswith(counted.ALL_PREFIXES):
                return next(outcome for prefix, outcome in counted.OUTCOME_PREFIXES if word.startswith(prefix))
    return ""


def shuffled_texts(count: int = 400) -> list[str]:
    """The texts above and random recombinations of their pieces (words glued to figures, punctuation, clause breaks)."""
    pieces = [piece for text in TEXTS for piece in text.replace(";", " ; ").replace("(", " ( ").split(" ")]
    rng = random.Random(12)
    return TEXTS + [rng.choice(["", "(", "—", "\""]).join(rng.sample(pieces, rng.randint(3, 30))) for _ in range(count)]


def test_outcome_prefilter_changes_nothing():
    checked = 0
    for text in shuffled_texts():
        for quantity in find_quantities(text, with_context=False):
            for reach in (counted.WINDOW, len(text)):
                assert counted._outcome(text, quantity, reach) == plain_outcome(text, quantity, reach), (text, quantity)
                checked += 1
    assert checked > 500


def test_outcome_found_after_punctuation_and_clause_breaks():
    text = "12 “killed” and 30 ,injured; and 4 —rescued (5 lives)"
    found = [counted._outcome(text, q) for q in find_quantities(text, with_context=False)]
    assert found == ["dead", "injured", "rescued", "dead"]


def test_sentence_words_equal_the_regex_route():
    for text in shuffled_texts():
        plain = {token for token in set(TOKEN.findall(fold(text))) - STOPWORDS if len(token) > 1 and not token.isdigit()}
        assert sentence_words(text) == plain, text
