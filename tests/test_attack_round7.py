"""Round-seven attacks: nothing is lost, nobody gets in — stand-ins for line breaks, a bare split on a terminal, typo'd outputs,
a teammate's hostile import files, URL ingest from a hostile local server.

Each test is one attempt an adversarial tester made through the real command line (or the core the app
calls); it checks the contract: one sentence on stderr naming the file and place, exit 2, the database
untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from attack_helpers import refused_untouched
from hypothesis import given
from hypothesis import strategies as st
from test_adversarial_errors import one_sentence

from annotator.terminal_text import TERMINAL_CONTROL, printable

# --- 1. printable treats tabs and line breaks the same whatever else the text holds ----------------

HOSTILE_CHARACTERS = st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x07", "\x1b", "\x7f",
                                                        "\x85", "\x9b", "\u202e", "\u2066", "\u2028", "é"]))


@given(HOSTILE_CHARACTERS, HOSTILE_CHARACTERS)
def test_printable_keeps_tabs_and_line_feeds_whatever_else_the_text_holds(head, tail):
    shown = printable(head + tail)
    assert len(shown) == len(head + tail)
    assert [i for i, c in enumerate(shown) if c in "\t\n"] == [i for i, c in enumerate(head + tail) if c in "\t\n"]
    if not head.endswith("\r"):  # a CR is kept only before a line feed: the one place a neighbour decides
        assert shown == printable(head) + printable(tail)


@given(st.text())
def test_printable_leaves_nothing_that_moves_the_cursor_back_or_reorders(text):
    shown = printable(text)
    assert not TERMINAL_CONTROL.search(shown) and not any(c in shown for c in "\x0b\x0c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert all(shown[i + 1 : i + 2] == "\n" for i, c in enumerate(shown) if c == "\r")
    assert printable(shown) == shown


def test_suggest_on_an_older_databases_control_character_keeps_its_own_line_breaks(two_sources, db_path):
    with sqlite3.connect(db_path) as conn:  # a text from before ingest refused control characters
        conn.execute("UPDATE sentences SET text = 'The council budget of $5 million \x07 was approved Monday.' WHERE source_id = 'b'")
    result = two_sources("suggest", "a:0")
    assert result.exit_code == 0, result.stderr
    assert "\u240a" not in result.stdout and "\u2407" in result.stdout  # the bell shown; the layout's own breaks still breaks
    assert "\n 1. b:0" in result.stdout


# --- 2. a bare `split` on a terminal is a usage error, not a wait on the keyboard --------------------


def _split_on_a_terminal(*args: str, typed: bytes = b"") -> subprocess.CompletedProcess:
    """`annotator split ARGS` with a terminal as standard input (as typed in a shell), `typed` then end-of-file on it."""
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "annotator", "split", *args], stdin=terminal, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        os.write(controller, typed + b"\x04")  # ctrl+d: the end of what was typed (unread by a usage error)
        try:
            stdout, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail("annotator split waited on the terminal")
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    finally:
        os.close(controller)
        os.close(terminal)


def test_a_bare_split_on_a_terminal_is_a_usage_error_naming_the_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    result = _split_on_a_terminal()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "missing argument 'FILE'" in result.stderr and "give -" in result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_split_dash_on_a_terminal_still_reads_what_is_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    result = _split_on_a_terminal("-", "--language", "en", typed=b"One sentence here. Another one there.\n")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["One sentence here.", "Another one there."]


def test_a_bare_split_with_a_pipe_still_reads_it(run_cli):
    result = run_cli("split", "--language", "en", input="Alpha one. Beta two.")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


# --- 3. a gold decision goes with the claims it judged when their sentence is split ------------------

GOLD_TEXT = "The council approved 40 new buses on Monday and the mayor said 3 were electric. Residents welcomed it."
GOLD_EVIDENCE = "The mayor said three buses were electric. It rained."


def _reviewed(claim_span_words: str):
    """Source a (two annotators, both done) whose first sentence alice and bob claim at `claim_span_words`, linked to b:0; rita
    takes alice's answer on the sentence and on the link into gold. Returns (store, first sentence, evidence sentence)."""
    from annotator.actions import Actions
    from annotator.adjudication import LINK, SENTENCE, Adjudicator, review_items
    from annotator.articles import Article
    from annotator.coverage import set_done
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    store = Store(":memory:")
    ingest_articles(store, [Article(id="a", text=GOLD_TEXT, origin="t"), Article(id="b", text=GOLD_EVIDENCE, origin="t")])
    first, evidence = store.sentences("a")[0], store.sentences("b")[0]
    start = first.text.index(claim_span_words)
    for who, claim_type in (("alice", "numeric"), ("bob", "event")):
        actions = Actions(store, who)
        claim = actions.add_claim(first.id, (start, start + len(claim_span_words)), claim_type=claim_type)
        actions.link(claim, evidence.id, "corroborates" if who == "alice" else "related")
        set_done(store, who, ["a", "b"])
    judge = Adjudicator(store, "rita")
    for item in review_items(store):
        if item.kind in (SENTENCE, LINK) and item.sentence_id == first.id:
            judge.take(item, "alice", reason="alice read it right")
    return store, first, evidence


