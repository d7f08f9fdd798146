"""Rebuild a page's layout from OCR boxes: characters, rows and cells, in points.

OCR gives words with boxes in pixels. This module turns them into what the PDF
reader reads from a text PDF: pdfplumber-shaped ``chars`` (each with the
confidence it was read with) and, with the table rules found in the image
(``ocr_rules``), a page whose tables pdfplumber's table finder builds and
whose text the PDF reader's flow writes, as grids and tab-separated rows,
exactly as for a text PDF. Text outside ruled tables is rebuilt as rows:
words are clustered by their vertical centres into rows and, within a row,
words far apart become tab-separated cells (a borderless table's row), near
ones one line; a label wrapped over lines below its row joins the row (``ocr_wrap``).
"""
from __future__ import annotations

import re
import statistics

from .ocr import OcrWord
from .ocr_wrap import join_wrapped_labels
from .pdf_engines import PdfiumPage

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def char_dicts(words: list[OcrWord], scale: float) -> list[dict]:
    """pdfplumber-shaped characters in points; characters of a word touch (no false spaces).

    Each dict also carries ``confidence`` and ``word`` (the index of its word).
    """
    out = []
    for index, word in enumerate(words):
        top, bottom = word.top * scale, word.bottom * scale
        size = bottom - top
        for k, c in enumerate(word.chars):
            x0 = c.x0 * scale
            x1 = (word.chars[k + 1].x0 if k + 1 < len(word.chars) else c.x1) * scale
            x1 = max(x1, x0 + 0.1)
            out.append({"object_type": "char", "text": c.text, "x0": x0, "x1": x1, "top": top,
                        "bottom": bottom, "doctop": top, "y0": 0.0, "y1": size, "width": x1 - x0,
                        "height": size, "size": size, "upright": True, "confidence": c.confidence,
                        "word": index})
    return out


class OcrShape:
    """An OCR'd page in pdfplumber's shape (``chars``, ``edges``, ``bbox``), as ``pdfium_page.ShapedPage``."""

    def __init__(self, chars: list[dict], edges: list[dict], width: float, height: float):
        self.chars, self.edges = chars, edges
        self.width, self.height = width, height
        self.bbox = (0, 0, width, height)
        self.image_count = 0

    def filter(self, keep) -> list[dict]:
        """The page's characters that ``keep`` accepts."""
        return [c for c in self.chars if keep(c)]


class OcrPage(PdfiumPage):
    """An OCR'd page behind the PDF reader's page interface.

    Ruled tables come from pdfplumber's table finder on the image's rules (as
    for a PDFium page); text lines are rebuilt from the words (``rows``), so
    a borderless table row keeps its cells apart with tabs.
    """

    def __init__(self, shape: OcrShape, layout: dict, warnings: list[str] = None):
        super().__init__(shape)
        self.layout = layout
        self.warnings = list(warnings or [])

    @property
    def chars(self) -> list[dict]:
        """Every character read on the page (with ``confidence``)."""
        return self.shaped.chars

    def text_lines(self, keep=None) -> list[dict]:
        """Rows of the characters ``keep`` accepts: text (cells joined by tabs), x0, x1, top, bottom."""
        chars = self.shaped.filter(keep) if keep else self.shaped.chars
        wrap_gap = float(self.layout.get("wrap_gap", 0.5))
        return [row_line(r, self.layout) for r in join_wrapped_labels(rows(chars), wrap_gap)]


def rows(chars: list[dict]) -> list[list[list[dict]]]:
    """Characters grouped into words (by ``word``), words into rows top to bottom, left to right.

    A word joins a row when its vertical centre lies within half a height of
    the row's centre (the mean of its words' centres). Centres, not extents:
    detected boxes are padded, and on a tightly set page the boxes of
    neighbouring rows overlap.
    """
    words: dict[int, list[dict]] = {}
    for c in chars:
        words.setdefault(c["word"], []).append(c)
    out: list[list] = []                        # [centre, height, members]
    for w in sorted(words.values(), key=_centre):
        centre, height = _centre(w), w[0]["bottom"] - w[0]["top"]
        row = next((r for r in reversed(out[-3:]) if abs(centre - r[0]) <= 0.5 * min(height, r[1])), None)
        if row is None:
            out.append([centre, height, [w]])
            continue
        row[2].append(w)
        row[0] = sum(_centre(m) for m in row[2]) / len(row[2])
    return [sorted(members, key=lambda w: w[0]["x0"]) for _, _, members in out]


def _centre(word: list[dict]) -> float:
    """Vertical centre of a word's characters."""
    return (word[0]["top"] + word[0]["bottom"]) / 2


def row_line(words: list[list[dict]], layout: dict) -> dict:
    """One row as a text line: words far apart joined by a tab, near ones by a space or nothing."""
    height = statistics.median(w[0]["bottom"] - w[0]["top"] for w in words)
    parts = []
    for k, w in enumerate(words):
        if k:
            gap = w[0]["x0"] - words[k - 1][-1]["x1"]
            before, after = words[k - 1][-1]["text"], w[0]["text"]
            if gap > float(layout.get("tab_gap", 1.2)) * height:
                parts.append("\t")
            elif gap > float(layout.get("space_gap", 0.35)) * height and not (_CJK.match(before) or _CJK.match(after)):
                parts.append(" ")
        parts.append("".join(c["text"] for c in w))
    return {"text": "".join(parts), "x0": words[0][0]["x0"], "x1": words[-1][-1]["x1"],
            "top": min(w[0]["top"] for w in words), "bottom": max(w[0]["bottom"] for w in words)}
