"""Score a parsed report against its generated sample: cells and identity checks.

Cells are compared as (id, value). A row the parser leaves pending (a
flattened row that splits consistently in several ways) is not guessed; its
cells count as ``soft`` — neither found nor missed — when one of the
candidates listed is the true split, and as missed otherwise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

IDENTITY_RULES = ("t3.balance.", "t3.row_sum.", "t3.result_sum.", "t4.sum.")


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


@dataclass
class Score:
    """Counts for one or many reports."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    soft: int = 0
    identities_expected: int = 0
    identities_run: int = 0
    identities_passed: int = 0
    identities_unknown: int = 0
    reports: int = 0
    wrong: list = field(default_factory=list)     # (id, predicted, expected)
    missed: list = field(default_factory=list)    # (id, expected)
    tables: dict = field(default_factory=dict)    # "t2" / "t3" / "t4" -> [tp, fp, fn]

    def add(self, other: "Score") -> None:
        """Add another score's counts (and keep a few examples of its errors)."""
        for name in ("tp", "fp", "fn", "soft", "identities_expected", "identities_run", "identities_passed",
                     "identities_unknown", "reports"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for t, counts in other.tables.items():
            self.tables[t] = [a + b for a, b in zip(self.tables.get(t, [0, 0, 0]), counts)]
        self.wrong += other.wrong[:5]
        self.missed += other.missed[:5]

    @property
    def precision(self) -> float:
        """Share of emitted cells that are right."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of printed cells read."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _soft_ids(report, expected: dict) -> set:
    """Cells of pending rows whose candidates include the true split."""
    out = set()
    for row in report.pending_rows:
        cols = list(row["columns"])
        truth = [expected.get(c) for c in cols]
        if any(t is None for t in truth):
            continue
        if any(all(_same(a, b) for a, b in zip(cand, truth)) for cand in row["candidates"]):
            out.update(cols)
    return out


def score_report(sample, report) -> Score:
    """Cell and identity counts of ``report`` (the pipeline's output on ``sample.data``)."""
    s = Score(reports=1)
    expected = sample.expected
    pred = {c.id: c.value for c in report.cells if c.id[:3] in ("t2.", "t3.", "t4.")}
    soft = _soft_ids(report, expected)
    for cid, v in pred.items():
        counts = s.tables.setdefault(cid[:2], [0, 0, 0])
        if cid in expected and _same(v, expected[cid]):
            s.tp += 1
            counts[0] += 1
        else:
            s.fp += 1
            counts[1] += 1
            s.wrong.append((cid, v, expected.get(cid)))
    for cid, v in expected.items():
        if cid in pred and _same(pred[cid], v):
            continue
        if cid in soft and cid not in pred:
            s.soft += 1
            continue
        s.fn += 1
        s.tables.setdefault(cid[:2], [0, 0, 0])[2] += 1
        if cid not in pred:
            s.missed.append((cid, v))
    checks = [c for c in report.checks if c.rule.startswith(IDENTITY_RULES)]
    s.identities_expected = sample.identities
    s.identities_run = sum(c.status in ("pass", "fail") for c in checks)
    s.identities_passed = sum(c.status == "pass" for c in checks)
    s.identities_unknown = sum(c.status == "unknown" for c in checks)
    return s
