"""Evidence suggestions: for a claim sentence, the sentences of other sources most likely to settle it, with why.

Candidates come from `suggestion_retrieval` (the claim's rarest words, values, counted things, denial cues); a first
look at words picks a shortlist, which `suggestion_scoring` scores in full. Evidence ranks first; a conflict
outranks a match only when confident.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, replace

from annotator.denials import denial_cue
from annotator.errors import InputError
from annotator.figure_values import tenths_given
from annotator.sentence_features import Features, features, first_look
from annotator.store import Sentence, Store
from annotator.suggestion import SourceCounts, Suggestion, source_counts
from annotator.suggestion_retrieval import (
    _agreeing_candidates,
    _by_id,
    _count_candidates,
    _denial_candidates,
    _number_candidates,
    _published,
    _sentence_count,
    _term_candidates,
    _usable,
    document_frequencies,
    index_may_miss,
    spellings,
)
from annotator.suggestion_scoring import (
    AVERAGE_TOKENS,
    NUMBER_LOOKUP_LIMIT,
    WEAK_NUMBER_SHARE,
    B,
    Lookups,
    _compares,
    _figures,
    _suggestion,
    claim_side,
    idf,
    score,
    word_evidence,
    word_weights,
)
from annotator.time_frames import PERIOD_REACH, Frame, anaphoric, named_days, period_before

__all__ = ["Suggestion", "SuggestionReport", "suggest", "suggest_report", "resolve_sentence", "score", "Lookups"]

SHORTLIST = 30  # candidates scored in full (names, quotations, numbers) after a first look at words
CONFLICT_FLOOR = 0.3  # a confident conflict scoring at least this share of the best goes first
LATE_CONFLICT_SHARE = 5  # one place in five of the top k at most goes to confident conflicts below that floor
PER_COUNTED = 10  # of those, the best by words scored in full, per counted thing
COUNTED_KEYS = 3  # for at most this many counted things of the claim, the rarest
DENIALS_SCORED = 6  # of those, the best by words scored in full
WORDS_ONLY_DIVISOR = 1.25  # a words-only candidate ranks as if its score were this much lower
EVIDENCE_SHARE = 2  # the first k // EVIDENCE_SHARE places are kept for the best evidence, whatever updates follow
PER_AGREEING = 10  # candidates giving a figure that agrees with the claim's for the same thing, best by words
DAY_SHARE = 1.0  # of a shared calendar day's idf among the shortlist, added as an agreeing figure's weight is


@dataclass(frozen=True, slots=True)
class SuggestionReport:
    """The top suggestions and, over every candidate scored, how many sources agree with the claim's figures."""

    suggestions: list[Suggestion]
    counts: SourceCounts


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
    fields: dict[str, str | None] = {}  # the published field of each candidate's source, read with the candidates
    by_words = _term_candidates(store, spelled, frequencies, total, sentence.source_id, annotator, fields)
    value_ids, value_frequencies = _number_candidates(store, claim.quantities)
    number_ids = set().union(*value_ids.values())
    count_ids, key_frequencies = _count_candidates(store, sentence.text)
    denial_ids = set() if denial_cue(sentence.text) else _denial_candidates(store, spelled, frequencies, total)
    others = (number_ids | set().union(*count_ids.values()) | denial_ids) - by_words.keys()
    # The word lookups return usable rows already; in id order, as one lookup of every id would give them.
    candidates = sorted([*by_words.values(), *_usable(store, others, sentence.source_id, annotator, fields)], key=_by_id)
    agreeing = _agreeing_candidates(store, sentence.text, count_ids) - number_ids
    shortlist = _shortlist(claim, candidates, frequencies, total, number_ids, denial_ids, count_ids, agreeing)
    published = _published(store, {sentence.source_id} | {c.source_id for c in shortlist}, fields)
    first_report = min(filter(None, published.values()), default=None)
    lookups = Lookups(value_frequencies, key_frequencies, published, value_ids, count_ids, first_report,
                      _periods(store, published), tenths_given([sentence.text, *(c.text for c in shortlist)]))
    scored = _scored(claim, shortlist, frequencies, total, lookups, sentence, k)
    return SuggestionReport(rank(scored, k), source_counts(scored))


