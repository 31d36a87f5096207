"""The caches of what one sentence's text holds (its features, figures, time frames), kept in one registry.

A new claim finds none of its candidates read; a benchmark models that by emptying these before each query.
Listing them by hand in the benchmark went stale as rules were added, so each such cache registers itself here.
Caches of single words (stems, singulars, idf) are not per text: they stay warm, as in a running app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_PER_TEXT: list = []


def per_text(maxsize: int = 4096) -> Callable[[Callable], Callable]:
    """`functools.lru_cache(maxsize)` for a function of a sentence's text, registered so `clear` empties it."""

    def cached(function: Callable) -> Callable:
        kept = lru_cache(maxsize=maxsize)(function)
        _PER_TEXT.append(kept)
        return kept

    return cached


def clear() -> None:
    """Empty every per-text cache."""
    for cache in _PER_TEXT:
        cache.cache_clear()
