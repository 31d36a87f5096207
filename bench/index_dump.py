"""What the suggestion index holds after ingest, table by table, as row counts and digests: run it on two trees and
compare, to show a faster indexer writes the same index (`python -m bench.index_dump OUT.json [--sentences N]`).

Corpora: the generated news of bench/corpus.py, the story of bench/story, seeds/ and the GUM news sample.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from annotator.articles import Article
from bench.corpus import generate_articles

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"sentence_numbers": "value, unit, sentence_id", "sentence_counts": "counted, sentence_id",
          "term_stats": "term, documents", "sentence_denials": "sentence_id"}


def corpora(sentences: int) -> dict[str, list[Article]]:
    """Each corpus as the Articles ingest reads."""
    def files(folder: Path) -> list[Article]:
        return [Article(id=path.stem, text=path.read_text(encoding="utf-8"), origin=str(path))
                for path in sorted(folder.glob("*.txt"))]
    generated = [Article(id=g.id, text=g.text, origin=g.id, published=g.published) for g in generate_articles(sentences, 7)]
    gum = ROOT / "bench" / "data-sample" / "gum_news.txt"
    return {"generated": generated, "story": [a for folder in sorted((ROOT / "bench" / "story").glob("*/")) for a in files(folder)],
            "seeds": files(ROOT / "seeds"),
            "gum": [Article(id="gum", text=gum.read_text(encoding="utf-8"), origin=str(gum))] if gum.exists() else []}


def dump(articles: list[Article]) -> dict[str, dict]:
    """Rows and a digest of every index table after ingesting the articles into a fresh database."""
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    with tempfile.TemporaryDirectory(prefix="index-dump-") as folder, Store(Path(folder) / "dump.db") as store:
        ingest_articles(store, articles)
        out = {}
        for table, columns in TABLES.items():
            rows = store.db.conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}").fetchall()
            out[table] = {"rows": len(rows), "sha256": hashlib.sha256(repr(rows).encode()).hexdigest()}
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sentences", type=int, default=100_000, help="generated sentences")
    arguments = parser.parse_args()
    result = {name: dump(articles) for name, articles in corpora(arguments.sentences).items()}
    arguments.out.write_text(json.dumps(result, indent=1, sort_keys=True))
    print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
