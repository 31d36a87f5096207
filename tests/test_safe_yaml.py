"""Strict YAML: aliases, duplicate keys, deep nesting, unreadable values and lone surrogates are refused with a line."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.safe_yaml import MAX_DEPTH, YamlProblem, load_yaml, plain_scalar


def test_plain_mapping_loads():
    assert load_yaml("title: T\npublished: 2024-08-28\ntags: [a, b]\n") == {
        "title": "T", "published": dt.date(2024, 8, 28), "tags": ["a", "b"],
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &x [1, 2]\nb: *x\n", "aliases", 2),
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 3),
        ("ok: 1\n[a, b]: 1\n", "mapping key", 2),
        ("ok: 1\n? {a: 1}\n: x\n", "mapping key", 2),
        ("when: 2024-13-45\n", "2024-13-45", 1),
        ("x: 1\nwhen: 2024-08-28 25:00:00\n", "hour", 2),
        ('n: !!float "abc"\n', "abc", 1),
        ('title: "bad \\ud800"\n', "surrogate", 1),
        ("a: [unclosed\n", "malformed YAML", 2),
        ("a: !!python/object:os.system {}\n", "malformed YAML", 1),
        ("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "nested deeper", 1),
    ],
)
def test_refused_documents_name_the_line(text, message, line):
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert message in caught.value.message
    assert caught.value.line == line


def test_non_bmp_escape_is_fine():
    assert load_yaml('title: "\\U0001F600 é"') == {"title": "😀 é"}


def test_plain_scalar_turns_dates_into_iso_text():
    assert plain_scalar(dt.date(2024, 8, 28)) == "2024-08-28"
    assert plain_scalar(dt.datetime(2024, 8, 28, 10, 30)) == "2024-08-28T10:30:00"
    assert plain_scalar("x") == "x"
