"""Evidence suggestions: for a claim sentence, the sentences of other sources most likely to settle it, with why.

Retrieval asks the full-text index only for the claim's rarest informative words (document frequencies
come from the `term_stats` table), the `sentence_numbers` table for its values, the `sentence_counts` table
for sentences that count the same things whatever the value, and `denials_fts` (the sentences matching the
denial cues) for denials sharing its words; the cost follows those words' rarity, not the corpus size. The pool is then re-scored
here: shared rare words (BM25 weights), shared names, quotations (same or altered), figures compared as
match / conflict / update, and denials. Evidence ranks first; a conflict outranks a match only when confident.
"""

from __future__ import annotations

import heapq
import json
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from annotator.comparison import TIMELESS_UNITS, Comparison, compare, nearly_equal, negated
from annotator.counted import counted_quantities
from annotator.denials import denial_cue
from annotator.errors import InputError
from annotator.numbers import Quantity, singular
from annotator.sentence_features import STOPWORDS, TOKEN, Features, features, fold, stem, words
from annotator.store import SENTENCE_COLUMNS, Sentence, Store
from annotator.suggestion import SourceCounts, Suggestion, source_counts
from annotator.suggestion_index import DENIAL_MATCH, denial_index_current
from annotator.time_frames import parse_published

__all__ = ["Suggestion", "SuggestionReport", "suggest", "suggest_report", "resolve_sentence", "score"]

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
WEAK_NUMBER_SHARE = 1 / 3
# A figure for the thing the claim counts weighs SAME_THING_SHARE of that thing's weight whatever it says (the
# sentence speaks of the same thing); an agreeing figure adds SAME_FIGURE_SHARE of the figure's own weight, and a
# confident conflict (same thing, same time, disjoint figures) CONFIDENT_CONFLICT_SHARE of the thing's weight again.
SAME_THING_SHARE, SAME_FIGURE_SHARE, CONFIDENT_CONFLICT_SHARE = 1.0, 1.0, 1.0
# A figure from another time (an update) tells the story's history, not whether the claim holds: it weighs this share.
UPDATE_SHARE = 0.75
NEAR_UPDATE_SHARE = 1.0  # added for an update whose figure is within a tenth of the claim's
COUNT_LOOKUP_LIMIT = 200  # newest sentences fetched per counted thing
CONFLICT_FLOOR = 0.3  # a confident conflict scoring at least this share of the best goes first
LATE_CONFLICT_SHARE = 5  # one place in five of the top k at most goes to confident conflicts below that floor
PER_COUNTED = 10  # of those, the best by words scored in full, per counted thing
COUNTED_KEYS = 3  # for at most this many counted things of the claim, the rarest
DENIAL_POOL = 30
DENIALS_SCORED = 6  # of those, the best by words scored in full
DENIAL_MIN_TERMS = 2  # shared content words a denial needs to be about the claim's matter
DENIAL_SHARE = 0.25  # of the words' weight, added for a denial
GOLD = "gold"


