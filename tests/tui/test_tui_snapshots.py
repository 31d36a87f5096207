"""Snapshots of the screens that matter, on the seed articles with a fixed annotation, database name and annotator.

Nothing on these screens varies between runs: the header has no clock, the database is always
`annotator.db`, no timestamps are shown, no text input is on screen (so no blinking cursor), and no
action that raises a notification is taken. Update with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import SIZE, sentence_id, sources_loaded

from annotator.annotations import Annotations
from annotator.coverage import set_done
from annotator.store import Store

FIRST, SECOND = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"

# (claim sentence index in FIRST, type, verdict, [(evidence index in SECOND, relation)])
CLAIMS = [
    (0, "numeric", "supported", [(0, "corroborates")]),
    (1, "numeric", None, [(2, "corroborates")]),
    (3, "event", None, [(0, "related")]),
    (12, "event", "supported", [(6, "corroborates")]),
    (16, "attribution", "unverified", [(5, "conflicts")]),
]


@pytest.fixture
def annotated_seeds(seeds_db: Path) -> Path:
    """The seeds with alice's claims, links and boilerplate, and her reading position, stored through the core."""
    with Store(seeds_db) as store:
        annotations = Annotations(store, "alice")
        for index, claim_type, verdict, evidence in CLAIMS:
            claim_id = annotations.mark_claim(sentence_id(seeds_db, FIRST, index))
            annotations.update_claim(claim_id, claim_type=claim_type, verdict=verdict)
            for evidence_index, relation in evidence:
                annotations.link(claim_id, sentence_id(seeds_db, SECOND, evidence_index), relation)
        annotations.toggle_boilerplate(sentence_id(seeds_db, FIRST, 19))
        annotations.mark_boilerplate([sentence_id(seeds_db, SECOND, index) for index in range(9, 25)])
        annotations.remember_position(FIRST, 0, furthest=19)
    return seeds_db


async def _open_first(pilot) -> None:
    await sources_loaded(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def _link_mode(pilot) -> None:
    await sources_loaded(pilot)
    await pilot.press("enter", "l")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_sources_view(annotated_seeds, make_app, snap_compare):
    """Both seeds with outlet, date, sentence count, alice's claims, linked claims, boilerplate and read share."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=SIZE, run_before=sources_loaded)


def test_article_with_claims_and_links(annotated_seeds, make_app, snap_compare):
    """The first seed: claim marks, types, verdicts and link counts per row; the claim's links in the panel."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=SIZE, run_before=_open_first)


def test_link_mode(annotated_seeds, make_app, snap_compare):
    """Link mode on the first claim: ranked candidates from the other seed, the linked one marked +."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=SIZE, run_before=_link_mode)


def test_help_screen(annotated_seeds, make_app, snap_compare):
    """Help over the article view: every active key with its description and binding id."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=SIZE, run_before=_open_first, press=["question_mark"])


async def _review(pilot) -> None:
    pilot.app.action_review()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_review_queue(annotated_seeds, make_app, snap_compare):
    """The review queue with alice's and bob's answers side by side on the first disagreement."""
    with Store(annotated_seeds) as store:
        bob = Annotations(store, "bob")
        bob.remember_position(FIRST, 0)
        for index, claim_type, verdict in ((0, "numeric", "refuted"), (3, "quote", None), (5, "event", None)):
            bob.update_claim(bob.mark_claim(sentence_id(annotated_seeds, FIRST, index)), claim_type=claim_type, verdict=verdict)
        for name in ("alice", "bob"):  # both finished the first source: the review compares them there
            set_done(store, name, [FIRST])
    assert snap_compare(make_app(annotated_seeds, "rita"), terminal_size=SIZE, run_before=_review)


READING_SIZES = [(80, 24), (120, 36), (200, 50)]


async def _long_sentence(pilot) -> None:
    """Open the first seed on its second sentence, the longest of its opening (about 300 characters)."""
    await pilot.press("enter", "j")
    await pilot.pause()


@pytest.mark.parametrize("size", READING_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_article_reads_as_text(annotated_seeds, make_app, snap_compare, size):
    """Sentences wrap to the pane, marks in the gutter: the cursor's long sentence is shown in full."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=size, run_before=_long_sentence)


@pytest.mark.parametrize("size", READING_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_link_mode_reads_at_every_width(annotated_seeds, make_app, snap_compare, size):
    """Evidence rows wrap, beside the article at 200 columns and under it below; the why line and 1/2/3 keys fit."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=size, run_before=_link_mode)


@pytest.mark.parametrize("size", READING_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_sources_view_keeps_its_counts_at_every_width(annotated_seeds, make_app, snap_compare, size):
    """Narrower columns under 130: every count and the read share (or done) in view at 80, more title at 120."""
    assert snap_compare(make_app(annotated_seeds), terminal_size=size, run_before=sources_loaded)
