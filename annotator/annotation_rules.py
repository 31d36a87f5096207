"""The rules single and bulk annotation writes share: the sentence a write names, evidence from another source, evidence sets."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.errors import InputError
from annotator.store import Sentence

PLACE_SQL = ('SELECT t.id, t.source_id, t.version, t.idx, t.start, t."end", t.text, t.version = s.version '
             "FROM sentences t JOIN sources s ON s.id = t.source_id WHERE t.id = ?")


@dataclass(frozen=True, slots=True)
class Place(Sentence):
    """A stored sentence with what the rules need: where it is, its text, and whether its version is current."""

    current: bool

    @property
    def name(self) -> str:
        """SOURCE_ID:INDEX, as messages and the command line say it."""
        return f"{self.source_id}:{self.index}"


def _other_source(claim: Place, evidence: Place) -> None:
    """Evidence must come from another source than its claim's."""
    if claim.source_id == evidence.source_id:
        raise InputError(f"evidence {evidence.name} is in the claim's own source; evidence must come from another source")


def _check_set(number) -> None:
    """An evidence set is a positive whole number, or None for a link that stands alone."""
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
        raise InputError(f"evidence set {number!r} is not a positive whole number")
