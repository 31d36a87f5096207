"""Segmentation benchmarks: accuracy on GUM news, throughput on generated news, growth on pathological input."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from pathlib import Path

import sentencex

from annotator.segmenter import split_sentences
from bench import gold, golden_rules
from bench import segmenter_before as before
from bench.corpus import generate_text

Spans = list[tuple[int, int]]

THROUGHPUT_CHARS = 20_000_000
REAL_NEWS_CHARS = 2_000_000
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PYSBD_SLICE_CHARS = 200_000
PATHOLOGICAL_SIZES_KB = (100, 200, 400)
PYSBD_PATHOLOGICAL_SIZES_KB = (50, 100)
PYSBD_PATHOLOGICAL_KINDS = ("no punctuation", "abbreviations only")
ROUNDS = 3
PATHOLOGICAL_ROUNDS = 5


def ours(text: str) -> Spans:
    """annotator.segmenter.split_sentences, as spans."""
    return [(span.start, span.end) for span in split_sentences(text)]


def ours_before(text: str) -> Spans:
    """The segmenter before the bulk pass (bench/segmenter_before.py, frozen), as spans."""
    return [(span.start, span.end) for span in before.split_sentences(text)]


def with_sentencex(text: str) -> Spans:
    """sentencex alone (the library our segmenter builds on)."""
    return [(b["start_index"], b["end_index"]) for b in sentencex.get_sentence_boundaries("en", text)]


def pysbd_segmenter() -> Callable[[str], Spans] | None:
    """pysbd 0.3.4 as the brief pins it, or None when the bench extra is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [(span.start, span.end) for span in segmenter.segment(text)]


def segmenters() -> dict[str, Callable[[str], Spans]]:
    """The three segmenters compared, ours first."""
    found = {"ours": ours, "pysbd": pysbd_segmenter(), "sentencex": with_sentencex}
    return {name: segment for name, segment in found.items() if segment is not None}


def run_accuracy(report: Callable[[str], None]) -> None:
    """Boundary P/R/F1 and exact sentence matches on the gold set, paragraphs on lines and run together."""
    report(f"Gold set: {gold.NAME}; licence: {gold.LICENCE}")
    report(f"  file: {gold.SAMPLE.relative_to(gold.SAMPLE.parents[2])} (committed sample; see bench/README.md)")
    for layout, separator in (("one paragraph per line", "\n"), ("paragraphs run together", " ")):
        documents = gold.load_documents(paragraph_separator=separator)
        sentences = sum(len(d.spans) for d in documents)
        report(f"  {layout}: {len(documents)} documents, {sentences} gold sentences")
        report(f"    {'segmenter':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'exact':>6}")
        for name, segment in segmenters().items():
            score = gold.score(segment, documents)
            report(f"    {name:<10} {score.precision:>9.3f} {score.recall:>7.3f} {score.f1:>6.3f} {score.exact:>6.3f}")
    run_golden_rules(report)


def run_golden_rules(report: Callable[[str], None]) -> None:
    """Rules passed of the Golden Rules that keep offsets, and which ones each segmenter misses."""
    rules = golden_rules.load_rules()
    report(f"Rule set: {golden_rules.NAME}; licence: {golden_rules.LICENCE}")
    report(f"  file: bench/data-sample/{golden_rules.SAMPLE.name}; {len(rules)} rules that keep offsets")
    for name, segment in segmenters().items():
        missed = golden_rules.failures(segment, rules)
        report(
            f"    {name:<10} {len(rules) - len(missed):>3} / {len(rules)}   missed: {', '.join(map(str, missed)) or '-'}"
        )


