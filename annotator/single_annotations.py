"""Single annotations: claims and links of a source only one annotator marked done, accepted into gold in bulk."""

from __future__ import annotations

from annotator.adjudication import SENTENCE, Adjudicator, GoldState, ReviewItem

ACCEPT_SINGLE = "accept-single"


def pending_single(items: list[ReviewItem], state: GoldState) -> list[ReviewItem]:
    """The single-annotation items gold has not decided yet, in queue order."""
    return [item for item in items if item.single and not state.decided(item)]


def accept_single(adjudicator: Adjudicator, items: list[ReviewItem], state: GoldState, reason: str | None = None) -> int:
    """Make gold, in one undoable action, every undecided single annotation; return how many.

    A link goes in only with its claim: gold has the claim, or its single annotator's claim goes in with it.
    """
    chosen = pending_single(items, state)
    claimed = set(state.claims) | {item.sentence_id for item in chosen if item.kind == SENTENCE}
    chosen = [item for item in chosen if item.kind == SENTENCE or item.sentence_id in claimed]
    if chosen:
        decisions = [(item, next(iter(item.answers.values()))) for item in chosen]
        adjudicator._decide(f"accept {len(chosen)} single annotation(s)", decisions, ACCEPT_SINGLE, None, reason)
    return len(chosen)
