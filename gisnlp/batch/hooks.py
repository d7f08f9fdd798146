"""Steps for testing and benchmarking a batch (add them with ``gisnlp tag --add-step``).

``gisnlp.batch.hooks:make_sleep`` slows documents down (all, or those whose text
holds a marker) so that timeouts, progress and interruption can be exercised.
"""
from __future__ import annotations

import time

from ..report import Report


def make_sleep(seconds: float = 0.0, marker: str | None = None):
    """Step: sleep ``seconds`` on every document, or only on those containing ``marker``."""
    def sleep_step(report: Report) -> Report:
        if marker is None or marker in report.text:
            time.sleep(seconds)
        return report
    return sleep_step


def make_crash(marker: str = "GISNLP_TEST_CRASH"):
    """Step: kill the worker process outright on documents containing ``marker``."""
    def crash_step(report: Report) -> Report:
        if marker in report.text:
            import os
            os._exit(3)
        return report
    return crash_step
