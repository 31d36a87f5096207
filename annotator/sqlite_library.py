"""sqlite-utils, imported without numpy: it loads numpy (about 0.2 s) only to map numpy types to columns, which we never store."""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "pandas")  # sqlite-utils imports both if it can; a None in sys.modules makes that import fail


def _import_without_numpy() -> None:
    """Import sqlite_utils with numpy and pandas hidden, unless something loaded them already."""
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


_import_without_numpy()

from sqlite_utils import Database, Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
