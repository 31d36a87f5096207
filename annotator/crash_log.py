"""Tracebacks of unexpected errors go to a log file the one-sentence message names, never to the terminal."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path


def crash_log_folder() -> Path:
    """`$ANNOTATOR_LOG_DIR`, else `$XDG_STATE_HOME/annotator` (default `~/.local/state/annotator`)."""
    if os.environ.get("ANNOTATOR_LOG_DIR"):
        return Path(os.environ["ANNOTATOR_LOG_DIR"])
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "annotator"


def write_crash_log(error: BaseException, command: list[str] | None = None) -> Path | None:
    """Write the traceback (and the command line) to a new log file and return it; None if no folder takes it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    text = "".join(traceback.format_exception(error))
    header = f"annotator crash at {stamp}Z, pid {os.getpid()}\ncommand: {command if command is not None else sys.argv}\n\n"
    for folder in (crash_log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            with open(path, "a", encoding="utf-8", errors="backslashreplace") as stream:
                stream.write(header + text)
            return path
        except OSError:
            continue
    return None


def crash_sentence(error: BaseException, log: Path | None) -> str:
    """The one sentence for an unexpected error: what it was, and where its traceback is."""
    what = f"{type(error).__name__}: {' '.join(str(error).split())}"[:300]
    where = f"the traceback is in {log}" if log else "no log file could be written"
    return f"annotator: unexpected error ({what}); {where}; please report it."
