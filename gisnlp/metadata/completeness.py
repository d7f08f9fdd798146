"""Truncated reports: a 2019/2021-template report whose text stops before its last parts.

The page or file was cut (a crawler stopped, a PDF lost its last pages): the report gets
``meta.partial`` and a warning naming the parts that are missing. Judged only when at least
one of the six parts is found: a report that stops before parts 五 and 六 (with two parts or
more found, or a part and the template's tables), or whose last line ends mid-sentence before
part 六, is cut. Older reports
(pre2019) follow no fixed part list and are not judged.
"""
from __future__ import annotations

from .cues import cues
from .evidence import BodyEvidence

_ORDER = "一二三四五六"


def missing_parts(ev: BodyEvidence) -> list[str]:
    """Labels of the parts missing from a cut report ('五、存在的主要问题及改进情况'…), or []
    when the report does not look cut."""
    c = cues()
    if not ev.parts:
        return []
    last = max(_ORDER.index(n) for n in ev.parts)
    mid_sentence = bool(ev.last_line) and not c.sentence_end.search(ev.last_line)
    cut = (last <= 3 and (len(ev.parts) >= 2 or ev.table_labels >= 1)) or (last < 5 and mid_sentence)
    if not cut:
        return []
    return [f"{num}、{label}" for num, label, _ in c.parts if num not in ev.parts]


def truncation_warning(missing: list[str], ev: BodyEvidence) -> str:
    """The warning for a cut report: what is missing and what to do."""
    last = max(ev.parts, key=_ORDER.index)
    ending = "; its last line ends mid-sentence" if ev.last_line and not cues().sentence_end.search(ev.last_line) else ""
    return (f"the report seems cut short: its text stops after part {last}{ending}, and these parts are "
            f"missing: {'；'.join(missing)}. Tables and checks of the missing parts are absent; analyse "
            f"the complete report (for a web page, its PDF or Word attachment) to get them")
