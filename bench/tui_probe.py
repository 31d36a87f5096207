"""In-process probes for the TUI benchmark: key latency, first frames and memory of a headless Textual app.

Each probe runs in a fresh process started by `bench/tui.py`, so start-up and peak RSS belong to one
app only. Results go back as JSON.

How a key is timed (see bench/README.md): the Key event is posted to the app the way the driver
posts it; then we wait until every message queue of the app and the current screen's widgets is
empty (repeating Pilot's own "all queued callbacks ran" barrier, so messages posted while handling
the key, like a Highlighted, are processed too); then we run the screen's update (layout, compositor,
which calls `render_line` for dirty rows) and encode the frame into terminal escape codes as a real
terminal session would. The clock stops there. Pilot's `press()` + `pause()` is not used for the
figures because it sleeps at least 2 x 20 ms waiting for the CPU to go idle; it is reported once, as
the method's floor, next to ours.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path
from time import perf_counter, process_time
from typing import NamedTuple

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

TERMINAL_SIZE = tuple(int(n) for n in os.environ.get("BENCH_TERMINAL_SIZE", "120x40").split("x"))  # bench/tui.py --size
SETTLE_ROUNDS = 10_000


# --- measuring ---------------------------------------------------------------------------------


class FrameClock:
    """Wraps the app's display step: encodes every frame like a terminal write, notes first frames."""

    def __init__(self, app: App):
        self.first: dict[str, float] = {}
        self.frames = 0
        original = app._display

        def display(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # the headless driver skips this encoding
                self.frames += 1
                self.first.setdefault(type(screen).__name__, time.time())
            original(screen, renderable)

        app._display = display


async def settle(pilot: Pilot) -> None:
    """Let every runnable task run until all wait (the key and what it caused are handled), then draw the frame.

    The test is asyncio's own ready queue: empty means every message pump is blocked on its queue,
    a timer or I/O. Unlike Pilot's barrier it costs nothing per widget, so screens with many widgets
    are not charged for the measuring.
    """
    app = pilot.app
    loop = asyncio.get_running_loop()
    for _ in range(SETTLE_ROUNDS):
        await asyncio.sleep(0)
        if not loop._ready:  # noqa: SLF001 - the only exact "nothing left to run" signal
            break
    app.screen._on_timer_update()


def key_event(app: App, key: str) -> events.Key:
    """A Key event as the driver builds it."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    return event


class Timing(NamedTuple):
    """One press: wall seconds, and CPU seconds of the whole process (every thread) over the same span."""

    wall: float
    cpu: float


async def press(pilot: Pilot, key: str) -> Timing:
    """Press one key and return the time until the app has handled it and drawn the result.

    The CPU figure (`time.process_time`, all threads) is what a loaded, shared machine blurs least.
    """
    start, cpu = perf_counter(), process_time()
    pilot.app.post_message(key_event(pilot.app, key))
    await settle(pilot)
    return Timing(perf_counter() - start, process_time() - cpu)


async def press_untimed(pilot: Pilot, *keys: str) -> None:
    """Press keys one after another, each handled and drawn before the next."""
    for key in keys:
        await press(pilot, key)


async def pilot_round_trip(pilot: Pilot, key: str) -> float:
    """The naive method, for comparison: `await pilot.press(key)` then `await pilot.pause()`."""
    start = perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return perf_counter() - start


def stats(seconds: list[float] | list[Timing]) -> dict:
    """p50, p95 and max in milliseconds (nearest rank), with the sample count; for presses also CPU p50, p95 and mean."""
    walls = [sample.wall if isinstance(sample, Timing) else sample for sample in seconds]
    result = {"n": len(walls), **percentiles(walls)}
    if seconds and isinstance(seconds[0], Timing):
        cpu = [sample.cpu for sample in seconds]
        result["cpu"] = {**percentiles(cpu), "mean": sum(cpu) / len(cpu) * 1000}
    return result


def percentiles(seconds: list[float]) -> dict:
    """p50, p95 and max in milliseconds (nearest rank); empty when there are no samples."""
    ordered = sorted(seconds)
    if not ordered:
        return {}

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000

    return {"p50": rank(0.50), "p95": rank(0.95), "max": ordered[-1] * 1000}


def rss_mb() -> dict:
    """Current and peak (high-water) resident set size of this process, in MB, from /proc.

    Not getrusage: its ru_maxrss survives exec, so a child would report its parent's peak.
    """
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {"rss": int(fields["VmRSS"].split()[0]) / 1024, "peak": int(fields["VmHWM"].split()[0]) / 1024}


class GcPauses:
    """Collects the cyclic garbage collector's pauses while active (large row lists make them longer)."""

    def __init__(self):
        self.pauses: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = perf_counter()
        else:
            self.pauses.append(perf_counter() - self._started)

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc_info) -> None:
        gc.callbacks.remove(self)

    def summary(self) -> dict:
        return {"count": len(self.pauses), "max_ms": max(self.pauses, default=0) * 1000,
                "total_ms": sum(self.pauses) * 1000}


