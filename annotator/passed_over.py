"""Which suggestions an annotator saw for a claim in link mode: the ones passed over become hard negatives."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ShownSuggestions:
    """The ranked suggestions on the evidence side for one claim, and how far down the list the annotator saw."""

    claim_id: int | None = None
    ranked: list[int] = field(default_factory=list)  # evidence sentence ids, best first
    seen: int = 0  # the top `seen` ranks were on screen or under the cursor

    def show(self, claim_id: int, ranked: list[int], on_screen: int) -> None:
        """A new ranking is on screen for a claim (the same claim's ranking again keeps how far it was seen)."""
        if claim_id != self.claim_id or ranked != self.ranked:
            self.claim_id, self.ranked, self.seen = claim_id, list(ranked), 0
        self.saw(on_screen)

    def saw(self, ranks: int) -> None:
        """The top `ranks` suggestions have been on screen."""
        if self.claim_id is not None:
            self.seen = max(self.seen, min(ranks, len(self.ranked)))

    def passed_over(self, linked: set[int]) -> list[tuple[int, int]]:
        """(sentence id, rank) of each seen suggestion the claim does not link to."""
        return [(sentence_id, rank) for rank, sentence_id in enumerate(self.ranked[: self.seen], 1) if sentence_id not in linked]

    def clear(self) -> None:
        """Nothing is shown any more."""
        self.claim_id, self.ranked, self.seen = None, [], 0
