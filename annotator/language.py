"""The language of an article whose metadata does not name one: its script, English's commonest words, or py3langid."""

from __future__ import annotations

import re
from functools import cache

SAMPLE_CHARS = 4000  # the opening of the article is enough, and keeps detection under a millisecond
# Function words that make up a fifth to a quarter of any English prose and almost none of any other language's.
ENGLISH_WORDS = frozenset("the and of to in is that for on with as was were by it from at be has have are said".split())
ENGLISH_SHARE = 0.15
WORD = re.compile(r"[^\W\d_]+")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def detect_language(text: str) -> str:
    """An ISO 639-1 code for `text` ("en" when it holds no letters); never loads a model for CJK or English prose."""
    sample = text[:SAMPLE_CHARS]
    by_script = _language_of_script(sample)
    if by_script:
        return by_script
    words = WORD.findall(sample.lower())
    if not words or sum(word in ENGLISH_WORDS for word in words) >= ENGLISH_SHARE * len(words):
        return "en"
    return _identifier().classify(sample)[0]


def _language_of_script(sample: str) -> str | None:
    """Japanese, Korean or Chinese when their scripts make up most of the letters; None otherwise."""
    half = sum(map(len, WORD.findall(sample))) / 2 or 1
    han, kana, hangul = (len(pattern.findall(sample)) for pattern in (HAN, KANA, HANGUL))
    if kana and kana + han >= half:
        return "ja"
    if hangul >= half:
        return "ko"
    if han >= half:
        return "zh"
    return None


@cache
def _identifier():
    """py3langid's identifier (BSD-3-Clause), loaded once: decompressing its model takes a second or two."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE)
    except OSError:  # it unpacks 68 MB into $TMPDIR: a full /tmp must not stop an ingest
        return _identifier_in_memory()


def _identifier_in_memory():
    """py3langid's identifier with its model unpacked in memory instead of a temporary file."""
    import io
    import lzma

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    with lzma.open(MODEL_DIR / MODEL_FILE) as packed, np.load(io.BytesIO(packed.read()), allow_pickle=False) as data:
        return LanguageIdentifier(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                                  _to_array(data["nextmove"]), data["out_feat"].tolist(), tk_row=_to_array(data["nextmove_row"]))
