"""Claims with a gold corroborating sentence that the engine's top 5 does not show, story by story.

For each such claim: where its gold corroborating sentences rank in the engine's first 50 ("-" when not among them),
and the two best-ranked of them, so a reader can see whether retrieval (not in the 50) or ranking (6 to 50) loses
them. The target of issue 12 is a corroborating sentence in the top 5 for 90% of claims (bench/story_eval.py).

`python -m bench.corroboration_misses [--story NAME|all] [--sample N]`: counts per story and up to N claims each.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.story_eval import stories
from bench.story_gold import story_database

DEPTH = 50  # how far down the engine's ranking a gold sentence is looked for
SHOWN = 5  # the top that counts (issue 12: a corroborating sentence in the top 5)


def _text(store, sentence_id: int) -> str:
    source_id, text = store.db.execute("SELECT source_id, text FROM sentences WHERE id = ?", [sentence_id]).fetchone()
    return f"{source_id}: {' '.join(text.split())[:100]}"


def report(name: str, sample: int) -> tuple[int, int]:
    """Print the story's misses; return (claims with a corroborating gold link, misses)."""
    from annotator.suggest import suggest

    with tempfile.TemporaryDirectory(prefix="annotator-misses-") as folder:
        store, cases, _ = story_database(Path(folder) / "story.db", name)
        claims = misses = 0
        lines: list[str] = []
        for case in cases:
            gold = case.gold("corroborates")
            if not gold:
                continue
            claims += 1
            ranked = [s.sentence.id for s in suggest(store, case.claim, k=DEPTH)]
            if set(ranked[:SHOWN]) & gold:
                continue
            misses += 1
            ranks = sorted(gold, key=lambda g: ranked.index(g) if g in ranked else DEPTH)
            where = [str(ranked.index(g) + 1) if g in ranked else "-" for g in ranks]
            if misses <= sample:
                lines.append(f"  claim {_text(store, case.claim.id)}")
                lines.append(f"    ranks of its {len(gold)} corroborating sentences: {', '.join(where)}")
                lines += [f"    #{ranked.index(g) + 1 if g in ranked else '-'} {_text(store, g)}" for g in ranks[:2]]
        store.close()
    print(f"{name}: {misses} of {claims} claims have no corroborating sentence in the top {SHOWN}")
    for line in lines:
        print(line)
    return claims, misses


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default="all", choices=[*stories(), "all"])
    parser.add_argument("--sample", type=int, default=3, help="claims printed per story (default 3)")
    args = parser.parse_args(argv)
    for name in stories() if args.story == "all" else [args.story]:
        report(name, args.sample)


if __name__ == "__main__":
    main()
