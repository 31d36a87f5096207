"""Which claims of two annotators on one sentence are the same claim: the pairing rule agreement and review share.

The rule (also in the README, "Agreement and review"): every claim is a span of code points inside its
sentence, end exclusive; a whole-sentence claim is the span (0, length of the sentence). Two claims can
be paired only when they overlap by at least half of the shorter span (2 * overlap >= shorter length).
Among all pairings in which each claim is paired at most once, the one with the largest total overlap
(in characters) is taken; ties are broken towards spans whose starts and ends lie closer together, and
what is still tied by the spans themselves (the pairing of the smaller spans first), never by claim
order, so the pairing is the same whichever annotator comes first. The pairing is an assignment problem,
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
    weights = _weights(first, second)
    assigned = _max_assignment(weights)
    return [(i, j) for i, j in enumerate(assigned) if j is not None and weights[i][j] > 0]


def _weights(first: Sequence[Span], second: Sequence[Span]) -> list[list[int]]:
    """Weights whose largest-total assignment is the rule's pairing, the same whichever annotator comes first.

    Overlap counts most, closeness of the ends next (one character of overlap outweighs any total of
    distances), and a last term makes the best pairing unique: each pairable (unordered) pair of span
    values gets its own power of two, smaller spans first, so no two pairings tie. Being a function of
    the two spans alone, not of claim order, it keeps the pairing symmetric.
    """
    distance_unit = 1 + 2 * max(end for _, end in (*first, *second)) * min(len(first), len(second))
    candidates = sorted({tuple(sorted((a, b))) for a in first for b in second if pairable(a, b)}, reverse=True)
    bit = {pair: 1 << k for k, pair in enumerate(candidates)}  # the smallest spans hold the highest bit
    shift = len(candidates)
    weights = []
    for a in first:
        row = []
        for b in second:
            if not pairable(a, b):
                row.append(0)
                continue
            primary = overlap(a, b) * distance_unit - abs(a[0] - b[0]) - abs(a[1] - b[1])
            row.append((primary << shift) + bit[tuple(sorted((a, b)))])
        weights.append(row)
    return weights


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
