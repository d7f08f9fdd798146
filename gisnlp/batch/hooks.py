"""Steps for testing and benchmarking a batch (add them with ``gisnlp tag --add-step``).

``gisnlp.batch.hooks:make_sleep`` slows documents down (all, or those whose text
holds a marker) so that timeouts, progress and interruption can be exercised.
"""
from __future__ import annotations

import os
import time

from ..report import Report


def make_sleep(seconds: float = 0.0, marker: str | None = None, pidfile: str | None = None):
    """Step: sleep ``seconds`` on every document, or only on those containing ``marker``
    (appending the sleeping process id to ``pidfile``, so a test can check it was killed)."""
    def sleep_step(report: Report) -> Report:
        """Sleep on the documents the step was made for."""
        if marker is None or marker in report.text:
            if pidfile:
                with open(pidfile, "a") as f:
                    f.write(f"{os.getpid()}\n")
            time.sleep(seconds)
        return report
    return sleep_step


def make_crash(marker: str = "GISNLP_TEST_CRASH"):
    """Step: kill the worker process outright on documents containing ``marker``."""
    def crash_step(report: Report) -> Report:
        """End the worker process on a marked document."""
        if marker in report.text:
            os._exit(3)
        return report
    return crash_step


def make_hog(megabytes: int = 0, marker: str = "GISNLP_TEST_HOG"):
    """Step: allocate ``megabytes`` on documents containing ``marker`` (memory-cap tests)."""
    def hog_step(report: Report) -> Report:
        """Allocate the configured memory on a marked document."""
        if marker in report.text:
            block = bytearray(megabytes * 1024 * 1024)
            report.warn(f"allocated {len(block)} bytes")
        return report
    return hog_step
