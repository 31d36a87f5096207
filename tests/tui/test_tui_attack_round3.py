"""Round-three attacks on the app: a config.yaml the theme cannot safely go into, screenshot folders that are not folders."""

from __future__ import annotations

import errno
import os

import pytest
from tui_helpers import SIZE, notices

from annotator.config import load_config


@pytest.mark.parametrize("layout", ["{keymap: {quit: Q}}\n", '"theme": dracula\n', "theme:\n  dracula\n",
                                    "keymap: {quit: Q}\n...\n", "null\n"],
                         ids=["flow-style", "quoted-key", "value-on-next-line", "document-end", "null-document"])
async def test_a_config_the_theme_cannot_go_into_on_one_line_is_left_as_it_was(corpus, tmp_path, apps, layout):
    config_file = tmp_path / "config.yaml"
    config_file.write_text(layout, encoding="utf-8")
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        pilot.app.theme = "nord"
        await pilot.pause()
        assert notices(pilot.app)[-1][1] == "warning" and 'add theme: "nord" yourself' in notices(pilot.app)[-1][0]
    assert config_file.read_text(encoding="utf-8") == layout
    load_config(config_file)  # still a config the next start can read


async def test_a_symlinked_config_stays_a_link_and_its_target_gets_the_theme(corpus, tmp_path, apps):
    (tmp_path / "dotfiles").mkdir()
    real = tmp_path / "dotfiles" / "annotator.yaml"
    real.write_text("keymap:\r\n  quit: Q\r\n", encoding="utf-8")
    config_file = tmp_path / "config.yaml"
    config_file.symlink_to(real)
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        pilot.app.theme = "nord"
        await pilot.pause()
    assert config_file.is_symlink() and real.read_bytes() == b'keymap:\r\n  quit: Q\r\ntheme: "nord"\r\n'
    assert load_config(config_file).theme == "nord"


async def test_a_config_link_into_a_missing_folder_creates_no_folders(corpus, tmp_path, apps):
    config_file = tmp_path / "config.yaml"
    config_file.symlink_to(tmp_path / "nowhere" / "deeper" / "config.yaml")
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        pilot.app.theme = "nord"
        await pilot.pause()
        assert notices(pilot.app)[-1][1] == "warning"
    assert not (tmp_path / "nowhere").exists() and config_file.is_symlink()


async def test_a_config_that_may_not_be_written_is_a_warning_not_a_crash(corpus, tmp_path, apps, monkeypatch):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("keymap: {quit: Q}\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(config_file))

    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "replace", refuse)
        pilot.app.theme = "nord"
        await pilot.pause()
        monkeypatch.undo()
        message, severity = notices(pilot.app)[-1]
        assert severity == "warning" and "permission denied" in message.lower() and str(config_file) in message
        assert pilot.app.is_running
    assert config_file.read_text(encoding="utf-8") == "keymap: {quit: Q}\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


@pytest.mark.parametrize("kind", ["file", "dangling-link", "under-a-file"])
async def test_a_screenshots_folder_that_is_not_a_folder_is_one_sentence(corpus, tmp_path, apps, kind):
    (tmp_path / "afile").write_text("mine\n", encoding="utf-8")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    folder = {"file": "afile", "dangling-link": "dangling", "under-a-file": "afile/sub"}[kind]
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"screenshots: {folder}\n", encoding="utf-8")
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        message, severity = notices(pilot.app)[-1]
        assert severity == "error" and message.startswith(f"Screenshot not saved: {tmp_path / folder}: ") and "Errno" not in message
        assert pilot.app.is_running
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine\n" and not (tmp_path / "nowhere").exists()


async def test_a_screenshot_on_a_full_disk_says_so_and_leaves_no_temporary_file(corpus, tmp_path, apps, monkeypatch):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("screenshots: shots\n", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "fsync", full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        monkeypatch.undo()
        message, severity = notices(pilot.app)[-1]
        assert severity == "error" and "the disk is full" in message
    assert list((tmp_path / "shots").iterdir()) == []


async def test_a_screenshot_never_replaces_a_link_to_the_database(corpus, tmp_path, apps, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shot.svg").symlink_to(corpus)
    async with apps(corpus, tmp_path / "none.yaml").run_test(size=SIZE) as pilot:
        assert pilot.app.deliver_screenshot("shot.svg") is None
        await pilot.pause()
        assert "is the database itself" in notices(pilot.app)[-1][0]
    assert (tmp_path / "shot.svg").is_symlink() and corpus.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.parametrize("typed", ["9" * 5000, "\u0663", "-99999999999999999999"], ids=["5000-digits", "arabic-three", "huge-negative"])
async def test_go_to_with_a_number_int_cannot_read_or_far_outside_stays_running(corpus, make_app, typed):
    from tui_helpers import open_source

    from annotator.tui.moving import GoToDialog

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, GoToDialog)
        app.screen.query_one("Input").value = typed  # as a paste puts it there
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, GoToDialog)
        assert 0 <= screen.article.cursor < len(screen.article.rows)
