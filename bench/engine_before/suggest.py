"""Evidence suggestions: for a claim sentence, the sentences of other sources most likely to settle it, with why.

Retrieval asks the full-text index only for the claim's rarest informative words (document frequencies
come from the `term_stats` table) and the `sentence_numbers` table for its quantities,
so the cost follows those words' rarity, not the corpus size. The pool is then re-scored here: shared
rare words (BM25 weights), shared names, near-identical quotations, and matching or clashing numbers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from annotator.errors import InputError
from annotator.store import SENTENCE_COLUMNS, Sentence, Store
from bench.engine_before.numbers import Quantity, singular
from bench.engine_before.sentence_features import STOPWORDS, Features, features, stem, words

MAX_QUERY_TERMS = 8  # the rarest words of the claim that retrieve candidates
COMMON_SHARE = 0.02  # a word in more than 2% of sentences does not retrieve (it still scores)
CANDIDATE_POOL = 100
PHRASE_SHARE = 0.5  # of its rarer word's weight, per word pair shared in order: the claim's wording, not just its words
SHORTLIST = 30  # candidates scored in full (names, quotations, numbers) after a first look at words
NUMBER_LOOKUP_LIMIT = 200  # a value in more sentences than this says little and is not looked up
AVERAGE_TOKENS = 25.0  # sentence length in words the BM25 length norm is centred on (news prose)
K1, B = 1.2, 0.75
ENTITY_WEIGHT = 0.5  # extra share of a word's weight when it belongs to a name both sentences carry
QUOTE_SHARE = 0.6  # share of a quotation's words another quotation must have to count as the same quote
QUOTE_BONUS = 4.0
SAME_SUBJECT_SHARE, WEAK_NUMBER_SHARE, CLASH_SHARE = 1.5, 1 / 3, 0.5
GOLD = "gold"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate evidence sentence, its score, and the reasons it is there."""

    sentence: Sentence
    score: float
    terms: tuple[str, ...] = ()  # shared rare words, rarest first
    entities: tuple[str, ...] = ()  # shared names, as the claim spells them
    quotes: tuple[str, ...] = ()  # the claim's quotations this sentence repeats
    matching_numbers: tuple[tuple[str, str], ...] = ()  # (in the claim, in this sentence)
    clashing_numbers: tuple[tuple[str, str], ...] = ()  # same unit and subject, different value

    @property
    def conflict(self) -> bool:
        """Whether a number here clashes with the claim's: a possible conflict to check."""
        return bool(self.clashing_numbers)

    def reasons(self) -> list[str]:
        """Why this sentence is suggested, one short line per kind of evidence, clashes first."""
        lines = [f"possible conflict: {claim} vs {here}" for claim, here in self.clashing_numbers]
        lines += [f"same number: {claim} = {here}" for claim, here in self.matching_numbers]
        lines += [f"same quote: “{_short(quote, 60)}”" for quote in self.quotes]
        if self.entities:
            lines.append("same names: " + ", ".join(self.entities))
        if self.terms:
            lines.append("shared rare words: " + ", ".join(self.terms))
        return lines

    def summary(self) -> str:
        """The reasons in a few characters, for a list row: ≠ clash, = number, “ quote, then names or words."""
        parts = [f"≠{here.split()[0]}" for _, here in self.clashing_numbers[:1]]
        parts += [f"={here}" for _, here in self.matching_numbers[:1]]
        parts += ["“quote”"] if self.quotes else []
        parts += list((self.entities + self.terms)[: max(1, 3 - len(parts))])
        return " ".join(parts)

    def as_dict(self) -> dict:
        """Plain fields for JSON output."""
        s = self.sentence
        return {
            "source_id": s.source_id, "index": s.index, "sentence_id": s.id, "start": s.start, "end": s.end,
            "text": s.text, "score": round(self.score, 4), "conflict": self.conflict, "reasons": self.reasons(),
            "terms": list(self.terms), "entities": list(self.entities), "quotes": list(self.quotes),
            "matching_numbers": [list(pair) for pair in self.matching_numbers],
            "clashing_numbers": [list(pair) for pair in self.clashing_numbers],
        }


def suggest(store: Store, sentence: Sentence, k: int = 10, annotator: str | None = None) -> list[Suggestion]:
    """The top-k current-version sentences of other sources for `sentence`, best first, with reasons.

    Sentences flagged as boilerplate by `annotator` or by `gold` never appear. Other annotators' flags
    do not hide anything: their work stays independent of each other until adjudicated.
    """
    claim = features(sentence.text)
    total = max(_sentence_count(store), 1)
    spelled = spellings(claim)
    frequencies = document_frequencies(store, spelled)
    ids = _term_candidates(store, spelled, frequencies, total, sentence.source_id, annotator)
    number_ids, value_frequencies = _number_candidates(store, claim.quantities)
    candidates = _usable(store, ids | number_ids, sentence.source_id, annotator)
    shortlist = _shortlist(claim, candidates, frequencies, total, number_ids)
    scored = [score(claim, candidate, frequencies, total, value_frequencies) for candidate in shortlist]
    ranked = sorted((s for s in scored if s.score > 0), key=lambda s: (-s.score, s.sentence.source_id, s.sentence.index))
    return ranked[:k]


