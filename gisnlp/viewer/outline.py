"""The outline of a report page: its headings, without the table row labels, or the template's parts.

The structure step marks every numbered line as a heading, and the row labels
of a table printed as text (一、本年新收政府信息公开申请数量, （三）不予公开) are
numbered lines too. The outline leaves out headings inside ``report.table_spans``
(the structure step cannot know where tables are; the tables step can). A report
run into one line has no headings at all: its outline is then the parts of the
national template (``outline_parts`` in ``data/viewer_tables.yaml``) where they
occur in the text, so the reader can still jump to them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..report import Report
from .table_layout import outline_parts


@dataclass
class OutlineEntry:
    """One line of the outline: a span of ``report.text`` to jump to, and its label."""

    start: int
    end: int
    level: int
    label: str
    heading: int = -1                   # index into Report.headings, -1 for a template part


def build_outline(report: Report) -> list[OutlineEntry]:
    """The headings outside tables, in text order; the template's parts when there are none."""
    text = report.text or ""
    tables = [(t[0], t[1]) for t in report.table_spans if len(t) >= 2]
    out = []
    for i, h in enumerate(report.headings):
        if not (isinstance(h.start, int) and 0 <= h.start < len(text)):
            continue
        if any(s <= h.start < e for s, e in tables):
            continue                    # a row label of a table printed as text
        label = text[h.start:h.end].strip() if h.end > h.start else f"{h.marker}{h.title}"
        out.append(OutlineEntry(h.start, h.end, h.level, label, i))
    return out or template_parts(text)


def template_parts(text: str) -> list[OutlineEntry]:
    """The template's parts found in ``text``, in order (offsets into the text as read)."""
    from ..normalize import is_traditional, normalize
    if not text:
        return []
    norm = normalize(text, convert=is_traditional(text))
    out, pos = [], 0
    for part in outline_parts():
        numbered = re.compile(rf"{part['number']}\s*[、.．，]\s*(?:{part['pattern']})")
        m = numbered.search(norm.text, pos) or re.compile(part["pattern"]).search(norm.text, pos)
        if not m:
            continue
        start, end = norm.span_to_orig(m.start(), m.end())
        out.append(OutlineEntry(start, end, 1, part["title"]))
        pos = m.end()
    return out
