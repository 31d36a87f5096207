"""The lead's plan: which sources each annotator is to annotate, and which are planned for two or more.

Assigning is a planning action journaled like a done mark: the one who assigns can undo it (`u`,
`annotator undo`), and `annotator assign --remove` takes an assignment off.
"""

from __future__ import annotations

from collections import defaultdict

from annotator.annotation_writer import AnnotationWriter, journaled
from annotator.errors import InputError
from annotator.names import ANNOTATOR_NAME, require_name
from annotator.store import Store

ASSIGNMENTS_TABLE = "assignments"
GOLD = "gold"  # the adjudicated annotator: it annotates nothing itself, so nothing is assigned to it


def require_assignee(name: str, source: str = "--to") -> str:
    """An annotator name sources can be assigned to: the published name rule, and not gold."""
    require_name(name, ANNOTATOR_NAME, source=source)
    if name == GOLD:
        raise InputError(f"{source} 'gold' is the adjudicated annotator; sources are assigned to the people who annotate them")
    return name


def set_assigned(store: Store, assigned_by: str, source_ids: list[str], annotator: str, assigned: bool = True) -> int:
    """Assign sources to an annotator (or take the assignment off) in one undoable action; return how many changed."""
    require_assignee(annotator, source="the annotator name")
    writer = AnnotationWriter(store)

    def mutate():
        return [change for source_id in dict.fromkeys(source_ids)
                for change in writer.set_assignment(source_id, annotator, assigned_by, assigned)]

    what = f"assign to {annotator}" if assigned else f"unassign from {annotator}"
    return len(journaled(store, assigned_by, what, mutate))


def assigned_by_source(store: Store) -> dict[str, list[str]]:
    """Per source id, the annotators it is assigned to, by name."""
    assigned: dict[str, list[str]] = defaultdict(list)
    for source_id, annotator in store.db.execute(f"SELECT source_id, annotator FROM {ASSIGNMENTS_TABLE} ORDER BY source_id, annotator"):
        assigned[source_id].append(annotator)
    return dict(assigned)


def assigned_to(store: Store, annotator: str) -> set[str]:
    """The source ids assigned to one annotator."""
    return {row[0] for row in store.db.execute(f"SELECT source_id FROM {ASSIGNMENTS_TABLE} WHERE annotator = ?", [annotator])}


def planned_pairs(store: Store) -> dict[str, set[str]]:
    """Sources planned for double annotation (assigned to two or more), with their annotators."""
    return {source_id: set(names) for source_id, names in assigned_by_source(store).items() if len(names) > 1}
