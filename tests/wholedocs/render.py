"""Write a ``Doc`` out as the file a portal or an office would publish: HTML, DOCX, text or markdown.

Layout options beyond the tables' shapes (tables.py):

    html_th      header cells as <th> inside <thead>
    html_nested  every cell's text wrapped in <p><span> (what rich-text editors save)
    html_chrome  the report inside a page: 索引号/发布日期 table, breadcrumbs, share menu, layout table
    html_images  each table pasted as an <img> without alt text (no table in the page)
    html_pre     each table as <pre> text, columns aligned with spaces
    label_br     long label cells broken by <br/> (what editors leave)
    row_tables   every row of a table its own <table> (an editor's paste)
    div_tables   tables laid out with <div>s (display: table), not <table>
    hidden_cells a hidden cell (display: none) holding 0 at the end of every row (a CMS's leftover column)
    text_tables  tab (one line per row, tabs) · md (markdown with outer pipes) · md_bare (without) · pre (space-aligned) ·
                 cells (one cell per line, rows split by blank lines)
    traditional  the whole document in traditional characters
    appendix     parts 二–四 refer to 附表1–3, printed after 六 and the signature
    table_titles a caption line over each table (表一 … / 附表1 …)
    part_style   paren: parts titled （一）总体情况 … instead of 一、…
    cms, frame, th_labels, md_html, md_grid, debris, docx_wrap: see render_cms.py
"""
from __future__ import annotations

import html
import unicodedata

from tablegen.file_layouts import docx_document
from tablegen.printed import PCell, PrintedTable, expand

from . import render_cms
from .tables import printed_tables

PART_TITLES = {"一": "一、总体情况", "二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
               "四": "四、政府信息公开行政复议、行政诉讼情况", "五": "五、存在的主要问题及改进情况",
               "六": "六、其他需要报告的事项"}
PART_TABLES = {"二": "t2", "三": "t3", "四": "t4"}
PROBLEMS = ["一是政策解读的形式还不够丰富，图解、视频等解读占比偏低；二是基层政务公开专区的内容更新不够及时。",
            "下一步，将加强对公开工作人员的业务培训，完善信息发布前的保密审查和动态更新机制。"]