def _periods(store: Store, published: dict):
    """For a sentence that names a time by pointing back ("in those three days"), the time the nearest earlier sentence
    of its article names (`period_before`); None for any other, which costs no lookup."""
    found: dict[int, Frame | None] = {}

    def period(sentence: Sentence) -> Frame | None:
        if not anaphoric(sentence.text):
            return None
        if sentence.id not in found:
            earlier = [s.text for s in store.sentences_before(sentence, PERIOD_REACH)]
            found[sentence.id] = period_before(earlier, published.get(sentence.source_id))
        return found[sentence.id]

    return period


def _scored(claim: Features, shortlist: list[Sentence], frequencies: dict[str, int], total: int, lookups: Lookups,
            sentence: Sentence, k: int | None) -> list[Suggestion]:
    """The shortlist scored in full, but for candidates whose figures need not be read: those that compare no figure
    with the claim (so they count for no source) and that, even with every equal value the claim could find in them,
    stay below the k best scored. Leaving them out changes neither the top k nor the source counts; reading a
    candidate's figures is most of what scoring it costs."""
    side = claim_side(claim, sentence.text)
    weighed = word_weights(claim, side, frequencies, total)
    evidence = [word_evidence(claim, side, candidate, frequencies, total, weighed) for candidate in shortlist]
    days = _shared_days(sentence, shortlist)
    open_ended = [e for e in evidence if claim.quantities and side.matchable and not _compares(side, e.other)]
    left_open = {e.candidate.id for e in open_ended}
    scored = {e.candidate.id: _dated(_suggestion(claim, e, _figures(claim, side, e.other, e.candidate, sentence, lookups,
                                                                    total, e.norm)), days, e.norm)
              for e in evidence if e.candidate.id not in left_open}
    reach = _reach(side, lookups, total)
    best = heapq.nlargest(k, (_standing(s) for s in scored.values())) if k else []  # as `rank` orders them
    heapq.heapify(best)
    bounds = {e.candidate.id: e.partial + e.norm * (reach(e.candidate) + days.get(e.candidate.id, ((), 0.0))[1])
              for e in open_ended}
    for e in sorted(open_ended, key=lambda e: -bounds[e.candidate.id]):
        if len(best) == k and bounds[e.candidate.id] * (1 + 1e-9) + 1e-9 < best[0]:
            break  # this one and every one after it stay below the k best
        suggestion = _dated(_suggestion(claim, e, _figures(claim, side, e.other, e.candidate, sentence, lookups, total,
                                                           e.norm)), days, e.norm)
        scored[e.candidate.id] = suggestion
        if k:
            (heapq.heappushpop if len(best) == k else heapq.heappush)(best, _standing(suggestion))
    return [scored[c.id] for c in shortlist if c.id in scored]


def _shared_days(sentence: Sentence, shortlist: list[Sentence]) -> dict[int, tuple[tuple[str, ...], float]]:
    """For each shortlisted candidate naming a calendar day the claim names ("since Aug. 16" beside "began operating
    Aug. 16"): the days as it writes them, and their weight, the idf of each day among the shortlist (a day every
    candidate names, the event's own, says little). Dates are no words BM25 weighs ("16" is no term), so they are
    weighed here, as an agreeing figure is."""
    claim_days = named_days(sentence.text)
    if not claim_days:
        return {}
    named = {candidate.id: named_days(candidate.text) for candidate in shortlist}
    naming = Counter(day for days in named.values() for day in days if day in claim_days)
    return {candidate: (tuple(days[day] for day in claim_days if day in days),
                        DAY_SHARE * sum(idf(naming[day], len(shortlist)) for day in claim_days if day in days))
            for candidate, days in named.items() if any(day in claim_days for day in days)}


def _dated(suggestion: Suggestion, days: dict[int, tuple[tuple[str, ...], float]], norm: float) -> Suggestion:
    """The suggestion with the calendar days it shares with the claim, and their weight, added."""
    found = days.get(suggestion.sentence.id)
    if found is None:
        return suggestion
    written, weight = found
    return replace(suggestion, score=suggestion.score + weight * norm, same_days=written)


