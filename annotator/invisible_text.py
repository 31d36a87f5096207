"""Text that shows nothing: whitespace, zero-width and other invisible format characters, fillers.

A file holding only U+200B (a zero-width space) ingested as one sentence that the analyst saw as an empty row and
could mark as a claim. Ingest refuses a text made only of them; the segmenter passes over a stretch made only of them
as it passes over whitespace.
"""

from __future__ import annotations

import re

# Invisible format characters (soft hyphen, zero-width space/joiners, marks, word joiner, invisible operators, bidi
# controls, BOM, the tag block), fillers that draw nothing (Hangul fillers, Khmer inherent vowels, the grapheme joiner,
# variation selectors, braille blank), and everything Python counts as whitespace or a control.
_INVISIBLE_CLASS = ("\\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a"
                    "\U000e0000-\U000e007f\U000e0100-\U000e01ef")
INVISIBLE_ONLY = re.compile(f"[{_INVISIBLE_CLASS}]*")
# Characters outside plain whitespace that draw nothing: a text without any needs no closer look (the usual case).
HIDDEN = re.compile(f"[{_INVISIBLE_CLASS.replace(chr(92) + 's', '')}]")


def shows_nothing(text: str) -> bool:
    """True when `text` has no character that draws anything (empty and whitespace-only text too)."""
    return INVISIBLE_ONLY.fullmatch(text) is not None


def first_hidden(text: str) -> str | None:
    """The first invisible character of `text` that is not plain whitespace, as `U+200B`, or None."""
    found = next((found for found in HIDDEN.finditer(text) if not found.group().isspace()), None)
    return f"U+{ord(found.group()):04X}" if found else None