def _subjects(store) -> list[str]:
    return [subject for (subject,) in store.db.execute("SELECT subject FROM decisions ORDER BY id")]


def test_a_gold_decision_follows_its_claim_into_the_second_part_of_a_split_and_undo_brings_it_back():
    from annotator.actions import Actions
    from annotator.adjudication import gold_state, review_items

    store, first, evidence = _reviewed("the mayor said 3 were electric")
    assert _subjects(store) == [f"sentence:{first.id}", f"link:{first.id}:{evidence.id}"]
    before = set(_subjects(store))
    carol = Actions(store, "carol")
    carol.split_sentence(first.id, first.text.index("and the"))
    tail = store.sentences("a")[1]
    assert _subjects(store) == [f"sentence:{tail.id}", f"link:{tail.id}:{evidence.id}"]  # where gold's claim and link went
    state = gold_state(store)
    open_items = [item for item in review_items(store) if not state.decided(item) and item.source_id == "a"]
    assert open_items == []  # the review does not ask again what rita decided, nor lose why
    assert carol.undo() == "split sentence" and set(_subjects(store)) == before


def test_a_gold_decision_stays_on_the_first_part_when_claims_are_left_there():
    from annotator.actions import Actions

    store, first, _ = _reviewed("The council approved 40 new buses on Monday and the mayor")
    with pytest.raises(Exception, match="shorten its span first"):  # the claims span the cut: refused, nothing moves
        Actions(store, "carol").split_sentence(first.id, first.text.index("and the"))
    assert _subjects(store)[0] == f"sentence:{first.id}"
    store2, first2, evidence2 = _reviewed("The council approved")
    Actions(store2, "carol").split_sentence(first2.id, first2.text.index("and the"))
    assert _subjects(store2) == [f"sentence:{first2.id}", f"link:{first2.id}:{evidence2.id}"]


# --- 4. a typo'd -o never replaces a file no export wrote ------------------------------------------

ONE_FILE_FORMATS = ["jsonl", "yaml", "w3c", "w3c-jsonl", "fever", "fever-pages", "flat", "csv", "labelstudio", "doccano"]
NOT_OURS = {"labels.yaml": "relations: [corroborates]\n", "Makefile": "all:\n\ttrue\n", "script.py": "print(1)\n",
            "teammate-articles.jsonl": '{"id": "q", "text": "Not yet ingested."}\n', "data.json": '{"keep": 1}\n',
            "notes": "row,annotator but mine\n"}


@pytest.mark.parametrize("fmt", ONE_FILE_FORMATS)
def test_a_typo_d_output_naming_a_file_no_export_wrote_is_refused_and_kept(two_sources, dump_db, db_path, tmp_path, fmt):
    assert two_sources("--annotator", "gold", "claim", "add", "a:0", "--verdict", "supported").exit_code == 0
    assert two_sources("--annotator", "gold", "link", "add", "1", "b:0", "--relation", "corroborates").exit_code == 0
    for name, text in NOT_OURS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt, "--annotator", "gold", "-o", name],
                          f"{name}: is an existing file that no export wrote", "--force")
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert two_sources("export", "--format", fmt, "--annotator", "gold", "-o", "Makefile", "--force").exit_code == 0
    assert (tmp_path / "Makefile").read_text(encoding="utf-8") != NOT_OURS["Makefile"]


def test_every_one_file_export_still_replaces_any_earlier_export_and_an_empty_file(two_sources, tmp_path):
    assert two_sources("--annotator", "gold", "claim", "add", "a:0", "--verdict", "supported").exit_code == 0
    assert two_sources("--annotator", "gold", "link", "add", "1", "b:0", "--relation", "corroborates").exit_code == 0
    (tmp_path / "out").write_bytes(b"")  # `touch out` first, or mktemp
    for earlier, fmt in zip(ONE_FILE_FORMATS, [*ONE_FILE_FORMATS[1:], ONE_FILE_FORMATS[0]], strict=True):
        assert two_sources("export", "--format", earlier, "--annotator", "gold", "-o", "out").exit_code == 0
        result = two_sources("export", "--format", fmt, "--annotator", "gold", "-o", "out")  # each format's file replaced
        assert result.exit_code == 0, (earlier, fmt, result.stderr)


