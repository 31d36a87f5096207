"""The core never imports Textual: only annotator.tui may (harlequin's separation test)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator

CORE_MODULES = [
    "annotator",
    "annotator.segmenter",
    "annotator.articles",
    "annotator.ingest",
    "annotator.store",
    "annotator.schema",
    "annotator.safe_yaml",
    "annotator.errors",
    "annotator.cli",
    "annotator.schemas",
    "annotator.agreement",
    "annotator.agreement_report",
    "annotator.agreement_tables",
    "annotator.team",
    "annotator.adjudication",
]


def loaded_modules_after_importing(modules: list[str]) -> set[str]:
    """The top-level packages in sys.modules of a fresh interpreter after importing `modules`."""
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('\\n'.join(sorted({name.split('.')[0] for name in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_core_modules_do_not_import_textual():
    loaded = loaded_modules_after_importing(CORE_MODULES)
    assert "annotator" in loaded
    assert "textual" not in loaded


def test_every_top_level_module_outside_tui_is_core():
    discovered = [f"annotator.{m.name}" for m in pkgutil.iter_modules(annotator.__path__) if m.name not in ("tui", "__main__")]
    assert set(CORE_MODULES) - {"annotator.schemas"} <= {"annotator", *discovered}
    assert "textual" not in loaded_modules_after_importing(discovered)


def test_the_check_would_see_textual():
    assert "textual" in loaded_modules_after_importing(["textual.app"])
