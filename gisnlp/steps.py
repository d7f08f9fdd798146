"""Small built-in steps that need no module of their own."""
from __future__ import annotations

from .normalize import normalize
from .report import Report


def make_normalize(convert: bool | None = None):
    """Step: build ``report.norm`` (simplified, half-width, debris removed, offset map)."""
    def normalize_step(report: Report) -> Report:
        report.norm = normalize(report.text, convert=convert)
        report.meta.chars = len(report.text)
        if report.norm.text != report.text and convert is not False:
            from .normalize import is_traditional
            if is_traditional(report.text):
                report.meta.script = "traditional"
        return report
    return normalize_step
