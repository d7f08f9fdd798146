"""The summary of a comparison and its notes (different issuers, years, templates)."""
from __future__ import annotations

from collections import Counter

from ..report import Report
from .model import Comparison


def summarize(c: Comparison, top: int, same_cells: int = 0) -> dict:
    """Top sections by change, key number changes, and counts of what changed
    (``same_cells``: identical cells, which ``c.cells`` does not list)."""
    ranked = sorted((s for s in c.sections if s.status == "both" and s.reuse is not None),
                    key=lambda s: (s.reuse, -s.chars_new))
    changed = [x for x in c.cells if x.status == "changed"]
    key_cells = sorted(changed, key=lambda x: (not x.abrupt, -abs(x.pct if x.pct is not None else 1e9),
                                                -abs(x.change or 0)))
    key_facts = sorted(c.facts, key=lambda f: -abs(f.pct if f.pct is not None else 1e9))
    paras = Counter(p.status for p in c.paragraphs)
    cells = Counter(x.status for x in c.cells)
    return {
        "top_sections": [{"id": s.id, "label": s.label, "reuse": s.reuse, "change": round(1 - s.reuse, 4),
                          "chars_new": s.chars_new} for s in ranked[:top]],
        "only_in_old": [s.label for s in c.sections if s.status == "old_only"],
        "only_in_new": [s.label for s in c.sections if s.status == "new_only"],
        "key_cells": [{"id": x.id, "label": x.label, "old": x.old, "new": x.new, "change": x.change,
                       "pct": x.pct, "abrupt": x.abrupt} for x in key_cells[:top]],
        "key_facts": [{"metric": f.metric, "unit": f.unit, "old": f.old, "new": f.new, "change": f.change,
                       "pct": f.pct} for f in key_facts[:top]],
        "counts": {
            "paragraphs": {k: paras.get(k, 0) for k in ("unchanged", "modified", "added", "removed")},
            "cells": {"same": same_cells, "changed": cells.get("changed", 0),
                      "old_only": cells.get("old_only", 0), "new_only": cells.get("new_only", 0),
                      "abrupt": sum(x.abrupt for x in c.cells)},
            "facts_changed": len(c.facts),
            "claims": dict(Counter(x.status for x in c.claims)),
            "passages": len(c.passages),
            "checks_failed": len(c.failed_checks()),
        },
    }


def notes_for(old: Report, new: Report) -> list[str]:
    """What makes this pair unusual: other issuers, years that do not follow, other templates."""
    from ..link.series import normalize_issuer   # the link rules load only when needed
    notes = []
    mo, mn = old.meta, new.meta
    ko, kn = normalize_issuer(mo.issuer), normalize_issuer(mn.issuer)
    if ko and kn and ko != kn:
        notes.append(f"different issuers: {mo.issuer} (old) and {mn.issuer} (new); compared all the same")
    elif not (ko and kn):
        notes.append("the issuer of " + " and ".join(n for n, k in (("the old report", ko), ("the new report", kn))
                                                      if not k) + " is unknown")
    if mo.year and mn.year:
        if mn.year == mo.year:
            notes.append(f"both reports are for {mn.year}: no carry-over or 比上年 claim can be checked")
        elif mn.year < mo.year:
            notes.append(f"the new report ({mn.year}) is older than the old one ({mo.year}); compared as given")
        elif mn.year - mo.year > 1:
            notes.append(f"years {mo.year} and {mn.year} are not consecutive: carry-overs and 比上年 claims "
                         "are not checked")
    else:
        notes.append("the year of a report is unknown: carry-overs and 比上年 claims are not checked")
    if mo.template and mn.template and mo.template != mn.template:
        notes.append(f"templates differ ({mo.template} → {mn.template}): cells of one template only are "
                     "listed as old_only / new_only")
    for side, r in (("old", old), ("new", new)):
        if r.meta.doc_type not in ("annual_report", None):
            notes.append(f"the {side} report is not an annual report ({r.meta.doc_type})")
        if not (r.text or "").strip():
            notes.append(f"the {side} report has no text (analysed with --no-text?): text reuse not computed")
        elif not r.cells:
            notes.append(f"the {side} report has no table cells")
        if r.meta.partial:
            notes.append(f"the {side} report was only partly analysed: {'; '.join(r.meta.warnings[:2])}")
    return notes
