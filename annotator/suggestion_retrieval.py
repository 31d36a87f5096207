"""Where suggestions come from: the candidates a claim's rarest words, values, counted things and denial cues find.

The full-text index is asked only for the claim's rarest informative words (document frequencies come from the
`term_stats` table), the `sentence_numbers` table for its values, the `sentence_counts` table for sentences that
count the same things whatever the value, and `denials_fts` (the sentences matching the denial cues) for denials
sharing its words; the cost follows those words' rarity, not the corpus size.
"""

from __future__ import annotations

import json
import re
from datetime import date

from annotator.count_sums import with_sums
from annotator.counted import counted_quantities
from annotator.hedges import ABOUT_SHARE, VAGUE_CLUES, hedged_interval, round_cover, rounded_forms
from annotator.numbers import SCALES, Quantity, singular
from annotator.sentence_features import Features, features, stem, tokens_of
from annotator.store import SENTENCE_COLUMNS, Sentence, Store
from annotator.suggestion_index import DENIAL_MATCH, NUMBER_WORDS, denial_index_current
from annotator.text_caches import per_text
from annotator.time_frames import parse_published

MAX_QUERY_TERMS = 8  # the rarest words of the claim that retrieve candidates
COMMON_SHARE = 0.02  # a word in more than 2% of sentences does not retrieve (it still scores)
CANDIDATE_POOL = 100
NUMBER_LOOKUP_LIMIT = 200  # a value in more sentences than this says little and is not looked up
COUNT_LOOKUP_LIMIT = 200  # newest sentences fetched per counted thing
DENIAL_POOL = 30
GOLD = "gold"
# What the value index (`sentence_numbers`) may miss of a sentence's figures: a range (indexed by its ends, not what
# lies between); a number in words ("two", "a dozen") is indexed since m020, but still read in full, as before.
DIGIT_RANGE = re.compile(r"\d(?:[\s-]?(?:" + "|".join(sorted(SCALES, key=len, reverse=True))
                         + r"))?\s*(?:-|–|—|\bto\b|\band\b)\s*[$€£¥]?\s?\d", re.IGNORECASE)


def spellings(claim: Features) -> dict[str, set[str]]:
    """Each content term (a stem) of the claim with the words the index may hold for it: as written, singular, plural."""
    found: dict[str, set[str]] = {term: set() for term in claim.terms}
    for token in claim.tokens:
        term = stem(token)
        if term in found:
            base = singular(token)
            found[term].update({token, base, base + "s"} | ({base[:-1] + "ies"} if base.endswith("y") else set()))
    return found


def document_frequencies(store: Store, spelled: dict[str, set[str]]) -> dict[str, int]:
    """About how many sentences contain each term: its spellings' counts from `term_stats`, added up."""
    term_of = {spelling: term for term, forms in spelled.items() for spelling in forms}
    rows = store.db.execute(
        "SELECT term, documents FROM term_stats WHERE term IN (SELECT value FROM json_each(?))", [json.dumps(list(term_of))]
    )
    frequencies = dict.fromkeys(spelled, 0)
    for spelling, documents in rows:
        frequencies[term_of[spelling]] += documents
    return frequencies


def _term_candidates(store: Store, spelled: dict[str, set[str]], frequencies: dict[str, int], total: int,
                     source_id: str, annotator: str | None, published: dict[str, str | None] | None = None
                     ) -> dict[int, Sentence]:
    """Usable sentences outside the claim's source sharing its rarest words, by id: all three, then two, then one.

    FTS5's own bm25 ordering is what costs (it scores every match: 100 ms at a million sentences for
    common words), so each query takes the newest matches unranked and the scoring here ranks them. With
    `published`, each found sentence's source's published field is noted there (the join reads it anyway).
    """
    # One document is the claim itself; a word in too many sentences says little.
    usable = [t for t, documents in frequencies.items() if 1 < documents <= max(COMMON_SHARE * total, 50)]
    rarest = sorted(usable, key=lambda t: (frequencies[t], t))[:MAX_QUERY_TERMS]
    forms = [_any_spelling(spelled[term]) for term in rarest]
    found: dict[int, Sentence] = {}

    def take(rows) -> None:
        for row in rows:
            if row[0] not in found:
                found[row[0]] = Sentence(*row[:7])
                if published is not None:
                    published[row[1]] = row[7]

    singles = forms
    if len(forms) >= 3:  # all three, then two: the newest of the two are read first, and hold the newest of the three
        newest_two = _matches(store, " AND ".join(forms[:2]), source_id, annotator, CANDIDATE_POOL)
        take(_with_third(store, forms, spelled[rarest[2]], newest_two, source_id, annotator))
        if len(found) < CANDIDATE_POOL:
            take(newest_two[: CANDIDATE_POOL - len(found)])
    elif len(forms) == 2:
        singles = [" AND ".join(forms)] + forms
    for match in singles:  # then each word alone, rarest first
        if len(found) >= CANDIDATE_POOL:
            break
        take(_matches(store, match, source_id, annotator, CANDIDATE_POOL - len(found)))
    return found