# --- 5. a teammate's import file naming annotators badly is told in words, not as a regular expression -----


def _exported(two_sources, tmp_path, fmt: str) -> str:
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", f"ann.{fmt}").exit_code == 0
    return (tmp_path / f"ann.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize(("where", "name", "words"), [
    ("annotators", "../../etc", "holds a '/', which would make it a path"),
    ("annotators", "[/]", "holds a '/'"),
    ("annotators", "bo\\nb", "holds the control character U+000A"),
    ("done", "../x", "holds a '/', which would make it a path"),
    ("done", "-rf", "starts with '-'"),
], ids=["dot-dot", "markup", "newline", "done-key", "done-dash"])
def test_a_header_naming_an_annotator_against_the_rule_says_why_in_words(two_sources, dump_db, db_path, tmp_path, where, name, words):
    header, *rest = _exported(two_sources, tmp_path, "jsonl").splitlines()
    record = json.loads(header)
    if where == "annotators":
        record["annotators"] = [json.loads(f'"{name}"')]
    else:
        record["done"] = {json.loads(f'"{name}"'): []}
    (tmp_path / "teammate.jsonl").write_text("\n".join([json.dumps(record), *rest]) + "\n", encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "teammate.jsonl"], "teammate.jsonl, line 1", words,
                                "schemas/names.schema.json")
    assert "does not match" not in message and "\\\\x00" not in message


def test_a_yaml_file_naming_an_annotator_with_a_slash_says_why_in_words(two_sources, dump_db, db_path, tmp_path):
    text = _exported(two_sources, tmp_path, "yaml").replace("annotators:\n- ann\n", "annotators:\n- ../ann\n", 1)
    (tmp_path / "teammate.yaml").write_text(text, encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "teammate.yaml"], "teammate.yaml", "holds a '/'")
    assert "does not match" not in message


# --- 6. an unquoted date in a YAML file is text or one sentence, never a crash ------------------------


def test_a_yaml_import_with_unquoted_dates_and_times_is_read_as_their_text(two_sources, tmp_path, db_path):
    text = re.sub(r"\bann\b", "bob", _exported(two_sources, tmp_path, "yaml"))
    stamp = next(line for line in text.splitlines() if "created_at:" in line).split('"')[1]
    text = text.replace(f'created_at: "{stamp}"', "created_at: 2026-01-05T10:00:00+00:00").replace("note: null", "note: 2024-01-01")
    (tmp_path / "bob.yaml").write_text(text, encoding="utf-8")
    result = two_sources("import", "bob.yaml")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT note, created_at FROM claims WHERE annotator = 'bob'").fetchall() == [
            ("2024-01-01", "2026-01-05T10:00:00+00:00")]


@pytest.mark.parametrize(("name", "content", "words"), [
    ("labels.yaml", "claim_types: [2024-01-01, numeric]\nverdicts: [supported]\nrelations: [corroborates, conflicts, related]\n",
     "claim_types/0: 2024-01-01 is read as a date, not text; put it in quotes"),
    ("config.yaml", "theme: 2024-01-01\n", "theme: 2024-01-01 is read as a date, not text; put it in quotes"),
], ids=["label-set", "config"])
def test_an_unquoted_date_in_a_label_set_or_config_is_one_sentence(two_sources, dump_db, db_path, tmp_path, monkeypatch, name,
                                                                    content, words):
    (tmp_path / name).write_text(content, encoding="utf-8")
    if name == "labels.yaml":
        (tmp_path / "config.yaml").write_text("labels: labels.yaml\n", encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "config.yaml"))
    refused_untouched(two_sources, dump_db, db_path, ["claim", "add", "a:0"], name, words)


# --- 7. URL ingest against a hostile server on 127.0.0.1 ---------------------------------------------

HTML_PAGE = (b"<html><head><title>Buses</title></head><body><article><p>The council approved forty new buses on Monday "
             b"after a long debate.</p><p>The mayor said the fleet would be electric by next year.</p></article></body></html>")


def _dripped_headers(connection, stop) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    for number in range(40):  # one header line every 0.1 s: each read is quick, the answer never done in time
        if stop.wait(0.1):
            return
        connection.sendall(f"X-Pad-{number}: x\r\n".encode())
    connection.sendall(b"Content-Length: %d\r\n\r\n" % len(HTML_PAGE) + HTML_PAGE)


def _cut_short(connection, stop) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % (len(HTML_PAGE) * 3)
                       + HTML_PAGE)


def _gzipped(connection, stop) -> None:
    import gzip

    body = gzip.compress(HTML_PAGE)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
                       % len(body) + body)


