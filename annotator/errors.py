"""Errors that are the user's to fix: the CLI prints them as one sentence and exits 2."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input from the user: a missing, broken or malformed file, or a bad argument."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}, line {self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def not_utf8(data: bytes, error: UnicodeDecodeError, path: str | Path) -> InputError:
    """The one sentence for bytes that are not UTF-8: the first bad byte, its offset and its line."""
    line = data.count(b"\n", 0, error.start) + 1
    return InputError(f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", path, line)


class Refused(InputError):
    """An annotation action the rows no longer allow: its claim or link is gone, or its sentence is not current."""
