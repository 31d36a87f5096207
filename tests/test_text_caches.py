"""The per-text caches register themselves, so a benchmark that empties them models a new claim honestly."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from annotator import text_caches
from annotator.comparison import compare
from annotator.count_shares import named_place
from annotator.numbers import find_quantities
from annotator.sentence_features import features

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"
TEXT = "Some 34 people were killed in India on Saturday, and 8,000 across Nepal by 3 May."


def test_clear_empties_every_cache_a_comparison_fills():
    compare(TEXT, date(2015, 5, 4), "More than 7,600 people were killed in Nepal.", date(2015, 5, 2))
    features(TEXT)
    named_place(TEXT, find_quantities(TEXT)[0])
    filled = [cache for cache in text_caches._PER_TEXT if cache.cache_info().currsize]
    assert len(filled) >= 5
    text_caches.clear()
    assert [cache for cache in text_caches._PER_TEXT if cache.cache_info().currsize] == []


def test_no_function_of_a_text_is_cached_outside_the_registry():
    unregistered = [f"{path.name}: {match.group(1)}" for path in PACKAGE.rglob("*.py")
                    for match in re.finditer(r"@lru_cache\([^)]*\)\s*\ndef (\w+)\((?:text|segment|claim)\b",
                                             path.read_text(encoding="utf-8"))]
    assert unregistered == []
