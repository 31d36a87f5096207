"""Round-six attacks: nothing is lost, nobody gets in — linked folders, file names Windows reserves, old control characters.

Each test is one attempt an adversarial tester made through the real command line (or the core the app
calls); it checks the contract: one sentence on stderr naming the file and place, exit 2, the database
untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from attack_helpers import refused_untouched
from test_adversarial_errors import one_sentence

# --- 1. a linked folder inside the project is never written through ---------------------------


@pytest.fixture
def elsewhere(tmp_path):
    """A folder outside the project that a teammate's checkout could point a link at (say ~/.ssh), with a file in it."""
    folder = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    folder.mkdir()
    (folder / "authorized_keys").write_text("precious\n", encoding="utf-8")
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    folder.rmdir()


def _untouched(folder) -> None:
    """The folder a link points to holds only what it held."""
    assert sorted(path.name for path in folder.iterdir()) == ["authorized_keys"]
    assert (folder / "authorized_keys").read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "brat"])
def test_a_linked_exports_folder_is_not_written_through_by_the_default_export(two_sources, dump_db, db_path, tmp_path, elsewhere, fmt):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    (tmp_path / "exports").symlink_to(elsewhere, target_is_directory=True)
    refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt], "the folder exports, a symbolic link", str(elsewhere))
    _untouched(elsewhere)


@pytest.mark.parametrize("output", ["deep/link/out.jsonl", "link/../out.jsonl", "{cwd}/deep/link/out.jsonl", "deep/link/brat"],
                         ids=["deep", "dot-dot", "absolute", "brat"])
def test_a_linked_folder_anywhere_in_an_output_path_inside_the_project_is_refused(two_sources, tmp_path, elsewhere, output):
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "link").symlink_to(elsewhere)
    (tmp_path / "link").symlink_to(elsewhere / "sub", target_is_directory=True)
    (elsewhere / "sub").mkdir()
    fmt = "brat" if output.endswith("brat") else "jsonl"
    one_sentence(two_sources("export", "--format", fmt, "-o", output.format(cwd=tmp_path)), 2, "a symbolic link", "give the folder it points to")
    (elsewhere / "sub").rmdir()
    _untouched(elsewhere)


def test_a_dangling_exports_link_is_refused_as_a_link_and_not_created(two_sources, tmp_path, elsewhere):
    (tmp_path / "exports").symlink_to(elsewhere / "new")
    one_sentence(two_sources("export", "--format", "jsonl"), 2, "the folder exports, a symbolic link")
    assert not (elsewhere / "new").exists()
    _untouched(elsewhere)


def test_a_backup_through_a_linked_folder_is_refused(two_sources, tmp_path, elsewhere):
    (tmp_path / "backups").symlink_to(elsewhere)
    one_sentence(two_sources("backup", "backups/copy.db"), 2, "backups/copy.db: goes through the folder backups")
    _untouched(elsewhere)


def test_a_link_outside_the_project_is_the_users_own_and_followed(two_sources, tmp_path, elsewhere):
    project = tmp_path / "project"
    project.mkdir()
    os.rename(tmp_path / "annotator.db", project / "annotator.db")
    (tmp_path / "out-link").symlink_to(elsewhere)  # beside the project, as /tmp is a link on macOS
    os.chdir(project)
    result = two_sources("--db", str(project / "annotator.db"), "export", "--format", "jsonl", "-o", "../out-link/out.jsonl")
    assert result.exit_code == 0, result.stderr
    assert (elsewhere / "out.jsonl").is_file()
    (elsewhere / "out.jsonl").unlink()


# --- 2. file names made from data are names on Windows too --------------------------------------

DEVICE_IDS = ["CON", "con", "nul.txt", "Aux.report", "COM1", "lpt9", "com\u00b9", "CONIN$", "dots."]


def _windows_problem(name: str) -> str | None:
    """Why Windows would not keep `name` as a file of its own, or None."""
    from annotator.output_paths import WINDOWS_DEVICE

    if WINDOWS_DEVICE.match(name):
        return "a device"
    return "a trailing dot or space" if name.endswith((".", " ")) else None


