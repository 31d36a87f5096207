"""What an ingest reads: files, folders, URLs and standard input, and which files in a folder it cannot read and why."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.articles import (
    BINARY_PROBE_BYTES,
    SIDECAR_SUFFIX,
    TEXT_SUFFIXES,
    Article,
    jsonl_articles,
    note_article_id,
    read_jsonl_articles,
    read_text_article,
    require_utf8_name,
)
from annotator.errors import InputError, not_utf8
from annotator.html_articles import HTML_SUFFIXES, read_html_article

STDIN = "-"
URL_SCHEMES = ("http://", "https://")
READABLE_SUFFIXES = (*TEXT_SUFFIXES, ".jsonl", ".csv", *HTML_SUFFIXES)
READABLE_NAMES = ".txt, .md, .jsonl, .csv, .html and .htm"
WORD_PROCESSOR = "a word-processor document; save the article as .txt or .html"
ARCHIVE = "an archive; unpack it first"
IMAGE = "an image, not text"
UNREADABLE_KINDS = {
    ".pdf": "a PDF; save the article as .txt or the page as .html",
    **dict.fromkeys((".docx", ".doc", ".odt", ".rtf", ".pages"), WORD_PROCESSOR),
    **dict.fromkeys((".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar"), ARCHIVE),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".tif", ".tiff", ".heic"), IMAGE),
    ".json": "JSON; articles come as JSON lines (.jsonl, one object per line)",
}


@dataclass(frozen=True)
class Skipped:
    """A file in a folder that ingest does not read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: skipped, {self.reason}"


@dataclass
class InputPlan:
    """Everything an ingest will read, in order (files, URLs, standard input), and the files it passes over."""

    items: list[Path | str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def names(self) -> list[str]:
        """How each item is named in messages and progress."""
        return ["<stdin>" if item == STDIN else str(item) for item in self.items]


def is_url(argument: str) -> bool:
    """Whether an argument names a web page rather than a file."""
    return argument.lower().startswith(URL_SCHEMES)


def plan_inputs(arguments: Iterable[str | Path]) -> InputPlan:
    """Expand folders into their files (recursive, sorted); each file once, in first-named order."""
    plan, seen = InputPlan(), set()
    for argument in arguments:
        text = str(argument)
        if text == STDIN or is_url(text):
            if text not in seen:
                seen.add(text)
                plan.items.append(text)
            continue
        for file in _files_of(Path(argument), plan.skipped):
            require_utf8_name(file)
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                plan.items.append(file)
    return plan


def _files_of(path: Path, skipped: list[Skipped]) -> list[Path]:
    """The readable files a path names; a folder's unreadable files are added to `skipped`."""
    if path.is_dir():
        return _folder_files(path, skipped)
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.suffix.lower() not in READABLE_SUFFIXES:
        reason = unreadable_reason(path)
        raise InputError(f"cannot ingest {path.suffix or 'files without a suffix'}: it is {reason}", path)
    return [path]


def _folder_files(folder: Path, skipped: list[Skipped]) -> list[Path]:
    """A folder's readable files, sorted; hidden files and folders (`.git`, `.DS_Store`) are passed over silently."""
    files, found_any = [], False
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.is_dir():
            continue
        found_any = True
        if path.suffix.lower() in READABLE_SUFFIXES and path.is_file():
            files.append(path)
        elif not _is_sidecar_of_article(path):
            skipped.append(Skipped(str(path), f"it is {unreadable_reason(path)}"))
    if not found_any:
        raise InputError(f"this folder holds no files to ingest (annotator reads {READABLE_NAMES})", folder)
    return files


def _is_sidecar_of_article(path: Path) -> bool:
    """Whether a file is the `<stem>.meta.yaml` of an article beside it (read with that article)."""
    if not path.name.endswith(SIDECAR_SUFFIX):
        return False
    stem = path.name[: -len(SIDECAR_SUFFIX)]
    return any(path.with_name(stem + suffix).is_file() for suffix in TEXT_SUFFIXES)


def unreadable_reason(path: Path) -> str:
    """Why annotator does not read a file, in words a user can act on."""
    if path.is_symlink() and not path.exists():
        return "a broken symbolic link"
    if not path.is_file():
        return "not a regular file (a pipe, socket or device)"
    if path.name.endswith(SIDECAR_SUFFIX):
        return "a metadata sidecar with no .txt or .md article of the same name beside it"
    known = UNREADABLE_KINDS.get(path.suffix.lower())
    if known:
        return known
    try:
        with path.open("rb") as handle:
            head = handle.read(BINARY_PROBE_BYTES)
    except OSError as error:
        return f"unreadable ({error.strerror})"
    kind = "a binary file" if b"\x00" in head else "a kind of file annotator does not read"
    return f"{kind} ({path.suffix or 'no suffix'}); annotator reads {READABLE_NAMES}"


def read_inputs(plan: InputPlan, on_read: Callable[[str], None] | None = None, new_version: bool = False) -> list[Article]:
    """Read and validate every planned item; raise InputError on the first bad one.

    Two articles with one id are refused, naming both, unless `new_version` says the later one is
    a newer version of the earlier.
    """
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for item, name in zip(plan.items, plan.names(), strict=True):
        for article in read_item(item):
            note_article_id(article, seen, new_version)
            articles.append(article)
        if on_read:
            on_read(name)
    return articles


def read_item(item: Path | str) -> list[Article]:
    """The articles of one file, URL or standard input."""
    if item == STDIN:
        return list(jsonl_articles(_stdin_text(), "<stdin>", "stdin"))
    if isinstance(item, str):
        from annotator.fetch import read_url_article

        return [read_url_article(item)]
    suffix = item.suffix.lower()
    if suffix == ".jsonl":
        return list(read_jsonl_articles(item))
    if suffix == ".csv":
        from annotator.csv_articles import read_csv_articles

        return read_csv_articles(item)
    if suffix in HTML_SUFFIXES:
        return [read_html_article(item)]
    return [read_text_article(item)]


def _stdin_text() -> str:
    """Standard input as UTF-8 text (a BOM dropped), for JSON lines piped in."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(data, error, "<stdin>") from None
