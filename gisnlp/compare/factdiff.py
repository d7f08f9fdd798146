"""Narrative figures across years: a reported count/amount/rate/share whose
(metric, unit, kind) occurs exactly once in each year and has another value.
(The change claims of NEW are recomputed in ``claims``.)
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from ..report import Fact, Report
from .model import FactChange


def fact_key(f: Fact) -> tuple:
    """(metric, unit, kind): what a figure is, across years."""
    return (f.metric, f.unit, f.kind)


def unique_facts(facts: list[Fact]) -> dict[tuple, Fact]:
    """Reported, non-change facts with a metric whose key occurs once in the list."""
    usable = [f for f in facts if f.metric and f.kind != "change" and f.modality == "reported"]
    counts = Counter(fact_key(f) for f in usable)
    return {fact_key(f): f for f in usable if counts[fact_key(f)] == 1}


def _pct(change: float, base: float) -> Optional[float]:
    return round(change / base * 100, 2) if base else None


def diff_facts(old: Report, new: Report) -> list[FactChange]:
    """Facts with the same metric, unit and kind in both years but another value."""
    uo, un = unique_facts(old.facts), unique_facts(new.facts)
    out = []
    for key in sorted(set(uo) & set(un), key=lambda k: (k[0], k[1], k[2])):
        a, b = uo[key], un[key]
        if a.value == b.value:
            continue
        change = round(float(b.value) - float(a.value), 6)
        out.append(FactChange(key[0], key[1], key[2], a.value, b.value, change, _pct(change, float(a.value)),
                              a.text, b.text, a.start, a.end, b.start, b.end, b.cell))
    return out
