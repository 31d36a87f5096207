"""Every suggestion on fixed claim sets, dumped as JSON, so two versions of the engine can be shown to give the same.

`python bench/suggest_dump.py OUT.json [story fever seeds 100000 1000000]` writes, for each claim, each suggestion's
sentence id, order, exact score, kind, flags and reasons, and the claim's source counts. The sets: the evaluation
story (every sentence), the FEVER sample (every claim and every seventh sentence), the seeds (every sentence), and
220 random sentences of the cached 100,000- and 1,000,000-sentence databases of the tui suite. A cached database is
copied first, so a migration the engine brings runs on the copy (its time is in the dump, under "open_seconds").
Run both versions with the same PYTHONHASHSEED (ties on the first look at words follow string hashing).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.store import SENTENCE_COLUMNS, Sentence, Store  # noqa: E402
from annotator.suggest import suggest_report  # noqa: E402

SETS = ("story", "fever", "seeds", "100000", "1000000")
SAMPLE = 220


def suggestion_record(position: int, suggestion) -> dict:
    """One suggestion with everything a front end shows or ranks by; the score exactly (repr), not rounded."""
    record = suggestion.as_dict()
    record.update(order=position, score=repr(suggestion.score), confident_conflict=suggestion.confident_conflict,
                  summary=suggestion.summary())
    return record


def claim_records(store: Store, claims: list[Sentence], annotator: str | None) -> list[dict]:
    """Each claim's suggestions (k=10) and source counts."""
    out = []
    for claim in claims:
        report = suggest_report(store, claim, k=10, annotator=annotator)
        out.append({"claim": claim.id, "counts": report.counts.as_dict(),
                    "suggestions": [suggestion_record(i, s) for i, s in enumerate(report.suggestions)]})
    return out


def every_sentence(store: Store, step: int = 1) -> list[Sentence]:
    rows = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t ORDER BY t.id").fetchall()
    return [Sentence(*row) for row in rows[::step]]


def small_set(name: str, folder: Path) -> list[dict]:
    """The story, FEVER or seeds database built fresh, and its claims' records."""
    from bench.evidence_gold import fever_database, seeds_database
    from bench.story_gold import story_database

    if name == "story":
        store, _, _ = story_database(folder / "story.db")
        claims, annotator = every_sentence(store), None
    elif name == "fever":
        store, cases, _ = fever_database(folder / "fever.db")
        claims, annotator = [case.claim for case in cases] + every_sentence(store, 7), None
    else:
        store, _ = seeds_database(folder / "seeds.db")
        claims, annotator = every_sentence(store), "alice"
    with store:
        return claim_records(store, claims, annotator)


def large_set(size: int, folder: Path) -> dict:
    """SAMPLE random sentences of the cached database of `size` sentences (a copy), and how long opening it took."""
    from bench.tui import cached_db

    path, _ = cached_db(size, 1_000)
    copy = folder / path.name
    shutil.copy(path, copy)
    started = time.perf_counter()
    with Store(copy) as store:
        opened = time.perf_counter() - started
        highest = store.db.execute("SELECT max(id) FROM sentences").fetchone()[0]
        rng = random.Random(size + 7)
        claims = []
        while len(claims) < SAMPLE:
            row = store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t WHERE t.id = ?",
                                   [rng.randint(1, highest)]).fetchone()
            if row:
                claims.append(Sentence(*row))
        records = claim_records(store, claims, "alice")
    copy.unlink()
    return {"open_seconds": opened, "claims": records}


def main(argv: list[str]) -> int:
    out, names = Path(argv[0]), argv[1:] or list(SETS)
    dump = {}
    with tempfile.TemporaryDirectory(prefix="annotator-dump-") as folder:
        for name in names:
            started = time.perf_counter()
            dump[name] = large_set(int(name), Path(folder)) if name.isdigit() else small_set(name, Path(folder))
            claims = dump[name]["claims"] if name.isdigit() else dump[name]
            print(f"{name}: {len(claims)} claims, {sum(len(c['suggestions']) for c in claims)} suggestions "
                  f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    out.write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