def durable_commits(directory: Path, count: int) -> dict:
    """Bare cost of `count` one-row commits with the store's pragmas (WAL, synchronous=FULL)."""
    from annotator.connections import connect

    path = directory / "commit-probe.db"
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at TEXT)")
    seconds = []
    for _ in range(count):
        start = perf_counter()
        conn.execute("INSERT INTO t (at) VALUES (datetime('now'))")
        seconds.append(perf_counter() - start)
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return stats(seconds)


# --- baseline apps -----------------------------------------------------------------------------


class Counter(Widget, can_focus=True):
    """A one-line widget whose only key bumps a number: the floor of a keypress round trip."""

    BINDINGS = [Binding("j", "bump", "Bump")]
    DEFAULT_CSS = "Counter { height: 1; }"

    def __init__(self):
        super().__init__()
        self.count = 0

    def action_bump(self) -> None:
        self.count += 1
        self.refresh()

    def render(self) -> str:
        return f"pressed {self.count}"


class EmptyApp(App):
    """An app with one focused counter."""

    def compose(self) -> ComposeResult:
        yield Counter()

    def on_mount(self) -> None:
        self.query_one(Counter).focus()


class TableApp(App):
    """A DataTable of sentences, as STYLE.md would build an article; `c` restyles the cursor row's badge."""

    BINDINGS = [Binding("c", "restyle", "Restyle")]

    def __init__(self, sentences: list[str]):
        super().__init__()
        self.sentences = sentences
        self.mount_seconds = 0.0

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        from rich.text import Text

        start = perf_counter()
        table = self.query_one(DataTable)
        table.add_columns("", "#", "sentence")
        table.add_rows((" ", str(i), Text(text)) for i, text in enumerate(self.sentences))
        table.focus()
        self.mount_seconds = perf_counter() - start

    def action_restyle(self) -> None:
        from rich.text import Text

        table = self.query_one(DataTable)
        row = table.cursor_coordinate.row
        current = str(table.get_cell_at(Coordinate(row, 0)))
        table.update_cell_at(Coordinate(row, 0), Text(" " if current == "◆" else "◆", style="bold yellow"))


async def run_keys(pilot: Pilot, keys: dict[str, str], presses: int, between: str | None = None) -> dict:
    """Time `presses` presses of each named key; `between` is an untimed key pressed after each."""
    results = {}
    for name, key in keys.items():
        await press_untimed(pilot, "home")
        seconds = []
        for _ in range(presses):
            seconds.append(await press(pilot, key))
            if between:
                await press(pilot, between)
        results[name] = stats(seconds)
    return results


async def probe_empty(presses: int, started: float) -> dict:
    """First frame, key round trip (our method and Pilot's) and memory of an almost empty app."""
    app = EmptyApp()
    clock = FrameClock(app)
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await settle(pilot)
        first = clock.first.get("Screen", time.time()) - started
        ours = stats([await press(pilot, "j") for _ in range(presses)])
        naive = stats([await pilot_round_trip(pilot, "j") for _ in range(min(presses, 50))])
        memory = rss_mb()
    return {"first_frame": first, "key": ours, "pilot_round_trip": naive, "memory": memory}


