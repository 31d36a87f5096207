"""Fixing sentence boundaries by hand: split a sentence before a word, or join it with the next one.

A fix is a new segmentation of a source's current text (the text is unchanged), shared by every
annotator, written through the one writer and journaled, so `u` / `annotator undo` restores the old
sentences and every annotation on them exactly. Sentence ids stay put: a split keeps the sentence's
id on its first part and gives the second a new one; a join keeps the first sentence's id.

What moves:

- split at OFFSET (code points within the sentence: where the second sentence begins, so the word
  starting there opens it; whitespace around the cut belongs to neither part): a claim goes to the
  part holding its span, a whole-sentence claim to the first part. A claim whose span the cut would
  break in two is refused (shorten the span first): a clipped span would be another claim. Links
  citing the sentence, boilerplate flags and rejected hints stay on the first part. A gold decision on
  the sentence as a claim (or on a link from it) goes where the claims it judged went: to the second
  part when every claim (every link to that evidence) went there, else it stays on the first, and the
  second part is a new question for the review.
- join with the next sentence: the next sentence's claims keep their spans, a whole-sentence claim
  becomes a span over the words that were its sentence (so two whole-sentence claims stay two
  claims); links, flags, rejections and decisions come along. A claim linked to both sentences is
  refused (one claim cannot cite one sentence twice).

Each fix is recorded in `boundary_fixes` with the text either side of the boundary, re-applied when a
corrected article is re-ingested (annotator.boundary_anchors). A split where a recorded join was (or
a join where a recorded split was) cancels that record instead; splitting a join open again gives
the second sentence back its id and everything the join carried onto the first, so a join followed
by a split restores the annotations exactly, like a split followed by a join.
"""

from __future__ import annotations

import json

from annotator import journal
from annotator.errors import InputError, Refused
from annotator.journal import RowChange
from annotator.sentence_sync import SentenceSync
from annotator.store import utc_now

CONTEXT = 40  # code points of text either side of a boundary that anchor a recorded fix
SENTENCE_ROW = 'SELECT id, source_id, version, idx, start, "end", text FROM sentences WHERE '


