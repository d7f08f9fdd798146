"""Layouts of other publishing tools: CMS page families, Word-saved HTML, other markdown converters,
scraped text with page debris inside the tables, Word tables in text boxes, frames and content controls.

Layout options (``doc.layout``):

    cms        trs (TRS WCM: <div class="TRS_Editor"> with its own <style>, <font> in cells) ·
               hanweb (大汉 jcms: layout tables, <!--<$[信息内容]>begin--> markers, index table, scripts) ·
               word (Word "save as web page": gb2312, MsoNormal paragraphs, digits split over <span>s,
               <o:p>, &nbsp; blank cells, the supportMisalignedColumns spacer row)
    frame      each data table inside a one-cell <table> (a frame the editor drew around it)
    md_grid    text_tables = grid: pandoc grid tables (+---+ borders, merged positions left blank)
    md_html    text_tables = html: markdown whose tables stay raw <table> HTML (converters that cannot
               express spans in pipes)
    debris     text scraped with the page's breadcrumb, font-size menu and print links inside table 三
    docx_wrap  textbox (each table inside a Word text box, with the VML fallback copy Word writes) ·
               frame (each table nested in a one-cell table) · sdt (each table inside a content control)
"""
from __future__ import annotations

import copy
import html
import io
import re
import unicodedata

from tablegen.file_layouts import _docx_table
from tablegen.printed import PrintedTable, expand

DEBRIS = ["当前位置：首页 > 政府信息公开 > 政府信息公开年报", "【字体：大 中 小】 【打印本页】 【关闭窗口】",
          "扫一扫在手机打开当前页"]


def frame(table_html: str, layout: dict) -> str:
    """The table inside a one-cell frame table when the layout asks for it."""
    if not layout.get("frame"):
        return table_html
    return f'<table width="100%" border="0"><tr><td align="center">{table_html}</td></tr></table>'


# --- HTML page families -------------------------------------------------------------------------

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


def _word_table(table: PrintedTable) -> str:
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
    spacer = "".join(f"<td width=56 style='border:none'></td>" for _ in range(table.width))
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
            "border:none;mso-border-alt:solid windowtext .5pt'>" + "".join(rows) +
            f"<![if !supportMisalignedColumns]><tr height=0>{spacer}</tr><![endif]></table>")


def _word_page(doc, parts: list) -> bytes:
    body = []
    for p in parts:
        if isinstance(p, PrintedTable):
            body.append(frame(_word_table(p), doc.layout))
        else:
            body.append(f"<p class=MsoNormal style='text-indent:32.0pt'>{_word_runs(p)}"
                        "<span lang=EN-US><o:p></o:p></span></p>")
    page = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
            '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">'
            f'<meta name=Generator content="Microsoft Word 15"><title>{html.escape(doc.title or "")}</title>'
            "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
            "<style><!-- p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线;} --></style>"
            "</head><body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1 style='layout-grid:15.6pt'>"
            + "".join(body) + "</div></body></html>")
    return page.encode("gb18030")


def _trs_table(table_html: str) -> str:
    """A table as TRS's editor keeps it: every cell's text inside <p><font face="宋体">."""
    return re.sub(r"(<t[dh][^>]*>)(.*?)(</t[dh]>)",
                  lambda m: m.group(1) + (f'<p style="text-align:center"><font face="宋体">{m.group(2)}</font></p>'
                                          if m.group(2) else "") + m.group(3), table_html)


def _blocks(doc, parts: list, table_html) -> str:
    out = []
    for p in parts:
        if isinstance(p, PrintedTable):
            markup = table_html(p, doc.layout)
            out.append(frame(_trs_table(markup) if doc.layout["cms"] == "trs" else markup, doc.layout))
        else:
            out.append(f'<p style="text-indent: 2em;">{html.escape(p)}</p>')
    return "".join(out)