def _shortlist(claim: Features, candidates: list[Sentence], frequencies: dict[str, int], total: int,
               number_ids: set[int]) -> list[Sentence]:
    """The candidates worth a full look: the best by shared rare words alone, and the best sharing a number.

    Names, quotations and numbers cost ten times what words do to find, so only these are scored fully.
    """
    weight = {term: idf(frequencies.get(term, 1), total) for term in claim.terms}

    def quick(candidate: Sentence) -> float:
        tokens, terms = words(candidate.text)
        return sum(weight[t] for t in claim.terms & terms) / (1 - B + B * len(tokens) / AVERAGE_TOKENS)

    ranked = sorted(candidates, key=quick, reverse=True)
    by_number = [c for c in ranked if c.id in number_ids][:SHORTLIST]
    return list({c.id: c for c in ranked[:SHORTLIST] + by_number}.values())


def resolve_sentence(store: Store, reference: str) -> Sentence:
    """The current-version sentence named `SOURCE_ID:INDEX`; a clear InputError when there is none."""
    source_id, _, index = reference.rpartition(":")
    if not source_id or not index.strip().isdigit():
        raise InputError(f"{reference!r} is not SOURCE_ID:INDEX (for example 004_38e05b9625974cc4:2)")
    if store.source(source_id) is None:
        raise InputError(f"no source {source_id!r} in the database; `annotator sources` lists them")
    sentence = store.sentence_at(source_id, int(index))
    if sentence is None:
        count = len(store.sentences(source_id))
        raise InputError(f"{source_id} has no sentence {int(index)}: its sentences are numbered 0 to {count - 1}")
    return sentence


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


def score(claim: Features, candidate: Sentence, frequencies: dict[str, int], total: int,
          value_frequencies: dict[float, int] | None = None) -> Suggestion:
    """Score one candidate against the claim and say why."""
    other = features(candidate.text)
    length = 1 - B + B * other.length / AVERAGE_TOKENS
    norm = _saturated(1, length)
    names = list({named: (surface, named) for surface, named in reversed(claim.entities) if named <= other.terms}.values())[::-1]
    # A name counts when all of it, or its last word (a surname, "Times" of New York Times), is here.
    name_words = {word for surface, named in claim.entities if _last_word(surface) in other.terms for word in named}
    name_words &= other.terms
    shared = claim.terms & other.terms
    weights = {term: idf(frequencies.get(term, 1), total) * _saturated(other.counts[term], length)
               * (1 + ENTITY_WEIGHT * (term in name_words)) for term in shared}
    quotes = [(surface, share) for surface, share in _shared_quotes(claim, other)]
    number_weight = {q.low: idf((value_frequencies or {}).get(q.low, NUMBER_LOOKUP_LIMIT), total) * norm
                     for q in claim.quantities}
    matching, clashing, number_bonus = compare_numbers(claim.quantities, other.quantities, number_weight)
    phrases = _pairs(claim.tokens) & _pairs(other.tokens)
    phrase_weight = sum(max(idf(frequencies.get(stem(word), total), total) for word in pair if word not in STOPWORDS)
                        for pair in phrases)
    total_score = (sum(weights.values()) + QUOTE_BONUS * sum(share for _, share in quotes) + number_bonus
                   + PHRASE_SHARE * norm * phrase_weight)
    named_in_full = set().union(*(named for _, named in names)) if names else set()
    rare_words = sorted((t for t in shared if t not in named_in_full), key=lambda t: (-weights[t], t))
    return Suggestion(
        sentence=candidate, score=total_score, terms=tuple(claim.written(t) for t in rare_words[:5]),
        entities=tuple(dict.fromkeys(surface for surface, _ in names)), quotes=tuple(q for q, _ in quotes),
        matching_numbers=tuple(matching), clashing_numbers=tuple(clashing),
    )


def _pairs(tokens: tuple[str, ...]) -> set[tuple[str, str]]:
    """Adjacent word pairs with at least one content word ("was discovered", "associated with")."""
    return {(a, b) for a, b in zip(tokens, tokens[1:], strict=False) if not (a in STOPWORDS and b in STOPWORDS)}


def _last_word(name: str) -> str:
    """The stem of a name's last word."""
    tokens, counts = words(name)
    return stem(tokens[-1]) if tokens else ""


def _saturated(count: int, length: float) -> float:
    """BM25's term-frequency part: a second mention adds less than the first; long sentences count less."""
    return count * (K1 + 1) / (count + K1 * length)


def idf(documents: int, total: int) -> float:
    """BM25's inverse document frequency: rare words weigh most."""
    documents = max(documents, 1)
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


