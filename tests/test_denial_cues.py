"""A denial cue is a word of its own: a cue inside a hyphenated word ("pre-fabricated shelters") denies nothing."""

from __future__ import annotations

import pytest

from annotator.denials import denial_cue


@pytest.mark.parametrize(("text", "cue"), [
    ("The ministry denied that any shipment was sent.", "denied"),
    ("Officials said the report was fabricated.", "fabricated"),
    ("It was false, the spokesman said.", "false"),
    ("The agency did not confirm the figure.", "did not"),
    ("(Denied by the ministry.)", "Denied"),
])
def test_a_cue_standing_alone_is_found(text, cue):
    assert denial_cue(text) == cue


@pytest.mark.parametrize("text", [
    "USAID delivered 500 pre-fabricated shelters to Sukkur.",
    "Engineers raised non-false ceilings in the new clinic.",
    "Crews built 40 self-denial kits.",
])
def test_a_cue_inside_a_hyphenated_word_is_none(text):
    assert denial_cue(text) == ""