RAW_ROUTES = {"/headers-drip": _dripped_headers, "/cut-short": _cut_short, "/gzip": _gzipped}


@pytest.fixture
def raw_server():
    """A server on a free port of 127.0.0.1 that writes answers byte by byte as RAW_ROUTES say; its base URL."""
    import socket
    import threading

    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)

    def answer(connection) -> None:
        with connection:
            request = connection.recv(65536).decode("latin-1")
            route = RAW_ROUTES.get(request.split(" ")[1] if request.count(" ") >= 2 else "")
            if route is not None:
                route(connection, stop)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    listener.close()


def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(run_cli, raw_server, db_path, monkeypatch):
    import time

    from annotator import fetch

    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 1.0)
    started = time.monotonic()
    result = run_cli("ingest", f"{raw_server}/headers-drip")
    assert time.monotonic() - started < 3.0  # 4 s of headers: the whole answer has 1 s, not each read
    assert result.exit_code == 2 and "no complete answer within 1 s" in result.stderr and result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_a_page_cut_short_of_its_announced_length_is_refused_not_stored(run_cli, raw_server, db_path):
    result = run_cli("ingest", f"{raw_server}/cut-short")
    assert result.exit_code == 2, result.stderr
    assert f"{raw_server}/cut-short: could not be fetched whole: the connection closed after" in result.stderr
    assert result.stderr.count("\n") == 1 and not db_path.exists()


def test_a_compressed_page_the_client_never_asked_for_is_read_as_a_browser_would(run_cli, raw_server, db_path):
    # round 10: it was refused as "a binary file, not an HTML page"; a browser reads it, so we undo gzip too (capped),
    # and what we will not undo is one sentence (tests/test_attack_round10.py)
    result = run_cli("ingest", f"{raw_server}/gzip")
    assert result.exit_code == 0 and "Traceback" not in result.stderr, result.stderr
    assert db_path.exists()


# --- 8. two windows of one annotator on one database, through another name for the file --------------


@pytest.mark.parametrize("other_name", ["hard link", "symbolic link", "dot-dot path"])
def test_a_second_window_through_another_name_for_the_database_is_refused(two_sources, tmp_path, monkeypatch, other_name):
    from annotator.session import SessionBusy, acquire

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "elsewhere").mkdir()
    other = tmp_path / "elsewhere" / "story.db"
    if other_name == "hard link":
        os.link(tmp_path / "annotator.db", other)  # `ln annotator.db ~/elsewhere/story.db`: one file, two names
    elif other_name == "symbolic link":
        other.symlink_to(tmp_path / "annotator.db")
    else:
        other = tmp_path / "elsewhere" / ".." / "annotator.db"
    first = acquire(tmp_path / "annotator.db", "ann")
    try:
        with pytest.raises(SessionBusy, match="'ann' already has this database open in another window"):
            acquire(other, "ann")
        acquire(other, "bob").release()  # another annotator may
    finally:
        first.release()
    acquire(other, "ann").release()  # once the first window closed
    assert not list((tmp_path / "state" / "annotator" / "sessions").iterdir())


def test_a_typo_d_datasette_metadata_output_never_replaces_a_file_it_did_not_write(two_sources, tmp_path):
    (tmp_path / "labels.yaml").write_text("relations: [corroborates]\n", encoding="utf-8")
    one_sentence(two_sources("datasette-metadata", "-o", "labels.yaml"), 2, "labels.yaml: is an existing file that no export wrote")
    assert (tmp_path / "labels.yaml").read_text(encoding="utf-8") == "relations: [corroborates]\n"
    assert two_sources("datasette-metadata", "-o", "metadata.json").exit_code == 0
    assert two_sources("datasette-metadata", "-o", "metadata.json").exit_code == 0  # its own earlier file it replaces


def test_an_earlier_export_whose_first_record_holds_a_long_article_is_still_known(tmp_path):
    from annotator.earlier_exports import is_earlier_export

    record = {"text": "Word here. " * 600_000, "entities": [], "relations": [], "annotator_sources": []}  # a 6.6 MB article
    (tmp_path / "doccano.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert is_earlier_export(tmp_path / "doccano.jsonl")
    (tmp_path / "blank-then-text").write_text("\n" * 5000 + "mine\n", encoding="utf-8")
    assert not is_earlier_export(tmp_path / "blank-then-text")


@pytest.mark.parametrize("command", ["import", "batch"])
def test_the_database_given_as_an_import_or_batch_file_is_named_as_a_database(two_sources, dump_db, db_path, command):
    refused_untouched(two_sources, dump_db, db_path, [command, "annotator.db"], "annotator.db: is an SQLite database")