def test_source_ids_and_annotators_windows_reserves_make_safe_unique_brat_names_that_import_back(two_sources, tmp_path, db_path):
    lines = [f'{{"id":"{name}","text":"Report {number} says the council met on Monday. It was late."}}' for number, name in enumerate(DEVICE_IDS)]
    (tmp_path / "devices.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert two_sources("ingest", "devices.jsonl").exit_code == 0
    for name in DEVICE_IDS:
        assert two_sources("--annotator", "nul", "claim", "add", f"{name}:0").exit_code == 0
    assert two_sources("export", "--format", "brat", "-o", "out").exit_code == 0
    names = [path.name for path in (tmp_path / "out").rglob("*")]
    assert [name for name in names if _windows_problem(name)] == []
    assert len({name.casefold() for name in names}) == len(names)  # unique where case is ignored, too
    assert "%6Eul" in names and "%43ON.txt" in names and "%63on.ann" in names and "dots%2E.txt" in names
    (tmp_path / "out" / "%6Eul").rename(tmp_path / "out" / "bob")
    assert two_sources("import", "out").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        landed = conn.execute("SELECT s.source_id FROM claims c JOIN sentences s ON s.id = c.sentence_id "
                              "WHERE c.annotator = 'bob' ORDER BY 1").fetchall()
    assert [row[0] for row in landed] == sorted(DEVICE_IDS)


@pytest.mark.parametrize("name", ["CON", "prn", "nul.x", "trailing.", "trailing "])
def test_a_default_export_name_from_a_database_or_annotator_name_is_not_a_device(name):
    from pathlib import Path

    from annotator.formats import default_export_path

    path = default_export_path(Path("exports"), Path(f"{name}.db" if name.isalpha() else "story.db"), "jsonl", name)
    assert not _windows_problem(path.name.split(".")[0]) and not _windows_problem(path.name), path


# --- 3. control and bidi characters an older database holds never reach an export raw -----------

RAW = "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
ALL_FORMATS = ["jsonl", "yaml", "w3c", "w3c-jsonl", "fever", "fever-pages", "flat", "csv", "labelstudio", "doccano", "brat"]


@pytest.fixture
def old_database(two_sources, db_path):
    """A claim on a:0 linked to b:0, then text and metadata as an older version stored them: C1 (CSI), bidi override, ESC."""
    assert two_sources("claim", "add", "a:0", "--note", "fine").exit_code == 0
    assert two_sources("link", "add", "1", "b:0", "--relation", "corroborates", "--note", "fine").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # same length, so every offset still holds
        for table in ("sentences", "source_versions"):
            conn.execute(f"UPDATE {table} SET text = 'Th\u009b' || char(27) || '\u202e' || substr(text, 6) WHERE source_id = 'a'")
        conn.execute("UPDATE sources SET title = 'T\u009b31m \u202eexe.txt', outlet = 'O\u2066x' WHERE id = 'a'")
        conn.execute("UPDATE claims SET note = 'n\u009b\u202e' || char(27) || '[2J'")
        conn.execute("UPDATE links SET note = 'l\u009b\u202e'")
    return two_sources


def _written_text(folder_or_file) -> str:
    """Every file an export wrote, as one text."""
    from pathlib import Path

    path = Path(folder_or_file)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return "".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_no_export_writes_an_older_databases_control_or_bidi_characters_raw(old_database, tmp_path, fmt):
    import re

    result = old_database("export", "--format", fmt, "-o", "out")
    assert result.exit_code == 0, result.stderr
    written = _written_text(tmp_path / "out")
    assert not re.search(RAW, written), sorted({hex(ord(c)) for c in re.findall(RAW, written)})
    if fmt != "brat":
        piped = old_database("export", "--format", fmt, "-o", "-").stdout
        assert piped == written


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_our_own_formats_still_carry_the_same_values_escaped(old_database, tmp_path, fmt):
    import json

    import yaml

    assert old_database("export", "--format", fmt, "-o", "out").exit_code == 0
    text = (tmp_path / "out").read_text(encoding="utf-8")
    assert "\\u202e" in text.lower()
    if fmt == "jsonl":
        sources = [json.loads(line)["source"] for line in text.splitlines() if '"record":"source"' in line]
    else:
        sources = yaml.safe_load(text)["sources"]
    assert {source["id"]: source["title"] for source in sources}["a"] == "T\u009b31m \u202eexe.txt"


def test_a_brat_export_shows_stand_ins_at_the_same_offsets_and_imports_back(old_database, tmp_path, db_path):
    assert old_database("export", "--format", "brat", "-o", "out").exit_code == 0
    shown = (tmp_path / "out" / "root" / "a.txt").read_text(encoding="utf-8")
    assert shown.startswith("Th\ufffd\u241b\ufffdouncil") and len(shown) == len(open("a.txt", encoding="utf-8").read())
    (tmp_path / "out" / "root").rename(tmp_path / "out" / "bob")
    result = old_database("import", "out")
    assert result.exit_code == 0 and "1 claim(s) added, 1 link(s)" in result.stderr, result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT sentence_id, note FROM claims WHERE annotator = 'bob'").fetchall() == [(1, "n\ufffd\ufffd\u241b[2J")]


# --- 4. a command given too little says so the same way everywhere ------------------------------


def _commands(group, path=()):
    """(path, command) for every command and group under `group`."""
    import click

    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def _all_commands():
    from annotator.cli import cli

    return list(_commands(cli))


def test_every_bare_group_prints_its_help_on_stderr_and_exits_2_as_click_does(two_sources):
    import click

    groups = [path for path, command in _all_commands() if isinstance(command, click.Group)]
    assert {"claim", "link", "boilerplate", "boundaries"} <= {" ".join(path) for path in groups}
    for path in groups:
        result = two_sources(*path)
        assert result.exit_code == 2 and result.stdout == "", path
        assert result.stderr.startswith("Usage: ") and f" {' '.join(path)} [OPTIONS] COMMAND" in result.stderr.splitlines()[0] and "Commands:" in result.stderr, path


def test_every_command_missing_a_required_argument_or_option_is_one_sentence_naming_it(two_sources, dump_db, db_path):
    import click

    checked = 0
    for path, command in _all_commands():
        required = [param for param in command.params if param.required]
        if isinstance(command, click.Group) or not required:
            continue
        name = " ".join(path)
        message = refused_untouched(two_sources, dump_db, db_path, list(path), f"annotator: {name}: missing ", f"see 'annotator {name} --help'")
        assert "\u240a" not in message and "\u2409" not in message, message  # click's one choice a line, drawn as stand-ins
        checked += 1
    assert checked >= 15
    message = refused_untouched(two_sources, dump_db, db_path, ["done"], "done: missing argument 'SOURCE_ID...'", "--undo")
    assert "(choose from" in refused_untouched(two_sources, dump_db, db_path, ["export"], "missing option '--format'")
    assert message


def test_undo_through_done_when_another_process_changed_the_row_is_one_sentence(two_sources, db_path):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # another process (an older version, a script) changed the claim since
        conn.execute("UPDATE claims SET note = 'changed elsewhere'")
    for args in (["undo"], ["done", "--undo"]):
        one_sentence(two_sources(*args), 1, "cannot undo 'mark claim'", "changed since")


# --- 5. the app's idle checkpoint and its other connections never open a file put in the database's place ----


@pytest.fixture
def deferred_store(tmp_path):
    """The app's store as the app runs it: checkpoints deferred, so its last writes live in the -wal file alone."""
    from annotator.store import Store

    store = Store(tmp_path / "annotator.db")
    store.defer_checkpoints()
    store.db.execute("CREATE TABLE kept (n INTEGER)")
    for number in range(50):
        store.db.execute("INSERT INTO kept VALUES (?)", [number])
    yield store
    store.close()


def _kept_rows(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM kept").fetchone()[0]


@pytest.mark.parametrize("replaced_by", ["nothing", "an empty file", "another database"])
def test_the_idle_checkpoint_after_the_database_was_moved_loses_nothing(deferred_store, tmp_path, replaced_by):
    from annotator.connections import checkpoint

    path = tmp_path / "annotator.db"
    os.rename(path, tmp_path / "moved.db")  # `mv annotator.db story.db` while the app runs (a sync tool, a checkout)
    if replaced_by == "an empty file":
        path.write_bytes(b"")
    elif replaced_by == "another database":
        sqlite3.connect(path).close()
    assert checkpoint(path, deferred_store.identity) is False  # it connected to the path: SQLite deleted the -wal
    assert (tmp_path / "annotator.db-wal").exists() and path.exists() == (replaced_by != "nothing")
    deferred_store.db.execute("INSERT INTO kept VALUES (50)")
    deferred_store.close()
    assert _kept_rows(tmp_path / "moved.db") == 51


def test_a_thread_connection_of_the_app_refuses_a_moved_database_in_one_sentence(deferred_store, tmp_path):
    from annotator.connections import checkpoint
    from annotator.errors import InputError

    assert checkpoint(tmp_path / "annotator.db", deferred_store.identity) is True
    os.rename(tmp_path / "annotator.db", tmp_path / "moved.db")
    with pytest.raises(InputError, match="is no longer the database this window opened"):
        deferred_store.again()  # the export, suggestion and waiting-write workers' connection
    assert not (tmp_path / "annotator.db").exists()
    deferred_store.close()
    assert _kept_rows(tmp_path / "moved.db") == 50


CHECKPOINT_ON_A_FULL_DISK = """
import resource, sqlite3, sys
from annotator.connections import checkpoint
from annotator.store import Store
store = Store(sys.argv[1])
store.defer_checkpoints()
store.db.execute("CREATE TABLE kept (n INTEGER, pad TEXT)")
for number in range(400):
    store.db.execute("INSERT INTO kept VALUES (?, ?)", [number, "x" * 500])
size = __import__("os").path.getsize(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))  # the database file may not grow: the disk is full
try:
    checkpoint(sys.argv[1], store.identity)
    print("checkpointed")
except sqlite3.OperationalError as error:
    print("refused:", error)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
store.db.execute("INSERT INTO kept VALUES (400, 'after')")
store.close()
"""


def test_an_idle_checkpoint_on_a_full_disk_fails_without_losing_a_write(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "annotator.db"
    result = subprocess.run([sys.executable, "-c", CHECKPOINT_ON_A_FULL_DISK, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("refused: "), (result.stdout, result.stderr)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM kept").fetchone()[0] == 401


# --- 6. a crafted `.annotator-export` marker does not make a folder ours -----------------------


@pytest.mark.parametrize("layout", [{"notes.md": "mine"}, {"alice/draft.md": "mine"}, {"alice/deeper/x.txt": "mine"},
                                    {"alice/x.txt": "ok", "keys": "LINK"}, {"alice/x.ann": "LINK"}],
                         ids=["top-file", "annotator-folder-file", "nested-folder", "top-link", "inner-link"])
def test_a_folder_with_a_crafted_marker_and_files_no_export_writes_is_left_alone(two_sources, tmp_path, elsewhere, layout):
    from annotator.output_paths import MARKER

    assert two_sources("claim", "add", "a:0").exit_code == 0
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / MARKER).write_text("Written by `annotator export`\n", encoding="utf-8")  # committed by a teammate, say
    for name, content in layout.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if content == "LINK":
            (folder / name).symlink_to(elsewhere / "authorized_keys")
        else:
            (folder / name).write_text(content, encoding="utf-8")
    before = sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))
    one_sentence(two_sources("export", "--format", "brat", "-o", "docs"), 2, "docs: holds ", "which no export writes", "--force")
    assert sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) == before
    _untouched(elsewhere)


def test_our_own_brat_export_is_still_replaced_by_the_next(two_sources, tmp_path):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "brat", "-o", "story").exit_code == 0
    assert two_sources("claim", "add", "b:0").exit_code == 0
    assert two_sources("export", "--format", "brat", "-o", "story").exit_code == 0
    assert sorted(path.name for path in (tmp_path / "story" / "root").iterdir()) == ["a.ann", "a.txt", "b.ann", "b.txt"]


# --- 7. an import file whose ids look like ours ------------------------------------------------


def _crafted(tmp_path, source: str, annotator: str, note: str) -> str:
    """Our own jsonl export with every annotator field set to `annotator` and the claim's note changed; its ids left as ours."""
    import json

    records = [json.loads(line) for line in (tmp_path / source).read_text(encoding="utf-8").splitlines()]
    for record in records:
        if "annotator" in record:
            record["annotator"] = annotator
        if "annotators" in record:
            record |= {"annotators": [annotator], "done": {annotator: []}}
        if record.get("record") == "claim":
            record["note"] = note
    name = f"{annotator}-crafted.jsonl"
    (tmp_path / name).write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return name


def test_a_teammates_file_reusing_our_claim_ids_is_filed_under_the_teammate_and_ours_stay(two_sources, tmp_path, db_path):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0", "--note", "mine").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "ann", "-o", "ann.jsonl").exit_code == 0
    assert '"id":"ann:a:1:0"' in (tmp_path / "ann.jsonl").read_text(encoding="utf-8")
    assert two_sources("import", _crafted(tmp_path, "ann.jsonl", "bob", "bob's")).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT annotator, note FROM claims ORDER BY id").fetchall() == [("ann", "mine"), ("bob", "bob's")]


def test_a_file_in_our_own_name_that_changes_our_claim_is_refused_unless_asked(two_sources, tmp_path, dump_db, db_path):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0", "--note", "mine").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "ann", "-o", "ann.jsonl").exit_code == 0
    name = _crafted(tmp_path, "ann.jsonl", "ann", "not mine")
    refused_untouched(two_sources, dump_db, db_path, ["import", name], f"ann's claim at a:0 ({name}, line 3)", "nothing was imported",
                      "--on-conflict")
