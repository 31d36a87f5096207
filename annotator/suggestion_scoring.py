"""How a suggestion scores: shared rare words (BM25 weights) and word pairs, names, quotations (same or altered),
figures compared as match / conflict / update, and denials; the claim's side found once, a candidate's figures read
only when they may count."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from annotator.comparison import Comparison, compare
from annotator.count_sums import with_sums
from annotator.counted import counted_quantities, key_terms, label_number
from annotator.denials import denial_cue
from annotator.figure_values import TIMELESS_UNITS, nearly_equal, negated
from annotator.measures import TO_BASE, base_unit
from annotator.numbers import Quantity
from annotator.sentence_features import STOPWORDS, TOKEN, Features, features, fold, stem, words
from annotator.store import Sentence
from annotator.suggestion import Suggestion
from annotator.suggestion_retrieval import COUNT_LOOKUP_LIMIT, NUMBER_LOOKUP_LIMIT, index_may_miss
from annotator.text_caches import per_text
from annotator.time_frames import Frame

PHRASE_SHARE = 0.5  # of its rarer word's weight, per word pair shared in order: the claim's wording, not just its words
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
DENIAL_MIN_TERMS = 2  # shared content words a denial needs to be about the claim's matter
DENIAL_SHARE = 0.25  # of the words' weight, added for a denial
MEASURE_KEYS = frozenset(base for base, _ in TO_BASE.values())  # a measure unkeyed by a noun is keyed by its unit


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the retrieval learnt that scoring needs: value and counted-thing frequencies, published dates."""

    value_frequencies: dict[float, int]
    key_frequencies: dict[str, int]
    published: dict[str, date | None]
    value_ids: dict[float, set[int]] = None  # the sentences giving each value (when not common)
    key_ids: dict[str, set[int]] = None  # the newest sentences counting each thing
    first_report: date | None = None  # the earliest of the published dates: the event's start, to a figure "at the start"
    period: Callable[[Sentence], Frame | None] | None = None  # the time an anaphora ("in those three days") points back to
    tenths: frozenset[float] = frozenset()  # whole magnitudes the claim or a candidate gives to a tenth ("9.0")

    def joint_frequency(self, value: float, key: str) -> int:
        """About how many sentences give this value for this thing: an agreement many sentences share says little
        ("a magnitude 7.0 earthquake" in every report of the event). Both lookups capped: then the smaller count."""
        value_count = self.value_frequencies.get(value, NUMBER_LOOKUP_LIMIT)
        key_count = self.key_frequencies.get(key, COUNT_LOOKUP_LIMIT)
        if value_count > NUMBER_LOOKUP_LIMIT or key_count > COUNT_LOOKUP_LIMIT or not self.value_ids or not self.key_ids:
            return min(value_count, key_count)
        return len(self.value_ids.get(value, set()) & self.key_ids.get(key, set()))

    def listed(self, quantity: Quantity) -> set[int] | None:
        """The sentences the value index lists for this figure of the claim: for an uncommon single value, all of them
        (at most NUMBER_LOOKUP_LIMIT); None for a common value, a range (a value inside it is indexed under neither
        end), or when the lookups did not read the index. An equal value elsewhere is in a sentence the index may
        miss (`index_may_miss`), as long as the index was built by today's `find_quantities`."""
        if quantity.low != quantity.high or self.value_ids is None:
            return None
        if self.value_frequencies.get(quantity.low, NUMBER_LOOKUP_LIMIT + 1) > NUMBER_LOOKUP_LIMIT:
            return None
        return self.value_ids.get(quantity.low)


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


