"""HTML ingest: saved pages read for their main text and metadata, the raw page kept for provenance."""

from __future__ import annotations

import hashlib
import json

import pytest
from web_pages import BODY, FURNITURE, news_page

from annotator.errors import InputError
from annotator.html_articles import read_html_article
from annotator.ingest import ADDED, UNCHANGED, ingest_articles
from annotator.inputs import plan_inputs, read_inputs
from annotator.pages import stored_page
from annotator.store import Store


def ingest(store: Store, *paths):
    """Read and store inputs the way the CLI does."""
    return ingest_articles(store, read_inputs(plan_inputs(paths)))


def test_saved_page_yields_main_text_and_metadata(tmp_path):
    page = tmp_path / "ship.html"
    page.write_text(news_page(), encoding="utf-8")
    article = read_html_article(page)
    assert article.id == "ship"
    for paragraph in BODY:
        assert paragraph in article.text
    for furniture in FURNITURE:
        assert furniture not in article.text
    assert article.title == "Ship seized with 13,000 containers"
    assert article.outlet == "Daily Planet"
    assert article.published == "2024-03-05"
    assert article.url == "https://dailyplanet.example/news/ship-seized"
    assert article.language == "en-GB"
    assert article.extra == {"author": "Lois Lane"}


def test_raw_page_is_stored_byte_for_byte_and_offsets_hold(store, tmp_path):
    page = tmp_path / "ship.htm"
    page.write_text(news_page(), encoding="utf-8")
    assert ingest(store, page).outcomes == [("ship", ADDED, 1)]
    kept = stored_page(store.db.conn, "ship")
    assert kept.raw == page.read_bytes()
    assert kept.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    assert kept.extractor.startswith("trafilatura ")
    source = store.source("ship")
    assert json.loads(source["extra"]) == {"author": "Lois Lane"}
    sentences = store.sentences("ship")
    assert sentences and all(source["text"][s.start : s.end] == s.text for s in sentences)
    assert any(s.text == BODY[2] for s in sentences)


def test_reingesting_an_unchanged_page_changes_nothing(store, tmp_path):
    page = tmp_path / "ship.html"
    page.write_text(news_page(), encoding="utf-8")
    ingest(store, page)
    assert ingest(store, page).outcomes == [("ship", UNCHANGED, 1)]
    assert store.db.execute("SELECT count(*) FROM source_pages").fetchone()[0] == 1


def test_the_page_charset_is_honoured(store, tmp_path):
    page = tmp_path / "cafe.html"
    body = ("The new café on the main square opened on Monday with a queue of residents outside its doors.",) * 3
    page.write_bytes(news_page(title="Café opens", body=body, charset="iso-8859-1").encode("latin-1"))
    ingest(store, page)
    assert "café on the main square" in store.source("cafe")["text"]
    assert store.source("cafe")["title"] == "Café opens"


def test_a_page_with_no_text_is_one_sentence_naming_it(run_cli, tmp_path):
    page = tmp_path / "app.html"
    page.write_text("<html><head><script src='app.js'></script></head><body><div id='root'></div></body></html>")
    result = run_cli("ingest", page)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"annotator: {page}: holds no article text that could be extracted "
                                          "(an empty page, or one built by scripts)"]


def test_binary_bytes_named_html_are_refused(tmp_path):
    page = tmp_path / "image.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    with pytest.raises(InputError, match="binary"):
        read_html_article(page)


def test_open_reads_a_folder_of_saved_pages(run_cli, tmp_path, monkeypatch, db_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.html").write_text(news_page(canonical=f"https://dailyplanet.example/{name}"))
    opened = []
    monkeypatch.setattr("annotator.tui.app.run_app", lambda **kwargs: opened.append(kwargs))
    result = run_cli("open", folder)
    assert result.exit_code == 0, result.stderr
    assert opened and "2 added" in result.stderr
    with Store(db_path) as store:
        assert [row[0] for row in store.db.execute("SELECT url FROM sources ORDER BY id")] == [
            "https://dailyplanet.example/one", "https://dailyplanet.example/two"]
