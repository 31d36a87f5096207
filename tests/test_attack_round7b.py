"""Round-seven leftovers: nothing is lost, nobody gets in — a teammate's article file reusing an id, what a brat import
passes over, non-web URLs in article metadata, removing a claim that never was, and what the attacker tried once more.

Each test is one attempt through the real command line (or the core the app calls); a refusal is one sentence on stderr
naming the file and place, exit 2, the database untouched.
"""

from __future__ import annotations

import json

import pytest
from attack_helpers import refused_untouched

# --- 1. another file giving an existing id with a different text is refused unless --new-version ------------

TEAMMATE_LINES = [{"id": "q", "text": "A teammate's own article, not yet ingested."},
                  {"id": "a", "text": "A teammate's different article that happens to be called a."}]


def _claimed(two_sources) -> None:
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0


@pytest.mark.parametrize("kind", ["jsonl", "csv", "stdin"])
def test_another_file_giving_an_existing_id_a_different_text_is_refused_naming_file_line_and_id(two_sources, dump_db, db_path,
                                                                                              tmp_path, kind):
    _claimed(two_sources)
    if kind == "csv":
        (tmp_path / "teammate.csv").write_text("id,text\n" + "".join(f"{r['id']},\"{r['text']}\"\n" for r in TEAMMATE_LINES),
                                               encoding="utf-8")
        args, where = ["ingest", "teammate.csv"], "teammate.csv, line 3"
    else:
        lines = "".join(json.dumps(record) + "\n" for record in TEAMMATE_LINES)
        (tmp_path / "teammate.jsonl").write_text(lines, encoding="utf-8")
        args, where = (["ingest", "teammate.jsonl"], "teammate.jsonl, line 2") if kind == "jsonl" else (["ingest", "-"], "<stdin>, line 2")
    before = dump_db(db_path)
    result = two_sources(*args, input=lines if kind == "stdin" else None)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{where}: gives the id 'a' of source 'a', read from " in result.stderr and "--new-version" in result.stderr
    assert dump_db(db_path) == before
    result = two_sources(*args, "--new-version", input=lines if kind == "stdin" else None)  # the same flag says it is a correction
    assert result.exit_code == 0 and "a: text changed, stored as version 2" in result.stderr


def test_the_same_file_edited_and_re_ingested_is_still_a_new_version_without_a_flag(two_sources, tmp_path):
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"id": "c", "text": "First text here."}) + "\n", encoding="utf-8")
    assert two_sources("ingest", "corpus.jsonl").exit_code == 0
    (tmp_path / "corpus.jsonl").write_text("\n" + json.dumps({"id": "c", "text": "First text here, corrected."}) + "\n",
                                           encoding="utf-8")
    result = two_sources("ingest", "corpus.jsonl")
    assert result.exit_code == 0 and "c: text changed, stored as version 2" in result.stderr
    (tmp_path / "a.txt").write_text("The council approved the budget of $5 million on Monday. It was very late.\n", encoding="utf-8")
    assert "a: text changed, stored as version 2" in two_sources("ingest", "a.txt").stderr


# --- 4. a claim that never existed is not "removed by another window" ------------------------------------------


@pytest.mark.parametrize("args", [["claim", "rm", "12"], ["claim", "set", "12", "--note", "x"], ["link", "rm", "12"],
                                  ["link", "add", "12", "b:0", "--relation", "related"]], ids=["claim-rm", "claim-set", "link-rm", "link-add"])
def test_an_id_never_given_says_there_is_none_not_that_someone_removed_it(two_sources, dump_db, db_path, args):
    _claimed(two_sources)
    what = "link" if args[:2] == ["link", "rm"] else "claim"
    message = refused_untouched(two_sources, dump_db, db_path, args, f"there is no {what} 12 in this database")
    assert "removed" not in message and "another window" not in message


