"""Bad input, everywhere we read: articles (txt/md, front matter, sidecars, jsonl), config, label sets, databases.

Each case must give exit code 2 and one sentence on stderr naming the file (and the line when there is
one), no traceback, and leave the database byte-for-byte unchanged (db and -wal hashed, and dumped).
tests/test_ingest.py holds the first 29 ingest cases; this corpus adds the rest without repeating them.
The 100 MB cases are `slow`: `pytest -m slow tests/test_malformed.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.articles import read_jsonl_articles, read_text_article
from annotator.cli import cli
from annotator.config import load_config
from annotator.errors import InputError
from annotator.labels import load_labels
from annotator.safe_yaml import YamlProblem, load_yaml

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD_LABELS = "claim_types: [{id: numeric}]\nverdicts: [{id: supported}]\nrelations: [{id: corroborates}]\n"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
DEEP_YAML = "keymap: " + "[" * 200 + "]" * 200 + "\n"


def utf16(text: str) -> bytes:
    """Text as UTF-16 with its BOM, as Windows tools save it."""
    return text.encode("utf-16")


# name: (reader, {file: content}, the file to read, words the message must hold, line or None)
# reader "ingest" runs `annotator ingest FILE`; "config" runs `annotator open` with ANNOTATOR_CONFIG=FILE;
# "labels" points a good config at FILE; "db" runs `annotator --db FILE sources`.
CASES = {
    # --- article text files
    "utf-16 article": ("ingest", {"a.txt": utf16("Hello there.")}, "a.txt", "binary", None),
    "nul deep inside text": ("ingest", {"a.txt": b"A sentence. " * 1000 + b"\x00 rest."}, "a.txt", "NUL", 1),
    "truncated utf-8 at end": ("ingest", {"a.txt": "Caf\u00e9".encode()[:-1]}, "a.txt", "not UTF-8", 1),
    "overlong utf-8": ("ingest", {"a.txt": b"Line one.\nbad \xc0\xaf here.\n"}, "a.txt", "not UTF-8", 2),
    "utf-8 encoded surrogate": ("ingest", {"a.txt": b"One.\nTwo.\nbad \xed\xa0\x80.\n"}, "a.txt", "not UTF-8", 3),
    "windows-1252 quotes": ("ingest", {"a.md": b"He said \x93no\x94.\n"}, "a.md", "not UTF-8", 1),
    "only whitespace and bom": ("ingest", {"a.txt": "\ufeff \n\t\n"}, "a.txt", "no article text", None),
    "folder named like a file": ("ingest", {"a.txt/.keep": b"x"}, "a.txt", "holds no files to ingest", None),
    "broken symlink": ("ingest", {"a.txt": "@symlink:nowhere.txt"}, "a.txt", "no such file", None),
    "fifo": ("ingest", {"a.txt": "@fifo"}, "a.txt", "not a regular file", None),
    "unreadable file": ("ingest", {"a.txt": "@chmod000:Text."}, "a.txt", "cannot be read", None),
    # --- front matter and sidecars
    "front matter lone cr": ("ingest", {"a.md": "---\rtitle: x\r---\rBody.\r"}, "a.md", "lone CR", 1),
    "front matter tab indent": ("ingest", {"a.md": "---\ntitle:\n\t- x\n---\nBody.\n"}, "a.md", "malformed YAML", 3),
    "front matter python tag": ("ingest", {"a.md": "---\nx: !!python/object:os.system {}\n---\nB.\n"}, "a.md",
                                "malformed YAML", 2),
    "front matter alias bomb": ("ingest", {"a.md": "---\n" + BILLION_LAUGHS + "---\nBody.\n"}, "a.md", "aliases", 3),
    "front matter deep nesting": ("ingest", {"a.md": "---\n" + DEEP_YAML + "---\nBody.\n"}, "a.md", "deeper", 2),
    "front matter title list": ("ingest", {"a.md": "---\ntitle: [a, b]\n---\nBody.\n"}, "a.md", "title", None),
    "front matter truncated": ("ingest", {"a.md": '---\ntitle: "unterminated\n---\nBody.\n'}, "a.md", "malformed YAML",
                               None),
    "sidecar binary": ("ingest", {"a.txt": "Body.", "a.meta.yaml": b"\x00\x01\x02"}, "a.meta.yaml", "binary", None),
    "sidecar invalid utf-8": ("ingest", {"a.txt": "Body.", "a.meta.yaml": b"title: caf\xe9\n"}, "a.meta.yaml", "not UTF-8", 1),
    "sidecar is a folder": ("ingest", {"a.txt": "Body.", "a.meta.yaml/x": b"x"}, "a.meta.yaml", "cannot be read", None),
    "sidecar a list": ("ingest", {"a.txt": "Body.", "a.meta.yaml": "- a\n- b\n"}, "a.meta.yaml", "mapping", 1),
    "sidecar duplicate key": ("ingest", {"a.txt": "Body.", "a.meta.yaml": "url: a\nurl: b\n"}, "a.meta.yaml", "duplicate", 2),
    "sidecar bad published": ("ingest", {"a.txt": "Body.", "a.meta.yaml": "published: 2024-02-30\n"}, "a.meta.yaml",
                              "2024-02-30", 1),
    # --- json lines
    "jsonl u+2028 between records": ("ingest", {"a.jsonl": '{"text": "a."}\u2028{"text": "b."}\n'}, "a.jsonl",
                                     "not valid JSON", 1),
    "jsonl lone cr line ends": ("ingest", {"a.jsonl": '{"text": "a."}\r{"text": "b."}\r'}, "a.jsonl", "lone CR", 1),
    "jsonl bom on line 2": ("ingest", {"a.jsonl": '{"text": "a."}\n\ufeff{"text": "b."}\n'}, "a.jsonl", "BOM", 2),
    "jsonl truncated last line": ("ingest", {"a.jsonl": '{"text": "a."}\n{"text": "b'}, "a.jsonl", "not valid JSON", 2),
    "jsonl duplicate key": ("ingest", {"a.jsonl": '{"text": "a.", "text": "b."}\n'}, "a.jsonl", "duplicate key", 1),
    "jsonl NaN": ("ingest", {"a.jsonl": '{"text": "a.", "score": NaN}\n'}, "a.jsonl", "NaN", 1),
    "jsonl Infinity": ("ingest", {"a.jsonl": '{"text": "a.", "score": -Infinity}\n'}, "a.jsonl", "Infinity", 1),
    "jsonl text a number": ("ingest", {"a.jsonl": '{"text": 5}\n'}, "a.jsonl", "text", 1),
    "jsonl title an object": ("ingest", {"a.jsonl": '{"text": "a.", "title": {"x": 1}}\n'}, "a.jsonl", "title", 1),
    "jsonl a bare string": ("ingest", {"a.jsonl": '"just text"\n'}, "a.jsonl", "object", 1),
    "jsonl empty id": ("ingest", {"a.jsonl": '{"id": "", "text": "a."}\n'}, "a.jsonl", "id", 1),
    "jsonl binary": ("ingest", {"a.jsonl": b'{"text": "\x00"}\n'}, "a.jsonl", "binary", None),
    "jsonl invalid utf-8 line 3": ("ingest", {"a.jsonl": b'{"text": "a."}\n{"text": "b."}\n{"text": "\xff"}\n'},
                                   "a.jsonl", "not UTF-8", 3),
    # --- config
    "config binary": ("config", {"config.yaml": b"\x00\x00\x01"}, "config.yaml", "binary", None),
    "config invalid utf-8": ("config", {"config.yaml": b"keymap: {quit: \xff}\n"}, "config.yaml", "not UTF-8", 1),
    "config a list": ("config", {"config.yaml": "- a\n"}, "config.yaml", "not a valid config", None),
    "config unknown key": ("config", {"config.yaml": "colour: red\n"}, "config.yaml", "colour", None),
    "config key not text": ("config", {"config.yaml": "keymap: {quit: [q]}\n"}, "config.yaml", "quit", None),
    "config duplicate key": ("config", {"config.yaml": "keymap: {}\nkeymap: {}\n"}, "config.yaml", "duplicate", 2),
    "config alias bomb": ("config", {"config.yaml": BILLION_LAUGHS}, "config.yaml", "aliases", 2),
    "config deep nesting": ("config", {"config.yaml": DEEP_YAML}, "config.yaml", "deeper", 1),
    "config is a folder": ("config", {"config.yaml/x": b"x"}, "config.yaml", "cannot be read", None),
    "config labels missing": ("config", {"config.yaml": "labels: nowhere.yaml\n"}, "nowhere.yaml", "cannot be read", None),
    "config tab indent": ("config", {"config.yaml": "keymap:\n\tquit: q\n"}, "config.yaml", "malformed YAML", 2),
    # --- label sets
    "labels empty": ("labels", {"labels.yaml": b""}, "labels.yaml", "not a valid label set", None),
    "labels binary": ("labels", {"labels.yaml": b"\x89PNG\x00"}, "labels.yaml", "binary", None),
    "labels missing relations": ("labels", {"labels.yaml": "claim_types: [{id: a}]\nverdicts: [{id: b}]\n"},
                                 "labels.yaml", "relations", None),
    "labels duplicate ids": ("labels", {"labels.yaml": GOOD_LABELS.replace("[{id: numeric}]",
                                                                            "[{id: a}, {id: a, description: x}]")},
                             "labels.yaml", "twice", None),
    "labels bad id": ("labels", {"labels.yaml": GOOD_LABELS.replace("numeric", "Not An Id")}, "labels.yaml",
                      "Not An Id", None),
    "labels is a folder": ("labels", {"labels.yaml/x": b"x"}, "labels.yaml", "cannot be read", None),
    "labels alias": ("labels", {"labels.yaml": "x: &a [1]\nclaim_types: *a\n"}, "labels.yaml", "aliases", 2),
    # --- imports of our own exports (made from the seed gold at test time, then broken)
    "import offsets out of range": ("import", {"e.jsonl": "@export:out_of_range"}, "e.jsonl", "", 3),
    "import text not at offsets": ("import", {"e.jsonl": "@export:wrong_text"}, "e.jsonl", "", 3),
    "import unknown source": ("import", {"e.jsonl": "@export:unknown_source"}, "e.jsonl", "unknown_src", 3),
    "import duplicate key": ("import", {"e.jsonl": "@export:duplicate_key"}, "e.jsonl", "duplicate", 3),
    "import truncated": ("import", {"e.jsonl": "@export:truncated"}, "e.jsonl", "JSON", 2),
    "import schema violation": ("import", {"e.jsonl": "@export:bad_record"}, "e.jsonl", "clam", 3),
    "import unknown relation": ("import", {"e.jsonl": "@export:bad_relation"}, "e.jsonl", "agrees", 3),
    "import future schema": ("import", {"e.jsonl": "@export:future_schema"}, "e.jsonl", "", 1),
    "import lone cr": ("import", {"e.jsonl": "@export:lone_cr"}, "e.jsonl", "", 1),
    "import invalid utf-8": ("import", {"e.jsonl": "@export:latin1_line3"}, "e.jsonl", "UTF-8", 3),
    "import binary": ("import", {"e.jsonl": b"\x00\x01{}"}, "e.jsonl", "", None),
    "import empty": ("import", {"e.jsonl": b""}, "e.jsonl", "empty", None),
    "import folder": ("import", {"e.jsonl/x": b"x"}, "e.jsonl", "folder", None),
    "import yaml alias bomb": ("import", {"e.yaml": BILLION_LAUGHS}, "e.yaml", "aliases", 2),
    "import yaml deep": ("import", {"e.yaml": DEEP_YAML}, "e.yaml", "deeper", 1),
    # --- databases
    "db truncated": ("db", {"broken.db": "@truncated-db"}, "broken.db", "the database is damaged", None),
    "db a text file": ("db", {"notes.db": "These are notes, not a database.\n" * 10}, "notes.db",
                       "not an annotator database", None),
    "db is a folder": ("db", {"folder.db/x": b"x"}, "folder.db", "folder", None),
}


def gold_export(folder: Path) -> str:
    """The seed gold of annotator 'alice' exported as jsonl (made in its own database)."""
    from seed_gold import annotate_gold

    from annotator.articles import read_articles
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    db_path = folder / "gold-source.db"
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store, "alice")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "jsonl", "-o", "-"])
    return result.stdout


def _on_line_3(change):
    """A breakage applied to the first claim record (line 3, after the header and the first source) only."""
    def broken(text: str) -> str:
        lines = text.split("\n")
        lines[2] = change(lines[2])
        return "\n".join(lines)
    return broken


def _latin1_line3(text: str) -> bytes:
    """Line 3 with a Latin-1 byte in it."""
    lines = text.encode("utf-8").split(b"\n")
    lines[2] = lines[2].replace(b"claim", b"cl\xe4im", 1)
    return b"\n".join(lines)


IMPORT_BREAKAGES = {
    "out_of_range": _on_line_3(lambda line: line.replace('"start":0,"end":231', '"start":0,"end":99999', 1)),
    "wrong_text": _on_line_3(lambda line: line.replace('"text":"North Korea is', '"text":"South Korea is', 1)),
    "unknown_source": _on_line_3(lambda line: line.replace('"sentence":{"source_id":"000_12b36fb51d48fb91"',
                                                           '"sentence":{"source_id":"unknown_src"', 1)),
    "duplicate_key": _on_line_3(lambda line: '{"annotator":"bob",' + line[1:]),
    "truncated": lambda text: text[: text.index("\n") + 200],
    "bad_record": _on_line_3(lambda line: line.replace('"record":"claim"', '"record":"clam"', 1)),
    "bad_relation": _on_line_3(lambda line: line.replace('"relation":"corroborates"', '"relation":"agrees"', 1)),
    "future_schema": lambda text: text.replace("annotator-export/1", "annotator-export/9"),
    "lone_cr": lambda text: text.replace("\n", "\r"),
}


def make_file(path: Path, content) -> None:
    """Write one case file; '@...' contents make symlinks, FIFOs, unreadable files and truncated databases."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if content == "@fifo":
        os.mkfifo(path)
    elif isinstance(content, str) and content.startswith("@symlink:"):
        path.symlink_to(path.parent / content.removeprefix("@symlink:"))
    elif isinstance(content, str) and content.startswith("@chmod000:"):
        path.write_text(content.removeprefix("@chmod000:"), encoding="utf-8")
        path.chmod(0)
    elif isinstance(content, str) and content.startswith("@export:"):
        path.write_bytes(IMPORT_BREAKAGES[content.removeprefix("@export:")](gold_export(path.parent)).encode("utf-8")
                         if content != "@export:latin1_line3" else _latin1_line3(gold_export(path.parent)))
    elif content == "@truncated-db":
        source = path.parent / "whole.db"
        CliRunner().invoke(cli, ["--db", str(source), "ingest", str(SEEDS)])
        path.write_bytes(source.read_bytes()[:3000])
        source.unlink()
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def fingerprint(db_path: Path) -> tuple:
    """sha256 of the database file and its -wal file (absent counts), and a full dump of its rows."""
    hashes = tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
                   for p in (db_path, Path(f"{db_path}-wal")))
    conn = sqlite3.connect(db_path)
    try:
        return hashes, list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A database with the seeds, closed (so no -wal is left), whose bytes every case must leave alone."""
    db_path = tmp_path / "annotator.db"
    assert CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(SEEDS)]).exit_code == 0
    return db_path


def run_case(name: str, tmp_path: Path, db_path: Path, monkeypatch) -> tuple:
    """Write a case's files, run the command that reads them, return (result, the path the message must name)."""
    reader, files, target, _, _ = CASES[name]
    folder = tmp_path / "case"
    for file_name, content in files.items():
        make_file(folder / file_name, content)
    path = folder / target
    monkeypatch.setattr("annotator.tui.app.run_app", lambda **_: pytest.fail("bad input reached the app"))
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    article = path.with_name(path.name.removesuffix(".meta.yaml") + ".txt") if target.endswith(".meta.yaml") else path
    args = ["--db", str(db_path), "ingest", str(article)]  # a sidecar is read with its article
    if reader == "config":
        monkeypatch.setenv("ANNOTATOR_CONFIG", str(path if target == "config.yaml" else folder / "config.yaml"))
        args = ["--db", str(db_path), "open", str(SEEDS)]  # the seeds must not be ingested again either
    elif reader == "labels":
        make_file(folder / "config.yaml", f"labels: {target}\n")
        monkeypatch.setenv("ANNOTATOR_CONFIG", str(folder / "config.yaml"))
        args = ["--db", str(db_path), "open"]
    elif reader == "import":
        args = ["--db", str(db_path), "import", str(path)]
    elif reader == "db":
        args = ["--db", str(path), "sources"]
    return CliRunner().invoke(cli, args), path


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_is_one_sentence_exit_2_and_changes_nothing(name, tmp_path, seeded_db, monkeypatch):
    reader, files, target, words, line = CASES[name]
    if "@chmod000" in str(files.values()) and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    before = fingerprint(seeded_db)
    result, path = run_case(name, tmp_path, seeded_db, monkeypatch)
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in lines[0], lines[0]
    assert words in lines[0], lines[0]
    if line is not None:
        assert f", line {line}:" in lines[0] or f":{line}:" in lines[0], lines[0]
    assert fingerprint(seeded_db) == before


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40


