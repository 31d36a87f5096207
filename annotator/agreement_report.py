"""Agreement between annotators on claim marking, claim type, links and verdicts, from the database.

The units of each facet (documented in the README, "Agreement and review"):
- claim: every sentence of every source that two or more annotators covered (marked done, or with
  partial coverage read that far); an annotator who covered the sentence says "claim" or "no claim",
  one who did not gives no value.
- claim_type / verdict: every claim cluster on a sentence some annotator marked as a claim, in those sources:
  the annotators' claims there paired by span (annotator/span_agreement.py, annotator/span_pairing.py); the
  value is the type (verdict) of the annotator's claim in the cluster; no claim in it, or a claim with no
  type (verdict) set, gives no value.
- link: every (claim cluster, evidence sentence) pair some annotator of the cluster linked; an annotator with
  a claim in the cluster says the relation of its link, or "none" if it has no link to that evidence; one with
  no claim in the cluster gives no value. So links are compared only where annotators agree there is a
  claim: claim marking is measured once, by its own facet, and claim spans by theirs.
Missing values are what Krippendorff's alpha is built for; Cohen's kappa per pair uses the units
where both gave a value.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.agreement import (
    Confusion,
    Figure,
    cohen_kappa,
    confusion,
    krippendorff_alpha_counted,
    observed_agreement,
    pairable_agreement_counted,
)
from annotator.assignments import planned_pairs
from annotator.span_agreement import Cluster, SpanAgreement, claim_sentences, clustered, clusters_on, span_agreement
from annotator.store import Store
from annotator.team import TeamWork, annotator_names, load_team_work

CLAIM, NO_CLAIM, NO_LINK = "claim", "no claim", "none"
FACETS = {
    "claim": "claim marking (per sentence: claim or not)",
    "claim_type": "claim type (per claim, claims paired by span)",
    "link": "links (per paired claim x evidence sentence: relation or none)",
    "verdict": "verdict (per claim, claims paired by span)",
}
SPAN_FACET = "claim spans (per character of each claim sentence: inside a claim or not; F1 over claimed characters)"


@dataclass(frozen=True)
class FacetUnits:
    """The units of one facet: one tuple per unit, one value (or None) per annotator, in `annotators` order."""

    name: str
    annotators: tuple[str, ...]
    units: list[tuple]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators on the units where both gave a value."""

    first: str
    second: str
    units: int
    observed: Figure
    kappa: Figure
    alpha: Figure
    confusion: Confusion


@dataclass(frozen=True)
class FacetAgreement:
    """One facet over all annotators together, and per pair."""

    name: str
    description: str
    annotators: tuple[str, ...]
    units: int  # units with two or more values: what alpha rests on
    values: int  # pairable values in those units
    observed: Figure
    alpha: Figure
    pairs: list[PairAgreement]


def facet_agreement(facet: FacetUnits, pairs: list[tuple[str, str]] | None = None,
                    pair_units: dict[tuple[str, str], Counter] | None = None) -> FacetAgreement:
    """Observed agreement and alpha over all annotators, and observed, kappa, alpha and confusion per pair.

    `pair_units` gives a pair units of its own (claims paired between the two alone) instead of the shared ones.
    """
    counted = Counter(facet.units)
    pairable_units = pairable_values = 0
    for unit, weight in counted.items():
        m = sum(value is not None for value in unit)
        if m >= 2:
            pairable_units += weight
            pairable_values += m * weight
    index = {name: i for i, name in enumerate(facet.annotators)}
    results = []
    for first, second in pairs if pairs is not None else itertools.combinations(facet.annotators, 2):
        i, j = index[first], index[second]
        own = (pair_units or {}).get((first, second))
        if own is not None:
            i, j = 0, 1
        pair_counts: Counter = Counter()
        for unit, weight in (counted if own is None else own).items():
            if unit[i] is not None and unit[j] is not None:
                pair_counts[(unit[i], unit[j])] += weight
        table = confusion(pair_counts, facet.labels)
        results.append(PairAgreement(first, second, table.total, observed_agreement(table), cohen_kappa(table),
                                     krippendorff_alpha_counted(pair_counts), table))
    return FacetAgreement(facet.name, FACETS[facet.name], facet.annotators, pairable_units, pairable_values,
                          pairable_agreement_counted(counted), krippendorff_alpha_counted(counted), results)


