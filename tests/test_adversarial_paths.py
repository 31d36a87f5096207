"""Issue 11, paths and names: nothing the user owns is destroyed, nothing is written where it was not asked.

Each test is one way a careful adversary or a clumsy user tried to make an export overwrite the
database, replace a folder it did not make, or write outside its target through a name from data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from annotator import formats, output_paths
from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.errors import InputError
from annotator.ingest import ingest_articles
from annotator.names import ANNOTATOR_NAME, SOURCE_ID, is_valid_name
from annotator.output_paths import MARKER, clean_leftovers, file_name, inside, temp_file_for
from annotator.schemas import is_valid
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD_JSONL = ROOT / "exports" / "seeds.gold.jsonl"
FILE_FORMATS = ("jsonl", "yaml", "w3c", "fever")
BAD_NAMES = ["../../x", "../../../tmp/victim", ".", "..", "a/b", "a\\b", "line\nbreak", "\x1b[31mred\x1b[0m", "-rf",
             ".hidden", "", "x" * 201, "tab\there", "bidi\u202eevil", "nul\x00byte", "a:b"]


@pytest.fixture
def project(tmp_path, monkeypatch, run_cli, seeds_dir):
    """A working folder holding annotator.db with the seeds and the example gold; the CLI runs from there."""
    monkeypatch.chdir(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0
    assert run_cli("import", GOLD_JSONL).exit_code == 0
    return tmp_path


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (symlinks not followed) with its bytes."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def refused(result, *words: str) -> None:
    """Exit 2 with one sentence on stderr holding `words`, and no traceback."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: "), result.stderr
    for word in words:
        assert word in lines[0]


# --- Destroys data: the database and its companion files -----------------------------------


@pytest.mark.parametrize("fmt", [*FILE_FORMATS, "brat"])
@pytest.mark.parametrize("target", ["annotator.db", "annotator.db-wal", "annotator.db-shm", "annotator.db-journal",
                                    "./x/../annotator.db", "x/../annotator.db-wal", "./annotator.db", "../" + "{name}/annotator.db"])
def test_an_export_never_writes_over_the_database_or_its_companions(project, run_cli, db_path, dump_db, fmt, target):
    (project / "x").mkdir()
    target = target.format(name=project.name)
    before = dump_db(db_path), files_under(project)
    refused(run_cli("export", "--format", fmt, "-o", target), "database")
    assert (dump_db(db_path), files_under(project)) == before


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_a_symlink_or_hard_link_to_the_database_is_the_database(project, run_cli, db_path, dump_db, fmt):
    (project / "link.jsonl").symlink_to(db_path)
    os.link(db_path, project / "hard.jsonl")
    (project / "wal-link").symlink_to(f"{db_path}-wal")  # dangling until SQLite makes the -wal
    before = dump_db(db_path)
    for target in ("link.jsonl", "hard.jsonl", "wal-link"):
        refused(run_cli("export", "--format", fmt, "-o", target))
    assert dump_db(db_path) == before


def test_the_database_elsewhere_is_found_through_any_spelling(tmp_path, monkeypatch, seeds_dir, dump_db):
    from cli_runner import Cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "team.db"
    run = Cli(db)
    assert run("ingest", seeds_dir).exit_code == 0
    before = dump_db(db)
    for target in ("data/team.db", "data/../data/team.db-wal", str(db) + "-shm", "data//team.db"):
        refused(run("export", "--format", "jsonl", "-o", target), "database")
    assert dump_db(db) == before


def test_another_sqlite_database_is_never_overwritten(project, run_cli, dump_db, seeds_dir):
    from cli_runner import Cli

    assert Cli(project / "other.db")("ingest", seeds_dir).exit_code == 0
    before = dump_db(project / "other.db")
    refused(run_cli("export", "--format", "jsonl", "-o", "other.db"), "SQLite database")
    assert dump_db(project / "other.db") == before


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_companions_of_another_sqlite_database_are_never_written(project, run_cli, dump_db, seeds_dir, fmt, suffix):
    from cli_runner import Cli

    assert Cli(project / "other.db")("ingest", seeds_dir).exit_code == 0
    before = dump_db(project / "other.db"), files_under(project)
    refused(run_cli("export", "--format", fmt, "-o", f"other.db{suffix}"), "other.db")
    assert (dump_db(project / "other.db"), files_under(project)) == before


