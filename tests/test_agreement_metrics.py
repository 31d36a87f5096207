"""The agreement coefficients against published worked examples, edge cases, and hypothesis properties.

Sources of the worked examples:
- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  Communication, University of Pennsylvania, departmental paper 43. Section A: binary data, two
  observers, no missing data (alpha = 0.095); section B: nominal data, two observers, no missing data
  (alpha = 0.692); section C: nominal data, four observers, twelve units, missing data (alpha = 0.743).
  The section C matrix is also the example data of R's irr::kripp.alpha / DescTools::KrippAlpha.
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
  Measurement 20(1), 37-46: the worked example of 200 items in three categories, p_o = .70,
  p_c = .41, kappa = .49 (cells: the paper's proportions times 200).
- SAS/STAT, PROC FREQ, "Simple Kappa Coefficient" example (3x3 table, kappa 0.4842), as pinned in
  statsmodels' tests of `cohens_kappa`.
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin
  76(5), 378-382: 30 patients, 6 psychiatrists each, 5 diagnoses; kappa = .430 (0.4302445 in R's
  irr::kappam.fleiss on the same data).
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    Confusion,
    Figure,
    cohen_kappa,
    confusion,
    fleiss_kappa,
    krippendorff_alpha,
    observed_agreement,
    pairable_agreement,
)

_ = None  # a missing value in the reliability matrices below

# Krippendorff (2011), section C: four observers (rows) by twelve units (columns), "_" = missing.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]

# Fleiss (1971), Table 1: per patient, how many of the six psychiatrists chose each of five diagnoses
# (depression, personality disorder, schizophrenia, neurosis, other).
FLEISS_1971 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]


def columns(matrix: list[list]) -> list[tuple]:
    """Units from an observers-by-units matrix."""
    return list(zip(*matrix, strict=True))


# --- Krippendorff's alpha: the published examples -----------------------------------------------


def test_alpha_nominal_with_missing_data_is_krippendorffs_0_743():
    assert round(krippendorff_alpha(columns(KRIPPENDORFF_C)).value, 3) == 0.743


def test_alpha_binary_two_observers_is_krippendorffs_0_095():
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(krippendorff_alpha(columns([a, b])).value, 3) == 0.095


def test_alpha_nominal_two_observers_is_krippendorffs_0_692():
    a = list("aabbdcccedda")
    b = list("babbbcccdddd")
    b[8] = "e"  # unit 9: both observers chose e
    assert round(krippendorff_alpha(columns([a, b])).value, 3) == 0.692


def test_alpha_ignores_units_with_a_single_value():
    """Unit 12 of section C has one value only: dropping it, or the whole column, changes nothing."""
    without_unit_12 = [row[:11] for row in KRIPPENDORFF_C]
    assert krippendorff_alpha(columns(without_unit_12)) == krippendorff_alpha(columns(KRIPPENDORFF_C))


# --- Cohen's kappa and Fleiss' kappa: the published examples -------------------------------------


def test_cohen_1960_example():
    table = Confusion(("1", "2", "3"), ((88, 14, 18), (10, 40, 10), (2, 6, 12)))
    assert observed_agreement(table).value == pytest.approx(0.70)
    assert round(cohen_kappa(table).value, 2) == 0.49


def test_cohen_kappa_matches_the_sas_simple_kappa_example():
    table = Confusion((0, 1, 2), ((0, 4, 1), (0, 8, 0), (0, 1, 5)))
    assert round(cohen_kappa(table).value, 4) == 0.4842


def test_fleiss_1971_psychiatric_diagnoses():
    assert [sum(row[j] for row in FLEISS_1971) for j in range(5)] == [26, 26, 30, 55, 43]
    kappa = fleiss_kappa(FLEISS_1971).value
    assert round(kappa, 3) == 0.430
    assert kappa == pytest.approx(0.4302445, abs=5e-8)


def test_fleiss_kappa_refuses_unequal_rater_counts():
    with pytest.raises(ValueError, match="same number of raters"):
        fleiss_kappa([[2, 0], [1, 2]])


# --- edge cases: defined where the formula is, a reason where it is 0/0 ---------------------------


def test_perfect_agreement_is_one():
    units = [("a", "a", "a"), ("b", "b", _), ("c", "c", "c")]
    assert krippendorff_alpha(units).value == 1.0
    table = confusion([("a", "a"), ("b", "b")])
    assert cohen_kappa(table).value == 1.0
    assert observed_agreement(table).value == 1.0


def test_one_category_only_is_undefined_with_a_reason():
    units = [("yes", "yes")] * 5
    for figure in (krippendorff_alpha(units), cohen_kappa(confusion(units)), fleiss_kappa([[2, 0]] * 5)):
        assert figure.value is None and "chance" in figure.reason
    assert observed_agreement(confusion(units)).value == 1.0


def test_a_single_unit():
    assert krippendorff_alpha([("a", "b")]).value == 0.0  # D_o = 1 = D_e: no better than chance
    assert krippendorff_alpha([("a", "a")]).value is None  # one value only: 0/0
    assert cohen_kappa(confusion([("a", "b")])).value == 0.0


def test_systematic_disagreement():
    """Two coders who always swap two labels: kappa -1; alpha below zero by the small-sample term."""
    units = [("a", "b"), ("b", "a")] * 10
    assert cohen_kappa(confusion(units)).value == pytest.approx(-1.0)
    assert observed_agreement(confusion(units)).value == 0.0
    n = 40
    assert krippendorff_alpha(units).value == pytest.approx(1 - (n - 1) * n / (n * n - 2 * 20 * 20))


def test_no_units_and_no_pairable_units():
    assert krippendorff_alpha([]) == Figure(None, "no unit has two or more values")
    assert krippendorff_alpha([("a", _), (_, "b")]).value is None
    assert cohen_kappa(confusion([])).value is None
    assert observed_agreement(confusion([])).value is None
    assert pairable_agreement([]).value is None


def test_confusion_keeps_given_label_order_and_adds_unseen_values():
    table = confusion([("x", "y"), ("x", "x")], labels=["y", "x", "z"])
    assert table.labels == ("y", "x", "z")
    assert table.counts == ((0, 0, 0), (1, 1, 0), (0, 0, 0))


# --- an independent reference: alpha from every ordered pair of values, the textbook way -----------


def alpha_by_pairs(units) -> float | None:
    """Krippendorff's alpha from D_o and D_e over explicit value pairs (no coincidence matrix)."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [values for values in pairable if len(values) >= 2]
    values = [v for unit in pairable for v in unit]
    n = len(values)
    if n == 0:
        return None
    observed = sum(
        sum(a != b for a, b in itertools.permutations(unit, 2)) / (len(unit) - 1) for unit in pairable
    ) / n
    expected = sum(a != b for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return None if expected == 0 else 1 - observed / expected


labels = st.sampled_from(["a", "b", "c", None])
matrices = st.integers(2, 4).flatmap(
    lambda coders: st.lists(st.tuples(*[labels] * coders), min_size=1, max_size=25)
)


@settings(max_examples=200, deadline=None)
@given(matrices)
def test_alpha_equals_the_pairwise_definition(units):
    expected = alpha_by_pairs(units)
    got = krippendorff_alpha(units).value
    assert (got is None) == (expected is None)
    if got is not None:
        assert got == pytest.approx(expected, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(matrices, st.randoms())
def test_alpha_is_invariant_to_the_order_of_units_and_of_coders(units, random):
    shuffled_units = random.sample(units, len(units))
    order = random.sample(range(len(units[0])), len(units[0]))
    permuted = [tuple(unit[i] for i in order) for unit in shuffled_units]
    before, after = krippendorff_alpha(units), krippendorff_alpha(permuted)
    assert before.reason == after.reason
    assert before.value == after.value or math.isclose(before.value, after.value, abs_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(matrices)
def test_alpha_is_at_most_one_and_renaming_labels_changes_nothing(units):
    renamed = [tuple(None if v is None else v.upper() for v in unit) for unit in units]
    figure = krippendorff_alpha(units)
    assert figure == krippendorff_alpha(renamed)
    if figure.value is not None:
        assert figure.value <= 1 + 1e-12  # alpha has no lower bound: -1 is not one for small samples


pairs = st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(pairs)
def test_cohen_kappa_is_symmetric_and_bounded(units):
    forward = cohen_kappa(confusion(units))
    backward = cohen_kappa(confusion([(b, a) for a, b in units]))
    assert forward.reason == backward.reason
    if forward.value is not None:
        assert forward.value == pytest.approx(backward.value)
        assert -1 - 1e-9 <= forward.value <= 1 + 1e-9
    agreement = observed_agreement(confusion(units)).value
    assert 0 <= agreement <= 1


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5).flatmap(lambda raters: st.lists(
    st.lists(st.sampled_from("abc"), min_size=raters, max_size=raters), min_size=1, max_size=20)))
def test_alpha_and_fleiss_kappa_differ_only_by_the_small_sample_term(units):
    """With no missing data, 1 - alpha = (1 - kappa_Fleiss) * (n - 1) / n, n the number of values."""
    counts = [[unit.count(c) for c in "abc"] for unit in units]
    alpha, kappa = krippendorff_alpha(units), fleiss_kappa(counts)
    assert (alpha.value is None) == (kappa.value is None)
    if alpha.value is not None:
        n = sum(map(len, units))
        assert 1 - alpha.value == pytest.approx((1 - kappa.value) * (n - 1) / n, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(pairs)
def test_pairable_agreement_of_two_coders_is_their_observed_agreement(units):
    assert pairable_agreement(units).value == pytest.approx(observed_agreement(confusion(units)).value)
