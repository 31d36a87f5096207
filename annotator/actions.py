"""One annotator's actions — the calls behind the app's keys and the command line's verbs — each journaled and undoable.

Every action is one transaction through the one writer (annotator/annotation_writer.py) and one
journal entry, committed when the call returns. Inside `batch()`, actions share one transaction and
one journal entry: all of them or none, undone together.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from annotator import annotation_store, boundary_undo, journal
from annotator.annotation_writer import AnnotationWriter, journaled
from annotator.errors import Refused, quoted
from annotator.journal import RowChange
from annotator.labels import LabelSet
from annotator.store import Store


class Actions:
    """Claims, links, boilerplate, undo and redo for one annotator over one store."""

    def __init__(self, store: Store, annotator: str, labels: LabelSet | None = None):
        self.store = store
        self.annotator = annotator
        self.writer = AnnotationWriter(store, labels)
        self._batched: list[RowChange] | None = None

    def _do(self, action: str, mutate: Callable[[], list[RowChange]]) -> list[RowChange]:
        """Run one action: its own journaled transaction, or part of the open batch."""
        if self._batched is not None:
            changes = mutate()
            self._batched.extend(changes)
            return changes
        return journaled(self.store, self.annotator, action, mutate)

    @contextlib.contextmanager
    def batch(self, action: str) -> Iterator[None]:
        """Actions inside the block are one transaction and one journal entry named `action`: all or nothing."""
        if self._batched is not None:
            yield
            return
        self._batched = []
        try:
            with self.store.db.atomic():
                yield
                if self._batched:
                    journal.append(self.store, self.annotator, "do", action, self._batched)
        finally:
            self._batched = None

    # --- claims -------------------------------------------------------------------------------

    def add_claim(self, sentence_id: int, span: tuple[int, int] | None = None, **fields) -> int:
        """A new claim on a sentence, the whole of it or a span inside it; return its id."""
        return self._do("mark claim", lambda: [self.writer.add_claim(self.annotator, sentence_id, span, **fields)])[0].key[0]

    def set_claim(self, claim_id: int, **fields) -> None:
        """Set labels, texts or span of a claim (None clears a field; `span=None` is the whole sentence)."""
        self._own("claim", self.writer.claim_row(claim_id))
        self._do("edit claim " + ", ".join(sorted(fields)), lambda: self.writer.set_claim(claim_id, **fields))

    def remove_claim(self, claim_id: int) -> None:
        """Remove a claim and its links together."""
        self._own("claim", self.writer.claim_row(claim_id))
        self._do("unmark claim", lambda: self.writer.remove_claim(claim_id))

    # --- links --------------------------------------------------------------------------------

    def link(self, claim_id: int, evidence_sentence_id: int, relation: str, evidence_set: int | None = None,
             note: str | None = None) -> int:
        """Link a claim to evidence, or change that link's relation and set; return the link's id."""
        self._own("claim", self.writer.claim_row(claim_id))
        changes = self._do(f"link {relation}", lambda: self.writer.add_link(self.annotator, claim_id, evidence_sentence_id,
                                                                            relation, evidence_set, note))
        if changes:
            return changes[0].key[0]
        return self.store.db.execute("SELECT id FROM links WHERE claim_id = ? AND evidence_sentence_id = ?",
                                     [claim_id, evidence_sentence_id]).fetchone()[0]

    def unlink(self, link_id: int) -> None:
        """Delete one link."""
        self._own("link", self.writer.link_row(link_id))
        self._do("delete link", lambda: self.writer.remove_link(link_id))

    def _own(self, what: str, row: dict) -> None:
        """Refuse to change a claim or link another annotator made: their work is theirs (import, review and gold aside)."""
        if row["annotator"] != self.annotator:
            raise Refused(f"{what} {row['id']} belongs to {quoted(row['annotator'])}, not to {quoted(self.annotator)}; "
                          "each annotator changes only their own claims and links")

    def next_evidence_set(self, claim_id: int) -> int:
        """A set number no link of the claim uses yet."""
        row = self.store.db.execute("SELECT max(evidence_set) FROM links WHERE claim_id = ?", [claim_id]).fetchone()
        return (row[0] or 0) + 1

    # --- boilerplate --------------------------------------------------------------------------

    def set_boilerplate(self, sentence_ids: list[int], flagged: bool, action: str | None = None) -> int:
        """Flag (or unflag) sentences as boilerplate in one action; return how many changed."""
        name = action or ("mark boilerplate" if flagged else "unmark boilerplate")

        def mutate() -> list[RowChange]:
            return [change for sentence_id in sentence_ids
                    for change in self.writer.set_boilerplate(self.annotator, sentence_id, flagged)]

        return len(self._do(name, mutate))

    def confirm_suggested_boilerplate(self, sentence_ids: list[int]) -> int:
        """Make suggested boilerplate this annotator's flags (dropping any rejection), one action; return rows changed."""

        def mutate() -> list[RowChange]:
            return [change for sentence_id in sentence_ids
                    for change in (*self.writer.set_rejection(self.annotator, sentence_id, False),
                                   *self.writer.set_boilerplate(self.annotator, sentence_id, True))]

        return len(self._do("confirm suggested boilerplate", mutate))

    def reject_suggested_boilerplate(self, sentence_id: int) -> bool:
        """Keep a suggested sentence as article text (unflagging it if flagged); return False if it already was."""

        def mutate() -> list[RowChange]:
            rejected = self.writer.set_rejection(self.annotator, sentence_id, True)
            return rejected + self.writer.set_boilerplate(self.annotator, sentence_id, False) if rejected else []

        return bool(self._do("reject suggested boilerplate", mutate))

    # --- boundaries ---------------------------------------------------------------------------

    def split_sentence(self, sentence_id: int, at: int) -> list[RowChange]:
        """Split a sentence so a new one begins at code point `at` within it (shared by every annotator)."""
        return self._do("split sentence", lambda: self.writer.split_sentence(self.annotator, sentence_id, at))

    def join_sentences(self, sentence_id: int) -> list[RowChange]:
        """Join a sentence with the next one of its source (shared by every annotator)."""
        return self._do("join sentences", lambda: self.writer.join_sentences(self.annotator, sentence_id))

    # --- undo and redo ------------------------------------------------------------------------

    def undo(self) -> str | None:
        """Undo this annotator's latest action still done; return its name, or None if there is none."""
        step = self.replay(backwards=True)
        return step.action if step else None

    def redo(self) -> str | None:
        """Redo the latest undone action; return its name, or None if there is none."""
        step = self.replay(backwards=False)
        return step.action if step else None

    def replay(self, backwards: bool) -> Replayed | None:
        """Undo or redo through the journal, inside one transaction; say what it was and where it landed."""
        with self.store.db.atomic():
            done, undone = journal.stacks(self.store, self.annotator)
            stack = done if backwards else undone
            if not stack:
                return None
            entry = stack[-1]
            changes: list[RowChange] = []
            if backwards and (fix := boundary_undo.reapplied_fix(self.store, entry)) is not None:
                changes = boundary_undo.undo_reapplied(self.writer, self.annotator, entry, fix)
                touched = [(c.table, c.after if c.after is not None else c.before) for c in changes]
            else:
                if not backwards:
                    boundary_undo.refuse_redo(self.store, entry)
                touched = journal.replay(self.store, entry, backwards)
            journal.append(self.store, self.annotator, "undo" if backwards else "redo", entry.action, changes, target_id=entry.id)
        return Replayed(entry.action, *places(self.store, touched))


