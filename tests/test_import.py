"""`annotator import`: a teammate's export comes back in; bad files change nothing; conflicts are never silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Cli

from annotator.annotations import Annotations
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD_JSONL = ROOT / "exports" / "seeds.gold.jsonl"
GOLD_YAML = ROOT / "exports" / "seeds.gold.yaml"
A, B = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"


@pytest.fixture
def seeded(run_cli, seeds_dir):
    """The CLI on a database holding the two seed articles."""
    assert run_cli("ingest", seeds_dir).exit_code == 0
    return run_cli


def gold_lines() -> list[dict]:
    """The example gold as records, its header left out (a file without one imports too, as before headers)."""
    records = [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]
    assert records[0]["record"] == "header"
    return records[1:]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Records as a JSONL file."""
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def test_import_then_export_gives_the_same_bytes(seeded, tmp_path):
    assert seeded("import", GOLD_JSONL).exit_code == 0
    result = seeded("export", "--format", "jsonl", "--annotator", "gold", "-o", "-")
    assert result.stdout == GOLD_JSONL.read_text(encoding="utf-8")


def test_importing_twice_adds_nothing(seeded, db_path, dump_db):
    seeded("import", GOLD_JSONL)
    before = dump_db(db_path)
    result = seeded("import", GOLD_YAML)
    assert result.exit_code == 0 and "16 already there" in result.stderr
    assert dump_db(db_path) == before


def test_import_keeps_the_files_annotator_and_reports_counts(seeded, db_path):
    result = seeded("--annotator", "someone-else", "import", GOLD_JSONL)
    assert "for gold: 16 claim(s) added, 18 link(s), 17 boilerplate flag(s)" in result.stderr
    with Store(db_path) as store:
        assert store.db.execute("SELECT DISTINCT annotator FROM claims").fetchall() == [("gold",)]


def _changed_verdict(tmp_path: Path) -> Path:
    records = gold_lines()
    records[1]["verdict"] = "refuted"
    return write_jsonl(tmp_path / "changed.jsonl", records)


def test_a_conflict_aborts_and_names_the_claim(seeded, tmp_path, db_path, dump_db):
    seeded("import", GOLD_JSONL)
    before = dump_db(db_path)
    result = seeded("import", _changed_verdict(tmp_path))
    assert result.exit_code == 2
    assert f"1 claim(s) differ from the ones in the database (gold's claim at {A}:0" in result.stderr
    assert "changed.jsonl, line 2" in result.stderr
    assert dump_db(db_path) == before


def test_on_conflict_keep_keeps_the_database_and_replace_takes_the_file(seeded, tmp_path, db_path):
    seeded("import", GOLD_JSONL)
    changed = _changed_verdict(tmp_path)
    assert "1 conflicting kept" in seeded("import", "--on-conflict", "keep", changed).stderr
    verdict = "SELECT c.verdict FROM claims c JOIN sentences t ON t.id = c.sentence_id WHERE t.source_id = ? AND t.idx = 0"
    with Store(db_path) as store:
        assert store.db.execute(verdict, [A]).fetchone() == ("supported",)
    assert "1 replaced" in seeded("import", "--on-conflict", "replace", changed).stderr
    with Store(db_path) as store:
        assert store.db.execute(verdict, [A]).fetchone() == ("refuted",)
        assert store.db.execute("SELECT count(*) FROM links").fetchone() == (18,)


def test_a_teammate_claim_made_in_the_tui_conflicts_with_a_different_file(seeded, db_path, tmp_path):
    with Store(db_path) as store:
        annotations = Annotations(store, "gold")
        annotations.mark_claim(store.sentence_at(A, 0).id)
    result = seeded("import", GOLD_JSONL)
    assert result.exit_code == 2 and "differ from the ones in the database" in result.stderr


def _bad_records(tmp_path: Path, change) -> Path:
    records = gold_lines()
    change(records)
    return write_jsonl(tmp_path / "bad.jsonl", records)


