"""Render the printed tables into HTML, DOCX and PDF files, read back through the package's readers.

HTML keeps rowspan/colspan and leaves blank cells empty (``<td></td>`` or
``&nbsp;``); DOCX builds Word tables with python-docx, merging cells for the
spans; PDF converts the DOCX with LibreOffice (``soffice --headless``), in one
batch per folder so that starting LibreOffice is paid once.
"""
from __future__ import annotations

import html
import io
import random
import shutil
import subprocess
from pathlib import Path

from .printed import PrintedTable, expand


def _td(text: str, rs: int, cs: int, rng: random.Random) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    body = html.escape(text) if text else rng.choice(["", "&nbsp;", " "])
    return f"<td{attrs}>{body}</td>"


def html_table(table: PrintedTable, rng: random.Random) -> str:
    """One <table> with the printed spans."""
    rows = ["<tr>" + "".join(_td(c.text, c.rs, c.cs, rng) for c in row) + "</tr>" for row in table.rows]
    return '<table border="1">' + "".join(rows) + "</table>"


def html_document(title: str, parts: list, rng: random.Random) -> bytes:
    """An HTML page: ``parts`` are paragraphs (str) or ready-made table markup (('table', markup))."""
    body = []
    for p in parts:
        if isinstance(p, tuple):
            body.append(p[1])
        elif p:
            body.append(f"<p>{html.escape(p)}</p>")
    page = (f"<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head><body>"
            f"<div class=\"nav\">首页 &gt; 政府信息公开 &gt; 年报</div><h1>{html.escape(title)}</h1>"
            + "".join(body) + "</body></html>")
    return page.encode("utf-8")


def html_one_grid(tables: list, rng: random.Random) -> str:
    """The three tables in one <table>: each heading a full-width row, then that table's rows."""
    width = max(t.width for t in tables)
    rows = []
    for t in tables:
        if t.heading:
            rows.append(f'<tr><td colspan="{width}">{html.escape(t.heading)}</td></tr>')
        rows += ["<tr>" + "".join(_td(c.text, c.rs, c.cs, rng) for c in row) + "</tr>" for row in t.rows]
    return '<table border="1">' + "".join(rows) + "</table>"


def docx_document(title: str, parts: list, label_chars: int = 0) -> bytes:
    """A .docx: paragraphs (str) and tables (PrintedTable) in order, merged cells for the spans.

    ``label_chars`` > 0 sets table 三 without borders and its label columns that
    many characters wide (labels wrap below their row's numbers in the PDF).
    """
    import docx
    doc = docx.Document()
    doc.add_paragraph(title)
    for p in parts:
        if isinstance(p, PrintedTable):
            _docx_table(doc, p, label_chars if p.tid == "t3" else 0)
        elif p:
            doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc, table: PrintedTable, label_chars: int = 0) -> None:
    """Add ``table`` to ``doc``: a grid of the matrix size, spans written as gridSpan / vMerge.

    The merge attributes are set on the cells' XML directly (python-docx's
    ``merge`` re-reads the whole grid at every call, seconds per table).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    matrix = expand(table)
    t = doc.add_table(rows=len(matrix), cols=len(matrix[0]))
    if label_chars:
        _narrow_labels(t, matrix, label_chars)
    else:
        t.style = "Table Grid"
    tcs = [list(row._tr.tc_lst) for row in t.rows]
    below: dict = {}          # (row, col) -> column span of a cell continuing a vertical merge
    for r, row in enumerate(matrix):
        for c, cell in enumerate(row):
            if cell is not None:
                for dr in range(1, cell.rs):
                    below[(r + dr, c)] = cell.cs
    for r, row in enumerate(matrix):
        drop = []
        for c, cell in enumerate(row):
            tc = tcs[r][c]
            span = cell.cs if cell is not None else below.get((r, c))
            if span is None:
                continue
            pr = tc.get_or_add_tcPr()
            if span > 1:
                gs = OxmlElement("w:gridSpan")
                gs.set(qn("w:val"), str(span))
                pr.append(gs)
                drop += tcs[r][c + 1:c + span]
            if cell is not None and cell.rs > 1:
                vm = OxmlElement("w:vMerge")
                vm.set(qn("w:val"), "restart")
                pr.append(vm)
            elif cell is None:
                pr.append(OxmlElement("w:vMerge"))
            if cell is not None and cell.text:
                tc.p_lst[0].add_r().text = cell.text
        for tc in drop:
            tc.getparent().remove(tc)


def _narrow_labels(t, matrix: list, chars: int) -> None:
    """Column widths of a borderless table: ``chars`` characters for each label column (no value in
    it), more for the value columns; every cell gets its column's width."""
    from docx.shared import Twips
    values = {c for row in matrix for c, cell in enumerate(row) if cell is not None and cell.kind == "value"}
    label = 216 + 215 * chars                           # twips: cell margins and the characters
    value = 1150                                        # a number of nine characters (1,234,567) fits
    widths = [value if c in values else label for c in range(len(matrix[0]))]
    t.autofit = False
    for c, w in enumerate(widths):
        t.columns[c].width = Twips(w)
    for row in t.rows:
        for c, tc in enumerate(row._tr.tc_lst):
            tc.width = Twips(widths[c])


def docx_to_pdf(docx_files: list[Path], out_dir: Path, timeout: int = 600) -> list[Path]:
    """Convert .docx files to PDF with LibreOffice in one run; returns the PDFs (cached if present)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    todo = [p for p in docx_files if not (out_dir / (p.stem + ".pdf")).exists()]
    if todo:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
        profile = out_dir / ".lo-profile"
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile.resolve()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir)] + [str(p) for p in todo],
                       check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [out_dir / (p.stem + ".pdf") for p in docx_files]


def pdf_text(pdf: Path, timeout: int = 60) -> str:
    """The PDF's text in reading order, as ``pdftotext`` without -layout prints it (what a reader copies)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("pdftotext is not installed: apt-get install poppler-utils")
    out = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], check=True, timeout=timeout,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return out.stdout.decode("utf-8")


def render_pdf_samples(samples: list, folder: Path) -> None:
    """Finish the samples of the ``pdf*`` layouts in place: their DOCX converted to PDF by LibreOffice
    (cached in ``folder`` by layout and seed), and for the ``*_reading_order`` layouts the PDF's
    reading-order text (a .txt) instead of the PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    todo = [s for s in samples if s.layout.startswith("pdf")]
    paths = []
    for s in todo:
        p = folder / f"{s.layout}-{s.seed}.docx"
        if not p.exists() or p.read_bytes() != s.data:
            p.write_bytes(s.data)
            p.with_suffix(".pdf").unlink(missing_ok=True)
        paths.append(p)
    for k in range(0, len(paths), 100):
        docx_to_pdf(paths[k:k + 100], folder)
    for s, p in zip(todo, paths):
        pdf = p.with_suffix(".pdf")
        if s.layout.endswith("_reading_order"):
            s.data, s.ext = pdf_text(pdf).encode("utf-8"), ".txt"
        else:
            s.data, s.ext = pdf.read_bytes(), ".pdf"


def have_soffice() -> bool:
    """Whether LibreOffice is available to render PDFs."""
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))