@pytest.mark.parametrize("magic", [b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83"])
def test_a_write_ahead_log_under_any_name_is_never_overwritten(project, run_cli, magic):
    (project / "log.jsonl").write_bytes(magic + b"\x00" * 28)
    refused(run_cli("export", "--format", "jsonl", "-o", "log.jsonl"), "write-ahead log")
    assert (project / "log.jsonl").read_bytes() == magic + b"\x00" * 28
    (project / "plain.db-wal").write_bytes(b"not a log")  # no database beside it, no log header: a user's file name
    assert run_cli("export", "--format", "jsonl", "-o", "plain.db-wal", "--force").exit_code == 0  # no export wrote it: --force


@pytest.mark.parametrize("kind", ["hard", "symlink"])
def test_the_companions_of_another_name_for_the_database_are_the_databases(project, run_cli, db_path, dump_db, kind):
    alias = project / "alias.db"
    os.link(db_path, alias) if kind == "hard" else alias.symlink_to(db_path)
    before = dump_db(db_path)
    for suffix in ("-wal", "-shm", "-journal"):
        refused(run_cli("export", "--format", "jsonl", "-o", f"alias.db{suffix}"), "database")
        assert not (project / f"alias.db{suffix}").exists()
    assert dump_db(db_path) == before


def test_backup_refuses_the_database_companions(project, run_cli, db_path, dump_db):
    before = dump_db(db_path)
    for target in ("annotator.db-wal", "annotator.db-shm", "x/../annotator.db-journal"):
        (project / "x").mkdir(exist_ok=True)
        refused(run_cli("backup", target), "database")
    assert dump_db(db_path) == before


# --- Destroys data: folders the export did not make -----------------------------------------


def user_project(root: Path) -> dict[str, bytes]:
    """A folder of the user's: a thesis and articles, and its contents."""
    (root / "myproject" / "articles").mkdir(parents=True)
    (root / "myproject" / "thesis.md").write_text("# A week of work\n", encoding="utf-8")
    (root / "myproject" / "articles" / "a.txt").write_text("Notes.\n", encoding="utf-8")
    return files_under(root / "myproject")


@pytest.mark.parametrize("spelling", ["myproject", "myproject/", "./myproject", "x/../myproject/"])
def test_brat_never_replaces_a_folder_it_did_not_create(project, run_cli, spelling):
    (project / "x").mkdir()
    kept = user_project(project)
    refused(run_cli("export", "--format", "brat", "-o", spelling), "did not create", "--force")
    assert files_under(project / "myproject") == kept


def test_force_replaces_a_user_folder_but_never_one_holding_the_database_or_here(project, run_cli, db_path, dump_db):
    user_project(project)
    assert run_cli("export", "--format", "brat", "-o", "myproject", "--force").exit_code == 0
    assert (project / "myproject" / MARKER).is_file() and not (project / "myproject" / "thesis.md").exists()
    before = dump_db(db_path)
    for target in (".", "..", str(project)):
        refused(run_cli("export", "--format", "brat", "-o", target, "--force"))
    assert dump_db(db_path) == before and db_path.exists()


@pytest.mark.parametrize("fmt", FILE_FORMATS)
@pytest.mark.parametrize("target", [".", "..", "myproject", "myproject/", "newfolder/"])
def test_a_file_export_to_a_folder_is_refused(project, run_cli, fmt, target):
    kept = user_project(project)
    refused(run_cli("export", "--format", fmt, "-o", target), target)
    assert files_under(project / "myproject") == kept and not (project / "newfolder").exists()


def test_brat_replaces_its_own_export_and_an_empty_folder(project, run_cli):
    (project / "empty").mkdir()
    assert run_cli("export", "--format", "brat", "-o", "empty").exit_code == 0
    first = files_under(project / "empty")
    assert MARKER in first
    assert run_cli("export", "--format", "brat", "-o", "empty").exit_code == 0
    assert files_under(project / "empty") == first


def test_brat_replaces_an_export_made_before_markers(project, run_cli):
    assert run_cli("export", "--format", "brat", "-o", "old").exit_code == 0
    (project / "old" / MARKER).unlink()
    assert run_cli("export", "--format", "brat", "-o", "old").exit_code == 0
    (project / "old" / MARKER).unlink()
    (project / "old" / "gold" / "notes.md").write_text("mine\n", encoding="utf-8")  # no longer only our files
    refused(run_cli("export", "--format", "brat", "-o", "old"), "did not create")
    assert (project / "old" / "gold" / "notes.md").read_text(encoding="utf-8") == "mine\n"


def test_a_dot_old_sibling_and_lookalikes_of_the_users_survive_every_export(project, run_cli):
    siblings = [".out.old", ".out.annotator-old.deadbeef", ".out.annotator-staging.cafe0000", ".out.abcdefgh.tmp"]
    for name in siblings[:3]:
        (project / name).mkdir()
        (project / name / "precious.txt").write_text("keep me\n", encoding="utf-8")
    (project / siblings[3]).write_text("keep me too\n", encoding="utf-8")
    for _ in range(3):
        assert run_cli("export", "--format", "brat", "-o", "out").exit_code == 0
    for name in siblings[:3]:
        assert (project / name / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (project / siblings[3]).read_text(encoding="utf-8") == "keep me too\n"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".out")) == sorted(siblings)


def test_a_symlinked_brat_target_is_refused(project, run_cli):
    kept = user_project(project)
    (project / "link").symlink_to(project / "myproject")
    refused(run_cli("export", "--format", "brat", "-o", "link"), "symbolic link")
    assert files_under(project / "myproject") == kept


def test_exports_being_a_file_is_one_sentence(project, run_cli):
    (project / "exports").write_text("not a folder\n", encoding="utf-8")
    refused(run_cli("export", "--format", "jsonl"), "exports")
    assert (project / "exports").read_text(encoding="utf-8") == "not a folder\n"


# --- Leftovers of killed exports -------------------------------------------------------------


def age(path: Path, seconds: float = 60) -> None:
    """Make a file look as old as a leftover from an earlier run."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_next_export_clears_what_a_killed_one_left_and_nothing_else(project, run_cli):
    killed = [project / ".out.jsonl.k1ll3d_x.annotator-tmp"]
    killed[0].write_text("half a reco", encoding="utf-8")
    staging = project / ".brat-out.annotator-staging.0badf00d"
    staging.mkdir()
    (staging / MARKER).write_text(output_paths.MARKER_TEXT, encoding="utf-8")
    retired = project / ".brat-out.annotator-old.0badf00d"
    retired.mkdir()
    (retired / MARKER).write_text(output_paths.MARKER_TEXT, encoding="utf-8")
    for path in (*killed, staging, retired):
        age(path)
    users = [project / ".out.jsonl.notes.tmp", project / ".out.jsonl.k1ll3d_x.annotator-tmp.bak",
             project / ".brat-out.annotator-staging.feedface"]  # the last has no marker: not ours
    users[0].write_text("mine", encoding="utf-8")
    users[1].write_text("mine", encoding="utf-8")
    users[2].mkdir()
    for path in users:
        age(path)
    assert run_cli("export", "--format", "jsonl", "-o", "out.jsonl").exit_code == 0
    assert run_cli("export", "--format", "brat", "-o", "brat-out").exit_code == 0
    assert not any(path.exists() for path in (*killed, staging, retired))
    assert all(path.exists() for path in users)


def test_a_temp_file_held_by_a_running_export_is_left_alone(tmp_path):
    target = tmp_path / "out.jsonl"
    handle, temporary = temp_file_for(target)
    try:
        age(temporary)
        assert clean_leftovers(target) == [] and temporary.exists()
    finally:
        os.close(handle)
    assert clean_leftovers(target) == [temporary] and not temporary.exists()


def test_a_process_killed_mid_export_leaves_what_the_next_export_clears(tmp_path):
    target = tmp_path / "out.jsonl"
    child = ("import os, sys\nfrom annotator.atomic import atomic_writer\n"
             "with atomic_writer(sys.argv[1]) as stream:\n    stream.write('half'); stream.flush(); os._exit(9)\n")
    subprocess.run([sys.executable, "-c", child, str(target)], check=False, env={**os.environ})
    left = [path for path in tmp_path.iterdir() if path.name.startswith(".out.jsonl.")]
    assert len(left) == 1 and not target.exists()
    age(left[0])
    assert clean_leftovers(target) == left and list(tmp_path.iterdir()) == []


# --- Writes outside: names from data are refused where they enter ----------------------------


def write_article(folder: Path, name: str, front: str = "", text: str = "One sentence here. Another one there.\n") -> Path:
    """A .txt article, with optional front matter lines."""
    path = folder / name
    path.write_text((f"---\n{front}---\n" if front else "") + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad_id", ["../../../tmp/victim", "a/b", "..", ".", "-rf", ".hidden", "a\\b", "x\u202ey", "a:b"])
def test_a_bad_source_id_in_front_matter_is_refused_at_ingest(tmp_path, run_cli, db_path, bad_id):
    (tmp_path / "in").mkdir()
    path = write_article(tmp_path / "in", "story.txt", f"id: {json.dumps(bad_id)}\n")
    refused(run_cli("ingest", path), str(path), "id")
    assert not db_path.exists()


@pytest.mark.parametrize("where", ["sidecar", "jsonl", "stem"])
@pytest.mark.parametrize("bad_id", ["../victim", "a/b", "..", "-x", "\x1b[2J"])
def test_bad_ids_from_sidecars_jsonl_and_file_names_are_refused(tmp_path, run_cli, db_path, where, bad_id):
    folder = tmp_path / "in"
    folder.mkdir()
    if where == "sidecar":
        path = write_article(folder, "story.txt")
        (folder / "story.meta.yaml").write_text(f"id: {json.dumps(bad_id)}\n", encoding="utf-8")
    elif where == "jsonl":
        path = folder / "articles.jsonl"
        path.write_text(json.dumps({"id": bad_id, "text": "A sentence."}) + "\n", encoding="utf-8")
    else:
        if "/" in bad_id or bad_id in ("..",):
            pytest.skip("not a possible file name")
        path = write_article(folder, f"{bad_id}.txt")
    result = run_cli("ingest", path)
    refused(result, "id")
    assert "\x1b" not in result.stderr
    assert not db_path.exists()


def gold_with(**changes) -> list[dict]:
    """The example gold records with fields of every record (or of its claims) changed."""
    records = [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for key, value in changes.items():
            if key in record or (key in ("claim_type", "verdict") and record["record"] == "claim"):
                record[key] = value
    return records


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_an_import_file_with_a_bad_annotator_is_refused_and_not_echoed_raw(project, run_cli, db_path, dump_db, bad):
    path = project / "teammate.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in gold_with(annotator=bad)), encoding="utf-8")
    before = dump_db(db_path)
    result = run_cli("import", path)
    refused(result, str(path))
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert dump_db(db_path) == before


def test_a_bad_decided_by_in_a_gold_file_is_refused(project, run_cli, db_path, dump_db):
    records = gold_with()
    claim = next(r for r in records if r["record"] == "claim")
    claim["decisions"] = [{"about": "claim", "decided_by": "../../x", "decided_at": claim["created_at"], "reason": None, "payload": {}}]
    path = project / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    before = dump_db(db_path)
    refused(run_cli("import", path), "decided_by")
    assert dump_db(db_path) == before


def test_a_yaml_import_with_a_bad_annotator_is_refused(project, run_cli, db_path, dump_db):
    assert run_cli("export", "--format", "yaml", "-o", "gold.yaml").exit_code == 0
    text = (project / "gold.yaml").read_text(encoding="utf-8").replace("annotator: gold", "annotator: ../../x")
    (project / "bad.yaml").write_text(text, encoding="utf-8")
    before = dump_db(db_path)
    refused(run_cli("import", "bad.yaml"), "bad.yaml")
    assert dump_db(db_path) == before


@pytest.mark.parametrize("bad", ["../../x", ".", "..", "a/b", "new\nline", "\x1b[31mx", "-x"])
def test_a_bad_annotator_from_the_command_line_or_environment_is_refused(project, run_cli, monkeypatch, bad):
    result = run_cli("--annotator", bad, "sources")
    refused(result, "--annotator")
    assert "\x1b" not in result.stderr
    monkeypatch.setenv("ANNOTATOR_NAME", bad)
    refused(run_cli("sources"), "$ANNOTATOR_NAME")


@pytest.mark.parametrize("field, value", [("claim_type", "opinion"), ("verdict", "true"), ("verdict", "SUPPORTS")])
def test_import_refuses_labels_the_label_set_does_not_have(project, run_cli, db_path, dump_db, field, value):
    records = gold_with(annotator="alice")
    claim = next(r for r in records if r["record"] == "claim")
    claim[field] = value
    path = project / "alice.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    before = dump_db(db_path)
    refused(run_cli("import", path), repr(value), "label set")
    assert dump_db(db_path) == before


def test_a_custom_relation_of_the_users_label_set_imports(project, run_cli, monkeypatch):
    labels = (ROOT / "annotator" / "labels.yaml").read_text(encoding="utf-8")
    labels += "  - {id: contextualises, description: \"adds context\"}\n"
    (project / "labels.yaml").write_text(labels, encoding="utf-8")
    (project / "config.yaml").write_text("labels: labels.yaml\n", encoding="utf-8")
    records = gold_with(annotator="alice")
    claim = next(r for r in records if r["record"] == "claim" and r["links"])
    claim["links"][0]["relation"] = "contextualises"
    (project / "alice.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    refused(run_cli("import", "alice.jsonl"), "contextualises")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(project / "config.yaml"))
    assert run_cli("import", "alice.jsonl").exit_code == 0


# --- Writes outside: databases that already hold such names export inside their target -------


def poisoned_store(path: Path, source_ids: list[str], annotators: list[str]) -> Store:
    """A database written by the core directly (as an old version would have), holding the given names."""
    store = Store(path)
    texts = [f"Source {n} reports that 40 buses came. Officials said it rained." for n in range(len(source_ids))]
    ingest_articles(store, [Article(id=i, text=t, origin="old") for i, t in zip(source_ids, texts, strict=True)])
    sentences = [store.sentences(source_id)[0] for source_id in source_ids]
    for annotator in annotators:
        annotations = Annotations(store, annotator)
        for number, sentence in enumerate(sentences):
            claim = annotations.mark_claim(sentence.id)
            if len(sentences) > 1:
                annotations.link(claim, sentences[(number + 1) % len(sentences)].id, "corroborates")
    return store


def assert_all_new_files_inside(root: Path, before: set[Path], target: Path) -> None:
    """Every file that appeared under `root` lies inside `target`."""
    after = {path for path in root.rglob("*") if not path.is_dir()}
    outside = [path for path in after - before if not path.resolve().is_relative_to(target.resolve())]
    assert outside == []


def test_an_old_database_with_hostile_names_exports_inside_its_target(tmp_path):
    ids = ["../../../victim", "a", "..", "a%2Fb"]
    annotators = ["../../x", "a/b", ".", "..", "\x1b[31mred", "ok"]
    work = tmp_path / "work" / "deep" / "deeper"
    work.mkdir(parents=True)
    with poisoned_store(work / "old.db", ids, annotators) as store:
        before = {path for path in tmp_path.rglob("*") if not path.is_dir()}
        target = work / "brat"
        assert formats.write_export(store, "brat", target) == len(ids) * len(annotators)
        assert_all_new_files_inside(tmp_path, before, target)
        names = {path.parent.name for path in target.rglob("*.ann")}
        assert len(names) == len(annotators)  # one folder each: the escaping never merges two
        assert len({path.name for path in target.rglob("*.txt")}) == len(ids)
        for fmt in FILE_FORMATS:
            for who in annotators:
                path = formats.default_export_path(work / "exports", store.path, fmt, who)
                assert path.parent == work / "exports"


def test_the_apps_export_name_for_a_hostile_annotator_stays_in_exports(tmp_path):
    """ctrl+e calls default_export_path then write_export with the app's annotator: both are core."""
    exports = tmp_path / "exports"
    with poisoned_store(tmp_path / "a.db", ["s1", "s2"], ["../../x"]) as store:
        for fmt in formats.FORMATS:
            target = formats.default_export_path(exports, store.path, fmt, "../../x")
            assert target.parent == exports
            target.parent.mkdir(exist_ok=True)
            before = {path for path in tmp_path.rglob("*") if not path.is_dir()}
            formats.write_export(store, fmt, target, "../../x")
            assert_all_new_files_inside(tmp_path, before, exports)


hostile_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60) | st.sampled_from(BAD_NAMES[:-1] or ["x"]).filter(bool)


