"""Story-level lint: claims and links that are probably mistakes, each named by its sentence (source:index).

Kinds (over current source versions, every annotator's work including gold):
- no-evidence: a claim with no link at all;
- same-source-link: a link whose evidence sits in the claim's own source;
- relation-clash: one claim sentence linked to the same evidence as corroborates by one annotator and
  conflicts by another;
- verdict-against-evidence: verdict supported with only conflicting evidence, or refuted with only
  corroborating evidence;
- verdict-ignores-evidence: verdict unverified although some evidence takes a side, or mixed although
  all the side-taking evidence takes the same one;
- source-not-done: a source nobody has marked done.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from annotator.store import Store

KINDS = ("no-evidence", "same-source-link", "relation-clash", "verdict-against-evidence",
         "verdict-ignores-evidence", "source-not-done")
SIDES = ("corroborates", "conflicts")
WORDS_SHOWN = 200  # characters of a span claim's words named in a finding


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding: its kind, the sentence it is about (index None for a whole source), who, and why."""

    kind: str
    source_id: str
    index: int | None
    annotators: tuple[str, ...]
    message: str

    @property
    def ref(self) -> str:
        """`source:index`, or the source id alone for a finding about a whole source."""
        return self.source_id if self.index is None else f"{self.source_id}:{self.index}"

    def as_json(self) -> dict:
        return {**asdict(self), "annotators": list(self.annotators), "ref": self.ref}


def lint(store: Store) -> list[Finding]:
    """Every finding in the database, by source, sentence and kind."""
    claims = _claims(store)
    links = _links(store)
    findings = _claim_findings(claims, links) + _clashes(links) + _sources_not_done(store)
    return sorted(findings, key=lambda f: (f.source_id, -1 if f.index is None else f.index, KINDS.index(f.kind), f.annotators))


def _claims(store: Store) -> dict[int, dict]:
    """Claims on current sentences by claim id, with their sentence's place."""
    rows = store.db.query(
        "SELECT c.id, c.annotator, c.verdict, t.source_id, t.idx, substr(t.text, c.span_start - t.start + 1, "
        "c.span_end - c.span_start) AS words FROM claims c JOIN sentences t ON t.id = c.sentence_id "
        "JOIN sources s ON s.id = t.source_id AND s.version = t.version")
    return {row["id"]: row for row in rows}


def _links(store: Store) -> list[dict]:
    """Links of claims on current sentences, with both sentences' places."""
    return list(store.db.query(
        "SELECT l.claim_id, l.annotator, l.relation, c.sentence_id, ct.source_id, ct.idx, "
        "l.evidence_sentence_id, et.source_id AS evidence_source_id, et.idx AS evidence_idx FROM links l "
        "JOIN claims c ON c.id = l.claim_id JOIN sentences ct ON ct.id = c.sentence_id "
        "JOIN sources s ON s.id = ct.source_id AND s.version = ct.version JOIN sentences et ON et.id = l.evidence_sentence_id"))


def _claim_findings(claims: dict[int, dict], links: list[dict]) -> list[Finding]:
    """Per claim: no evidence, evidence in its own source, and verdicts the evidence does not bear."""
    relations: dict[int, list[str]] = defaultdict(list)
    findings = []
    for link in links:
        relations[link["claim_id"]].append(link["relation"])
        if link["evidence_source_id"] == link["source_id"]:
            findings.append(Finding("same-source-link", link["source_id"], link["idx"], (link["annotator"],),
                                    f"evidence {link['evidence_source_id']}:{link['evidence_idx']} is in the claim's own source"))
    for claim_id, claim in claims.items():
        found = relations.get(claim_id, [])
        where = (claim["source_id"], claim["idx"], (claim["annotator"],))
        if not found:
            findings.append(Finding("no-evidence", *where, f"claim{_words(claim)} with no evidence linked"))
            continue
        problem = verdict_problem(claim["verdict"], set(found) & set(SIDES))
        if problem:
            findings.append(Finding(problem[0], *where, f"claim{_words(claim)}: {problem[1]}" if claim["words"] else problem[1]))
    return findings


def _words(claim: dict) -> str:
    """` “its words”` for a claim on some words of its sentence (a sentence may hold several), else nothing."""
    if not claim["words"]:
        return ""
    words = " ".join(claim["words"].split())
    return f" “{words if len(words) <= WORDS_SHOWN else words[:WORDS_SHOWN - 1] + '…'}”"


def verdict_problem(verdict: str | None, sides: set[str]) -> tuple[str, str] | None:
    """(kind, message) when a verdict disagrees with the sides its evidence takes, else None."""
    if verdict == "supported" and sides == {"conflicts"}:
        return "verdict-against-evidence", "verdict supported, but every side-taking link conflicts"
    if verdict == "refuted" and sides == {"corroborates"}:
        return "verdict-against-evidence", "verdict refuted, but every side-taking link corroborates"
    if verdict == "unverified" and sides:
        return "verdict-ignores-evidence", f"verdict unverified, but evidence {' and '.join(sorted(sides))}"
    if verdict == "mixed" and len(sides) == 1:
        return "verdict-ignores-evidence", f"verdict mixed, but all side-taking evidence {next(iter(sides))}"
    return None


def _clashes(links: list[dict]) -> list[Finding]:
    """Claim sentence and evidence linked as corroborates by some annotators and conflicts by others."""
    by_pair: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for link in links:
        by_pair[(link["sentence_id"], link["evidence_sentence_id"])].append(link)
    findings = []
    for pair_links in by_pair.values():
        sides = {side: sorted({link["annotator"] for link in pair_links if link["relation"] == side}) for side in SIDES}
        if sides["corroborates"] and sides["conflicts"]:
            first = pair_links[0]
            findings.append(Finding(
                "relation-clash", first["source_id"], first["idx"], tuple(sides["corroborates"] + sides["conflicts"]),
                f"{first['evidence_source_id']}:{first['evidence_idx']} corroborates for {', '.join(sides['corroborates'])} "
                f"but conflicts for {', '.join(sides['conflicts'])}"))
    return findings


def _sources_not_done(store: Store) -> list[Finding]:
    """Sources nobody has marked done."""
    rows = store.db.execute("SELECT id FROM sources WHERE id NOT IN (SELECT source_id FROM sources_done) ORDER BY id")
    return [Finding("source-not-done", source_id, None, (), "nobody has marked this source done") for (source_id,) in rows]
