"""Agreement on where claims lie: claims grouped by the pairing rule, character-level F1 and per-character alpha.

Units are the claim sentences: current sentences of shared sources that some chosen annotator marked.
- Claim clusters (what claim type, verdict and link agreement compare): with two annotators, each pair of
  claims the rule pairs (annotator/span_pairing.py) and each unpaired claim alone. With three or more, the
  annotators' claims are taken in name order and paired with the clusters so far, each cluster stood for by
  its first claim's span; an unpaired claim starts a cluster. Each pair's own figures use its own pairing.
- Character-level F1 of two annotators A and B, over the claim sentences both covered (the same sentences
  serve every pair, so each pair's figures are the overall units where both gave values, as in the other facets):
  F1 = 2 * TP / (2 * TP + FP + FN), TP = characters shared by paired claims, FN = the rest of A's claimed
  characters (those outside B's paired claim, and every character of A's unpaired claims), FP the same for
  B; so F1 = 2 * sum(overlap of pairs) / (sum of A's claim lengths + sum of B's claim lengths). Symmetric;
  a character inside two claims of one annotator counts twice. Overall: the same sums pooled over the pairs.
- Per-character alpha: every character of every claim sentence is a unit; an annotator who covered the
  sentence gives "claim" if a claim of theirs covers the character, else "outside"; one who did not
  gives no value. Krippendorff's alpha for nominal data over those units (Krippendorff 2011, "Computing
  Krippendorff's Alpha-Reliability") — the per-character categorical reading, not Krippendorff's (1995)
  unitizing alpha, which weighs segments by length and needs a continuum per coder; ours needs no more
  than the nominal coefficient the other facets use. Sentences no one marked are left to the `claim` facet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from annotator.agreement import Figure, krippendorff_alpha_counted
from annotator.span_pairing import Span, overlap, pair_spans, pairable, whole
from annotator.team import ClaimAnswer, TeamWork

INSIDE, OUTSIDE = "claim", "outside"
NO_CHARACTERS = "neither annotator marked a claim in a sentence both covered"

Cluster = dict[str, ClaimAnswer]  # one claim per annotator, paired by the rule


def span_of(work: TeamWork, sentence_id: int, claim: ClaimAnswer) -> Span:
    """A claim's span inside its sentence, the whole sentence when it has none."""
    return whole(claim.span, work.lengths[sentence_id])


def claims_of(work: TeamWork, sentence_id: int, names: Iterable[str]) -> dict[str, list[ClaimAnswer]]:
    """The claims on a sentence of each of `names` who covered it (an empty list when they marked none)."""
    by_name = work.claim_lists.get(sentence_id, {})
    return {name: by_name.get(name, []) for name in names if work.covers(name, sentence_id)}


def simple(work: TeamWork, sentence_id: int, claims: dict[str, list[ClaimAnswer]]) -> bool:
    """Whether every annotator has at most one claim there and all of them pair: every pairing then agrees."""
    if any(len(found) > 1 for found in claims.values()):
        return False
    if all(found[0].span is None for found in claims.values() if found):  # whole sentences all
        return True
    spans = [span_of(work, sentence_id, found[0]) for found in claims.values() if found]
    return all(pairable(a, b) for a, b in combinations(spans, 2))


def clusters_on(work: TeamWork, sentence_id: int, names: Iterable[str]) -> list[Cluster]:
    """The claims of `names` (who covered the sentence) on one sentence, grouped by the pairing rule, in name order."""
    return clustered(work, sentence_id, names)[0]


def clustered(work: TeamWork, sentence_id: int, names: Iterable[str]) -> tuple[list[Cluster], bool]:
    """The sentence's clusters, and whether it is simple (one cluster every pairing agrees on)."""
    claims = claims_of(work, sentence_id, names)
    if simple(work, sentence_id, claims):
        return [{name: found[0] for name, found in claims.items() if found}], True
    clusters: list[Cluster] = []
    spans: list[Span] = []  # each cluster's first claim's span
    for name, found in claims.items():
        mine = [span_of(work, sentence_id, claim) for claim in found]
        paired = dict(pair_spans(mine, spans))
        for k, claim in enumerate(found):
            if k in paired:
                clusters[paired[k]][name] = claim
            else:
                clusters.append({name: claim})
                spans.append(mine[k])
    return clusters, False


@dataclass(frozen=True, slots=True)
class SpanPair:
    """Two annotators on the claim sentences both covered: pairs made, claims left alone, F1 and alpha."""

    first: str
    second: str
    sentences: int  # claim sentences both covered where one of the two marked a claim
    paired: int
    alone_first: int
    alone_second: int
    shared_characters: int  # sum of the pairs' overlaps
    claimed_characters: int  # sum of both annotators' claim lengths
    f1: Figure
    alpha: Figure


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    """Claim-span agreement over all annotators together and per pair."""

    annotators: tuple[str, ...]
    sentences: int
    characters: int  # units of the overall alpha holding two or more values
    f1: Figure
    alpha: Figure
    pairs: list[SpanPair]


