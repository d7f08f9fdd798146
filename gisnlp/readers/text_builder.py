"""Build a reader's text and grids together, so every grid cell knows its span.

Readers of structured formats (HTML, DOCX, PDF) append paragraphs and tables to
a ``TextBuilder``; tables are rendered one row per line with cells separated by
tabs (merged positions left empty), the layout text-based table parsers read.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..report import Grid, GridCell

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_JOIN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")


def clean_cell(text: Optional[str]) -> str:
    """One line per cell: wrapped lines joined (no space between CJK), tabs removed."""
    if not text:
        return ""
    text = _JOIN_CJK.sub("", text.strip())
    return re.sub(r"\s*[\r\n\t]+\s*", " ", text).strip()


class TextBuilder:
    """Accumulates lines of text and native tables with their offsets."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.grids: list[Grid] = []
        self.pages: list[tuple[int, int]] = []

    def _add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def line(self, text: str) -> None:
        """Append one line (text without a trailing newline)."""
        text = text.replace("\r", "").rstrip("\n")
        if text.strip():
            self._add(text + "\n")

    def blank(self) -> None:
        """A paragraph break (at most one blank line in a row)."""
        if self.parts and not self.parts[-1].endswith("\n\n"):
            self._add("\n")

    def page(self, number: int) -> None:
        self.pages.append((self.pos, number))

    def table(self, rows: Sequence[Sequence[Optional[dict]]], page: Optional[int] = None,
              grid: Optional[Grid] = None) -> Grid:
        """Render a table and return its grid (extending ``grid`` when a table continues).

        ``rows`` is a rectangular matrix; each position is ``None`` when it is covered
        by a merged cell, else a dict with ``text`` and optional ``row_span``/``col_span``.
        """
        start = self.pos
        out_rows = []
        for row in rows:
            texts = [clean_cell(c["text"]) if c else "" for c in row]
            filled = [i for i, t in enumerate(texts) if t]
            shown = texts[:1] if filled == [0] else texts   # a caption row: no trailing tabs
            line = "\t".join(shown) if filled else ""
            cells, col = [], self.pos
            for i, c in enumerate(row):
                if i < len(shown):
                    s = col
                    col += len(shown[i]) + 1
                else:
                    s = self.pos + len(line)
                if c is not None:
                    t = texts[i] if i < len(shown) else ""
                    cells.append(GridCell(text=t, start=s, end=s + len(t),
                                          row_span=int(c.get("row_span", 1) or 1),
                                          col_span=int(c.get("col_span", 1) or 1)))
            if line:
                self._add(line + "\n")
            out_rows.append(cells)
        if grid is not None:
            grid.rows.extend(out_rows)
            grid.end = self.pos
            return grid
        g = Grid(rows=out_rows, start=start, end=self.pos, page=page)
        if any(c.text for r in out_rows for c in r):
            self.grids.append(g)
        return g

    @property
    def text(self) -> str:
        return "".join(self.parts)


def place_cells(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[Optional[dict]]]:
    """Place (text, rowspan, colspan) cells of table rows into a rectangular matrix.

    The standard HTML table algorithm: a cell takes the first free column of its
    row; positions covered by row/column spans become ``None``.
    """
    taken: dict[tuple[int, int], bool] = {}
    placed: list[tuple[int, int, dict]] = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while taken.get((r, c)):
                c += 1
            rs, cs = max(1, min(rs, 500)), max(1, min(cs, 100))
            placed.append((r, c, {"text": text, "row_span": rs, "col_span": cs}))
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = True
            c += cs
            width = max(width, c)
    height = len(rows)
    matrix: list[list[Optional[dict]]] = [[None] * width for _ in range(height)]
    for r, c, cell in placed:
        if r < height:
            cell["row_span"] = min(cell["row_span"], height - r)
            matrix[r][c] = cell
    return matrix