def _matches(store: Store, match: str, source_id: str, annotator: str | None, limit: int, below: int | None = None
             ) -> list[tuple]:
    """The newest usable rows (sentence columns and the source's published field) matching an FTS5 expression,
    outside the claim's source and not flagged as boilerplate; with `below`, only those with a lower id."""
    older = "AND f.rowid < ? " if below is not None else ""
    return store.db.execute(
        f"SELECT {SENTENCE_COLUMNS}, s.published FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
        "JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        f"WHERE sentences_fts MATCH ? {older}AND t.source_id != ? "
        "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?)) "
        "ORDER BY f.rowid DESC LIMIT ?",
        [match, *([below] if below is not None else []), source_id, annotator or GOLD, GOLD, limit],
    ).fetchall()


def _with_third(store: Store, forms: list[str], third: set[str], newest_two: list[tuple], source_id: str,
                annotator: str | None) -> list[tuple]:
    """The newest usable rows holding all three rarest words, as their FTS5 query gives them, from the newest rows
    holding the first two: those of them that hold the third (the index's words are `tokens_of`'s, for ASCII text),
    then, when the two's rows ran past what was read, the three's query below the oldest row read."""
    if not all(row[6].isascii() for row in newest_two) or not all(form.isascii() for form in third):
        return _matches(store, " AND ".join(forms[:3]), source_id, annotator, CANDIDATE_POOL)
    holding = [row for row in newest_two if not third.isdisjoint(tokens_of(row[6]))][:CANDIDATE_POOL]
    if len(newest_two) < CANDIDATE_POOL or len(holding) == CANDIDATE_POOL:
        return holding  # every row of the two was read, or the newest of the three all were
    return holding + _matches(store, " AND ".join(forms[:3]), source_id, annotator, CANDIDATE_POOL - len(holding),
                              below=newest_two[-1][0])


def _any_spelling(forms: set[str]) -> str:
    """An FTS5 expression for a word in any of its spellings.

    Not by stem prefix ("discov"*): on the FEVER sample it found nothing more, and it doubled p95 at 1M.
    """
    return "(" + " OR ".join(f'"{form}"' for form in sorted(forms)) + ")"


def _number_candidates(store: Store, quantities: tuple[Quantity, ...]) -> tuple[dict[float, set[int]], dict[float, int]]:
    """Ids of sentences holding each of the claim's numbers when it is not common, and each value's frequency."""
    ids: dict[float, set[int]] = {}
    frequencies: dict[float, int] = {}
    for value in {q.low for q in quantities} | {q.high for q in quantities}:
        rows = store.db.execute(
            "SELECT sentence_id FROM sentence_numbers WHERE value = ? LIMIT ?", [value, NUMBER_LOOKUP_LIMIT + 1]
        ).fetchall()
        frequencies[value] = len(rows)
        ids[value] = {row[0] for row in rows} if len(rows) <= NUMBER_LOOKUP_LIMIT else set()
    for quantity in quantities:
        if quantity.low == quantity.high and not quantity.is_year and frequencies[quantity.low] <= NUMBER_LOOKUP_LIMIT:
            _add_rounded(store, quantity, ids, frequencies)
    return ids, frequencies


def _add_rounded(store: Store, quantity: Quantity, ids: dict[float, set[int]], frequencies: dict[float, int]) -> None:
    """The sentences giving the figure rounded ("$62 million" for $62,046,289) or, for a round figure, exactly ("$62,046,289"
    for "$62 million"), as if they gave the figure itself: one more indexed lookup, and only for figures of 100 or more."""
    value = quantity.low
    if cover := round_cover(value):
        query = "SELECT sentence_id, unit FROM sentence_numbers WHERE value BETWEEN ? AND ? AND value != ? LIMIT ?"
        arguments = [value - cover, value + cover, value, NUMBER_LOOKUP_LIMIT + 1]
    elif forms := rounded_forms(value):
        query = "SELECT sentence_id, unit FROM sentence_numbers WHERE value IN (SELECT value FROM json_each(?)) LIMIT ?"
        arguments = [json.dumps(forms), NUMBER_LOOKUP_LIMIT + 1]
    else:
        return
    # The unit is checked here, not in the query: LIMIT then bounds the rows read, whatever the other units in range.
    rows = store.db.execute(query, arguments).fetchall()
    found = {sentence_id for sentence_id, unit in rows if unit == quantity.unit}
    if len(rows) <= NUMBER_LOOKUP_LIMIT and frequencies[value] + len(found) <= NUMBER_LOOKUP_LIMIT:
        ids[value] |= found
        frequencies[value] += len(found)


def _count_candidates(store: Store, text: str) -> tuple[dict[str, set[int]], dict[str, int]]:
    """Ids of the newest sentences counting each thing the claim's figures count, whatever the value; each key's frequency."""
    ids: dict[str, set[int]] = {}
    frequencies: dict[str, int] = {}
    for key in {key for _, keys in counted_quantities(text) for key in keys}:
        rows = store.db.execute(
            "SELECT sentence_id FROM sentence_counts WHERE counted = ? ORDER BY sentence_id DESC LIMIT ?",
            [key, COUNT_LOOKUP_LIMIT + 1],
        ).fetchall()
        frequencies[key] = len(rows)
        ids[key] = {row[0] for row in rows[:COUNT_LOOKUP_LIMIT]}
    return ids, frequencies


