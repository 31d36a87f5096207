"""The theme is kept in config.yaml and read from it; screenshots go to a folder that exists, and the notice says where."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from tui_helpers import SIZE, notices

from annotator.cli import cli
from annotator.config import load_config, remember_theme
from annotator.errors import InputError
from annotator.tui.app import build_app


async def test_a_theme_picked_in_the_app_is_there_after_a_restart(corpus, tmp_path, apps):
    config_file = tmp_path / "conf" / "config.yaml"
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not config_file.exists()  # starting writes nothing
        pilot.app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.pause()
    assert load_config(config_file).theme == "nord"
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "nord"


def test_remembering_the_theme_keeps_every_other_line(tmp_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("# mine\nkeymap:\n  quit: Q\ntheme: nord  # was\n", encoding="utf-8")
    remember_theme(config_file, "gruvbox")
    assert config_file.read_text(encoding="utf-8") == '# mine\nkeymap:\n  quit: Q\ntheme: "gruvbox"\n'
    config_file.write_text("keymap: {quit: Q}", encoding="utf-8")  # no newline at the end
    remember_theme(config_file, "dracula")
    assert load_config(config_file).theme == "dracula" and load_config(config_file).keymap == {"quit": "Q"}


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o660], ids=oct)
def test_remembering_the_theme_keeps_the_config_files_permissions(tmp_path, mode):
    from annotator.atomic import FILE_MODE

    config_file = tmp_path / "config.yaml"
    config_file.write_text("keymap:\n  quit: Q\n", encoding="utf-8")
    config_file.chmod(mode)
    link = tmp_path / "dotfiles-link.yaml"
    link.symlink_to(config_file)
    remember_theme(link, "nord")  # written through the link, onto the file it names
    assert (stat.S_IMODE(config_file.stat().st_mode), load_config(config_file).theme) == (mode, "nord")
    fresh = tmp_path / "new" / "config.yaml"
    remember_theme(fresh, "nord")
    assert stat.S_IMODE(fresh.stat().st_mode) == FILE_MODE  # a new file gets what a plain open() gives


def test_an_unknown_theme_is_one_sentence_naming_the_config_file(corpus, tmp_path, monkeypatch):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("theme: no-such-theme\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown theme 'no-such-theme'"):
        build_app(corpus, "alice", load_config(config_file))
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(config_file))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = CliRunner().invoke(cli, ["--db", str(corpus), "--annotator", "alice", "open"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(config_file) in lines[0] and "unknown theme 'no-such-theme'" in lines[0]


async def test_a_screenshot_goes_to_the_configured_folder_made_for_it(corpus, tmp_path, apps):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("screenshots: shots/today\n", encoding="utf-8")
    async with apps(corpus, config_file).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = list((tmp_path / "shots" / "today").iterdir())
        assert len(saved) == 1 and saved[0].suffix == ".svg" and saved[0].read_text(encoding="utf-8").startswith("<svg")
        assert notices(pilot.app)[-1] == (f"Screenshot saved to {saved[0]}", "information")
        assert pilot.app.deliver_screenshot("../escape.svg") is not None  # only the name is used: inside the folder
        assert (tmp_path / "shots" / "today" / "escape.svg").exists() and not (tmp_path / "shots" / "escape.svg").exists()


async def test_a_screenshot_without_a_folder_goes_to_the_current_one(corpus, tmp_path, apps, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with apps(corpus, tmp_path / "none.yaml").run_test(size=SIZE) as pilot:
        pilot.app.deliver_screenshot()  # what the palette's "Screenshot" calls
        await pilot.pause()
        saved = list(tmp_path.glob("*.svg"))
        assert len(saved) == 1 and notices(pilot.app)[-1][0] == f"Screenshot saved to {saved[0].relative_to(tmp_path)}"
