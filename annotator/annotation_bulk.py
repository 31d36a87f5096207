"""The one writer's bulk inserts, for import: many claims with their links, and many boilerplate flags, checked like single writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.annotation_rules import PLACE_SQL, Place, _check_set, _other_source
from annotator.errors import Refused


@dataclass
class NewClaim:
    """A claim for a bulk insert: sentence, span in source offsets, fields with timestamps, and link rows."""

    annotator: str
    sentence_id: int
    span_start: int | None
    span_end: int | None
    fields: dict  # claim_type, normalized, verdict, note, created_at, updated_at
    links: list[dict]  # evidence_sentence_id, relation, evidence_set, note, created_at, updated_at
    negatives: list[dict] = field(default_factory=list)  # passed-over suggestions: sentence_id, rank, shown_at


_CLAIM_COLUMNS = ("sentence_id", "annotator", "span_start", "span_end", "claim_type", "normalized", "verdict", "note",
                  "created_at", "updated_at")


class BulkWrites:
    """AnnotationWriter's bulk writes (import): they check each row with the writer's own rules."""

    def insert_claims(self, claims: list[NewClaim]) -> list[int]:
        """Many claims with their links and the file's timestamps, checked like single writes, in two bulk statements.

        Sentences may be of older versions (a file can name an article's earlier text); return the new claim ids.
        """
        places = self._places({c.sentence_id for c in claims} | {link["evidence_sentence_id"] for c in claims for link in c.links})
        keys = set()
        for claim in claims:
            self._check_new(claim, places)
            key = (claim.annotator, claim.sentence_id, claim.span_start, claim.span_end)
            if key in keys:
                raise Refused(f"two claims of {claim.annotator} cover the same span of sentence {places[claim.sentence_id].name}")
            keys.add(key)
            self._unique(claim.annotator, places[claim.sentence_id], claim.span_start, claim.span_end)
        for name in sorted({claim.annotator for claim in claims}):
            self.ensure_annotator(name)
        first = self.store.db.conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'claims'), 0), coalesce(max(id), 0)) + 1 FROM claims"
        ).fetchone()[0]
        self.store.db.conn.executemany(
            f"INSERT INTO claims (id, {', '.join(_CLAIM_COLUMNS)}) VALUES (?, {', '.join('?' * len(_CLAIM_COLUMNS))})",
            [(first + n, c.sentence_id, c.annotator, c.span_start, c.span_end, *(c.fields.get(k) for k in _CLAIM_COLUMNS[4:]))
             for n, c in enumerate(claims)],
        )
        self.store.db.conn.executemany(
            "INSERT INTO links (claim_id, evidence_sentence_id, relation, evidence_set, note, annotator, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + n, link["evidence_sentence_id"], link["relation"], link["evidence_set"], link["note"], c.annotator,
              link["created_at"], link["updated_at"]) for n, c in enumerate(claims) for link in c.links],
        )
        self.store.db.conn.executemany(
            "INSERT OR IGNORE INTO passed_suggestions (claim_id, sentence_id, annotator, rank, shown_at) VALUES (?, ?, ?, ?, ?)",
            [(first + n, negative["sentence_id"], c.annotator, negative["rank"], negative["shown_at"])
             for n, c in enumerate(claims) for negative in c.negatives],
        )
        return list(range(first, first + len(claims)))

    def insert_boilerplate(self, flags: list[tuple[str, int, str]]) -> int:
        """Many (annotator, sentence id, created at) flags; ones already there are kept. Return how many were added."""
        self._places({sentence_id for _, sentence_id, _ in flags})
        for name in sorted({annotator for annotator, _, _ in flags}):
            self.ensure_annotator(name)
        before = self.store.db.conn.total_changes
        self.store.db.conn.executemany("INSERT OR IGNORE INTO boilerplate (sentence_id, annotator, created_at) VALUES (?, ?, ?)",
                                       [(sentence_id, annotator, at) for annotator, sentence_id, at in flags])
        return self.store.db.conn.total_changes - before

    def _places(self, sentence_ids: set[int]) -> dict[int, Place]:
        """Many sentences at once (of any version), refusing ids that do not exist."""
        found: dict[int, Place] = {}
        ids = sorted(sentence_ids)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self.store.db.conn.execute(PLACE_SQL.replace("t.id = ?", f"t.id IN ({', '.join('?' * len(part))})"), part)
            found.update({row[0]: Place(*row[:7], bool(row[7])) for row in rows})
        missing = next((i for i in ids if i not in found), None)
        if missing is not None:
            raise Refused(f"sentence {missing} no longer exists")
        return found

    def _check_new(self, claim: NewClaim, places: dict[int, Place]) -> None:
        """The rules of add_claim and add_link, for one claim of a bulk insert."""
        self.check_labels(claim.fields)
        place = places[claim.sentence_id]
        if claim.span_start is not None:
            self.stored_span(place, (claim.span_start - place.start, claim.span_end - place.start))
        for link in claim.links:
            self.labels.check("relations", link["relation"])
            _check_set(link["evidence_set"])
            _other_source(place, places[link["evidence_sentence_id"]])
