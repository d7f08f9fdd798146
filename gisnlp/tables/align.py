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
    """Best monotone assignment: list of (group index, row id, label confidence)."""
    m, n = len(cands), len(row_ids)
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    back = [[None] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        score[i][0] = score[i - 1][0] + (DROP if plausible[i - 1] else 0.0)
        back[i][0] = ("skip_g",)
    for j in range(1, n + 1):
        back[0][j] = ("skip_r",)
    for i in range(1, m + 1):
        c = dict(cands[i - 1])
        for j in range(1, n + 1):
            best, arg = score[i][j - 1], ("skip_r",)
            v = score[i - 1][j] + (DROP if plausible[i - 1] else 0.0)
            if v > best:
                best, arg = v, ("skip_g",)
            if plausible[i - 1]:
                rid = row_ids[j - 1]
                if c:
                    s = c.get(rid)
                    gain = s if s is not None else MISLABEL
                else:
                    gain = FILL_OPTIONAL if rid in optional else FILL
                v = score[i - 1][j - 1] + gain
                if v > best:
                    best, arg = v, ("take",)
            score[i][j], back[i][j] = best, arg
    out = []
    i, j = m, n
    while i > 0 or j > 0:
        step = back[i][j]
        if step[0] == "take":
            c = dict(cands[i - 1])
            rid = row_ids[j - 1]
            if c:
                conf = c.get(rid, 0.3)
            else:
                conf = 0.5
            out.append((i - 1, rid, conf))
            i, j = i - 1, j - 1
        elif step[0] == "skip_g":
            i -= 1
        else:
            j -= 1
    return out[::-1]
