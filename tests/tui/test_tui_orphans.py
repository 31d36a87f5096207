"""The sources view shows annotations an edited article left orphaned."""

from __future__ import annotations

from seed_gold import EDITS, SEEDS, A, B, annotate_gold, seed_texts, write_texts
from tui_helpers import SIZE, sources_loaded

from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.store import Store


async def test_tui_sources_view_shows_orphans(db_path, tmp_path, make_app):
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
        edited = write_texts(tmp_path / "cut", EDITS["removed_paragraph"](seed_texts()))
        ingest_articles(store, read_articles([edited]), new_version=True)
    app = make_app(db_path, "gold")
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        assert "1 annotation(s) orphaned" in str(app.screen.query_one("#sources-intro").render())
        rows = app.screen.query_one("#sources")
        assert rows._title(rows.row_for(A)).startswith("[1 orphaned] ")
        assert not rows._title(rows.row_for(B)).startswith("[")
