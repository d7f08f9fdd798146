"""The statistical tables of two years, cell by cell.

Cells are compared by canonical id (``t3.new.total``), so a reordered or
re-laid-out table still meets itself. Table reuse is the share of identical
cells among the cells either year has. A change is *abrupt* when the value is
multiplied or divided by more than ``abrupt.factor`` (the larger value being
at least ``abrupt.min_value``), or goes from 0 to ``abrupt.from_zero`` or more.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..report import Report
from .model import CellChange
from .settings import Settings


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    from ..viewer.table_layout import all_labels
    return all_labels()


def cell_label(cell_id: str) -> str:
    """Readable label of a cell id (the id itself when the layout does not draw it)."""
    return _labels().get(cell_id, cell_id)


def _num(v) -> Optional[float]:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def abrupt_reason(old: float, new: float, settings: Settings) -> str:
    """Why a change is abrupt ('' when it is not)."""
    a = settings.abrupt
    lo, hi = sorted((abs(old), abs(new)))
    if old == 0 and new >= a["from_zero"]:
        return f"from 0 to {new:g}"
    if lo > 0 and hi >= a["min_value"] and hi / lo > a["factor"]:
        return f"{'×' if abs(new) > abs(old) else '÷'}{hi / lo:.1f} (more than ×{a['factor']:g})"
    return ""


def diff_cells(old: Report, new: Report, settings: Settings) -> list[CellChange]:
    """Every cell id of either year: same, changed (with change and %), old_only or new_only."""
    vo = {c.id: _num(c.value) for c in old.cells}
    vn = {c.id: _num(c.value) for c in new.cells}
    out = []
    for cid in sorted(set(vo) | set(vn)):
        a, b = vo.get(cid), vn.get(cid)
        if cid not in vn:
            out.append(CellChange(cid, cell_label(cid), "old_only", old=a))
        elif cid not in vo:
            out.append(CellChange(cid, cell_label(cid), "new_only", new=b))
        elif a == b:
            out.append(CellChange(cid, cell_label(cid), "same", a, b, 0.0, 0.0 if a else None))
        else:
            change = None if a is None or b is None else round(b - a, 6)
            pct = round(change / a * 100, 2) if change is not None and a else None
            why = abrupt_reason(a, b, settings) if change is not None else ""
            out.append(CellChange(cid, cell_label(cid), "changed", a, b, change, pct, bool(why), why))
    return out


def table_reuse(cells: list[CellChange]) -> Optional[float]:
    """Identical cells / cells in either year (None unless both years have table cells)."""
    if not any(c.status != "new_only" for c in cells) or not any(c.status != "old_only" for c in cells):
        return None
    return round(sum(c.status == "same" for c in cells) / len(cells), 4)
