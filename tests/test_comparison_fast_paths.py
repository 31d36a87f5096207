"""The comparison's faster paths give what the plain ones give: the same time frames and figures."""

from __future__ import annotations

import random
import re
from datetime import date
from functools import cache

from annotator import count_words, hedges, time_frames
from bench.corpus import generate_articles
from bench.story_gold import STORY

PIECES = ["January", "jan.", "Jan", "MAR", "Mary", "mar.", "March", "may", "Mayor", "june", "Jul", "sept.", "Sep", "dec",
          "December", "decline", "day", "days", "Sunday", "Sunday's", "today", "Yesterday", "tonight", "this", "THIS",
          "last", "Last", "week", "month", "year", "morning", "1999", "2024", "2024-01-31", "12", "3rd", "of", "since",
          "in", "on", "by", "as of", "early", "mid", "late-2022", "mid-2022", "1,000", "earthquake", "struck", "ſunday",
          "K", "İ", "x", "_"]


@cache
def _texts() -> tuple[str, ...]:
    """Real story text, generated news and random strings of date, figure and clue pieces (built once)."""
    rng = random.Random(31)
    texts = [path.read_text(encoding="utf-8") for path in sorted(STORY.rglob("*.txt"))]
    texts += [article.text for article in generate_articles(1_000, seed=5)]
    separators = [" ", "  ", ".", "-", ", ", "'", "", "\n", "_"]
    texts += ["".join(rng.choice(PIECES) + rng.choice(separators) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    return tuple(texts)


def test_a_sentence_without_a_clue_has_no_time_expression():
    clued = time_frames._may_hold_time
    skipped = 0
    for text in _texts():
        if not clued(text):
            skipped += 1
            assert not list(time_frames.EXPRESSION.finditer(text)), text
    assert skipped > 3_000  # the test sees many texts the clue lets skip


def test_the_frames_are_those_of_the_pattern_alone(monkeypatch):
    texts = [text for text in _texts()[::7] if "ſ" not in text]  # "ſunday" matches, then fails to resolve (KeyError)
    published = date(2024, 3, 15)
    fast = [time_frames._frames.__wrapped__(text, published) for text in texts]
    monkeypatch.setattr(time_frames, "_may_hold_time", lambda text: True)
    assert fast == [time_frames._frames.__wrapped__(text, published) for text in texts]
    assert sum(bool(frames) for frames in fast) > 1_000


def _plain_clause_words(segment: str, forwards: bool = False) -> list[str]:
    """The clause's words as every token of WORD, filtered: what `clause_words` gives."""
    piece = re.split(r"[;!?()]", segment)[0 if forwards else -1]
    return [w.lower() for w in count_words.WORD.findall(piece) if w[0].isalpha()]


def test_the_clause_words_are_the_letter_tokens_of_every_word():
    rng = random.Random(8)
    alphabet = "aZé½Ⅻ_0٣9.,'’-—$ ;!?()U.S.\t"
    samples = [text[i : i + 90] for text in _texts()[:3_000:3] for i in range(0, len(text), 45)]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5_000)]
    samples += ["5.U.S. troops", "a.b.c 3.5abc x'y _abc ½abc 12th", "U.S.-led (and) 1,000.5 km"]
    for segment in samples:
        for forwards in (False, True):
            assert list(count_words.clause_words.__wrapped__(segment, forwards)) == _plain_clause_words(segment, forwards)


def test_every_vague_amount_holds_a_clue_and_a_text_without_one_has_none():
    assert all(any(clue in pattern for clue in hedges.VAGUE_CLUES) for pattern, _, _ in hedges.VAGUE)
    skipped = 0
    for text in _texts() + ("Tens of Thousands", "SEVERAL", "ſeveral dozen", "a few Hundred", "dozen"):
        if not hedges.may_be_vague(text):
            skipped += 1
            assert not list(hedges.VAGUE_PATTERN.finditer(text)), text
    assert skipped > 3_000
