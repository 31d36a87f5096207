"""How many examples a Hypothesis property draws: a quarter in the default run, all of them under `-m slow`."""

from __future__ import annotations

import pytest

FULL = False  # set by tests/conftest.py: whether the -m expression selects slow tests


def selects_slow(markexpr: str) -> bool:
    """Whether a `-m` expression selects a test marked slow (and nothing else): `slow` does, `not slow` does not."""
    if not markexpr.strip():
        return False
    from _pytest.mark.expression import Expression

    return Expression.compile(markexpr).evaluate(lambda name, **_: name == "slow")


def examples(full: int, **options):
    """Hypothesis settings with `full` examples under `-m slow` (the test then counts as slow), else a quarter of them."""

    from hypothesis import settings

    def decorate(test):
        tuned = settings(max_examples=full if FULL else max(10, full // 4), **options)(test)
        return pytest.mark.slow(tuned) if FULL else tuned

    return decorate
