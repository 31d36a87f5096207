"""Where the gold number clashes that the top 10 does not flag go, story by story.

For each gold clash (a claim and the other sentence, bench/story_gold.py), with the engine's top 10 for the claim:

- (a) not in the top 10 at all: retrieval or ranking. Split by whether the comparison, run on the pair alone,
  would flag it (then only ranking keeps it out) or not (both retrieval/ranking and the comparison miss it);
- (b) in the top 10 without a conflict/update flag: the comparison found nothing to clash. Why, read from the
  two sentences' counted figures: a side reads no figure, no figure of one counts what a figure of the other
  does (keys differ), the figures were read as a match, or same-thing figures were compared and dropped
  (a rule set them apart);
- (c) flagged conflict/update, but the other kind than the gold's (counted as flagged by story_eval).

`python -m bench.clash_misses [--story NAME|all] [--sample N]`: counts per story and up to N samples per group.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from bench.story_eval import TOP, stories
from bench.story_gold import story_database

FLAGS = ("conflict", "update")
SCORED = 1000  # k for the engine's whole scored list (where a suggestion left out of the top 10 ranks)


def _figures(text: str) -> list[tuple[str, frozenset[str]]]:
    from annotator.counted import counted_quantities

    return [(q.text, keys) for q, keys in counted_quantities(text)]


def why_unflagged(claim_text: str, other_text: str, comparisons) -> str:
    """Why a pair in the top 10 has no conflict/update flag, from what each side reads."""
    mine, theirs = _figures(claim_text), _figures(other_text)
    if not mine:
        return "claim reads no figure"
    if not theirs:
        return "other reads no figure"
    shared = [(a, b) for a, ka in mine for b, kb in theirs if ka & kb]
    if not shared:
        return "keys differ"
    if comparisons and all(c.kind == "match" for c in comparisons):
        return "read as a match"
    return "same key, clash dropped"


def pair_flag(store, claim, other) -> str:
    """The flag the comparison gives the pair alone (as the engine's scoring would), or ""."""
    from annotator.comparison import compare
    from annotator.suggestion_retrieval import _published

    published = _published(store, {claim.source_id, other.source_id})
    kinds = {c.kind for c in compare(claim.text, published.get(claim.source_id), other.text, published.get(other.source_id))}
    return next((k for k in ("conflict", "update", "match") if k in kinds), "")


def misses(story: str) -> dict:
    """The story's gold clashes sorted into the groups above, each entry (group, reason, claim, other, flag)."""
    from annotator.suggest import suggest

    with tempfile.TemporaryDirectory(prefix="annotator-clashes-") as folder:
        store, cases, _ = story_database(Path(folder) / "story.db", story)
        by_id = {s.id: s for (source_id,) in store.db.execute("SELECT id FROM sources").fetchall()
                 for s in store.sentences(source_id)}
        rows = []
        for case in cases:
            if not case.clashes:
                continue
            top = {s.sentence.id: s for s in suggest(store, case.claim, k=TOP)}
            scored = {s.sentence.id: (rank, s) for rank, s in enumerate(suggest(store, case.claim, k=SCORED), 1)}
            for sentence_id, gold_kind in case.clashes.items():
                other = by_id[sentence_id]
                shown = top.get(sentence_id)
                if shown is None:
                    flag = pair_flag(store, case.claim, other)
                    if sentence_id in scored:
                        rank, s = scored[sentence_id]
                        where = f"scored, ranked {'11-20' if rank <= 20 else '21+'} as {s.kind or 'words only'}" + (
                            " (confident)" if s.confident_conflict else "")
                    else:
                        where = "not shortlisted"
                    group, reason = "a", ("comparison would flag it" if flag in FLAGS else
                                          "comparison misses it too: " + why_unflagged(case.claim.text, other.text, ()))
                    reason = f"{reason}; {where}"
                elif shown.kind not in FLAGS:
                    group, reason = "b", why_unflagged(case.claim.text, other.text, shown.comparisons)
                    reason = f"{reason} (shown as {shown.kind or 'words only'})"
                elif shown.kind != gold_kind:
                    group, reason = "c", f"{shown.kind} for gold {gold_kind}"
                else:
                    group, reason = "ok", ""
                rows.append((group, reason, case.claim.text, other.text, shown.kind if shown else ""))
        store.close()
    return {"rows": rows, "counts": Counter(r[0] for r in rows)}


def report(story: str, sample: int, print_=print) -> Counter:
    found = misses(story)
    rows, counts = found["rows"], found["counts"]
    print_(f"{story}: {len(rows)} gold clashes; flagged right {counts['ok']}, (a) not in top {TOP} {counts['a']}, "
           f"(b) in top {TOP} unflagged {counts['b']}, (c) wrong kind {counts['c']}")
    for group in ("a", "b", "c"):
        reasons = Counter(r[1] for r in rows if r[0] == group)
        for reason, n in reasons.most_common():
            print_(f"  ({group}) {n:>3}  {reason}")
        for _, reason, claim, other, _ in [r for r in rows if r[0] == group][:sample]:
            print_(f"    ({group}) {reason}\n      claim: {claim[:160]}\n      other: {other[:160]}")
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default="all", choices=[*stories(), "all"])
    parser.add_argument("--sample", type=int, default=3, help="samples printed per group (default 3)")
    args = parser.parse_args(argv)
    total = Counter()
    for name in stories() if args.story == "all" else [args.story]:
        total += report(name, args.sample)
    if args.story == "all":
        print(f"all: flagged right {total['ok']}, (a) {total['a']}, (b) {total['b']}, (c) {total['c']}")


if __name__ == "__main__":
    main()