def facet_units(work: TeamWork, sentences: list[tuple[int, str, int]], relations: tuple[str, ...] = (),
                claim_types: tuple[str, ...] = (), verdicts: tuple[str, ...] = (),
                clusters: dict[int, tuple[list[Cluster], bool]] | None = None) -> dict[str, FacetUnits]:
    """Build the units of every facet from the annotators' work (see the module docstring)."""
    names = tuple(work.annotators)
    if clusters is None:
        clusters = claim_clusters(work, {sentence_id for sentence_id, _, _ in sentences}, names)
    source_of = {sentence_id: source_id for sentence_id, source_id, _ in sentences}
    covering = {source: tuple(name in work.covered.get(source, ()) for name in names) for source in set(source_of.values())}
    unclaimed = {source: tuple(NO_CLAIM if covered else None for covered in covers) for source, covers in covering.items()}
    partial = {source for source in covering if work.partly_covered(source)}
    claim_units = []
    for sentence_id, source_id, _ in sentences:
        claims = work.claims.get(sentence_id)
        covers = covering[source_id]
        if source_id in partial:  # someone read only part of it: who covers this sentence
            covers = tuple(work.covers(name, sentence_id) for name in names)
        if claims is None:  # most sentences: the same unit for every sentence of the source
            claim_units.append(unclaimed[source_id] if source_id not in partial else
                               tuple(NO_CLAIM if covered else None for covered in covers))
        else:
            claim_units.append(tuple((CLAIM if name in claims else NO_CLAIM) if covered else None
                                     for name, covered in zip(names, covers, strict=True)))
    type_units, verdict_units, link_units = _claim_units(work, (found for found, _ in clusters.values()), names)
    return {
        "claim": FacetUnits("claim", names, claim_units, (CLAIM, NO_CLAIM)),
        "claim_type": FacetUnits("claim_type", names, type_units, claim_types),
        "link": FacetUnits("link", names, link_units, (*relations, NO_LINK)),
        "verdict": FacetUnits("verdict", names, verdict_units, verdicts),
    }


def _claim_units(work: TeamWork, clusters: Iterable[list[Cluster]], names: tuple[str, ...]) -> tuple[list, list, list]:
    """Type, verdict and link units over claim clusters of the pairing rule (annotator/span_agreement.py)."""
    type_units, verdict_units, link_units = [], [], []
    for sentence_clusters in clusters:
        for cluster in sentence_clusters:
            claims = [cluster.get(name) for name in names]
            type_units.append(tuple(claim and claim.claim_type for claim in claims))
            verdict_units.append(tuple(claim and claim.verdict for claim in claims))
            linked = [work.claim_links.get(claim.claim_id, {}) if claim else None for claim in claims]
            for evidence in sorted({evidence for found in linked if found for evidence in found}):
                link_units.append(tuple(found.get(evidence, NO_LINK) if found is not None else None for found in linked))
    return type_units, verdict_units, link_units


def claim_clusters(work: TeamWork, sentence_ids: set[int], names: tuple[str, ...]) -> dict[int, tuple[list[Cluster], bool]]:
    """Every claim sentence's clusters and whether it is simple, by sentence id."""
    return {s: clustered(work, s, names) for s in claim_sentences(work, sentence_ids, names)}


def _pair_units(work: TeamWork, clusters: dict[int, tuple[list[Cluster], bool]], names: tuple[str, ...],
                pairs: list[tuple[str, str]]) -> dict[str, dict]:
    """For three or more annotators: each pair's type, verdict and link units (counted) from that pair's own pairing.

    Where every annotator has at most one claim and all of them pair, every pairing is the same, so the
    all-annotator units serve (their two values); elsewhere the pair is paired anew.
    """
    shared = [Counter(units) for units in _claim_units(work, (found for found, even in clusters.values() if even), names)]
    uneven = [s for s, (_, even) in clusters.items() if not even]
    index = {name: k for k, name in enumerate(names)}
    own: dict[str, dict] = {"claim_type": {}, "verdict": {}, "link": {}}
    for pair in pairs:
        i, j = index[pair[0]], index[pair[1]]
        apart_units = _claim_units(work, (clusters_on(work, s, pair) for s in uneven), pair)
        for facet, common, apart in zip(own, shared, apart_units, strict=True):
            counted: Counter = Counter(apart)
            for unit, weight in common.items():
                counted[(unit[i], unit[j])] += weight
            own[facet][pair] = counted
    return own