def test_a_claim_removed_since_is_named_as_removed(two_sources, dump_db, db_path):
    _claimed(two_sources)
    assert two_sources("--annotator", "ann", "link", "add", "1", "b:0", "--relation", "related").exit_code == 0
    assert two_sources("--annotator", "ann", "claim", "rm", "1").exit_code == 0
    for args, what in ((["claim", "rm", "1"], "claim 1"), (["link", "rm", "1"], "link 1")):
        refused_untouched(two_sources, dump_db, db_path, ["--annotator", "ann", *args], f"{what} no longer exists: it was removed")
    refused_untouched(two_sources, dump_db, db_path, ["claim", "rm", "2"], "there is no claim 2")


# --- 3. a source URL that is not a web address is refused at ingest, and never exported as a link ---------------

NOT_WEB = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
           "mailto:editor@example.com", "https://", "https://exa mple.com/", " https://example.com/x", "//example.com/x"]


@pytest.mark.parametrize("url", NOT_WEB)
@pytest.mark.parametrize("kind", ["jsonl", "front matter", "csv"])
def test_a_source_url_that_is_not_a_web_address_is_refused_naming_file_and_place(two_sources, dump_db, db_path, tmp_path, kind, url):
    if kind == "jsonl":
        name, where = "teammate.jsonl", "teammate.jsonl, line 2"
        (tmp_path / name).write_text("\n" + json.dumps({"id": "q", "text": "A fine article.", "url": url}) + "\n", encoding="utf-8")
    elif kind == "csv":
        name, where = "teammate.csv", "teammate.csv, line 2"
        (tmp_path / name).write_text(f"id,url,text\nq,\"{url}\",A fine article.\n", encoding="utf-8")
    else:
        name, where = "q.txt", "q.txt"
        (tmp_path / name).write_text(f"---\nurl: {json.dumps(url)}\n---\nA fine article.\n", encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["ingest", name], f"{where}: the url ", "is not an http:// or https:// address")
    assert "Traceback" not in message


def test_web_addresses_are_still_taken(two_sources, db_path, tmp_path):
    import sqlite3

    urls = ["https://example.com/news/1", "HTTP://Example.com:8080/a?b=c#d", "https://[::1]/x"]
    (tmp_path / "ok.jsonl").write_text("".join(json.dumps({"id": f"u{n}", "text": "A fine article.", "url": url}) + "\n"
                                               for n, url in enumerate(urls)), encoding="utf-8")
    assert two_sources("ingest", "ok.jsonl").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert [url for (url,) in conn.execute("SELECT url FROM sources WHERE id LIKE 'u%' ORDER BY id")] == urls


