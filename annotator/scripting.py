"""Annotation actions from scripts: sentence references, spans, and JSON lines of actions applied as one batch.

The command line's `claim`, `link`, `boilerplate` and `batch` verbs all end here, on the same
`Actions` calls as the app's keys. A batch line is one JSON object (schemas/batch-action.schema.json):

    {"action": "claim add", "sentence": "SRC:3", "span": "0:25", "type": "numeric"}
    {"action": "link add", "claim": "#1", "evidence": "OTHER:7", "relation": "corroborates", "set": 1}
    {"action": "boundaries split", "sentence": "SRC:4", "at": 31}

`"#N"` names the claim or link made on line N of the same batch; a number is a stored id.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.actions import Actions
from annotator.errors import InputError, cut, quoted
from annotator.json_lines import json_line
from annotator.store import Sentence, Store
from annotator.whole_number import whole_number

CLAIM_OPTIONS = {"type": "claim_type", "verdict": "verdict", "normalized": "normalized", "note": "note"}


def sentence_ref(store: Store, ref: str) -> Sentence:
    """The current sentence `SOURCE_ID:INDEX` names, or one sentence saying why not."""
    source_id, _, index = str(ref).rpartition(":")
    if not source_id or whole_number(index) is None:
        raise InputError(f"{quoted(ref)} is not SOURCE_ID:INDEX")
    sentence = store.sentence_at(store.stored_source_id(source_id), whole_number(index))
    if sentence is None:
        raise InputError(f"{cut(ref)} is not a sentence of a current source (see `annotator sources`)")
    return sentence


def sentence_range(store: Store, ref: str) -> list[Sentence]:
    """The sentences `SOURCE_ID:INDEX` or `SOURCE_ID:FIRST-LAST` names (both ends included)."""
    source_id, _, indexes = str(ref).rpartition(":")
    first, dash, last = indexes.partition("-")
    if not dash:
        return [sentence_ref(store, ref)]
    first_index, last_index = whole_number(first), whole_number(last)
    if first_index is None or last_index is None or first_index > last_index:
        raise InputError(f"{quoted(ref)} is not SOURCE_ID:INDEX or SOURCE_ID:FIRST-LAST")
    return [sentence_ref(store, f"{source_id}:{index}") for index in range(first_index, last_index + 1)]


def parse_span(text: str | list | None) -> tuple[int, int] | None:
    """`START:END` (or [start, end]) in code points inside the sentence; None for the whole sentence."""
    if text is None:
        return None
    if isinstance(text, list):
        return tuple(text) if len(text) == 2 and all(type(n) is int for n in text) else _bad_span(text)
    start, colon, end = str(text).partition(":")
    if not colon or whole_number(start) is None or whole_number(end) is None:
        _bad_span(text)
    return whole_number(start), whole_number(end)


def _bad_span(text) -> None:
    raise InputError(f"span {quoted(text)} is not START:END (code points inside the sentence)")


class Batch:
    """Applies action records through one `Actions`, remembering what each line made for `#N` references."""

    def __init__(self, actions: Actions):
        self.actions = actions
        self.store = actions.store
        self.made: dict[int, dict] = {}  # line number -> {"claim": id} or {"link": id}

    def apply(self, record: dict, line: int = 0) -> dict:
        """Apply one action record; return what it did as plain fields."""
        handler = getattr(self, "_" + record["action"].replace(" ", "_"))
        result = {"action": record["action"], **handler(record)}
        self.made[line] = result
        return result

    def _id(self, record: dict, kind: str) -> int:
        """A stored id (Actions refuses another annotator's), or the id made by line N for `#N`."""
        value = record[kind]
        if isinstance(value, int):
            return value
        line = int(value[1:])
        if kind not in self.made.get(line, {}):
            raise InputError(f"{value} names no {kind} made by line {line} of this batch")
        return self.made[line][kind]

    def _claim_add(self, record: dict) -> dict:
        sentence = sentence_ref(self.store, record["sentence"])
        fields = {CLAIM_OPTIONS[name]: record[name] for name in CLAIM_OPTIONS if name in record}
        return {"claim": self.actions.add_claim(sentence.id, parse_span(record.get("span")), **fields)}

    def _claim_set(self, record: dict) -> dict:
        claim_id = self._id(record, "claim")
        fields = {CLAIM_OPTIONS[name]: record[name] for name in CLAIM_OPTIONS if name in record}
        if "span" in record:
            fields["span"] = parse_span(record["span"])
        self.actions.set_claim(claim_id, **fields)
        return {"claim": claim_id}

    def _claim_rm(self, record: dict) -> dict:
        claim_id = self._id(record, "claim")
        self.actions.remove_claim(claim_id)
        return {"claim": claim_id}

    def _link_add(self, record: dict) -> dict:
        evidence = sentence_ref(self.store, record["evidence"])
        link_id = self.actions.link(self._id(record, "claim"), evidence.id, record["relation"], record.get("set"),
                                    record.get("note"))
        return {"link": link_id}

    def _link_rm(self, record: dict) -> dict:
        link_id = self._id(record, "link")
        self.actions.unlink(link_id)
        return {"link": link_id}

    def _boilerplate_add(self, record: dict) -> dict:
        ids = [s.id for s in sentence_range(self.store, record["sentences"])]
        return {"changed": self.actions.set_boilerplate(ids, True)}

    def _boilerplate_rm(self, record: dict) -> dict:
        ids = [s.id for s in sentence_range(self.store, record["sentences"])]
        return {"changed": self.actions.set_boilerplate(ids, False)}

    def _boundaries_split(self, record: dict) -> dict:
        sentence = sentence_ref(self.store, record["sentence"])
        self.actions.split_sentence(sentence.id, record["at"])
        return {"sentences": self._sentences_at(sentence.source_id, sentence.index, 2)}

    def _boundaries_join(self, record: dict) -> dict:
        sentence = sentence_ref(self.store, record["sentence"])
        self.actions.join_sentences(sentence.id)
        return {"sentences": self._sentences_at(sentence.source_id, sentence.index, 1)}

    def _sentences_at(self, source_id: str, index: int, count: int) -> list[dict]:
        """The sentences a boundary fix left at `index` onward, as SOURCE_ID:INDEX with offsets and text."""
        found = [self.store.sentence_at(source_id, i) for i in range(index, index + count)]
        return [{"sentence": f"{s.source_id}:{s.index}", "start": s.start, "end": s.end, "text": s.text} for s in found]


# Per action: the fields it needs, and the fields it may have besides (schemas/batch-action.schema.json says the same).
ACTION_FIELDS = {
    "claim add": ({"sentence"}, {"span", "type", "verdict", "normalized", "note"}),
    "claim set": ({"claim"}, {"span", "type", "verdict", "normalized", "note"}),
    "claim rm": ({"claim"}, set()),
    "link add": ({"claim", "evidence", "relation"}, {"set", "note"}),
    "link rm": ({"link"}, set()),
    "boilerplate add": ({"sentences"}, set()),
    "boilerplate rm": ({"sentences"}, set()),
    "boundaries split": ({"sentence", "at"}, set()),
    "boundaries join": ({"sentence"}, set()),
}


JSON_KINDS = {list: "an array (one action a line: jq -c '.[]' turns an array into lines)", str: "a string",
              bool: "true or false", type(None): "null"}


def action_problem(record) -> str | None:
    """One sentence saying what is wrong with a batch record's shape, or None."""
    if not isinstance(record, dict):
        return f"a line holds one JSON object (one action), not {JSON_KINDS.get(type(record), 'a number')}"
    if record.get("action") not in ACTION_FIELDS:
        return f"'action' must be one of {', '.join(ACTION_FIELDS)}"
    needed, optional = ACTION_FIELDS[record["action"]]
    if missing := sorted(needed - set(record)):
        return f"{record['action']!r} needs {', '.join(missing)}"
    if unknown := sorted(set(record) - needed - optional - {"action"}):
        return f"{record['action']!r} does not take {', '.join(unknown)}"
    for name in ("claim", "link"):
        value = record.get(name)
        if name in record and not (type(value) is int and value > 0 or isinstance(value, str) and value[:1] == "#" and whole_number(value[1:]) is not None):
            return f"{name} must be an id or #LINE, not {value!r}"
    for name in ("sentence", "evidence", "sentences", "relation"):
        if name in record and not isinstance(record[name], str):
            return f"{name} must be text"
    for name in ("type", "verdict", "normalized", "note"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"{name} must be text or null"
    if "at" in record and type(record["at"]) is not int:
        return "at must be a whole number (code points within the sentence)"
    if record.get("set") is not None and not (type(record["set"]) is int and record["set"] > 0):
        return "set must be a positive whole number"
    return None


def read_batch(lines: Iterable[str], where: str) -> list[tuple[int, dict]]:
    """JSON lines of actions, each checked against the batch schema; a bad one names its line."""
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = json_line(line, where, number)
        problem = action_problem(record)
        if problem:
            raise InputError(f"not a batch action: {problem}", where, number)
        records.append((number, record))
    return records


def run_batch(actions: Actions, records: list[tuple[int, dict]], where: str) -> list[dict]:
    """Apply every record in one transaction and one journal entry: all or nothing; the first bad line is named."""
    batch = Batch(actions)
    results = []
    with actions.batch(f"batch of {len(records)} action(s)"):
        for number, record in records:
            try:
                results.append({"line": number, **batch.apply(record, number)})
            except InputError as error:
                raise InputError(f"{error.message}; nothing was applied", where, number) from None
    return results
