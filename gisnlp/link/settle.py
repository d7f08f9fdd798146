"""Settle ambiguous flattened table rows (``report.pending_rows``) from the narrative.

The tables step leaves a row pending when its printed digits split into cells
in more than one consistent way. When a narrative figure names cells of such a
row and only one split agrees with it, :func:`settle_pending` emits the row's
cells (confidence :data:`SETTLED_CONFIDENCE`), re-decides the identity checks
the row left ``unknown`` and drops the row; when several splits agree on the
cells the figure names, those cells are emitted and the row keeps only those
splits.
"""
from __future__ import annotations

from typing import Optional

from ..report import Cell, Check, Fact, PendingRow, Report
from ..tables.identities import audit
from .agreement import agrees

SETTLED_CONFIDENCE = 0.8


def _number(v):
    """A candidate value as a number (candidates may hold printed strings)."""
    if isinstance(v, (int, float)) or v is None:
        return v
    txt = str(v).strip().replace(",", "")
    try:
        x = float(txt)
    except ValueError:
        return None
    return int(x) if x.is_integer() and "." not in txt else x


def _fitting_splits(row: PendingRow, ids: list[str], f: Fact, alt: list[str], missing: list[str],
                    values: dict, scale: float) -> list[list]:
    """The row's splits under which the cells ``alt`` add up to the fact's value."""
    fits = []
    for cand in row.candidates or []:
        nums = [_number(v) for v in cand]
        if len(nums) != len(ids) or any(nums[ids.index(c)] is None for c in missing):
            continue
        vals = dict(zip(ids, nums))
        total = sum(vals[cid] if cid in missing else values[cid] for cid in alt)
        if agrees(f, total, scale):
            fits.append(nums)
    return fits


def settle_pending(report: Report, f: Fact, alts: list[list[str]], values: dict,
                   scale: float, fact_index: int) -> Optional[list[str]]:
    """Pick the one split of an ambiguous flattened row that the fact confirms.

    ``alts`` are the cell alternatives the fact's clause names, ``values`` the
    cells known so far (updated in place with the cells emitted). Only an exact
    figure settles a row; when several splits fit, the cells they all agree on
    are emitted and the row keeps just those splits. Returns the alternative the
    fact states, or None when no pending row helps.
    """
    if f.approx:
        return None
    for alt in alts:
        missing = [cid for cid in alt if cid not in values]
        if not missing:
            continue
        for k, row in enumerate(report.pending_rows):
            ids = row.cell_ids()
            if not all(cid in ids for cid in missing):
                continue
            fits = _fitting_splits(row, ids, f, alt, missing, values, scale)
            if not fits:
                continue
            if len(fits) == 1:
                _apply_split(report, row, ids, fits[0], values, fact_index, f)
                report.pending_rows.pop(k)
                return alt
            if _narrow(report, row, ids, fits, missing, values, fact_index, f):
                return alt
    return None


def _emit(report: Report, row: PendingRow, cid: str, value, values: dict) -> None:
    """Add one settled cell to the report and to ``values``."""
    report.cells.append(Cell(id=cid, value=value, raw=str(row.raw), start=row.start,
                             end=row.end, confidence=SETTLED_CONFIDENCE))
    values[cid] = value


def _touches(chk: Check, row: PendingRow, ids: list[str]) -> bool:
    """An ``unknown`` check about this row (by rule name or by cell)."""
    return chk.status == "unknown" and (row.row in chk.rule or any(c in ids for c in chk.cells))


def _note_fact(chk: Check, note: str, fact_index: int) -> None:
    """Append ``note`` to a check's detail and cite the fact."""
    chk.detail = (chk.detail + "; " if chk.detail else "") + note
    if fact_index not in chk.facts:
        chk.facts.append(fact_index)


def _narrow(report: Report, row: PendingRow, ids: list[str], fits: list[list], missing: list[str],
            values: dict, fact_index: int, f: Fact) -> bool:
    """Several splits fit: emit the cells they all agree on and keep only those splits.

    Returns False (changing nothing) unless the splits agree on every missing cell.
    """
    agreed = [cid for cid in missing if len({fit[ids.index(cid)] for fit in fits}) == 1]
    if len(agreed) != len(missing):
        return False
    for cid in agreed:
        _emit(report, row, cid, fits[0][ids.index(cid)], values)
    row.candidates = [list(fit) for fit in fits]
    note = (f"the narrative (fact {fact_index} {f.text.strip()!r}) fixes "
            f"{', '.join(agreed)}; {len(fits)} splits remain")
    for chk in report.checks:
        if _touches(chk, row, ids):
            _note_fact(chk, note, fact_index)
    return True


def _apply_split(report: Report, row: PendingRow, ids: list[str], nums: list, values: dict,
                 fact_index: int, f: Fact) -> None:
    """Emit the settled row's cells and re-decide the checks it left unknown."""
    for cid, v in zip(ids, nums):
        if v is not None and cid not in values:
            _emit(report, row, cid, v, values)
    note = (f"the narrative settled {row.row}: fact {fact_index} {f.text.strip()!r} agrees with "
            f"only the split {nums}")
    redone = _recheck(report, values)
    touched = False
    for chk in report.checks:
        if not _touches(chk, row, ids):
            continue
        new = redone.get(chk.rule)
        if new is not None and new.status != "unknown":
            chk.status, chk.cells = new.status, new.cells
            chk.detail = f"{new.detail}; {note}"
            if fact_index not in chk.facts:
                chk.facts.append(fact_index)
        elif not any(c not in values for c in chk.cells):
            chk.status = "pass"
            _note_fact(chk, note, fact_index)
        else:
            continue
        touched = True
    if not touched:
        report.checks.append(Check(rule=f"link.settled.{row.row}", status="pass", cells=ids,
                                   detail=note, facts=[fact_index]))


def _recheck(report: Report, values: dict) -> dict:
    """The tables step's identity checks recomputed on the current cells, by rule."""
    pending = {cid for r in report.pending_rows for cid in r.cell_ids()}
    return {c.rule: c for c in audit(values, report.meta.template, pending)}
