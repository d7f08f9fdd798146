"""Step: carry OCR confidence into the cells and facts read from OCR'd text.

A reader that OCR'd a page gives, with the text, runs ``(start, end,
confidence)`` saying how sure the engine was of each character
(``Report.ocr_confidence``). This step runs after the tables, facts and links
have been made (it needs no change to those steps): a cell's confidence
(how sure the table parser is of its label match) is multiplied by the lowest
OCR confidence of the characters of its number, and a fact takes the lowest
OCR confidence of the characters of its expression. Text that is not OCR'd
has no runs, so nothing changes for it (``Fact.confidence`` stays None).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from .report import Report


class ConfidenceMap:
    """Lowest OCR confidence over a span of the text, from sorted, disjoint runs."""

    def __init__(self, runs: list[tuple[int, int, float]]):
        self.runs = sorted(runs)
        self.starts = [r[0] for r in self.runs]
        values = sorted(r[2] for r in self.runs)
        self.default = values[len(values) // 2] if values else None

    def lowest(self, start: Optional[int], end: Optional[int]) -> Optional[float]:
        """The lowest confidence of the runs overlapping ``[start, end)``.

        A span no run covers (text the aligner could not place) gets the
        document's median confidence rather than none.
        """
        if start is None or end is None or not self.runs:
            return None
        k = max(0, bisect_right(self.starts, start) - 1)
        found = []
        while k < len(self.runs) and self.runs[k][0] < end:
            s, e, conf = self.runs[k]
            if e > start:
                found.append(conf)
            k += 1
        return min(found) if found else self.default


def apply(report: Report) -> Report:
    """Lower cell confidences and set fact confidences from ``report.ocr_confidence``."""
    if not report.ocr_confidence:
        return report
    conf = ConfidenceMap(report.ocr_confidence)
    for cell in report.cells:
        ocr = conf.lowest(cell.start, cell.end)
        if ocr is not None:
            cell.confidence = round(cell.confidence * ocr, 3)
    for fact in report.facts:
        fact.confidence = conf.lowest(fact.start, fact.end)
    return report


def make_ocr_confidence():
    """Step factory: ``apply`` (no options)."""
    return apply
