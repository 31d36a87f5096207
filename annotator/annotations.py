"""Annotation state for one annotator: the app's actions (claims, links, boilerplate, undo/redo) and its reads."""

from __future__ import annotations

from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass

from annotator import annotation_store, journal
from annotator.actions import Actions, Replayed
from annotator.annotation_store import Claim, Link
from annotator.labels import LabelSet
from annotator.store import Sentence, Store, utc_now

LINKS_KEPT = 16_384  # Link objects kept for rows read again (a claim's links are read on every key that shows it)


@dataclass(frozen=True, slots=True)
class SentenceState:
    """What one annotator has said about one sentence, as the article view shows it."""

    claim_id: int | None = None
    claim_type: str | None = None
    verdict: str | None = None
    links: tuple[tuple[str, int], ...] = ()  # (relation, how many) of the links from the sentence's claims
    boilerplate: bool = False
    evidence_for: int = 0  # how many claims elsewhere cite this sentence
    claims: int = 0  # how many claims of the annotator the sentence holds (the fields above are the first one's)
    spans: tuple[tuple[int, int], ...] = ()  # the narrower spans among them, inside the sentence
    suggested_boilerplate: str | None = None  # why ingest took it for scrape residue, until confirmed or rejected

    def count(self, relation: str) -> int:
        """How many links of one relation the sentence's claims have."""
        return dict(self.links).get(relation, 0)


