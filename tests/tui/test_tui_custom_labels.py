"""A custom label set end to end: a fourth relation links with key 4, shows its mark, exports and imports."""

from __future__ import annotations

import pytest
from tui_helpers import ARTICLES, SIZE, ingest_texts, links, open_source, screen_text, settle

from annotator import formats
from annotator.config import Config
from annotator.errors import InputError
from annotator.formats.importer import import_files
from annotator.labels import default_labels, load_labels
from annotator.store import Store
from annotator.tui.app import build_app

FOUR_RELATIONS = """\
claim_types: [{id: numeric}, {id: other}]
verdicts: [{id: supported}, {id: refuted}]
relations:
  - {id: corroborates}
  - {id: conflicts}
  - {id: related}
  - {id: contextualizes, mark: "^", description: "gives the background the claim needs"}
"""


async def test_a_fourth_relation_links_shows_exports_and_imports(corpus, tmp_path):
    labels_path = tmp_path / "labels.yaml"
    labels_path.write_text(FOUR_RELATIONS, encoding="utf-8")
    labels = load_labels(labels_path)
    app = build_app(corpus, "alice", Config(labels=str(labels_path)))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_source(pilot, "a")
            await pilot.press("c", "l")
            await settle(pilot)
            await pilot.press("4")
            await pilot.pause()
            assert links(corpus) == [("a", 0, "contextualizes", "b", 0)]
            assert screen_text(screen.article)[0].startswith("▌◆·" + " " * 10 + "^1 ")  # a fourth count column
            assert screen_text(screen.evidence)[0][1:].split()[:3] == ["◇", "b:0", "^"]
            detail = "\n".join(screen_text(screen.query_one("#detail-panel")))
            assert "^ contextualizes b:0" in detail and "already linked: contextualizes" in detail
            await pilot.press("j", "2")  # the default keys still mean what they did
            await pilot.pause()
            assert ("a", 0, "conflicts", "c", 0) in links(corpus)
    finally:
        app.store.close()

    with Store(corpus) as store:
        formats.write_export(store, "brat", tmp_path / "brat", labels=labels)
        formats.write_export(store, "jsonl", tmp_path / "out.jsonl")
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "corroborates|conflicts|related|contextualizes" in conf
    assert "contextualizes" in (tmp_path / "brat" / "alice" / "a.ann").read_text(encoding="utf-8")

    fresh = ingest_texts(tmp_path / "u.db", tmp_path / "articles-u", ARTICLES)
    with Store(fresh) as store, pytest.raises(InputError, match="relation 'contextualizes', which the label set does not have"):
        import_files(store, [tmp_path / "out.jsonl"], labels=default_labels())
    assert links(fresh) == []  # refused under the default set: nothing written
    with Store(fresh) as store:
        import_files(store, [tmp_path / "out.jsonl"], labels=labels)
    assert links(fresh) == links(corpus)
