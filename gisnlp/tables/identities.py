"""Template identities of tables 三 and 四, each reported as a ``Check``.

Checks run when every cell they involve was read or printed blank (a blank
template cell, or / —, in a table that carries numbers counts as 0, and the
detail says so). A check that cannot run — a cell pending (an ambiguous
flattened row) or not read — is reported ``unknown`` with the reason; no
identity of the template is left out. Values are compared with a tolerance so
that printed float artefacts (156.0) do not raise alarms.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Optional

from ..report import Check
from .label_match import config
from .label_match import rows as label_rows

WITHHELD = ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"]
UNAVAILABLE = ["not_held", "not_ready", "unclear"]
REJECTED = ["petition", "repeat", "publication", "excessive", "confirm"]
OTHER_2021 = ["no_correction", "no_fee", "other"]
TABLE_NAMES = {"t2": "二", "t3": "三", "t4": "四"}


def same(a, b) -> bool:
    """Equal up to float artefacts, so 156.0 printed for 156 does not fail an identity."""
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


def fmt(v) -> str:
    """A value as it is shown in a check's arithmetic (floats rounded to 6 places)."""
    if isinstance(v, float):
        return repr(round(v, 6))
    return str(v)


def _sum(values):
    total = 0
    for v in values:
        total = total + v
    if isinstance(total, float):
        total = round(total, 6)
    return total


def _shown(ids) -> str:
    """Cell ids for a message: the first eight, then how many more."""
    ids = list(ids)
    more = f" (+{len(ids) - 8} more)" if len(ids) > 8 else ""
    return ", ".join(ids[:8]) + more


@dataclass
class _Known:
    """What the checks may read: printed values, template cells printed blank, cells of pending rows.
    ``usable`` (the cells a check may read) and ``tables`` (the tables any cell is known of) are
    worked out once, not per check."""

    values: dict
    blanks: frozenset
    pending: frozenset
    unfilled: dict
    usable: frozenset = field(init=False)

    def __post_init__(self):
        self.usable = frozenset(self.values).union(self.blanks.difference(self.unfilled))

    @cached_property
    def tables(self) -> frozenset:
        """The tables (t2, t3, t4) any cell is known of: read, blank or pending."""
        return frozenset(c.split(".")[0] for c in chain(self.values, self.blanks, self.pending) if "." in c)

    def has(self, cid: str) -> bool:
        """Whether the cell can enter a check: read, or blank and not a total left unfilled."""
        return cid in self.usable

    def value(self, cid: str):
        """The cell's value; a blank cell reads as 0."""
        return self.values.get(cid, 0)


def _unknown_reason(ids, known: _Known) -> str:
    """Why a check cannot run: its cells are pending, or were not read (or their whole table was not)."""
    absent = [i for i in ids if not known.has(i)]
    unfilled = [i for i in ids if i in known.unfilled]
    if unfilled:
        reasons = list(dict.fromkeys(known.unfilled[i] for i in unfilled))
        more = f" (+{len(reasons) - 3} more)" if len(reasons) > 3 else ""
        return "cannot run: " + "; ".join(reasons[:3]) + more + " (cells left unfilled, not zeros)"
    if all(i in known.pending for i in absent):
        return "cells pending: " + ", ".join(absent)
    table = absent[0].split(".")[0]
    if table not in known.tables:
        return f"cannot run: table {TABLE_NAMES.get(table, table)} was not read"
    return "cannot run: cells not read: " + _shown(i for i in absent if i not in known.pending)


def _check(rule, ids, left_ids, right_ids, known: _Known, left_name, right_name, checks, scope="",
           details=True):
    """Append the check of ``left == right``; a blank cell counts as 0, a missing one makes it unknown.
    A failure ends with the gap in words for ``scope`` (column natural: ... falls short of ... by 2);
    ``details=False`` leaves the check's detail empty (the status alone, found faster)."""
    if not known.usable.issuperset(ids):
        checks.append(Check(rule, "unknown", list(ids), _unknown_reason(ids, known) if details else ""))
        return
    value = known.values.get
    lv = [value(i, 0) for i in left_ids]        # a blank cell reads as 0
    rv = [value(i, 0) for i in right_ids]
    ls, rs = _sum(lv), _sum(rv)
    if not details:
        checks.append(Check(rule, "pass" if same(ls, rs) else "fail", list(ids), ""))
        return
    diff = ls - rs
    if isinstance(diff, float):
        diff = round(diff, 6)
    left = " + ".join(map(fmt, lv))
    right = " + ".join(map(fmt, rv))
    left_txt = f"{left_name} = {left} = {fmt(ls)}" if len(lv) > 1 else f"{left_name} = {left}"
    right_txt = f"{right_name} = {right} = {fmt(rs)}" if len(rv) > 1 else f"{right_name} = {right}"
    detail = f"{left_txt}; {right_txt}; difference (left - right) = {fmt(diff)}"
    blank = [i for i in ids if i not in known.values]
    if blank:
        detail += f"; blank cells read as 0: {_shown(blank)}"
    if scope and not same(ls, rs):
        detail += (f"; {scope}: {left_name} {'exceeds' if diff > 0 else 'falls short of'} "
                   f"{right_name} by {fmt(abs(diff))}")
    checks.append(Check(rule, "pass" if same(ls, rs) else "fail", list(ids), detail))