async def probe_table(sentences: list[str], presses: int) -> dict:
    """Mount time and cursor, page and restyle latency of a DataTable holding `sentences`."""
    app = TableApp(sentences)
    FrameClock(app)
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await settle(pilot)
        keys = await run_keys(pilot, {"move": "down", "page": "pagedown"}, presses)
        await press_untimed(pilot, "home")
        restyle = []
        for _ in range(presses):
            restyle.append(await press(pilot, "c"))
            await press(pilot, "down")
        memory = rss_mb()
    return {"rows": len(sentences), "mount": app.mount_seconds, **keys, "restyle": stats(restyle), "memory": memory}


def baseline_sentences(count: int) -> list[str]:
    """`count` generated news sentences, the same kind of text the annotator rows show."""
    from bench.corpus import generate_articles

    found: list[str] = []
    for article in generate_articles(count, seed=3):
        found.extend(article.sentences)
    return found[:count]


async def probe_baselines(rows: list[int], presses: int, started: float) -> dict:
    """Every baseline figure: the empty app, then a DataTable at each row count."""
    result = {"empty": await probe_empty(presses, started)}
    for count in rows:
        result[f"table_{count}"] = await probe_table(baseline_sentences(count), presses)
        gc.collect()
    return result


# --- the annotator -----------------------------------------------------------------------------


def article_screen(pilot: Pilot):
    """The article screen and its two lists (the benchmark reads widget state, never changes it)."""
    from annotator.tui.sentence_list import SentenceList

    screen = pilot.app.screen
    return screen, screen.query_one("#article", SentenceList), screen.query_one("#evidence", SentenceList)


async def wait_workers(pilot: Pilot) -> float:
    """Wait for thread workers (search, candidates) and the frame they cause; return the seconds taken."""
    start = perf_counter()
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    return perf_counter() - start


async def time_move_and_panel(pilot: Pilot, presses: int) -> dict:
    """CPU of `j` with the panel rebuilt after it: the press, then a rest past the panel's delay and the frame it draws.

    The app rebuilds the detail panel once the cursor has rested (`DETAIL_DELAY`), so `j` alone times the cursor;
    this adds what the rest costs (CPU only: the wall clock of a rest is the delay itself). Empty without a delay.
    `key_after_panel` times each press alone (wall and CPU): every one of them comes right after a panel rebuild.
    """
    delay = getattr(pilot.app.screen, "DETAIL_DELAY", 0)
    if delay <= 0:
        return {"n": 0}
    seconds, keys = [], []
    for _ in range(presses):
        key = await press(pilot, "j")
        cpu = process_time()
        await asyncio.sleep(delay * 1.5)
        await settle(pilot)
        seconds.append(key.cpu + process_time() - cpu)
        keys.append(key)
    return {"n": presses, "delay_ms": delay * 1000, "cpu": {**percentiles(seconds), "mean": sum(seconds) / presses * 1000},
            "key_after_panel": stats(keys)}


async def time_marking(pilot: Pilot, presses: int, step: str) -> dict:
    """`c` on `presses` fresh sentences, moving with the untimed `step` key after each."""
    seconds = []
    for _ in range(presses):
        seconds.append(await press(pilot, "c"))
        await press(pilot, step)
    return stats(seconds)


async def time_links(pilot: Pilot, presses: int, next_claim: str | None) -> dict:
    """`1` (corroborates) on successive evidence rows; when the evidence list ends, move to another claim."""
    _, article, evidence = article_screen(pilot)
    seconds = []
    while len(seconds) < presses:
        seconds.append(await press(pilot, "1"))
        if evidence.cursor < len(evidence.rows) - 1:
            await press(pilot, "j")
        elif next_claim is None:
            break
        else:
            await press_untimed(pilot, "tab", next_claim)
            await wait_workers(pilot)
            await press_untimed(pilot, "tab")
    return stats(seconds)


