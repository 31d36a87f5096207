"""Rebuild the example gold in exports/: the seeds, the gold made in the app, and the span claims added by batch.

Run `python exports/rebuild_seed_gold.py` from the repository root. Every step is an `annotator` command:
ingest `seeds/`, import the gold annotated in the app (`tests/data/seed-gold-base.jsonl`), apply
`tests/data/seed-gold-spans.batch.jsonl` as `gold` (two span claims on one sentence, one evidence set of two
sentences from the other source), then export every format into `exports/`. New claims carry the time of the
rebuild, so a rebuild changes those timestamps and nothing else (tests/test_seed_gold_rebuild.py checks that).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "data" / "seed-gold-base.jsonl"
BATCH = ROOT / "tests" / "data" / "seed-gold-spans.batch.jsonl"
OUTPUTS = {
    "jsonl": "seeds.gold.jsonl", "yaml": "seeds.gold.yaml", "w3c": "seeds.gold.jsonld", "w3c-jsonl": "seeds.gold.w3c.jsonl",
    "fever": "seeds.gold.fever.jsonl", "fever-pages": "seeds.fever-pages.jsonl", "flat": "seeds.gold.flat.jsonl",
    "csv": "seeds.gold.csv", "labelstudio": "seeds.gold.labelstudio.json", "doccano": "seeds.gold.doccano.jsonl",
    "brat": "seeds.gold-brat",
}


def annotator(database: Path, *arguments: str) -> None:
    """Run one `annotator` command on the database as `gold`; stop on failure."""
    command = [sys.executable, "-m", "annotator", "--db", str(database), "--annotator", "gold", *arguments]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def rebuild(target: Path) -> None:
    """Write every format of the seed gold into `target`."""
    with tempfile.TemporaryDirectory(prefix="seed-gold-") as folder:
        database = Path(folder) / "seeds.db"
        annotator(database, "ingest", str(ROOT / "seeds"))
        annotator(database, "import", str(BASE))
        annotator(database, "batch", str(BATCH))
        for fmt, name in OUTPUTS.items():
            annotator(database, "export", "--format", fmt, "-o", str(target / name), "--force")


if __name__ == "__main__":
    rebuild(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "exports")