@examples(40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source_ids=st.lists(hostile_text.filter(lambda s: "\x00" not in s), min_size=2, max_size=3, unique=True),
       annotators=st.lists(hostile_text.filter(lambda s: "\x00" not in s), min_size=1, max_size=3, unique=True))
def test_for_any_names_every_file_a_brat_export_writes_is_inside_its_target(tmp_path_factory, source_ids, annotators):
    root = tmp_path_factory.mktemp("prop")
    (root / "a" / "b" / "c").mkdir(parents=True)
    with poisoned_store(root / "a" / "b" / "c" / "x.db", source_ids, annotators) as store:
        before = {path for path in root.rglob("*") if not path.is_dir()}
        target = root / "a" / "b" / "c" / "out"
        formats.write_export(store, "brat", target)
        assert_all_new_files_inside(root, before, target)
        assert len({path.parent for path in target.rglob("*.ann")}) == len(annotators)
        for fmt in FILE_FORMATS:
            for who in annotators:
                assert formats.default_export_path(root / "exports", store.path, fmt, who).parent == root / "exports"


@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=300), min_size=2, max_size=2, unique=True))
def test_file_names_are_one_to_one_and_never_a_path(names):
    first, second = (file_name(name) for name in names)
    assert first != second
    for escaped in (first, second):
        assert "/" not in escaped and "\\" not in escaped and escaped not in (".", "..") and escaped[0] not in ".-"
        assert len(escaped.encode("utf-8")) <= output_paths.MAX_FILE_NAME_BYTES
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in escaped)


