"""Template version of an annual report: 2019 | 2021 | pre2019 | None.

From the table labels first (table 二: 本年制发件数… is 2021, 本年新制作数量… is 2019; the set
with more labels present wins), else from the year reported on (2019–2020 -> 2019, 2021 on ->
2021, before 2019 -> pre2019). A report about a year before 2019 with at most one stray label
is pre2019: the 2019 template's tables did not exist yet.
"""
from __future__ import annotations

from typing import Optional

from .cues import cues


def template_from_year(year: Optional[int]) -> Optional[str]:
    """2021 from 2021 on, 2019 for 2019–2020, pre2019 before; None without a year."""
    if year is None:
        return None
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"


def detect_template(text: str, year: Optional[int], doc_type: str) -> Optional[str]:
    """The template version of an annual report (None for other document types)."""
    if doc_type != "annual_report":
        return None
    c = cues()
    n2021 = sum(1 for k in c.template_2021 if k in text)
    n2019 = sum(1 for k in c.template_2019 if k in text)
    if year is not None and year < 2019 and max(n2021, n2019) <= 1:
        return "pre2019"
    if n2021 != n2019:
        return "2021" if n2021 > n2019 else "2019"
    return template_from_year(year)
