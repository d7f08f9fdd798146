"""Narrative figures across years, and the change claims of NEW recomputed.

*Fact changes*: a reported count/amount/rate/share whose (metric, unit, kind)
occurs exactly once in each year and has another value.

*Claims*: each change fact of NEW (比上年增长12%, 同比下降3件) is tied to the
figure it is about — the nearest count or amount before it in the same
sentence (preferring one with the claim's metric), not one marked as last
year's (上年为…) — and the same figure is looked up in OLD: the same table
cell when the figure is linked to one, else the OLD fact with the same metric
and unit. The change is recomputed (percent: (new − old) / old × 100; counts:
new − old) and compared with the stated one within the tolerances of
``compare.yaml``. Unknown when OLD is not the year before or has no such figure.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..report import Fact, Report
from .model import Claim, FactChange
from .settings import Settings

_SENT_END = re.compile(r"[。！？!?；;\n]")
PERCENT_UNITS = ("%",)


def _key(f: Fact) -> tuple:
    return (f.metric, f.unit, f.kind)


def _unique(facts: list[Fact]) -> dict[tuple, Fact]:
    """Reported, non-change facts with a metric whose key occurs once in the list."""
    usable = [f for f in facts if f.metric and f.kind != "change" and f.modality == "reported"]
    counts = Counter(_key(f) for f in usable)
    return {_key(f): f for f in usable if counts[_key(f)] == 1}


def _pct(change: float, base: float) -> Optional[float]:
    return round(change / base * 100, 2) if base else None


def diff_facts(old: Report, new: Report) -> list[FactChange]:
    """Facts with the same metric, unit and kind in both years but another value."""
    uo, un = _unique(old.facts), _unique(new.facts)
    out = []
    for key in sorted(set(uo) & set(un), key=lambda k: (k[0], k[1], k[2])):
        a, b = uo[key], un[key]
        if a.value == b.value:
            continue
        change = round(float(b.value) - float(a.value), 6)
        out.append(FactChange(key[0], key[1], key[2], a.value, b.value, change, _pct(change, float(a.value)),
                              a.text, b.text, a.start, a.end, b.start, b.end, b.cell))
    return out


def _sentence_start(text: str, pos: int, window: int) -> int:
    lo = max(0, pos - window)
    cut = lo
    for m in _SENT_END.finditer(text, lo, pos):
        cut = m.end()
    return cut


def _base_fact(report: Report, claim: Fact, settings: Settings) -> Optional[Fact]:
    """The figure a change claim is about (see the module docstring)."""
    text = report.text or ""
    lo = _sentence_start(text, claim.start, settings.claims["window"])
    prev_re = re.compile(settings.claims["previous"])
    cands = [f for f in report.facts
             if f is not claim and f.kind in ("count", "amount") and lo <= f.start and f.end <= claim.start
             and not prev_re.search(text[max(lo, f.start - 6):f.start])]
    if not cands:
        return None
    same = [f for f in cands if claim.metric and f.metric == claim.metric]
    return (same or cands)[-1]


def _old_value(old: Report, base: Fact) -> tuple[Optional[float], str]:
    """OLD's value of the figure ``base`` of NEW is, and where it comes from."""
    if base.cell:
        for c in old.cells:
            if c.id == base.cell:
                return float(c.value), base.cell
    if base.cells:
        values = {c.id: c.value for c in old.cells}
        if all(cid in values for cid in base.cells):
            return float(sum(values[cid] for cid in base.cells)), "+".join(base.cells)
    f = _unique(old.facts).get(_key(base))
    if f is not None:
        return float(f.value), f"metric {base.metric}"
    return None, base.cell or f"metric {base.metric}"


def _judge(claim: Fact, new_v: float, old_v: float, settings: Settings) -> tuple[str, float, str]:
    """(status, computed change, arithmetic) for one claim with both values known."""
    c = settings.claims
    diff = new_v - old_v
    direction = "up" if diff > 0 else ("down" if diff < 0 else None)
    if claim.unit in PERCENT_UNITS:
        if not old_v:
            return "unknown", 0.0, f"last year's value is 0: no percentage ({old_v:g} → {new_v:g})"
        computed = round(diff / old_v * 100, 2)
        tol = c["approx_pct_tolerance"] if claim.approx else c["pct_tolerance"]
        ok = abs(abs(computed) - float(claim.value)) <= tol
        arith = f"({new_v:g} − {old_v:g}) / {old_v:g} × 100 = {computed:+.2f}%"
    else:
        computed = round(diff, 6)
        tol = c["count_tolerance"]
        ok = abs(abs(computed) - float(claim.value)) <= tol
        arith = f"{new_v:g} − {old_v:g} = {computed:+g}"
    if claim.direction and direction and claim.direction != direction:
        ok = False
    if claim.direction and direction is None and float(claim.value) != 0:
        ok = False
    return ("pass" if ok else "fail"), computed, arith


def check_claims(old: Report, new: Report, settings: Settings) -> list[Claim]:
    """Every reported change claim of NEW, recomputed from OLD and NEW (pass, fail or unknown)."""
    out = []
    consecutive = bool(old.meta.year and new.meta.year and new.meta.year - old.meta.year == 1)
    for f in new.facts:
        if f.kind != "change" or f.modality != "reported" or f.unit == "pp":
            continue
        claim = Claim(f.text, f.start, f.end, f.metric, float(f.value), f.unit, f.direction, "unknown")
        base = _base_fact(new, f, settings)
        if base is None:
            claim.detail = "no figure before the claim in its sentence to recompute it from"
        elif not consecutive:
            claim.detail = (f"the old report is for {old.meta.year}, not the year before {new.meta.year}: "
                            "比上年 cannot be recomputed")
        else:
            old_v, basis = _old_value(old, base)
            claim.basis, claim.new_value = basis, float(base.value)
            if old_v is None:
                claim.detail = f"{basis} is not in the {old.meta.year} report"
            else:
                claim.old_value = old_v
                claim.status, claim.computed, arith = _judge(f, float(base.value), old_v, settings)
                stated = f"{'+' if f.direction == 'up' else '−' if f.direction == 'down' else ''}{f.value:g}{f.unit}"
                claim.detail = (f"{basis}: {old.meta.year} {old_v:g} → {new.meta.year} {base.value:g}; {arith}; "
                                f"stated {stated} ({f.text})")
        out.append(claim)
    return out
