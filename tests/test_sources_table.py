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


@pytest.mark.parametrize("width", [80, 120, 200])
def test_a_long_title_never_takes_the_ids_and_counts_room(run_cli, tmp_path, monkeypatch, width):
    title = "A plain title that is very long indeed and keeps going past the edge of any terminal, " * 3
    (tmp_path / "long.md").write_text(f'---\ntitle: "{title.strip()}"\noutlet: "{"Outlet " * 20}"\n---\nHello there. Bye now.\n',
                                      encoding="utf-8")
    (tmp_path / "short_one.txt").write_text("Another article. With two sentences.\n", encoding="utf-8")
    assert run_cli("ingest", str(tmp_path / "long.md"), str(tmp_path / "short_one.txt")).exit_code == 0
    assert run_cli("done", "short_one").exit_code == 0
    out = io.StringIO()
    monkeypatch.setattr(sources_module, "output_console", lambda: Console(file=out, width=width, markup=False, color_system=None))
    assert run_cli("sources").exit_code == 0
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    assert all(len(line) <= width for line in lines)
    assert lines[0].split()[:3] == ["id", "v" if width < 120 else "ver", "sent" if width < 120 else "sentences"], lines[0]
    assert [line.split()[:3] for line in lines[2:4]] == [["long", "1", "2"], ["short_one", "1", "2"]], lines
    assert "A plain title" in lines[2]
