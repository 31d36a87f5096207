"""Re-anchoring on edited articles: every annotation lands on the new text or is listed as orphaned, none lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import given
from hypothesis import strategies as st
from seed_gold import (
    EDITS,
    SEEDS,
    A,
    B,
    annotate_gold,
    annotation_rows,
    reanchor_figures,
    seed_texts,
    sentence_id,
    write_texts,
)

from annotator.annotations import Annotations
from annotator.articles import Article, read_articles
from annotator.cli import cli
from annotator.ingest import ingest_articles
from annotator.orphans import orphaned
from annotator.reanchor import EXACT, FUZZY, normalized, place_sentences
from annotator.store import Sentence, Store

# Per edit: (exact, fuzzy, orphaned) among the annotations on the edited sources.
EXPECTED = {
    "typo_fixes": (32, 2, 0),  # A4 (claim) and B3 (evidence) fuzzy
    "removed_paragraph": (8, 0, 1),  # A4's paragraph is gone: the claim (and its link) stay on version 1
    "inserted_paragraph": (34, 0, 0),
    "resplit_sentences": (28, 6, 0),  # A11 and A12 merge into one sentence: both claims land there, each on its own words
    "trimmed_scrape": (17, 0, 17),  # the flagged donation appeal and 'Login' are gone from the text
    "rewrapped": (34, 0, 0),
    "everything": (9, 8, 17),
}
# Where a fuzzily placed annotation must land: (kind, old source, old index) -> words the new sentence holds.
FUZZY_LANDINGS = {
    ("claim", A, 1): "It revealed that North Korea has been delivering weapons",  # re-split: the bigger half
    ("claim", A, 4): "harbour suspicions",
    ("claim", A, 9): "this cooperation was underscored",  # merged with A10
    ("claim", A, 11): "and in June, Russian President",  # merged with A12
    ("claim", A, 12): "and in June, Russian President",  # the same merged sentence: a second claim on it
    ("link", A, 11): "and in June, Russian President",
    ("link", B, 3): "said Pyongyang may have",
    ("link", B, 6): "President Vladimir Putin signed a mutual defense agreement",  # re-split
}


def annotated_places(store: Store) -> dict[tuple[str, object], tuple[str, int, int, str]]:
    """(kind, row key) -> (source, version, index, text) of the sentence each annotation points at."""
    rows = store.db.execute(
        "SELECT 'claim', c.id, t.source_id, t.version, t.idx, t.text FROM claims c JOIN sentences t ON t.id = c.sentence_id "
        "UNION ALL SELECT 'link', l.id, t.source_id, t.version, t.idx, t.text FROM links l "
        "JOIN sentences t ON t.id = l.evidence_sentence_id "
        "UNION ALL SELECT 'boilerplate', b.rowid || '/' || b.sentence_id, t.source_id, t.version, t.idx, t.text "
        "FROM boilerplate b JOIN sentences t ON t.id = b.sentence_id"
    )
    return {(kind, key): (source, version, index, text) for kind, key, source, version, index, text in rows}


def _row(key) -> object:
    """Claims and links by id; boilerplate flags by rowid (their sentence id is what moves)."""
    return int(key.split("/")[0]) if isinstance(key, str) else key


@pytest.fixture
def gold_store(db_path):
    """The seeds with the gold annotation stored through the core."""
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
        yield store


def reingest(store: Store, folder: Path, texts: dict[str, str]):
    """Ingest {id: text} as files from another folder, as corrected versions, returning the ingest report."""
    return ingest_articles(store, read_articles(sorted(write_texts(folder, texts).glob("*.txt"))), new_version=True)


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_annotation_is_reanchored_or_listed_as_orphan(edit, gold_store, tmp_path):
    before_rows = annotation_rows(gold_store)
    before = {(kind, _row(key)): place for (kind, key), place in annotated_places(gold_store).items()}
    report = reingest(gold_store, tmp_path / edit, EDITS[edit](seed_texts()))
    totals = report.reanchor.totals()
    assert (totals["exact"], totals["fuzzy"], totals["orphaned"]) == EXPECTED[edit]
    assert annotation_rows(gold_store) == before_rows  # nothing deleted
    versions = {source_id: gold_store.source(source_id)["version"] for source_id in (A, B)}
    orphans = {(o.kind, o.item) for o in orphaned(gold_store)}
    after = annotated_places(gold_store)
    moved = fuzzy = 0
    for (kind, key), (source, version, index, text) in after.items():
        old_source, old_version, old_index, old_text = before[(kind, _row(key))]
        item = int(str(key).split("/")[-1])  # a flag is known by its rowid (kept by UPDATE), listed by its sentence
        if version != versions[source]:  # not on the current text: must be listed, on its old sentence
            assert (kind, item) in orphans
            assert (source, version, index) == (old_source, old_version, old_index)
            continue
        assert (kind, item) not in orphans
        if old_version != version:
            moved += 1
        if normalized(text) != normalized(old_text):
            fuzzy += 1
            assert FUZZY_LANDINGS[(kind, old_source, old_index)] in normalized(text)
    assert moved == totals["moved"] and fuzzy == totals["fuzzy"]
    assert len(orphans) == totals["orphaned"]


def test_figures_add_up_for_every_edit(tmp_path):
    for edit in EDITS:
        figures = reanchor_figures(edit, tmp_path)
        assert figures["lost"] == 0
        assert figures["listed_orphans"] == figures["orphaned"]


def test_restoring_the_original_text_brings_orphans_back(gold_store, tmp_path):
    original = annotated_places(gold_store)
    reingest(gold_store, tmp_path / "cut", EDITS["removed_paragraph"](seed_texts()))
    assert len(orphaned(gold_store)) == 1
    report = reingest(gold_store, tmp_path / "restored", seed_texts())
    assert report.reanchor.totals()["orphaned"] == 0
    assert orphaned(gold_store) == []
    restored = annotated_places(gold_store)
    def places(found):
        return {(kind, _row(key)): (s, i, t) for (kind, key), (s, _, i, t) in found.items()}

    assert places(restored) == places(original)


def test_undo_follows_a_reanchoring_and_never_walks_it_back(gold_store, tmp_path):
    """The move is the system's, journaled under its own name: `u` takes back gold's own last action where its
    rows sit now, and never sends the corrected article back to its old text."""
    from annotator.reanchor import REANCHOR_JOURNAL

    gold = Annotations(gold_store, "gold")
    reingest(gold_store, tmp_path / "ins", EDITS["inserted_paragraph"](seed_texts()))
    before = annotated_places(gold_store)
    assert gold.undo() is not None
    after = annotated_places(gold_store)
    assert set(after) < set(before)  # one action taken back ...
    assert all(after[key] == before[key] for key in after)  # ... and nothing else moved
    assert all(version == 2 for _, version, _, _ in after.values())  # still on the corrected text
    assert orphaned(gold_store) == []
    journaled = gold_store.db.execute("SELECT annotator, action FROM actions WHERE action LIKE 're-anchor%' ORDER BY id").fetchall()
    assert journaled == [(REANCHOR_JOURNAL, f"re-anchor gold's annotations on {A} to version 2"),
                         (REANCHOR_JOURNAL, f"re-anchor gold's annotations on {B} to version 2")]
    assert gold.redo() is not None
    assert annotated_places(gold_store) == before
    assert gold_store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_claim_spans_shift_with_the_text_or_the_claim_is_orphaned(db_path, tmp_path):
    texts = {"a": "The council met. The mayor said 40 buses are coming. Nobody asked.\n", "b": "Other text here.\n"}
    with Store(db_path) as store:
        reingest(store, tmp_path / "v1", texts)
        annotations = Annotations(store, "ann")
        start = texts["a"].index("40 buses")
        with_span = annotations.mark_claim(sentence_id(store, "a", 1))
        store.db.execute("UPDATE claims SET span_start = ?, span_end = ? WHERE id = ?", [start, start + 8, with_span])
        lost_span = annotations.mark_claim(sentence_id(store, "a", 0))
        store.db.execute("UPDATE claims SET span_start = 4, span_end = 11 WHERE id = ?", [lost_span])  # "council"
        edited = "Breaking. The city board met. The mayor said 40 buses are coming. Nobody asked.\n"
        reingest(store, tmp_path / "v2", {**texts, "a": edited})
        claim = annotations.claim(with_span)
        sentence = store.sentence_at("a", 2)
        assert claim.sentence_id == sentence.id and claim.quoted(sentence.text) == "40 buses"
        assert {o.item for o in orphaned(store)} == {lost_span}


def test_orphans_and_reattach_on_the_command_line(run_cli, tmp_path, db_path):
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
    edited = write_texts(tmp_path / "cut", EDITS["removed_paragraph"](seed_texts()))
    ingested = run_cli("ingest", "--new-version", edited)
    assert "8 annotation(s) re-anchored (8 exact, 0 fuzzy), 1 orphaned" in ingested.stderr
    assert "annotator orphans" in ingested.stderr
    sources = {r["id"]: r for r in map(json.loads, run_cli("sources", "--json").stdout.splitlines())}
    assert sources[A]["orphaned"] == 1 and sources[B]["orphaned"] == 0
    assert "1 annotation(s) orphaned" in run_cli("sources").stderr  # even where the table is cropped
    wide = run_cli.runner.invoke(cli, ["--db", str(db_path), "sources"], env={"COLUMNS": "160"}).stdout
    assert "orphaned" in wide and [line.split()[6] for line in wide.splitlines() if A in line] == ["1"]
    assert run_cli("--annotator", "someone", "orphans", "--json").stdout == ""  # only your own by default
    assert "1 orphan(s) of other annotators not shown" in run_cli("--annotator", "someone", "orphans").stderr
    listed = [json.loads(line) for line in run_cli("--annotator", "someone", "orphans", "--json", "--all").stdout.splitlines()]
    assert listed == [json.loads(line) for line in run_cli("--annotator", "gold", "orphans", "--json").stdout.splitlines()]
    assert [(o["ref"], o["index"], o["version"]) for o in listed] == [(listed[0]["ref"], 4, 1)]
    assert listed[0]["text"].startswith("South Korean officials harbor suspicions")
    refused = run_cli("--annotator", "someone", "reattach", listed[0]["ref"], f"{A}:3")
    assert refused.exit_code == 2 and "not an orphan of someone" in refused.stderr
    done = run_cli("--annotator", "gold", "reattach", listed[0]["ref"], f"{A}:3")
    assert done.exit_code == 0, done.stderr
    assert run_cli("orphans", "--json", "--all").stdout == ""
    with Store(db_path) as store:
        assert Annotations(store, "gold").undo() == f"reattach {listed[0]['ref']}"
        assert len(orphaned(store)) == 1


@pytest.mark.parametrize("args, message", [
    (("bogus", f"{A}:1"), "not an orphan reference"),
    (("claim:1", "nocolon"), "not SOURCE_ID:INDEX"),
    (("claim:1", f"{A}:999"), "not a sentence of a current source"),
    (("claim:1", f"{A}:1"), "not an orphan of"),
])
def test_reattach_refuses_bad_references_with_exit_2(args, message, run_cli, seeds_dir):
    run_cli("ingest", seeds_dir)
    result = run_cli("reattach", *args)
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


# --- the placement itself, as a property -----------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
SENTENCE_TEXTS = st.lists(st.lists(WORDS, min_size=4, max_size=10).map(lambda w: " ".join(w).capitalize() + "."),
                          min_size=1, max_size=30, unique=True)


def as_sentences(texts: list[str], first_id: int) -> list[Sentence]:
    """Sentences with consecutive ids and offsets as if joined by spaces."""
    sentences, start = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(first_id + index, "s", 1, index, start, start + len(text), text))
        start += len(text) + 1
    return sentences


@examples(200, deadline=None)
@given(SENTENCE_TEXTS, st.data())
def test_kept_sentences_are_placed_exactly_in_order_and_removed_ones_never_land_on_a_stranger(texts, data):
    keep = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    inserted = data.draw(st.lists(st.sampled_from(["Zzz qqq xxx www vvv.", "Kkk jjj hhh ggg fff."]), max_size=3))
    new_texts = [t for t, kept in zip(texts, keep, strict=True) if kept]
    position = data.draw(st.integers(0, len(new_texts)))
    new_texts[position:position] = [t for t in dict.fromkeys(inserted) if t not in texts]
    old, new = as_sentences(texts, 1), as_sentences(new_texts, 1000)
    placements = place_sentences(old, new)
    for sentence, kept in zip(old, keep, strict=True):
        placement = placements.get(sentence.id)
        if kept:
            assert placement is not None and placement.how == EXACT
            assert placement.sentence.text == sentence.text
        elif placement is not None:  # a deleted sentence may only land on a near-identical one
            assert placement.how == FUZZY and placement.sentence.text not in inserted


def test_placement_of_duplicates_follows_context():
    old = as_sentences(["Intro text here.", "Advertisement.", "Body one is long.", "Advertisement.", "End."], 1)
    new = as_sentences(["New lead paragraph.", "Intro text here.", "Advertisement.", "Body one is long.", "End."], 100)
    placements = place_sentences(old, new)
    assert placements[2].sentence.index == 2  # the ad that kept its neighbours
    assert placements[4].sentence.index == 2 and placements[4].how == EXACT  # the other copy: nearest one left


def test_a_database_file_on_disk_passes_integrity_after_reanchoring(gold_store, tmp_path, db_path):
    reingest(gold_store, tmp_path / "all", EDITS["everything"](seed_texts()))
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_orphans_survive_export_and_import_byte_for_byte(run_cli, tmp_path, db_path):
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store, "alice")
    cut = write_texts(tmp_path / "cut", EDITS["removed_paragraph"](seed_texts()))
    run_cli("ingest", "--new-version", cut)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert run_cli("export", "--format", "jsonl", "-o", first).exit_code == 0
    other = tmp_path / "other.db"
    for args in (["ingest", str(SEEDS)], ["ingest", "--new-version", str(cut)], ["import", str(first)],
                 ["export", "--format", "jsonl", "-o", str(second)]):
        assert run_cli.runner.invoke(cli, ["--db", str(other), *args]).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    with Store(other) as store:
        assert [(o.kind, o.index, o.version) for o in orphaned(store)] == [("claim", 4, 1)]


EDIT_OPS = st.lists(st.tuples(st.sampled_from(["delete", "insert", "typo", "merge", "split", "swap"]),
                              st.integers(0, 1000)), max_size=6)


@examples(60, deadline=None)
@given(SENTENCE_TEXTS, EDIT_OPS, st.data())
def test_any_edit_keeps_every_annotation_placed_or_orphaned(texts, edits, data):
    with Store(":memory:") as store:
        ingest_articles(store, [Article(id="a", text=" ".join(texts), origin="t"),
                                Article(id="b", text="Evidence one is here. Evidence two is there.", origin="t")])
        annotations = Annotations(store, "ann")
        old = store.sentences("a")
        chosen = data.draw(st.lists(st.sampled_from(old), unique_by=lambda s: s.id, max_size=len(old)))
        evidence = store.sentences("b")
        for sentence in chosen:
            claim = annotations.mark_claim(sentence.id)
            annotations.link(claim, evidence[0].id, "corroborates")
            other = annotations.mark_claim(evidence[1].id)
            annotations.link(other, sentence.id, "related")
            annotations.toggle_boilerplate(sentence.id)
        before = annotation_rows(store)
        report = ingest_articles(store, [Article(id="a", text=" ".join(edited_texts(texts, edits)) or "Empty now.",
                                                 origin="t")])
        assert annotation_rows(store) == before
        orphans = orphaned(store)
        totals = report.reanchor.totals()
        if report.outcomes[0][1] == "new version":
            assert totals["moved"] + totals["orphaned"] == len(chosen) * 3  # claim, incoming link, flag each
        assert len(orphans) == totals["orphaned"]
        current = store.source("a")["version"]
        on_old = store.db.execute(
            "SELECT count(*) FROM (SELECT sentence_id AS id FROM claims UNION ALL SELECT evidence_sentence_id FROM links "
            "UNION ALL SELECT sentence_id FROM boilerplate) a JOIN sentences t ON t.id = a.id "
            "WHERE t.source_id = 'a' AND t.version != ?", [current]).fetchone()[0]
        assert on_old == len(orphans)


def edited_texts(texts: list[str], edits: list[tuple[str, int]]) -> list[str]:
    """Apply sentence-level edits (delete, insert, typo, merge, split, swap) at positions taken modulo the length."""
    texts = list(texts)
    for op, where in edits:
        if not texts:
            break
        i = where % len(texts)
        if op == "delete":
            del texts[i]
        elif op == "insert":
            texts.insert(i, f"Inserted sentence number {where} here.")
        elif op == "typo":
            texts[i] = texts[i][:-2] + "x."
        elif op == "merge" and i + 1 < len(texts):
            texts[i : i + 2] = [texts[i][:-1] + ", and " + texts[i + 1][0].lower() + texts[i + 1][1:]]
        elif op == "split" and " " in texts[i]:
            words = texts[i][:-1].split(" ")
            half = max(1, len(words) // 2)
            texts[i : i + 1] = [" ".join(words[:half]) + ".", " ".join(words[half:]).capitalize() + "."]
        elif op == "swap" and i + 1 < len(texts):
            texts[i], texts[i + 1] = texts[i + 1], texts[i]
    return texts


def test_two_claims_merged_onto_one_sentence_keep_their_own_words_as_spans(gold_store, tmp_path):
    from annotator.annotation_store import claims_on

    reingest(gold_store, tmp_path / "resplit", EDITS["resplit_sentences"](seed_texts()))
    merged = next(s for s in gold_store.sentences(A) if "and in June, Russian President" in s.text)
    first, second = claims_on(gold_store, merged.id, "gold")
    assert first.quoted(merged.text).startswith("On August 26, a Pentagon spokesperson")
    assert first.quoted(merged.text).endswith("military equipment to Moscow")
    assert second.quoted(merged.text).startswith("in June, Russian President Vladimir Putin")
    assert second.quoted(merged.text).endswith("signed a partnership agreement.")
    assert first.span[1] <= second.span[0]
