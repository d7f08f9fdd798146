"""Document type (schema: annual_report | work_plan | other) from the title, else the body.

A title that says what the document is decides, except that a full report body (the
template's parts and its tables) outweighs a title of another kind of document (工作总结,
通知…). Without a title the body decides: enough of the six parts or of the table labels make
an annual report even when it mentions 工作要点; plan cues (关于印发…工作要点, 现就…提出如下要点)
make a work plan; an older report is recognised by its words (主动公开, 依申请, 行政复议 and
年度报告/主动公开政府信息情况). Anything else is other.
"""
from __future__ import annotations

from .cues import cues
from .evidence import BodyEvidence


def type_from_title(title: str, ev: BodyEvidence) -> str | None:
    """annual_report | work_plan | other when the title says so, else None."""
    c = cues()
    if not title:
        return None
    if c.title_not_report.search(title):
        return "other"
    if c.issues_plan.search(title):
        return "work_plan"
    if c.title_other.search(title):
        return "annual_report" if ev.full_report and ev.table_labels else "other"
    if c.title_plan.search(title) and c.disclosure.search(title) and not c.title_report.search(title):
        return "work_plan"
    if c.title_report.search(title) and "公开" in title:
        return "annual_report"
    return None


def type_from_body(ev: BodyEvidence) -> str:
    """annual_report | work_plan | other from the body alone."""
    if ev.full_report:
        return "annual_report"
    if ev.plan_cues:
        return "work_plan"
    return "annual_report" if ev.old_report else "other"


def detect_doc_type(titles, ev: BodyEvidence) -> str:
    """The type the first telling title gives (the text's title, then the container's), else
    the body's."""
    for title in titles:
        found = type_from_title(title, ev)
        if found:
            return found
    return type_from_body(ev)
