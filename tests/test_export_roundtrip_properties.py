"""Property: export -> import into an empty database with the same sources -> export gives the same bytes.

For JSONL and YAML, over any annotations hypothesis can think of, with any text in notes and
normalised claims (emoji and other characters outside the BMP, U+2028, tabs and line breaks, YAML look-alikes such
as `null`, `yes` and `1.0`) and article text outside the BMP too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from examples_budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from annotator import formats
from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.formats.importer import import_files
from annotator.ingest import ingest_articles
from annotator.store import Store

WORDS = st.sampled_from(["North", "Korea", "sent", "13,000", "containers", "😀", "𝔘𝔫𝔦", "naïve", "«quoted»", "null", "yes", "1.0"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=6).map(lambda words: " ".join(words) + ".")
ARTICLE_TEXT = st.lists(SENTENCE, min_size=2, max_size=5).map(" ".join)
# Terminal controls (NUL, ESC, C1) are refused where a note enters, so no export holds them; tab and line breaks are text.
TERMINAL_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
NOTE_TEXT = st.text(st.characters(exclude_characters=TERMINAL_CONTROLS, exclude_categories=("Cs",)), max_size=30)
FREE_TEXT = st.one_of(st.none(), NOTE_TEXT, st.sampled_from(["null", "yes", "~", "- x", "a: b", "\u2028", "\t\r\n", " lead", "trail "]))


@st.composite
def annotated_corpus(draw):
    """Two or three articles and a list of annotation actions on them."""
    texts = draw(st.lists(ARTICLE_TEXT, min_size=2, max_size=3))
    articles = [Article(id=f"s{number}", text=text, origin=f"s{number}.txt") for number, text in enumerate(texts)]
    actions = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["claim", "link", "boilerplate"]),
                st.integers(0, 2), st.integers(0, 10), st.integers(0, 2), st.integers(0, 10),
                st.sampled_from(["corroborates", "conflicts", "related"]),
                FREE_TEXT, FREE_TEXT, st.sampled_from([None, "numeric", "quote"]), st.sampled_from([None, "supported", "mixed"]),
                st.sampled_from(["alice", "bob", "gold"]),
            ),
            max_size=12,
        )
    )
    return articles, actions


def _apply(store: Store, actions) -> None:
    """Replay drawn actions through the same core calls the TUI uses."""
    sources = store.source_ids()
    for kind, source, index, other, other_index, relation, note, normalized, claim_type, verdict, who in actions:
        annotations = Annotations(store, who)
        sentences = store.sentences(sources[source % len(sources)])
        sentence = sentences[index % len(sentences)]
        if kind == "boilerplate":
            annotations.toggle_boilerplate(sentence.id)
            continue
        claim_id = annotations.mark_claim(sentence.id)
        annotations.update_claim(claim_id, note=note, normalized=normalized, claim_type=claim_type, verdict=verdict)
        other_source = sources[other % len(sources)]
        if kind == "link" and other_source != sentence.source_id:
            evidence = store.sentences(other_source)
            annotations.link(claim_id, evidence[other_index % len(evidence)].id, relation, note=note)


def _export(store: Store, fmt: str, target: Path) -> bytes:
    """Export to a file and return its bytes."""
    formats.write_export(store, fmt, target)
    return target.read_bytes()


@examples(40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_corpus())
def test_export_import_export_gives_the_same_bytes(corpus):
    articles, actions = corpus
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with Store(folder / "first.db") as first:
            ingest_articles(first, articles)
            _apply(first, actions)
            exported = {fmt: _export(first, fmt, folder / f"first.{fmt}") for fmt in ("jsonl", "yaml")}
        for fmt, data in exported.items():
            with Store(folder / f"second-{fmt}.db") as second:
                ingest_articles(second, articles)
                if fmt == "yaml" or data.strip():  # an empty JSONL file holds nothing to import
                    import_files(second, [folder / f"first.{fmt}"])
                assert _export(second, fmt, folder / f"second.{fmt}") == data
