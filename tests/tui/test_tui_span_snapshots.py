"""Snapshots of the word picker and of a sentence holding two span claims, at three terminal sizes.

Update with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest
from test_tui_word_picker import TEXT, PickerApp
from tui_helpers import sentence_id

from annotator.annotations import Annotations
from annotator.store import Store
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


@pytest.fixture
def two_claims(corpus):
    """Sentence a:0 holding two span claims of alice, the second with a type, a verdict and an evidence set."""
    with Store(corpus) as store:
        annotations = Annotations(store, "alice")
        first = sentence_id(corpus, "a", 0)
        annotations.add_claim(first, (21, 33), claim_type="numeric")
        second = annotations.add_claim(first, (34, 43), claim_type="event", verdict="supported")
        annotations.link_set(second, [sentence_id(corpus, "b", 0), sentence_id(corpus, "c", 0)], "corroborates")
    return corpus


async def _second_claim(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("full_stop")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_row_with_two_claims(size, two_claims, make_app, snap_compare):
    """The row marks two claims, the second claim's words highlighted in the row and the panel, its set grouped."""
    assert snap_compare(make_app(two_claims), terminal_size=size, run_before=_second_claim)
