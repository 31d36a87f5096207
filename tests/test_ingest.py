"""Ingest: files, front matter, sidecars, JSONL, folders, versions, and bad input leaving the database alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from annotator.articles import read_articles
from annotator.errors import InputError
from annotator.ingest import ADDED, METADATA_UPDATED, NEW_VERSION, UNCHANGED, ingest_articles
from annotator.store import Store
from annotator.terminal_text import TERMINAL_CONTROL


def write(path: Path, content: str | bytes) -> Path:
    """Write a test file (text as UTF-8, exactly as given) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def ingest(store: Store, *paths: Path):
    """Read and store articles the way the CLI does."""
    return ingest_articles(store, read_articles(paths))


def assert_offsets_hold(store: Store, source_id: str) -> None:
    """Every stored sentence is exactly its slice of the stored text."""
    text = store.source(source_id)["text"]
    sentences = store.sentences(source_id)
    assert sentences
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_seeds_ingest_with_sidecar_metadata(store, seeds_dir):
    report = ingest(store, seeds_dir)
    assert [outcome for _, outcome, _ in report.outcomes] == [ADDED, ADDED]
    moscow = store.source("004_38e05b9625974cc4")
    assert moscow["outlet"] == "The Moscow Times"
    assert moscow["published"] == "2024-08-28"
    assert moscow["text"] == (seeds_dir / "004_38e05b9625974cc4.txt").read_text(encoding="utf-8")
    first = store.source("000_12b36fb51d48fb91")
    assert first["outlet"] is None
    assert json.loads(first["extra"]) == {"cites": ["Newsweek", "Yonhap"]}
    for source_id in ("000_12b36fb51d48fb91", "004_38e05b9625974cc4"):
        assert_offsets_hold(store, source_id)
    assert store.sentences("000_12b36fb51d48fb91")[-1].text == "Login"


def test_reingesting_changes_nothing(db_path, seeds_dir, dump_db):
    with Store(db_path) as store:
        ingest(store, seeds_dir)
    before = dump_db(db_path)
    with Store(db_path) as store:
        report = ingest(store, seeds_dir)
    assert [outcome for _, outcome, _ in report.outcomes] == [UNCHANGED, UNCHANGED]
    assert report.sentences_added == 0
    assert dump_db(db_path) == before


def test_changed_text_becomes_version_2_and_keeps_version_1(store, tmp_path):
    article = write(tmp_path / "story.txt", "First version. It has two sentences.\n")
    ingest(store, article)
    old = store.sentences("story")
    write(article, "Second version. It has three. Really.\n")
    report = ingest(store, article)
    assert report.outcomes == [("story", NEW_VERSION, 2)]
    assert store.source("story")["version"] == 2
    assert [s.text for s in store.sentences("story")] == ["Second version.", "It has three.", "Really."]
    assert store.sentences("story", version=1) == old
    assert store.db.execute("SELECT count(*) FROM source_versions WHERE source_id = 'story'").fetchone()[0] == 2
    assert [s.text for s in store.search_sentences("three")] == ["It has three."]
    assert store.search_sentences("First version") == []


def test_changed_metadata_updates_the_source_without_new_sentences(store, tmp_path):
    article = write(tmp_path / "story.txt", "---\ntitle: Old\n---\nThe body.\n")
    ingest(store, article)
    write(article, "---\ntitle: New\n---\nThe body.\n")
    report = ingest(store, article)
    assert report.outcomes == [("story", METADATA_UPDATED, 1)]
    assert report.sentences_added == 0
    assert store.source("story")["title"] == "New"


def test_front_matter_fields(store, tmp_path):
    article = write(
        tmp_path / "file-name.md",
        "---\nid: nk-arms\ntitle: Arms to Russia\noutlet: Yonhap\nurl: https://example.org/a\n"
        "published: 2024-08-27\nlanguage: en\nsection: world\n---\nNorth Korea sent arms. Officials said so.\n",
    )
    ingest(store, article)
    source = store.source("nk-arms")
    assert store.source("file-name") is None
    assert (source["title"], source["outlet"], source["url"], source["published"], source["language"]) == (
        "Arms to Russia", "Yonhap", "https://example.org/a", "2024-08-27", "en",
    )
    assert json.loads(source["extra"]) == {"section": "world"}
    assert source["text"] == "North Korea sent arms. Officials said so.\n"
    assert [s.text for s in store.sentences("nk-arms")] == ["North Korea sent arms.", "Officials said so."]


