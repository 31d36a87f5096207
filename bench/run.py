"""Run the benchmarks: `python bench/run.py [segmentation] [ingest] [batch] [formats] [tui] [suggest]` (all when none is named)."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/run.py` puts bench/, not the project, on the path

from bench import agree, batch, formats, ingest, segmentation, suggest, tui  # noqa: E402

SUITES = {
    "segmentation": (segmentation.run, "accuracy on GUM news, MB/s on generated news, pathological growth"),
    "ingest": (ingest.run, "1,000,000 generated sentences through ingest_articles vs a raw-insert baseline"),
    "agree": (agree.run, "agreement over 100,000 units and 5 annotators: metrics alone and from a database, vs raw agreement and krippendorff"),
    "batch": (batch.run, "10,000 scripted actions in one `annotator batch` transaction vs two raw executemany"),
    "formats": (formats.run, "export and import of 100,000 claims (jsonl, yaml) vs a flat dump-and-load baseline"),
    "tui": (tui.run, "first frame, key latency and RSS of the app on 10,000 and 1,000,000 sentences vs DataTable"),
    "suggest": (suggest.run, "evidence suggestions: recall/MRR on FEVER and the seeds vs rank-bm25, p50/p95 up to 1M vs FTS"),
}


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The suites to run, in the order given."""
    parser = argparse.ArgumentParser(
        prog="python bench/run.py",
        description="Benchmarks for annotator. Every figure is printed next to a baseline measured in the same run.",
        epilog="suites: " + "; ".join(f"{name}: {about}" for name, (_, about) in SUITES.items()),
    )
    parser.add_argument("suites", nargs="*", metavar="SUITE", help=f"{' or '.join(SUITES)}; all when none is given")
    parser.add_argument("--sentences", type=int, default=ingest.SENTENCES, help="sentences for the ingest suite")
    parser.add_argument("--quick", action="store_true", help="small sizes for the tui and suggest suites (a smoke run)")
    arguments = parser.parse_args(argv)
    unknown = [name for name in arguments.suites if name not in SUITES]
    if unknown:
        parser.error(f"unknown suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    """Run the chosen suites and print their figures."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    print(f"annotator benchmarks — Python {platform.python_version()}, {platform.machine()}, "
          f"{len(os.sched_getaffinity(0))} CPUs, load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M')}")
    for name in arguments.suites or list(SUITES):
        print(f"\n=== {name} ===")
        started = time.perf_counter()
        if name == "ingest":
            ingest.run(print, arguments.sentences)
        elif name == "tui":
            tui.run(print, quick=arguments.quick)
        elif name == "suggest":
            suggest.run(print, quick=arguments.quick)
        else:
            SUITES[name][0](print)
        print(f"({name} took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
