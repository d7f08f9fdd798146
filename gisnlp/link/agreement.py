"""Does a narrative figure agree with a table value? And how to name a sum of cells.

A figure agrees with a table value up to the rounding it is printed with
(1.2万件 agrees with 12051) or within its approximation (1500余条, 近3000人次,
约…). Used by linking, settlement of ambiguous rows and the share audit.
"""
from __future__ import annotations

import re

from ..report import Fact

_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?\s*(万亿|亿|万|千)?")
_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# How far an approximate figure may lie from the table value (fractions of the figure).
OVER_MAX = 1.5          # 1500余 agrees with up to 2250
NEARLY_MIN = 0.85       # 近3000 agrees with 2550 and up
ABOUT_FRACTION = 0.05   # 约300 agrees with 285..315
ABOUT_MIN = 0.5


def signed_value(f: Fact) -> float:
    """The fact's value, negative for a change downwards."""
    v = float(f.value)
    return -v if (f.kind == "change" and f.direction == "down") else v


def printed_step(f: Fact) -> float:
    """The rounding step of the number as printed: 1.2万 -> 1000, 130.73亿元 -> 1e6, 35 -> 1."""
    m = _NUMBER.search((f.text or "").replace(",", ""))
    if not m:
        return 1.0
    return 10.0 ** -len(m.group(2) or "") * _MULT.get(m.group(3) or "", 1.0)


def agrees(f: Fact, total: float, scale: float = 1.0) -> bool:
    """Does the table value ``total`` (in table units × scale) agree with the fact?

    Equal up to the rounding the fact is printed with (1.2万件 agrees with 12051),
    or within its approximation (1500余条, 近3000人次, 约…).
    """
    t = float(total) * scale
    v = signed_value(f)
    if f.kind == "change" and f.direction is None:
        t, v = abs(t), abs(v)
    step = printed_step(f)
    tol = max(step / 2 if step > 1 or f.kind in ("amount",) or f.unit == "元" else 0.0,
              1e-6 * max(1.0, abs(v)))
    if not f.approx:
        return abs(t - v) <= tol
    a = abs(v)
    if f.approx == "over":
        return a - tol <= abs(t) <= a * OVER_MAX + tol
    if f.approx == "nearly":
        return a * NEARLY_MIN - tol <= abs(t) <= a + tol
    if f.approx == "about":
        return abs(abs(t) - a) <= max(ABOUT_FRACTION * a, ABOUT_MIN) + tol
    if f.approx == "at_most":
        return abs(t) <= a + tol
    if f.approx == "at_least":
        return abs(t) >= a - tol
    return abs(t - v) <= tol


def compact_id(cells: list[str]) -> str:
    """One readable id for a cell or a sum: ``t3.result.withheld.{secret|law}.total``."""
    if len(cells) == 1:
        return cells[0]
    parts = [c.split(".") for c in cells]
    n = min(len(p) for p in parts)
    pre = 0
    while pre < n and len({p[pre] for p in parts}) == 1:
        pre += 1
    suf = 0
    while suf < n - pre and len({p[-1 - suf] for p in parts}) == 1:
        suf += 1
    head = parts[0][:pre]
    tail = parts[0][len(parts[0]) - suf:] if suf else []
    mids = [".".join(p[pre:len(p) - suf]) for p in parts]
    return ".".join(head + ["{" + "+".join(mids) + "}"] + tail)


def format_number(x: float) -> str:
    """A value as a check's detail prints it: 12 not 12.0, 0.35 as 0.35."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
