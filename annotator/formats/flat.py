"""Flat rows for plain data work: one row per claim and one per link, every value a scalar, the same columns in each.

`csv` and `flat` (JSON lines) hold the same rows: `pandas.read_json(path, lines=True)` or
`pandas.read_csv(path)` gives a table without `json_normalize`, and a spreadsheet opens the CSV as is.
A link row repeats its claim's columns, so filtering `row == "link"` gives the links with their claims.
The CSV is defused against formula injection by OWASP's rule: a text cell that begins with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading `'`, so no spreadsheet runs it; `flat` keeps every text as stored.
"""

from __future__ import annotations

from collections.abc import Iterator

from annotator.formats import native

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: what a spreadsheet may read as a formula

COLUMNS = (
    "row", "annotator", "claim_id", "source_id", "source_version", "sentence_index", "sentence_start", "sentence_end",
    "sentence_text", "span_start", "span_end", "span_text", "claim_type", "normalized", "verdict", "claim_note", "links",
    "relation", "evidence_source_id", "evidence_version", "evidence_index", "evidence_start", "evidence_end",
    "evidence_text", "evidence_set", "link_note", "created_at", "updated_at",
)


def flat_rows(items: list[dict]) -> Iterator[dict]:
    """Each claim as a row followed by a row per link, all with every column (None where a column does not apply)."""
    for record in items:
        if record["record"] != "claim":
            continue
        claim = _claim_columns(record)
        yield {**dict.fromkeys(COLUMNS), **claim, "row": "claim", "created_at": record["created_at"], "updated_at": record["updated_at"]}
        for link in record["links"]:
            yield {**dict.fromkeys(COLUMNS), **claim, **_link_columns(link), "row": "link"}


def _claim_columns(record: dict) -> dict:
    """The columns a claim and its link rows share."""
    sentence, span = record["sentence"], record["span"] or {}
    return {
        "annotator": record["annotator"], "claim_id": record["id"], "source_id": sentence["source_id"],
        "source_version": sentence["version"], "sentence_index": sentence["index"], "sentence_start": sentence["start"],
        "sentence_end": sentence["end"], "sentence_text": sentence["text"], "span_start": span.get("start"),
        "span_end": span.get("end"), "span_text": span.get("text"), "claim_type": record["claim_type"],
        "normalized": record["normalized"], "verdict": record["verdict"], "claim_note": record["note"],
        "links": len(record["links"]),
    }


def _link_columns(link: dict) -> dict:
    """The columns only a link row has."""
    evidence = link["evidence"]
    return {
        "relation": link["relation"], "evidence_source_id": evidence["source_id"], "evidence_version": evidence["version"],
        "evidence_index": evidence["index"], "evidence_start": evidence["start"], "evidence_end": evidence["end"],
        "evidence_text": evidence["text"], "evidence_set": link["evidence_set"], "link_note": link["note"],
        "created_at": link["created_at"], "updated_at": link["updated_at"],
    }


def flat_jsonl(items: list[dict]) -> Iterator[str]:
    """The rows as JSON lines, keys in column order."""
    return native.jsonl_lines(flat_rows(items))


def defused(value: object) -> object:
    """A CSV cell no spreadsheet takes for a formula: text starting with a formula character gets a leading `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def flat_csv(items: list[dict]) -> Iterator[str]:
    """The rows as CSV with a header: comma-separated, `\\n` line ends, quoted where needed, empty for None, defused."""
    lines = [csv_line(COLUMNS)]
    for number, row in enumerate(flat_rows(items), start=1):
        lines.append(csv_line(defused(row[column]) for column in COLUMNS))
        if number % 1000 == 0:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def csv_line(values) -> str:
    """One CSV row ending in `\\n`: a cell holding a comma, quote, `\\n` or `\\r` quoted (Python 3.11's csv leaves a bare `\\r`
    unquoted when rows end in `\\n`, which every reader takes for a line end)."""
    return ",".join(_cell(value) for value in values) + "\n"


def _cell(value: object) -> str:
    """A value as one CSV cell: empty for None, quoted (quotes doubled) when it must be."""
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"' if any(char in text for char in ',"\n\r') else text
