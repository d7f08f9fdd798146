"""Assign printed groups (label + values) to template rows in template order.

A dynamic programme keeps rows in template order, lets a recognised label
anchor its row, and places unlabeled or garbled groups in the rows left between
anchors (PDF and markdown extractions detach labels from their values). Never
by position alone: a placement without a label gets a low confidence.
"""
from __future__ import annotations

NEG = float("-inf")
FILL = 0.3          # an unlabeled group placed between anchors
FILL_OPTIONAL = 0.2  # ... on an optional row (the 2021 （六） subtotal)
MISLABEL = 0.05     # a labeled group placed on a row its label does not name
DROP = -1.0         # leaving out a group that looks like a full row


def align(cands: list[list[tuple[str, float]]], plausible: list[bool], row_ids: list[str],
          optional: set) -> list[tuple[int, str, float]]:
    """Best monotone assignment: list of (group index, row id, label confidence).

    The table of best scores is filled one group at a time: the gain of placing the
    group on each template row is worked out once, then each cell keeps the best of
    skipping the row, skipping the group and taking the pair (ties: in that order).
    """
    m, n = len(cands), len(row_ids)
    where: dict[str, list[int]] = {}
    for k, rid in enumerate(row_ids):
        where.setdefault(rid, []).append(k)
    unnamed = [FILL_OPTIONAL if rid in optional else FILL for rid in row_ids]
    prev = [0.0] * (n + 1)
    back = [[_SKIP_ROW] * (n + 1)]
    for i in range(1, m + 1):
        drop = DROP if plausible[i - 1] else 0.0
        gains = _gains(dict(cands[i - 1]), where, unnamed) if plausible[i - 1] else None
        cur = [prev[0] + drop] + [0.0] * n
        steps = [_SKIP_GROUP] * (n + 1)
        for j in range(1, n + 1):
            best, arg = cur[j - 1], _SKIP_ROW
            v = prev[j] + drop
            if v > best:
                best, arg = v, _SKIP_GROUP
            if gains is not None:
                v = prev[j - 1] + gains[j - 1]
                if v > best:
                    best, arg = v, _TAKE
            cur[j], steps[j] = best, arg
        back.append(steps)
        prev = cur
    out = []
    i, j = m, n
    while i > 0 or j > 0:
        step = back[i][j]
        if step == _TAKE:
            c = dict(cands[i - 1])
            rid = row_ids[j - 1]
            if c:
                conf = c.get(rid, 0.3)
            else:
                conf = 0.5
            out.append((i - 1, rid, conf))
            i, j = i - 1, j - 1
        elif step == _SKIP_GROUP:
            i -= 1
        else:
            j -= 1
    return out[::-1]


_SKIP_ROW, _SKIP_GROUP, _TAKE = 0, 1, 2


def _gains(named: dict, where: dict, unnamed: list[float]) -> list[float]:
    """The score of placing one plausible group on each row (``where``: row id -> its indexes):
    its label's confidence on a row it names, MISLABEL on another; ``unnamed`` (FILL, or
    FILL_OPTIONAL on an optional row) when it names no row."""
    if not named:
        return unnamed
    out = [MISLABEL] * len(unnamed)
    for rid, conf in named.items():
        for k in where.get(rid, ()):
            out[k] = conf if conf is not None else MISLABEL
    return out
