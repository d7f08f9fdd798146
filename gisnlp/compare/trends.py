"""Each table metric of one issuer across its years (the issuer page's trend table)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..report import Report
from .celldiff import abrupt_reason, cell_label
from .settings import Settings


@dataclass
class TrendPoint:
    """One year's value of a metric and its change from the year before it in the list."""

    year: int
    value: Optional[float]
    change: Optional[float] = None
    pct: Optional[float] = None
    abrupt: bool = False


@dataclass
class Trend:
    """One table cell id of an issuer across years."""

    id: str
    label: str
    points: list[TrendPoint] = field(default_factory=list)


def metric_trends(values_by_year: dict[int, dict[str, float]], settings: Optional[Settings] = None,
                  keep_zero: bool = False) -> list[Trend]:
    """A Trend per cell id that any year has (ids that are 0 or missing in every year are left out
    unless ``keep_zero``), in id order; changes are against the previous year listed."""
    cfg = Settings.resolve(settings)
    years = sorted(values_by_year)
    ids = sorted({cid for v in values_by_year.values() for cid in v})
    out = []
    for cid in ids:
        series = [values_by_year[y].get(cid) for y in years]
        if not keep_zero and not any(v for v in series):
            continue
        t = Trend(cid, cell_label(cid))
        prev = None
        for y, v in zip(years, series):
            p = TrendPoint(y, v)
            if v is not None and prev is not None:
                p.change = round(v - prev, 6)
                p.pct = round(p.change / prev * 100, 1) if prev else None
                p.abrupt = bool(abrupt_reason(prev, v, cfg))
            prev = v if v is not None else prev
            t.points.append(p)
        out.append(t)
    return out


def issuer_trends(reports: list[Report], settings: Optional[Settings] = None) -> list[Trend]:
    """Trends of the table cells of one issuer's reports (the richest report of a year counts)."""
    by_year: dict[int, dict[str, float]] = {}
    for r in sorted(reports, key=lambda r: len(r.cells)):
        if r.meta.year:
            by_year[r.meta.year] = {c.id: float(c.value) for c in r.cells}
    return metric_trends(by_year, settings)
