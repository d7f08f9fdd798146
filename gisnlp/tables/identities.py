"""Template identities of tables 三 and 四, each reported as a ``Check``.

Checks run only when every cell they involve was read; a check that would
involve an ambiguous (pending) row is reported ``unknown``. Values are compared
with a tolerance so that printed float artefacts (156.0) do not raise alarms.
"""
from __future__ import annotations

import math
from typing import Optional

from ..report import Check
from .label_match import config

WITHHELD = ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"]
UNAVAILABLE = ["not_held", "not_ready", "unclear"]
REJECTED = ["petition", "repeat", "publication", "excessive", "confirm"]
OTHER_2021 = ["no_correction", "no_fee", "other"]


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


def _check(rule, ids, left_ids, right_ids, values, pending_ids, left_name, right_name, checks):
    if not all(i in values for i in ids):
        if any(i in pending_ids for i in ids) and sum(i in values or i in pending_ids for i in ids) == len(ids):
            checks.append(Check(rule, "unknown", list(ids),
                                "cells pending: " + ", ".join(i for i in ids if i not in values)))
        return
    lv = [values[i] for i in left_ids]
    rv = [values[i] for i in right_ids]
    ls, rs = _sum(lv), _sum(rv)
    diff = ls - rs
    if isinstance(diff, float):
        diff = round(diff, 6)
    left = " + ".join(fmt(v) for v in lv)
    right = " + ".join(fmt(v) for v in rv)
    left_txt = f"{left_name} = {left} = {fmt(ls)}" if len(lv) > 1 else f"{left_name} = {left}"
    right_txt = f"{right_name} = {right} = {fmt(rs)}" if len(rv) > 1 else f"{right_name} = {right}"
    detail = f"{left_txt}; {right_txt}; difference (left - right) = {fmt(diff)}"
    checks.append(Check(rule, "pass" if same(ls, rs) else "fail", list(ids), detail))


def result_leaves(values: dict, template: Optional[str], col: str) -> list[str]:
    """Leaf rows of 三 whose sum is the （七）总计 row, for the template in use."""
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


def audit(values: dict, template: Optional[str], pending_ids: set = frozenset()) -> list[Check]:
    """Every template identity over ``values`` (cell id → value) as a Check, in a fixed order.

    Table 三: balance per column, row sum per row, result sum per column; table 四:
    the sum of each group. ``pending_ids`` are cells of ambiguous rows.
    """
    checks: list[Check] = []
    t3 = config()["t3"]
    cols, applicants = t3["columns"], t3["applicants"]
    for col in cols:
        ids = [f"t3.new.{col}", f"t3.carried_in.{col}", f"t3.result.total.{col}", f"t3.carried_out.{col}"]
        _check(f"t3.balance.{col}", ids, ids[:2], ids[2:], values, pending_ids,
               "new + carried_in", "result.total + carried_out", checks)
    row_ids = sorted({cid.rsplit(".", 1)[0][3:] for cid in list(values) + list(pending_ids)
                      if cid.startswith("t3.")})
    for row in row_ids:
        parts = [f"t3.{row}.{c}" for c in applicants]
        total = f"t3.{row}.total"
        _check(f"t3.row_sum.{row}", parts + [total], parts, [total], values, pending_ids,
               "six applicant columns", "total", checks)
    for col in cols:
        leaves = [f"t3.{r}.{col}" for r in result_leaves(values, template, col)]
        total = f"t3.result.total.{col}"
        _check(f"t3.result_sum.{col}", leaves + [total], leaves, [total], values, pending_ids,
               "sum of result rows", "result.total", checks)
    t4cols = config()["t4"]["columns"]
    for g in [x["id"] for x in config()["t4"]["groups"]]:
        parts = [f"t4.{g}.{c}" for c in t4cols[:-1]]
        total = f"t4.{g}.{t4cols[-1]}"
        _check(f"t4.sum.{g}", parts + [total], parts, [total], values, pending_ids,
               "upheld + corrected + other + pending", "total", checks)
    return checks
