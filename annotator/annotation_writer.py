"""The one writer of annotation rows: every claim, link, boilerplate flag and gold decision is written here.

Each write checks the rules every caller shares — labels from the label set, evidence from another
source, a span inside its sentence, new annotations only on a source's current text, one relation per
evidence set — and returns the rows it changed as journal `RowChange`s, the undo record. Writes run
inside the caller's transaction; `journaled` opens one and appends the journal entry.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator import journal
from annotator.annotation_bulk import BulkWrites
from annotator.annotation_rules import MAX_ROW_ID, PLACE_SQL, Place, _check_set, _other_source
from annotator.errors import InputError, Refused
from annotator.journal import RowChange
from annotator.labels import LabelSet, default_labels
from annotator.names import ANNOTATOR_NAME, lookalike_problem, normalised
from annotator.store import Store, utc_now
from annotator.terminal_text import control_problem

CLAIM_FIELDS = ("claim_type", "normalized", "verdict", "note")
LINK_FIELDS = ("relation", "evidence_set", "note")
_LABELLED = {"claim_type": "claim_types", "verdict": "verdicts", "relation": "relations"}


def journaled(store: Store, annotator: str, action: str, mutate: Callable[[], list[RowChange]]) -> list[RowChange]:
    """Run `mutate` and journal its row changes as one action, in one transaction; committed when this returns."""
    with store.db.atomic():
        changes = mutate()
        if changes:
            journal.append(store, annotator, "do", action, changes)
    return changes


class AnnotationWriter(BulkWrites):
    """Writes annotation rows over one store, checking every invariant; each method returns its RowChanges."""

    def __init__(self, store: Store, labels: LabelSet | None = None):
        self.store = store
        self.labels = labels or default_labels()
        self._known_annotators: set[str] = set()

    # --- the rules ----------------------------------------------------------------------------

    def place(self, sentence_id: int, current: bool = True) -> Place:
        """The sentence a write names; refused when it is gone, or (for new annotations) not on the current text."""
        row = self.store.db.conn.execute(PLACE_SQL, [sentence_id]).fetchone()
        if row is None:
            raise Refused(f"sentence {sentence_id} no longer exists")
        place = Place(*row[:7], bool(row[7]))
        if current and not place.current:
            raise Refused(f"sentence {place.name} is on version {place.version} of {place.source_id}, which was corrected "
                          "since: nothing is marked on old text")
        return place

    def claim_row(self, claim_id: int) -> dict:
        """The stored claim, or a refusal saying whether it never existed or was removed since."""
        row = journal.read_row(self.store, "claims", (claim_id,)) if 0 < claim_id <= MAX_ROW_ID else None
        if row is None:
            raise Refused(self._gone("claims", "claim", claim_id))
        return row

    def link_row(self, link_id: int) -> dict:
        """The stored link, or a refusal saying whether it never existed or was removed since."""
        row = journal.read_row(self.store, "links", (link_id,)) if 0 < link_id <= MAX_ROW_ID else None
        if row is None:
            raise Refused(self._gone("links", "link", link_id))
        return row

    def _gone(self, table: str, what: str, row_id: int) -> str:
        """Why a row id names nothing: ids are never reused (AUTOINCREMENT), so one past the highest ever given never existed."""
        highest = self.store.db.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
        if highest is None or not 0 < row_id <= highest[0]:
            return f"there is no {what} {row_id} in this database (no {what} was ever given that number)"
        return f"{what} {row_id} no longer exists: it was removed (by an undo, a removal, or another window or process)"

    def check_labels(self, fields: dict) -> None:
        """Claim types, verdicts and relations must be ids of the label set (None clears a field); texts hold no terminal controls."""
        refuse_controls(fields)
        for name, vocabulary in _LABELLED.items():
            if name in fields:
                self.labels.check(vocabulary, fields[name])

    @staticmethod
    def stored_span(place: Place, span: tuple[int, int] | None) -> tuple[int | None, int | None]:
        """A span given inside the sentence as the stored source offsets; refused unless 0 <= start < end <= length."""
        if span is None:
            return None, None
        start, end = span
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(place.text)):
            raise InputError(f"span {start}:{end} is not inside sentence {place.name} "
                             f"(code points 0 to {len(place.text)}, start before end)")
        return place.start + start, place.start + end

    def _unique(self, annotator: str, place: Place, span_start: int | None, span_end: int | None, claim_id: int = 0) -> None:
        """One claim per annotator, sentence and span: a second would be the same claim twice (exports name claims so)."""
        twin = self.store.db.conn.execute(
            "SELECT id FROM claims WHERE sentence_id = ? AND annotator = ? AND span_start IS ? AND span_end IS ? AND id != ?",
            [place.id, annotator, span_start, span_end, claim_id]).fetchone()
        if twin:
            what = "the whole of" if span_start is None else f"span {span_start - place.start}:{span_end - place.start} of"
            raise Refused(f"claim {twin[0]} of {annotator} already covers {what} sentence {place.name}")

    def ensure_annotator(self, name: str) -> None:
        """Register an annotator once (every row belongs to one); a known name costs no write."""
        if name in self._known_annotators:
            return
        if not self.store.db.execute("SELECT 1 FROM annotators WHERE name = ?", [name]).fetchone():
            self._refuse_lookalike(name)
            self.store.db.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [name, utc_now()])
        self._known_annotators.add(name)

    def _refuse_lookalike(self, name: str) -> None:
        """Refuse a new annotator who is a known one in other Unicode code points (NFC vs NFD)."""
        key = normalised(name)
        for (known,) in self.store.db.execute("SELECT name FROM annotators"):
            problem = lookalike_problem(name, known if normalised(known) == key else None, ANNOTATOR_NAME)
            if problem:
                raise InputError(problem)

    # --- row images ---------------------------------------------------------------------------

    def _put(self, table: str, key: tuple, after: dict | None) -> RowChange:
        """Make one row equal `after` (None deletes it) and return its before/after images."""
        before = journal.read_row(self.store, table, key)
        journal.write_row(self.store, table, key, after)
        return RowChange(table, key, before, journal.read_row(self.store, table, key))

    def _insert(self, table: str, values: dict) -> RowChange:
        """Insert one row with a fresh id and return its after image."""
        columns = ", ".join(f'"{name}"' for name in values)
        cursor = self.store.db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})",
                                            list(values.values()))
        key = (cursor.lastrowid,)
        return RowChange(table, key, None, journal.read_row(self.store, table, key))

    # --- claims -------------------------------------------------------------------------------

    def add_claim(self, annotator: str, sentence_id: int, span: tuple[int, int] | None = None, *, current: bool = True,
                  created_at: str | None = None, updated_at: str | None = None, **fields) -> RowChange:
        """A new claim on a sentence (span inside it, None for the whole sentence); its key holds the new id."""
        _known(fields, CLAIM_FIELDS, "claim")
        self.check_labels(fields)
        place = self.place(sentence_id, current)
        span_start, span_end = self.stored_span(place, span)
        self._unique(annotator, place, span_start, span_end)
        self.ensure_annotator(annotator)
        now = utc_now()
        return self._insert("claims", {"sentence_id": sentence_id, "annotator": annotator, "span_start": span_start,
                                       "span_end": span_end, **fields, "created_at": created_at or now,
                                       "updated_at": updated_at or created_at or now})

    def set_claim(self, claim_id: int, **fields) -> list[RowChange]:
        """Change a claim's labels, texts or span (`span=None` makes it the whole sentence); [] when nothing changes."""
        _known(fields, (*CLAIM_FIELDS, "span"), "claim")
        self.check_labels(fields)
        before = self.claim_row(claim_id)
        updates = {name: value for name, value in fields.items() if name != "span"}
        if "span" in fields:
            place = self.place(before["sentence_id"], current=False)
            updates["span_start"], updates["span_end"] = self.stored_span(place, fields["span"])
            self._unique(before["annotator"], place, updates["span_start"], updates["span_end"], claim_id)
        if all(before[name] == value for name, value in updates.items()):
            return []
        return [self._put("claims", (claim_id,), {**before, **updates, "updated_at": utc_now()})]

    def remove_claim(self, claim_id: int) -> list[RowChange]:
        """Delete a claim with its links."""
        self.claim_row(claim_id)
        link_ids = [row[0] for row in self.store.db.execute("SELECT id FROM links WHERE claim_id = ? ORDER BY id", [claim_id])]
        return [self._put("links", (link_id,), None) for link_id in link_ids] + [self._put("claims", (claim_id,), None)]

    def move_claim(self, claim_id: int, sentence_id: int, span_start: int | None, span_end: int | None) -> list[RowChange]:
        """Put a claim on another sentence (re-anchoring, re-attaching) with its span in that sentence's source offsets."""
        before = self.claim_row(claim_id)
        place = self.place(sentence_id, current=False)
        if span_start is not None:
            self.stored_span(place, (span_start - place.start, span_end - place.start))
        self._unique(before["annotator"], place, span_start, span_end, claim_id)
        for link_row in self.store.db.execute("SELECT evidence_sentence_id FROM links WHERE claim_id = ?", [claim_id]).fetchall():
            if self.place(link_row[0], current=False).source_id == place.source_id:
                raise InputError(f"claim:{claim_id} has evidence in {place.source_id}; a claim cannot cite its own source")
        after = {**before, "sentence_id": sentence_id, "span_start": span_start, "span_end": span_end}
        return [self._put("claims", (claim_id,), after)]

    # --- links --------------------------------------------------------------------------------

    def add_link(self, annotator: str, claim_id: int, evidence_sentence_id: int, relation: str,
                 evidence_set: int | None = None, note: str | None = None, *, current: bool = True,
                 created_at: str | None = None, updated_at: str | None = None) -> list[RowChange]:
        """Link a claim to evidence (or change the existing link's relation and set); [] when nothing changes.

        A set holds one relation: linking into set N with relation R gives every link of set N relation R.
        """
        self.labels.check("relations", relation)
        refuse_controls({"note": note})
        _check_set(evidence_set)
        claim = self.claim_row(claim_id)
        claim_place = self.place(claim["sentence_id"], current)
        evidence = self.place(evidence_sentence_id, current)
        _other_source(claim_place, evidence)
        existing = self.store.db.conn.execute("SELECT id FROM links WHERE claim_id = ? AND evidence_sentence_id = ?",
                                         [claim_id, evidence_sentence_id]).fetchone()
        if existing:
            changes = self.set_link(existing[0], relation=relation, evidence_set=evidence_set)
        else:
            self.ensure_annotator(annotator)
            now = utc_now()
            changes = [self._insert("links", {"claim_id": claim_id, "evidence_sentence_id": evidence_sentence_id,
                                              "relation": relation, "evidence_set": evidence_set, "note": note,
                                              "annotator": annotator, "created_at": created_at or now,
                                              "updated_at": updated_at or created_at or now})]
        return changes + self._relabel_set(claim_id, evidence_set, relation)

    def set_link(self, link_id: int, **fields) -> list[RowChange]:
        """Change a link's relation, evidence set or note; [] when nothing changes."""
        _known(fields, LINK_FIELDS, "link")
        self.check_labels(fields)
        _check_set(fields.get("evidence_set"))
        before = self.link_row(link_id)
        if all(before[name] == value for name, value in fields.items()):
            return []
        return [self._put("links", (link_id,), {**before, **fields, "updated_at": utc_now()})]

    def _relabel_set(self, claim_id: int, evidence_set: int | None, relation: str) -> list[RowChange]:
        """Give every link of one evidence set the set's relation."""
        if evidence_set is None:
            return []
        rows = self.store.db.execute("SELECT id FROM links WHERE claim_id = ? AND evidence_set = ? AND relation != ? ORDER BY id",
                                     [claim_id, evidence_set, relation]).fetchall()
        return [change for (link_id,) in rows for change in self.set_link(link_id, relation=relation)]

    def remove_link(self, link_id: int) -> list[RowChange]:
        """Delete one link."""
        self.link_row(link_id)
        return [self._put("links", (link_id,), None)]

    def move_link(self, link_id: int, evidence_sentence_id: int) -> list[RowChange]:
        """Point a link's evidence side at another sentence (of another source than its claim, not linked yet)."""
        before = self.link_row(link_id)
        evidence = self.place(evidence_sentence_id, current=False)
        _other_source(self.place(self.claim_row(before["claim_id"])["sentence_id"], current=False), evidence)
        if self.store.db.execute("SELECT 1 FROM links WHERE claim_id = ? AND evidence_sentence_id = ? AND id != ?",
                                 [before["claim_id"], evidence_sentence_id, link_id]).fetchone():
            raise Refused(f"claim:{before['claim_id']} is already linked to {evidence.name}")
        return [self._put("links", (link_id,), {**before, "evidence_sentence_id": evidence_sentence_id})]

    # --- passed-over suggestions -----------------------------------------------------------------

    def record_passed_over(self, annotator: str, claim_id: int, shown: list[tuple[int, int]], shown_at: str | None = None) -> int:
        """Record (sentence id, rank) suggestions shown for a claim and not linked, as hard negatives; return how many are new.

        Not journaled (seeing is not an action to undo). A sentence already recorded for the claim keeps its first rank;
        one the claim links to, of the claim's own source, or gone is skipped, and a claim gone since records nothing.
        """
        claim = journal.read_row(self.store, "claims", (claim_id,))
        if claim is None or not shown:
            return 0
        claim_source = self.place(claim["sentence_id"], current=False).source_id
        linked = {row[0] for row in self.store.db.conn.execute("SELECT evidence_sentence_id FROM links WHERE claim_id = ?", [claim_id])}
        ids = sorted({sentence_id for sentence_id, _ in shown})
        sources = dict(self.store.db.conn.execute(f"SELECT id, source_id FROM sentences WHERE id IN ({', '.join('?' * len(ids))})", ids))
        rows = [(claim_id, sentence_id, annotator, rank, shown_at or utc_now()) for sentence_id, rank in shown
                if sentence_id not in linked and sources.get(sentence_id, claim_source) != claim_source]
        self.ensure_annotator(annotator)
        before = self.store.db.conn.total_changes
        self.store.db.conn.executemany("INSERT OR IGNORE INTO passed_suggestions (claim_id, sentence_id, annotator, rank, shown_at) "
                                       "VALUES (?, ?, ?, ?, ?)", rows)
        return self.store.db.conn.total_changes - before

    # --- boilerplate --------------------------------------------------------------------------

    def set_boilerplate(self, annotator: str, sentence_id: int, flagged: bool, *, current: bool = True,
                        created_at: str | None = None) -> list[RowChange]:
        """Flag or unflag one sentence as boilerplate for an annotator; [] when it already is as asked."""
        key = (sentence_id, annotator)
        before = journal.read_row(self.store, "boilerplate", key)
        if (before is not None) == flagged:
            return []
        if not flagged:
            return [self._put("boilerplate", key, None)]
        self.place(sentence_id, current)
        self.ensure_annotator(annotator)
        return [self._put("boilerplate", key, {"sentence_id": sentence_id, "annotator": annotator,
                                               "created_at": created_at or utc_now()})]

    def set_rejection(self, annotator: str, sentence_id: int, rejected: bool) -> list[RowChange]:
        """Record (or drop) that an annotator kept a suggested-boilerplate sentence as article text; [] when already so."""
        key = (sentence_id, annotator)
        if (journal.read_row(self.store, "boilerplate_rejections", key) is not None) == rejected:
            return []
        if not rejected:
            return [self._put("boilerplate_rejections", key, None)]
        self.place(sentence_id, current=False)
        self.ensure_annotator(annotator)
        return [self._put("boilerplate_rejections", key, {"sentence_id": sentence_id, "annotator": annotator,
                                                           "created_at": utc_now()})]

    def move_boilerplate(self, sentence_id: int, annotator: str, target_id: int) -> list[RowChange]:
        """Move a flag (keyed by its sentence): the old key deleted, the target flagged with the same time."""
        before = journal.read_row(self.store, "boilerplate", (sentence_id, annotator))
        target = self.place(target_id, current=False)
        if journal.read_row(self.store, "boilerplate", (target_id, annotator)) is not None:
            raise Refused(f"{target.name} is already flagged as boilerplate by {annotator}")
        self.store.db.conn.execute("UPDATE boilerplate SET sentence_id = ? WHERE sentence_id = ? AND annotator = ?",
                                   [target_id, sentence_id, annotator])  # in place: the row keeps its rowid
        return [RowChange("boilerplate", (sentence_id, annotator), before, None),
                RowChange("boilerplate", (target_id, annotator), None, journal.read_row(self.store, "boilerplate", (target_id, annotator)))]

    # --- boundaries ---------------------------------------------------------------------------

    def split_sentence(self, annotator: str, sentence_id: int, at: int) -> list[RowChange]:
        """A new sentence begins at code point `at` within a current sentence; its annotations go with their spans."""
        from annotator.boundaries import BoundaryWriter

        return BoundaryWriter(self).split(annotator, sentence_id, at)

    def join_sentences(self, annotator: str, sentence_id: int) -> list[RowChange]:
        """A current sentence and the next one of its source become one, with every annotation of both."""
        from annotator.boundaries import BoundaryWriter

        return BoundaryWriter(self).join(annotator, sentence_id)

    # --- decisions ----------------------------------------------------------------------------

    def set_source_done(self, annotator: str, source_id: str, done: bool) -> list[RowChange]:
        """An annotator's done mark on a source, set or taken off; nothing when it already is so."""
        key = (source_id, annotator)
        if (journal.read_row(self.store, "sources_done", key) is not None) == done:
            return []
        self.ensure_annotator(annotator)
        return [self._put("sources_done", key, {"source_id": source_id, "annotator": annotator,
                                                 "created_at": utc_now()} if done else None)]

    def set_assignment(self, source_id: str, annotator: str, assigned_by: str, assigned: bool) -> list[RowChange]:
        """A source assigned to an annotator (or no longer); nothing when it already is so."""
        key = (source_id, annotator)
        if (journal.read_row(self.store, "assignments", key) is not None) == assigned:
            return []
        self.ensure_annotator(annotator)
        return [self._put("assignments", key, {"source_id": source_id, "annotator": annotator, "assigned_by": assigned_by,
                                               "created_at": utc_now()} if assigned else None)]

    def add_decision(self, subject: str, decided_by: str, payload: str, reason: str | None = None,
                     decided_at: str | None = None) -> RowChange:
        """One gold decision: its subject, who decided, when, why, and the answers behind it (JSON text)."""
        refuse_controls({"reason": reason})
        return self._insert("decisions", {"subject": subject, "decided_by": decided_by, "decided_at": decided_at or utc_now(),
                                          "reason": reason, "payload": payload})

    def move_decision(self, decision_id: int, subject: str) -> list[RowChange]:
        """Point a decision at another subject (its sentences moved with a corrected article)."""
        before = journal.read_row(self.store, "decisions", (decision_id,))
        return [self._put("decisions", (decision_id,), {**before, "subject": subject})]


def refuse_controls(fields: dict) -> None:
    """Refuse a note, normalised text or reason holding a terminal control character: shown, it would drive the terminal."""
    for name, value in fields.items():
        problem = control_problem(value) if isinstance(value, str) else None
        if problem:
            what = {"normalized": "normalised text"}.get(name, name.replace("_", " "))
            raise InputError(f"the {what} holds {problem[1]}, which would drive the terminal it is shown in; remove it")


def _known(fields: dict, allowed: tuple[str, ...], what: str) -> None:
    """Refuse field names a row does not have (a programming error, not the user's)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not {what} fields: {sorted(unknown)}")
