"""The hand-written YAML emitter: whatever it writes, PyYAML reads back as the same value."""

from __future__ import annotations

import yaml
from examples_budget import examples
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats import yaml_emitter

TRICKY = st.sampled_from(
    ["null", "Null", "yes", "No", "on", "~", "", " ", "a ", " a", "- x", "a: b", "a #b", "#x", "1.0", "0x1f", "1_000",
     "2024-08-28", "2026-11-21T06:22:48+00:00", "'q'", '"q"', "[x]", "{x}", "&a", "*a", "!t", "|", ">", "%", "@", "`",
     "a\nb", "a\u2028b", "\x85", "\ufeff", "\x00", "tab\there", "café 😀", "Rep. Kang said", "it's", "x,y", "?x", ": x"]
)
TEXT = st.one_of(st.text(), TRICKY)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), TEXT, st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=20)


@examples(400)
@given(st.dictionaries(TEXT, VALUES, max_size=5))
def test_pyyaml_reads_back_what_the_emitter_writes(document):
    assert yaml.safe_load(yaml_emitter.dump(document)) == (document or None)


@given(TEXT)
def test_any_text_round_trips_as_a_scalar(text):
    assert yaml.safe_load(yaml_emitter.dump({"text": text})) == {"text": text}


def test_ordinary_text_stays_unquoted_and_the_rest_is_quoted():
    assert yaml_emitter.scalar("North Korea sent Russia arms, Yonhap reported.") == "North Korea sent Russia arms, Yonhap reported."
    assert yaml_emitter.scalar("yes") == '"yes"'
    assert yaml_emitter.scalar("2026-11-21T06:22:48+00:00") == '"2026-11-21T06:22:48+00:00"'
    assert yaml_emitter.scalar('He said: "no"') == '"He said: \\"no\\""'
    assert yaml_emitter.scalar("line\u2028break") == '"line\\u2028break"'


def test_block_layout_matches_pyyamls_style():
    document = {"schema": "x", "sources": [{"id": "a", "extra": {}, "list": [1, [2, 3]], "empty": []}]}
    assert yaml_emitter.dump(document) == "schema: x\nsources:\n- id: a\n  extra: {}\n  list:\n  - 1\n  - - 2\n    - 3\n  empty: []\n"
