"""A child process for the crash tests: scripted annotation actions, each reported on stdout once it returned.

`python tests/crash_worker.py actions DB SEED` loops forever over random actions through
annotator.annotations.Annotations (the calls the TUI makes), printing after each call returns one
JSON line {"journal": newest action id, "digest": hash of the annotation tables, "kind": do|undo|redo}.
`python tests/crash_worker.py export PATH SEED` rewrites PATH atomically forever with numbered,
self-checking contents, printing each version number once written. The test SIGKILLs either one.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys

from annotator.annotations import Annotations
from annotator.atomic import write_text_atomic
from annotator.errors import Refused
from annotator.journal import JournalConflict
from annotator.labels import default_labels
from annotator.store import Store

ANNOTATOR = "crash"
CLAIM_TYPES = ("numeric", "quote", "attribution", "event")


def digest(store: Store) -> str:
    """A hash of this worker's claim, link and boilerplate rows: equal digests, equal annotation state.

    Rows are sorted by value, not rowid: an undone boilerplate deletion comes back under a new rowid.
    Other annotators' rows are left out: a concurrent import adds those without a journal entry.
    """
    h = hashlib.sha256()
    for table in ("claims", "links", "boilerplate"):
        for row in sorted(map(repr, store.db.execute(f"SELECT * FROM {table} WHERE annotator = ?", [ANNOTATOR]))):
            h.update(row.encode())
    return h.hexdigest()


def one_action(annotations: Annotations, rng: random.Random, sentences: list[tuple[int, str]]) -> str | None:
    """Do one random action that changes something (so it writes exactly one journal entry); say its kind."""
    db = annotations.store.db
    claims = [row for row in db.execute("SELECT c.id, t.source_id FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                                        "WHERE c.annotator = ?", [ANNOTATOR])]
    links = [row[0] for row in db.execute("SELECT id FROM links WHERE annotator = ?", [ANNOTATOR])]
    choice = rng.choice(["mark", "mark", "type", "link", "link", "unlink", "unmark", "boilerplate", "undo", "redo"])
    if choice in ("undo", "redo"):
        try:  # as in the app: a step whose rows another process moved since (a re-anchoring ingest) is refused
            return choice if (annotations.undo() if choice == "undo" else annotations.redo()) else None
        except JournalConflict:
            return None
    if choice == "mark":
        sentence_id, _ = rng.choice(sentences)
        if annotations.claim_id_for(sentence_id) is None:
            annotations.mark_claim(sentence_id)
            return "do"
    elif choice == "type" and claims:
        claim_id, _ = rng.choice(claims)
        current = annotations.claim(claim_id).claim_type
        annotations.update_claim(claim_id, claim_type=rng.choice([t for t in CLAIM_TYPES if t != current]))
        return "do"
    elif choice == "link" and claims:
        claim_id, source_id = rng.choice(claims)
        sentence_id, evidence_source = rng.choice(sentences)
        existing = db.execute("SELECT relation FROM links WHERE claim_id = ? AND evidence_sentence_id = ?",
                              [claim_id, sentence_id]).fetchone()
        if evidence_source != source_id:
            relation = rng.choice([r for r in default_labels().ids("relations") if not existing or r != existing[0]])
            annotations.link(claim_id, sentence_id, relation)
            return "do"
    elif choice == "unlink" and links:
        annotations.unlink(rng.choice(links))
        return "do"
    elif choice == "unmark" and claims:
        annotations.unmark_claim(rng.choice(claims)[0])
        return "do"
    elif choice == "boilerplate":
        annotations.toggle_boilerplate(rng.choice(sentences)[0])
        return "do"
    return None


def current_sentences(store: Store) -> list[tuple[int, str]]:
    """(id, source id) of every sentence of a current source version."""
    return [tuple(row) for row in store.db.execute(
        "SELECT t.id, t.source_id FROM sentences t JOIN sources s ON s.id = t.source_id AND s.version = t.version")]


def run_actions(db_path: str, seed: int) -> None:
    """Act forever, reporting each finished action."""
    rng = random.Random(seed)
    with Store(db_path) as store:
        annotations = Annotations(store, ANNOTATOR)
        sentences = current_sentences(store)
        _say_ready()
        while True:
            try:
                kind = one_action(annotations, rng, sentences)
            except Refused:  # as in the app: a re-ingest replaced the text under it; nothing was written
                sentences, kind = current_sentences(store), None
            if kind is None:
                continue
            newest = store.db.execute("SELECT max(id) FROM actions").fetchone()[0]
            sys.stdout.write(json.dumps({"journal": newest, "digest": digest(store), "kind": kind}) + "\n")
            sys.stdout.flush()


def export_contents(version: int, size: int) -> str:
    """A file that says which version it is and how long it must be, so a torn one is recognisable."""
    body = f"line of version {version}\n" * (size // 20)
    return f"version {version} lines {body.count(chr(10))}\n{body}end {version}\n"


def run_exports(path: str, seed: int) -> None:
    """Rewrite `path` atomically forever in many small chunks, reporting each version once it is in place."""
    rng = random.Random(seed)
    version = int(open(path, encoding="utf-8").readline().split()[1]) if _exists(path) else 0
    _say_ready()
    while True:
        version += 1
        text = export_contents(version, rng.randrange(20_000, 400_000))
        write_text_atomic(path, (text[i : i + 4096] for i in range(0, len(text), 4096)))
        sys.stdout.write(f"{version}\n")
        sys.stdout.flush()


def _say_ready() -> None:
    """Tell the test the worker has started, so its kill timer measures work, not interpreter start-up."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()


def _exists(path: str) -> bool:
    """Whether a file is there."""
    try:
        open(path).close()
    except FileNotFoundError:
        return False
    return True


if __name__ == "__main__":
    mode, target, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    (run_actions if mode == "actions" else run_exports)(target, seed)
