"""The command line starts fast: `import annotator.cli` loads neither numpy nor the segmenter, ingest or the writer."""

from __future__ import annotations

import subprocess
import sys

# What a command that does not need it must not pay for at start-up (each costs tens of milliseconds or more).
LOADED_ON_USE = ["numpy", "annotator.segmenter", "annotator.cut_verdicts", "annotator.ingest", "annotator.suggestion_index",
                 "annotator.annotation_writer", "annotator.actions", "annotator.orphans", "textual"]


def modules_after(code: str) -> set[str]:
    """The names in sys.modules of a fresh interpreter after running `code`."""
    result = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_command_line_loads_no_heavy_module():
    loaded = modules_after("import annotator.cli")
    assert "annotator.cli_ingest" in loaded and "sqlite_utils" in loaded  # every command is registered
    assert [name for name in LOADED_ON_USE if name in loaded] == []


def test_the_check_would_see_them():
    loaded = modules_after("import annotator.cli\nimport annotator.ingest, annotator.actions, annotator.orphans")
    assert {"annotator.segmenter", "annotator.ingest", "annotator.actions", "annotator.annotation_writer"} <= loaded


def test_numpy_is_only_hidden_while_sqlite_utils_is_imported():
    """Code that wants numpy later (py3langid) still gets it; a numpy imported first is seen by sqlite-utils."""
    loaded = modules_after("import annotator.store, numpy\nassert numpy.zeros(2).sum() == 0")
    assert "numpy" in loaded
    check = "import numpy, annotator.store, sqlite_utils.db\nassert sqlite_utils.db.np is numpy"
    assert "numpy" in modules_after(check)


def test_sqlite_utils_without_numpy_still_does_our_work(tmp_path):
    from annotator.store import Store

    with Store(tmp_path / "t.db") as store:
        store.db["scratch"].insert_all([{"id": 1, "text": "x"}], pk="id")
        assert store.db.execute("SELECT text FROM scratch").fetchall() == [("x",)]
