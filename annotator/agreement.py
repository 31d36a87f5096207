"""Agreement coefficients for nominal labels: observed agreement, Cohen's kappa, Krippendorff's alpha, Fleiss' kappa.

Owned here rather than taken from a library: the formulas are a few lines each, the app needs no
numpy for them, and they are checked against the published worked examples in
tests/test_agreement_metrics.py (and against the `krippendorff` package there). A coefficient that is
undefined for the data (0/0) comes back as `Figure(None, reason)`, never NaN and never an exception.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Value = Hashable  # a label; None means "no value" (missing) wherever units are given


@dataclass(frozen=True, slots=True)
class Figure:
    """A coefficient's value, or None with the reason it is undefined for these data."""

    value: float | None
    reason: str | None = None

    @classmethod
    def undefined(cls, reason: str) -> Figure:
        return cls(None, reason)


NO_UNITS = "no unit has values from both"
NO_PAIRABLE = "no unit has two or more values"
ONE_VALUE = "every value is the same one, so agreement by chance is certain (0/0)"


@dataclass(frozen=True, slots=True)
class Confusion:
    """A square table of counts: rows are the first annotator's values, columns the second's."""

    labels: tuple
    counts: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))


def confusion(pairs: Iterable[tuple[Value, Value]], labels: Sequence[Value] | None = None) -> Confusion:
    """Count (first, second) value pairs into a square table over `labels` (default: the values seen, sorted)."""
    counted = Counter(pairs)
    seen = {value for pair in counted for value in pair}
    ordered = list(labels) if labels is not None else sorted(seen, key=str)
    ordered += sorted(seen - set(ordered), key=str)
    return Confusion(tuple(ordered), tuple(tuple(counted.get((a, b), 0) for b in ordered) for a in ordered))


def observed_agreement(table: Confusion) -> Figure:
    """The share of units on which the two annotators gave the same value."""
    if table.total == 0:
        return Figure.undefined(NO_UNITS)
    return Figure(sum(table.counts[i][i] for i in range(len(table.labels))) / table.total)


def cohen_kappa(table: Confusion) -> Figure:
    """Cohen's (1960) kappa: (p_o - p_e) / (1 - p_e), chance from each annotator's own marginals."""
    n = table.total
    if n == 0:
        return Figure.undefined(NO_UNITS)
    size = len(table.labels)
    rows = [sum(row) for row in table.counts]
    columns = [sum(table.counts[i][j] for i in range(size)) for j in range(size)]
    p_o = sum(table.counts[i][i] for i in range(size)) / n
    p_e = sum(rows[i] * columns[i] for i in range(size)) / (n * n)
    if math.isclose(p_e, 1.0):
        return Figure.undefined(ONE_VALUE)
    return Figure((p_o - p_e) / (1 - p_e))


def krippendorff_alpha(units: Iterable[Sequence[Value]]) -> Figure:
    """Krippendorff's alpha for nominal data; each unit lists its values, None where a coder gave none.

    Through the coincidence matrix (Krippendorff 2011): alpha = 1 - (n - 1) * D / E with
    D = n - sum_c o_cc and E = n^2 - sum_c n_c^2, over pairable values only (units with two or more).
    Identical units are counted once and weighted, so 100,000 units of few patterns cost little.
    """
    return krippendorff_alpha_counted(Counter(map(tuple, units)))


def krippendorff_alpha_counted(unit_counts: Mapping[tuple, int]) -> Figure:
    """Krippendorff's alpha (nominal) from how many times each distinct unit occurs; a Counter of pairs will do."""
    n = 0.0
    agreeing = 0.0  # sum over c of o_cc
    totals: Counter = Counter()  # n_c
    for counts, weight in value_patterns(unit_counts).items():
        m = sum(count for _, count in counts)
        if m < 2:
            continue
        n += m * weight
        agreeing += weight * sum(count * (count - 1) for _, count in counts) / (m - 1)
        for value, count in counts:
            totals[value] += count * weight
    if n == 0:
        return Figure.undefined(NO_PAIRABLE)
    expected = n * n - sum(total * total for total in totals.values())
    if expected == 0:
        return Figure.undefined(ONE_VALUE)
    return Figure(1 - (n - 1) * (n - agreeing) / expected)


def value_patterns(unit_counts: Mapping[tuple, int]) -> Counter:
    """How many units share each pattern of (value, how many coders gave it), in a canonical order.

    Units come counted (a tuple hashes in C), so only distinct units are taken apart.
    """
    patterns: Counter = Counter()
    for unit, weight in unit_counts.items():
        counts = Counter(v for v in unit if v is not None)
        patterns[tuple(sorted(counts.items(), key=lambda item: str(item[0])))] += weight
    return patterns


def pairable_agreement(units: Iterable[Sequence[Value]]) -> Figure:
    """Observed agreement over all coders: the share of pairable value pairs (within a unit) that match."""
    return pairable_agreement_counted(Counter(map(tuple, units)))


def pairable_agreement_counted(unit_counts: Mapping[tuple, int]) -> Figure:
    """Observed agreement over all coders from how many times each distinct unit occurs."""
    matching = total = 0.0
    for counts, weight in value_patterns(unit_counts).items():
        m = sum(count for _, count in counts)
        if m < 2:
            continue
        total += weight * m * (m - 1)
        matching += weight * sum(count * (count - 1) for _, count in counts)
    if total == 0:
        return Figure.undefined(NO_PAIRABLE)
    return Figure(matching / total)


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> Figure:
    """Fleiss' (1971) kappa from a subjects x categories table of how many raters chose each category.

    Every row must sum to the same number of raters (Fleiss' design); a ValueError says otherwise.
    """
    if not counts:
        return Figure.undefined("no subjects")
    raters = sum(counts[0])
    if any(sum(row) != raters for row in counts):
        raise ValueError("Fleiss' kappa needs the same number of raters for every subject")
    if raters < 2:
        return Figure.undefined("fewer than two raters per subject")
    subjects = len(counts)
    p_bar = sum((sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in counts) / subjects
    shares = [sum(row[j] for row in counts) / (subjects * raters) for j in range(len(counts[0]))]
    p_e = sum(share * share for share in shares)
    if math.isclose(p_e, 1.0):
        return Figure.undefined(ONE_VALUE)
    return Figure((p_bar - p_e) / (1 - p_e))