def best_seconds(function: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The fastest of several timed runs in CPU seconds, the collector paused for every segmenter alike."""
    best = float("inf")
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            started = time.process_time()
            function()
            best = min(best, time.process_time() - started)
    finally:
        if collecting:
            gc.enable()
    return best


def megabytes(text: str) -> float:
    """Size in MB (10^6 bytes) of the UTF-8 encoding."""
    return len(text.encode("utf-8")) / 1e6


def run_throughput(report: Callable[[str], None]) -> None:
    """MB/s on generated and real news for ours and sentencex, and all three on a slice pysbd can do."""
    text = generate_text(THROUGHPUT_CHARS, seed=1)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    report(f"Throughput in CPU time (machine load {load}), ours, ours before the bulk pass and sentencex in turns")
    report(f"Generated news (bench/corpus.py, seed 1): {megabytes(text):.1f} MB, best of {ROUNDS} runs")
    _ours_beside_sentencex(report, text)
    news = real_news(REAL_NEWS_CHARS)
    report(
        f"Real news (GUM news sample and seeds/, repeated): {megabytes(news):.1f} MB, best of {ROUNDS} runs"
    )
    _ours_beside_sentencex(report, news)
    pysbd = pysbd_segmenter()
    if pysbd is None:
        report("  pysbd not installed (pip install -e '.[bench]'); skipped")
        return
    piece = text[: text.rfind("\n", 0, PYSBD_SLICE_CHARS) + 1]
    piece_size = megabytes(piece)
    report(
        f"pysbd is too slow for {megabytes(text):.0f} MB; all three on the first {piece_size * 1000:.0f} KB of the generated news:"
    )
    for name, segment in segmenters().items():
        seconds = best_seconds(lambda segment=segment: segment(piece), rounds=1 if name == "pysbd" else ROUNDS)
        report(f"  {name:<10} {piece_size / seconds:8.2f} MB/s  ({seconds:.3f} s)")


def _ours_beside_sentencex(report: Callable[[str], None], text: str) -> None:
    """Time ours, ours before and sentencex alone on the same text, in turns, and print them with their ratios."""
    segment = {  # each one's own call, spans and texts as it gives them (no conversion timed)
        "ours": split_sentences,
        "before": before.split_sentences,
        "sentencex": lambda text: sentencex.get_sentence_boundaries("en", text),
    }
    timings = dict.fromkeys(segment, float("inf"))
    for _ in range(ROUNDS):  # in turns, so a burst of load on the shared machine hits all three
        for name, function in segment.items():
            timings[name] = min(timings[name], best_seconds(lambda function=function: function(text), rounds=1))
    size = megabytes(text)
    for name, seconds in timings.items():
        report(f"  {name:<10} {size / seconds:8.1f} MB/s  ({seconds:.2f} s)")
    sentencex_seconds = timings["sentencex"]
    report(
        f"  ours runs at {sentencex_seconds / timings['ours']:.2f}x the speed of sentencex alone "
        f"(before the bulk pass: {sentencex_seconds / timings['before']:.2f}x)"
    )


def real_news(chars: int) -> str:
    """The GUM news documents and the seed articles, one paragraph per line, repeated to about `chars` characters."""
    parts = [document.text for document in gold.load_documents()]
    parts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    unit = "\n".join(part.strip("\n") for part in parts) + "\n"
    return unit * (chars // len(unit) + 1)


PATHOLOGICAL_UNITS = {
    "no punctuation": "the council said it would review the plan ",
    "abbreviations only": "U.S. Dr. Jan. No. A. ",
    "list markers only": "1. a ",
    "no spaces between sentences": "ab.Cd.",
}


def pathological(kind: str, size_kb: int) -> str:
    """Adversarial text of about `size_kb` KB: one short unit repeated (see PATHOLOGICAL_UNITS)."""
    unit = PATHOLOGICAL_UNITS[kind]
    return (unit * (size_kb * 1000 // len(unit) + 1))[: size_kb * 1000]


def run_pathological(report: Callable[[str], None]) -> None:
    """Milliseconds per size; doubling the size doubles the time when growth is linear."""
    for kind in PATHOLOGICAL_UNITS:
        with_pysbd = kind in PYSBD_PATHOLOGICAL_KINDS
        note = "pysbd once, and only up to 100 KB: it is quadratic" if with_pysbd else "pysbd left out: it is quadratic"
        report(f"Pathological input, {kind} (best of {PATHOLOGICAL_ROUNDS}; {note}):")
        for name, segment in segmenters().items():
            if name == "pysbd" and not with_pysbd:
                continue
            sizes = PYSBD_PATHOLOGICAL_SIZES_KB if name == "pysbd" else PATHOLOGICAL_SIZES_KB
            rounds = 1 if name == "pysbd" else PATHOLOGICAL_ROUNDS
            texts = [pathological(kind, kb) for kb in sizes]
            seconds = [best_seconds(lambda segment=segment, text=text: segment(text), rounds) for text in texts]
            shown = "  ".join(f"{kb} KB {s * 1000:9.1f} ms" for kb, s in zip(sizes, seconds, strict=True))
            growth = seconds[-1] / seconds[0] if seconds[0] else float("nan")
            report(f"  {name:<10} {shown}   x{growth:.1f} for x{sizes[-1] // sizes[0]} input")


def run(report: Callable[[str], None] = print) -> None:
    """Every segmentation benchmark, in order."""
    run_accuracy(report)
    report("")
    run_throughput(report)
    report("")
    run_pathological(report)