@per_text(64)
def claim_side(claim: Features, claim_text: str) -> ClaimSide:
    """The claim's pairs, names' last words, denial cue and figures, for scoring many candidates against it."""
    keys = dict(with_sums(claim_text, counted_quantities(claim_text))[0]) if claim.quantities else {}
    return ClaimSide(
        text=claim_text, pairs=_pairs(claim.tokens),
        last_words=tuple((_last_word(surface), named) for surface, named in claim.entities), cue=denial_cue(claim_text),
        keys=keys, wanted=frozenset(key for quantity_keys in keys.values() for key in quantity_keys),
        matchable=tuple(q for q in claim.quantities if q.hedge != "vague" and not negated(claim_text, q)
                        and not label_number(claim_text, q)),
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


@dataclass(frozen=True, slots=True)
class WordWeights:
    """The claim's words and word pairs weighed once for all its candidates."""

    terms: dict[str, float]  # each content term: its idf
    pairs: dict[tuple[str, str], float]  # each word pair: the idf of its rarer content word
    hyphenated: tuple[tuple[str, frozenset[str]], ...] = ()  # the claim's names written as one hyphenated word


def word_weights(claim: Features, side: ClaimSide, frequencies: dict[str, int], total: int) -> WordWeights:
    """The weights `word_evidence` gives the claim's terms and pairs (a pair holds a content word by construction)."""
    return WordWeights({term: idf(frequencies.get(term, 1), total) for term in claim.terms},
                       {pair: max(idf(frequencies.get(stem(word), total), total) for word in pair if word not in STOPWORDS)
                        for pair in side.pairs}, _hyphenated(claim))


def word_evidence(claim: Features, side: ClaimSide, candidate: Sentence, frequencies: dict[str, int],
                  total: int, weighed: WordWeights | None = None) -> WordEvidence:
    """Everything of a candidate's score but its figures: shared rare words and word pairs, names, quotations, denial."""
    weighed = weighed or word_weights(claim, side, frequencies, total)
    other = features(candidate.text)
    length = 1 - B + B * other.length / AVERAGE_TOKENS
    norm = _saturated(1, length)
    names = list({named: (surface, named) for surface, named in reversed(claim.entities) if named <= other.terms}.values())[::-1]
    # A name counts when all of it, or its last word (a surname, "Times" of New York Times), is here.
    name_words = {word for last, named in side.last_words if last in other.terms for word in named}
    name_words &= other.terms
    shared = claim.terms & other.terms
    term_weight = weighed.terms
    weights = {term: term_weight[term] * _saturated(other.counts[term], length)
               * (1 + ENTITY_WEIGHT * (term in name_words)) for term in shared}
    joined = _hyphenated_names(weighed.hyphenated, other, weights)
    same, altered = _quotations(claim, other)
    # Both sets built as before, so the pairs are met (and their weights added) in the same order.
    if joined:
        phrases = {pair for pair in side.pairs & _pairs(other.tokens) if not {stem(word) for word in pair} <= joined}
    else:
        phrases = {pair for pair in side.pairs & _pairs(other.tokens)}  # built as the filtered set is: same order
    pair_weight = weighed.pairs
    phrase_weight = sum(pair_weight[pair] for pair in phrases)
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


def _hyphenated(claim: Features) -> tuple[tuple[str, frozenset[str]], ...]:
    """The claim's names written as one hyphenated word of several parts (Port-au-Prince, Guinea-Bissau), in order."""
    return tuple((surface, named) for surface, named in claim.entities
                 if "-" in surface and not any(character.isspace() for character in surface) and len(named) > 1)


def _hyphenated_names(hyphenated, other: Features, weights: dict[str, float]) -> set[str]:
    """A name written as one hyphenated word (Port-au-Prince, Guinea-Bissau) is one piece of evidence: its parts always
    come together, so the shared name weighs as its rarest part, once. Returns the parts, to leave out of word pairs."""
    joined = set()
    for _, named in hyphenated:
        if named <= other.terms:
            rarest = max(named, key=lambda term: (weights.get(term, 0.0), term))
            weights.update({term: 0.0 for term in named if term != rarest})
            joined |= named
    return joined


def _figures(claim: Features, side: ClaimSide, other: Features, candidate: Sentence, claim_sentence: Sentence | None,
             lookups: Lookups, total: int, norm: float) -> tuple[list[Comparison], list, float]:
    """The claim's figures compared with this sentence's (same thing counted), then equal values; and their weight."""
    compared = _compares(side, other)
    # An uncommon value's equal is where the value index lists it, or in a sentence whose figures it may miss.
    matchable = side.matchable if index_may_miss(candidate.text) else [
        q for q in side.matchable if (listed := lookups.listed(q)) is None or candidate.id in listed]
    if not claim.quantities or not (compared or matchable) or not other.quantities:
        return [], [], 0.0  # nothing to compare, and no equal value to find: this sentence's figures are not read
    claim_text = side.text
    if not compared:
        comparisons = []
    else:
        published = lookups.published
        periods = (lookups.period(claim_sentence) if claim_sentence else None, lookups.period(candidate)) if (
            lookups.period) else (None, None)
        comparisons = compare(claim_text, published.get(claim_sentence.source_id) if claim_sentence else None,
                              candidate.text, published.get(candidate.source_id), lookups.first_report, periods,
                              lookups.tenths)
    bonus = sum(_comparison_weight(c, side.keys.get(c.claim, ()), lookups, total) for c in comparisons) * norm
    claim_done = {(c.claim.start, c.claim.end) for c in comparisons}
    other_done = {(c.other.start, c.other.end) for c in comparisons}
    matching = []
    for quantity in matchable:
        if (quantity.start, quantity.end) in claim_done:
            continue
        match = next((o for o in other.quantities if (o.start, o.end) not in other_done and quantity.matches(o)
                      and not negated(candidate.text, o) and not label_number(candidate.text, o)), None)
        if match is not None and (quantity.text, match.text) not in matching:
            matching.append((quantity.text, match.text))
            weight = idf(lookups.value_frequencies.get(quantity.low, NUMBER_LOOKUP_LIMIT), total) * norm
            bonus += weight * (1.0 if quantity.telling else WEAK_NUMBER_SHARE)
    return comparisons, matching, bonus


def _compares(side: ClaimSide, other: Features) -> bool:
    """Whether a sentence may count what the claim counts: a counted noun's stem among its words (people counted by
    what happened to them are always compared), or a measure in the unit the claim measures in, however written
    ("5000' below the surface": feet with no word for them). Cheap, and most candidates fail it."""
    if any(":" in key or key in other.terms or key_terms(key) & other.terms for key in side.wanted):
        return True
    measured = side.wanted & MEASURE_KEYS
    return bool(measured) and any(base_unit(q.unit) in measured for q in other.quantities if q.unit in TO_BASE)


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
        # A small count is weak evidence as an equal value alone (it matches by chance), not as a count of the very
        # thing the claim counts: how rare the value is for that thing (`joint`) already says how often it would match
        # by chance. ("Four Chinook helicopters and two Black Hawks" beside "Six Army helicopters".) A magnitude stays
        # weak: every report of the event gives it.
        counted = joint is not None and not comparison.claim.unit
        weight += figure * SAME_FIGURE_SHARE * (1.0 if comparison.claim.telling or counted else WEAK_NUMBER_SHARE)
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