@dataclass(frozen=True, slots=True)
class SuggestionReport:
    """The top suggestions and, over every candidate scored, how many sources agree with the claim's figures."""

    suggestions: list[Suggestion]
    counts: SourceCounts


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the retrieval learnt that scoring needs: value and counted-thing frequencies, published dates."""

    value_frequencies: dict[float, int]
    key_frequencies: dict[str, int]
    published: dict[str, date | None]
    value_ids: dict[float, set[int]] = None  # the sentences giving each value (when not common)
    key_ids: dict[str, set[int]] = None  # the newest sentences counting each thing

    def joint_frequency(self, value: float, key: str) -> int:
        """About how many sentences give this value for this thing: an agreement many sentences share says little
        ("a magnitude 7.0 earthquake" in every report of the event). Both lookups capped: then the smaller count."""
        value_count = self.value_frequencies.get(value, NUMBER_LOOKUP_LIMIT)
        key_count = self.key_frequencies.get(key, COUNT_LOOKUP_LIMIT)
        if value_count > NUMBER_LOOKUP_LIMIT or key_count > COUNT_LOOKUP_LIMIT or not self.value_ids or not self.key_ids:
            return min(value_count, key_count)
        return len(self.value_ids.get(value, set()) & self.key_ids.get(key, set()))


def suggest(store: Store, sentence: Sentence, k: int = 10, annotator: str | None = None) -> list[Suggestion]:
    """The top-k current-version sentences of other sources for `sentence`, best first, with reasons.

    Sentences flagged as boilerplate by `annotator` or by `gold` never appear. Other annotators' flags
    do not hide anything: their work stays independent of each other until adjudicated.
    """
    return suggest_report(store, sentence, k, annotator).suggestions


def suggest_report(store: Store, sentence: Sentence, k: int = 10, annotator: str | None = None) -> SuggestionReport:
    """`suggest`, with how many other sources agree with the claim's figures and how many give another."""
    claim = features(sentence.text)
    total = max(_sentence_count(store), 1)
    spelled = spellings(claim)
    frequencies = document_frequencies(store, spelled)
    by_words = _term_candidates(store, spelled, frequencies, total, sentence.source_id, annotator)
    value_ids, value_frequencies = _number_candidates(store, claim.quantities)
    number_ids = set().union(*value_ids.values())
    count_ids, key_frequencies = _count_candidates(store, sentence.text)
    denial_ids = set() if denial_cue(sentence.text) else _denial_candidates(store, spelled, frequencies, total)
    others = (number_ids | set().union(*count_ids.values()) | denial_ids) - by_words.keys()
    # The word lookups return usable rows already; in id order, as one lookup of every id would give them.
    candidates = sorted([*by_words.values(), *_usable(store, others, sentence.source_id, annotator)], key=_by_id)
    shortlist = _shortlist(claim, candidates, frequencies, total, number_ids, denial_ids, count_ids)
    published = _published(store, {sentence.source_id} | {c.source_id for c in shortlist})
    lookups = Lookups(value_frequencies, key_frequencies, published, value_ids, count_ids)
    scored = _scored(claim, shortlist, frequencies, total, lookups, sentence, k)
    return SuggestionReport(rank(scored, k), source_counts(scored))


def _scored(claim: Features, shortlist: list[Sentence], frequencies: dict[str, int], total: int, lookups: Lookups,
            sentence: Sentence, k: int | None) -> list[Suggestion]:
    """The shortlist scored in full, but for candidates whose figures need not be read: those that compare no figure
    with the claim (so they count for no source) and that, even with every equal value the claim could find in them,
    stay below the k best scored. Leaving them out changes neither the top k nor the source counts; reading a
    candidate's figures is most of what scoring it costs."""
    side = claim_side(claim, sentence.text)
    evidence = [word_evidence(claim, side, candidate, frequencies, total) for candidate in shortlist]
    open_ended = [e for e in evidence if claim.quantities and side.matchable and not _compares(side, e.other)]
    left_open = {e.candidate.id for e in open_ended}
    scored = {e.candidate.id: _suggestion(claim, e, _figures(claim, side, e.other, e.candidate, sentence, lookups, total,
                                                             e.norm))
              for e in evidence if e.candidate.id not in left_open}
    reach = sum(idf(lookups.value_frequencies.get(q.low, NUMBER_LOOKUP_LIMIT), total) * (1.0 if q.telling else WEAK_NUMBER_SHARE)
                for q in side.matchable)
    best = heapq.nlargest(k, (s.score for s in scored.values())) if k else []
    heapq.heapify(best)
    for e in sorted(open_ended, key=lambda e: -(e.partial + e.norm * reach)):
        if len(best) == k and (e.partial + e.norm * reach) * (1 + 1e-9) + 1e-9 < best[0]:
            break  # this one and every one after it stay below the k best
        suggestion = _suggestion(claim, e, _figures(claim, side, e.other, e.candidate, sentence, lookups, total, e.norm))
        scored[e.candidate.id] = suggestion
        if k:
            (heapq.heappushpop if len(best) == k else heapq.heappush)(best, suggestion.score)
    return [scored[c.id] for c in shortlist if c.id in scored]