BAD_RECORDS = {
    "schema violation": (lambda r: r[1].update(verdict=3), "line 2: is not a valid export record (verdict: 3 is not of type"),
    "unknown record kind": (lambda r: r[1].update(record="comment"), "line 2: is not a valid export record"),
    "unknown source": (lambda r: r[1]["sentence"].update(source_id="nope"), "line 2: the claim is in source 'nope', which is not in the database"),
    "offsets do not match the text": (
        lambda r: r[1]["sentence"].update(start=5),
        f"line 2: the claim {A}:0 (offsets 5-231) does not match the text of source '{A}' in the database",
    ),
    "text does not match": (lambda r: r[1]["sentence"].update(text="Something else."), "does not match the text of source"),
    "evidence text does not match": (lambda r: r[1]["links"][0]["evidence"].update(text="x"), "line 2: the evidence"),
    "evidence in the claim's own source": (
        lambda r: r[1]["links"][0].update(evidence=r[1]["sentence"]),
        "line 2: a link's evidence is in the claim's own source",
    ),
    "unknown relation": (lambda r: r[1]["links"][0].update(relation="agrees"), "line 2: a link has relation 'agrees'"),
    "span outside the sentence": (
        lambda r: r[1].update(span={"start": 0, "end": 999, "text": "x"}),
        "line 2: the claim span does not lie inside its sentence",
    ),
    "boilerplate that is not there": (lambda r: r[0]["boilerplate"][0].update(index=3, start=0), "line 1: a boilerplate sentence"),
    "the same claim twice": (lambda r: r.insert(2, r[1]), "line 3: repeats the claim of gold on the same sentence and span (" ),
}


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_a_bad_record_changes_nothing_and_says_where(seeded, tmp_path, db_path, dump_db, case):
    change, message = BAD_RECORDS[case]
    bad = _bad_records(tmp_path, change)
    before = dump_db(db_path)
    result = seeded("import", bad)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith(f"annotator: {bad}") and result.stderr.count("\n") == 1
    assert dump_db(db_path) == before


