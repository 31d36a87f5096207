"""Reading articles from disk: .txt/.md with YAML front matter or a sidecar, folders, and .jsonl."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import InputError, not_utf8, quoted
from annotator.invisible_text import first_hidden, shows_nothing
from annotator.json_lines import json_line
from annotator.language import detect_language
from annotator.names import SOURCE_ID, name_problem
from annotator.pages import Page
from annotator.safe_yaml import YamlProblem, load_yaml, plain_scalar
from annotator.schemas import validation_problem
from annotator.terminal_text import control_problem
from annotator.web_address import is_web_address

TEXT_SUFFIXES = (".txt", ".md")
INGEST_SUFFIXES = (*TEXT_SUFFIXES, ".jsonl")
SIDECAR_SUFFIX = ".meta.yaml"
METADATA_FIELDS = ("id", "title", "outlet", "url", "published", "retrieved", "language")
BINARY_PROBE_BYTES = 8192
ID_UNSAFE = re.compile(r"[\s:]+")  # a default id from "my file.txt" becomes "my_file"


@dataclass(frozen=True)
class Article:
    """One article as read from disk, before segmentation; `origin` names its file (and line)."""

    id: str
    text: str
    origin: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None
    language: str = "en"
    extra: dict = field(default_factory=dict)
    file: str | None = None  # the resolved path of the file it was read from
    id_from_name: bool = False  # the id is the file name stem, not one the article gave
    page: Page | None = None  # the HTML the text was extracted from, kept for provenance
    line: int | None = None  # the line of a JSON-lines or CSV file it was read from

    @property
    def place(self) -> tuple[str, int | None]:
        """(file as named, line) for an error sentence: `teammate.jsonl, line 3`."""
        return (self.origin.removesuffix(f":{self.line}"), self.line) if self.line else (self.origin, None)

    @property
    def sha256(self) -> str:
        """Digest of the stored text; an unchanged digest means an unchanged article."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def metadata(self) -> dict:
        """The descriptive fields, as stored on the source."""
        return {
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "retrieved": self.retrieved,
            "language": self.language,
        }


def read_articles(paths: Iterable[str | Path], new_version: bool = False) -> list[Article]:
    """Read and validate every article under `paths`; raise InputError on the first bad input.

    Two articles with one id are refused, naming both, unless `new_version` says the later one is
    a newer version of the earlier.
    """
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for file in _unique_files(paths):
        for article in _articles_in(file):
            note_article_id(article, seen, new_version)
            articles.append(article)
    return articles


def note_article_id(article: Article, seen: dict[str, str], new_version: bool) -> None:
    """Record where an article id was read, refusing one read twice in an ingest unless it is a new version."""
    if article.id in seen and not new_version:
        raise InputError(
            f"article id {article.id!r} is used twice (also by {seen[article.id]}); rename one, give it an "
            "id in front matter, or pass --new-version if it is a newer version of the same article",
            article.origin,
        )
    seen[article.id] = article.origin


def ingestible_files(path: Path) -> list[Path]:
    """The files an ingest of `path` reads: the file itself, or a folder's files recursively, sorted."""
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGEST_SUFFIXES)
        if not files:
            raise InputError("this folder holds no .txt, .md or .jsonl files to ingest", path)
        return files
    if path.suffix.lower() not in INGEST_SUFFIXES:
        raise InputError(f"cannot ingest {path.suffix or 'files without a suffix'}; expected .txt, .md, .jsonl or a folder", path)
    return [path]


def _unique_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file the paths name, each once in first-named order: `ingest seeds seeds/a.txt` reads a.txt once."""
    files: dict[Path, Path] = {}
    for path in paths:
        for file in ingestible_files(Path(path)):
            require_utf8_name(file)
            files.setdefault(file.resolve(), file)
    return list(files.values())


def require_utf8_name(file: Path) -> None:
    """Refuse a file name that is not UTF-8: it becomes the article's origin (and often its id), which are text."""
    name = os.fsencode(file)
    try:
        name.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"the file name is not UTF-8 (byte 0x{name[error.start]:02x}); rename the file to ingest it", file) from None


