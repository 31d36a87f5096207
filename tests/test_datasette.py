"""The database in Datasette: full-text search detected (?_search= filters), readable views, the metadata we ship."""

from __future__ import annotations

import asyncio
import json
import sqlite3

from datasette.app import Datasette
from datasette.utils import detect_fts
from sqlite_utils import Database

from annotator.datasette_metadata import datasette_metadata
from annotator.schema import migrations


def _get(path, metadata, url: str) -> dict | list:
    """One request through Datasette's own in-process client (no network)."""

    async def fetch():
        datasette = Datasette([str(path)], metadata=metadata)
        response = await datasette.client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        return response.json()

    return asyncio.run(fetch())


def test_search_filters_sentences_in_datasette(gold_store):
    path = gold_store.path
    rows = _get(path, datasette_metadata(path), "/seeds/sentences.json?_search=containers&_shape=array")
    assert len(rows) == 4 and all("containers" in row["text"] for row in rows)
    every = _get(path, None, "/seeds/sentences.json?_search=containers&_shape=array&_size=max")
    assert len(every) == 4  # detected without our metadata too: the FTS table names its content table as Datasette reads it


def test_readable_views_search_and_show_text(gold_store):
    path = gold_store.path
    metadata = datasette_metadata(path)
    claims = _get(path, metadata, "/seeds/claims_with_text.json?_search=containers&_shape=array")
    expected = gold_store.db.execute(
        "SELECT c.id FROM claims c JOIN sentences t ON t.id = c.sentence_id WHERE t.text LIKE '%containers%' ORDER BY c.id"
    ).fetchall()
    assert sorted(row["claim_id"] for row in claims) == [row[0] for row in expected] and len(claims) == 4
    assert {row["annotator"] for row in claims} == {"gold"} and all("containers" in row["sentence_text"] for row in claims)
    links = _get(path, metadata, "/seeds/links_with_text.json?_shape=array&_size=max")
    assert len(links) == 18
    first = next(row for row in links if row["claim_sentence_index"] == 0 and row["claim_source_id"] == "000_12b36fb51d48fb91"
                 and row["evidence_sentence_index"] == 5)
    assert (first["relation"], first["claim_verdict"]) == ("conflicts", "supported")
    assert first["evidence_text"] == gold_store.sentence_at("004_38e05b9625974cc4", 5).text


def test_metadata_hides_internal_tables_and_labels_sources(gold_store):
    path = gold_store.path
    tables = {table["name"]: table for table in _get(path, datasette_metadata(path), "/seeds.json")["tables"]}
    hidden = {name for name, table in tables.items() if table["hidden"]}
    assert {"actions", "term_stats", "sentence_numbers", "_sqlite_migrations", "sentences_fts"} <= hidden
    assert not {"sources", "sentences", "claims", "links", "decisions"} & hidden
    assert tables["sentences"]["fts_table"] == "sentences_fts"


def test_the_migration_is_what_makes_search_detectable(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m005_datasette_readable")
    db.execute("INSERT INTO source_versions VALUES ('a', 1, 'Buses came.', 'x', 'now')")
    db.execute("INSERT INTO sentences (source_id, version, idx, start, \"end\", text) VALUES ('a', 1, 0, 0, 11, 'Buses came.')")
    db.execute("INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences")
    db.conn.commit()
    assert detect_fts(db.conn, "sentences") is None  # m001's content='sentences' is invisible to Datasette
    migrations.apply(db)
    assert detect_fts(db.conn, "sentences") == "sentences_fts"
    assert db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'buses'").fetchall() == [(1,)]  # rebuilt


def test_cli_prints_and_writes_the_metadata(gold_store, run_cli, tmp_path):
    run_cli.db_path = gold_store.path
    printed = run_cli("datasette-metadata")
    assert printed.exit_code == 0, printed.stderr
    assert json.loads(printed.stdout)["databases"]["seeds"]["tables"]["sentences"]["fts_pk"] == "id"
    written = run_cli("datasette-metadata", "-o", tmp_path / "metadata.json")
    assert written.exit_code == 0 and json.loads((tmp_path / "metadata.json").read_text()) == json.loads(printed.stdout)
    refused = run_cli("datasette-metadata", "-o", gold_store.path)
    assert refused.exit_code == 2 and "is the database" in refused.stderr
    assert sqlite3.connect(gold_store.path).execute("SELECT count(*) FROM claims").fetchone() == (16,)