BAD_FILES = {
    "empty": (b"", "is empty"),
    "truncated line": (GOLD_JSONL.read_bytes()[:3000], "line 4: is not valid JSON (unexpected end of data: column"),
    "latin-1": ('{"note": "caf\xe9"}\n'.encode("latin-1"), "is not UTF-8 text (byte 0xe9"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text"),
    "not an object": (b"[1, 2]\n", "line 1: is not a valid export record"),
    "lone surrogate": (
        GOLD_JSONL.read_bytes().replace(b'"note":null', b'"note":"\\ud800"', 1),
        "line 3: is not valid JSON (no low surrogate in string",
    ),
    "deep json": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 1: is not valid JSON (depth limit exceeded"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_jsonl_file_changes_nothing(seeded, tmp_path, db_path, dump_db, case):
    data, message = BAD_FILES[case]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(data)
    before = dump_db(db_path)
    result = seeded("import", bad)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert dump_db(db_path) == before


BAD_YAML = {
    "alias bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "line 2: YAML aliases are not allowed"),
    "duplicate keys": ("schema: annotator-export/1\nsources: []\nsources: []\n", "line 3: duplicate key 'sources'"),
    "wrong shape": ("schema: annotator-export/1\nsources: {}\n", "is not a valid export document (sources:"),
    "malformed": ("schema: [unclosed\n", "malformed YAML"),
    "wrong schema version": ("schema: annotator-export/9\nsources: []\n", "is not a valid export document"),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_a_bad_yaml_file_changes_nothing(seeded, tmp_path, db_path, dump_db, case):
    text, message = BAD_YAML[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    before = dump_db(db_path)
    result = seeded("import", bad)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert dump_db(db_path) == before


def test_a_yaml_file_with_a_wrong_offset_names_the_claim(seeded, tmp_path, db_path, dump_db):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOLD_YAML.read_text(encoding="utf-8").replace("start: 232", "start: 233", 1), encoding="utf-8")
    before = dump_db(db_path)
    result = seeded("import", bad)
    assert result.exit_code == 2
    assert f"claim at {A}:1 (gold): the claim {A}:1 (offsets 233-538) does not match" in result.stderr
    assert dump_db(db_path) == before


def test_one_bad_file_among_good_ones_imports_nothing(seeded, tmp_path, db_path, dump_db):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    before = dump_db(db_path)
    assert seeded("import", GOLD_JSONL, bad).exit_code == 2
    assert dump_db(db_path) == before


@pytest.mark.parametrize("name", ["missing.jsonl", "."])
def test_a_missing_file_or_a_folder_is_refused(seeded, tmp_path, name):
    result = seeded("import", tmp_path / name if name != "." else tmp_path)
    assert result.exit_code == 2
    assert ("no such file" in result.stderr) or ("is a folder" in result.stderr)


def test_export_refuses_an_unknown_annotator_and_brat_to_stdout(seeded):
    unknown = seeded("export", "--format", "jsonl", "--annotator", "nobody")
    assert unknown.exit_code == 2 and "no annotations by 'nobody'" in unknown.stderr
    brat = seeded("export", "--format", "brat", "-o", "-")
    assert brat.exit_code == 2 and "a folder" in brat.stderr


def test_export_writes_under_exports_by_default(seeded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seeded("import", GOLD_JSONL)
    result = seeded("export", "--format", "yaml")
    assert result.exit_code == 0
    written = tmp_path / "exports" / "annotator.yaml"
    assert written.read_bytes() == GOLD_YAML.read_bytes()
    assert f"Exported 16 claim(s) as yaml to {Path('exports') / 'annotator.yaml'}." in result.stderr


def test_adjudicated_gold_exports_its_decisions_and_round_trips(seeded, db_path, tmp_path):
    from annotator.adjudication import Adjudicator, gold_state, review_items
    from annotator.coverage import set_done

    with Store(db_path) as store:
        for name, verdict in (("alice", "supported"), ("bob", "refuted")):
            annotations = Annotations(store, name)
            claim_id = annotations.mark_claim(store.sentence_at(A, 0).id)
            annotations.update_claim(claim_id, claim_type="numeric", verdict=verdict)
            annotations.link(claim_id, store.sentence_at(B, 0).id, "corroborates")
            set_done(store, name, [A])
        items = review_items(store)
        adjudicator = Adjudicator(store, "rita")
        disputed = next(item for item in items if not item.agreed)
        adjudicator.take(disputed, "bob", reason="the wire retracted it")
        adjudicator.accept_agreed(review_items(store), gold_state(store))
    exported = seeded("export", "--format", "jsonl", "--annotator", "gold", "-o", "-").stdout
    claim = next(json.loads(line) for line in exported.splitlines() if '"record":"claim"' in line)
    assert claim["verdict"] == "refuted"
    about_claim = [decision for decision in claim["decisions"] if decision["about"] == "claim"]
    assert [(d["decided_by"], d["reason"]) for d in about_claim] == [("rita", "the wire retracted it")]
    assert [d["about"] for d in claim["decisions"]].count("link") == 1  # the agreed link, accepted
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(exported, encoding="utf-8")
    other = Cli(tmp_path / "other.db")
    other("ingest", ROOT / "seeds")
    assert other("import", gold_file).exit_code == 0
    assert other("export", "--format", "jsonl", "--annotator", "gold", "-o", "-").stdout == exported


def test_replacing_on_import_is_journaled_so_undo_brings_the_old_claim_back(seeded, tmp_path, db_path):
    seeded("import", GOLD_JSONL)
    seeded("import", "--on-conflict", "replace", _changed_verdict(tmp_path))
    verdict = "SELECT c.verdict FROM claims c JOIN sentences t ON t.id = c.sentence_id WHERE t.source_id = ? AND t.idx = 0"
    with Store(db_path) as store:
        assert store.db.execute(verdict, [A]).fetchone() == ("refuted",)
        assert Annotations(store, "gold").undo() == "import: replace 1 claim(s)"
        assert store.db.execute(verdict, [A]).fetchone() == ("supported",)
        assert store.db.execute("SELECT count(*) FROM links").fetchone() == (18,)
    assert seeded("export", "--format", "jsonl", "--annotator", "gold", "-o", "-").stdout == GOLD_JSONL.read_text(encoding="utf-8")


def test_a_file_exported_before_an_article_was_corrected_imports_onto_the_new_text(seeded, tmp_path, db_path, seeds_dir):
    seeded("import", GOLD_JSONL)
    edited = tmp_path / "edited"
    edited.mkdir()
    for path in seeds_dir.iterdir():
        (edited / path.name).write_bytes(path.read_bytes())
    article = edited / f"{A}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Yohap", "Yonhap"), encoding="utf-8")
    assert seeded("ingest", "--new-version", edited).exit_code == 0
    again = seeded("import", GOLD_JSONL)  # the old file, offsets of the old text
    assert again.exit_code == 0, again.stderr
    assert "0 claim(s) added" in again.stderr and "16 already there" in again.stderr
    with Store(db_path) as store:
        on_old_versions = store.db.execute(
            "SELECT count(*) FROM claims c JOIN sentences t ON t.id = c.sentence_id "
            "JOIN sources s ON s.id = t.source_id WHERE t.version != s.version"
        ).fetchone()
    assert on_old_versions == (0,)
