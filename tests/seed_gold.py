"""The seed gold annotation and edited versions of the seed articles, for re-anchoring tests and figures.

Run `python tests/seed_gold.py` for the re-anchoring figures of every edit (the README quotes them).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from annotator.annotations import Annotations
from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.orphans import orphaned
from annotator.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
A, B = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"

# (claim source, claim index, evidence source, evidence index, relation)
GOLD_LINKS = [
    (A, 0, B, 0, "corroborates"), (A, 0, B, 5, "conflicts"), (A, 1, B, 2, "corroborates"),
    (A, 4, B, 3, "corroborates"), (A, 7, B, 1, "corroborates"), (A, 9, B, 8, "corroborates"),
    (A, 11, B, 4, "corroborates"), (A, 12, B, 6, "corroborates"), (B, 5, A, 11, "conflicts"),
]
GOLD_BOILERPLATE = [(A, 19), *((B, index) for index in range(9, 25))]


def sentence_id(store: Store, source_id: str, index: int) -> int:
    """The id of a current sentence by position."""
    return store.sentence_at(source_id, index).id


def annotate_gold(store: Store, annotator: str = "gold") -> None:
    """The seed gold: claims with their links, and boilerplate, through the core calls the TUI makes."""
    annotations = Annotations(store, annotator)
    for claim_source, claim_index, evidence_source, evidence_index, relation in GOLD_LINKS:
        claim_id = annotations.mark_claim(sentence_id(store, claim_source, claim_index))
        annotations.link(claim_id, sentence_id(store, evidence_source, evidence_index), relation)
    annotations.mark_boilerplate([sentence_id(store, source, index) for source, index in GOLD_BOILERPLATE])


def seed_texts() -> dict[str, str]:
    """The seed texts by source id, as stored."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def _replace(text: str, old: str, new: str) -> str:
    """Replace one passage that must be there (a fixture that silently stopped applying would test nothing)."""
    assert text.count(old) == 1, f"edit target not found once: {old[:40]!r}"
    return text.replace(old, new)


def typo_fixes(texts: dict[str, str]) -> dict[str, str]:
    """Spelling corrections inside annotated sentences (A3, A4, B3)."""
    a = _replace(texts[A], "vigilantly monitoring", "closely monitoring")
    a = _replace(a, "harbor suspicions", "harbour suspicions")
    b = _replace(texts[B], "Ponyang may", "Pyongyang may")
    return {A: a, B: b}


def removed_paragraph(texts: dict[str, str]) -> dict[str, str]:
    """The paragraph holding A3 and A4 (A4 is a claim linked to B3) is cut."""
    a = texts[A]
    start = a.index("South Korea's military intelligence")
    end = a.index("The volume of shipments")
    return {A: a[:start] + a[end:], B: texts[B]}


def inserted_paragraph(texts: dict[str, str]) -> dict[str, str]:
    """A correction note after A's first paragraph, and a new lead paragraph in B: every index after shifts."""
    a = texts[A]
    cut = a.index("As reported by Newsweek")
    note = "Correction: an earlier version of this story misstated the port of departure. It has been updated.\n"
    b = texts[B]
    lead = b.index("“To prepare")
    extra = "Seoul's defence ministry declined to comment on the figures. Officials said more details would follow.\n"
    return {A: a[:cut] + note + a[cut:], B: b[:lead] + extra + b[lead:]}


def resplit_sentences(texts: dict[str, str]) -> dict[str, str]:
    """A1 split in two; A9+A10 merged; A11+A12 merged (two claims onto one sentence); B6 split in two."""
    a = _replace(texts[A], "People Power Party, revealed that", "People Power Party. It revealed that")
    a = _replace(a, "spy satellite programs. This cooperation", "spy satellite programs; this cooperation")
    a = _replace(a, "equipment to Moscow.\nIn June,", "equipment to Moscow, and in June,")
    b = _replace(texts[B], "earlier this summer, President", "earlier this summer. President")
    return {A: a, B: b}


def trimmed_scrape(texts: dict[str, str]) -> dict[str, str]:
    """B re-scraped without the donation appeal (B9-B24, all flagged boilerplate) and A without 'Login'."""
    b = texts[B]
    return {A: texts[A].replace("\nLogin", "").rstrip() + "\n", B: b[: b.index("A Message from The Moscow Times")]}


def rewrapped(texts: dict[str, str]) -> dict[str, str]:
    """CRLF line ends and doubled spaces: no sentence text changes but whitespace."""
    return {sid: text.replace("\n", "\r\n").replace(". ", ".  ") for sid, text in texts.items()}


def everything(texts: dict[str, str]) -> dict[str, str]:
    """Typos, a re-split, an inserted paragraph and a trimmed scrape, one after the other."""
    for edit in (typo_fixes, resplit_sentences, inserted_paragraph, trimmed_scrape):
        texts = edit(texts)
    return texts


EDITS = {f.__name__: f for f in (typo_fixes, removed_paragraph, inserted_paragraph, resplit_sentences, trimmed_scrape,
                                 rewrapped, everything)}


def write_texts(folder: Path, texts: dict[str, str]) -> Path:
    """Write {id: text} as <id>.txt files (bytes exactly as given) and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for source_id, text in texts.items():
        (folder / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
    return folder


def annotation_rows(store: Store) -> dict[str, set]:
    """Every claim, link and boilerplate row by identity, to prove none vanished."""
    return {
        "claims": {row[0] for row in store.db.execute("SELECT id FROM claims")},
        "links": {row[0] for row in store.db.execute("SELECT id FROM links")},
        "boilerplate": {tuple(row) for row in store.db.execute("SELECT rowid, annotator, created_at FROM boilerplate")},
    }


def reanchor_figures(edit_name: str, folder: Path) -> dict:
    """Ingest the seeds, annotate the gold, re-ingest one edit; count what moved and what is orphaned."""
    db = folder / f"{edit_name}.db"
    with Store(db) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
        before = {kind: len(rows) for kind, rows in annotation_rows(store).items()}
        edited = write_texts(folder / edit_name, EDITS[edit_name](seed_texts()))
        report = ingest_articles(store, read_articles(sorted(edited.glob("*.txt"))), new_version=True)
        after = {kind: len(rows) for kind, rows in annotation_rows(store).items()}
        orphans = len(orphaned(store))
    return {"edit": edit_name, "annotations": sum(before.values()), **report.reanchor.totals(),
            "listed_orphans": orphans, "lost": sum(before.values()) - sum(after.values())}


def main() -> None:
    """Print the re-anchoring figures of every edit as a Markdown table."""
    with tempfile.TemporaryDirectory() as tmp:
        rows = [reanchor_figures(name, Path(tmp)) for name in EDITS]
    columns = ["edit", "annotations", "moved", "exact", "fuzzy", "orphaned", "lost"]
    print("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