def result_leaves(values, template: Optional[str], col: str) -> list[str]:
    """Leaf rows of 三 whose sum is the （七）总计 row, for the template in use.

    ``values`` is any container of the cell ids read (a dict or a set).
    """
    leaves = ["result.disclosed", "result.partial"]
    leaves += [f"result.withheld.{r}" for r in WITHHELD]
    leaves += [f"result.unavailable.{r}" for r in UNAVAILABLE]
    leaves += [f"result.rejected.{r}" for r in REJECTED]
    sub = [f"result.other.{r}" for r in OTHER_2021]
    has_sub = any(f"t3.{s}.{col}" in values for s in sub)
    if template == "2021" or (template is None and has_sub):
        leaves += sub if has_sub or f"t3.result.other.{col}" not in values else ["result.other"]
    else:
        leaves += ["result.other"]
    return leaves


def _t3_rows(known: _Known, template: Optional[str]) -> list[str]:
    """Rows of table 三 whose row sum is checked: the template's rows and any other row read."""
    seen = {cid.rsplit(".", 1)[0][3:] for cid in chain(known.values, known.blanks, known.pending)
            if cid.startswith("t3.")}
    one_other = "result.other" in seen and not any(r.startswith("result.other.") for r in seen)
    for spec in label_rows("t3"):
        if spec.optional or (one_other and spec.id.startswith("result.other.")):
            continue   # （六） printed as one row stands for its three sub-rows
        if (template is None and not spec.templates) or (template is not None and spec.allowed(template)):
            seen.add(spec.id)
    return sorted(seen)


def _unfilled(values: dict, blanks: frozenset) -> dict:
    """Blank cells that are left unfilled rather than printed zeros: cell id -> why.

    A blank total whose parts, as printed, do not sum to 0 (a blank 总计 beside
    applicant columns holding numbers); and the other way round, parts all
    blank beside a total that is not 0 (a row whose applicant columns were
    never filled, only its 总计: a table filled in the total column alone).
    """
    t3, t4 = config()["t3"], config()["t4"]
    known = set(values) | blanks
    groups = [(f"t3.{cid[3:-len('.total')]}", t3["applicants"], "total")
              for cid in known if cid.startswith("t3.") and cid.endswith(".total")]
    groups += [(cid.rsplit(".", 1)[0], t4["columns"][:-1], t4["columns"][-1])
               for cid in known if cid.startswith("t4.") and cid.endswith("." + t4["columns"][-1])]
    out = {}
    for row, cols, last in groups:
        parts, total = [f"{row}.{c}" for c in cols], f"{row}.{last}"
        if total in blanks:
            printed = _sum([values[p] for p in parts if p in values])
            if not same(printed, 0):
                out[total] = f"{total} is blank while the cells it totals sum to {fmt(printed)}"
        elif total in values and not same(values[total], 0) and all(p in blanks for p in parts):
            why = f"{row}: the parts of {total} = {fmt(values[total])} are all blank"
            out.update({p: why for p in parts})
    return out


def audit(values: dict, template: Optional[str], pending_ids: set = frozenset(),
          blanks: set = frozenset(), details: bool = True) -> list[Check]:
    """Every template identity over ``values`` (cell id → value) as a Check, in a fixed order.

    Table 三: balance per column, row sum per row, result sum per column; table 四:
    the sum of each group. ``blanks`` are template cells printed blank (or / —)
    in a table that carries numbers: they count as 0 and the check's detail
    says so. ``pending_ids`` are cells of ambiguous rows. A check that cannot run
    is returned with status ``unknown`` and the reason, never left out. ``details=False``
    gives the statuses alone (no arithmetic written out), for a caller trying many values.
    """
    blanks = frozenset(blanks) - set(values)
    known = _Known(values, blanks, frozenset(pending_ids), _unfilled(values, blanks))
    checks: list[Check] = []
    t3 = config()["t3"]
    cols, applicants = t3["columns"], t3["applicants"]
    for col in cols:
        ids = [f"t3.new.{col}", f"t3.carried_in.{col}", f"t3.result.total.{col}", f"t3.carried_out.{col}"]
        _check(f"t3.balance.{col}", ids, ids[:2], ids[2:], known,
               "new + carried_in", "result.total + carried_out", checks, f"column {col}", details=details)
    for row in _t3_rows(known, template):
        parts = [f"t3.{row}.{c}" for c in applicants]
        total = f"t3.{row}.total"
        _check(f"t3.row_sum.{row}", parts + [total], parts, [total], known,
               "six applicant columns", "total", checks, f"row {row}", details=details)
    read = set(values) | known.blanks
    for col in cols:
        leaves = [f"t3.{r}.{col}" for r in result_leaves(read, template, col)]
        total = f"t3.result.total.{col}"
        _check(f"t3.result_sum.{col}", leaves + [total], leaves, [total], known,
               "sum of result rows", "result.total", checks, f"column {col}", details=details)
    t4cols = config()["t4"]["columns"]
    for g in [x["id"] for x in config()["t4"]["groups"]]:
        parts = [f"t4.{g}.{c}" for c in t4cols[:-1]]
        total = f"t4.{g}.{t4cols[-1]}"
        _check(f"t4.sum.{g}", parts + [total], parts, [total], known,
               "upheld + corrected + other + pending", "total", checks, f"group {g}", details=details)
    return checks
