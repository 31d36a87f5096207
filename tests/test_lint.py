"""Story-level lint finds each kind of problem on a seeded database, named by source:index."""

from __future__ import annotations

import json

from team_corpus import annotate, ingest_team_texts, sid

from annotator.lint import KINDS, lint, verdict_problem
from annotator.store import Store, utc_now


def seeded(store: Store) -> Store:
    """One problem of each kind, and claims that are fine."""
    ingest_team_texts(store)
    annotate(store, "alice", {("a", 0): ("numeric", "supported"), ("a", 1): (None, "unverified"), ("a", 2): (None, None),
                              ("b", 0): (None, "refuted"), ("b", 1): (None, "mixed")},
             {(("a", 0), ("b", 0)): "conflicts", (("a", 1), ("c", 1)): "corroborates", (("b", 0), ("a", 0)): "corroborates",
              (("b", 1), ("c", 2)): "conflicts"}, read=("a", "b"))
    work = annotate(store, "bob", {("a", 0): (None, "supported")}, {(("a", 0), ("b", 0)): "corroborates"}, read=("a",))
    now = utc_now()  # a link into the claim's own source, as an import from elsewhere may bring
    store.db.execute("INSERT INTO links (claim_id, evidence_sentence_id, relation, annotator, created_at, updated_at) "
                     "VALUES (?, ?, 'related', 'bob', ?, ?)", [work.claim_id_for(sid(store, "a", 0)), sid(store, "a", 4), now, now])
    return store


def test_every_kind_is_found_where_it_is(memory_store):
    found = {(finding.kind, finding.ref, finding.annotators) for finding in lint(seeded(memory_store))}
    assert found == {
        ("no-evidence", "a:2", ("alice",)),
        ("same-source-link", "a:0", ("bob",)),
        ("relation-clash", "a:0", ("bob", "alice")),
        ("verdict-against-evidence", "a:0", ("alice",)),
        ("verdict-ignores-evidence", "a:1", ("alice",)),
        ("verdict-against-evidence", "b:0", ("alice",)),
        ("verdict-ignores-evidence", "b:1", ("alice",)),
        ("source-not-done", "c", ()),
    }
    assert {kind for kind, _, _ in found} == set(KINDS)


def test_bob_supported_with_corroborating_and_related_evidence_is_fine():
    assert verdict_problem("supported", {"corroborates"}) is None
    assert verdict_problem("mixed", {"corroborates", "conflicts"}) is None
    assert verdict_problem("unverified", set()) is None
    assert verdict_problem(None, {"conflicts"}) is None


def test_cli_lint_lines_and_json(run_cli, db_path):
    with Store(db_path) as store:
        seeded(store)
    lines = [json.loads(line) for line in run_cli("lint", "--json").stdout.splitlines()]
    assert lines[0] == {"kind": "same-source-link", "source_id": "a", "index": 0, "annotators": ["bob"],
                        "message": "evidence a:4 is in the claim's own source", "ref": "a:0"}
    assert [line["ref"] for line in lines] == ["a:0"] * 3 + ["a:1", "a:2", "b:0", "b:1", "c"]  # reading order
    result = run_cli("lint")
    assert result.exit_code == 0 and "c\tsource-not-done\tnobody has marked this source done" in result.stdout
    assert "8 finding(s)." in result.stderr
