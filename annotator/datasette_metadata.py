"""Datasette metadata for an annotator database: labels, full-text search on sentences and the views, internals hidden.

`datasette annotator.db -m metadata.json` then shows sources by title, claims and links with their
text, and `?_search=` on sentences, `claims_with_text` and `links_with_text` (the latter by claim sentence).
"""

from __future__ import annotations

import json
from pathlib import Path

HIDDEN = ("actions", "term_stats", "sentence_numbers", "_sqlite_migrations", "sqlite_sequence", "denial_index",
          "sentence_denials", "denials_fts")


def _search(pk: str, description: str) -> dict:
    """A table or view searched through the sentences' FTS index by the column holding the sentence id."""
    return {"fts_table": "sentences_fts", "fts_pk": pk, "description": description}


def datasette_metadata(database: Path) -> dict:
    """The metadata document for one database file (Datasette names a database by its file stem)."""
    tables = {
        "sources": {"label_column": "title", "description": "One row per article: metadata of its current version."},
        "source_versions": {"description": "Every text a source has had; sentences and annotations of older versions are kept."},
        "sentences": {"label_column": "text", **_search("id", "Sentences of every source version; `index` is `idx`.")},
        "claims": {"description": "Claims as stored; claims_with_text shows them with their sentence."},
        "links": {"description": "Links as stored; links_with_text shows both sentences."},
        "claims_with_text": _search("sentence_id", "Every annotator's claims with sentence text, source and link count."),
        "links_with_text": _search("claim_sentence_id", "Every link with the claim and evidence sentences; search matches the claim sentence."),
        "decisions": {"description": "Gold adjudication: who decided what, when and why."},
        "boundary_fixes": {"description": "Sentence boundaries split or joined by hand, with the text around each; "
                                          "re-applied when a corrected article is ingested."},
        "passed_suggestions": {"description": "Hard negatives: suggestions an annotator saw for a claim in link mode and did not link, by rank."},
        "sentences_fts": {"hidden": True},
    }
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": f"annotator: {Path(database).name}",
        "description": "Fact-check annotations: claims in news sentences linked to evidence in other articles.",
        "databases": {Path(database).stem: {"tables": tables}},
    }


def metadata_text(database: Path) -> str:
    """The metadata document as JSON text."""
    return json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n"