def test_front_matter_with_crlf_and_datetime(store, tmp_path):
    article = write(tmp_path / "a.txt", "---\r\npublished: 2024-08-28 10:30:00\r\n---\r\nBody here.\r\n")
    ingest(store, article)
    source = store.source("a")
    assert source["published"] == "2024-08-28T10:30:00"
    assert source["text"] == "Body here.\r\n"
    assert_offsets_hold(store, "a")


def test_front_matter_overrides_sidecar(store, tmp_path):
    article = write(tmp_path / "a.txt", "---\ntitle: From front matter\n---\nBody.\n")
    write(tmp_path / "a.meta.yaml", "title: From sidecar\noutlet: Sidecar News\n")
    ingest(store, article)
    source = store.source("a")
    assert (source["title"], source["outlet"]) == ("From front matter", "Sidecar News")


def test_text_without_front_matter_keeps_leading_dashes_in_body(store, tmp_path):
    article = write(tmp_path / "a.txt", "--- not front matter\nBody.\n")
    ingest(store, article)
    assert store.source("a")["text"] == "--- not front matter\nBody.\n"


def test_bom_is_dropped_and_offsets_refer_to_stored_text(store, tmp_path):
    write(tmp_path / "bom.txt", b"\xef\xbb\xbfFirst sentence. Second one.")
    write(tmp_path / "fm.txt", b"\xef\xbb\xbf---\ntitle: T\n---\nOne. Two.")
    write(tmp_path / "lines.jsonl", b'\xef\xbb\xbf{"id": "j", "text": "Alpha. Beta."}\n')
    ingest(store, tmp_path)
    assert store.source("bom")["text"] == "First sentence. Second one."
    assert [(s.start, s.end) for s in store.sentences("bom")] == [(0, 15), (16, 27)]
    assert store.source("fm")["title"] == "T"
    for source_id in ("bom", "fm", "j"):
        assert "\ufeff" not in store.source(source_id)["text"]
        assert_offsets_hold(store, source_id)


def test_jsonl_ids_and_default_ids(store, tmp_path):
    lines = [
        {"id": "given", "text": "Given id. Two sentences.", "outlet": "AP", "published": "2024-01-02"},
        {"text": "No id here."},
        {"text": "Line separator\u2028inside a line is not a line break. Next."},
    ]
    content = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines[:2]) + "\n\n"
    content += json.dumps(lines[2], ensure_ascii=False) + "\n"
    write(tmp_path / "batch.jsonl", content)
    report = ingest(store, tmp_path / "batch.jsonl")
    assert [source_id for source_id, _, _ in report.outcomes] == ["given", "batch-2", "batch-4"]
    assert store.source("given")["outlet"] == "AP"
    assert store.source("batch-2")["text"] == "No id here."
    assert "\u2028" in store.source("batch-4")["text"]
    assert_offsets_hold(store, "batch-4")


def test_folders_are_read_recursively_and_sorted(store, tmp_path):
    write(tmp_path / "corpus" / "b.txt", "Bee.")
    write(tmp_path / "corpus" / "a" / "z.md", "Zed.")
    write(tmp_path / "corpus" / "a.jsonl", '{"id": "a-line", "text": "Line."}\n')
    write(tmp_path / "corpus" / "notes.pdf", b"%PDF")
    write(tmp_path / "corpus" / "b.meta.yaml", "outlet: Bee News\n")
    report = ingest(store, tmp_path / "corpus")
    assert [source_id for source_id, _, _ in report.outcomes] == ["z", "a-line", "b"]
    assert store.source("b")["outlet"] == "Bee News"


def test_ingest_cli_reports_new_version(run_cli, tmp_path):
    article = write(tmp_path / "story.txt", "One.")
    assert run_cli("ingest", article).exit_code == 0
    write(article, "Two.")
    result = run_cli("ingest", article)
    assert result.exit_code == 0
    assert "story: text changed, stored as version 2" in result.stderr
    assert "1 with a new version" in result.stderr


