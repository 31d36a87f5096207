"""Which claims of two annotators on one sentence are the same claim: the pairing rule agreement and review share.

The rule (also in the README, "Agreement and review"): every claim is a span of code points inside its
sentence, end exclusive; a whole-sentence claim is the span (0, length of the sentence). Two claims can
be paired only when they overlap by at least half of the shorter span (2 * overlap >= shorter length).
Among all pairings in which each claim is paired at most once, the one with the largest total overlap
(in characters) is taken; ties are broken towards spans whose starts and ends lie closer together, and
what is still tied (identical spans given twice) by claim order. The pairing is an assignment problem,
solved exactly by the Hungarian method (Kuhn 1955; Munkres 1957), O(n^3) in the claims on the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pairable(a: Span, b: Span) -> bool:
    """Whether two spans may be paired: they overlap by at least half of the shorter one (and by something)."""
    shared = overlap(a, b)
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def whole(span: Span | None, length: int) -> Span:
    """A claim's span inside its sentence, the whole sentence when it has none."""
    return span if span is not None else (0, length)


def pair_spans(first: Sequence[Span], second: Sequence[Span]) -> list[tuple[int, int]]:
    """The pairing of the rule, as (index in `first`, index in `second`) pairs ordered by the first index."""
    if not first or not second:
        return []
    if len(first) == 1 and len(second) == 1:  # most sentences: one claim each
        return [(0, 0)] if pairable(first[0], second[0]) else []
    reach = 1 + 2 * max(end for _, end in (*first, *second))  # any overlap outweighs any difference in distance
    weights = [[_weight(a, b, reach) for b in second] for a in first]
    assigned = _max_assignment(weights)
    return [(i, j) for i, j in enumerate(assigned) if j is not None and weights[i][j] > 0]


def _weight(a: Span, b: Span, reach: int) -> int:
    """Overlap first, closeness of the ends second; 0 for spans the rule does not allow to pair."""
    if not pairable(a, b):
        return 0
    return overlap(a, b) * reach * 2 - abs(a[0] - b[0]) - abs(a[1] - b[1])


def _max_assignment(weights: list[list[int]]) -> list[int | None]:
    """For each row, its column in an assignment of largest total weight (None when it has none).

    The Hungarian method with potentials on a square matrix of costs (missing cells cost 0), rows and
    columns visited in order so that equal totals resolve the same way every time.
    """
    size = max(len(weights), len(weights[0]))
    cost = [[-(weights[i][j] if i < len(weights) and j < len(weights[0]) else 0) for j in range(size)] for i in range(size)]
    u, v = [0] * (size + 1), [0] * (size + 1)
    owner, way = [0] * (size + 1), [0] * (size + 1)  # owner[j]: row (1-based) holding column j; 0 = free
    for row in range(1, size + 1):
        owner[0], column = row, 0
        least, used = [float("inf")] * (size + 1), [False] * (size + 1)
        while owner[column]:
            used[column] = True
            i, delta, nearest = owner[column], float("inf"), 0
            for j in range(1, size + 1):
                if not used[j]:
                    reduced = cost[i - 1][j - 1] - u[i] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, column
                    if least[j] < delta:
                        delta, nearest = least[j], j
            for j in range(size + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = nearest
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    assigned: list[int | None] = [None] * len(weights)
    for j in range(1, size + 1):
        if owner[j] and owner[j] <= len(weights) and j <= len(weights[0]):
            assigned[owner[j] - 1] = j - 1
    return assigned