class Annotations:
    """The writes and reads of annotation state for one annotator over one store; writes go through `Actions`."""

    def __init__(self, store: Store, annotator: str, labels: LabelSet | None = None):
        self.store = store
        self.annotator = annotator
        self.actions = Actions(store, annotator, labels)
        self._links_made: dict[tuple, Link] = {}  # link row as read -> the Link built from it
        self._links_read: dict[int, list[Link]] = {}  # claim id -> its links, as of `_links_stamp`
        self._links_stamp: tuple | None = None  # the store's change stamp when `_links_read` was last true
        if not getattr(store, "readonly", False):  # a read-only store only reads
            self.actions.writer.ensure_annotator(annotator)

    # --- writes (each one journaled, undoable action) -----------------------------------------

    def mark_claim(self, sentence_id: int) -> int:
        """The sentence's first claim of this annotator, or a new whole-sentence claim; return its id."""
        existing = self.claim_id_for(sentence_id)
        return existing if existing is not None else self.actions.add_claim(sentence_id)

    def add_claim(self, sentence_id: int, span: tuple[int, int] | None = None, **fields) -> int:
        """Another claim on a sentence, the whole of it or a span inside it; return its id."""
        return self.actions.add_claim(sentence_id, span, **fields)

    def unmark_claim(self, claim_id: int) -> None:
        """Remove a claim and its links together (one undoable action)."""
        self.actions.remove_claim(claim_id)

    def update_claim(self, claim_id: int, **fields) -> None:
        """Set claim type, verdict, note, normalised text or span (None clears a field)."""
        self.actions.set_claim(claim_id, **fields)

    def toggle_boilerplate(self, sentence_id: int) -> bool:
        """Flip the boilerplate flag of a sentence; return the new state."""
        now_flagged = journal.read_row(self.store, "boilerplate", (sentence_id, self.annotator)) is None
        self.actions.set_boilerplate([sentence_id], now_flagged)
        return now_flagged

    def mark_boilerplate(self, sentence_ids: list[int]) -> int:
        """Flag many sentences as boilerplate in one undoable action; return how many changed."""
        return self.actions.set_boilerplate(sentence_ids, True, "mark boilerplate to end")

    def confirm_suggested_boilerplate(self, sentence_ids: list[int]) -> int:
        """Mark suggested boilerplate as this annotator's boilerplate, in one undoable action; return how many changed."""
        return self.actions.confirm_suggested_boilerplate(sentence_ids)

    def reject_suggested_boilerplate(self, sentence_id: int) -> bool:
        """Keep a suggested sentence as article text (and unflag it, if flagged); return False if nothing changed."""
        return self.actions.reject_suggested_boilerplate(sentence_id)

    def link(self, claim_id: int, evidence_sentence_id: int, relation: str, note: str | None = None,
             evidence_set: int | None = None) -> int:
        """Link a claim to an evidence sentence, or change the relation of the existing link; return its id."""
        return self.actions.link(claim_id, evidence_sentence_id, relation, evidence_set, note)

    def link_passing_over(self, claim_id: int, evidence_sentence_id: int, relation: str, passed: list[tuple[int, int]],
                          evidence_set: int | None = None) -> int:
        """Link (as `link`) and store the suggestions passed over for the claim, in one transaction; return the link's id.

        The links read before stay true but for the one written, which is put in from its row (the panel reads the
        claim's links after every key: hundreds of them read again for one link).
        """
        with self.store.db.atomic():
            unchanged = self._links_stamp == self.store.change_stamp()  # in the write lock: no other commit comes between
            link_id = self.link(claim_id, evidence_sentence_id, relation, evidence_set=evidence_set)
            if passed:
                self.actions.writer.record_passed_over(self.annotator, claim_id, passed)
        if unchanged:
            self._put_link(claim_id, link_id)
        return link_id

    def link_set(self, claim_id: int, evidence_sentence_ids: list[int], relation: str) -> int:
        """Link several evidence sentences as one new evidence set, in one undoable action; return the set's number."""
        number = self.actions.next_evidence_set(claim_id)
        with self.actions.batch(f"link set {relation}"):
            for evidence_sentence_id in evidence_sentence_ids:
                self.actions.link(claim_id, evidence_sentence_id, relation, number)
        return number

    def unlink(self, link_id: int) -> None:
        """Delete one link."""
        self.actions.unlink(link_id)

    def record_passed_over(self, claim_id: int, shown: list[tuple[int, int]]) -> int:
        """Store (sentence id, rank) suggestions shown for a claim and not linked, in one transaction; return how many are new."""
        with self.store.db.atomic():
            return self.actions.writer.record_passed_over(self.annotator, claim_id, shown)

    def split_sentence(self, sentence_id: int, at: int) -> None:
        """Split a sentence so a new one begins at code point `at` within it (one undoable action, for everyone)."""
        self.actions.split_sentence(sentence_id, at)

    def join_sentences(self, sentence_id: int) -> None:
        """Join a sentence with the next one of its source (one undoable action, for everyone)."""
        self.actions.join_sentences(sentence_id)

    def undo(self) -> str | None:
        """Undo this annotator's latest action still done; return its name, or None if there is none."""
        return self.actions.undo()

    def redo(self) -> str | None:
        """Redo the latest undone action; return its name, or None if there is none."""
        return self.actions.redo()

    def replay(self, backwards: bool) -> Replayed | None:
        """Undo (backwards) or redo one action; say what it was and which sentences and sources it changed."""
        return self.actions.replay(backwards)

    # --- reads --------------------------------------------------------------------------------

    def claim_id_for(self, sentence_id: int) -> int | None:
        """This annotator's first claim on a sentence (whole-sentence first, then by span), if any."""
        claims = self.claims_on(sentence_id)
        return claims[0].id if claims else None

    def claims_on(self, sentence_id: int) -> list[Claim]:
        """This annotator's claims on a sentence, whole-sentence first, then by span."""
        return annotation_store.claims_on(self.store, sentence_id, self.annotator)

    def claim(self, claim_id: int) -> Claim | None:
        """One claim."""
        return annotation_store.claim(self.store, claim_id)

    def links_of(self, claim_id: int) -> list[Link]:
        """A claim's links with their evidence sentences, by source and position.

        Read again only when the database changed since the last read of this claim (the panel reads them on
        every key), and rows read before give back the Links built then.
        """
        stamp = self.store.change_stamp()
        if stamp != self._links_stamp or len(self._links_read) > LINKS_KEPT:
            self._links_stamp, self._links_read = stamp, {}
        read = self._links_read.get(claim_id)
        if read is not None:
            return list(read)
        if len(self._links_made) > LINKS_KEPT:
            self._links_made.clear()
        links = self._links_read[claim_id] = annotation_store.links_of(self.store, claim_id, self._links_made)
        return list(links)

    def _put_link(self, claim_id: int, link_id: int) -> None:
        """After this connection's own write of one link, and nothing else since the links were read: put that link in.

        Reads the one row. A link in an evidence set may have relabelled the whole set, so then the claim is read again.
        """
        links = self._links_read.get(claim_id)
        stamp = self.store.change_stamp()
        written = annotation_store.link(self.store, link_id, self._links_made)
        self._links_stamp = stamp  # the other claims' links did not change
        if links is None:
            return
        if written is None or written.claim_id != claim_id or written.evidence_set is not None:
            del self._links_read[claim_id]
            return
        kept = [link for link in links if link.id != link_id]
        kept.insert(bisect_right(kept, _link_order(written), key=_link_order), written)
        self._links_read[claim_id] = kept

    @contextmanager
    def _links_kept(self):
        """Around a write of this connection that changes no link: the links read before stay true after it.

        Kept only when they were true before and no other connection committed meanwhile (its `data_version` is unchanged).
        """
        before = self.store.change_stamp()
        yield
        after = self.store.change_stamp()
        if before == self._links_stamp and after[1] == before[1]:
            self._links_stamp = after

    def citing_claims(self, sentence_id: int) -> list[tuple[Link, Claim, Sentence]]:
        """This annotator's links that cite a sentence as evidence, with their claims and claim sentences."""
        return annotation_store.citing_links(self.store, sentence_id, self.annotator)

    def sentence_states(self, source_id: str | None = None, sentence_ids: list[int] | None = None) -> dict[int, SentenceState]:
        """Annotation state of annotated sentences (of one source, of given ids, or all), by sentence id.

        Only sentences with a claim, a boilerplate flag or an incoming link appear; the rest are plain.
        """
        where, params = "", {"who": self.annotator}
        if source_id is not None:
            where, params["source"] = "AND t.source_id = :source", source_id
        ids = ""  # given ids: each table is searched for them by its index, not read whole
        if sentence_ids is not None:
            ids = f"IN ({', '.join(str(int(i)) for i in sentence_ids) or 'NULL'})"
            where += f" AND t.id {ids}"
        only = (lambda column: f"AND {column} {ids}") if ids else (lambda column: "")
        rows = self.store.db.execute(
            f"""
            WITH annotated (id) AS (
              SELECT sentence_id FROM claims WHERE annotator = :who {only("sentence_id")}
              UNION SELECT sentence_id FROM boilerplate WHERE annotator = :who {only("sentence_id")}
              UNION SELECT evidence_sentence_id FROM links WHERE annotator = :who {only("evidence_sentence_id")}
              UNION SELECT sentence_id FROM suggested_boilerplate WHERE 1 {only("sentence_id")})
            SELECT t.id, c.id, c.claim_type, c.verdict,
              (SELECT group_concat(relation || ' ' || n, ' ') FROM (SELECT l.relation, count(*) AS n FROM links l
                JOIN claims k ON k.id = l.claim_id WHERE k.sentence_id = t.id AND k.annotator = :who
                GROUP BY l.relation ORDER BY l.relation)),
              EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator = :who),
              (SELECT count(*) FROM links l WHERE l.evidence_sentence_id = t.id AND l.annotator = :who),
              (SELECT count(*) FROM claims k WHERE k.sentence_id = t.id AND k.annotator = :who),
              (SELECT group_concat((k.span_start - t.start) || ':' || (k.span_end - t.start), ' ') FROM claims k
                WHERE k.sentence_id = t.id AND k.annotator = :who AND k.span_start IS NOT NULL),
              (SELECT sb.reason FROM suggested_boilerplate sb WHERE sb.sentence_id = t.id
                AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = t.id AND b.annotator = :who)
                AND NOT EXISTS (SELECT 1 FROM boilerplate_rejections r WHERE r.sentence_id = t.id AND r.annotator = :who))
            FROM annotated a JOIN sentences t ON t.id = a.id
            LEFT JOIN claims c ON c.id = (SELECT k.id FROM claims k WHERE k.sentence_id = t.id AND k.annotator = :who
              ORDER BY k.span_start IS NOT NULL, k.span_start, k.span_end, k.id LIMIT 1)
            WHERE 1 {where}
            """,
            params,
        )
        return {row[0]: SentenceState(*row[1:4], links=_counts(row[4]), boilerplate=bool(row[5]), evidence_for=row[6],
                                      claims=row[7], spans=_spans(row[8]), suggested_boilerplate=row[9]) for row in rows}

    def claim_sentence_ids(self, source_id: str | None = None) -> list[tuple[str, int, int]]:
        """(source id, index, sentence id) of the sentences holding this annotator's claims, in reading order."""
        query = (
            "SELECT DISTINCT t.source_id, t.idx, t.id FROM claims c JOIN sentences t ON t.id = c.sentence_id "
            "JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE c.annotator = ?"
        )
        params: list = [self.annotator]
        if source_id is not None:
            query += " AND t.source_id = ?"
            params.append(source_id)
        return [tuple(row) for row in self.store.db.execute(query + " ORDER BY t.source_id, t.idx", params)]

    def progress(self) -> dict[str, dict]:
        """Per source (current version): this annotator's claims, linked claims, boilerplate and furthest read."""
        return annotator_progress(self.store, self.annotator)

    def remember_position(self, source_id: str, index: int, furthest: int | None = None) -> None:
        """Save where the annotator is in a source; the furthest index read counts as reviewed.

        The app saves it every couple of seconds: the links read before stay true (a position is no link).
        """
        furthest = index if furthest is None else max(index, furthest)
        with self._links_kept():
            self.store.db.execute(
                "INSERT INTO positions (source_id, annotator, current_idx, furthest_idx, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (source_id, annotator) DO UPDATE SET current_idx = excluded.current_idx, "
                "furthest_idx = max(furthest_idx, excluded.furthest_idx), updated_at = excluded.updated_at",
                [source_id, self.annotator, index, furthest, utc_now()],
            )

    def position(self, source_id: str) -> tuple[int, int]:
        """(current, furthest) sentence index of the annotator in a source."""
        row = self.store.db.execute(
            "SELECT current_idx, furthest_idx FROM positions WHERE source_id = ? AND annotator = ?",
            [source_id, self.annotator],
        ).fetchone()
        return (row[0], row[1]) if row else (0, -1)