# --- inputs we accept on purpose ------------------------------------------------------------------


def test_utf8_bom_is_accepted_and_stripped_everywhere(tmp_path):
    article = tmp_path / "a.md"
    article.write_bytes("\ufeff---\ntitle: T\n---\nBody.\n".encode())
    assert read_text_article(article).title == "T" and read_text_article(article).text == "Body.\n"
    lines = tmp_path / "a.jsonl"
    lines.write_bytes('\ufeff{"id": "x", "text": "Body."}\n'.encode())
    assert [a.id for a in read_jsonl_articles(lines)] == ["x"]
    config = tmp_path / "config.yaml"
    config.write_bytes("\ufeffkeymap: {quit: x}\n".encode())
    assert load_config(config).keymap == {"quit": "x"}
    labels = tmp_path / "labels.yaml"
    labels.write_bytes(("\ufeff" + GOOD_LABELS).encode())
    assert load_labels(labels).claim_types == (("numeric", ""),)


def test_crlf_and_u2028_inside_json_strings_are_text(tmp_path):
    lines = tmp_path / "a.jsonl"
    lines.write_bytes('{"id": "x", "text": "One\u2028two. Three."}\r\n{"id": "y", "text": "Four."}\r\n'.encode())
    assert [a.text for a in read_jsonl_articles(lines)] == ["One\u2028two. Three.", "Four."]