@dataclass(frozen=True)
class AgreementReport:
    """Every facet for the chosen annotators, with the pairs who covered the same sources."""

    annotators: tuple[str, ...]
    excluded: tuple[str, ...]
    shared_sources: int
    facets: list[FacetAgreement]
    spans: SpanAgreement | None = None
    planned_sources: int | None = None  # with `assigned_only`: sources assigned to two or more of the annotators
    not_shared: tuple[str, ...] = ()  # sources two or more of them hold claims on that fewer than two cover (not done)
    partial: bool = False  # compared on what each has read too (`include_partial`)


def agreement_report(store: Store, annotators: list[str] | None = None, include_gold: bool = False,
                     labels=None, include_partial: bool = False, assigned_only: bool = False) -> AgreementReport:
    """Agreement between annotators in the database: all of them but `gold` unless told otherwise.

    Annotators are compared on the sources each marked done; `include_partial` adds the sentences each read;
    `assigned_only` keeps only the sources each was assigned (the lead's planned double-annotated set).
    """
    everyone = annotator_names(store, include_gold=True)
    chosen = [name for name in everyone if include_gold or name != "gold"] if annotators is None else list(annotators)
    work = load_team_work(store, chosen, include_partial, assigned_only)
    shared = work.shared_sources()
    sentences = work.sentences_of(shared)
    vocab = {}
    if labels is not None:
        vocab = {"relations": tuple(i for i, _ in labels.relations), "claim_types": tuple(i for i, _ in labels.claim_types),
                 "verdicts": tuple(i for i, _ in labels.verdicts)}
    names, sentence_ids = tuple(chosen), {sentence_id for sentence_id, _, _ in sentences}
    clusters = claim_clusters(work, sentence_ids, names)
    units = facet_units(work, sentences, **vocab, clusters=clusters)
    pairs = [(a, b) for a, b in itertools.combinations(chosen, 2)
             if any(a in who and b in who for who in work.covered.values())]
    excluded = tuple(name for name in everyone if name not in chosen)
    own = _pair_units(work, clusters, names, pairs) if len(chosen) > 2 else {}
    facets = [facet_agreement(units[name], pairs, own.get(name)) for name in FACETS]
    planned = None
    if assigned_only:
        planned = sum(len(names & set(chosen)) > 1 for names in planned_pairs(store).values())
    return AgreementReport(tuple(chosen), excluded, len(shared), facets,
                           span_agreement(work, sentence_ids, tuple(chosen), pairs), planned,
                           tuple(work.worked_not_shared()), include_partial)


def figure_json(figures: dict[str, Figure]) -> dict:
    """Figures as plain numbers (None when undefined) plus an `undefined` map of name -> reason."""
    out: dict = {name: figure.value for name, figure in figures.items()}
    reasons = {name: figure.reason for name, figure in figures.items() if figure.value is None}
    if reasons:
        out["undefined"] = reasons
    return out


def report_json(report: AgreementReport) -> dict:
    """The report as JSON-ready data: no NaN anywhere, an undefined figure is null with its reason."""
    facets = {}
    for facet in report.facets:
        facets[facet.name] = {
            "description": facet.description,
            "overall": {"annotators": list(facet.annotators), "units": facet.units, "values": facet.values,
                        **figure_json({"observed": facet.observed, "alpha": facet.alpha})},
            "pairs": [
                {"annotators": [pair.first, pair.second], "units": pair.units,
                 **figure_json({"observed": pair.observed, "kappa": pair.kappa, "alpha": pair.alpha}),
                 "confusion": {"labels": list(pair.confusion.labels), "counts": [list(r) for r in pair.confusion.counts]}}
                for pair in facet.pairs
            ],
        }
    out = {"annotators": list(report.annotators), "excluded": list(report.excluded),
           "shared_sources": report.shared_sources,
           **({} if report.planned_sources is None else {"planned_sources": report.planned_sources}), "facets": facets}
    if report.spans is not None:
        out["claim_spans"] = span_json(report.spans)
    return out


def span_json(spans: SpanAgreement) -> dict:
    """Claim-span figures as JSON-ready data (an undefined figure is null, its reason under `undefined`)."""
    return {
        "description": SPAN_FACET,
        "overall": {"annotators": list(spans.annotators), "sentences": spans.sentences, "characters": spans.characters,
                    **figure_json({"f1": spans.f1, "alpha": spans.alpha})},
        "pairs": [{"annotators": [p.first, p.second], "sentences": p.sentences, "paired": p.paired,
                   "alone": [p.alone_first, p.alone_second], "shared_characters": p.shared_characters,
                   "claimed_characters": p.claimed_characters, **figure_json({"f1": p.f1, "alpha": p.alpha})}
                  for p in spans.pairs],
    }
