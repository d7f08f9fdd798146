"""Tell a table cut short by the end of the document from a table printed in full.

A page that stops mid-report (a crawler that saved half a page, a PDF
missing its last pages) leaves the last table without its final rows and the
later tables out altogether. When the text ends inside or right after the last
table read, the rows and tables never printed are listed so that the step can
flag the report as partial and say what is missing.
"""
from __future__ import annotations

import re
from typing import Optional

from .identities import TABLE_NAMES
from .label_match import rows as label_rows
from .regions import patterns
from .results import TableResult

# After the last table, this much text without a sentence (。) still counts as the end of the document.
TAIL_CHARS = 80


def _rows_read(tid: str, res: TableResult) -> set:
    """Rows of table ``tid`` that were read: cells, blank slots or pending."""
    ids = [c.id for c in res.cells] + list(res.blanks) + [cid for p in res.pending for cid in p.columns]
    return {cid.rsplit(".", 1)[0][len(tid) + 1:] for cid in ids if cid.startswith(tid + ".")}


def _template_rows(tid: str, template: Optional[str], read: set) -> list[str]:
    """The rows (groups for table 四) the template prints, in order."""
    one_other = "result.other" in read and not any(r.startswith("result.other.") for r in read)
    out = []
    for spec in label_rows(tid):
        if tid == "t3" and (spec.optional or (one_other and spec.id.startswith("result.other."))):
            if spec.id in read:
                out.append(spec.id)
            continue
        if tid == "t2" or spec.allowed(template):
            out.append(spec.id)
    return out


def _ends_after(text: str, pos: int) -> bool:
    """Whether nothing but page furniture or a cut-off row follows ``pos`` in the text."""
    tail = text[pos:]
    footer = patterns()["footer"]
    tail = "\n".join(line for line in tail.split("\n") if not footer.match(line)).strip()
    return len(tail) <= TAIL_CHARS and "。" not in tail and not re.search(r"[五六七]\s*、", tail)


def missing_after_cut(tables: dict, text: str, template: Optional[str]) -> Optional[str]:
    """What the end of the document cut off, as a message, or None when the tables end normally.

    ``tables`` maps t2/t3/t4 to their TableResult (norm offsets); ``text`` is
    the normalised text.
    """
    found = [(res.end, tid) for tid, res in tables.items() if res.end is not None and (res.cells or res.pending)]
    if not found:
        return None
    end, last = max(found)
    if not _ends_after(text, end):
        return None
    read = _rows_read(last, tables[last])
    order = _template_rows(last, template, read)
    seen = [i for i, r in enumerate(order) if r in read]
    lost = order[max(seen) + 1:] if seen else order
    later = [t for t in ("t2", "t3", "t4") if t > last and t not in tables]
    if last == "t2":
        lost = []   # table 二 has no fixed last row; the tables after it tell the cut
    if not lost and not later:
        return None
    parts = []
    if lost:
        shown = ", ".join(f"{last}.{r}" for r in lost[:6]) + (f" (+{len(lost) - 6} more)" if len(lost) > 6 else "")
        parts.append(f"rows of table {TABLE_NAMES[last]} not printed: {shown}")
    if later:
        parts.append("table " + "、".join(TABLE_NAMES[t] for t in later) + " not printed")
    return (f"tables: the document stops inside table {TABLE_NAMES[last]}; " + "; ".join(parts) +
            " — the page looks cut short: read the complete report for these figures")