class BoundaryWriter:
    """Splits and joins over one AnnotationWriter; each call returns the RowChanges to journal."""

    def __init__(self, writer):
        self.writer = writer
        self.store = writer.store
        self.conn = writer.store.db.conn

    # --- reading ---------------------------------------------------------------------------

    def _sentence(self, where: str, params: list) -> dict | None:
        cursor = self.conn.execute(SENTENCE_ROW + where, params)
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def _later(self, row: dict) -> list[dict]:
        """The sentences after `row` in its version, in order."""
        cursor = self.conn.execute(SENTENCE_ROW + "source_id = ? AND version = ? AND idx > ? ORDER BY idx",
                                   [row["source_id"], row["version"], row["idx"]])
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor]

    def _text(self, source_id: str, version: int) -> str:
        return self.conn.execute("SELECT text FROM source_versions WHERE source_id = ? AND version = ?",
                                 [source_id, version]).fetchone()[0]

    def _fix(self, row: dict, kind: str, offset: int) -> dict | None:
        found = self.conn.execute("SELECT id FROM boundary_fixes WHERE source_id = ? AND version = ? AND kind = ? "
                                  'AND "offset" = ? ORDER BY id DESC', [row["source_id"], row["version"], kind, offset]).fetchone()
        return journal.read_row(self.store, "boundary_fixes", (found[0],)) if found else None

    def _free_id(self, wanted: int | None) -> int:
        """`wanted` if no sentence has it (a join split open again), else one past the largest id."""
        if wanted is not None and self._sentence("id = ?", [wanted]) is None:
            return wanted
        return (self.conn.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0) + 1

    # --- writing ---------------------------------------------------------------------------

    def _put(self, key: int, image: dict | None) -> RowChange:
        return self.writer._put("sentences", (key,), image)

    def _shift(self, rows: list[dict], delta: int) -> list[RowChange]:
        """Renumber sentences, in the order that never puts two on one index."""
        ordered = sorted(rows, key=lambda r: r["idx"], reverse=delta > 0)
        return [self._put(r["id"], {**r, "idx": r["idx"] + delta}) for r in ordered]

    def _record(self, annotator: str, row: dict, kind: str, offset: int, text: str, carried: dict) -> RowChange:
        self.writer.ensure_annotator(annotator)
        return self.writer._insert("boundary_fixes", {
            "source_id": row["source_id"], "version": row["version"], "kind": kind, "offset": offset,
            "before": text[max(0, offset - CONTEXT):offset], "after": text[offset:offset + CONTEXT],
            "annotator": annotator, "created_at": utc_now(), "carried": json.dumps(carried, sort_keys=True)})

    # --- split -----------------------------------------------------------------------------

    def split(self, annotator: str, sentence_id: int, at: int) -> list[RowChange]:
        """Split a current sentence so that a new one begins at code point `at` within it."""
        place = self.writer.place(sentence_id)
        text = place.text
        if not isinstance(at, int) or isinstance(at, bool) or not 0 < at < len(text):
            raise InputError(f"offset {at} is not inside sentence {place.name}: a split needs an offset from 1 to "
                             f"{len(text) - 1} (code points within the sentence, where the second sentence begins)")
        head, tail = text[:at].rstrip(), text[at:].lstrip()
        if not head or not tail:
            raise InputError(f"offset {at} of sentence {place.name} leaves only whitespace on one side")
        first_end, boundary = place.start + len(head), place.end - len(tail)
        claims = self._claims_on(place.id)
        for claim in claims:
            if claim["span_start"] is not None and claim["span_start"] < boundary and claim["span_end"] > first_end:
                raise Refused(f"claim {claim['id']} of {claim['annotator']} spans {claim['span_start'] - place.start}:"
                              f"{claim['span_end'] - place.start} of {place.name}, across offset {at}; shorten its span first")
        row = self._sentence("id = ?", [place.id])
        join_fix = self._fix(row, "join", boundary)
        carried = json.loads(join_fix["carried"]) if join_fix else {}
        second = {"id": self._free_id(carried.get("sentence")), "source_id": place.source_id, "version": place.version,
                  "idx": place.index + 1, "start": boundary, "end": place.end, "text": tail}
        first = {**row, "end": first_end, "text": head}
        sync = SentenceSync.of(self.store, [(row, first), (None, second)])
        changes = self._shift(self._later(row), +1)
        changes += [self._put(place.id, first), self._put(second["id"], second)]
        whole = set(carried.get("whole_claims", []))
        for claim in claims:
            if claim["span_start"] is not None and claim["span_start"] >= boundary:
                span = (None, None) if claim["id"] in whole and (claim["span_start"], claim["span_end"]) == (boundary, place.end) \
                    else (claim["span_start"], claim["span_end"])
                changes += self.writer.move_claim(claim["id"], second["id"], *span)
        changes += self._carry_back(carried, place.id, second["id"]) if join_fix else self._decisions_follow(place.id, second["id"])
        if join_fix:
            changes.append(self.writer._put("boundary_fixes", (join_fix["id"],), None))
        else:
            changes.append(self._record(annotator, row, "split", boundary, self._text(place.source_id, place.version), {}))
        sync.finish()
        return changes

    def _decisions_follow(self, first_id: int, second_id: int) -> list[RowChange]:
        """Gold decisions on the split sentence as a claim go where its claims went: to the second part when none stayed."""
        changes: list[RowChange] = []
        on = "SELECT 1 FROM claims c WHERE c.sentence_id = ?"
        cites = on + " AND EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id AND l.evidence_sentence_id = ?)"
        for decision_id, subject in self.conn.execute("SELECT id, subject FROM decisions WHERE subject = ? OR subject LIKE ? "
                                                      "ORDER BY id", [f"sentence:{first_id}", f"link:{first_id}:%"]).fetchall():
            kind, *ids = subject.split(":")
            query, evidence = (on, []) if kind == "sentence" else (cites, [int(ids[1])])
            if self.conn.execute(query, [first_id, *evidence]).fetchone() is None \
                    and self.conn.execute(query, [second_id, *evidence]).fetchone() is not None:
                changes += self.writer.move_decision(decision_id, ":".join([kind, str(second_id), *ids[1:]]))
        return changes

    def _claims_on(self, sentence_id: int) -> list[dict]:
        ids = self.conn.execute("SELECT id FROM claims WHERE sentence_id = ? ORDER BY id", [sentence_id]).fetchall()
        return [self.writer.claim_row(claim_id) for (claim_id,) in ids]

    def _carry_back(self, carried: dict, first_id: int, second_id: int) -> list[RowChange]:
        """What a recorded join brought onto the first sentence, given back to the second as the join found it."""
        changes: list[RowChange] = []
        for link_id in carried.get("links", []):
            link = journal.read_row(self.store, "links", (link_id,))
            if link is not None and link["evidence_sentence_id"] == first_id:
                changes += self.writer.move_link(link_id, second_id)
        for table, items in (("boilerplate", carried.get("boilerplate", [])), ("boilerplate_rejections", carried.get("rejections", []))):
            for annotator, created_at, moved in items:
                held = journal.read_row(self.store, table, (first_id, annotator))
                if held is None:
                    continue
                if moved and held["created_at"] == created_at:
                    changes.append(self.writer._put(table, (first_id, annotator), None))
                changes.append(self.writer._put(table, (second_id, annotator),
                                                {"sentence_id": second_id, "annotator": annotator, "created_at": created_at}))
        old_id = carried.get("sentence")
        for decision_id, subject, moved_to in carried.get("decisions", []):
            row = journal.read_row(self.store, "decisions", (decision_id,))
            if row is not None and row["subject"] == moved_to:
                kind, *ids = subject.split(":")
                changes += self.writer.move_decision(decision_id, ":".join([kind, *(str(second_id) if p == str(old_id) else p for p in ids)]))
        return changes

    # --- join ------------------------------------------------------------------------------

    def join(self, annotator: str, sentence_id: int) -> list[RowChange]:
        """Join a current sentence with the next one of its source."""
        place = self.writer.place(sentence_id)
        first = self._sentence("id = ?", [place.id])
        second = self._sentence("source_id = ? AND version = ? AND idx = ?", [place.source_id, place.version, place.index + 1])
        if second is None:
            raise InputError(f"sentence {place.name} is the last of {place.source_id}: there is no next sentence to join it with")
        twice = self.conn.execute("SELECT claim_id FROM links WHERE evidence_sentence_id IN (?, ?) GROUP BY claim_id "
                                  "HAVING count(*) > 1 ORDER BY claim_id", [first["id"], second["id"]]).fetchone()
        if twice:
            raise Refused(f"claim {twice[0]} cites both {place.name} and {place.source_id}:{place.index + 1}; "
                          "delete one of the two links first")
        text = self._text(place.source_id, place.version)
        joined = {**first, "end": second["end"], "text": text[first["start"]:second["end"]]}
        later = self._later(second)
        sync = SentenceSync.of(self.store, [(first, joined), (second, None)])
        changes = [self._put(first["id"], joined)]
        carried: dict = {"sentence": second["id"]}
        changes += self._bring_claims(second, first["id"], carried)
        changes += self._bring_rest(second, first["id"], carried)
        changes.append(self._put(second["id"], None))
        changes += self._shift(later, -1)
        split_fix = self._fix(first, "split", second["start"])
        if split_fix:
            changes.append(self.writer._put("boundary_fixes", (split_fix["id"],), None))
        else:
            changes.append(self._record(annotator, first, "join", second["start"], text, carried))
        sync.finish()
        return changes

    def _bring_claims(self, second: dict, first_id: int, carried: dict) -> list[RowChange]:
        """The second sentence's claims onto the joined one; a whole-sentence claim keeps its words as a span."""
        changes: list[RowChange] = []
        carried["whole_claims"] = []
        for claim in self._claims_on(second["id"]):
            span = (claim["span_start"], claim["span_end"])
            if span[0] is None:
                span = (second["start"], second["end"])
                carried["whole_claims"].append(claim["id"])
            changes += self.writer.move_claim(claim["id"], first_id, *span)
        return changes

    def _bring_rest(self, second: dict, first_id: int, carried: dict) -> list[RowChange]:
        """Links, flags, rejections and decisions on the second sentence, onto the joined one."""
        changes: list[RowChange] = []
        links = [row[0] for row in self.conn.execute("SELECT id FROM links WHERE evidence_sentence_id = ? ORDER BY id", [second["id"]])]
        for link_id in links:
            changes += self.writer.move_link(link_id, first_id)
        carried["links"] = links
        for table, name in (("boilerplate", "boilerplate"), ("boilerplate_rejections", "rejections")):
            carried[name] = []
            rows = self.conn.execute(f"SELECT annotator, created_at FROM {table} WHERE sentence_id = ? ORDER BY annotator", [second["id"]])
            for annotator, created_at in rows.fetchall():
                moved = journal.read_row(self.store, table, (first_id, annotator)) is None
                changes.append(self.writer._put(table, (second["id"], annotator), None))
                if moved:
                    changes.append(self.writer._put(table, (first_id, annotator),
                                                    {"sentence_id": first_id, "annotator": annotator, "created_at": created_at}))
                carried[name].append([annotator, created_at, moved])
        carried["decisions"] = []
        for decision_id, subject in self.conn.execute("SELECT id, subject FROM decisions WHERE subject LIKE 'sentence:%' "
                                                      "OR subject LIKE 'link:%' ORDER BY id").fetchall():
            kind, *ids = subject.split(":")
            if str(second["id"]) in ids:
                moved_to = ":".join([kind, *(str(first_id) if p == str(second["id"]) else p for p in ids)])
                changes += self.writer.move_decision(decision_id, moved_to)
                carried["decisions"].append([decision_id, subject, moved_to])
        return changes