def _link_order(link: Link) -> tuple[str, int]:
    """Where a link stands among its claim's links, as `annotation_store.links_of` orders them."""
    return link.evidence.source_id, link.evidence.index


def _counts(text: str | None) -> tuple[tuple[str, int], ...]:
    """`"conflicts 1 corroborates 2"` (group_concat of relation counts) as (relation, count) pairs."""
    words = (text or "").split()
    return tuple((relation, int(count)) for relation, count in zip(words[::2], words[1::2], strict=True))


def _spans(text: str | None) -> tuple[tuple[int, int], ...]:
    """`"0:5 7:9"` (group_concat of spans) as sorted pairs."""
    if not text:
        return ()
    return tuple(sorted(tuple(int(n) for n in pair.split(":")) for pair in text.split()))


def annotator_progress(store: Store, annotator: str) -> dict[str, dict]:
    """Per source (current version): one annotator's claims, linked claims, boilerplate and furthest read.

    Aggregated from the annotation tables outward (CROSS JOIN keeps SQLite from scanning every
    sentence instead), so 40,000 sources cost what their annotations cost.
    """
    rows = store.db.execute(
        """
        WITH claimed AS (
          SELECT t.source_id, count(*) AS claims,
            count(CASE WHEN EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id) THEN 1 END) AS linked
          FROM claims c CROSS JOIN sentences t ON t.id = c.sentence_id
          CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE c.annotator = :who GROUP BY t.source_id),
        flagged AS (
          SELECT t.source_id, count(*) AS boilerplate
          FROM boilerplate b CROSS JOIN sentences t ON t.id = b.sentence_id
          CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version WHERE b.annotator = :who GROUP BY t.source_id),
        suggested AS (
          SELECT t.source_id, count(*) AS suggested
          FROM suggested_boilerplate sb CROSS JOIN sentences t ON t.id = sb.sentence_id
          CROSS JOIN sources s ON s.id = t.source_id AND s.version = t.version
          WHERE NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.sentence_id = sb.sentence_id AND b.annotator = :who)
            AND NOT EXISTS (SELECT 1 FROM boilerplate_rejections r WHERE r.sentence_id = sb.sentence_id AND r.annotator = :who)
          GROUP BY t.source_id)
        SELECT s.id AS source_id, coalesce(c.claims, 0) AS claims, coalesce(c.linked, 0) AS linked,
          coalesce(f.boilerplate, 0) AS boilerplate, coalesce(p.furthest_idx + 1, 0) AS reviewed,
          coalesce(g.suggested, 0) AS suggested_boilerplate
        FROM sources s LEFT JOIN claimed c ON c.source_id = s.id LEFT JOIN flagged f ON f.source_id = s.id
          LEFT JOIN suggested g ON g.source_id = s.id
          LEFT JOIN positions p ON p.source_id = s.id AND p.annotator = :who
        """,
        {"who": annotator},
    )
    names = ("claims", "linked", "boilerplate", "reviewed", "suggested_boilerplate")  # the columns after the id
    return {source_id: dict(zip(names, counts, strict=True)) for source_id, *counts in rows}
