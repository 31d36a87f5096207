"""A regex led by a lookahead for its first characters finds exactly what the plain regex finds."""

from __future__ import annotations

import functools
import random
import re

import pytest

from annotator import denials, figure_values, hedges, numbers
from annotator.regex_guard import guarded
from bench.corpus import generate_articles
from bench.story_gold import STORY

PLAIN = {
    "denial cues": re.compile(denials.CUE.pattern.split("(?:", 1)[1].rsplit(")", 1)[0], denials.CUE.flags),
    "vague amounts": re.compile(hedges.VAGUE_PATTERN.pattern.split("(?:", 1)[1].rsplit(")", 1)[0], hedges.VAGUE_PATTERN.flags),
    "quantity starts": re.compile(numbers.QUANTITY_START.pattern.split("(?:", 1)[1].rsplit(")", 1)[0],
                                  numbers.QUANTITY_START.flags),
}
GUARDED = {"denial cues": denials.CUE, "vague amounts": hedges.VAGUE_PATTERN, "quantity starts": numbers.QUANTITY_START,
           "hedges": hedges.HEDGE_BEFORE, "magnitude": numbers.MAGNITUDE_BEFORE, "month before": numbers.MONTH_BEFORE,
           "negation": figure_values.NEGATED}
PLAIN |= {name: re.compile(GUARDED[name].pattern.split("(?:", 1)[1].rsplit(")", 1)[0], GUARDED[name].flags)
          for name in ("hedges", "magnitude", "month before", "negation")}
# Texts up to this long are searched from every seventh character in the default run; longer ones under -m slow.
SHORT = 200


@functools.cache
def _texts() -> list[str]:
    rng = random.Random(12)
    alphabet = "aAbdDeEfFnNoOsStTwWzZ$€£¥0123456789 .,-'\nſKİ"
    texts = [path.read_text(encoding="utf-8") for path in sorted(STORY.rglob("*.txt"))]
    texts += [article.text for article in generate_articles(3_000, seed=9)]
    texts += ["DENIED it. Did Not. dozens OF Tens of Thousands", "two-fold 3 ſeven ſeveral dozen Kelvin K", "İ a Thousand"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3_000)]
    words = ["denied", "never", "dozens", "hundreds of", "two", "a thousand", "one million", "several dozen", "x",
             "more than", "about", "up to", "in excess of", "$", "£ ", "magnitude-", "Jan.", "may", "12", "not",
             "rather than", "instead of", "Never"]
    texts += [" ".join(rng.choice(words).upper() if rng.random() < 0.3 else rng.choice(words) for _ in range(8))
              for _ in range(2_000)]
    return texts


def test_the_guarded_regexes_are_the_plain_ones_with_a_lookahead():
    for name, plain in PLAIN.items():
        assert GUARDED[name].pattern.startswith("(?=[") and GUARDED[name].pattern.endswith(f"(?:{plain.pattern})"), name
        assert guarded(plain).pattern == GUARDED[name].pattern


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_guarded_regex_finds_what_the_plain_one_finds(name):
    plain, fast = PLAIN[name], GUARDED[name]
    for text in _texts():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
    _same_search_from_every_seventh_character(plain, fast, [text for text in _texts() if len(text) <= SHORT])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_guarded_regex_searched_from_inside_a_long_article_finds_what_the_plain_one_finds(name):
    _same_search_from_every_seventh_character(PLAIN[name], GUARDED[name], [text for text in _texts() if len(text) > SHORT])


def _same_search_from_every_seventh_character(plain: re.Pattern, fast: re.Pattern, texts: list[str]) -> None:
    """A search begun at every seventh character finds the same match with either regex."""
    for text in texts:
        for position in range(0, len(text), 7):
            found, expected = fast.search(text, position), plain.search(text, position)
            assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


def test_the_lookahead_holds_the_first_characters_of_every_alternative():
    assert guarded(re.compile(r"\b(?:cat|dog)s?\b")).pattern == r"(?=[cd])(?:\b(?:cat|dog)s?\b)"
    assert guarded(re.compile(r"x?(?:ab|[0-9q])")).pattern == r"(?=[0-9aqx])(?:x?(?:ab|[0-9q]))"
    assert guarded(re.compile(r"\s*\d+")).pattern == r"(?=[\d\s])(?:\s*\d+)"


@pytest.mark.parametrize("pattern", [r"a*", r"(?:ab)?", r"[^a]b", r"(?i)abc", r"\b", r".x", r"(?=a)|b?"])
def test_a_pattern_whose_first_characters_cannot_be_told_is_left_as_it_is(pattern):
    compiled = re.compile(pattern)
    assert guarded(compiled) is compiled
