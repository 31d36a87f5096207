"""`annotator sources` fits the terminal: abbreviated headings with a legend below 120 columns, no date below 100,
and every count right under its heading at 80, 120 and 160 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import annotator.cli_sources as sources_module


@pytest.mark.parametrize("width", [80, 120, 160])
def test_the_sources_table_fits_and_aligns(run_cli, seeds_dir, monkeypatch, width):
    assert run_cli("ingest", str(seeds_dir)).exit_code == 0
    out = io.StringIO()
    monkeypatch.setattr(sources_module, "output_console", lambda: Console(file=out, width=width, markup=False, color_system=None))
    assert run_cli("sources").exit_code == 0
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    assert all(len(line) <= width for line in lines)
    heading = lines[0]
    counts = "sent" if width < 120 else "sentences"
    assert (width < 120) == ("v version · sent sentences" in lines[-1])
    assert ("date" in heading or "published" in heading) == (width >= 100)
    right_edge = heading.index(counts) + len(counts)
    rows = [line for line in lines[2:] if line.strip()[:3].isdigit()]
    assert rows and all(line[right_edge - 1].isdigit() and line[right_edge] == " " for line in rows)