def test_ingest_cli_unchanged_says_so(run_cli, seeds_dir):
    run_cli("ingest", seeds_dir)
    result = run_cli("ingest", seeds_dir)
    assert result.exit_code == 0
    assert "2 unchanged; 0 sentences stored" in result.stderr


LATIN_1 = "Caf\u00e9 au lait.\n".encode("latin-1")

BAD_INPUTS = {
    # name: (files to write, path to ingest, text the message must hold, line or None)
    "missing file": ({}, "nowhere.txt", "no such file", None),
    "empty folder": ({"empty/.hidden": b"x"}, "empty", "holds no files to ingest", None),
    "unsupported suffix": ({"notes.pdf": b"%PDF-1.4"}, "notes.pdf", "cannot ingest .pdf", None),
    "no suffix": ({"notes": b"text"}, "notes", "cannot ingest", None),
    "binary": ({"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00"}, "image.txt", "binary", None),
    "latin-1": ({"cafe.txt": b"Line one.\n" + LATIN_1}, "cafe.txt", "not UTF-8", 2),
    "malformed front matter": ({"a.txt": "---\ntitle: [unclosed\n---\nBody.\n"}, "a.txt", "malformed YAML", 3),
    "unclosed front matter": ({"a.txt": "---\ntitle: x\nBody.\n"}, "a.txt", "never closed", 1),
    "front matter list": ({"a.txt": "---\n- a\n- b\n---\nBody.\n"}, "a.txt", "mapping", 2),
    "front matter alias": ({"a.txt": "---\nx: &a 1\ny: *a\n---\nBody.\n"}, "a.txt", "aliases", 3),
    "front matter duplicate key": ({"a.txt": "---\ntitle: a\ntitle: b\n---\nBody.\n"}, "a.txt", "duplicate key", 3),
    "front matter bad date": ({"a.txt": "---\ntitle: t\npublished: 2024-13-45\n---\nBody.\n"}, "a.txt", "2024-13-45", 3),
    "front matter bad float tag": ({"a.txt": '---\ntitle: !!float "abc"\n---\nBody.\n'}, "a.txt", "abc", 2),
    "front matter list key": ({"a.txt": "---\n[a, b]: 1\n---\nBody.\n"}, "a.txt", "key", 2),
    "front matter bad id": ({"a.txt": "---\nid: has space\n---\nBody.\n"}, "a.txt", "id", None),
    "sidecar alias": ({"a.txt": "Body.", "a.meta.yaml": "x: &a 1\ny: *a\n"}, "a.txt", "aliases", 2),
    "empty article": ({"a.txt": "---\ntitle: x\n---\n  \n\n"}, "a.txt", "no article text", None),
    "empty file": ({"a.txt": b""}, "a.txt", "no article text", None),
    "malformed jsonl": ({"a.jsonl": '{"text": "ok."}\n{"text": \n'}, "a.jsonl", "not valid JSON", 2),
    "jsonl without text": ({"a.jsonl": '{"text": "ok."}\n\n{"id": "x"}\n'}, "a.jsonl", '"text" is a required', 3),
    "jsonl bad id": ({"a.jsonl": '{"id": "a b", "text": "x."}\n'}, "a.jsonl", "id", 1),
    "jsonl numeric id": ({"a.jsonl": '{"id": 7, "text": "x."}\n'}, "a.jsonl", "id", 1),
    "jsonl not an object": ({"a.jsonl": "[1, 2]\n"}, "a.jsonl", "object", 1),
    "jsonl empty text": ({"a.jsonl": '{"id": "x", "text": "  "}\n'}, "a.jsonl", "no text", 1),
    "jsonl lone surrogate": ({"a.jsonl": '{"id": "x", "text": "bad \\ud800 text"}\n'}, "a.jsonl", "Unicode", 1),
    "jsonl deeply nested": ({"a.jsonl": "[" * 100_000 + "\n"}, "a.jsonl", "JSON", 1),
    "jsonl with no articles": ({"a.jsonl": "\n\n"}, "a.jsonl", "no articles", None),
    "duplicate ids across files": (
        {"dup/a.jsonl": '{"id": "same", "text": "A."}\n', "dup/b.txt": "---\nid: same\n---\nB.\n"}, "dup", "twice", None,
    ),
    "duplicate ids within jsonl": ({"a.jsonl": '{"id": "x", "text": "A."}\n{"id": "x", "text": "B."}\n'}, "a.jsonl", "twice", 2),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_and_leaves_database_unchanged(case, run_cli, tmp_path, seeds_dir, db_path, dump_db):
    files, target, message, line = BAD_INPUTS[case]
    assert run_cli("ingest", seeds_dir).exit_code == 0
    before_bytes, before_rows = db_path.read_bytes(), dump_db(db_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, content in files.items():
        write(inputs / name, content)
    good = write(tmp_path / "good.txt", "A good article that must not be stored either.")
    result = run_cli("ingest", good, inputs / target)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert message in lines[0]
    named = str(inputs / target)
    assert named in lines[0] or str(inputs) in lines[0]
    if line is not None:
        assert f", line {line}:" in lines[0] or f":{line}:" in lines[0], lines[0]
    assert db_path.read_bytes() == before_bytes
    assert dump_db(db_path) == before_rows


def test_bad_input_does_not_create_a_database(run_cli, tmp_path, db_path):
    result = run_cli("ingest", tmp_path / "nowhere.txt")
    assert result.exit_code == 2
    assert not db_path.exists()


def test_read_articles_raises_input_error_naming_file(tmp_path):
    bad = write(tmp_path / "bad.jsonl", '{"text": "fine."}\nnot json\n')
    with pytest.raises(InputError) as caught:
        read_articles([bad])
    assert caught.value.path == str(bad)
    assert caught.value.line == 2


article_text = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), st.sampled_from("\r\n\u2028. ")),
    max_size=300,
).filter(lambda text: text.strip() and not TERMINAL_CONTROL.search(text))  # those are refused (tests/test_terminal_text.py)