@per_text(8192)
def index_may_miss(text: str) -> bool:
    """Whether the value index may not list every value this sentence's figures hold: it holds a number in words or a
    scale word ("two", "sevenfold", "a dozen"), a vague amount, a range, or text that is not ASCII (whose case folding
    the checks here do not follow). Otherwise `find_quantities` reads the same figures with or without what they
    count, and the index lists each one's value."""
    if not text.isascii():
        return True
    lower = text.lower()
    if any(clue in lower for clue in VAGUE_CLUES):
        return True
    tokens = features(text).tokens  # a whole word, as the quantity pattern's \b finds them in ASCII text
    if not NUMBER_WORDS.isdisjoint(tokens) or ("fold" in lower and any(
            token.endswith("fold") and token[:-4] in NUMBER_WORDS for token in tokens)):
        return True
    return DIGIT_RANGE.search(text) is not None


def _agreeing_candidates(store: Store, text: str, count_ids: dict[str, set[int]]) -> set[int]:
    """Ids among the sentences counting what a figure of the claim counts that hold a value agreeing with that figure
    (within its hedged interval, or within an "about" of it: "more than 7,600" beside "more than 8,000").

    The range stays that narrow on purpose: it is read from the value index, and at a million sentences a range
    as wide as a lower bound's own ("more than 7,000" reaching 7,600) read tens of thousands of rows per figure
    (p95 37 ms against 27). Agreeing figures further apart still come by their words."""
    agreeing: set[int] = set()
    for quantity, keys in with_sums(text, counted_quantities(text))[0]:  # a count in parts agrees with its whole too
        ids = set().union(*(count_ids.get(key, set()) for key in keys))
        if not ids or quantity.is_year:
            continue
        low, high = hedged_interval(quantity.low, quantity.high, quantity.hedge, quantity.decimals)
        rows = store.db.execute(
            "SELECT sentence_id FROM sentence_numbers WHERE value BETWEEN ? AND ? "
            "AND sentence_id IN (SELECT value FROM json_each(?))",
            [low * (1 - ABOUT_SHARE), high / (1 - ABOUT_SHARE), json.dumps(sorted(ids))])
        agreeing.update(row[0] for row in rows)
    return agreeing


def _denial_candidates(store: Store, spelled: dict[str, set[str]], frequencies: dict[str, int], total: int) -> set[int]:
    """Ids of the newest sentences that deny something (a denial cue) and hold one of the claim's rarer words."""
    usable = [t for t, documents in frequencies.items() if 1 < documents <= max(COMMON_SHARE * total, 50)]
    rarest = sorted(usable, key=lambda t: (frequencies[t], t))[:MAX_QUERY_TERMS]
    if not rarest:
        return set()
    words = "(" + " OR ".join(_any_spelling(spelled[t]) for t in rarest) + ")"
    if denial_index_current(store.db.conn):  # only the sentences matching the cues: the same answer, cheaper
        query, match = "SELECT rowid FROM denials_fts WHERE denials_fts MATCH ? ORDER BY rowid DESC LIMIT ?", words
    else:
        query = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        match = f"{words} AND {DENIAL_MATCH}"
    return {row[0] for row in store.db.execute(query, [match, DENIAL_POOL])}


def _published(store: Store, source_ids: set[str], known: dict[str, str | None] | None = None) -> dict[str, date | None]:
    """Each source's published date, when it has one; the published fields in `known` are not looked up again."""
    known = known or {}
    found = {source_id: known[source_id] for source_id in source_ids if source_id in known}
    if missing := source_ids - found.keys():
        found.update(store.db.execute("SELECT id, published FROM sources WHERE id IN (SELECT value FROM json_each(?))",
                                      [json.dumps(sorted(missing))]))
    return {source_id: _published_date(published) for source_id, published in found.items()}


_published_date = per_text(8192)(parse_published)


def _usable(store: Store, ids: set[int], source_id: str, annotator: str | None,
            published: dict[str, str | None] | None = None) -> list[Sentence]:
    """The candidates that are current versions, in other sources, and not flagged as boilerplate (their sources'
    published fields noted in `published`, when given)."""
    if not ids:
        return []
    rows = store.db.execute(
        f"SELECT {SENTENCE_COLUMNS}, s.published FROM sentences t "
        "JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE t.id IN (SELECT value FROM json_each(?)) AND t.source_id != ? "
        "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?))",
        [json.dumps(sorted(ids)), source_id, annotator or GOLD, GOLD],
    ).fetchall()
    if published is not None:
        published.update((row[1], row[7]) for row in rows)
    return [Sentence(*row[:7]) for row in rows]


def _by_id(sentence: Sentence) -> int:
    return sentence.id


def _sentence_count(store: Store) -> int:
    """About how many sentences exist (the highest id: exact unless rows were removed, and free to read)."""
    return store.db.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0
