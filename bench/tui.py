"""TUI benchmark: first frame, per-key latency and peak memory of the annotator app, each beside a baseline.

Run `python bench/tui.py [--quick]` (or `python bench/run.py tui`). Databases are generated with
bench/corpus.py, ingested with the real ingest, and cached under bench/data/. Every measurement runs
in a fresh process (bench/tui_probe.py) so start-up time and peak RSS belong to that app alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = BENCH / "data"
LAYOUT_VERSION = 1  # bump when the database layout below changes
ARTICLE_ID = "a-long-article"  # sorts first, so Enter on the sources view opens it
SEARCH_QUERY = "said"  # in about a third of generated sentences
TARGET_KEY_MS = 16.0
TARGET_FIRST_FRAME_S = 1.0
TARGET_RSS_MB = 300.0


@dataclass(frozen=True)
class Plan:
    """Sizes of one run."""

    small: int
    large: int
    article: int
    presses: int
    table_rows: tuple[int, ...]


FULL = Plan(small=10_000, large=1_000_000, article=1_000, presses=200, table_rows=(1_000, 100_000))
QUICK = Plan(small=2_000, large=20_000, article=1_000, presses=30, table_rows=(1_000, 5_000))


# --- databases ---------------------------------------------------------------------------------


def generator_version() -> str:
    """Changes with the corpus generator, the segmenter or this layout, so stale caches are not reused."""
    sources = (BENCH / "corpus.py").read_bytes() + (ROOT / "annotator" / "segmenter.py").read_bytes()
    digest = hashlib.sha256(sources + str(LAYOUT_VERSION).encode()).hexdigest()
    return digest[:10]


def benchmark_articles(total: int, article: int):
    """One long article of `article` sentences first, then generated news articles up to `total`."""
    from annotator.articles import Article
    from bench.corpus import generate_articles

    def convert(generated, article_id: str) -> Article:
        return Article(id=article_id, text=generated.text, origin="bench", title=generated.title,
                       outlet=generated.outlet, published=generated.published)

    long = next(generate_articles(article, seed=1, per_article=(article, article)))
    yield convert(long, ARTICLE_ID)
    for generated in generate_articles(total - article, seed=0):
        yield convert(generated, generated.id)


def cached_db(total: int, article: int) -> tuple[Path, float | None]:
    """The database of `total` generated sentences, built once; returns it and the build seconds (None if cached)."""
    from annotator.store import Store

    path = DATA / f"tui-{total}-{article}-{generator_version()}.db"
    if path.exists():
        up_to_date(path)
        return path, None
    from annotator.ingest import ingest_articles

    DATA.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    store = Store(partial)
    ingest_articles(store, list(benchmark_articles(total, article)))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    partial.rename(path)
    return path, time.perf_counter() - start


def up_to_date(path: Path) -> None:
    """Bring a cached database to the current schema once, so no probe's copy migrates it before its first frame."""
    from annotator.store import Store

    store = Store(path)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def db_facts(path: Path) -> dict:
    """Sentence and source counts and file size of a benchmark database."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sentences = conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
    sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    conn.close()
    return {"sentences": sentences, "sources": sources, "mb": path.stat().st_size / 1e6}


# --- running the probes ------------------------------------------------------------------------


def run_probe(kind: str, before: list[str], after: list[str]) -> dict:
    """Run bench/tui_probe.py in a fresh process and return its JSON result.

    The probe's arguments are `kind`, `before`, the wall-clock start, `after`, the output file.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        started = time.time()
        command = [sys.executable, str(BENCH / "tui_probe.py"), kind, *before, f"{started}", *after, str(out)]
        subprocess.run(command, check=True, cwd=ROOT)
        return json.loads(out.read_text())


def probe_annotator(db: Path, presses: int, query: str) -> dict:
    """The annotator probe on a throwaway copy of a cached database (the probe writes annotations)."""
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(db, copy)
        return run_probe("annotator", [str(copy), str(presses)], [query])


# --- the report --------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def keys_cell(figures: dict) -> str:
    """`p50 / p95 / max` in ms."""
    if not figures or not figures.get("n"):
        return "—"
    return f"{ms(figures['p50'])} / {ms(figures['p95'])} / {ms(figures['max'])}"


def cpu_cell(figures: dict) -> str:
    """CPU ms a press (all threads): `p50 / p95 / mean`."""
    cpu = (figures or {}).get("cpu")
    if not cpu:
        return "—"
    return f"{ms(cpu['p50'])} / {ms(cpu['p95'])} / {ms(cpu['mean'])}"


def peak(memory: dict) -> float:
    """Peak RSS in MB (getrusage's peak can trail the current RSS by a page-table update)."""
    return max(memory["rss"], memory["peak"])


