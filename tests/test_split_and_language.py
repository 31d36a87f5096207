"""`annotator split` reads files as ingest does, and the language field (or detection) chooses the rules."""

from __future__ import annotations

import json

import pytest

from annotator.articles import read_articles
from annotator.language import detect_language
from annotator.segmenter import rules_language, split_sentences
from annotator.store import Store

FRONT_MATTER = "---\ntitle: A title\nlanguage: en\n---\nRep. Smith spoke. The U.S. agreed.\n\nA second paragraph.\n"
CHINESE = "北京时间昨天，市政府宣布了新计划。官员说，计划将于明年实施。记者问道：“为什么？”他没有回答。"


def split_records(run_cli, *args, stdin=None) -> list[dict]:
    """The JSON lines `annotator split` prints."""
    result = run_cli("split", *args, input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.split("\n") if line]


def test_split_offsets_equal_the_stored_ones(run_cli, db_path, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(FRONT_MATTER, encoding="utf-8")
    assert run_cli("ingest", str(path)).exit_code == 0
    with Store(db_path) as store:
        rows = store.db.execute('SELECT idx, start, "end", text FROM sentences ORDER BY idx').fetchall()
    records = split_records(run_cli, str(path))
    assert [(r["index"], r["start"], r["end"], r["text"]) for r in records] == [tuple(row) for row in rows]
    assert records[0]["text"] == "Rep. Smith spoke."


def test_split_reads_front_matter_from_standard_input_too(run_cli):
    records = split_records(run_cli, stdin=FRONT_MATTER)
    assert [r["text"] for r in records] == ["Rep. Smith spoke.", "The U.S. agreed.", "A second paragraph."]


def test_split_reads_a_sidecar_language(run_cli, tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("Es war der 3. Oktober. Das Wetter war gut.", encoding="utf-8")
    (tmp_path / "b.meta.yaml").write_text("language: de\n", encoding="utf-8")
    assert [r["text"] for r in split_records(run_cli, str(path))] == ["Es war der 3. Oktober.", "Das Wetter war gut."]


def test_split_language_option_overrides_the_metadata(run_cli, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("---\nlanguage: de\n---\nEs war der 3. Oktober. Das Wetter war gut.", encoding="utf-8")
    assert len(split_records(run_cli, str(path), "--language", "en")) == 3


def test_split_front_matter_never_closed_is_one_sentence_error(run_cli, tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("---\ntitle: x\nNo end.", encoding="utf-8")
    result = run_cli("split", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "never closed" in result.stderr


def test_chinese_article_ending_in_full_stops_splits_into_sentences():
    texts = [span.text for span in split_sentences(CHINESE, None)]
    assert texts == [
        "北京时间昨天，市政府宣布了新计划。",
        "官员说，计划将于明年实施。",
        "记者问道：“为什么？”他没有回答。",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (CHINESE, "zh"),
        ("議会は月曜日に計画を見直すと述べた。", "ja"),
        ("의회는 월요일에 계획을 검토하겠다고 밝혔다.", "ko"),
        ("The council said it would review the plan on Monday, and the mayor agreed.", "en"),
        ("Der Rat sagte, er werde den Plan am Montag prüfen, und die Bürgermeisterin stimmte zu.", "de"),
        ("Le conseil a dit qu'il examinerait le plan lundi, et la maire était d'accord.", "fr"),
        ("Совет заявил, что рассмотрит план в понедельник.", "ru"),
        ("", "en"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_language_field_chooses_the_rules():
    text = "Es war der 3. Oktober. Das Wetter war gut."
    assert len(split_sentences(text, "de")) == 2
    assert len(split_sentences(text, "en")) == 3
    assert rules_language(text, "de-AT") == "de"
    assert rules_language(text, None) == "de"


def test_ingest_stores_the_detected_language_when_the_metadata_names_none(tmp_path):
    (tmp_path / "zh.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / "named.txt").write_text("---\nlanguage: fr\n---\n" + CHINESE, encoding="utf-8")
    languages = {article.id: article.language for article in read_articles([tmp_path])}
    assert languages == {"zh": "zh", "named": "fr"}
