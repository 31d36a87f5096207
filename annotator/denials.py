"""Sentences that deny or dispute a matter ("denied", "no proof", "rejected", "false", "did not"): the cue and its words."""

from __future__ import annotations

import re

from annotator.regex_guard import guarded

CUE = re.compile(
    r"(?<![\w-])(?:denied|denies|deny|denying|denial|no proof|no evidence|without evidence|rejected|rejects|reject"
    r"|refuted|refutes|dismissed|false|untrue|baseless|unfounded|fabricated|did not|didn't|never|not true"
    r"|corrected (?:media |news )?reports)\b",
    re.IGNORECASE,
)
CUE = guarded(CUE)  # the same matches, found faster
# The same cues as FTS5 phrases, to fetch denials that share a claim's words.
FTS_CUES = ('"denied"', '"denies"', '"deny"', '"rejected"', '"refuted"', '"dismissed"', '"false"', '"untrue"',
            '"baseless"', '"unfounded"', '"no proof"', '"no evidence"', '"did not"', '"corrected"')


def denial_cue(text: str) -> str:
    """The first denial cue of a sentence as written, or ""."""
    match = CUE.search(text)
    return match.group(0) if match else ""
