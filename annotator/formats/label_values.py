"""Label values in an import file must be ids of the label set in use, as brat's conf and the app's keys assume."""

from __future__ import annotations

from annotator.formats.reader import PlacedRecord
from annotator.labels import LabelSet


def check_label_values(placed: list[PlacedRecord], labels: LabelSet) -> None:
    """Refuse the first claim type, verdict or relation that the label set does not define, naming its record."""
    claim_types = {label for label, _ in labels.claim_types}
    verdicts = {label for label, _ in labels.verdicts}
    relations = {label for label, _ in labels.relations}
    for item in placed:
        record = item.record
        if record["record"] != "claim":
            continue
        _check(item, "the claim has claim type", record["claim_type"], claim_types)
        _check(item, "the claim has verdict", record["verdict"], verdicts)
        for link in record["links"]:
            _check(item, "a link has relation", link["relation"], relations)


def _check(item: PlacedRecord, what: str, value: str | None, allowed: set[str]) -> None:
    """One value against its vocabulary; None (no label) is always allowed."""
    if value is not None and value not in allowed:
        raise item.error(f"{what} {value!r}, which is not in the label set (expected one of {', '.join(sorted(allowed))}); "
                         "import with the label set the file was made with (config `labels:`)")