def test_a_saved_page_whose_canonical_address_is_javascript_is_ingested_without_it(two_sources, db_path, tmp_path):
    import sqlite3

    page = ('<html><head><title>Buses</title><link rel="canonical" href="javascript:alert(1)">'
            '<meta property="og:url" content="javascript:alert(1)"></head><body><article><p>The council approved forty new buses '
            'on Monday after a long debate.</p><p>The mayor said the fleet would be electric by next year.</p></article></body></html>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = two_sources("ingest", "page.html")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT url FROM sources WHERE id = 'page'").fetchone() == (None,)


@pytest.mark.parametrize("fmt", ["w3c", "w3c-jsonl"])
def test_an_older_databases_javascript_url_is_never_an_exported_target(two_sources, db_path, tmp_path, fmt):
    import sqlite3

    _claimed(two_sources)
    with sqlite3.connect(db_path) as conn:  # stored before ingest refused it
        conn.execute("UPDATE sources SET url = 'javascript:alert(1)' WHERE id = 'a'")
        conn.execute("UPDATE sources SET url = 'https://example.com/b' WHERE id = 'b'")
    assert two_sources("--annotator", "ann", "link", "add", "1", "b:0", "--relation", "related").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", "out.json").exit_code == 0
    exported = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "javascript:" not in exported and '"source": "https://example.com/b"' in exported.replace('":"', '": "')
    assert "urn:annotator:source:a:v1" in exported  # the claim's target is the source's own name instead


# --- 2. what a brat import passes over is said: hidden folders and entity types we have no use for ---------------


def _brat_export(two_sources, tmp_path, *annotators: str):
    for who in annotators:
        assert two_sources("--annotator", who, "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "brat", "-o", "brat").exit_code == 0
    return tmp_path / "brat"


def test_a_hidden_annotator_folder_in_a_brat_import_is_counted_and_named(two_sources, tmp_path, db_path):
    import sqlite3

    folder = _brat_export(two_sources, tmp_path, "ann", "bob")
    (folder / "bob").rename(folder / ".bob")  # a teammate's folder hidden by a copy, or a `.` typed in front
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM links"), conn.execute("DELETE FROM claims")
    result = two_sources("-v", "import", "brat", "--json")
    assert result.exit_code == 0, result.stderr
    assert "1 folder(s) not imported (1 with a name starting with '.', passed over as hidden (first .bob))" in result.stderr
    assert json.loads(result.stdout)["not_imported"]["folders"] == {
        "with a name starting with '.', passed over as hidden (first .bob)": 1}
    (folder / "ann").rename(folder / ".ann")
    refused = two_sources("import", "brat")
    assert refused.exit_code == 2 and "only in 2 hidden folder(s) (first .ann)" in refused.stderr


def test_a_brat_entity_type_we_have_no_use_for_is_counted_with_its_name(two_sources, tmp_path):
    from attack_helpers import SENTENCES

    text = SENTENCES["a.txt"]
    (tmp_path / "col").mkdir()
    (tmp_path / "col" / "doc.txt").write_text(text, encoding="utf-8")
    person, place = text.index("council"), text.index("Monday")
    (tmp_path / "col" / "doc.ann").write_text(f"T1\tClaim 0 56\t{text[:56]}\nT2\tPerson {person} {person + 7}\tcouncil\n"
                                               f"T3\tDate {place} {place + 6}\tMonday\nT4\tPerson 57 59\tIt\n", encoding="utf-8")
    result = two_sources("--annotator", "bea", "import", "col")
    assert result.exit_code == 0, result.stderr
    assert "3 span(s) of a type that is neither Claim, a claim type nor a link's end (Person and 1 other type(s))" in result.stderr


def test_a_doccano_label_we_have_no_use_for_is_counted_too(two_sources, tmp_path):
    from attack_helpers import SENTENCES

    text = SENTENCES["a.txt"]
    record = {"text": text, "entities": [{"id": 0, "label": "Claim", "start_offset": 0, "end_offset": 56},
                                         {"id": 1, "label": "ORG", "start_offset": 4, "end_offset": 11}], "relations": []}
    (tmp_path / "doccano.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = two_sources("--annotator", "bea", "import", "doccano.jsonl")
    assert result.exit_code == 0, result.stderr
    assert "1 span(s) of a type that is neither Claim, a claim type nor a link's end (ORG)" in result.stderr


# --- 5. a typo'd -o never replaces a teammate's export whose annotator this database does not know --------------

RECORDING_FORMATS = ["jsonl", "yaml", "flat", "csv", "fever", "w3c-jsonl"]


@pytest.mark.parametrize("fmt", RECORDING_FORMATS)
def test_a_teammates_export_naming_someone_this_database_does_not_know_is_refused_and_kept(two_sources, dump_db, db_path, tmp_path,
                                                                                           fmt):
    assert two_sources("--annotator", "bob", "claim", "add", "a:0", "--verdict", "supported").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "bob", "-o", "bob.out").exit_code == 0
    teammate = (tmp_path / "bob.out").read_text(encoding="utf-8").replace("bob", "zoe")  # zoe's export, from her database
    (tmp_path / "zoe.out").write_text(teammate, encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt, "--annotator", "bob", "-o", "zoe.out"],
                      "zoe.out: is an export of the work of 'zoe', who is no annotator of this database", "import it first", "--force")
    assert (tmp_path / "zoe.out").read_text(encoding="utf-8") == teammate
    assert two_sources("export", "--format", fmt, "--annotator", "bob", "-o", "bob.out").exit_code == 0  # our own: replaced
    assert two_sources("export", "--format", fmt, "--annotator", "bob", "-o", "zoe.out", "--force").exit_code == 0


def test_a_teammates_export_is_replaced_once_their_work_is_imported(two_sources, tmp_path):
    assert two_sources("--annotator", "bob", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "bob", "-o", "bob.jsonl").exit_code == 0
    (tmp_path / "zoe.jsonl").write_text((tmp_path / "bob.jsonl").read_text(encoding="utf-8").replace('"bob', '"zoe'), encoding="utf-8")
    assert two_sources("export", "--format", "jsonl", "-o", "zoe.jsonl").exit_code == 2
    assert two_sources("import", "zoe.jsonl").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "-o", "zoe.jsonl").exit_code == 0


