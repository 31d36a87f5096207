"""Snapshots of the word picker and of a sentence holding two span claims, at three terminal sizes.

Update with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest
from test_tui_word_picker import TEXT, PickerApp

from annotator.tui.word_picker import SPLIT, WordPicker

SIZES = [(80, 24), (120, 36), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_word_picker_selecting_a_claim(size, snap_compare):
    """Three words selected, the cursor's word underlined, the offsets under the sentence."""
    assert snap_compare(PickerApp(WordPicker(TEXT, "claim")), terminal_size=size, press=["l", "l", "l", "L", "L"])


@pytest.mark.parametrize("size", SIZES[:1], ids=lambda size: f"{size[0]}x{size[1]}")
def test_word_picker_splitting(size, snap_compare):
    """The split point marked before the chosen word, the words before it dimmed."""
    assert snap_compare(PickerApp(WordPicker(TEXT, SPLIT)), terminal_size=size, press=["l", "l", "l", "l"])
