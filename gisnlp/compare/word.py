"""A comparison as a Word document (python-docx), the form evaluators circulate.

Summary (reuse rates, notes, counts, failed checks), then each aligned section
as a two-column table (OLD | NEW paragraph by paragraph, with the status of
each pair), then the table cells that changed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..report import Report
from .model import Comparison, ParagraphDiff

_STATUS_ZH = {"unchanged": "未变", "modified": "修改", "added": "新增", "removed": "删除"}
_RATES = (("text", "文字重复率"), ("tables", "表格重复率"), ("overall", "总体重复率"))


def _pct(v: Optional[float]) -> str:
    return "—" if v is None else f"{v:.0%}"


def _num(v: Optional[float], sign: bool = False) -> str:
    if v is None:
        return ""
    return f"{v:+g}" if sign else f"{v:g}"


def _span(text: str, a: Optional[int], b: Optional[int]) -> str:
    return " ".join((text or "")[a:b].split()) if a is not None and b is not None else ""


def _table(doc, header: list[str], rows: list[list[str]]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, header):
        cell.text = h
    for row in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, row):
            cell.text = v
    return t


def _section_rows(paras: list[ParagraphDiff], old: Report, new: Report) -> list[list[str]]:
    rows = []
    for p in sorted(paras, key=lambda p: (p.new_start if p.new_start is not None else 10 ** 9,
                                          p.old_start or 0)):
        note = _STATUS_ZH.get(p.status, p.status)
        if p.changes:
            note += "：" + "；".join(f"{w.old or '∅'}→{w.new or '∅'}" for w in p.changes[:6])
        rows.append([_span(old.text, p.old_start, p.old_end), _span(new.text, p.new_start, p.new_end), note])
    return rows


def build_document(c: Comparison, old: Report, new: Report):
    """The python-docx Document of a comparison."""
    from docx import Document
    doc = Document()
    doc.add_heading(f"{c.new.issuer or c.new.doc_id} 政务公开年报比对 {c.old.year or ''} vs {c.new.year or ''}", 0)
    doc.add_paragraph("   ".join(f"{zh}: {_pct(c.reuse.get(k))}" for k, zh in _RATES))
    for n in c.notes:
        doc.add_paragraph(n, style="List Bullet")
    doc.add_heading("摘要 Summary", 1)
    counts = c.summary.get("counts", {})
    paras = counts.get("paragraphs", {})
    doc.add_paragraph("段落：" + "，".join(f"{_STATUS_ZH.get(k, k)} {v}" for k, v in paras.items())
                      + f"；表格单元格变化 {counts.get('cells', {}).get('changed', 0)}"
                      + f"（突变 {counts.get('cells', {}).get('abrupt', 0)}）；数字变化 {counts.get('facts_changed', 0)}")
    for s in c.summary.get("top_sections", []):
        doc.add_paragraph(f"{s['label']}：重复率 {_pct(s['reuse'])}", style="List Bullet")
    failed = c.failed_checks()
    if failed:
        doc.add_heading("未通过的核对 Failed checks", 2)
        _table(doc, ["rule", "detail"], [[x.rule, x.detail] for x in failed])
    doc.add_heading("章节对照 Aligned sections", 1)
    for s in c.sections:
        doc.add_heading(f"{s.label}（{s.status}，重复率 {_pct(s.reuse)}）", 2)
        rows = _section_rows([p for p in c.paragraphs if p.section == s.id], old, new)
        if rows:
            _table(doc, [str(c.old.year or "old"), str(c.new.year or "new"), "状态"], rows)
        else:
            doc.add_paragraph("仅表格或模板文字。")
    doc.add_heading("表格变化 Table changes", 1)
    changed = [x for x in c.cells if x.status != "same"]
    _table(doc, ["单元格", str(c.old.year or "old"), str(c.new.year or "new"), "变化", "%", "说明"],
           [[x.label, _num(x.old), _num(x.new), _num(x.change, True),
             "" if x.pct is None else f"{x.pct:+.1f}", x.why or x.status] for x in changed])
    return doc


def write_comparison_docx(c: Comparison, old: Report, new: Report, path) -> Path:
    """Write the Word document of a comparison to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_document(c, old, new).save(str(path))
    return path
