"""Agreement on where claims lie: claims grouped by the pairing rule, character-level F1 and per-character alpha.

Units are the claim sentences: current sentences of shared sources that some chosen annotator marked.
- Claim clusters (what claim type, verdict and link agreement compare): with two annotators, each pair of
  claims the rule pairs (annotator/span_pairing.py) and each unpaired claim alone. With three or more, the
  annotators' claims are taken in name order and paired with the clusters so far, each cluster stood for by
  its first claim's span; an unpaired claim starts a cluster. Each pair's own figures use its own pairing.
- Character-level F1 of two annotators A and B, over the claim sentences both covered:
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

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.agreement import Figure, krippendorff_alpha_counted
from annotator.span_pairing import Span, overlap, pair_spans, whole
from annotator.team import ClaimAnswer, TeamWork

INSIDE, OUTSIDE = "claim", "outside"
NO_CHARACTERS = "neither annotator marked a claim in a sentence both covered"

Cluster = dict[str, ClaimAnswer]  # one claim per annotator, paired by the rule


def span_of(work: TeamWork, sentence_id: int, claim: ClaimAnswer) -> Span:
    """A claim's span inside its sentence, the whole sentence when it has none."""
    return whole(claim.span, work.lengths[sentence_id])


def clusters_on(work: TeamWork, sentence_id: int, names: Iterable[str]) -> list[Cluster]:
    """The claims of `names` (who covered the sentence) on one sentence, grouped by the pairing rule, in name order."""
    clusters: list[Cluster] = []
    spans: list[Span] = []  # each cluster's first claim's span
    for name in names:
        claims = work.claim_lists.get(sentence_id, {}).get(name, []) if work.covers(name, sentence_id) else []
        mine = [span_of(work, sentence_id, claim) for claim in claims]
        paired = dict(pair_spans(mine, spans))
        for k, claim in enumerate(claims):
            if k in paired:
                clusters[paired[k]][name] = claim
            else:
                clusters.append({name: claim})
                spans.append(mine[k])
    return clusters


@dataclass(frozen=True, slots=True)
class SpanPair:
    """Two annotators on the claim sentences both covered: pairs made, claims left alone, F1 and alpha."""

    first: str
    second: str
    sentences: int
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


def character_patterns(work: TeamWork, sentence_id: int, names: tuple[str, ...]) -> Counter:
    """How many characters of a sentence carry each tuple of values (INSIDE, OUTSIDE or None per annotator)."""
    length = work.lengths[sentence_id]
    covered = [work.covers(name, sentence_id) for name in names]
    spans = [[span_of(work, sentence_id, c) for c in work.claim_lists.get(sentence_id, {}).get(name, [])] if cover else []
             for name, cover in zip(names, covered, strict=True)]
    cuts = sorted({0, length, *(edge for mine in spans for span in mine for edge in span)})
    patterns: Counter = Counter()
    for start, end in itertools.pairwise(cuts):
        unit = tuple((INSIDE if any(a <= start and end <= b for a, b in mine) else OUTSIDE) if cover else None
                     for mine, cover in zip(spans, covered, strict=True))
        patterns[unit] += end - start
    return patterns


def claim_sentences(work: TeamWork, sentence_ids: set[int], names: tuple[str, ...]) -> list[int]:
    """The sentences among `sentence_ids` where one of `names` who covered it marked a claim, by id."""
    return sorted(sentence_id for sentence_id, by_name in work.claim_lists.items() if sentence_id in sentence_ids
                  and any(name in by_name and work.covers(name, sentence_id) for name in names))


def pair_of(work: TeamWork, sentence_ids: set[int], first: str, second: str) -> SpanPair:
    """Span agreement of two annotators over the claim sentences both covered."""
    names = (first, second)
    sentences = [s for s in claim_sentences(work, sentence_ids, names) if all(work.covers(n, s) for n in names)]
    paired = alone_first = alone_second = shared = claimed = 0
    patterns: Counter = Counter()
    for sentence_id in sentences:
        a, b = ([span_of(work, sentence_id, c) for c in work.claim_lists[sentence_id].get(name, [])] for name in names)
        pairs = pair_spans(a, b)
        paired, alone_first, alone_second = paired + len(pairs), alone_first + len(a) - len(pairs), alone_second + len(b) - len(pairs)
        shared += sum(overlap(a[i], b[j]) for i, j in pairs)
        claimed += sum(end - start for start, end in (*a, *b))
        patterns.update(character_patterns(work, sentence_id, names))
    return SpanPair(first, second, len(sentences), paired, alone_first, alone_second, shared, claimed,
                    f1_figure(shared, claimed), krippendorff_alpha_counted(patterns))


def f1_figure(shared: int, claimed: int) -> Figure:
    """2 * shared / claimed, undefined when nobody claimed a character."""
    return Figure(2 * shared / claimed) if claimed else Figure.undefined(NO_CHARACTERS)


def span_agreement(work: TeamWork, sentence_ids: set[int], names: tuple[str, ...],
                   pairs: list[tuple[str, str]]) -> SpanAgreement:
    """Claim-span agreement of the annotators on the given sentences (see the module docstring)."""
    patterns: Counter = Counter()
    sentences = claim_sentences(work, sentence_ids, names)
    for sentence_id in sentences:
        patterns.update(character_patterns(work, sentence_id, names))
    characters = sum(weight for unit, weight in patterns.items() if sum(v is not None for v in unit) >= 2)
    results = [pair_of(work, sentence_ids, first, second) for first, second in pairs]
    shared, claimed = sum(p.shared_characters for p in results), sum(p.claimed_characters for p in results)
    return SpanAgreement(names, len(sentences), characters, f1_figure(shared, claimed),
                         krippendorff_alpha_counted(patterns), results)
