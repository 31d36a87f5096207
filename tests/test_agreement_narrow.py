"""`annotator agree` at 80 columns with long annotator names: every table row fits and both names stay readable."""

from __future__ import annotations

from rich.console import Console

from annotator.agreement_report import agreement_report
from annotator.agreement_tables import name_cells, pair_label, print_report
from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.labels import load_labels

FIRST, SECOND = "alice" + "x" * 140 + "-desk", "bob" + "y" * 142 + "-wire"


def _report(store):
    ingest_articles(store, [Article(id="a", text="The council approved 40 buses on Monday. The mayor said so.", origin="t"),
                            Article(id="b", text="Council members approved 40 buses on Monday. It rained.", origin="t")])
    a, b = (store.sentences(s)[0].id for s in ("a", "b"))
    for who, relation in ((FIRST, "corroborates"), (SECOND, "conflicts")):
        annotations = Annotations(store, who)
        annotations.link(annotations.mark_claim(a), b, relation)
    return agreement_report(store, include_partial=True, labels=load_labels())


def test_every_line_of_the_tables_fits_80_columns_and_shows_both_names(memory_store):
    console = Console(width=80, record=True, color_system=None)
    print_report(_report(memory_store), console)
    lines = console.export_text().splitlines()
    assert max(map(len, lines)) <= 80
    rows = [line for line in lines if "alice" in line and "bob" in line and "–" in line and "undefined" not in line]
    assert rows, "no pair row names both annotators"
    assert all("desk" in row and "wire" in row for row in rows), rows  # the ends of the names, where they differ, kept
    assert any("Krippendorff's α" in line and "Cohen's κ" in line for line in lines)


def test_a_wide_console_shows_longer_names_and_short_names_stay_whole():
    assert name_cells(80) == 12 and name_cells(200) > 60
    assert pair_label("alice", "bob") == "alice – bob"
    assert len(pair_label(FIRST, SECOND, name_cells(200))) <= 2 * name_cells(200) + 3


def test_a_name_that_looks_like_markup_is_shown_as_written(memory_store):
    """A teammate named "[/]bob[red]" breaks no table and colours nothing: names are text, never Rich markup."""
    ingest_articles(memory_store, [Article(id="a", text="The council approved 40 buses on Monday. It rained.", origin="t")])
    sentence = memory_store.sentences("a")[0].id
    for who in ("alice", "[/]bob[red]"):
        Annotations(memory_store, who).mark_claim(sentence)
    console = Console(width=80, record=True, color_system=None)
    print_report(agreement_report(memory_store, include_partial=True, labels=load_labels()), console)
    assert any("[/]bob[red] – alice" in line for line in console.export_text().splitlines())
