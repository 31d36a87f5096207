"""Re-anchoring: when a source gets a new text version, move its claims, links and flags onto the new sentences.

An annotation points at a sentence id of one version. After re-ingest with changed text, every
annotation still on an older version of that source is placed on the new version by its quoted
text and its neighbours: first exactly (same text, in the aligned order; or the same text found
once elsewhere), then fuzzily inside the neighbourhood the alignment leaves open (typo fixes,
merged or re-split sentences). Whatever cannot be placed with confidence stays on its old
sentence and is an *orphan*: listed by `orphaned()`, counted per source, re-attachable by hand.
Nothing is deleted. Each re-anchoring is journaled under its own name, `REANCHOR_JOURNAL`, not under
the annotators whose rows moved: it is the system's work, kept in the audit trail, but never on
anyone's undo stack (pressing `u` to take back a claim must not silently send a whole corrected
article back to its old text). An annotator's own actions from before the correction still undo: the
journal follows these moves and takes the action back on the sentence the row sits on now.

difflib.SequenceMatcher aligns the two sentence lists (the standard library's longest-matching-
block alignment is exactly "keep order, find the unchanged runs"); rapidfuzz (MIT) scores the
leftovers, because its Indel ratio and partial ratio are C-fast and handle the merged/split cases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from annotator import journal
from annotator.annotation_writer import AnnotationWriter
from annotator.errors import InputError
from annotator.journal import REANCHOR_JOURNAL, RowChange
from annotator.store import Sentence, Store

EXACT, FUZZY = "exact", "fuzzy"
NEIGHBOURHOOD = 3  # sentences either side of an edited region a fuzzy match may land on
EDIT_SCORE = 85  # Indel similarity (0-100) a corrected sentence must keep to count as the same sentence
CONTAINED_SCORE = 95  # partial ratio for "this old sentence is inside that merged one" (or the reverse)
SPLIT_SHARE = 0.5  # a re-split piece must carry at least this share of the old sentence
MARGIN = 3  # the best fuzzy candidate must beat the runner-up by this much, else it is ambiguous
MIN_FUZZY_LENGTH = 12  # shorter sentences ("Advertisement.") are placed only exactly
# Whether sentence `t` carries an annotation; each EXISTS is one index probe, so the cost follows the
# source's own sentences, not the size of the annotation tables.
ANNOTATED = ("(EXISTS (SELECT 1 FROM claims c WHERE c.sentence_id = t.id) "
             "OR EXISTS (SELECT 1 FROM links l WHERE l.evidence_sentence_id = t.id) "
             "OR EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id))")


@dataclass(frozen=True)
class Placement:
    """Where an old sentence lives in the new version, and how sure we are."""

    sentence: Sentence
    how: str  # EXACT or FUZZY


@dataclass
class ReanchorReport:
    """Counts of one re-anchoring, per kind of annotation ("claims", "links", "boilerplate")."""

    exact: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fuzzy: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    orphaned: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def moved(self) -> int:
        """Annotations now on the new version (exact + fuzzy)."""
        return sum(self.exact.values()) + sum(self.fuzzy.values())

    def totals(self) -> dict[str, int]:
        """moved / exact / fuzzy / orphaned over all kinds."""
        return {"moved": self.moved, "exact": sum(self.exact.values()), "fuzzy": sum(self.fuzzy.values()),
                "orphaned": sum(self.orphaned.values())}

    def add(self, other: ReanchorReport) -> None:
        """Fold another report into this one."""
        for mine, theirs in ((self.exact, other.exact), (self.fuzzy, other.fuzzy), (self.orphaned, other.orphaned)):
            for kind, count in theirs.items():
                mine[kind] += count

    def summary(self) -> str:
        """One line for the terminal."""
        t = self.totals()
        return (f"{t['moved']} annotation(s) re-anchored ({t['exact']} exact, {t['fuzzy']} fuzzy), "
                f"{t['orphaned']} orphaned")


def normalized(text: str) -> str:
    """Sentence text with runs of whitespace made one space: a re-wrapped line is the same sentence."""
    return " ".join(text.split())


def place_sentences(old: list[Sentence], new: list[Sentence], wanted: set[int] | None = None) -> dict[int, Placement]:
    """Map old sentence ids (all, or only `wanted`) to their new sentences; unplaceable ones are absent."""
    old_texts, new_texts = [normalized(s.text) for s in old], [normalized(s.text) for s in new]
    matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    placements: dict[int, Placement] = {}
    new_positions: dict[str, list[int]] = defaultdict(list)
    for position, text in enumerate(new_texts):
        new_positions[text].append(position)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in range(i1, i2):
            if wanted is not None and old[i].id not in wanted:
                continue
            if tag == "equal":
                placements[old[i].id] = Placement(new[j1 + i - i1], EXACT)
                continue
            expected = j1 + round((i - i1) * (j2 - j1) / max(i2 - i1, 1))
            found = _exact_elsewhere(new_positions.get(old_texts[i], []), expected, new)
            if found is None:
                found = _fuzzy(old_texts[i], new, new_texts, max(0, j1 - NEIGHBOURHOOD), min(len(new), j2 + NEIGHBOURHOOD))
            if found is not None:
                placements[old[i].id] = found
    return placements


def _exact_elsewhere(positions: list[int], expected: int, new: list[Sentence]) -> Placement | None:
    """The same text elsewhere in the new version (a moved paragraph); of several, the one nearest to where it was."""
    if not positions:
        return None
    ranked = sorted(positions, key=lambda p: abs(p - expected))
    if len(ranked) > 1 and abs(ranked[0] - expected) == abs(ranked[1] - expected):
        return None  # two copies equally near: context cannot tell them apart
    return Placement(new[ranked[0]], EXACT)


def _fuzzy(text: str, new: list[Sentence], new_texts: list[str], low: int, high: int) -> Placement | None:
    """The one new sentence in [low, high) that is clearly the old one edited, merged or re-split."""
    if len(text) < MIN_FUZZY_LENGTH:
        return None
    scored = sorted(((_confidence(text, new_texts[j]), j) for j in range(low, high)), reverse=True)
    if not scored or scored[0][0] < EDIT_SCORE:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - MARGIN:
        return None
    return Placement(new[scored[0][1]], FUZZY)


def _confidence(old: str, candidate: str) -> float:
    """How surely `candidate` is `old` after an edit (0-100): similarity, or containment for merges and splits."""
    score = fuzz.ratio(old, candidate)
    if len(old) <= len(candidate):  # merged: the old sentence sits inside a longer new one
        if fuzz.partial_ratio(old, candidate) >= CONTAINED_SCORE:
            score = max(score, 90 + 10 * len(old) / len(candidate) - 0.001)
    elif len(candidate) >= SPLIT_SHARE * len(old) and fuzz.partial_ratio(candidate, old) >= CONTAINED_SCORE:
        score = max(score, EDIT_SCORE + 5 * len(candidate) / len(old))  # re-split: the bigger piece carries it
    return score


# --- applying placements to the annotation tables -------------------------------------------------


def reanchor_source(store: Store, source_id: str) -> ReanchorReport:
    """Move every annotation on an older version of `source_id` onto its current version; call inside a transaction."""
    report = ReanchorReport()
    current = store.db.execute("SELECT version FROM sources WHERE id = ?", [source_id]).fetchone()
    if current is None:
        return report
    new = store.sentences(source_id, current[0])
    changes: dict[str, list[RowChange]] = defaultdict(list)
    for version in _stale_versions(store, source_id, current[0]):
        old = store.sentences(source_id, version)
        wanted = _annotated_sentence_ids(store, source_id, version)
        placements = place_sentences(old, new, wanted)
        texts = _version_texts(store, source_id, version, current[0])
        _move_claims(store, {s.id: s for s in old}, placements, texts, report, changes)
        _move_links(store, source_id, version, placements, report, changes)
        _move_boilerplate(store, source_id, version, placements, report, changes)
        _move_decisions(store, placements, changes)
    for annotator, rows in changes.items():
        journal.append(store, REANCHOR_JOURNAL, "do", f"re-anchor {annotator}'s annotations on {source_id} to version {current[0]}", rows)
    return report


# Sentence ids that gold decisions name in their subjects (`sentence:<id>`, `link:<claim id>:<evidence id>`).
DECIDED_SENTENCE_IDS = (
    "SELECT CAST(substr(subject, 10) AS INTEGER) FROM decisions WHERE subject LIKE 'sentence:%' "
    "UNION SELECT CAST(substr(subject, 6, instr(substr(subject, 6), ':') - 1) AS INTEGER) FROM decisions WHERE subject LIKE 'link:%' "
    "UNION SELECT CAST(substr(subject, 6 + instr(substr(subject, 6), ':')) AS INTEGER) FROM decisions WHERE subject LIKE 'link:%'"
)


def _stale_versions(store: Store, source_id: str, current: int) -> list[int]:
    """Older versions of a source that still carry annotations."""
    rows = store.db.execute(
        f"SELECT DISTINCT t.version FROM sentences t WHERE t.source_id = ? AND t.version != ? "
        f"AND ({ANNOTATED} OR t.id IN ({DECIDED_SENTENCE_IDS})) ORDER BY t.version",
        [source_id, current],
    )
    return [row[0] for row in rows]


def _annotated_sentence_ids(store: Store, source_id: str, version: int) -> set[int]:
    """Sentence ids of one version that something points at."""
    rows = store.db.execute(
        f"SELECT t.id FROM sentences t WHERE t.source_id = ? AND t.version = ? "
        f"AND ({ANNOTATED} OR t.id IN ({DECIDED_SENTENCE_IDS}))",
        [source_id, version],
    )
    return {row[0] for row in rows}


def _version_texts(store: Store, source_id: str, old: int, new: int) -> tuple[str, str]:
    """The full text of the old and the new version, for claim spans."""
    rows = dict(store.db.execute(
        "SELECT version, text FROM source_versions WHERE source_id = ? AND version IN (?, ?)", [source_id, old, new]
    ).fetchall())
    return rows[old], rows[new]


def _moved_span(claim: dict, old: Sentence | None, target: Sentence, texts: tuple[str, str]) -> tuple[int | None, int | None] | None:
    """A claim's span offsets in the new text, found by its quoted words; None when its words are gone.

    A whole-sentence claim stays whole, unless its sentence was merged into a longer one: then it keeps
    its old words (found exactly, else by rapidfuzz's best partial alignment) as a span, so two claims
    merged onto one sentence stay two distinct claims.
    """
    if claim["span_start"] is None or claim["span_end"] is None:
        if old is None or len(old.text) >= len(target.text) or fuzz.ratio(old.text, target.text) >= EDIT_SCORE:
            return claim["span_start"], claim["span_end"]  # the same sentence, perhaps edited: still the whole of it
        start, end = _words_in(old.text, target.text)
        return target.start + start, target.start + end
    quoted = texts[0][claim["span_start"] : claim["span_end"]]
    found = target.text.find(quoted)
    if not quoted or found < 0:
        return None
    return target.start + found, target.start + found + len(quoted)


def _words_in(old: str, merged: str) -> tuple[int, int]:
    """Where an old sentence's words sit inside the longer sentence it was merged into (placement vouched for it)."""
    found = merged.find(old)
    if found >= 0:
        return found, found + len(old)
    alignment = fuzz.partial_ratio_alignment(old, merged)
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and merged[start - 1].isalnum():  # an alignment may cut a word: take it whole
        start -= 1
    while end < len(merged) and merged[end].isalnum():
        end += 1
    while start < end and merged[start].isspace():
        start += 1
    while end > start and merged[end - 1].isspace():
        end -= 1
    return start, end


def _move(store: Store, table: str, key: tuple, updates: dict, owner: str, changes: dict) -> bool:
    """Move one row through the writer unless the rules refuse it (say, the new sentence already holds that link)."""
    writer = AnnotationWriter(store)
    try:
        with store.db.atomic():  # a savepoint: a refused move leaves nothing behind
            if table == "claims":
                moved = writer.move_claim(key[0], updates["sentence_id"], updates["span_start"], updates["span_end"])
            elif table == "links":
                moved = writer.move_link(key[0], updates["evidence_sentence_id"])
            elif table == "boilerplate":
                moved = writer.move_boilerplate(key[0], key[1], updates["sentence_id"])
            else:
                moved = writer.move_decision(key[0], updates["subject"])
    except InputError:
        return False
    changes[owner].extend(moved)
    return True


def _move_claims(store, old_sentences, placements, texts, report, changes) -> None:
    """Claims on the old version: to their placed sentence with spans shifted, or left as orphans."""
    marks = ", ".join("?" for _ in old_sentences)
    rows = store.db.execute(f"SELECT id FROM claims WHERE sentence_id IN ({marks}) ORDER BY id", list(old_sentences)).fetchall()
    for (claim_id,) in rows:
        claim = journal.read_row(store, "claims", (claim_id,))
        placement = placements.get(claim["sentence_id"])
        span = _moved_span(claim, old_sentences.get(claim["sentence_id"]), placement.sentence, texts) if placement else None
        updates = {"sentence_id": placement.sentence.id, "span_start": span[0], "span_end": span[1]} if span else None
        if updates and _move(store, "claims", (claim_id,), updates, claim["annotator"], changes):
            (report.exact if placement.how == EXACT else report.fuzzy)["claims"] += 1
        else:
            report.orphaned["claims"] += 1


def _move_links(store, source_id, version, placements, report, changes) -> None:
    """Links whose evidence sentence is on the old version: to the placed sentence, or left as orphans."""
    rows = store.db.execute(
        "SELECT l.id, l.evidence_sentence_id, l.annotator FROM links l JOIN sentences t ON t.id = l.evidence_sentence_id "
        "WHERE t.source_id = ? AND t.version = ? ORDER BY l.id", [source_id, version],
    ).fetchall()
    for link_id, sentence_id, annotator in rows:
        placement = placements.get(sentence_id)
        if placement and _move(store, "links", (link_id,), {"evidence_sentence_id": placement.sentence.id}, annotator, changes):
            (report.exact if placement.how == EXACT else report.fuzzy)["links"] += 1
        else:
            report.orphaned["links"] += 1


def _move_decisions(store: Store, placements: dict[int, Placement], changes: dict) -> None:
    """Gold decisions follow the sentences their subjects name, so exports keep them on the moved gold claims."""
    rows = store.db.execute("SELECT id, subject FROM decisions WHERE subject LIKE 'sentence:%' OR subject LIKE 'link:%'").fetchall()
    for decision_id, subject in rows:
        kind, *ids = subject.split(":")
        if not all(part.isdigit() for part in ids):
            continue
        moved = [str(placements[int(part)].sentence.id) if int(part) in placements else part for part in ids]
        if moved != ids:
            _move(store, "decisions", (decision_id,), {"subject": ":".join([kind, *moved])}, "gold", changes)


def _move_boilerplate(store, source_id, version, placements, report, changes) -> None:
    """Boilerplate flags on the old version: to the placed sentence, or left as orphans."""
    rows = store.db.execute(
        "SELECT b.sentence_id, b.annotator FROM boilerplate b JOIN sentences t ON t.id = b.sentence_id "
        "WHERE t.source_id = ? AND t.version = ? ORDER BY b.sentence_id, b.annotator", [source_id, version],
    ).fetchall()
    for sentence_id, annotator in rows:
        placement = placements.get(sentence_id)
        key = (sentence_id, annotator)
        if placement and _move(store, "boilerplate", key, {"sentence_id": placement.sentence.id}, annotator, changes):
            (report.exact if placement.how == EXACT else report.fuzzy)["boilerplate"] += 1
        else:
            report.orphaned["boilerplate"] += 1
