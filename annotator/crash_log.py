"""Where an unexpected crash leaves its traceback: one file per crash under the user's state folder."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

from annotator import __version__


class AppCrashed(Exception):
    """The app stopped on an unexpected error; its traceback is in `log`."""

    def __init__(self, log: Path):
        self.log = log
        super().__init__(f"the app stopped on an unexpected error; its traceback is in {log}")


def state_dir() -> Path:
    """`$XDG_STATE_HOME/annotator`, else `~/.local/state/annotator`."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "annotator"


def write_crash_log(error: BaseException, context: str) -> Path:
    """Write the error's traceback (with the version and `context`) to a new file and return its path.

    The state folder first; if it cannot be written, the system's temporary folder.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"annotator {__version__} crashed at {dt.datetime.now().isoformat(timespec='seconds')}\n{context}\n\n"
            + "".join(traceback.format_exception(error)))
    for folder in (state_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return path
        except OSError:
            continue
    raise OSError("no folder to write the crash log to")


def crash_sentence(error: BaseException, log: Path | None) -> str:
    """The one sentence for an unexpected error in a command: what it was, and where its traceback is."""
    what = f"{type(error).__name__}: {' '.join(str(error).split())}"[:300]
    where = f"the traceback is in {log}" if log else "no log file could be written"
    return f"annotator: unexpected error ({what}); {where}; please report it."