OTHER = ["本年度未收取信息处理费。", "本机关办理人大代表建议和政协提案均已按规定公开答复。"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _matrix(table: PrintedTable) -> list:
    return [["" if c is None else c.text for c in row] for row in expand(table)]


def text_table(table: PrintedTable, style: str) -> list:
    """Lines of a table rendered as text."""
    rows = _matrix(table)
    if style == "tab":
        return ["\t".join(r) for r in rows]
    if style in ("md", "md_bare"):
        out = []
        for k, r in enumerate(rows):
            out.append(("| " + " | ".join(r) + " |") if style == "md" else " | ".join(r))
            if k == 0:
                out.append("|" + "|".join(["---"] * len(r)) + "|")
        return out
    if style == "cells":
        out = []
        for row in table.rows:
            out += [c.text for c in row if c.text.strip()] + [""]
        return out
    # pre: columns padded with spaces to the widest text (a blank cell keeps its place)
    widths = [max(_width(r[k]) for r in rows) for k in range(len(rows[0]))]
    return ["  ".join(t + " " * (w - _width(t)) for t, w in zip(r, widths)).rstrip() for r in rows]


def _td(cell, tag: str, layout: dict) -> str:
    attrs = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (f' colspan="{cell.cs}"' if cell.cs > 1 else "")
    text = html.escape(cell.text) if cell.text else ""
    if layout.get("label_br") and cell.kind == "label" and len(text) > 9:
        text = text[:7] + "<br/>" + text[7:]
    if cell.text == "&nbsp;":
        text = "&nbsp;"
    if layout.get("html_nested") and text:
        text = f'<p style="text-align:center"><span style="font-size:14px">{text}</span></p>'
    return f"<{tag}{attrs}>{text}</{tag}>"


def _div_table(table: PrintedTable) -> str:
    """A table laid out with <div>s (display: table), every cell a <div>; spans are lost."""
    rows = "".join('<div class="tr">' + "".join(f'<div class="td">{html.escape(c.text)}</div>' for c in row)
                   + "</div>" for row in table.rows)
    return f'<div class="table" style="display:table">{rows}</div>'


def html_table(table: PrintedTable, layout: dict) -> str:
    """A <table> keeping the printed spans; header rows in <thead> with <th> when asked; one <table>
    per row (``row_tables``) or <div>s (``div_tables``) when the layout says so."""
    if layout.get("div_tables"):
        return _div_table(table)
    if layout.get("row_tables"):
        return "".join(html_table(PrintedTable(table.tid, "", [row], table.width), {**layout, "row_tables": False})
                       for row in table.rows)
    head, body = [], []
    for row in table.rows:
        is_head = layout.get("html_th") and all(c.kind == "header" or (c.kind == "note") or not c.text
                                                for c in row) and any(c.kind == "header" for c in row)
        tag = "th" if is_head else "td"
        line = "<tr>" + "".join(_td(c, "th" if layout.get("th_labels") and c.kind == "label" and c.text else tag,
                                    layout) for c in row) + \
            ('<td style="display: none">0</td>' if layout.get("hidden_cells") else "") + "</tr>"
        (head if is_head and not body else body).append(line)
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f'<table border="1" cellspacing="0" style="width:100%">{thead}<tbody>{"".join(body)}</tbody></table>'


PART_ORDINALS = "一二三四五六"
CAPTIONS = {"表": "表{n}：{t}", "附表": "附表{k}：{t}"}


def _part_title(part: str, layout: dict) -> str:
    """A part's title: 二、主动公开… or, with part_style paren, （二）主动公开…"""
    title = PART_TITLES[part]
    return f"（{part}）{title[2:]}" if layout.get("part_style") == "paren" else title


def _tables_of(part: str, tables: dict, layout: dict) -> list:
    """The printed pieces of the part's table, with the caption line the layout asks for."""
    table = tables[PART_TABLES[part]]
    pieces = table if isinstance(table, list) else \
        _split(table, layout.get("split_t3") != "bare") if table.tid == "t3" and layout.get("split_t3") else \
        _split_t2(table) if table.tid == "t2" and layout.get("split_t2") else [table]
    caption = layout.get("table_titles")
    if caption:
        k = "二三四".index(part) + 1
        pieces = [CAPTIONS[caption].format(n="一二三"[k - 1], k=k, t=PART_TITLES[part][2:])] + pieces
    return pieces


def _parts(doc) -> list:
    """The document as a list of paragraphs (str) and tables (PrintedTable), parts in order."""
    tables = printed_tables(doc)
    lay = doc.layout
    out = list(doc.head)
    if doc.title:
        out.append(doc.title)
    appendix = []
    for part in doc.parts:
        out.append(_part_title(part, lay))
        if part == "一":
            out += doc.intro
        elif part in PART_TABLES and PART_TABLES[part] in tables:
            if lay.get("appendix"):
                out.append(f"本年度相关情况详见附表{'二三四'.index(part) + 1}。")
                appendix += _tables_of(part, tables, lay)
            else:
                out += _tables_of(part, tables, lay)
        elif part == "五":
            out += PROBLEMS
        elif part == "六":
            out += OTHER
    if doc.parts[-1] == "六":
        out += doc.closing
    if appendix:
        out += ["附件：政府信息公开工作年度报告统计表"] + appendix
    return out


def _split_t2(table: PrintedTable) -> list:
    """Table 二 as two tables, cut before the 第二十条第（六）项 block (a page break)."""
    cut = next(i for i, r in enumerate(table.rows) if any("（六）" in c.text for c in r))
    return [PrintedTable("t2", table.heading, table.rows[:cut], table.width),
            PrintedTable("t2", "", table.rows[cut:], table.width)]


def _split(table: PrintedTable, repeat: bool = True) -> list:
    """Table 三 as two tables, cut before the （四） group, the header rows repeated over the second
    (``repeat``) or not.

    Row spans that cross the cut are shortened, as Word does when a page break splits a table."""
    header = [r for r in table.rows if all(c.kind in ("header", "note") for c in r)]
    body = table.rows[len(header):]
    cut = next(i for i, r in enumerate(body) if any("无法提供" in c.text for c in r))
    first, second = [list(r) for r in body[:cut]], [list(r) for r in body[cut:]]
    for k, row in enumerate(first):
        for j, c in enumerate(row):
            if c.rs > 1 and k + c.rs > cut:
                row[j] = PCell(c.text, min(c.rs, cut - k), c.cs, c.kind)
                second[0].insert(0, PCell("", k + c.rs - cut, c.cs, c.kind))
    return [PrintedTable("t3", table.heading, header + first, table.width),
            PrintedTable("t3", "", (header if repeat else []) + second, table.width)]


def _to_traditional(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2t").convert(text)


def render_html(doc) -> bytes:
    """The document as an HTML page (a CMS family's page when the layout names one)."""
    lay = doc.layout
    if lay.get("cms"):
        return render_cms.cms_html(doc, _parts(doc), html_table)
    body = []
    for p in _parts(doc):
        if isinstance(p, PrintedTable):
            if lay.get("html_images"):
                body.append(f'<p style="text-align:center"><img src="/uploads/{doc.id}-{p.tid}.png" '
                            'width="600" /></p>')
            elif lay.get("html_pre"):
                body.append("<pre>" + html.escape("\n".join(text_table(p, "pre"))) + "</pre>")
            else:
                body.append(render_cms.frame(html_table(p, lay), lay))
        else:
            body.append(f"<p>{html.escape(p)}</p>")
    content = "".join(body)
    title = html.escape(doc.title or doc.issuer)
    if lay.get("html_chrome"):
        meta = ('<table class="xxgk-info"><tr><td>索引号：</td><td>11330100002489/2023-00105</td>'
                '<td>发布机构：</td><td>办公室</td></tr><tr><td>发文日期：</td><td>2024-01-19</td>'
                '<td>主题分类：</td><td>政务公开</td></tr></table>')
        page = (f'<div class="nav">首页 &gt; 信息公开 &gt; 政府信息公开年报</div>{meta}'
                f'<table class="layout"><tr><td><div class="article">{content}</div></td></tr></table>'
                '<div class="share">分享到：微信 微博 【打印】【关闭】</div>'
                '<div class="footer">主办单位：某某人民政府办公室 网站标识码1234567890</div>')
    else:
        page = f'<div class="content">{content}</div>'
    doc_html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body>{page}</body></html>")
    if lay.get("traditional"):
        doc_html = _to_traditional(doc_html)
    return doc_html.encode("utf-8")


def render_text(doc) -> bytes:
    """The document as text or markdown, its tables in the layout's text style."""
    style = doc.layout.get("text_tables", "tab")
    lines = []
    for p in _parts(doc):
        if isinstance(p, PrintedTable) and style in render_cms.TEXT_TABLES:
            lines += render_cms.TEXT_TABLES[style](p, doc.layout)
        elif isinstance(p, PrintedTable):
            lines += render_cms.with_debris(text_table(p, style), doc.layout)
        else:
            lines.append(p)
    text = "\n".join(lines) + "\n"
    if doc.layout.get("traditional"):
        text = _to_traditional(text)
    return text.encode("utf-8")


def render(doc) -> tuple[bytes, str]:
    """The document's bytes and file extension."""
    if doc.fmt == "html":
        return render_html(doc), ".html"
    if doc.fmt == "docx" and doc.layout.get("docx_wrap"):
        return render_cms.docx_wrapped(doc.title or "", [p for p in _parts(doc) if p != doc.title],
                                       doc.layout["docx_wrap"]), ".docx"
    if doc.fmt == "docx":
        return docx_document(doc.title or "", [p for p in _parts(doc) if p != doc.title]), ".docx"
    return render_text(doc), ".md" if doc.fmt == "md" else ".txt"