# --- 6. a hostile label set: nothing a picker or a row cannot show on one line ------------------------------------

BASE_LABELS = {"claim_types": [{"id": "numeric"}], "verdicts": [{"id": "supported"}], "relations": [{"id": "corroborates"}]}


@pytest.mark.parametrize(("vocabulary", "item", "words"), [
    ("claim_types", {"id": "numeric", "description": "x\x1b]0;pwned\x07y"}, "claim_types/0/description holds U+001B"),
    ("claim_types", {"id": "numeric", "description": "read\u202etxt.exe"}, "claim_types/0/description holds U+202E"),
    ("claim_types", {"id": "numeric", "description": "two\nlines"}, "claim_types/0/description holds U+000A"),
    ("relations", {"id": "corroborates", "mark": "\x1b"}, "relations/0/mark holds U+001B"),
    ("relations", {"id": "corroborates", "mark": "\u754c"}, "relations/0/mark '\u754c' is not one visible character one column wide"),
    ("relations", {"id": "corroborates", "mark": "\u0301"}, "is not one visible character one column wide"),
    ("relations", {"id": "corroborates", "mark": "\u200b"}, "is not one visible character one column wide"),
    ("claim_types", {"id": "n" * 5000}, "claim_types/0/id is 5000 characters long; an id has at most 64"),
    ("verdicts", {"id": "supported", "description": "d" * 1_000_000}, "verdicts/0/description is 1000000 characters long"),
], ids=["escape", "bidi", "newline", "control-mark", "wide-mark", "combining-mark", "invisible-mark", "huge-id", "huge-description"])
def test_a_label_set_a_picker_could_not_show_is_one_sentence_naming_the_place(two_sources, dump_db, db_path, tmp_path, monkeypatch,
                                                                              vocabulary, item, words):
    (tmp_path / "labels.yaml").write_text(json.dumps({**BASE_LABELS, vocabulary: [item]}), encoding="utf-8")
    (tmp_path / "config.yaml").write_text("labels: labels.yaml\n", encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "config.yaml"))
    message = refused_untouched(two_sources, dump_db, db_path, ["claim", "add", "a:0"], "labels.yaml: not a valid label set", words)
    assert "\x1b" not in message and "\u202e" not in message and len(message) < 400


def test_a_label_set_of_thousands_of_labels_and_a_one_cell_mark_still_loads(tmp_path):
    from annotator.labels import load_labels

    data = {**BASE_LABELS, "claim_types": [{"id": f"t{n}"} for n in range(5000)], "relations": [{"id": "corroborates", "mark": "\u2713"}]}
    (tmp_path / "labels.yaml").write_text(json.dumps(data), encoding="utf-8")
    labels = load_labels(tmp_path / "labels.yaml")
    assert len(labels.claim_types) == 5000 and labels.mark("corroborates") == "\u2713"


