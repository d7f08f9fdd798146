"""Read the printed column order of table 三 from its header, when a header is printed.

The national template prints 自然人 | 法人或其他组织 (商业企业 … 其他) | 总计; some
reports move or rename columns. Only a header whose names are separate cells
(tab, pipe or grid rows) is trusted: a run-on header reads the two header
levels one after the other and says nothing about the order of the values.
"""
from __future__ import annotations

import re
from typing import Optional

from .label_match import compact, config

_GROUP = "group"   # the 法人或其他组织 heading over the five organisation columns


def _names() -> list[tuple[str, re.Pattern]]:
    spec = config()["t3"]["column_names"]
    out = [(k, re.compile(v)) for k, v in spec.items()]
    return out


def _row_names(cells) -> list[str]:
    """Column ids named by a row's cells, in printed order (a cell must be a name alone)."""
    found = []
    for text, _, _ in cells:
        t = compact(text)
        if not t:
            continue
        for cid, pat in _names():
            if pat.fullmatch(t):
                found.append(cid)
                break
    return found


def t3_column_order(header_rows) -> Optional[list[str]]:
    """Leaf column ids of table 三 in printed order, or None when the header does not say.

    ``header_rows`` are the SourceRows printed before the first data row. A
    header without 总计 gives the six applicant columns only (a table printed
    without its total column); a header 自然人 | 法人或其他组织 | 总计 with nothing
    under 法人或其他组织 gives ``["natural", "group", "total"]`` (the five
    organisation columns printed as one, a column no template cell holds).
    """
    cols = list(config()["t3"]["columns"])
    subs = [c for c in cols if c not in ("natural", "total")]
    top, sub, whole, has_total = None, None, None, False
    for row in header_rows:
        if len(row.cells) < 2:
            continue
        names = _row_names(row.cells)
        if len(set(names)) != len(names):
            continue
        has_total |= "total" in names
        leaves = [n for n in names if n != _GROUP]
        if whole is None and set(leaves) in (set(cols), set(cols) - {"total"}):
            whole = leaves                     # one header line naming every column
        elif sum(n in subs for n in names) >= 3 and sub is None:
            sub = [n for n in names if n in subs]
        elif "natural" in names and ("total" in names or _GROUP in names) and top is None:
            top = names
    if whole is not None:
        order = whole
    elif sub is None and top == ["natural", _GROUP, "total"]:
        return list(top)                       # the organisation columns printed as one (their sum)
    elif top is None or sub is None or len(sub) != len(subs):
        return None
    else:
        order = []
        for n in top:
            if n == _GROUP:
                order.extend(sub)
            elif n not in sub:
                order.append(n)
        if _GROUP not in top:
            # the organisation columns sit under the gap the top row leaves: the template's place
            order = [order[0]] + sub + order[1:] if order[0] == "natural" else []
    want = cols if has_total else [c for c in cols if c != "total"]
    if sorted(order) != sorted(want):
        return None
    return order
