"""README says what the app and CLI offer: the bound key ids (both ways), every export format, every command's options."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import click
from cli_runner import command_tree
from textual.binding import Binding

import annotator.tui
from annotator.formats import FORMATS
from annotator.labels import load_labels

README = Path(__file__).resolve().parent.parent / "README.md"
KEY_TABLE_HEADER = "| key | action | binding id |"


def bound_ids() -> set[str]:
    """Every binding id of every class in annotator.tui, with the link keys' ids from the default label set."""
    found = {f"link-{relation}" for _, relation in load_labels().link_keys()}
    for module_info in pkgutil.iter_modules(annotator.tui.__path__):
        module = importlib.import_module(f"annotator.tui.{module_info.name}")
        for owner in vars(module).values():
            if inspect.isclass(owner) and owner.__module__ == module.__name__:
                found |= {binding.id for binding in getattr(owner, "BINDINGS", ()) if isinstance(binding, Binding) and binding.id}
    return found


def readme_table_ids(text: str) -> set[str]:
    """The ids in the binding-id column of README's key tables; `take-1` … `take-9` counts as each of them."""
    found: set[str] = set()
    for table in text.split(KEY_TABLE_HEADER)[1:]:
        for row in table.split("\n\n")[0].splitlines()[2:]:
            found |= set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", row.split(" | ")[-1]))
    for first, last in re.findall(r"`take-(\d)` … `take-(\d)`", text):
        found |= {f"take-{n}" for n in range(int(first), int(last) + 1)}
    return found


def test_every_bound_id_is_in_a_readme_key_table():
    missing = bound_ids() - readme_table_ids(README.read_text(encoding="utf-8"))
    assert not missing, f"README's key tables do not name these binding ids: {sorted(missing)}"


def test_every_id_in_a_readme_key_table_is_bound():
    unbound = readme_table_ids(README.read_text(encoding="utf-8")) - bound_ids()
    assert not unbound, f"README's key tables name ids the app does not bind: {sorted(unbound)}"


def test_the_readme_export_row_names_every_export_format_and_no_other():
    row = next(line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `annotator export "))
    described = row.split(" | ")[1].split("; default path")[0]
    named = set(re.findall(r"`([a-z0-9-]+)`", described))
    assert named == set(FORMATS), f"README's export row names {sorted(named)}; export offers {sorted(FORMATS)}"


def test_readme_names_every_option_of_every_command():
    readme = README.read_text(encoding="utf-8")
    missing = [f"annotator {' '.join(words)} {param.opts[-1]}" for words, command in command_tree() for param in command.params
               if isinstance(param, click.Option) and not any(option in readme for option in param.opts)]
    assert not missing, f"README never names these options: {missing}"


def test_readme_sorts_every_json_command_by_the_shape_its_help_names():
    text = README.read_text(encoding="utf-8")
    start = text.index("**one JSON object on one line**")
    one_object, json_lines = text[start:text.index("\n- ", start)].split("**JSON lines**")
    listed = {"object": set(re.findall(r"`([a-z-]+)(?: …| -o)?`", one_object)),
              "lines": set(re.findall(r"`([a-z-]+)(?: …| -o)?`", json_lines))}
    for words, command in command_tree():
        option = next((param for param in command.params if "--json" in getattr(param, "opts", ())), None)
        if option is not None:
            shape = "lines" if "JSON lines" in option.help else "object"
            assert words[0] in listed[shape], f"README does not list `{' '.join(words)}` among the {shape} commands of --json"