def cms_html(doc, parts: list, table_html) -> bytes:
    """The document as the CMS family ``doc.layout['cms']`` publishes it; ``table_html`` renders a table."""
    cms = doc.layout["cms"]
    if cms == "word":
        return _word_page(doc, parts)
    title = html.escape(doc.title or doc.issuer)
    body_parts = [p for p in parts if p != doc.title]
    content = _blocks(doc, body_parts, table_html)
    if cms == "trs":
        page = ('<div class="header"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>'
                '<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; '
                '<a href="/zwgk/nb/">年报</a></div>'
                f'<div class="article"><h1 class="article-title">{title}</h1>'
                '<div class="article-info">发布时间：2024-01-18 来源：政府办 浏览次数：<span id="count">1024</span>'
                ' 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>'
                '<div class="view TRS_UEDITOR trs_paper_default trs_web"><div class="TRS_Editor">'
                '<style type="text/css">.TRS_Editor P{line-height:2;font-family:宋体;font-size:12pt;}'
                '.TRS_Editor TD{font-size:12pt;}</style><div class="Custom_UnionStyle">'
                f'{content}</div></div></div></div>'
                '<div class="footer">主办：政府办公室 备案号：蜀ICP备05000000号 网站标识码：5101000000</div>')
    else:   # hanweb
        page = ('<script type="text/javascript">var _hmt = _hmt || [];</script>'
                '<div class="top"><a href="/">网站首页</a> <a href="/col/col1/">政务公开</a></div>'
                '<table width="1000" align="center" class="layout"><tr><td>'
                '<div class="bt-position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col2/">信息公开</a></div>'
                '<table class="xxgk_table"><tr><td>索引号：</td><td>000000000/2024-00012</td><td>公开方式：</td>'
                '<td>主动公开</td></tr><tr><td>发布机构：</td><td>办公室</td><td>成文日期：</td><td>2024-01-15</td>'
                f'</tr></table><table width="100%"><tr><td class="title">{title}</td></tr></table>'
                f'<div id="zoom"><!--<$[信息内容]>begin-->{content}<!--<$[信息内容]>end--></div>'
                '<div class="bt-share">分享到：</div><div>【<a>打印本页</a>】【<a>关闭窗口</a>】</div>'
                '</td></tr></table><div class="bottom">版权所有 备案号：苏ICP备00000000号</div>')
    out = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
           f"<body>{page}</body></html>")
    return out.encode("utf-8")


# --- text and markdown ---------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def grid_table(table: PrintedTable, layout: dict) -> list:
    """A pandoc grid table: +---+ rules, | cells |, the header rule drawn with =; merged positions blank."""
    rows = [["" if c is None else c.text for c in r] for r in expand(table)]
    widths = [max(_width(r[k]) for r in rows) + 2 for k in range(len(rows[0]))]
    rule = "+" + "+".join("-" * w for w in widths) + "+"
    out = [rule]
    for k, r in enumerate(rows):
        out.append("|" + "|".join(" " + t + " " * (w - _width(t) - 1) for t, w in zip(r, widths)) + "|")
        out.append(rule.replace("-", "=") if k == 0 else rule)
    return [""] + out + [""]


def html_in_markdown(table: PrintedTable, layout: dict) -> list:
    """The table as a raw HTML block inside markdown (spans kept)."""
    rows = []
    for row in table.rows:
        cells = "".join(f"<td{f' rowspan={c.rs}' if c.rs > 1 else ''}{f' colspan={c.cs}' if c.cs > 1 else ''}>"
                        f"{html.escape(c.text)}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return ["", "<table>", *rows, "</table>", ""]


TEXT_TABLES = {"grid": grid_table, "html": html_in_markdown}


def with_debris(lines: list, layout: dict) -> list:
    """Table lines with the page's debris put inside them when the layout asks (a scrape across page parts)."""
    if not layout.get("debris") or len(lines) < 12:
        return lines
    mid = len(lines) // 2
    return lines[:mid] + DEBRIS[:2] + lines[mid:] + DEBRIS[2:]


# --- DOCX ----------------------------------------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_V = "urn:schemas-microsoft-com:vml"


def _textbox_run(tbl):
    """A w:r holding the table in a text box: the DrawingML shape and the VML fallback copy Word writes."""
    from docx.oxml.ns import qn
    from lxml import etree
    W = qn("w:r")[:-1]

    def content(t):
        box = etree.Element(W + "txbxContent")
        box.append(t)
        box.append(etree.Element(W + "p"))
        return box
    run = etree.Element(qn("w:r"))
    alt = etree.SubElement(run, f"{{{_MC}}}AlternateContent")
    choice = etree.SubElement(alt, f"{{{_MC}}}Choice", Requires="wps")
    drawing = etree.SubElement(choice, qn("w:drawing"))
    shape = etree.SubElement(drawing, f"{{{_WPS}}}wsp")
    etree.SubElement(shape, f"{{{_WPS}}}txbx").append(content(copy.deepcopy(tbl)))
    fallback = etree.SubElement(alt, f"{{{_MC}}}Fallback")
    pict = etree.SubElement(fallback, qn("w:pict"))
    vshape = etree.SubElement(pict, f"{{{_V}}}shape")
    etree.SubElement(vshape, f"{{{_V}}}textbox").append(content(tbl))
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


def docx_wrapped(title: str, parts: list, how: str) -> bytes:
    """A .docx whose tables sit inside text boxes, frame tables or content controls (``how``)."""
    import docx
    d = docx.Document()
    d.add_paragraph(title)
    for p in parts:
        if isinstance(p, PrintedTable):
            _docx_table(d, p)
            _wrap(d, d.tables[-1]._tbl, how)
        elif p:
            d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