def _reach(side, lookups: Lookups, total: int):
    """For a candidate, the most its equal values could add to its score (before the length norm): the weight of each
    figure of the claim whose equal it may hold (one the value index lists it for, or any when the index may miss its
    figures: `Lookups.listed`, `index_may_miss`)."""
    weights = [(idf(lookups.value_frequencies.get(q.low, NUMBER_LOOKUP_LIMIT), total) * (1.0 if q.telling else WEAK_NUMBER_SHARE),
                lookups.listed(q)) for q in side.matchable]
    everything = sum(weight for weight, _ in weights)

    def reach(candidate: Sentence) -> float:
        if index_may_miss(candidate.text):
            return everything
        return sum(weight for weight, listed in weights if listed is None or candidate.id in listed)

    return reach


def rank(scored: list[Suggestion], k: int | None = None) -> list[Suggestion]:
    """Best evidence first; a confident conflict (same thing, same time, disjoint figures) with evidence enough
    (CONFLICT_FLOOR of the best score) comes before the rest: it is what the fact-checker is looking for. With `k`, the
    top k, where a confident conflict with less evidence still takes the last places rather than being left out, and an
    update that is the one figure its source gives for the thing (see `_late_updates`) may take any place below the
    first k // EVIDENCE_SHARE, which stay the best evidence: how a figure moved is what the fact-checker compares."""
    kept = sorted((s for s in scored if s.score > 0), key=lambda s: (-_standing(s), s.sentence.source_id, s.sentence.index))
    floor = CONFLICT_FLOOR * (kept[0].score if kept else 0.0)
    first = kept[:1] if kept and kept[0].kind == "match" else []
    ranked = first + sorted(kept[len(first):], key=lambda s: not (s.confident_conflict and s.score >= floor))
    if k is None:
        return ranked
    places = max(1, k // LATE_CONFLICT_SHARE)
    late = [s for s in ranked[k:] if s.confident_conflict][:places]
    update_places = max(places, k - k // EVIDENCE_SHARE)  # updates may take the places below the evidence half
    fixed = k - update_places  # the places no late entry takes
    ranked = _each_figure_agreed(ranked, fixed)
    tail = [s for s in ranked[fixed:] if s not in late]
    owed = _late_updates(ranked[:fixed], tail, scored)[: update_places - len(late)]
    if not owed:
        return ranked[: k - len(late)] + late
    room = k - fixed - len(late)
    chosen = owed + [s for s in tail if s not in owed][: room - len(owed)]
    return ranked[:fixed] + sorted(chosen, key=tail.index) + late


def _each_figure_agreed(ranked: list[Suggestion], places: int) -> list[Suggestion]:
    """`ranked` with, for each figure of the claim some sentence agrees with, the best such sentence in the first
    `places` (taking the last of them): a claim giving a flow and a depth is corroborated on each, and ten updates of
    the flow must not hide the one sentence that gives the same depth."""
    head = ranked[:places]
    agreed = {c.claim.text for s in head for c in s.comparisons if c.kind == "match"}
    owed: list[Suggestion] = []
    for suggestion in ranked[places:]:
        figures = {c.claim.text for c in suggestion.comparisons if c.kind == "match"} - agreed
        if figures and len(owed) < places // 2:
            owed.append(suggestion)
            agreed |= figures
    if not owed:
        return ranked
    head = head[: places - len(owed)] + owed
    return head + [s for s in ranked if s not in head]


def _standing(suggestion: Suggestion) -> float:
    """Where a suggestion ranks: its score, lowered when it gives no figure beside the claim's and denies nothing
    (words only), or gives one only as an unsure conflict: a figure that agrees is evidence words are not."""
    unsure = suggestion.kind == "conflict" and not suggestion.confident_conflict
    words_only = not (suggestion.comparisons or suggestion.equal_values or suggestion.denial or suggestion.same_days)
    return suggestion.score / (WORDS_ONLY_DIVISOR if unsure or words_only else 1.0)


def _late_updates(shown: list[Suggestion], rest: list[Suggestion], scored: list[Suggestion]) -> list[Suggestion]:
    """The updates in `rest` that are the one figure their source gives for that figure of the claim (among every
    candidate scored) while `shown` has none from that source: how the story moved, one voice each, best first."""
    figures: dict[tuple[str, str], int] = {}
    for suggestion in scored:
        for key in {c.claim.text for c in suggestion.comparisons}:
            figures[suggestion.sentence.source_id, key] = figures.get((suggestion.sentence.source_id, key), 0) + 1
    in_view = {(s.sentence.source_id, c.claim.text) for s in shown for c in s.comparisons}
    return [s for s in rest if s.kind == "update" and not s.confident_conflict
            and any(c.kind == "update" and figures[s.sentence.source_id, c.claim.text] == 1
                    and (s.sentence.source_id, c.claim.text) not in in_view for c in s.comparisons)]


def _shortlist(claim: Features, candidates: list[Sentence], frequencies: dict[str, int], total: int,
               number_ids: set[int], denial_ids: set[int] = frozenset(),
               counted: dict[str, set[int]] | None = None, agreeing: set[int] = frozenset()) -> list[Sentence]:
    """The candidates worth a full look: the best by shared rare words alone, the best sharing a number or a
    counted thing, those giving an agreeing figure for a counted thing (whatever their words), and the denials.

    Names, quotations and numbers cost ten times what words do to find, so only these are scored fully.
    """
    weights = {term: idf(frequencies.get(term, 1), total) for term in claim.terms}
    flat = 1 - B  # (1 - B) + B * n / AVERAGE_TOKENS is how the norm below was always worked out

    def quick(candidate: Sentence) -> float:
        length, terms = first_look(candidate.text)
        # Added up in the claim's word order, not a set's (which follows string hashing): equal scores stay equal.
        return sum([weight for term, weight in weights.items() if term in terms]) / (flat + B * length / AVERAGE_TOKENS)

    # Candidates come in id order and the sort is stable: equal first looks keep that order.
    ranked = sorted(candidates, key=quick, reverse=True)
    by_number = [c for c in ranked if c.id in number_ids][:SHORTLIST]
    # The claim's most telling counted things (any sentence holding them); of as common ones, by name.
    rarest = [ids for _, ids in sorted(((key, ids) for key, ids in (counted or {}).items() if ids), key=lambda item: (len(item[1]), item[0]))][:COUNTED_KEYS]
    # Another figure for the same thing is what only this lookup finds (the same figure comes by value too).
    by_count = [c for ids in rarest for c in _one_per_source([c for c in ranked if c.id in ids and c.id not in number_ids])]
    chosen = {c.id for c in ranked[:SHORTLIST] + by_count}
    by_agreement = [c for c in ranked if c.id in agreeing and c.id not in chosen][:PER_AGREEING]  # in other words
    denials = [c for c in ranked if c.id in denial_ids][:DENIALS_SCORED]
    return list({c.id: c for c in ranked[:SHORTLIST] + by_number + by_count + by_agreement + denials}.values())


def _one_per_source(ranked: list[Sentence], limit: int = PER_COUNTED) -> list[Sentence]:
    """The first `limit` of `ranked`, the best of each source before any source's second: each source's figure for a
    counted thing is what the fact-checker compares, and one long article's sentences should not take every place."""
    seen: set[str] = set()
    firsts = [c for c in ranked if c.source_id not in seen and not seen.add(c.source_id)][:limit]
    chosen = {c.id for c in firsts}
    return firsts + [c for c in ranked if c.id not in chosen][: limit - len(firsts)]


def resolve_sentence(store: Store, reference: str) -> Sentence:
    """The current-version sentence named `SOURCE_ID:INDEX`; a clear InputError when there is none."""
    source_id, _, index = reference.rpartition(":")
    if not source_id or not (index.strip().isascii() and index.strip().isdigit()):
        raise InputError(f"{reference!r} is not SOURCE_ID:INDEX (for example 004_38e05b9625974cc4:2)")
    source_id = store.stored_source_id(source_id)
    if store.source(source_id) is None:
        raise InputError(f"no source {source_id!r} in the database; `annotator sources` lists them")
    sentence = store.sentence_at(source_id, int(index))
    if sentence is None:
        count = len(store.sentences(source_id))
        raise InputError(f"{source_id} has no sentence {int(index)}: its sentences are numbered 0 to {count - 1}")
    return sentence
