"""Recompute stated shares (约占…35.6%) from the linked cells.

The numerator is the nearest linked count before the share in its sentence —
unless the share's own clause names its subject (予以公开的占办结总数的80%): then
it is the count of the sentence stated under that name, and without one no
share is checked. The denominator is named between them (新收申请量 / 答复数 …) or follows from
the numerator's row. Reports mix denominators in one paragraph, so the
sentence decides, not a fixed convention.
"""
from __future__ import annotations

import re
from typing import Optional

from ..report import Check, Report
from .agreement import compact_id, format_number
from .context import FactContext
from .rules import RuleSet


_DECIMAL = re.compile(r"\d+(?:[.．](\d+))?")
# A subject this short is no name (一是占…).
_SUBJECT_MIN_CHARS = 2


def _decimals(text: str) -> int:
    """Decimal places of the first number in ``text`` (35.6% -> 1)."""
    m = _DECIMAL.search(text)
    return len(m.group(1)) if m and m.group(1) else 0


def _denominator(rules: RuleSet, between: str, num_cells: list[str]) -> Optional[list[str]]:
    """The cells a share divides by: named between numerator and share, else by the numerator's row."""
    best, best_end = None, -1
    for pat, cells in rules.shares.denominators:
        for m in pat.finditer(between):
            if m.end() > best_end:
                best, best_end = cells, m.end()
    if best:
        return best
    for prefix, cells in rules.shares.by_row:
        if num_cells[0].startswith(prefix):
            return cells
    return None


def _numerator(facts, contexts: list[FactContext], earlier: list[int], ci: FactContext,
               subject_pattern: Optional[re.Pattern]) -> Optional[int]:
    """The linked count a share is of: the nearest before it in its sentence, or, when the
    share's clause names a subject (予以公开的占…), the one stated under that name (None
    when no count of the sentence is)."""
    m = subject_pattern.match(ci.label) if subject_pattern is not None else None
    subject = m.group("subject") if m else ""
    if len(subject) < _SUBJECT_MIN_CHARS:
        subject = ""
    for j in reversed(earlier):
        cj = contexts[j]
        if cj.start < ci.sentence_start or facts[j].kind == "share":
            return None
        if facts[j].kind == "count" and (facts[j].cell or facts[j].cells):
            if not subject or (cj.label and (subject in cj.label or cj.label.endswith(subject)
                                             or subject.endswith(cj.label))):
                return j
    return None


def audit_shares(report: Report, contexts: list[FactContext], rules: RuleSet) -> list[Check]:
    """``link.share.<cells>`` checks for the shares whose parts are linked."""
    values = {c.id: c.value for c in report.cells}
    text = report.norm.text
    facts = report.facts
    order = sorted(range(len(facts)), key=lambda i: contexts[i].start)
    out = []
    for k, i in enumerate(order):
        f = facts[i]
        if f.kind != "share" or f.unit not in ("%", ""):
            continue
        ci = contexts[i]
        num = _numerator(facts, contexts, order[:k], ci, rules.shares.subject)
        if num is None:
            continue
        num_cells = [facts[num].cell] if facts[num].cell else list(facts[num].cells)
        between = text[contexts[num].end:ci.start]
        den_cells = _denominator(rules, between, num_cells)
        if not den_cells or not all(c in values for c in num_cells + den_cells):
            continue
        n = sum(values[c] for c in num_cells)
        d = sum(values[c] for c in den_cells)
        if not d:
            continue
        pct = 100.0 * n / d
        tol = 10.0 ** -_decimals(f.text) + 1e-9
        ok = abs(pct - float(f.value)) <= tol
        out.append(Check(
            rule=f"link.share.{compact_id(num_cells)}", status="pass" if ok else "fail",
            cells=num_cells + den_cells,
            detail=(f"stated {f.text.strip()} ; recomputed {format_number(n)}/{format_number(d)} = {pct:.2f}% "
                    f"({compact_id(num_cells)} / {compact_id(den_cells)})"
                    + ("" if ok else f"; the stated share is off by {abs(pct - float(f.value)):.2f} "
                       f"percentage points (allowed: {tol:.2g})")),
            facts=[num, i]))
    return out
