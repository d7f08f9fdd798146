"""Figures listed "respectively" (自然人、法人或其他组织提出的申请分别为45件、3件).

The first figure's clause names every item (split at 、) and ends in 分别/依次…; the figures
after it follow with nothing between them but a list mark. When the counts match, the k-th
figure is read as if its clause named the k-th item alone, with the whole list as the
sentence before it (so 自然人 is a column of the 申请 the list is about). When they do not
match, the list's figures name no cell (which figure is which item cannot be told).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from .context import FactContext

# What may stand between two figures of one respective list.
_JOINERS = frozenset(["", "、", "和", "及", "与", ",", "以及"])


def respective_contexts(contexts: list[FactContext], pattern: re.Pattern) -> dict[int, Optional[FactContext]]:
    """fact index -> the context it is read with, for the figures of respective lists (None:
    the figure names no cell); ``pattern`` ends the first figure's clause (分别为, 依次为…)."""
    order = sorted(range(len(contexts)), key=lambda i: contexts[i].start)
    out: dict[int, Optional[FactContext]] = {}
    k = 0
    while k < len(order):
        first = contexts[order[k]]
        m = pattern.search(first.label)
        items = [x for x in first.label[:m.start()].split("、") if x] if m else []
        run = [order[k]]
        while len(items) >= 2 and len(run) < len(items) and k + len(run) < len(order):
            nxt = contexts[order[k + len(run)]]
            if nxt.sentence_start != first.sentence_start or nxt.label not in _JOINERS:
                break
            run.append(order[k + len(run)])
        if len(items) >= 2 and len(run) == len(items):
            lead = first.before + first.label[:m.start()]
            for i, item in zip(run, items):
                out[i] = replace(contexts[i], label=item, before=lead)
        elif len(items) >= 2:
            out.update(dict.fromkeys(run))
        k += len(run)
    return out
