"""Quality on the evaluation story: the engine, today's engine (before conflicts) and rank-bm25, in the same run.

Per relation recall@1/@5 and MRR@10 (a claim counts for a relation when it has a gold link of that relation);
"any valid evidence in top 5" over all gold links of the claim; corroboration in the top 5 for claims that have a
corroborating link; gold clashes flagged in the top 10 (the pair shown with a number flag, and with the right
kind); and conflict flags in the top 10 that are wrong (the pair is not a gold conflict).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.story_gold import DEFAULT_STORY, RELATIONS, STORY, StoryCase, story_database

TOP = 10


def _first_hit(ranked: list[int], gold: frozenset[int]) -> int | None:
    return next((rank for rank, i in enumerate(ranked, 1) if i in gold), None)


def relation_metrics(rankings: list[list[int]], cases: list[StoryCase]) -> dict[str, dict[str, float]]:
    """recall@1, recall@5, MRR@10 per relation, over the claims that have a link of that relation."""
    out = {}
    for relation in (*RELATIONS, None):
        pairs = [(ranked, case.gold(relation)) for ranked, case in zip(rankings, cases, strict=True) if case.gold(relation)]
        hits = [_first_hit(ranked, gold) for ranked, gold in pairs]
        if not pairs:  # a story may have no gold link of a relation (ebola-2014 has no "conflicts")
            out[relation or "any"] = {"claims": 0, "recall@1": None, "recall@5": None, "mrr": None}
            continue
        out[relation or "any"] = {
            "claims": len(pairs),
            "recall@1": sum(h == 1 for h in hits) / len(pairs),
            "recall@5": sum(h is not None and h <= 5 for h in hits) / len(pairs),
            "mrr": sum(1 / h for h in hits if h) / len(pairs),
        }
    return out


def flag_metrics(flagged: list[list[tuple[int, str]]], cases: list[StoryCase]) -> dict[str, float]:
    """Gold clashes shown in the top 10 with a number flag (and with the right kind); wrong conflict flags."""
    clashes = flagged_clashes = right_kind = conflict_flags = wrong_conflicts = denial_flags = wrong_denials = 0
    for ranked, case in zip(flagged, cases, strict=True):
        kinds = dict(ranked)
        for sentence_id, kind in case.clashes.items():
            clashes += 1
            flagged_clashes += kinds.get(sentence_id) in ("conflict", "update")
            right_kind += kinds.get(sentence_id) == kind
        for sentence_id, kind in ranked:
            if kind == "conflict":
                conflict_flags += 1
                wrong_conflicts += case.clashes.get(sentence_id) != "conflict"
            if kind == "denial":  # shown as "possible conflict: denial": right only on a gold "conflicts" link
                denial_flags += 1
                wrong_denials += sentence_id not in case.gold("conflicts")
    return {"clashes": clashes, "flagged": flagged_clashes, "right_kind": right_kind,
            "conflict_flags": conflict_flags, "wrong_conflict_flags": wrong_conflicts,
            "denial_flags": denial_flags, "wrong_denial_flags": wrong_denials}


def evaluate(store, cases: list[StoryCase], rankers: dict[str, Callable]) -> dict[str, dict]:
    """Each ranker (claim sentence -> [(sentence id, flag kind or "")]) on the same cases."""
    results = {}
    for name, rank in rankers.items():
        ranked = [rank(case.claim)[:TOP] for case in cases]
        ids = [[i for i, _ in r] for r in ranked]
        metrics = relation_metrics(ids, cases)
        corroborated = [(r, c) for r, c in zip(ids, cases, strict=True) if c.gold("corroborates")]
        metrics["corroboration_top5"] = sum(bool(set(r[:5]) & c.gold("corroborates")) for r, c in corroborated) / len(corroborated)
        metrics["flags"] = flag_metrics(ranked, cases)
        results[name] = metrics
    return results


def _kind(suggestion) -> str:
    """The flag of a suggestion that is scored: conflict, update or denial, else ""."""
    kind = getattr(suggestion, "kind", "conflict" if suggestion.conflict else "")
    return kind if kind in ("conflict", "update", "denial") else ""


def rankers(store) -> dict[str, Callable]:
    """The engine, today's engine and rank-bm25 as rankers with flag kinds."""
    from annotator.suggest import suggest
    from bench.engine_before.suggest import suggest as suggest_before
    from bench.suggest import Bm25Baseline

    baseline = Bm25Baseline(store)
    return {
        "annotator.suggest": lambda claim: [(s.sentence.id, _kind(s)) for s in suggest(store, claim, k=TOP)],
        "engine before (6d1d4ee)": lambda claim: [(s.sentence.id, "conflict" if s.conflict else "")
                                                   for s in suggest_before(store, claim, k=TOP)],
        "rank-bm25 BM25Okapi": lambda claim: [(s.id, "") for s in baseline.rank(claim)],
    }


def stories() -> list[str]:
    """The evaluation stories in bench/story/: every folder with a gold file beside it."""
    return sorted(p.name for p in STORY.iterdir() if p.is_dir() and (STORY / f"{p.name}.gold.yaml").exists())


def run(report: Callable[[str], None] = print, story: str = DEFAULT_STORY) -> dict:
    """Build the story database, rank every gold claim with each ranker, print the table."""
    with tempfile.TemporaryDirectory(prefix="annotator-story-") as folder:
        store, cases, articles = story_database(Path(folder) / "story.db", story)
        sentences = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        results = evaluate(store, cases, rankers(store))
        store.close()
    links = sum(len(c.evidence) for c in cases)
    clashes = sum(len(c.clashes) for c in cases)
    report(f"Quality on the evaluation story (bench/story/{story}: {articles} articles, {sentences} sentences, "
           f"{len(cases)} gold claims, {links} gold links, {clashes} gold clashes)")
    for name, m in results.items():
        report(f"  {name}")
        for relation in (*RELATIONS, "any"):
            r = m[relation]
            if not r["claims"]:
                report(f"    {relation:<13} ( 0 claims) no gold link of this relation")
                continue
            report(f"    {relation:<13} ({r['claims']:>2} claims) recall@1 {r['recall@1']:.3f}  recall@5 {r['recall@5']:.3f}  "
                   f"MRR@10 {r['mrr']:.3f}")
        f = m["flags"]
        report(f"    corroborating sentence in top 5: {m['corroboration_top5']:.0%} of claims; "
               f"clashes flagged in top 10: {f['flagged']}/{f['clashes']} ({f['right_kind']} with the right kind); "
               f"conflict flags: {f['conflict_flags']}, wrong {f['wrong_conflict_flags']}; "
               f"denial flags: {f['denial_flags']}, wrong {f['wrong_denial_flags']}")
    return results


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.story_eval [--story NAME|all]`: one story (haiti-2010 unless named) or every story."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default=DEFAULT_STORY, choices=[*stories(), "all"],
                        help=f"the story in bench/story/ to rank (default {DEFAULT_STORY}), or all of them")
    args = parser.parse_args(argv)
    for name in stories() if args.story == "all" else [args.story]:
        run(story=name)


if __name__ == "__main__":
    main()