# --- 100 MB single lines --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["jsonl", "config"])
def test_a_100_mb_single_line_is_refused_cleanly(reader, tmp_path, seeded_db, monkeypatch):
    before = fingerprint(seeded_db)
    big = tmp_path / ("big.jsonl" if reader == "jsonl" else "config.yaml")
    with big.open("w", encoding="utf-8") as stream:
        stream.write('{"text": "' if reader == "jsonl" else "keymap: {quit: '")
        for _ in range(100):
            stream.write("x" * 1_000_000)  # never closed: a truncated record or a YAML line past the size limit
    monkeypatch.setattr("annotator.tui.app.run_app", lambda **_: pytest.fail("bad input reached the app"))
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(big if reader == "config" else tmp_path / "none.yaml"))
    args = ["ingest", str(big)] if reader == "jsonl" else ["open"]
    result = CliRunner().invoke(cli, ["--db", str(seeded_db), *args])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and str(big) in result.stderr
    assert fingerprint(seeded_db) == before


# --- fuzzing the readers: any bytes give a value or an InputError, nothing else --------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXTY = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                  st.lists(st.sampled_from(["---\n", "title: x\n", "a: &b 1\n", "*b\n", "[", "{", "\r", "\n", "\ufeff",
                                            '"', ": ", "- ", "\t", "\x00", "\u2028", "id: 7\n", "Body. "]),
                           max_size=30).map(lambda parts: "".join(parts).encode()))


