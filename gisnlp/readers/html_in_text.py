"""Text and Markdown whose tables stay raw HTML: converters that cannot express merged cells in
pipe tables write ``<table>`` blocks into the text instead.

The text around the blocks is kept line by line; each block is read as an HTML page's table
is (html.py): a data table becomes a grid, its spans kept. Files without a ``<table>`` block
are returned as the text reader gives them.
"""
from __future__ import annotations

import re

from ..report import Document
from .html import render_fragment
from .text import read_text_bytes
from .text_builder import TextBuilder

_TABLE_BLOCK = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)


def _with_tables(doc: Document) -> Document:
    """``doc`` with its raw HTML table blocks read as grids (unchanged when it has none)."""
    if not _TABLE_BLOCK.search(doc.text):
        return doc
    out = TextBuilder()
    last = 0
    for m in _TABLE_BLOCK.finditer(doc.text):
        _lines(doc.text[last:m.start()], out)
        render_fragment(m.group(), out)
        last = m.end()
    _lines(doc.text[last:], out)
    return Document(text=out.text, format=doc.format, grids=out.grids, encoding=doc.encoding,
                    warnings=doc.warnings)


def _lines(text: str, out: TextBuilder) -> None:
    """Append the text between table blocks line by line (a blank line is a paragraph break)."""
    for line in text.split("\n"):
        if line.strip():
            out.line(line)
        else:
            out.blank()


def read_markdown(data: bytes) -> Document:
    """Read a Markdown file (format ``md``), raw HTML tables in it as grids."""
    return _with_tables(read_text_bytes(data, "md"))


def read_text(data: bytes) -> Document:
    """Read a plain-text file (format ``txt``), raw HTML tables pasted into it as grids."""
    return _with_tables(read_text_bytes(data, "txt"))