@dataclass(frozen=True)
class Replayed:
    """An action undone or redone: its name, the sentences it changed (claims' sentences first) and the sources."""

    action: str
    sentence_ids: tuple[int, ...] = ()
    source_ids: tuple[str, ...] = ()  # sources marked or unmarked done


def places(store: Store, touched: list[tuple[str, dict]]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The sentences and sources that journaled rows sit on, each once, the sentences of claims first."""
    claim_sentences = {image["id"]: image["sentence_id"] for table, image in touched if table == "claims"}
    first: list[int] = []
    then: list[int] = []
    sources: list[str] = []
    for table, image in touched:
        if table == "claims":
            first.append(image["sentence_id"])
        elif table == "links":
            claim_sentence = claim_sentences.get(image["claim_id"])
            if claim_sentence is None and (claim := annotation_store.claim(store, image["claim_id"])) is not None:
                claim_sentence = claim.sentence_id
            first.extend([claim_sentence] if claim_sentence is not None else [])
            then.append(image["evidence_sentence_id"])
        elif table == "sentences":  # a boundary fix: the sentences it made or took away
            then.append(image["id"])
        elif "sentence_id" in image:
            then.append(image["sentence_id"])
        elif "source_id" in image:
            sources.append(image["source_id"])
    return tuple(dict.fromkeys(first + then)), tuple(dict.fromkeys(sources))