@FUZZ
@given(TEXTY)
def test_fuzz_text_article_reader(tmp_path, data):
    path = tmp_path / "f.md"
    path.write_bytes(data)
    try:
        article = read_text_article(path)
    except InputError as error:
        assert error.path == str(path) and "\n" not in str(error)
    else:
        assert article.text.strip()


@FUZZ
@given(st.one_of(TEXTY, st.lists(st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=8), st.integers()), "text": st.one_of(st.text(max_size=40), st.none()),
    "title": st.one_of(st.text(max_size=8), st.lists(st.integers(), max_size=2))}), max_size=4).map(
    lambda records: "\n".join(json.dumps(r) for r in records).encode())))
def test_fuzz_jsonl_reader(tmp_path, data):
    path = tmp_path / "f.jsonl"
    path.write_bytes(data)
    try:
        articles = list(read_jsonl_articles(path))
    except InputError as error:
        assert error.path == str(path) and "\n" not in str(error)
    else:
        assert articles and all(a.text.strip() for a in articles)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_yaml_loader_raises_only_yaml_problems(text):
    try:
        load_yaml(text)
    except YamlProblem as problem:
        assert problem.line is None or problem.line >= 1


@FUZZ
@given(TEXTY)
def test_fuzz_config_and_labels_readers(tmp_path, data):
    for name, reader in (("config.yaml", load_config), ("labels.yaml", load_labels)):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            reader(path)
        except InputError as error:
            assert error.path is not None and "\n" not in str(error)
