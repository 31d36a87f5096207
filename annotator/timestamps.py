"""ISO 8601 times read from files: real dates and times only, and nothing updated before it was created."""

from __future__ import annotations

import datetime as dt


def parsed_time(value: str) -> dt.datetime | str:
    """The time a string names (naive ones taken as UTC), or why it names none (month 13, 30 February, hour 25)."""
    if len(value) < 10 or not value[:4].isdigit():
        return "not a date and time such as 2024-08-28T09:30:00+00:00"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        return str(error).replace("Invalid isoformat string", "not ISO 8601") if "isoformat" in str(error) else str(error)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def time_problem(holder: str, times: dict) -> str | None:
    """One sentence about the first impossible time among `times` ({field: value}), or an `updated_at` before `created_at`."""
    moments = {}
    for field, value in times.items():
        if value is None:
            continue
        moment = parsed_time(value)
        if isinstance(moment, str):
            return f"{holder} has {field} {value!r}, which is not a real ISO 8601 time ({moment})"
        moments[field] = moment
    if "created_at" in moments and "updated_at" in moments and moments["updated_at"] < moments["created_at"]:
        return f"{holder} was updated ({times['updated_at']}) before it was created ({times['created_at']})"
    return None
