"""Articles from a CSV file: a header naming `text` and any of the metadata fields; other columns become extras."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from annotator.articles import Article, _article, read_text_file
from annotator.errors import InputError, quoted

MAX_FIELD_CHARS = 2**31 - 1  # csv's default limit (131,072 characters) is shorter than a long article


def read_csv_articles(path: Path) -> list[Article]:
    """One article per row; a bad row is named by the line it starts on."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    rows = csv.reader(io.StringIO(read_text_file(path), newline=""), strict=True)
    header = _header(rows, path)
    articles, line = [], rows.line_num + 1
    try:
        for row in rows:
            if any(cell.strip() for cell in row):
                articles.append(_row_article(header, row, path, line))
            line = rows.line_num + 1
    except csv.Error as error:
        raise InputError(f"is not valid CSV ({error})", path, line) from None
    if not articles:
        raise InputError("holds no articles (a header and no rows)", path)
    return articles


def _header(rows, path: Path) -> list[str]:
    """The column names: `text` among them, none twice."""
    try:
        header = [name.strip() for name in next(rows, [])]
    except csv.Error as error:
        raise InputError(f"is not valid CSV ({error})", path, 1) from None
    if "text" not in header:
        raise InputError("has no `text` column; the first line must name the columns (text, and any of id, title, "
                         "outlet, url, published, retrieved, language)", path, 1)
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise InputError(f"names the column {quoted(repeated[0])} twice", path, 1)
    return header


def _row_article(header: list[str], row: list[str], path: Path, line: int) -> Article:
    """An article from one row; empty cells say nothing."""
    if len(row) != len(header):
        raise InputError(f"has {len(row)} fields but the header names {len(header)} columns", path, line)
    record = {}
    for name, cell in zip(header, row, strict=True):
        if not name and cell.strip():
            raise InputError("has a value in a column the header leaves unnamed", path, line)
        if name and (cell.strip() or name == "text"):
            record[name] = cell
    if not record["text"].strip():
        raise InputError("has no article text", path, line)
    try:
        article = _article(record, record["text"], default_id=f"{path.stem}-{line}", origin=f"{path}:{line}", file=path)
    except InputError as error:
        raise InputError(error.message, path, line) from None
    return replace(article, line=line)
