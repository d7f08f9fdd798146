"""A flat reader for HTML too deeply nested for lxml (libxml2 stops at 2048 levels).

Python's ``html.parser`` tokenises without building a tree, so depth costs
nothing: block tags end lines, ``<td>``/``<th>`` cells become tab-separated
rows of a grid, scripts and styles are skipped. Page chrome is not removed
(that needs the tree), so the reader says so in a warning.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .text_builder import TextBuilder, place_cells

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title"}
_BREAK = {"p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "br", "hr",
          "body", "html", "caption"}
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _clean(text: str) -> str:
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


def _span(attrs: dict, name: str) -> int:
    digits = re.sub(r"\D", "", attrs.get(name) or "1")[:4]
    return int(digits or 1)


class _FlatParser(HTMLParser):
    """Collects lines and tables while the tokenizer streams through the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = TextBuilder()
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []      # open tables: rows of (text, rowspan, colspan), current cell

    def handle_starttag(self, tag, attrs):
        """Open skipped regions, line breaks, tables, rows and cells."""
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.tables.append({"rows": [], "cell": None})
        elif self.tables and tag == "tr":
            self._end_cell()
            self.tables[-1]["rows"].append([])
        elif self.tables and tag in ("td", "th"):
            self._end_cell()
            a = dict(attrs)
            self.tables[-1]["cell"] = ([], _span(a, "rowspan"), _span(a, "colspan"))
        elif tag in _BREAK:
            self._break()

    def handle_endtag(self, tag):
        """Close skipped regions, cells and tables."""
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.tables:
            self._end_cell()
            self._emit(self.tables.pop())
        elif self.tables and tag in ("td", "th"):
            self._end_cell()
        elif tag in _BREAK:
            self._break()

    def handle_data(self, data):
        """Text goes to the open cell, else to the current line."""
        if self.skip:
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"][0].append(data)
        else:
            self.buf.append(data)

    def _break(self):
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"][0].append("\n")
        else:
            self._flush()

    def _end_cell(self):
        table = self.tables[-1]
        if table["cell"] is not None:
            parts, rs, cs = table["cell"]
            if not table["rows"]:
                table["rows"].append([])
            text = "\n".join(_clean(l) for l in "".join(parts).split("\n"))
            table["rows"][-1].append((text.strip("\n"), rs, cs))
            table["cell"] = None

    def _emit(self, table):
        rows = [r for r in table["rows"] if r]
        if rows and max(len(r) for r in rows) >= 2:
            self.out.table(place_cells(rows))
        else:
            for row in rows:
                for text, _, _ in row:
                    self.out.line(text.replace("\n", " "))

    def _flush(self):
        text = _clean("".join(self.buf))
        self.buf = []
        if text:
            self.out.line(text)

    def finish(self) -> TextBuilder:
        """Close what the page left open and return the builder."""
        self.close()
        while self.tables:
            self._end_cell()
            self._emit(self.tables.pop())
        self._flush()
        return self.out


def read_flat(text: str) -> TextBuilder:
    """Lines and grids of an HTML page, read without building a tree."""
    parser = _FlatParser()
    parser.feed(text)
    return parser.finish()
