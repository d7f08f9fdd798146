"""HTML pages: the report's content block as text, data tables as grids.

Government pages wrap the report in navigation, breadcrumbs and share/font-size
menus. We parse with lxml, drop scripts and obvious chrome, then descend from
``<body>`` into the child holding most of the non-link text (the content div).
Data tables are rendered one row per line with tab-separated cells and kept as
``Grid`` objects; layout tables (holding other tables, or one column) are read
as ordinary blocks.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import InputError
from ..report import Document
from ..resources import load_lines
from .text import damage_warning
from .text_builder import TextBuilder, place_cells

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "big5": "big5hkscs", "utf8": "utf-8", "unicode": "utf-8"}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas",
              "form", "button", "select", "input", "textarea", "nav", "footer", "template")
_BLOCK = {"p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
          "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure",
          "figcaption", "body", "html", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "hr"}
_CHROME = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|share|bdshare|toolbar|footer|"
                     r"sidebar|side|topbar|banner|fontsize|font-size|print|position|location|copyright|"
                     r"related|xgxx|xglj)([\s_-]|$)", re.I)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
# Characters XML (and so lxml's tree API) refuses; a page that carries them is
# otherwise fine, so they are dropped (form and vertical feeds become spaces).
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FEEDS = re.compile(r"[\x0b\x0c]")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


@lru_cache(maxsize=1)
def _debris():
    return tuple(re.compile(p) for p in load_lines("boilerplate_patterns.txt"))


def decode_html(data: bytes) -> tuple[str, str, int]:
    """Decode with the charset the page declares (BOM, XML declaration, meta), else detect.

    Returns (text, encoding, bytes replaced because they were not valid).
    """
    from .text import decode_counting
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_counting(data)
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = _ALIASES.get(declared, declared)
        try:
            return data.decode(enc), enc, 0
        except (LookupError, UnicodeDecodeError):
            pass  # pages lie about their charset: fall through to detection
    return decode_counting(data)


def _text_len(el, links: bool = True) -> int:
    """Characters of visible text under ``el`` (without link text when ``links`` is False)."""
    total = len(_WS.sub("", el.text_content() or ""))
    if links:
        return total
    link = sum(len(_WS.sub("", a.text_content() or "")) for a in el.iter("a"))
    return total - link


def _content_root(body):
    """Descend into the child that holds most of the non-link text: the content block."""
    node = body
    while True:
        own = _text_len(node, links=False)
        if own <= 0:
            return node
        best, best_len = None, 0
        for child in node:
            if not isinstance(child.tag, str):
                continue
            n = _text_len(child, links=False)
            if n > best_len:
                best, best_len = child, n
        if best is None or best_len < 0.8 * own or best.tag in ("p", "li", "h1", "h2", "h3") \
                or (best.tag == "table" and _is_data_table(best)):
            return node
        node = best


def _drop_chrome(root) -> None:
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str):          # comments, processing instructions
            if el.getparent() is not None:
                el.drop_tree()
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            el.drop_tree()
            continue
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if names and _CHROME.search(names) and _text_len(el) < 200:
            el.drop_tree()


def _is_data_table(table) -> bool:
    if table.find(".//table") is not None:
        return False
    widths = [len(tr.findall("./td") + tr.findall("./th")) for tr in _rows(table)]
    return bool(widths) and max(widths) >= 2


def _rows(table):
    out = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("tbody", "thead", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def _span(el, name: str) -> int:
    try:
        return int(re.sub(r"\D", "", el.get(name, "1")) or 1)
    except ValueError:
        return 1


class _Renderer:
    def __init__(self):
        self.out = TextBuilder()
        self.buf: list[str] = []

    def flush(self) -> None:
        text = _CJK_GAP.sub("", _WS.sub(" ", "".join(self.buf))).strip()
        self.buf = []
        if text and not any(p.search(text) for p in _debris()):
            self.out.line(text)

    def walk(self, el, top: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and _is_data_table(el):
            self.flush()
            rows = []
            for tr in _rows(el):
                rows.append([(self._cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
                             for td in tr if td.tag in ("td", "th")])
            self.out.table(place_cells(rows))
        else:
            block = tag in _BLOCK or tag == "table"
            if tag == "br":
                self.flush()
            elif block:
                self.flush()
            if el.text and tag:
                self.buf.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail and not top:
            self.buf.append(el.tail)

    @staticmethod
    def _cell_text(td) -> str:
        parts = []
        for node in td.iter():
            if node.tag == "br" or node.tag in ("p", "div"):
                parts.append("\n")
            if node.text and isinstance(node.tag, str):
                parts.append(node.text)
            if node is not td and node.tail:
                parts.append(node.tail)
        text = "".join(parts)
        return "\n".join(_CJK_GAP.sub("", _WS.sub(" ", l)).strip() for l in text.split("\n"))


def render_fragment(markup: str, out: TextBuilder) -> None:
    """Append an HTML fragment (a ``<table>`` block pasted into text) to ``out``: its data tables
    as grids, the rest as lines. A fragment lxml cannot parse is kept as its text."""
    import lxml.etree
    import lxml.html
    try:
        root = lxml.html.fragment_fromstring(_NOT_XML.sub("", markup), create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        for line in markup.split("\n"):
            out.line(line)
        return
    r = _Renderer()
    r.out = out
    r.walk(root, top=True)
    r.flush()


def _title_outside(body, root):
    """The page's article heading when the content block chosen leaves it out."""
    if root is body or root.find(".//h1") is not None or root.find(".//h2") is not None:
        return None
    for el in body.iter("h1", "h2", "h3"):
        if root in el.iterancestors():
            continue
        text = _CJK_GAP.sub("", _WS.sub(" ", el.text_content())).strip()
        if 4 <= len(text) <= 120:
            return text
    return None


def read_html(data: bytes) -> Document:
    """Read an HTML page into a Document (text, grids of its data tables, title).

    lxml parses the page (``huge_tree`` lifts libxml2's 256-level limit to
    2048); a page nested deeper still, or too deep for the recursive walk, is
    read by the flat tokenizer of ``html_flat`` instead, with a warning.
    """
    import lxml.etree
    import lxml.html
    text, enc, replaced = decode_html(data)
    warnings = [damage_warning(replaced, enc)] if replaced else []
    text = re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip("\ufeff").lstrip())
    text = _NOT_XML.sub("", _FEEDS.sub(" ", text))
    if not text.strip():
        raise InputError("the HTML page is empty", "check the download step")
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as e:
        raise InputError(f"the HTML could not be parsed ({e})", "save the page again, or give its text") from None
    title_el = doc.find(".//title")
    title = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else None
    too_deep = any("depth" in e.message.lower() for e in parser.error_log)
    out = None if too_deep else _render_tree(doc)
    if out is None:
        from .html_flat import read_flat
        out = read_flat(text)
        warnings.append("the page nests its elements too deeply for a tree parser; read flat "
                        "(menus and other page chrome may remain in the text)")
    if not out.text.strip():
        raise InputError("no text found in the HTML page",
                         "the page may load its content with JavaScript: save the rendered page or its text")
    return Document(text=out.text, format="html", grids=out.grids, encoding=enc,
                    title=title or None, warnings=warnings)


def _render_tree(doc):
    """The page's content block rendered into a TextBuilder; None when it nests too deep to walk."""
    body = doc.find("body")
    if body is None:
        body = doc
    try:
        _drop_chrome(body)
        root = _content_root(body)
        r = _Renderer()
        heading = _title_outside(body, root)
        if heading:
            r.out.line(heading)
        r.walk(root, top=True)
        r.flush()
    except RecursionError:
        return None
    return r.out
