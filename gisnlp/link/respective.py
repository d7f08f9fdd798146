"""Figures listed "respectively" (自然人、法人或其他组织提出的申请分别为45件、3件).

The first figure's clause names every item (split at 、) and ends in 分别/依次…; the figures
after it follow with nothing between them but a list mark. When the counts match, the k-th
figure is read as if its clause named the k-th item alone, with the whole list as the
sentence before it (so 自然人 is a column of the 申请 the list is about). When they do not
match, or the clause names one item for several figures (2021年至2023年,收到的申请数分别为180件、
205件、226件: one per year), the list's figures name no cell.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from .context import FactContext

_AND = re.compile("[和及与]")
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
        while m and (len(items) < 2 or len(run) < len(items)) and k + len(run) < len(order):
            nxt = contexts[order[k + len(run)]]
            if nxt.sentence_start != first.sentence_start or nxt.label not in _JOINERS:
                break
            run.append(order[k + len(run)])
        if m and len(items) < 2 and len(run) >= 2:
            # 自然人和法人的申请分别为45件、3件: items joined by 和/及/与 when no 、 lists them
            joined = [x for x in _AND.split(first.label[:m.start()]) if x]
            items = joined if len(joined) == len(run) else items
        if len(items) >= 2 and len(run) == len(items):
            lead = first.before + first.label[:m.start()]
            for i, item in zip(run, items):
                out[i] = replace(contexts[i], label=item, before=lead)
        elif len(items) >= 2 or len(run) >= 2:
            out.update(dict.fromkeys(run))
        k += len(run)
    return out