@pytest.mark.parametrize(("keys", "words"), [
    ("\x1b[2J", "keymap/toggle-claim: '\\x1b[2J' is not a key name"),
    ("m,\u202e", "'\\u202e' is not a key name"),
    ("j,,down", "'' is not a key name"),
    ("ctrl+" + "x" * 60, "is not a key name"),
    (",".join(f"f{n % 12 + 1}" for n in range(20000)), "keymap/toggle-claim names 20000 keys; one binding takes at most 8"),
], ids=["escape", "bidi", "empty", "long-name", "thousands"])
def test_a_keymap_the_help_could_not_show_is_one_sentence_naming_the_binding(two_sources, dump_db, db_path, tmp_path, monkeypatch,
                                                                             keys, words):
    (tmp_path / "config.yaml").write_text(f"keymap:\n  toggle-claim: {json.dumps(keys)}\n", encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "config.yaml"))
    message = refused_untouched(two_sources, dump_db, db_path, ["claim", "add", "a:0"], "config.yaml: not a valid config", words)
    assert "\x1b" not in message and len(message) < 600


def test_an_ordinary_keymap_still_loads(tmp_path):
    from annotator.config import load_config

    (tmp_path / "config.yaml").write_text("keymap:\n  toggle-claim: m\n  next-sentence: 'j, down,ctrl+n'\n  quit: '?'\n",
                                          encoding="utf-8")
    assert load_config(tmp_path / "config.yaml").keymap == {"toggle-claim": "m", "next-sentence": "j, down,ctrl+n", "quit": "?"}


# --- 7. names with `[/]`, `../` and markup in the app's dialogs at 80×24 (checked: refused or shown as written) -----


def test_the_assign_dialog_at_80_by_24_refuses_path_names_and_keeps_markup_names_as_written(two_sources, db_path):
    import asyncio
    import sqlite3

    from annotator.config import Config
    from annotator.tui.app import build_app

    async def assign(typed_names: list[str]) -> tuple[list[str], str]:
        app = build_app(db_path, "[b]bob", Config())
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                for typed in typed_names:
                    await pilot.press("a")
                    await pilot.pause()
                    await pilot.press(*typed, "enter")
                    await pilot.pause()
                    if type(app.screen).__name__ == "NameDialog":
                        await pilot.press("escape")
                assert app.is_running
                return [notice.message for notice in app.notices.log], f"{app.title} {app.sub_title}"
        finally:
            app.store.close()

    messages, title = asyncio.run(assign(["../x", "[/]", "[i]zoe"]))
    assert "The annotator name '../x' holds a '/'" in messages[0] and "The annotator name '[/]' holds a '/'" in messages[1]
    assert "a assigned to [i]zoe" in messages[2] and "[b]bob" in title
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT source_id, annotator, assigned_by FROM assignments").fetchall() == [("a", "[i]zoe", "[b]bob")]


# --- 8. a second window writing while an import runs ---------------------------------------------------------------


def test_a_claim_another_window_makes_while_an_import_plans_is_seen_not_collided_with(two_sources, db_path, tmp_path):
    import sqlite3
    import threading

    from annotator.annotations import Annotations
    from annotator.errors import Refused
    from annotator.formats.importer import import_files
    from annotator.store import Store

    assert two_sources("--annotator", "zoe", "claim", "add", "a:0", "--note", "mine").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "zoe", "-o", "zoe.jsonl").exit_code == 0
    assert two_sources("--annotator", "zoe", "claim", "rm", "1").exit_code == 0
    outcome = []

    def other_window() -> None:
        with Store(db_path) as other:
            try:
                outcome.append(Annotations(other, "zoe").mark_claim(other.sentences("a")[0].id))
            except Refused as refused:
                outcome.append(str(refused))

    def phase(name: str, count: str = "") -> None:
        if name == "Writing":  # the other window marks the same sentence now; it waits for the import's lock, if any
            thread = threading.Thread(target=other_window)
            thread.start()
            thread.join(2)
            threads.append(thread)

    threads: list[threading.Thread] = []
    with Store(db_path) as store:
        report = import_files(store, [tmp_path / "zoe.jsonl"], phase=phase)
    threads[0].join(30)
    assert report.claims_added == 1 and "already covers the whole of sentence a:0" in outcome[0]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT annotator, note FROM claims").fetchall() == [("zoe", "mine")]