def compare_numbers(claim: tuple[Quantity, ...], other: tuple[Quantity, ...],
                    weights: dict[float, float]) -> tuple[list, list, float]:
    """(matching pairs, clashing pairs, bonus): a claim number matches one here, or clashes with a comparable one.

    A match weighs what a word as rare as that value would, half as much again when both count the
    same thing, a third of it for years and small counts; a clash half of it: it shows the sentence speaks of the same thing, and is a reason to look.
    """
    matching, clashing, bonus = [], [], 0.0
    # A number here that one of the claim's numbers matches is accounted for: it cannot also clash with another
    # of them ("120mm mortars, 122mm shells" against "122-mm rounds" is a match, not a conflict).
    matched_here = {id(o) for quantity in claim for o in other if quantity.matches(o)}
    for quantity in claim:
        match = next((o for o in other if quantity.matches(o) and quantity.comparable(o)), None) or next(
            (o for o in other if quantity.matches(o)), None
        )
        if match is not None:
            pair = (quantity.text, match.text)
            if pair not in matching:  # the same number twice in the claim is one reason, counted once
                matching.append(pair)
                share = (SAME_SUBJECT_SHARE if quantity.comparable(match) else 1.0) if quantity.telling else WEAK_NUMBER_SHARE
                bonus += weights[quantity.low] * share
            continue
        clash = next((o for o in other if id(o) not in matched_here and quantity.clashes(o)), None)
        if clash is not None:
            pair = (_with_subject(quantity), _with_subject(clash))
            if pair not in clashing:
                clashing.append(pair)
                bonus += weights[quantity.low] * CLASH_SHARE if quantity.telling else 0.0
    return matching, clashing, bonus


def _with_subject(quantity: Quantity) -> str:
    """The quantity as written with what it counts ("6,700 containers"), the unit alone when it has one."""
    return quantity.text if quantity.unit not in ("", "year") else quantity.phrase or quantity.text


def _shared_quotes(claim: Features, other: Features):
    """The claim's quotations that this sentence repeats (nearly) word for word, with the share repeated."""
    for surface, quoted in claim.quotes:
        best = max((len(quoted & theirs) / len(quoted) for _, theirs in other.quotes), default=0.0)
        if best >= QUOTE_SHARE:
            yield surface, best


def _term_candidates(store: Store, spelled: dict[str, set[str]], frequencies: dict[str, int], total: int,
                     source_id: str, annotator: str | None) -> set[int]:
    """Ids of sentences outside the claim's source sharing its rarest words: all three, then two, then one.

    FTS5's own bm25 ordering is what costs (it scores every match: 100 ms at a million sentences for
    common words), so each query takes the newest matches unranked and the scoring here ranks them.
    """
    # One document is the claim itself; a word in too many sentences says little.
    usable = [t for t, documents in frequencies.items() if 1 < documents <= max(COMMON_SHARE * total, 50)]
    rarest = sorted(usable, key=lambda t: (frequencies[t], t))[:MAX_QUERY_TERMS]
    forms = [_any_spelling(spelled[term]) for term in rarest]
    queries = [" AND ".join(forms[:3]), " AND ".join(forms[:2])] + forms  # then each word alone, rarest first
    ids: set[int] = set()
    for match in dict.fromkeys(q for q in queries if q):
        rows = store.db.execute(
            "SELECT t.id FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version "
            "WHERE sentences_fts MATCH ? AND t.source_id != ? "
            "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?)) "
            "ORDER BY f.rowid DESC LIMIT ?",
            [match, source_id, annotator or GOLD, GOLD, CANDIDATE_POOL - len(ids)],
        )
        ids.update(row[0] for row in rows)
        if len(ids) >= CANDIDATE_POOL:
            break
    return ids


def _any_spelling(forms: set[str]) -> str:
    """An FTS5 expression for a word in any of its spellings.

    Not by stem prefix ("discov"*): on the FEVER sample it found nothing more, and it doubled p95 at 1M.
    """
    return "(" + " OR ".join(f'"{form}"' for form in sorted(forms)) + ")"


def _number_candidates(store: Store, quantities: tuple[Quantity, ...]) -> tuple[set[int], dict[float, int]]:
    """Ids of sentences holding one of the claim's numbers when it is not common, and each value's frequency."""
    ids: set[int] = set()
    frequencies: dict[float, int] = {}
    for value in {q.low for q in quantities} | {q.high for q in quantities}:
        rows = store.db.execute(
            "SELECT sentence_id FROM sentence_numbers WHERE value = ? LIMIT ?", [value, NUMBER_LOOKUP_LIMIT + 1]
        ).fetchall()
        frequencies[value] = len(rows)
        if len(rows) <= NUMBER_LOOKUP_LIMIT:
            ids.update(row[0] for row in rows)
    return ids, frequencies


def _usable(store: Store, ids: set[int], source_id: str, annotator: str | None) -> list[Sentence]:
    """The candidates that are current versions, in other sources, and not flagged as boilerplate."""
    rows = store.db.execute(
        f"SELECT {SENTENCE_COLUMNS} FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE t.id IN (SELECT value FROM json_each(?)) AND t.source_id != ? "
        "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?))",
        [json.dumps(sorted(ids)), source_id, annotator or GOLD, GOLD],
    )
    return [Sentence(*row) for row in rows]


def _sentence_count(store: Store) -> int:
    """About how many sentences exist (the highest id: exact unless rows were removed, and free to read)."""
    return store.db.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0


def _short(text: str, limit: int) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
