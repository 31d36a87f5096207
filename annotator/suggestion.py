"""One evidence suggestion and what it says about the claim: the reasons, the flag (match, conflict, update, denial,
altered quote), and how many sources agree with the claim's figures or give another."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.comparison import Comparison
from annotator.store import Sentence

KINDS = ("denial", "conflict", "altered-quote", "update", "match")  # a suggestion's flag, strongest first


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate evidence sentence, its score, and the reasons it is there."""

    sentence: Sentence
    score: float
    terms: tuple[str, ...] = ()  # shared rare words, rarest first
    entities: tuple[str, ...] = ()  # shared names, as the claim spells them
    quotes: tuple[str, ...] = ()  # the claim's quotations this sentence repeats word for word
    altered_quotes: tuple[tuple[str, str], ...] = ()  # (the claim's quotation, this sentence's near-repetition)
    equal_values: tuple[tuple[str, str], ...] = ()  # equal values that need not count the same thing (a year, "40")
    comparisons: tuple[Comparison, ...] = ()  # the claim's figures beside figures here counting the same thing
    denial: str = ""  # the cue when one of the two sentences denies what the other asserts
    same_days: tuple[str, ...] = ()  # calendar days both name, as written here ("Aug. 16"): one event's date agreed on

    @property
    def kind(self) -> str:
        """The flag: denial, conflict, altered-quote, update, match, or "" (words only)."""
        kinds = {c.kind for c in self.comparisons}
        kinds |= {"denial"} if self.denial else set()
        kinds |= {"altered-quote"} if self.altered_quotes else set()
        kinds |= {"match"} if self.quotes else set()  # an equal value alone (a year, a small count) is no flag
        return next((kind for kind in KINDS if kind in kinds), "")

    @property
    def conflict(self) -> bool:
        """Whether this is a possible conflict to check: different figures for the same time, or a denial."""
        return self.kind in ("conflict", "denial")

    @property
    def confident_conflict(self) -> bool:
        """A conflict on the same thing at the same time (or of a figure that does not change)."""
        return any(c.kind == "conflict" and c.confident for c in self.comparisons)

    @property
    def matching_numbers(self) -> tuple[tuple[str, str], ...]:
        """Figures equal or agreeing here, as written: (in the claim, here)."""
        return self.equal_values + tuple((c.claim.text, c.other.text) for c in self.comparisons if c.kind == "match")

    @property
    def clashing_numbers(self) -> tuple[tuple[str, str], ...]:
        """The conflicting figures, (in the claim, here)."""
        return tuple(c.pair() for c in self.comparisons if c.kind == "conflict")

    def reasons(self) -> list[str]:
        """Why this sentence is suggested, one short line per kind of evidence, conflicts first."""
        order = {"conflict": 0, "update": 1, "match": 2}
        lines = [f"possible conflict: denial (“{self.denial}”)"] if self.denial else []
        lines += [c.describe() for c in sorted(self.comparisons, key=lambda c: order[c.kind])]
        lines += [f"same number: {claim} = {here}" for claim, here in self.equal_values]
        lines += [f"altered quote: “{_short(claim, 40)}” → “{_short(here, 40)}”" for claim, here in self.altered_quotes]
        lines += [f"same quote: “{_short(quote, 60)}”" for quote in self.quotes]
        if self.same_days:
            lines.append("same day: " + ", ".join(self.same_days))
        if self.entities:
            lines.append("same names: " + ", ".join(self.entities))
        if self.terms:
            lines.append("shared rare words: " + ", ".join(self.terms))
        return lines

    def summary(self) -> str:
        """The reasons in a few characters, for a list row: ≠ conflict, → update, = figure, ✗ denial, ≈ altered quote."""
        marks = {"conflict": "≠", "update": "→", "match": "="}
        parts = ["✗denial"] if self.denial else []
        parts += [f"{marks[c.kind]}{c.other.text}" for c in sorted(self.comparisons, key=lambda c: "cum".index(c.kind[0]))[:1]]
        parts += [f"={here}" for _, here in self.equal_values[:1]] if not parts else []
        parts += ["≈quote"] if self.altered_quotes else ["“quote”"] if self.quotes else []
        parts += list((self.entities + self.terms)[: max(1, 3 - len(parts))])
        return " ".join(parts)

    def as_dict(self) -> dict:
        """Plain fields for JSON output."""
        s = self.sentence
        return {
            "source_id": s.source_id, "index": s.index, "sentence_id": s.id, "start": s.start, "end": s.end,
            "text": s.text, "score": round(self.score, 4), "kind": self.kind, "conflict": self.conflict,
            "reasons": self.reasons(), "terms": list(self.terms), "entities": list(self.entities),
            "quotes": list(self.quotes), "altered_quotes": [list(pair) for pair in self.altered_quotes],
            "denial": self.denial, "same_days": list(self.same_days),
            "comparisons": [_comparison_dict(c) for c in self.comparisons],
            "matching_numbers": [list(pair) for pair in self.matching_numbers],
            "clashing_numbers": [list(pair) for pair in self.clashing_numbers],
        }


@dataclass(frozen=True, slots=True)
class SourceCounts:
    """How many other sources give the claim's figures, and how many give another figure (at the same time or later)."""

    agree: int = 0
    another_figure: int = 0
    updates: int = 0

    def describe(self) -> str:
        """"3 sources agree, 1 gives another figure, 2 a figure from another time"; a part that is 0 is left out
        ("3 sources agree, 2 give a figure from another time"), except how many agree."""
        def give(n: int) -> str:
            return "gives" if n == 1 else "give"
        parts = [f"{self.agree} source{'s' if self.agree != 1 else ''} agree{'s' if self.agree == 1 else ''}"]
        if self.another_figure:
            parts.append(f"{self.another_figure} {give(self.another_figure)} another figure")
        if self.updates:
            verb = "" if self.another_figure else f" {give(self.updates)}"
            parts.append(f"{self.updates}{verb} a figure from another time")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        return {"agree": self.agree, "another_figure": self.another_figure, "updates": self.updates,
                "text": self.describe()}


def source_counts(suggestions: list[Suggestion]) -> SourceCounts:
    """Count sources, not sentences: a source agrees when one of its sentences gives a figure of the claim."""
    agree, conflict, update = set(), set(), set()
    for suggestion in suggestions:
        kinds = {c.kind for c in suggestion.comparisons}
        source = suggestion.sentence.source_id
        (agree if "match" in kinds else conflict if "conflict" in kinds else update if "update" in kinds else set()).add(source)
    conflict -= agree
    return SourceCounts(len(agree), len(conflict), len(update - agree - conflict))


def _comparison_dict(comparison: Comparison) -> dict:
    """One comparison for JSON: the kind and the two figures side by side, with when each holds."""
    claim, here = comparison.pair()
    frames = [f.label() if f else None for f in (comparison.claim_frame, comparison.other_frame)]
    return {"kind": comparison.kind, "claim": claim, "here": here, "confident": comparison.confident,
            "claim_time": frames[0], "here_time": frames[1], "text": comparison.describe()}


def _short(text: str, limit: int) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
