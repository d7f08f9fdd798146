"""Leave out a table whose own identities contradict it, rather than emit cells in the wrong rows.

Text copied from a PDF in reading order interleaves the rows of a table; when
no reading establishes which value belongs to which row, the parsers may still
place values by order. The template identities tell: a table read right passes
them (a printing error fails one or two among many), a table read wrong fails
as many as it passes. Such a table's cells are left out with a warning, and the
thresholds live in data/table_labels.yaml (``guard``). Table 二 has no identity:
it is left out when its column headings print inside table 三's text, the tell
that reading order carried its values away from their labels.
"""
from __future__ import annotations

import re

from .label_match import compact, config


def contradicted_tables(checks) -> dict:
    """Tables whose failing identities reach ``fail_ratio`` times the passing ones and ``min_failed``
    (data/table_labels.yaml ``guard.tables``): table id → (failed, passed)."""
    out = {}
    for tid, limits in config()["guard"]["tables"].items():
        own = [c for c in checks if c.rule.startswith(tid + ".") and not c.rule.endswith(".split")]
        failed = sum(c.status == "fail" for c in own)
        passed = sum(c.status == "pass" for c in own)
        if failed >= max(limits["min_failed"], limits["fail_ratio"] * passed):
            out[tid] = (failed, passed)
    return out


def warning(tid: str, failed: int, passed: int, cells: int) -> str:
    """The warning that says a table's cells were left out, and why."""
    return (f"tables: {tid}'s rows could not be established ({failed} of its identities fail, {passed} pass); "
            f"its {cells} cell(s) were left out — check the table by hand or supply the file with its table grid")


def t2_headers_in(t3_text: str) -> list:
    """Table 二's column headings printed inside table 三's text (现行有效件数 after 三、…): a PDF copied in
    reading order carried part of table 二 past its end, so its values were placed by order alone."""
    text = compact(t3_text)
    names = config()["t2"]["column_names"]
    return [c for c, pat in names.items() if re.search(pat, text)]


def t2_warning(headings: list, cells: int) -> str:
    """The warning that says table 二's cells were left out, and why."""
    return (f"tables: t2's column heading(s) {', '.join(headings)} print inside table 三 (text copied in reading "
            f"order); its {cells} cell(s) cannot be placed in rows and were left out — check table 二 by hand")
