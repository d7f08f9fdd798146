"""Join a row label wrapped onto a printed row of its own back into the row it belongs to.

A label cell too narrow for its text wraps; when the wrap falls on a page
break (a PDF made from Word, which splits the row across the pages) or the
copy keeps each line as a row (tab text), the label's tail comes out as a row
of its own: label cells and nothing in the value cells (其他法律行政法规禁止 /
公开, （五 / ）不予处理 and 信访 / 举报投诉类申请). Such a row is joined into the
row above, column by column, when one of the joined cells makes a template
label that runs across the join (wrapped_row in label_match.py) or both parts
name the same row; a row that names a row of its own (8.属于行政查询事项 under
7.属于行政执法案卷) is never joined.
"""
from __future__ import annotations

import re
from typing import Optional

from .label_match import match_label, wrapped_row
from .tokens import SourceRow

_VALUE = re.compile(r"[\d/／—–－]|^\s*-+\s*$")   # a number or a placeholder: not a label's tail


def _label_cells(row: SourceRow) -> Optional[dict]:
    """Column -> cell of a row holding only label text (nothing in any other cell), else None."""
    if not row.cells or len(row.cells) < 2 or row.blank_cell:
        return None
    cols = row.columns or list(range(len(row.cells)))
    out = {}
    for col, cell in zip(cols, row.cells):
        text = cell[0].strip()
        if not text:
            continue
        if _VALUE.search(text):
            return None
        out[col] = cell
    return out or None


def _joined(prev: SourceRow, tails: dict, specs, template) -> Optional[SourceRow]:
    """``prev`` with each tail appended to the cell above it, when one join makes a template label."""
    cols = prev.columns or list(range(len(prev.cells)))
    above = dict(zip(cols, range(len(prev.cells))))
    if any(col not in above or not prev.cells[above[col]][0].strip() for col in tails):
        return None
    if not any(_continues(prev.cells[above[col]][0], tail[0], specs, template) for col, tail in tails.items()):
        return None
    cells = list(prev.cells)
    for col, (text, _, _) in tails.items():
        head, s, e = cells[above[col]]
        cells[above[col]] = (head.rstrip() + text.strip(), s, e)
    return SourceRow(cells=cells, grid=prev.grid, blank_cell=prev.blank_cell, unaligned=prev.unaligned,
                     columns=prev.columns)


def _continues(head: str, tail: str, specs, template) -> bool:
    """Whether ``tail`` goes on with the label ``head``: a label pattern runs across the two, or both
    name the same row (a template row is not printed twice running: 行政机关 / 不再处理其…申请)."""
    if wrapped_row(head, tail, specs, template):
        return True
    named = [match_label([text], specs, template) for text in (head, tail)]
    return all(named) and named[0][0][0] == named[1][0][0]


def join_wrapped(rows: list, specs, template: Optional[str]) -> list:
    """``rows`` with every row that is the wrapped tail of the labels above joined into that row."""
    out: list = []
    for row in rows:
        tails = _label_cells(row) if out and out[-1].cells else None
        joined = _joined(out[-1], tails, specs, template) if tails else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(row)
    return out