def short(count: int) -> str:
    """1,000,000 → 1M, 19,934 → 20k."""
    return f"{count / 1e6:.0f}M" if count >= 1e6 else f"{count / 1e3:.0f}k"


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "MISSED"


def report(plan: Plan, facts: dict, base: dict, small: dict, large: dict) -> str:
    """The printed tables: key latencies, first frames, memory; every figure beside its baseline."""
    lines = []
    add = lines.append
    empty, table_small, table_large = base["empty"], base[f"table_{plan.table_rows[0]}"], base[f"table_{plan.table_rows[1]}"]
    big_list = large.get("search", {})
    rows_large = big_list.get("rows", 0)
    add(f"Databases: {facts['small']['sentences']:,} sentences / {facts['small']['sources']:,} sources; "
        f"{facts['large']['sentences']:,} sentences / {facts['large']['sources']:,} sources ({facts['large']['mb']:.0f} MB).")
    add(f"Key latency, ms p50 / p95 / max over {plan.presses} presses (key posted → handled → frame drawn and encoded).")
    add(f"Empty-app keypress round trip (baseline floor): {keys_cell(empty['key'])}; "
        f"durable 1-row SQLite commit (WAL, synchronous=FULL): {keys_cell(large['commits'])}.")
    add("")
    add("CPU columns: process CPU ms a press (all threads, time.process_time), p50 / p95 / mean: what a shared machine blurs least.")
    header = (f"{'key':<14}{'where':<40}{'annotator':>22}{'CPU':>20}{'baseline':>22}{'CPU':>20}  "
              f"{'baseline is':<34}{'target':>8}")
    add(header)
    add("-" * len(header))
    article = large["article"]
    where_article = f"article of {article['rows']:,} sentences ({short(facts['large']['sentences'])} db)"
    where_list = f"list of {rows_large:,} search results"
    baselines_article = {"move": table_small["move"], "page": table_small["page"], "claim": table_small["restyle"],
                         "link": table_small["restyle"]}
    baselines_list = {"move": table_large["move"], "page": table_large["page"], "claim": table_large["restyle"],
                      "link": table_large["restyle"]}
    names = {"move": "j (cursor)", "page": "page down", "claim": "c (claim)", "link": "1 (link)"}
    what = {"move": "DataTable down", "page": "DataTable pagedown", "claim": "DataTable restyle row",
            "link": "DataTable restyle row"}
    for where, source, baselines, rows in ((where_article, article, baselines_article, plan.table_rows[0]),
                                           (where_list, big_list, baselines_list, plan.table_rows[1])):
        for key in ("move", "page", "claim", "link"):
            figures = source.get(key, {})
            met = verdict(figures["p95"], TARGET_KEY_MS) if figures.get("n") else "—"
            add(f"{names[key]:<14}{where:<40}{keys_cell(figures):>22}{cpu_cell(figures):>20}"
                f"{keys_cell(baselines[key]):>22}{cpu_cell(baselines[key]):>20}  "
                f"{what[key] + f' {rows:,} rows':<34}{met:>8}")
    follow = article.get("move_and_panel", {})
    if follow.get("n"):
        add(f"{'j + panel':<14}{'article, the panel rebuilt after its rest':<40}{'':>22}{cpu_cell(follow):>20}{'':>42}  "
            f"{'(panel waits ' + format(follow['delay_ms'], '.0f') + ' ms after a move)':<34}")
        after = follow.get("key_after_panel", {})
        if after.get("n"):
            add(f"{'j after panel':<14}{'article, each press right after a rebuild':<40}{keys_cell(after):>22}{cpu_cell(after):>20}")
    add(f"{'j (cursor)':<14}{'article, Pilot press()+pause() method':<40}{keys_cell(article['pilot_round_trip']):>22}{'':>20}"
        f"{keys_cell(empty['pilot_round_trip']):>22}{'':>20}  {'same method, empty app':<34}{'':>8}")
    add("")
    add(f"{'first frame':<54}{'annotator':>12}{'baseline':>12}  {'baseline is':<40}{'target':>8}")
    add("-" * 128)
    for label, result, size in (("small", small, facts["small"]), ("large", large, facts["large"])):
        where = f"{size['sentences']:,} sentences"
        target = verdict(result["sources_frame"], TARGET_FIRST_FRAME_S) if label == "large" else ""
        add(f"{'sources view, from process start, ' + where:<54}{result['sources_frame']:>11.2f}s{empty['first_frame']:>11.2f}s  "
            f"{'empty Textual app, from process start':<40}{target:>8}")
        add(f"{'sources view, every row counted, ' + where:<54}{result['sources_counted']:>11.2f}s{'':>12}  "
            f"{'(a worker, after the first frame)':<40}")
        add(f"{'article view, from Enter, ' + where:<54}{result['article_frame']:>11.2f}s"
            f"{table_small['mount']:>11.2f}s  {'DataTable add_rows of 1,000 rows':<40}{'':>8}")
    add(f"{'search ' + repr(SEARCH_QUERY) + f' → {rows_large:,} rows shown (worker)':<54}"
        f"{big_list.get('search_seconds', 0):>11.2f}s{table_large['mount']:>11.2f}s  "
        f"{f'DataTable add_rows of {plan.table_rows[1]:,} rows':<40}{'':>8}")
    add(f"{'link-mode candidates ranked (worker), ' + short(facts['large']['sentences']) + ' db':<54}"
        f"{article['candidates_seconds']:>11.2f}s")
    add("")
    add(f"{'memory (MB)':<54}{'rss':>12}{'peak':>12}  {'baseline (rss)':<40}{'target':>8}")
    add("-" * 128)
    add(f"{'empty Textual app':<54}{empty['memory']['rss']:>12.0f}{empty['memory']['peak']:>12.0f}")
    add(f"{f'DataTable of {plan.table_rows[1]:,} rows':<54}{table_large['memory']['rss']:>12.0f}{table_large['memory']['peak']:>12.0f}")
    empty_note = f"empty app: {empty['memory']['rss']:.0f}"
    for label, result, size in (("small", small, facts["small"]), ("large", large, facts["large"])):
        where = f"{size['sentences']:,}-sentence db"
        target = verdict(peak(result["memory"]), TARGET_RSS_MB) if label == "large" else ""
        add(f"{'annotator, sources view, ' + where:<54}{result['memory_sources']['rss']:>12.0f}{peak(result['memory_sources']):>12.0f}"
            f"  {empty_note:<40}")
        add(f"{'annotator, end of run (search shown), ' + where:<54}{result['memory']['rss']:>12.0f}"
            f"{peak(result['memory']):>12.0f}  {empty_note:<40}{target:>8}")
    gc_pauses = big_list.get("gc", {})
    add(f"GC during the {rows_large:,}-row key runs: {gc_pauses.get('count', 0)} collections, "
        f"longest {gc_pauses.get('max_ms', 0):.1f} ms, {gc_pauses.get('total_ms', 0):.0f} ms in all.")
    add("")
    add(f"Checks: article j moved the cursor to {article['cursor_after_moves']} after {plan.presses} presses; "
        f"stored by the timed keys: {article['stored']} (article), {big_list.get('stored')} (after the list run).")
    return "\n".join(lines)