async def article_keys(pilot: Pilot, presses: int) -> dict:
    """j, page down, c and 1 on the article screen (1 in link mode on the ranked candidates)."""
    _, article, evidence = article_screen(pilot)
    result = {"rows": len(article.rows)}
    result["move"] = stats([await press(pilot, "j") for _ in range(presses)])
    result["cursor_after_moves"] = article.cursor
    result["move_and_panel"] = await time_move_and_panel(pilot, min(presses, 50))
    await press_untimed(pilot, "g")
    pages = []
    for _ in range(presses):
        if article.cursor >= len(article.rows) - 1:
            await press(pilot, "g")
        pages.append(await press(pilot, "pagedown"))
    result["page"] = stats(pages)
    await press_untimed(pilot, "g", "j")
    result["claim"] = await time_marking(pilot, presses, "j")
    await press_untimed(pilot, "k", "l")
    result["candidates_seconds"] = await wait_workers(pilot)
    result["evidence_rows"] = len(evidence.rows)
    result["link"] = await time_links(pilot, presses, next_claim="k")
    result["stored"] = stored(pilot)
    result["pilot_round_trip"] = stats([await pilot_round_trip(pilot, "j") for _ in range(min(presses, 50))])
    return result


async def search_keys(pilot: Pilot, presses: int, query: str) -> dict:
    """Search all sources, then j, page down, c and 1 while the evidence side lists every result."""
    _, article, evidence = article_screen(pilot)
    await press_untimed(pilot, "escape")
    await pilot.press("slash", *query)
    start = perf_counter()
    await press(pilot, "enter")
    await wait_workers(pilot)
    result = {"search_seconds": perf_counter() - start, "rows": len(evidence.rows), "memory": rss_mb()}
    with GcPauses() as pauses:
        result["move"] = stats([await press(pilot, "j") for _ in range(presses)])
        result["page"] = stats([await press(pilot, "pagedown") for _ in range(presses)])
        await press_untimed(pilot, "tab", "G")
        result["claim"] = await time_marking(pilot, presses, "k")
        await press_untimed(pilot, "j", "tab", "g")
        result["link"] = await time_links(pilot, presses, next_claim=None)
    result["gc"] = pauses.summary()
    result["stored"] = stored(pilot)
    return result


async def sources_counted(pilot: Pilot) -> None:
    """Wait until the sources view shows every source with its counts (its worker reads them after the first frame)."""
    await pilot.app.screen.loaded.wait()
    await settle(pilot)


def stored(pilot: Pilot) -> dict:
    """How many claims and links the presses stored so far: proof the timed keys did their work."""
    conn = pilot.app.store.db.conn
    return {table: conn.execute(f"SELECT count(*) FROM {table} WHERE annotator = 'bench'").fetchone()[0]
            for table in ("claims", "links")}


async def probe_annotator(db: Path, presses: int, started: float, query: str | None) -> dict:
    """First frames, then article keys, then (with `query`) keys at a list of search results; memory throughout."""
    imported = time.time()
    from annotator.config import Config
    from annotator.tui.app import build_app

    app = build_app(db, "bench", Config())
    built = time.time()
    clock = FrameClock(app)
    result: dict = {"imports": imported - started, "build": built - imported}
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await settle(pilot)
        result["sources_frame"] = clock.first["SourcesScreen"] - started
        await sources_counted(pilot)
        result["sources_counted"] = time.time() - started
        result["memory_sources"] = rss_mb()
        opened = time.time()
        await press(pilot, "enter")
        result["article_frame"] = clock.first["ArticleScreen"] - opened
        result["article"] = await article_keys(pilot, presses)
        if query:
            result["search"] = await search_keys(pilot, presses, query)
        result["memory"] = rss_mb()
        await pilot.press("q")
    app.store.close()
    result["commits"] = durable_commits(db.parent, presses)
    return result


def main(argv: list[str]) -> None:
    """`baselines ROWS... PRESSES START OUT` or `annotator DB PRESSES START QUERY OUT` (QUERY may be '')."""
    kind = argv[0]
    if kind == "baselines":
        *rows, presses, started, out = argv[1:]
        result = asyncio.run(probe_baselines([int(r) for r in rows], int(presses), float(started)))
    else:
        db, presses, started, query, out = argv[1:]
        result = asyncio.run(probe_annotator(Path(db), int(presses), float(started), query or None))
    Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main(sys.argv[1:])
