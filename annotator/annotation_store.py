"""Typed reads of annotation rows: `Claim`, `Link`, `EvidenceSet` and `Decision`, so no row dict reaches a screen.

Spans are stored as offsets into the source version's text (the export format's offsets); a `Claim`
carries its span as code-point offsets inside its sentence, as people and the command line give it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby

from annotator.store import SENTENCE_COLUMNS, Sentence, Store

CLAIM_SQL = ("SELECT c.id, c.sentence_id, c.annotator, c.span_start - t.start, c.span_end - t.start, c.claim_type, "
             "c.normalized, c.verdict, c.note, c.created_at, c.updated_at FROM claims c JOIN sentences t ON t.id = c.sentence_id")
LINK_SQL = (f"SELECT l.id, l.claim_id, l.relation, l.evidence_set, l.note, l.annotator, l.created_at, l.updated_at, "
            f"{SENTENCE_COLUMNS} FROM links l JOIN sentences t ON t.id = l.evidence_sentence_id")


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim: a whole sentence (no span) or a span of it, with its labels."""

    id: int
    sentence_id: int
    annotator: str
    span: tuple[int, int] | None  # code points inside the sentence, end exclusive; None = the whole sentence
    claim_type: str | None = None
    normalized: str | None = None
    verdict: str | None = None
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def quoted(self, sentence_text: str) -> str:
        """The words the claim covers in its sentence."""
        return sentence_text[self.span[0] : self.span[1]] if self.span else sentence_text

    def as_dict(self) -> dict:
        """Plain fields for JSON output."""
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields["span"] = list(self.span) if self.span else None
        return fields


@dataclass(frozen=True, slots=True)
class Link:
    """A claim's link to one evidence sentence in another source."""

    id: int
    claim_id: int
    relation: str
    evidence_set: int | None
    note: str | None
    annotator: str
    created_at: str
    updated_at: str
    evidence: Sentence

    def as_dict(self) -> dict:
        """Plain fields for JSON output; the evidence as SOURCE_ID:INDEX."""
        fields = {name: getattr(self, name) for name in self.__slots__ if name != "evidence"}
        return {**fields, "evidence": f"{self.evidence.source_id}:{self.evidence.index}", "evidence_sentence_id": self.evidence.id}


@dataclass(frozen=True)
class EvidenceSet:
    """Evidence that settles a claim only together: the links sharing one `evidence_set` number, or one lone link."""

    number: int | None
    links: tuple[Link, ...]

    @property
    def relation(self) -> str:
        """What the set says of the claim (the writer keeps one relation per set)."""
        return self.links[0].relation


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's gold decision on one subject, with why."""

    id: int
    subject: str
    decided_by: str
    decided_at: str
    reason: str | None
    payload: dict


def _claim(row: tuple) -> Claim:
    """A Claim from a CLAIM_SQL row."""
    claim_id, sentence_id, annotator, start, end, *rest = row
    return Claim(claim_id, sentence_id, annotator, (start, end) if start is not None and end is not None else None, *rest)


def _link(row: tuple) -> Link:
    """A Link from a LINK_SQL row."""
    return Link(*row[:8], Sentence(*row[8:]))


def claim(store: Store, claim_id: int) -> Claim | None:
    """One claim by id, or None."""
    row = store.db.execute(f"{CLAIM_SQL} WHERE c.id = ?", [claim_id]).fetchone()
    return _claim(row) if row else None


def claims_on(store: Store, sentence_id: int, annotator: str | None = None) -> list[Claim]:
    """The claims on one sentence (of one annotator, or everyone's), by span start then id; whole-sentence claims first."""
    query, params = f"{CLAIM_SQL} WHERE c.sentence_id = ?", [sentence_id]
    if annotator is not None:
        query, params = query + " AND c.annotator = ?", [sentence_id, annotator]
    rows = store.db.execute(query + " ORDER BY c.span_start IS NOT NULL, c.span_start, c.span_end, c.id", params)
    return [_claim(row) for row in rows]


def links_of(store: Store, claim_id: int, made: dict[tuple, Link] | None = None) -> list[Link]:
    """A claim's links with their evidence sentences, by evidence set, source and position.

    `made` keeps the Link built from each row read before: a row read again, equal in every column, gives
    the same Link, so a claim with hundreds of links builds only the new ones.
    """
    rows = store.db.execute(f"{LINK_SQL} WHERE l.claim_id = ? ORDER BY t.source_id, t.idx", [claim_id])
    if made is None:
        return [_link(row) for row in rows]
    links = []
    for row in rows:
        found = made.get(row)
        if found is None:
            found = made[row] = _link(row)
        links.append(found)
    return links


def link(store: Store, link_id: int, made: dict[tuple, Link] | None = None) -> Link | None:
    """One link by id, or None; `made` as for `links_of`."""
    row = store.db.execute(f"{LINK_SQL} WHERE l.id = ?", [link_id]).fetchone()
    if row is None:
        return None
    if made is None:
        return _link(row)
    found = made.get(row)
    if found is None:
        found = made[row] = _link(row)
    return found


def evidence_sets(links: list[Link]) -> list[EvidenceSet]:
    """Group a claim's links: one set per `evidence_set` number (by number), then each unnumbered link alone."""
    numbered = sorted((lnk for lnk in links if lnk.evidence_set is not None), key=lambda lnk: lnk.evidence_set)
    sets = [EvidenceSet(number, tuple(group)) for number, group in groupby(numbered, key=lambda lnk: lnk.evidence_set)]
    return sets + [EvidenceSet(None, (lnk,)) for lnk in links if lnk.evidence_set is None]


def citing_links(store: Store, sentence_id: int, annotator: str) -> list[tuple[Link, Claim, Sentence]]:
    """The annotator's links that cite a sentence as evidence, each with its claim and the claim's sentence."""
    rows = store.db.execute(
        "SELECT l.id FROM links l JOIN claims c ON c.id = l.claim_id JOIN sentences t ON t.id = c.sentence_id "
        "WHERE l.evidence_sentence_id = ? AND l.annotator = ? ORDER BY t.source_id, t.idx, c.id", [sentence_id, annotator],
    ).fetchall()
    found = []
    for (link_id,) in rows:
        cited = link(store, link_id)
        owner = claim(store, cited.claim_id)
        found.append((cited, owner, sentence_by_id(store, owner.sentence_id)))
    return found


def sentence_by_id(store: Store, sentence_id: int) -> Sentence | None:
    """A stored sentence of any version by id."""
    row = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t WHERE t.id = ?", [sentence_id]).fetchone()
    return Sentence(*row) if row else None


def decisions(store: Store, subject: str | None = None) -> list[Decision]:
    """Gold decisions (on one subject, or all), oldest first."""
    query, params = "SELECT id, subject, decided_by, decided_at, reason, payload FROM decisions", []
    if subject is not None:
        query, params = query + " WHERE subject = ?", [subject]
    rows = store.db.execute(query + " ORDER BY id", params)
    return [Decision(*row[:5], json.loads(row[5] or "{}")) for row in rows]
