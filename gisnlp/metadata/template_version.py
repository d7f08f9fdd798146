"""Template version of an annual report: 2019 | 2021 | pre2019 | None.

From the table labels first (table 二: 本年制发件数… is 2021, 本年新制作数量… is 2019; the set
with more labels present wins), else from the year reported on (2019–2020 -> 2019, 2021 on ->
2021, before 2019 -> pre2019). A report about a year before 2019 with at most one stray label
is pre2019: the 2019 template's tables did not exist yet. A report from 2019 on that shows no
template at all (see ``shows_template``) is None: a company's or a school's report under its own
rule has none.
"""
from __future__ import annotations

from typing import Optional

from .cues import cues
from .evidence import BodyEvidence


def template_from_year(year: Optional[int]) -> Optional[str]:
    """2021 from 2021 on, 2019 for 2019–2020, pre2019 before; None without a year."""
    if year is None:
        return None
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"


def detect_template(text: str, year: Optional[int], doc_type: str,
                    evidence: Optional[BodyEvidence] = None) -> Optional[str]:
    """The template version of an annual report (None for other document types, and for a
    report whose ``evidence`` shows no template; without ``evidence`` the year decides)."""
    if doc_type != "annual_report":
        return None
    c = cues()
    n2021 = sum(1 for k in c.template_2021 if k in text)
    n2019 = sum(1 for k in c.template_2019 if k in text)
    if year is not None and year < 2019 and max(n2021, n2019) <= 1:
        return "pre2019"
    if n2021 != n2019:
        return "2021" if n2021 > n2019 else "2019"
    if evidence is not None and not n2021 and not shows_template(text, evidence):
        return None
    return template_from_year(year)


def shows_template(text: str, evidence: BodyEvidence) -> bool:
    """Something in the text is the national template's: a table label, a citation of its 格式,
    or, in a report under no other rule, a heading of a part only the template has or words naming
    government information disclosure (the kind of report the template is for)."""
    c = cues()
    if evidence.table_labels or c.template_citation.search(text):
        return True
    return not evidence.other_rule and bool(c.template_parts & evidence.parts.keys()
                                            or c.government_disclosure.search(text))
