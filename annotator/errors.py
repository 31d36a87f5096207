"""Errors the CLI and the app show as one sentence: the user's to fix (exit 2) or a failure that is not (exit 1)."""

from __future__ import annotations

import errno
import os
import re
import shlex
from pathlib import Path

from annotator.terminal_text import shortened

# Controls (newline and tab too: a message is one line) and the invisible or reordering format characters.
_UNSHOWABLE_IN_PATH = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


SHOWN_VALUE_LIMIT = 60  # characters of one value from data that an error sentence shows; a longer one is cut with "…"
MESSAGE_LIMIT = 500  # an error sentence longer than this (a value nobody cut) keeps its start and its end (app and CLI)


def cut(text: str, limit: int = SHOWN_VALUE_LIMIT) -> str:
    """`text` whole when it is short, else its first characters and "…", `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = SHOWN_VALUE_LIMIT) -> str:
    """A value from data as an error sentence names it: its repr (escapes visible), cut inside the quotes when long."""
    text = repr(value)
    if len(text) <= limit or not isinstance(value, str):
        return cut(text, limit)
    return cut(text[:-1], limit - 1) + text[-1]


def shown_path(path: str | Path) -> str:
    """A path as text a terminal can show on one line: bytes that are not UTF-8 appear as `\\xff`, controls as `\\n`, `\\x1b`."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _UNSHOWABLE_IN_PATH.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def shell_word(path: str | Path) -> str:
    """A path as one word to paste into a shell command a sentence suggests: quoted when it holds a space, `;` or `$`."""
    return shlex.quote(shown_path(path))


class InputError(Exception):
    """Bad input from the user: a missing, broken or malformed file, or a bad argument."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = shortened(message, MESSAGE_LIMIT)  # the same middle cut as the CLI's, tighter
        self.path = shown_path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}, line {self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class Failure(InputError):
    """Not the user's input but the machine: a full disk, an I/O error, a damaged database (exit 1)."""

    exit_code = 1


def not_utf8(data: bytes, error: UnicodeDecodeError, path: str | Path) -> InputError:
    """The one sentence for bytes that are not UTF-8: the first bad byte, its offset and its line."""
    line = data.count(b"\n", 0, error.start) + 1
    return InputError(f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", path, line)


# What the user can fix by naming another path (exit 2); anything else is the machine failing (exit 1).
_PATH_ERRORS = {
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "is on a read-only file system",
    errno.EEXIST: "already exists",
    errno.ELOOP: "too many symbolic links",
    errno.EXDEV: "is on another file system",
}
_FAILURES = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.EFBIG: "the file grew past the size this system allows",
    errno.EIO: "the disk reported an input/output error",
}


def os_problem(error: OSError, path: str | Path | None = None, doing: str = "") -> InputError:
    """One sentence for an operating-system error: what went wrong, where, and whether it is input (2) or failure (1)."""
    where = error.filename if error.filename is not None else path
    what = _PATH_ERRORS.get(error.errno)
    if what is not None:
        return InputError(f"{doing}{what}", where)
    what = _FAILURES.get(error.errno) or (error.strerror or str(error)).lower()
    return Failure(f"{doing}{what}", where)


class Refused(InputError):
    """An annotation action the rows no longer allow: its claim or link is gone, or its sentence is not current."""


class UndoRefused(Refused):
    """An undo or redo the rows no longer allow; its sentence says so itself ("cannot undo …"), so it needs no preface."""
