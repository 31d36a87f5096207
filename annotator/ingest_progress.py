"""Progress of an ingest on stderr, from the first file read to the last commit: reading, storing, indexing, committing."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

PROGRESS_THRESHOLD_BYTES = 2_000_000  # below this an ingest takes about a second: a bar would only flicker


class IngestProgress:
    """One rich progress display with a task per phase, each with counts and a time estimate."""

    def __init__(self, console: Console, items: int):
        self.progress = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}", markup=False),
            TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
        )
        self.reading = self.progress.add_task("Reading", total=items, unit="inputs")
        self.storing = None
        self.phase_task = None
        self.progress.start()

    def read(self, _name: str) -> None:
        """One file, URL or standard input has been read and validated."""
        self.progress.advance(self.reading)

    def start_storing(self, articles: int) -> None:
        """Reading is over; storing begins."""
        self.storing = self.progress.add_task("Storing", total=articles, unit="articles")

    def stored(self, _characters: int) -> None:
        """One article has been segmented and written."""
        self.progress.advance(self.storing)

    def phase(self, name: str) -> None:
        """A step after the last article (indexing, committing): shown as running, so the bar never sits at 100%."""
        if self.phase_task is not None:
            self.progress.update(self.phase_task, total=1, completed=1)
        self.phase_task = self.progress.add_task(name.capitalize(), total=None, unit="")
        self.progress.refresh()

    def close(self) -> None:
        """Take the display away (it is transient: the summary line says what was done)."""
        self.progress.stop()


def wants_progress(stderr_is_terminal: bool, input_bytes: int, urls: int) -> bool:
    """A display only on a terminal, and only for work that takes a while: big inputs, or pages to fetch."""
    return stderr_is_terminal and (input_bytes >= PROGRESS_THRESHOLD_BYTES or urls > 0)
