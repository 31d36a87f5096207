"""The agreement report for people: rich tables per facet, and each pair's confusion table as a small heat map."""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.console import Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from annotator.agreement import Confusion, Figure
from annotator.agreement_report import SPAN_FACET, AgreementReport, FacetAgreement
from annotator.cell_fit import middle
from annotator.printable_console import output_console
from annotator.span_agreement import SpanAgreement
from annotator.terminal_text import printable

AGREE_RGB, DISAGREE_RGB, BLANK_RGB = (46, 160, 67), (207, 34, 46), (40, 40, 40)
NAME_CELLS = 12  # a name in a table row or heat-map title at 80 columns: two of them and the figures fit
FIGURE_CELLS = 56  # what a facet row's figures and padding take beside the pair's label
SPAN_FIGURE_CELLS = 62  # the same for the claim-span table, which has two columns more


def name_cells(width: int, figures: int = FIGURE_CELLS) -> int:
    """How many cells each name of a pair may take on a console this wide (12 at 80 columns, 72 at 200)."""
    return max(7, (width - figures) // 2)


def short_name(name: str, cells: int = NAME_CELLS) -> str:
    """An annotator's name as the tables show it: printable, and cut in the middle past `cells` (the JSON and the
    report's first line keep it whole)."""
    return middle(printable(name), cells)


def pair_label(first: str, second: str, cells: int = NAME_CELLS) -> str:
    """A pair's row label in the tables and its notes."""
    return f"{short_name(first, cells)} – {short_name(second, cells)}"


def figure_text(figure: Figure, digits: int = 3) -> Text:
    """A figure to three decimals, or a dim dash when undefined (the reason is listed under the table)."""
    if figure.value is None:
        return Text("—", style="dim")
    return Text(f"{figure.value:.{digits}f}")


def heat_style(count: int, largest: int, on_diagonal: bool) -> Style:
    """Background shade by count: green on the diagonal (agreement), red off it; empty cells stay dark."""
    if count == 0 or largest == 0:
        return Style(color="grey50")
    share = 0.25 + 0.75 * count / largest
    rgb = AGREE_RGB if on_diagonal else DISAGREE_RGB
    shade = tuple(int(BLANK_RGB[k] + (rgb[k] - BLANK_RGB[k]) * share) for k in range(3))
    return Style(bgcolor=f"rgb({shade[0]},{shade[1]},{shade[2]})", color="white", bold=on_diagonal)


def confusion_heat_map(first: str, second: str, table: Confusion, cells: int = NAME_CELLS) -> Table:
    """One pair's confusion table: rows the first annotator, columns the second, shaded by count.

    Labels neither annotator used are left out here (the JSON keeps the whole vocabulary).
    """
    used = [i for i, _ in enumerate(table.labels)
            if any(table.counts[i]) or any(row[i] for row in table.counts)]
    table = Confusion(tuple(table.labels[i] for i in used), tuple(tuple(table.counts[i][j] for j in used) for i in used))
    largest = max((max(row) for row in table.counts), default=0)
    grid = Table(title=Text(f"{short_name(first, cells)} ↓  {short_name(second, cells)} →", style="bold"), box=box.SIMPLE, pad_edge=False,
                 show_edge=False, title_justify="left")
    grid.add_column("", no_wrap=True, style="bold")
    for label in table.labels:
        grid.add_column(Text(printable(str(label))), justify="right", no_wrap=True)
    for i, label in enumerate(table.labels):
        row_cells = [Text(f" {count} ", style=heat_style(count, largest, i == j)) for j, count in enumerate(table.counts[i])]
        grid.add_row(Text(printable(str(label))), *row_cells)
    return grid


def _column_fit(header: str) -> dict:
    """A figure column keeps its header whole; on a narrow console the pair's label wraps instead."""
    return {"no_wrap": False, "overflow": "fold"} if header == "annotators" else {"no_wrap": True, "min_width": len(header)}


def facet_table(facet: FacetAgreement, cells: int = NAME_CELLS) -> Group:
    """The facet's overall figures, the per-pair table, the confusion heat maps and any undefined reasons."""
    heading = Text.assemble((facet.description, "bold"), f" — {len(facet.annotators)} annotators, "
                            f"{facet.units} units with two or more values ({facet.values} values)")
    figures = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in (("annotators", "left"), ("units", "right"), ("observed", "right"), ("Cohen's κ", "right"),
                          ("Krippendorff's α", "right")):
        figures.add_column(name, justify=justify, **_column_fit(name))
    figures.add_row(Text("all together", style="bold"), str(facet.units), figure_text(facet.observed), "",
                    figure_text(facet.alpha))
    notes = _undefined_notes("all together", {"observed": facet.observed, "alpha": facet.alpha})
    for pair in facet.pairs:
        name = pair_label(pair.first, pair.second, cells)
        figures.add_row(Text(name), str(pair.units), figure_text(pair.observed), figure_text(pair.kappa), figure_text(pair.alpha))
        notes += _undefined_notes(name, {"observed": pair.observed, "kappa": pair.kappa, "alpha": pair.alpha})
    maps = [confusion_heat_map(pair.first, pair.second, pair.confusion, cells) for pair in facet.pairs if pair.units]
    parts = [heading, figures]
    if maps:
        parts.append(Columns(maps, padding=(0, 4)))
    parts.extend(Text(note, style="dim") for note in _merge(notes))
    return Group(*parts)


def span_table(spans: SpanAgreement, cells: int = NAME_CELLS) -> Group:
    """Claim-span figures: F1 and per-character alpha overall, and per pair with the claims paired and left alone."""
    heading = Text.assemble((SPAN_FACET, "bold"), f" — {spans.sentences} claim sentences, "
                            f"{spans.characters} characters with two or more values")
    figures = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("annotators", "sentences", "paired", "alone", "character F1", "Krippendorff's α"):
        figures.add_column(name, justify="left" if name == "annotators" else "right", **_column_fit(name))
    figures.add_row(Text("all together", style="bold"), str(spans.sentences), "", "", figure_text(spans.f1),
                    figure_text(spans.alpha))
    notes = _undefined_notes("all together", {"F1": spans.f1, "alpha": spans.alpha})
    for pair in spans.pairs:
        name = pair_label(pair.first, pair.second, cells)
        figures.add_row(Text(name), str(pair.sentences), str(pair.paired), f"{pair.alone_first} / {pair.alone_second}",
                        figure_text(pair.f1), figure_text(pair.alpha))
        notes += _undefined_notes(name, {"F1": pair.f1, "alpha": pair.alpha})
    return Group(heading, figures, *(Text(note, style="dim") for note in _merge(notes)))


def _undefined_notes(who: str, figures: dict[str, Figure]) -> list[str]:
    """One line per reason: which of `who`'s figures are undefined, and why."""
    by_reason: dict[str, list[str]] = {}
    for name, figure in figures.items():
        if figure.value is None:
            by_reason.setdefault(figure.reason, []).append(name)
    return [f"{who}: {' and '.join(names)} undefined — {reason}" for reason, names in by_reason.items()]


def _merge(notes: list[str]) -> list[str]:
    """At most five notes, then a count of the rest."""
    return notes if len(notes) <= 5 else [*notes[:5], f"… and {len(notes) - 5} more undefined figures"]


def _planned(report: AgreementReport) -> str:
    """With `--assigned`, how many sources the lead planned for two or more of them."""
    return "" if report.planned_sources is None else f" (of {report.planned_sources} assigned to two or more)"


def nothing_shared_advice(report: AgreementReport) -> str:
    """What to do when no source is covered by two annotators: mark sources done if they worked on the same ones."""
    if len(report.annotators) >= 2 and report.not_shared:
        shown = ", ".join(printable(source) for source in report.not_shared[:3])
        more = f" and {len(report.not_shared) - 3} more" if len(report.not_shared) > 3 else ""
        partial = "" if report.partial else ", or compare on what each has read with --include-partial"
        return (f"{len(report.not_shared)} source(s) hold claims by two or more of them but are not marked done by two "
                f"({shown}{more}): each marks a source done with D in the app or `annotator done SOURCE_ID...`{partial}.")
    return ("Agreement needs two annotators who covered the same source: "
            "import a teammate's export or annotate under another --annotator.")


def print_report(report: AgreementReport, console: Console | None = None) -> None:
    """Print every facet of the report."""
    console = console or output_console()
    excluded = f" (left out: {', '.join(report.excluded)})" if report.excluded else ""
    console.print(Text(f"Agreement between {', '.join(report.annotators) or 'nobody'}{excluded} over "
                       f"{report.shared_sources} source(s) covered by two or more of them{_planned(report)}.", style="bold"))
    if len(report.annotators) < 2 or report.shared_sources == 0:
        console.print(Text(nothing_shared_advice(report)))
        return
    for facet in report.facets:
        console.print()
        console.print(facet_table(facet, name_cells(console.width)))
    if report.spans is not None:
        console.print()
        console.print(span_table(report.spans, name_cells(console.width, SPAN_FIGURE_CELLS)))
