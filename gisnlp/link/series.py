"""Audit one issuer's consecutive reports against each other.

结转下年度 (t3.carried_out.*) of year N must equal 上年结转 (t3.carried_in.*)
of year N+1, and table 二's 上一年项目数量 (prev_items) of N+1 must equal
prev_items + 本年增/减 of N. Works on any list of reports (a batch).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Optional

from ..report import Report

T3_COLUMNS = ("natural", "business", "research", "social", "legal", "other", "total")
T2_ITEM_ROWS = ("art20_5.license", "art20_5.other_services", "art20_6.penalty",
                "art20_6.coercion", "art20_8.fees")

# Body names and area words that vary across years for one issuer
# (平潭县人民政府 / 平潭综合实验区管委会 / 平潭综合实验区管理委员会).
_BODY = re.compile(r"(人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|政府)$")
_AREA = re.compile(r"(综合实验区|经济技术开发区|高新技术产业开发区|开发区|高新区|新区|实验区|"
                   r"自治州|自治县|自治区|特别行政区|省|市|县|区|旗|镇|乡|街道)$")
_NOISE = re.compile(r"[\s()（）·•]")


def normalize_issuer(issuer: Optional[str]) -> str:
    """A key shared by an issuer's name variants across years ('' when unknown)."""
    if not issuer:
        return ""
    s = _NOISE.sub("", issuer)
    s = re.sub(r"^中共", "", s)
    body = _BODY.search(s)
    if not body:
        return s                       # a department keeps its full name
    s = s[:body.start()]
    for _ in range(3):
        new = _AREA.sub("", s)
        if new == s or len(new) < 2:
            break
        s = new
    return s


def _cell_values(r: Report) -> dict:
    """Cell id -> value of one report's tables."""
    return {c.id: c.value for c in r.cells}


def narrative_values(report: Report) -> dict:
    """Cell values the narrative states exactly (for reports without the tables):
    carry-over counts read by meaning, e.g. 结转下年度继续办理5件 -> t3.carried_out.total."""
    from .linker import Linker
    from .rules import load_rules
    if not report.facts or not report.text:
        return {}
    out = {}
    found = Linker(load_rules(), mismatch=False).meanings(report)
    for i, _t, alts, where in found:
        f = report.facts[i]
        if f.approx or f.kind != "count" or where not in ("label", "trailing", "column"):
            continue
        ids = alts[0]
        if len(ids) == 1 and ids[0].startswith("t3.carried_"):
            out.setdefault(ids[0], f.value)
    return out


def _values_with_narrative(r: Report) -> tuple[dict, set]:
    """Table cells, completed by narrative figures; also the ids read from the narrative."""
    vals = _cell_values(r)
    if all(f"t3.{row}.{col}" in vals for row in ("carried_in", "carried_out") for col in T3_COLUMNS):
        return vals, set()             # the narrative can add nothing (it only fills carry-over cells)
    extra = {k: v for k, v in narrative_values(r).items() if k not in vals}
    vals.update(extra)
    return vals, set(extra)


def _series_row(issuer, a: Report, b: Report, rule, status, cells, detail) -> dict:
    """One line of ``series_checks.jsonl``: the pair of reports, the rule and its outcome."""
    return {"issuer": issuer, "doc_a": a.doc_id, "year_a": a.meta.year, "doc_b": b.doc_id,
            "year_b": b.meta.year, "rule": rule, "status": status, "cells": cells, "detail": detail}


def compare_pair(issuer: str, a: Report, b: Report) -> list[dict]:
    """Every comparable figure of report ``a`` (year N) against ``b`` (N+1)."""
    if b.meta.year != (a.meta.year or 0) + 1:
        return [_series_row(issuer, a, b, "year.none", "unknown", [],
                     f"years {a.meta.year} and {b.meta.year} are not consecutive: nothing carries over")]
    (va, na), (vb, nb) = values = _values_with_narrative(a), _values_with_narrative(b)   # once per pair
    out = []
    for col in T3_COLUMNS:
        ca, cb = f"t3.carried_out.{col}", f"t3.carried_in.{col}"
        if ca in va and cb in vb:
            ok = float(va[ca]) == float(vb[cb])
            src = [f"{r.meta.year} figure from the narrative" for r, cid, n in ((a, ca, na), (b, cb, nb))
                   if cid in n]
            out.append(_series_row(issuer, a, b, f"year.carry.{col}", "pass" if ok else "fail", [ca, cb],
                            f"{a.meta.year} 结转下年度 {va[ca]:g} vs {b.meta.year} 上年结转 {vb[cb]:g}"
                            + (f" ({'; '.join(src)})" if src else "")))
    for row in T2_ITEM_ROWS:
        pa, ch, pb = f"t2.{row}.prev_items", f"t2.{row}.change", f"t2.{row}.prev_items"
        if pa in va and ch in va and pb in vb:
            expect = float(va[pa]) + float(va[ch])
            ok = expect == float(vb[pb])
            out.append(_series_row(issuer, a, b, f"year.prev_items.{row}", "pass" if ok else "fail",
                            [pa, ch, pb],
                            f"{a.meta.year} 上一年项目数量 {va[pa]:g} + 本年增/减 {va[ch]:g} = {expect:g} "
                            f"vs {b.meta.year} 上一年项目数量 {vb[pb]:g}"))
    if not out:
        why = []
        for r, (vals, _) in zip((a, b), values):
            if not any(k.startswith(("t3.carried", "t2.")) for k in vals):
                why.append(f"{r.doc_id} ({r.meta.year}, template {r.meta.template}) has no carry-over "
                           "or item cells")
        out.append(_series_row(issuer, a, b, "year.none", "unknown", [],
                        "; ".join(why) or "no figure present in both reports"))
    return out


def _as_report(r) -> Report:
    """Accept a Report or its JSON dict (as written by ``Report.to_dict``)."""
    return r if isinstance(r, Report) else Report.from_dict(r)


def group_series(reports: Iterable) -> dict[str, list[Report]]:
    """Annual reports grouped by normalised issuer, each group sorted by year."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in map(_as_report, reports):
        if r.meta.doc_type not in ("annual_report", None) or not r.meta.year:
            continue
        key = normalize_issuer(r.meta.issuer)
        if key:
            groups[key].append(r)
    return {k: sorted(v, key=lambda r: (r.meta.year, r.doc_id)) for k, v in groups.items()}


def audit_series(reports: Iterable) -> list[dict]:
    """Compare each issuer's reports year by year (every adjacent pair is listed).

    ``reports``: Report objects or their JSON dicts, in any order.
    Returns dicts with issuer, doc_a, year_a, doc_b, year_b, rule
    (``year.carry.<column>``, ``year.prev_items.<row>`` or ``year.none``),
    status (pass | fail | unknown), cells and detail.
    """
    out = []
    for key, rs in sorted(group_series(reports).items()):
        for a, b in zip(rs, rs[1:]):
            if a.meta.year == b.meta.year:
                out.append(_series_row(key, a, b, "year.duplicate", "unknown", [],
                                f"two reports for {a.meta.year}: {a.doc_id}, {b.doc_id}"))
                continue
            out.extend(compare_pair(key, a, b))
    return out
