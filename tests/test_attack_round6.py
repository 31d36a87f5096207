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