@given(st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(BAD_NAMES))
def test_the_python_rule_and_the_published_schema_pattern_agree(value):
    assert is_valid_name(value, SOURCE_ID) == is_valid("article", {"id": value, "text": "x"})
    record = json.loads(GOLD_JSONL.read_text(encoding="utf-8").splitlines()[1])  # the first source record
    assert is_valid_name(value, ANNOTATOR_NAME) == is_valid("export-record", {**record, "annotator": value})


def test_inside_refuses_every_path_like_part(tmp_path):
    for part in ("..", ".", "a/b", "", "a\\b", "../x"):
        with pytest.raises(InputError):
            inside(tmp_path, part)
    (tmp_path / "escape").symlink_to(tmp_path.parent)
    with pytest.raises(InputError):
        inside(tmp_path, "escape", "x.txt")
    assert inside(tmp_path, "ok", "x.txt") == tmp_path / "ok" / "x.txt"


# --- Same stem, different article -----------------------------------------------------------


def test_same_stem_from_two_folders_in_one_ingest_names_both_paths(tmp_path, run_cli, db_path):
    for folder, text in (("a", "First story here."), ("b", "A different story.")):
        (tmp_path / folder).mkdir()
        write_article(tmp_path / folder, "story.txt", text=text)
    result = run_cli("ingest", tmp_path / "a", tmp_path / "b")
    refused(result, str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt"), "--new-version")
    assert not db_path.exists()
    assert run_cli("ingest", "--new-version", tmp_path / "a", tmp_path / "b").exit_code == 0


def test_same_stem_later_from_another_folder_names_both_paths_unless_new_version(tmp_path, run_cli, db_path, dump_db):
    for folder, text in (("a", "First story here."), ("b", "A different story.")):
        (tmp_path / folder).mkdir()
        write_article(tmp_path / folder, "story.txt", text=text)
    assert run_cli("ingest", tmp_path / "a").exit_code == 0
    before = dump_db(db_path)
    refused(run_cli("ingest", tmp_path / "b" / "story.txt"), str((tmp_path / "a" / "story.txt").resolve()),
            str(tmp_path / "b" / "story.txt"), "--new-version")
    assert dump_db(db_path) == before
    assert "stored as version 2" in run_cli("ingest", "--new-version", tmp_path / "b").stderr


def test_the_same_file_edited_in_place_is_still_a_new_version(tmp_path, run_cli, monkeypatch):
    (tmp_path / "a").mkdir()
    path = write_article(tmp_path / "a", "story.txt", text="First story here.")
    assert run_cli("ingest", path).exit_code == 0
    path.write_text("First story here, corrected.", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "a")  # another spelling of the same file
    assert "stored as version 2" in run_cli("ingest", "story.txt").stderr


def test_an_explicit_id_in_another_file_is_one_source_only_with_new_version(tmp_path, run_cli):
    for folder, text in (("a", "First story here."), ("b", "The story, corrected.")):
        (tmp_path / folder).mkdir()
        write_article(tmp_path / folder, f"{folder}.txt", "id: story\n", text=text)
    assert run_cli("ingest", tmp_path / "a").exit_code == 0
    refused = run_cli("ingest", tmp_path / "b")  # a teammate's file giving the id is not yet a correction (round 7b)
    assert refused.exit_code == 2 and "gives the id 'story' of source 'story'" in refused.stderr
    assert "stored as version 2" in run_cli("ingest", tmp_path / "b", "--new-version").stderr


# --- brat document names: older versions and brat's own file names ----------------------------


@given(st.lists(st.tuples(st.text(st.characters(codec="utf-8"), max_size=40), st.integers(1, 12)),
                min_size=2, max_size=6, unique=True),
       st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=40), st.integers(1, 12)))
