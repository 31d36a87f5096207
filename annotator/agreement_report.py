"""Agreement between annotators on claim marking, claim type, links and verdicts, from the database.

The units of each facet (documented in the README, "Agreement and review"):
- claim: every sentence of every source that two or more annotators covered (marked done, or with
  partial coverage read that far); an annotator who covered the sentence says "claim" or "no claim",
  one who did not gives no value.
- claim_type / verdict: every sentence that some annotator marked as a claim, in those sources; the
  value is the type (verdict) of the annotator's claim there; no claim, or a claim with no type
  (verdict) set, gives no value.
- link: every (claim sentence, evidence sentence) pair that some annotator linked, claim sentence in
  those sources; an annotator who marked the claim sentence says the relation, or "none" if they did
  not link that evidence; one who did not mark it as a claim gives no value. So links are compared
  only where annotators agree there is a claim: claim marking is measured once, by its own facet.
Missing values are what Krippendorff's alpha is built for; Cohen's kappa per pair uses the units
where both gave a value.
"""

from __future__ import annotations

import itertools
from collections import Counter
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
from annotator.store import Store
from annotator.team import TeamWork, annotator_names, load_team_work

CLAIM, NO_CLAIM, NO_LINK = "claim", "no claim", "none"
FACETS = {
    "claim": "claim marking (per sentence: claim or not)",
    "claim_type": "claim type (per sentence marked as a claim)",
    "link": "links (per claim sentence x evidence sentence: relation or none)",
    "verdict": "verdict (per sentence marked as a claim)",
}


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


def facet_agreement(facet: FacetUnits, pairs: list[tuple[str, str]] | None = None) -> FacetAgreement:
    """Observed agreement and alpha over all annotators, and observed, kappa, alpha and confusion per pair."""
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
        pair_counts: Counter = Counter()
        for unit, weight in counted.items():
            if unit[i] is not None and unit[j] is not None:
                pair_counts[(unit[i], unit[j])] += weight
        table = confusion(pair_counts, facet.labels)
        results.append(PairAgreement(first, second, table.total, observed_agreement(table), cohen_kappa(table),
                                     krippendorff_alpha_counted(pair_counts), table))
    return FacetAgreement(facet.name, FACETS[facet.name], facet.annotators, pairable_units, pairable_values,
                          pairable_agreement_counted(counted), krippendorff_alpha_counted(counted), results)


def facet_units(work: TeamWork, sentences: list[tuple[int, str, int]], relations: tuple[str, ...] = (),
                claim_types: tuple[str, ...] = (), verdicts: tuple[str, ...] = ()) -> dict[str, FacetUnits]:
    """Build the units of every facet from the annotators' work (see the module docstring)."""
    names = tuple(work.annotators)
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
    type_units, verdict_units = [], []
    for sentence_id in sorted(sentence_id for sentence_id in work.claims if sentence_id in source_of):
        claims = [work.claims[sentence_id].get(name) if work.covers(name, sentence_id) else None for name in names]
        type_units.append(tuple(claim and claim.claim_type for claim in claims))
        verdict_units.append(tuple(claim and claim.verdict for claim in claims))

    link_units = []
    empty: dict = {}
    for (claim_sentence, evidence_sentence) in sorted(work.links):
        if claim_sentence not in source_of:
            continue
        linked, claims = work.links[(claim_sentence, evidence_sentence)], work.claims.get(claim_sentence, empty)
        link_units.append(tuple(linked.get(name, NO_LINK) if name in claims and work.covers(name, claim_sentence) else None
                                for name in names))
    return {
        "claim": FacetUnits("claim", names, claim_units, (CLAIM, NO_CLAIM)),
        "claim_type": FacetUnits("claim_type", names, type_units, claim_types),
        "link": FacetUnits("link", names, link_units, (*relations, NO_LINK)),
        "verdict": FacetUnits("verdict", names, verdict_units, verdicts),
    }


@dataclass(frozen=True)
class AgreementReport:
    """Every facet for the chosen annotators, with the pairs who covered the same sources."""

    annotators: tuple[str, ...]
    excluded: tuple[str, ...]
    shared_sources: int
    facets: list[FacetAgreement]
    planned_sources: int | None = None  # with `assigned_only`: sources assigned to two or more of the annotators


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
    units = facet_units(work, sentences, **vocab)
    pairs = [(a, b) for a, b in itertools.combinations(chosen, 2)
             if any(a in who and b in who for who in work.covered.values())]
    excluded = tuple(name for name in everyone if name not in chosen)
    planned = None
    if assigned_only:
        planned = sum(len(names & set(chosen)) > 1 for names in planned_pairs(store).values())
    return AgreementReport(tuple(chosen), excluded, len(shared), [facet_agreement(units[name], pairs) for name in FACETS],
                           planned)


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
    return {"annotators": list(report.annotators), "excluded": list(report.excluded),
            "shared_sources": report.shared_sources,
            **({} if report.planned_sources is None else {"planned_sources": report.planned_sources}), "facets": facets}