def character_patterns(length: int, spans: list[list[Span] | None]) -> Counter:
    """How many characters of a sentence carry each tuple of values, one per annotator's spans (None: not covered)."""
    if all(found is None or not found or (0, length) in found for found in spans):  # whole sentences, or nothing
        return Counter({tuple(None if found is None else INSIDE if found else OUTSIDE for found in spans): length})
    cuts = sorted({0, length, *(edge for found in spans if found for span in found for edge in span)})
    patterns: Counter = Counter()
    for start, end in pairwise(cuts):
        unit = tuple(None if found is None else INSIDE if any(a <= start and end <= b for a, b in found) else OUTSIDE
                     for found in spans)
        patterns[unit] += end - start
    return patterns


def claim_sentences(work: TeamWork, sentence_ids: set[int], names: tuple[str, ...]) -> list[int]:
    """The sentences among `sentence_ids` where one of `names` who covered it marked a claim, by id."""
    return sorted(sentence_id for sentence_id, by_name in work.claim_lists.items() if sentence_id in sentence_ids
                  and any(name in by_name and work.covers(name, sentence_id) for name in names))


class _PairTally:
    """Running sums of one pair over the sentences."""

    __slots__ = ("sentences", "paired", "alone_first", "alone_second", "shared", "claimed")

    def __init__(self) -> None:
        self.sentences = self.paired = self.alone_first = self.alone_second = self.shared = self.claimed = 0

    def add(self, a: list[Span], b: list[Span]) -> None:
        """One sentence both covered: a's and b's spans there."""
        self.sentences += 1
        if len(a) == 1 and a == b:  # the same one claim: most sentences
            self.paired += 1
            self.shared += a[0][1] - a[0][0]
            self.claimed += 2 * (a[0][1] - a[0][0])
            return
        pairs = pair_spans(a, b)
        self.paired += len(pairs)
        self.alone_first += len(a) - len(pairs)
        self.alone_second += len(b) - len(pairs)
        self.shared += sum(overlap(a[i], b[j]) for i, j in pairs)
        self.claimed += sum(end - start for start, end in (*a, *b))


def span_agreement(work: TeamWork, sentence_ids: set[int], names: tuple[str, ...],
                   pairs: list[tuple[str, str]]) -> SpanAgreement:
    """Claim-span agreement of the annotators on the given sentences (see the module docstring), in one pass."""
    patterns: Counter = Counter()
    tallies = {pair: _PairTally() for pair in pairs}
    sentences = claim_sentences(work, sentence_ids, names)
    for sentence_id in sentences:
        claims = claims_of(work, sentence_id, names)
        spans = {name: [span_of(work, sentence_id, claim) for claim in found] for name, found in claims.items()}
        patterns.update(character_patterns(work.lengths[sentence_id], [spans.get(name) for name in names]))
        for (first, second), tally in tallies.items():
            if first in spans and second in spans and (spans[first] or spans[second]):
                tally.add(spans[first], spans[second])
    characters = sum(weight for unit, weight in patterns.items() if sum(v is not None for v in unit) >= 2)
    index = {name: k for k, name in enumerate(names)}
    results = [_pair_result(pair, tallies[pair], patterns, index) for pair in pairs]
    shared, claimed = sum(p.shared_characters for p in results), sum(p.claimed_characters for p in results)
    return SpanAgreement(names, len(sentences), characters, f1_figure(shared, claimed),
                         krippendorff_alpha_counted(patterns), results)


def _pair_result(pair: tuple[str, str], tally: _PairTally, patterns: Counter, index: dict[str, int]) -> SpanPair:
    """A pair's figures: its tally, and alpha over the characters where both gave a value."""
    i, j = index[pair[0]], index[pair[1]]
    both: Counter = Counter()
    for unit, weight in patterns.items():
        if unit[i] is not None and unit[j] is not None:
            both[(unit[i], unit[j])] += weight
    return SpanPair(*pair, tally.sentences, tally.paired, tally.alone_first, tally.alone_second, tally.shared,
                    tally.claimed, f1_figure(tally.shared, tally.claimed), krippendorff_alpha_counted(both))


def f1_figure(shared: int, claimed: int) -> Figure:
    """2 * shared / claimed, undefined when nobody claimed a character."""
    return Figure(2 * shared / claimed) if claimed else Figure.undefined(NO_CHARACTERS)