def test_brat_document_names_are_one_to_one_over_ids_and_versions(versions, current):
    from annotator.formats.brat import BRAT_RESERVED, document_name

    current = {**current, **{source_id: version for source_id, version in versions[::2]}}
    names = [document_name(source_id, version, current) for source_id, version in versions]
    assert len(set(names)) == len(names), (versions, names)
    assert not set(names) & set(BRAT_RESERVED)


def test_an_old_version_and_a_source_named_like_it_are_two_brat_documents(tmp_path):
    with poisoned_store(tmp_path / "v.db", ["x"], ["ann"]) as store:
        ingest_articles(store, [Article(id="x", text="A wholly new text about 7 trains.", origin="old"),
                                Article(id="x.v1", text="Another source says 9 ferries ran.", origin="old")])
        Annotations(store, "ann").mark_claim(store.sentences("x.v1")[0].id)
        formats.write_export(store, "brat", tmp_path / "brat")
        texts = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "brat" / "ann").glob("*.txt")}
    assert len(texts) == 2 and "x.v1.txt" in texts and "x%2Ev1.txt" in texts
    assert "40 buses" in texts["x.v1.txt"] and "9 ferries" in texts["x%2Ev1.txt"]


@pytest.mark.parametrize("reserved", ["annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"])
def test_an_annotator_named_like_a_brat_file_exports(tmp_path, reserved):
    with poisoned_store(tmp_path / "r.db", ["s1", reserved], [reserved, "ok"]) as store:
        assert formats.write_export(store, "brat", tmp_path / "brat") == 4
    assert (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8").startswith("# annotator export:")
    folders = {path.name for path in (tmp_path / "brat").iterdir() if path.is_dir()}
    assert folders == {"ok", "%" + f"{ord(reserved[0]):02X}" + reserved[1:]}
