"""The ``normalize`` pipeline step: ``report.norm`` and the script the text was read in."""
from __future__ import annotations

from typing import Optional

from .normalize import is_traditional, normalize
from .report import Report


def make_normalize(convert: Optional[bool] = None):
    """Step factory: build ``report.norm`` (simplified, half-width, debris removed, offset map).

    ``convert``: traditional -> simplified always (True), never (False), or
    when the text uses traditional characters (None, the default).
    """
    def normalize_step(report: Report) -> Report:
        """Set ``report.norm``, ``meta.chars`` and ``meta.script``."""
        report.norm = normalize(report.text, convert=convert)
        report.meta.chars = len(report.text)
        if report.norm.text != report.text and convert is not False:
            if is_traditional(report.text):
                report.meta.script = "traditional"
        return report
    return normalize_step
