"""Table shapes and files from other publishing tools: tables turned over, table 四 in stacked blocks,
Word-saved HTML, Word tables in text boxes / frames / content controls, HTML tables inside markdown.

``turn`` swaps a printed table's rows and columns (spans swapped too); ``t4_blocks`` prints table 四
as a 行政复议 block over a 行政诉讼 block (one table, or two); ``word_html_*`` write what Word's
"save as web page" writes (gb2312, MsoNormal paragraphs, digits split over <span>s, <o:p>,
&nbsp; blank cells, the supportMisalignedColumns spacer row); ``docx_wrapped`` puts each table of
a .docx in a text box (with the VML fallback copy Word writes), a one-cell frame table or a
content control; ``html_in_markdown`` keeps a table as raw HTML in markdown.
"""
from __future__ import annotations

import copy
import html
import io
import re

from .file_layouts import _docx_table, html_table
from .printed import T4_HEAD, PCell, PrintedTable

WRAPS = ("textbox", "frame", "sdt")


def turn(table: PrintedTable) -> PrintedTable:
    """The table with rows and columns swapped: a cell at (row, column) spanning (rs, cs) moves to
    (column, row) spanning (cs, rs)."""
    origins, taken = [], set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            origins.append((c, r, PCell(cell.text, cell.cs, cell.rs, cell.kind)))
            taken.update((r + dr, c + dc) for dr in range(cell.rs) for dc in range(cell.cs))
            c += cell.cs
    rows: list = [[] for _ in range(1 + max(o[0] for o in origins))]
    for r, _, cell in sorted(origins, key=lambda o: (o[0], o[1])):
        rows[r].append(cell)
    return PrintedTable(table.tid, table.heading, rows, len(table.rows))


def t4_blocks(table: PrintedTable, two_tables: bool = False) -> list:
    """Table 四 (its last row the fifteen values) as a 行政复议 block over a 行政诉讼 block: one table
    whose first block is padded to the width of the second, or two tables."""
    vals = table.rows[-1]
    review = [[PCell("行政复议", cs=5, kind="header")], [PCell(x, kind="header") for x in T4_HEAD], vals[0:5]]
    suit = [[PCell("行政诉讼", cs=10, kind="header")],
            [PCell("未经复议直接起诉", cs=5, kind="header"), PCell("复议后起诉", cs=5, kind="header")],
            [PCell(x, kind="header") for x in T4_HEAD * 2], vals[5:15]]
    if two_tables:
        return [PrintedTable("t4", table.heading, review, 5), PrintedTable("t4", "", suit, 10)]
    review = [r + [PCell("", cs=5, kind="header" if k < 2 else "value")] for k, r in enumerate(review)]
    return [PrintedTable("t4", table.heading, review + suit, 10)]


def row_tables(table: PrintedTable, rng) -> str:
    """The table pasted one row per <table>: a span down several rows is cut to its first row."""
    out = []
    for row in table.rows:
        cells = [PCell(c.text, 1, c.cs, c.kind) for c in row]
        out.append(html_table(PrintedTable(table.tid, "", [cells], table.width), rng))
    return "".join(out)


# --- Word-saved HTML -----------------------------------------------------------------------------

def _word_runs(text: str) -> str:
    """Text as Word writes it: ASCII runs (digits) in lang=EN-US spans, split after two characters."""
    out = []
    for piece in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if piece.isascii():
            for k in range(0, len(piece), 2):
                out.append(f"<span lang=EN-US style='font-size:10.5pt'>{html.escape(piece[k:k + 2])}</span>")
        else:
            out.append(f"<span style='font-size:10.5pt;font-family:宋体'>{html.escape(piece)}</span>")
    return "".join(out)


def word_html_table(table: PrintedTable) -> str:
    """A table as Word saves it to HTML."""
    rows = []
    for k, row in enumerate(table.rows):
        cells = []
        for c in row:
            attrs = (f" rowspan={c.rs}" if c.rs > 1 else "") + (f" colspan={c.cs}" if c.cs > 1 else "")
            body = _word_runs(c.text) if c.text else "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
            cells.append(f"<td width={56 * c.cs}{attrs} valign=center style='border:solid windowtext 1.0pt;"
                         f"padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:center'>"
                         f"{body}<span lang=EN-US><o:p></o:p></span></p></td>")
        rows.append(f"<tr style='mso-yfti-irow:{k};height:19.85pt'>{''.join(cells)}</tr>")
    spacer = "".join("<td width=56 style='border:none'></td>" for _ in range(table.width))
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
            "border:none;mso-border-alt:solid windowtext .5pt'>" + "".join(rows) +
            f"<![if !supportMisalignedColumns]><tr height=0>{spacer}</tr><![endif]></table>")


