"""Layouts of other publishing tools: CMS page families, Word-saved HTML, other markdown converters,
scraped text with page debris inside the tables, Word tables in text boxes, frames and content controls.

Layout options (``doc.layout``):

    cms        trs (TRS WCM: <div class="TRS_Editor"> with its own <style>, <font> in cells) ·
               hanweb (大汉 jcms: layout tables, <!--<$[信息内容]>begin--> markers, index table, scripts) ·
               word (Word "save as web page": gb2312, MsoNormal paragraphs, digits split over <span>s,
               <o:p>, &nbsp; blank cells, the supportMisalignedColumns spacer row)
    frame      each data table inside a one-cell <table> (a frame the editor drew around it)
    md_grid    text_tables = grid: pandoc grid tables (+---+ borders, merged positions left blank)
    md_br      text_tables = md_br: pipe tables with <br> inside long labels and **bold** row labels
    ideo       text_tables = ideo: rows copied from a page, cells separated by ideographic spaces
    md_html    text_tables = html: markdown whose tables stay raw <table> HTML (converters that cannot
               express spans in pipes)
    debris     text scraped with the page's breadcrumb, font-size menu and print links inside table 三
    docx_wrap  textbox (each table inside a Word text box, with the VML fallback copy Word writes) ·
               frame (each table nested in a one-cell table) · sdt (each table inside a content control)
"""
from __future__ import annotations

import html
import re
import unicodedata

from tablegen import cms_layouts as cms
from tablegen.printed import PrintedTable, expand

DEBRIS = ["当前位置：首页 > 政府信息公开 > 政府信息公开年报", "【字体：大 中 小】 【打印本页】 【关闭窗口】",
          "扫一扫在手机打开当前页"]


def frame(table_html: str, layout: dict) -> str:
    """The table inside a one-cell frame table when the layout asks for it."""
    return cms.frame_html(table_html) if layout.get("frame") else table_html


# --- HTML page families -------------------------------------------------------------------------

def _word_page(doc, parts: list) -> bytes:
    """The document as Word's "save as web page" writes it."""
    return cms.word_html_page(doc.title or "", parts, lambda markup: frame(markup, doc.layout))


def _trs_table(table_html: str) -> str:
    """A table as TRS's editor keeps it: every cell's text inside <p><font face="宋体">."""
    return re.sub(r"(<t[dh][^>]*>)(.*?)(</t[dh]>)",
                  lambda m: m.group(1) + (f'<p style="text-align:center"><font face="宋体">{m.group(2)}</font></p>'
                                          if m.group(2) else "") + m.group(3), table_html)


def _blocks(doc, parts: list, table_html) -> str:
    """The content block's markup: paragraphs and tables (TRS wraps each cell's text)."""
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
    """Display width of ``text`` (wide characters count two)."""
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


def markdown_br(table: PrintedTable, layout: dict) -> list:
    """Markdown pipe rows as editors export them: long labels broken by <br>, row labels in **bold**."""
    out = []
    for k, row in enumerate(expand(table)):
        cells = []
        for c in row:
            text = "" if c is None else c.text
            if c is not None and c.kind == "label" and len(text) > 9:
                text = text[:7] + "<br>" + text[7:]
            if c is not None and c.kind == "label" and text[:2] in ("一、", "二、", "四、"):
                text = f"**{text}**"
            cells.append(text)
        out.append("| " + " | ".join(cells) + " |")
        if k == 0:
            out.append("|" + "|".join([":---:"] * len(cells)) + "|")
    return out


def ideographic_spaces(table: PrintedTable, layout: dict) -> list:
    """Rows copied from a web page: each row's own cells separated by two ideographic spaces."""
    return ["\u3000\u3000".join(c.text for c in row if c.text) for row in table.rows]


TEXT_TABLES = {"md_br": markdown_br, "ideo": ideographic_spaces, "grid": grid_table, "html": lambda table, layout: cms.html_in_markdown(table)}


def with_debris(lines: list, layout: dict) -> list:
    """Table lines with the page's debris put inside them when the layout asks (a scrape across page parts)."""
    if not layout.get("debris") or len(lines) < 12:
        return lines
    mid = len(lines) // 2
    return lines[:mid] + DEBRIS[:2] + lines[mid:] + DEBRIS[2:]


# --- DOCX ----------------------------------------------------------------------------------------

def docx_wrapped(title: str, parts: list, how: str) -> bytes:
    """A .docx whose tables sit inside text boxes, frame tables or content controls (``how``)."""
    return cms.docx_wrapped(title, parts, how)