def _articles_in(file: Path) -> Iterator[Article]:
    """Articles from one file: one for .txt/.md, one per line for .jsonl."""
    if file.suffix.lower() == ".jsonl":
        yield from read_jsonl_articles(file)
    else:
        yield read_text_article(file)


def read_text_file(path: Path) -> str:
    """Decode a file as UTF-8 (a leading BOM is dropped) or raise InputError saying where it fails."""
    if path.exists() and not path.is_file() and not path.is_dir():  # reading a pipe or device could block forever
        raise InputError("is not a regular file (a pipe, socket or device); save the text to a file", path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path) from None
    nul = data.find(b"\x00")
    if 0 <= nul < BINARY_PROBE_BYTES:
        raise InputError("is a binary file, not text", path)
    if nul >= 0:
        raise InputError("holds a NUL byte, which text never has", path, data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(data, error, path) from None


def read_text_article(path: Path) -> Article:
    """A .txt/.md article: optional front matter, then the body whose offsets we keep."""
    metadata, body = text_article_parts(read_text_file(path), path)
    if not body.strip():
        raise InputError("has no article text", path)
    return _article(metadata, body, default_id=path.stem, origin=str(path), file=path)


def text_article_parts(raw: str, path: Path, with_sidecar: bool = True) -> tuple[dict, str]:
    """The metadata (front matter over sidecar) and the stored body of a .txt/.md article's decoded text."""
    metadata, body = split_front_matter(raw, path)
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if with_sidecar and sidecar.exists():
        metadata = {**_sidecar_metadata(sidecar), **metadata}
    return metadata, body


def split_front_matter(raw: str, path: Path) -> tuple[dict, str]:
    """Separate a leading `---` YAML block from the body; the body is stored exactly as written."""
    first_line, newline, rest = raw.partition("\n")
    if raw.startswith("---\r") and not raw.startswith("---\r\n"):
        raise InputError("front matter has lone CR line ends; save the file with LF or CRLF line ends", path, 1)
    if first_line.rstrip("\r") != "---" or not newline:
        return {}, raw
    position = len(first_line) + 1
    for line in rest.split("\n"):
        if line.rstrip("\r") in ("---", "..."):
            block = raw[len(first_line) + 1 : position]
            body = raw[position + len(line) + 1 :]
            return _mapping(block, path, first_line_number=2, what="front matter"), body
        position += len(line) + 1
    raise InputError("front matter opened on line 1 is never closed with '---'", path, 1)


def _sidecar_metadata(sidecar: Path) -> dict:
    """Metadata from `<stem>.meta.yaml` beside an article that must stay byte-for-byte unchanged."""
    return _mapping(read_text_file(sidecar), sidecar, first_line_number=1, what="metadata file")


def _mapping(block: str, path: Path, first_line_number: int, what: str) -> dict:
    """Parse a YAML block that must be a mapping, reporting lines relative to the whole file."""
    try:
        value = load_yaml(block)
    except YamlProblem as problem:
        line = first_line_number + problem.line - 1 if problem.line else first_line_number
        raise InputError(f"{what}: {problem.message}", path, line) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a mapping of field: value", path, first_line_number)
    return {str(key): plain_scalar(item) for key, item in value.items()}


def read_jsonl_articles(path: Path) -> Iterator[Article]:
    """Articles from a JSON-lines file, one object per line; lines split on `\\n` only."""
    return jsonl_articles(read_text_file(path), path, path.stem, file=path)


def jsonl_articles(raw: str, path: str | Path, stem: str, file: Path | None = None) -> Iterator[Article]:
    """Articles from JSON-lines text (a file's, or standard input's); default ids are `<stem>-<line>`."""
    found = False
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        record = json_line(line, path, number)
        problem = validation_problem("article", record)
        if problem:
            raise InputError(f"not a valid article: {problem}", path, number)
        if not record["text"].strip():
            raise InputError("article has no text", path, number)
        found = True
        yield _article(record, record["text"], default_id=f"{stem}-{number}", origin=f"{path}:{number}", file=file,
                       line=(path, number))
    if not found:
        raise InputError("holds no articles (no JSON lines)", path)


def _as_text(value):
    """Numbers and booleans in metadata are text to us (`title: 1984`); anything else is left to the schema."""
    return str(value) if isinstance(value, int | float) else value


def _refuse_controls(text: str, fields: dict, origin: str, line: tuple | None = None) -> None:
    """Refuse terminal control characters in the text or metadata: shown, they would drive the analyst's terminal.

    `line` is (file, line) of a JSON line: the error names it, and the line inside the text in words.
    """
    problem = control_problem(text)
    if problem and line is not None:
        raise InputError(f"the text holds {problem[1]} on its line {problem[0]}, which would drive the terminal it is shown in; "
                         "remove it", *line)
    if problem:
        raise InputError(f"the text holds {problem[1]}, which would drive the terminal it is shown in; remove it",
                         origin, problem[0])
    for key, value in fields.items():
        problem = control_problem(value) if isinstance(value, str) else None  # other types: the schema names them
        if problem:
            raise InputError(f"the {key} holds {problem[1]}, which would drive the terminal it is shown in; remove it",
                             *(line or (origin,)))


def _refuse_non_web_url(url: object, origin: str, line: tuple | None) -> None:
    """Refuse a `javascript:`, `file:` or any other non-web URL: exports and viewers would make it a link someone clicks."""
    if url is not None and isinstance(url, str) and not is_web_address(url):
        raise InputError(f"the url {quoted(url)} is not an http:// or https:// address, and exports and viewers would make it "
                         "a link; give the page's web address, or leave url out", *(line or (origin,)))


def _refuse_nested_controls(extra: dict, origin: str, line: tuple | None) -> None:
    """Refuse terminal control characters anywhere in the other metadata (keys too, nested lists and maps)."""
    for key, value in extra.items():
        pending = [key, value]
        while pending:
            item = pending.pop()
            if isinstance(item, dict):
                pending += [*item.keys(), *item.values()]
            elif isinstance(item, list):
                pending += item
            elif isinstance(item, str) and control_problem(item):
                raise InputError(f"the metadata field {quoted(str(key))} holds {control_problem(item)[1]}, which would drive "
                                 "the terminal it is shown in; remove it", *(line or (origin,)))


def _article(metadata: dict, text: str, default_id: str, origin: str, file: Path | None = None,
             line: tuple | None = None) -> Article:
    """Build an Article after checking its metadata against the article schema (its id against the name rule)."""
    fields = {key: _as_text(metadata[key]) for key in METADATA_FIELDS if metadata.get(key) is not None}
    id_from_name = "id" not in fields
    if id_from_name:
        fields["id"] = ID_UNSAFE.sub("_", default_id)
        problem = name_problem(fields["id"], SOURCE_ID)
        if problem:
            raise InputError(f"the source id {quoted(fields['id'])} taken from the file name {problem}; "
                             "rename the file or give an `id:` in front matter", origin)
    _refuse_controls(text, fields, origin, line)
    if shows_nothing(text):
        raise InputError(f"the text holds only invisible characters ({first_hidden(text) or 'whitespace'} and the like), "
                         "nothing to read or annotate", *(line or (origin,)))
    _refuse_non_web_url(fields.get("url"), origin, line)
    if "language" not in fields:
        fields["language"] = detect_language(text)
    problem = validation_problem("article", {**fields, "text": text})
    if problem:
        raise InputError(f"bad article metadata: {problem}", origin)
    extra = {key: value for key, value in metadata.items() if key not in METADATA_FIELDS and key != "text"}
    _refuse_nested_controls(extra, origin, line)
    resolved = str(Path(file).resolve()) if file is not None else None  # None: standard input or a URL
    return Article(text=text, origin=origin, extra=extra, file=resolved, id_from_name=id_from_name,
                   line=line[1] if line else None, **{k: str(v) for k, v in fields.items()})