def word_html_page(title: str, parts: list, frame=lambda markup: markup) -> bytes:
    """A Word-saved HTML page (gb2312): paragraphs (str) and tables (PrintedTable, passed through
    ``frame``) in order."""
    body = []
    for p in parts:
        if isinstance(p, PrintedTable):
            body.append(frame(word_html_table(p)))
        elif p:
            body.append(f"<p class=MsoNormal style='text-indent:32.0pt'>{_word_runs(p)}"
                        "<span lang=EN-US><o:p></o:p></span></p>")
    page = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
            '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">'
            f'<meta name=Generator content="Microsoft Word 15"><title>{html.escape(title)}</title>'
            "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
            "<style><!-- p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线;} --></style>"
            "</head><body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1 style='layout-grid:15.6pt'>"
            + "".join(body) + "</div></body></html>")
    return page.encode("gb18030")


def frame_html(markup: str) -> str:
    """A table inside a one-cell frame table (a frame the editor drew around it)."""
    return f'<table width="100%" border="0"><tr><td align="center">{markup}</td></tr></table>'


def html_in_markdown(table: PrintedTable) -> list:
    """Lines of the table as a raw HTML block inside markdown (spans kept)."""
    rows = []
    for row in table.rows:
        cells = "".join(f"<td{f' rowspan={c.rs}' if c.rs > 1 else ''}{f' colspan={c.cs}' if c.cs > 1 else ''}>"
                        f"{html.escape(c.text)}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return ["", "<table>", *rows, "</table>", ""]


# --- DOCX ----------------------------------------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_V = "urn:schemas-microsoft-com:vml"


def _textbox_run(tbl):
    """A w:r holding the table in a text box: the DrawingML shape and the VML fallback copy Word writes."""
    from docx.oxml.ns import qn
    from lxml import etree

    def content(t):
        box = etree.Element(qn("w:txbxContent"))
        box.append(t)
        box.append(etree.Element(qn("w:p")))
        return box
    run = etree.Element(qn("w:r"))
    alt = etree.SubElement(run, f"{{{_MC}}}AlternateContent")
    choice = etree.SubElement(alt, f"{{{_MC}}}Choice", Requires="wps")
    shape = etree.SubElement(etree.SubElement(choice, qn("w:drawing")), f"{{{_WPS}}}wsp")
    etree.SubElement(shape, f"{{{_WPS}}}txbx").append(content(copy.deepcopy(tbl)))
    pict = etree.SubElement(etree.SubElement(alt, f"{{{_MC}}}Fallback"), qn("w:pict"))
    etree.SubElement(etree.SubElement(pict, f"{{{_V}}}shape"), f"{{{_V}}}textbox").append(content(tbl))
    return run


def _wrap(doc, tbl, how: str) -> None:
    """Move ``tbl`` (just added at the end of the body) into a text box, a frame table or a content control."""
    from docx.oxml import OxmlElement
    parent = tbl.getparent()
    at = parent.index(tbl)
    if how == "frame":
        outer = doc.add_table(rows=1, cols=1)._tbl
        tc = outer.tr_lst[0].tc_lst[0]
        tc.insert(len(tc) - 1, tbl)
        parent.insert(at, outer)
    elif how == "sdt":
        sdt = OxmlElement("w:sdt")
        sdt.append(OxmlElement("w:sdtPr"))
        inner = OxmlElement("w:sdtContent")
        sdt.append(inner)
        parent.insert(at, sdt)
        inner.append(tbl)
    else:   # textbox
        p = OxmlElement("w:p")
        parent.insert(at, p)
        p.append(_textbox_run(tbl))


def docx_wrapped(title: str, parts: list, how) -> bytes:
    """A .docx whose tables sit inside text boxes, frame tables or content controls: ``how`` is one of
    WRAPS, or a function giving one per table."""
    import docx
    d = docx.Document()
    d.add_paragraph(title)
    for p in parts:
        if isinstance(p, PrintedTable):
            _docx_table(d, p)
            _wrap(d, d.tables[-1]._tbl, how(p) if callable(how) else how)
        elif p:
            d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