def rank(scored: list[Suggestion], k: int | None = None) -> list[Suggestion]:
    """Best evidence first; a confident conflict (same thing, same time, disjoint figures) with evidence enough
    (CONFLICT_FLOOR of the best score) comes before the rest: it is what the fact-checker is looking for. With `k`, the
    top k, where a confident conflict with less evidence still takes the last places rather than being left out."""
    kept = sorted((s for s in scored if s.score > 0), key=lambda s: (-s.score, s.sentence.source_id, s.sentence.index))
    floor = CONFLICT_FLOOR * (kept[0].score if kept else 0.0)
    first = kept[:1] if kept and kept[0].kind == "match" else []
    ranked = first + sorted(kept[len(first):], key=lambda s: not (s.confident_conflict and s.score >= floor))
    if k is None:
        return ranked
    late = [s for s in ranked[k:] if s.confident_conflict][: max(1, k // LATE_CONFLICT_SHARE)]
    return ranked[: k - len(late)] + late if late else ranked[:k]


def _shortlist(claim: Features, candidates: list[Sentence], frequencies: dict[str, int], total: int,
               number_ids: set[int], denial_ids: set[int] = frozenset(),
               counted: dict[str, set[int]] | None = None) -> list[Sentence]:
    """The candidates worth a full look: the best by shared rare words alone, the best sharing a number or a
    counted thing, and the denials.

    Names, quotations and numbers cost ten times what words do to find, so only these are scored fully.
    """
    weight = {term: idf(frequencies.get(term, 1), total) for term in claim.terms}

    def quick(candidate: Sentence) -> float:
        tokens, terms = words(candidate.text)
        return sum(weight[t] for t in claim.terms & terms) / (1 - B + B * len(tokens) / AVERAGE_TOKENS)

    ranked = sorted(candidates, key=quick, reverse=True)
    by_number = [c for c in ranked if c.id in number_ids][:SHORTLIST]
    rarest = sorted((counted or {}).values(), key=len)[:COUNTED_KEYS]  # the claim's most telling counted things
    # Another figure for the same thing is what only this lookup finds (the same figure comes by value too).
    by_count = [c for ids in rarest for c in [c for c in ranked if c.id in ids and c.id not in number_ids][:PER_COUNTED]]
    denials = [c for c in ranked if c.id in denial_ids][:DENIALS_SCORED]
    return list({c.id: c for c in ranked[:SHORTLIST] + by_number + by_count + denials}.values())


def resolve_sentence(store: Store, reference: str) -> Sentence:
    """The current-version sentence named `SOURCE_ID:INDEX`; a clear InputError when there is none."""
    source_id, _, index = reference.rpartition(":")
    if not source_id or not (index.strip().isascii() and index.strip().isdigit()):
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


@dataclass(frozen=True, slots=True)
class ClaimSide:
    """What scoring needs of the claim that is the same for every candidate, found once per claim."""

    text: str
    pairs: set[tuple[str, str]]  # adjacent word pairs with a content word (never changed)
    last_words: tuple[tuple[str, frozenset[str]], ...]  # each name's last word (a stem) and its words
    cue: str  # the claim's own denial cue, or ""
    keys: dict  # each quantity of the claim -> the keys of what it counts
    wanted: frozenset[str]  # every counted key of the claim
    matchable: tuple[Quantity, ...]  # the quantities an equal value may match: not vague, not negated


@lru_cache(maxsize=64)
def claim_side(claim: Features, claim_text: str) -> ClaimSide:
    """The claim's pairs, names' last words, denial cue and figures, for scoring many candidates against it."""
    keys = dict(counted_quantities(claim_text)) if claim.quantities else {}
    return ClaimSide(
        text=claim_text, pairs=_pairs(claim.tokens),
        last_words=tuple((_last_word(surface), named) for surface, named in claim.entities), cue=denial_cue(claim_text),
        keys=keys, wanted=frozenset(key for quantity_keys in keys.values() for key in quantity_keys),
        matchable=tuple(q for q in claim.quantities if q.hedge != "vague" and not negated(claim_text, q)),
    )


@dataclass(frozen=True, slots=True)
class WordEvidence:
    """What a candidate shares with the claim besides figures (words, names, quotations, a denial), and its score."""

    candidate: Sentence
    other: Features
    norm: float  # BM25's weight of one mention in a sentence this long
    names: list
    shared: set[str]
    weights: dict[str, float]
    same: list
    altered: list
    word_score: float
    denial: str

    @property
    def partial(self) -> float:
        """The score before figures; `_suggestion` adds them in the same expression."""
        return self.word_score + QUOTE_BONUS * sum(share for _, share in self.same + self.altered) + (
            DENIAL_SHARE * self.word_score * bool(self.denial))


def score(claim: Features, candidate: Sentence, frequencies: dict[str, int], total: int,
          lookups: Lookups | None = None, claim_sentence: Sentence | None = None) -> Suggestion:
    """Score one candidate against the claim and say why."""
    lookups = lookups or Lookups({}, {}, {})
    side = claim_side(claim, claim_sentence.text if claim_sentence else " ".join(claim.tokens))
    evidence = word_evidence(claim, side, candidate, frequencies, total)
    return _suggestion(claim, evidence, _figures(claim, side, evidence.other, candidate, claim_sentence, lookups, total,
                                                 evidence.norm))


def word_evidence(claim: Features, side: ClaimSide, candidate: Sentence, frequencies: dict[str, int],
                  total: int) -> WordEvidence:
    """Everything of a candidate's score but its figures: shared rare words and word pairs, names, quotations, denial."""
    other = features(candidate.text)
    length = 1 - B + B * other.length / AVERAGE_TOKENS
    norm = _saturated(1, length)
    names = list({named: (surface, named) for surface, named in reversed(claim.entities) if named <= other.terms}.values())[::-1]
    # A name counts when all of it, or its last word (a surname, "Times" of New York Times), is here.
    name_words = {word for last, named in side.last_words if last in other.terms for word in named}
    name_words &= other.terms
    shared = claim.terms & other.terms
    weights = {term: idf(frequencies.get(term, 1), total) * _saturated(other.counts[term], length)
               * (1 + ENTITY_WEIGHT * (term in name_words)) for term in shared}
    joined = _hyphenated_names(claim, other, weights)
    same, altered = _quotations(claim, other)
    # Both sets built as before, so the pairs are met (and their weights added) in the same order.
    phrases = {pair for pair in side.pairs & _pairs(other.tokens) if not {stem(word) for word in pair} <= joined}
    phrase_weight = sum(max(idf(frequencies.get(stem(word), total), total) for word in pair if word not in STOPWORDS)
                        for pair in phrases)
    word_score = sum(weights.values()) + PHRASE_SHARE * norm * phrase_weight
    return WordEvidence(candidate, other, norm, names, shared, weights, same, altered, word_score,
                        _denial(side.cue, candidate, shared))


def _suggestion(claim: Features, evidence: WordEvidence, figures: tuple[list[Comparison], list, float]) -> Suggestion:
    """The suggestion: the candidate's word evidence and its figures, scored, with the reasons."""
    comparisons, matching, number_bonus = figures
    word_score, same, altered, names, weights = (evidence.word_score, evidence.same, evidence.altered, evidence.names,
                                                 evidence.weights)
    total_score = (word_score + QUOTE_BONUS * sum(share for _, share in same + altered) + number_bonus
                   + DENIAL_SHARE * word_score * bool(evidence.denial))
    named_in_full = set().union(*(named for _, named in names)) if names else set()
    rare_words = sorted((t for t in evidence.shared if t not in named_in_full), key=lambda t: (-weights[t], t))
    return Suggestion(
        sentence=evidence.candidate, score=total_score, terms=tuple(claim.written(t) for t in rare_words[:5]),
        entities=tuple(dict.fromkeys(surface for surface, _ in names)), quotes=tuple(q for q, _ in same),
        altered_quotes=tuple((q, theirs) for (q, _), theirs in zip(altered, _altered_sources(claim, evidence.other, altered),
                                                                   strict=True)),
        equal_values=tuple(matching), comparisons=tuple(comparisons), denial=evidence.denial,
    )


def _hyphenated_names(claim: Features, other: Features, weights: dict[str, float]) -> set[str]:
    """A name written as one hyphenated word (Port-au-Prince, Guinea-Bissau) is one piece of evidence: its parts always
    come together, so the shared name weighs as its rarest part, once. Returns the parts, to leave out of word pairs."""
    joined = set()
    for surface, named in claim.entities:
        if "-" in surface and not any(character.isspace() for character in surface) and len(named) > 1 and named <= other.terms:
            rarest = max(named, key=lambda term: (weights.get(term, 0.0), term))
            weights.update({term: 0.0 for term in named if term != rarest})
            joined |= named
    return joined


def _figures(claim: Features, side: ClaimSide, other: Features, candidate: Sentence, claim_sentence: Sentence | None,
             lookups: Lookups, total: int, norm: float) -> tuple[list[Comparison], list, float]:
    """The claim's figures compared with this sentence's (same thing counted), then equal values; and their weight."""
    compared = _compares(side, other)
    if not claim.quantities or not (compared or side.matchable) or not other.quantities:
        return [], [], 0.0  # nothing to compare, and no equal value to find: this sentence's figures are not read
    claim_text = side.text
    if not compared:
        comparisons = []
    else:
        published = lookups.published
        comparisons = compare(claim_text, published.get(claim_sentence.source_id) if claim_sentence else None,
                              candidate.text, published.get(candidate.source_id))
    bonus = sum(_comparison_weight(c, side.keys.get(c.claim, ()), lookups, total) for c in comparisons) * norm
    claim_done = {(c.claim.start, c.claim.end) for c in comparisons}
    other_done = {(c.other.start, c.other.end) for c in comparisons}
    matching = []
    for quantity in side.matchable:
        if (quantity.start, quantity.end) in claim_done:
            continue
        match = next((o for o in other.quantities if (o.start, o.end) not in other_done and quantity.matches(o)
                      and not negated(candidate.text, o)), None)
        if match is not None and (quantity.text, match.text) not in matching:
            matching.append((quantity.text, match.text))
            weight = idf(lookups.value_frequencies.get(quantity.low, NUMBER_LOOKUP_LIMIT), total) * norm
            bonus += weight * (1.0 if quantity.telling else WEAK_NUMBER_SHARE)
    return comparisons, matching, bonus


def _compares(side: ClaimSide, other: Features) -> bool:
    """Whether a sentence may count what the claim counts: a counted noun's stem among its words (people counted by
    what happened to them are always compared). Cheap, and most candidates fail it."""
    return any(":" in key or key.rpartition("-")[2] in other.terms or key in other.terms for key in side.wanted)


def _comparison_weight(comparison: Comparison, keys, lookups: Lookups, total: int) -> float:
    """What one figure here for a thing the claim counts is worth: the counted thing's weight (the words that say
    it differ from sentence to sentence: killed, deaths, dead), plus the figure's when it agrees, plus again the
    thing's for a confident conflict. A figure that takes few values (a magnitude, a count under 100) weighs less.
    """
    thing = max((idf(lookups.key_frequencies.get(key, COUNT_LOOKUP_LIMIT), total) for key in keys), default=0.0)
    weight = SAME_THING_SHARE * thing * (UPDATE_SHARE if comparison.kind == "update" else 1.0)
    if comparison.kind == "match":
        joint = min((lookups.joint_frequency(comparison.claim.low, key) for key in keys), default=None)
        figure = idf(lookups.value_frequencies.get(comparison.claim.low, NUMBER_LOOKUP_LIMIT) if joint is None else joint,
                     total)
        weight += figure * SAME_FIGURE_SHARE * (1.0 if comparison.claim.telling else WEAK_NUMBER_SHARE)
    elif comparison.kind == "conflict" and comparison.confident:
        weight += thing * CONFIDENT_CONFLICT_SHARE
    elif comparison.kind == "update" and nearly_equal(comparison.claim, comparison.other):
        weight += thing * NEAR_UPDATE_SHARE  # "111,400 bodies" a week before "112,000 deaths": nearly the same count
    # The magnitude of the event every report describes is background to a claim, not what it counts.
    return weight * (WEAK_NUMBER_SHARE if comparison.claim.unit in TIMELESS_UNITS else 1.0)


def _denial(claim_cue: str, candidate: Sentence, shared) -> str:
    """The denial cue when exactly one of the two sentences denies, and they share enough words to be on one matter."""
    if len(shared) < DENIAL_MIN_TERMS:
        return ""
    other_cue = denial_cue(candidate.text)
    return other_cue if other_cue and not claim_cue else claim_cue if claim_cue and not other_cue else ""


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


@lru_cache(maxsize=65536)
def idf(documents: int, total: int) -> float:
    """BM25's inverse document frequency: rare words weigh most."""
    documents = max(documents, 1)
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


def _quotations(claim: Features, other: Features) -> tuple[list, list]:
    """The claim's quotations repeated here word for word (same), and those repeated with words changed (altered)."""
    same, altered = [], []
    for surface, quoted in claim.quotes:
        best, theirs = max(((len(quoted & words_) / len(quoted), text) for text, words_ in other.quotes), default=(0.0, ""))
        if best >= QUOTE_SHARE:
            (same if _verbatim(surface, theirs) else altered).append((surface, best))
    return same, altered


def _altered_sources(claim: Features, other: Features, altered: list) -> list[str]:
    """For each altered quotation of the claim, the near-repetition here."""
    found = []
    for surface, _ in altered:
        quoted = dict(claim.quotes)[surface]
        found.append(max(other.quotes, key=lambda pair: len(quoted & pair[1]))[0])
    return found


def _verbatim(a: str, b: str) -> bool:
    """One quotation's words appear in the other, in order and unchanged (a shorter excerpt is still the same quote)."""
    first, second = TOKEN.findall(fold(a)), TOKEN.findall(fold(b))
    short, long = sorted((first, second), key=len)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _term_candidates(store: Store, spelled: dict[str, set[str]], frequencies: dict[str, int], total: int,
                     source_id: str, annotator: str | None) -> dict[int, Sentence]:
    """Usable sentences outside the claim's source sharing its rarest words, by id: all three, then two, then one.

    FTS5's own bm25 ordering is what costs (it scores every match: 100 ms at a million sentences for
    common words), so each query takes the newest matches unranked and the scoring here ranks them.
    """
    # One document is the claim itself; a word in too many sentences says little.
    usable = [t for t, documents in frequencies.items() if 1 < documents <= max(COMMON_SHARE * total, 50)]
    rarest = sorted(usable, key=lambda t: (frequencies[t], t))[:MAX_QUERY_TERMS]
    forms = [_any_spelling(spelled[term]) for term in rarest]
    queries = [" AND ".join(forms[:3]), " AND ".join(forms[:2])] + forms  # then each word alone, rarest first
    found: dict[int, Sentence] = {}
    for match in dict.fromkeys(q for q in queries if q):
        rows = store.db.execute(
            f"SELECT {SENTENCE_COLUMNS} FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version "
            "WHERE sentences_fts MATCH ? AND t.source_id != ? "
            "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?)) "
            "ORDER BY f.rowid DESC LIMIT ?",
            [match, source_id, annotator or GOLD, GOLD, CANDIDATE_POOL - len(found)],
        )
        for row in rows:
            if row[0] not in found:
                found[row[0]] = Sentence(*row)
        if len(found) >= CANDIDATE_POOL:
            break
    return found


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
    return ids, frequencies


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


def _published(store: Store, source_ids: set[str]) -> dict[str, date | None]:
    """Each source's published date, when it has one."""
    rows = store.db.execute("SELECT id, published FROM sources WHERE id IN (SELECT value FROM json_each(?))",
                            [json.dumps(sorted(source_ids))])
    return {source_id: _published_date(published) for source_id, published in rows}


_published_date = lru_cache(maxsize=8192)(parse_published)


def _usable(store: Store, ids: set[int], source_id: str, annotator: str | None) -> list[Sentence]:
    """The candidates that are current versions, in other sources, and not flagged as boilerplate."""
    if not ids:
        return []
    rows = store.db.execute(
        f"SELECT {SENTENCE_COLUMNS} FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version "
        "WHERE t.id IN (SELECT value FROM json_each(?)) AND t.source_id != ? "
        "AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator IN (?, ?))",
        [json.dumps(sorted(ids)), source_id, annotator or GOLD, GOLD],
    )
    return [Sentence(*row) for row in rows]


def _by_id(sentence: Sentence) -> int:
    return sentence.id


def _sentence_count(store: Store) -> int:
    """About how many sentences exist (the highest id: exact unless rows were removed, and free to read)."""
    return store.db.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0