@examples(60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=article_text)
def test_any_body_after_front_matter_is_stored_exactly(tmp_path, body):
    with Store(":memory:") as store:
        path = write(tmp_path / "any.txt", "---\ntitle: t\n---\n" + body)
        ingest(store, path)
        assert store.source("any")["text"] == body
        assert_offsets_hold(store, "any")


@examples(60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(article_text, min_size=1, max_size=3))
def test_any_jsonl_text_is_stored_exactly(tmp_path, texts):
    with Store(":memory:") as store:
        lines = [json.dumps({"id": f"t{i}", "text": text}, ensure_ascii=i % 2 == 0) for i, text in enumerate(texts)]
        ingest(store, write(tmp_path / "any.jsonl", "\n".join(lines) + "\n"))
        for i, text in enumerate(texts):
            assert store.source(f"t{i}")["text"] == text
            assert_offsets_hold(store, f"t{i}")


def test_a_file_named_twice_is_read_once(store, seeds_dir):
    seed = seeds_dir / "000_12b36fb51d48fb91.txt"
    report = ingest(store, seeds_dir, seed, seeds_dir / ".." / "seeds" / seed.name)
    assert [source_id for source_id, _, _ in report.outcomes] == ["000_12b36fb51d48fb91", "004_38e05b9625974cc4"]


def test_two_files_with_one_id_are_refused(tmp_path):
    write(tmp_path / "a.txt", "One.")
    write(tmp_path / "a.md", "Two.")
    with pytest.raises(InputError, match="used twice"):
        read_articles([tmp_path])


def test_numeric_metadata_is_taken_as_text(store, tmp_path):
    ingest(store, write(tmp_path / "orwell.md", "---\ntitle: 1984\nid: 42\n---\nBig Brother is watching.\n"))
    assert store.source("42")["title"] == "1984"


def test_default_id_from_a_file_name_with_spaces_is_made_safe(store, tmp_path):
    ingest(store, write(tmp_path / "my file: draft.txt", "A sentence here.\n"))
    assert [s.id for s in store.source_summaries()] == ["my_file_draft"]