def run(emit=print, quick: bool = False, presses: int | None = None, json_path: Path | None = None) -> None:
    """Build or reuse the databases, run every probe, emit the tables line by line."""
    plan = QUICK if quick else FULL
    plan = Plan(plan.small, plan.large, plan.article, presses or plan.presses, plan.table_rows)
    started = time.perf_counter()
    dbs, facts = {}, {}
    for label, total in (("small", plan.small), ("large", plan.large)):
        dbs[label], seconds = cached_db(total, plan.article)
        facts[label] = db_facts(dbs[label])
        state = "cached" if seconds is None else f"built in {seconds:.0f}s"
        print(f"{label} db: {dbs[label].name} ({state})", file=sys.stderr)
    print("baselines…", file=sys.stderr)
    base = run_probe("baselines", [*map(str, plan.table_rows), str(plan.presses)], [])
    print("annotator on the small db…", file=sys.stderr)
    small = probe_annotator(dbs["small"], plan.presses, "")
    print("annotator on the large db…", file=sys.stderr)
    large = probe_annotator(dbs["large"], plan.presses, SEARCH_QUERY)
    for line in report(plan, facts, base, small, large).splitlines():
        emit(line)
    emit(f"(TUI bench {time.perf_counter() - started:.0f}s; Textual {textual_version()}, Python {sys.version.split()[0]})")
    if json_path:
        json_path.write_text(json.dumps({"facts": facts, "baselines": base, "small": small, "large": large}, indent=1))


def main(argv: list[str] | None = None) -> int:
    """`python bench/tui.py [--quick] [--presses N] [--size WxH] [--json PATH]`."""
    parser = argparse.ArgumentParser(prog="python bench/tui.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and few presses, for a smoke run")
    parser.add_argument("--presses", type=int, help="presses per key (default 200, 30 with --quick)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--size", default="120x40", help="terminal size of the probes, WxH (80x24: the compact gutter)")
    args = parser.parse_args(argv)
    os.environ["BENCH_TERMINAL_SIZE"] = args.size  # the probes, fresh processes, read it
    run(print, quick=args.quick, presses=args.presses, json_path=args.json)
    return 0


def textual_version() -> str:
    from importlib.metadata import version

    return version("textual")


if __name__ == "__main__":
    sys.exit(main())
