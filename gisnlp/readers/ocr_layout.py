"""Rebuild a page's layout from OCR boxes: characters, ruling lines, rows and cells.

OCR gives words with boxes in pixels. This module turns them into what the PDF
reader reads from a text PDF, in points: pdfplumber-shaped ``chars`` (each
with the confidence it was read with) and ``edges`` (the table rules found in
the image), so that pdfplumber's table finder builds ruled tables and the PDF
reader's flow writes them as grids and tab-separated rows, exactly as for a
text PDF. Text outside ruled tables is rebuilt as rows: words are clustered by
their vertical extent into rows and, within a row, words far apart become
tab-separated cells (a borderless table's row), near ones one line.
"""
from __future__ import annotations

import re
import statistics

import numpy as np

from .ocr import OcrWord
from .pdf_engines import PdfiumPage

_DIGITS = re.compile(r"^[-－]?[0-9][0-9.,%，．]*$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def fix_digits(word: OcrWord, lookalikes: dict[str, str], debris: str, edge_debris: str = "") -> OcrWord | None:
    """The word with rule debris (``|``) dropped and, in a number, letters read as digits.

    A word that is a number but for look-alike letters (``1O5``, a lone ``o``
    or ``l`` in a table cell), full-width digits or specks read as punctuation
    at its edges (``0.`` ``o:``) becomes that number in ASCII digits; None
    when nothing is left.
    """
    chars = [c for c in word.chars if c.text not in debris]
    number = _as_number(chars, lookalikes, edge_debris)
    if number is not None:
        chars = number
    if not chars:
        return None
    text = "".join(c.text for c in chars)
    mapped = "".join(lookalikes.get(ch, ch) for ch in text.translate(_FULL_WIDTH_DIGITS))
    if _DIGITS.match(mapped) and mapped != text:
        for c in chars:
            c.text = lookalikes.get(c.text, c.text).translate(_FULL_WIDTH_DIGITS)
        text = mapped
    if text == word.text and len(chars) == len(word.chars):
        return word
    return OcrWord(text, min(c.x0 for c in chars), max(c.x1 for c in chars), word.top, word.bottom,
                   word.confidence, chars)


def split_at_gaps(word: OcrWord, gap: float) -> list[OcrWord]:
    """The word cut where its characters stand more than ``gap`` heights apart.

    The detector sometimes draws one box over two table cells set close
    together (``0    0``); the recogniser's character positions show the gap.
    """
    limit = gap * (word.bottom - word.top)
    pieces, current = [], [word.chars[0]] if word.chars else []
    for prev, char in zip(word.chars, word.chars[1:]):
        if char.x0 - prev.x1 > limit:
            pieces.append(current)
            current = []
        current.append(char)
    if current:
        pieces.append(current)
    if len(pieces) < 2:
        return [word]
    return [OcrWord("".join(c.text for c in p), p[0].x0, p[-1].x1, word.top, word.bottom,
                    min(c.confidence for c in p), p) for p in pieces]


def _as_number(chars: list, lookalikes: dict[str, str], edge_debris: str) -> list | None:
    """``chars`` without edge punctuation when what remains reads as a number, else None."""
    start, end = 0, len(chars)
    while start < end and chars[start].text in edge_debris:
        start += 1
    while end > start and chars[end - 1].text in edge_debris:
        end -= 1
    if (start, end) == (0, len(chars)) or start == end:
        return None
    core = "".join(lookalikes.get(c.text, c.text) for c in chars[start:end]).translate(_FULL_WIDTH_DIGITS)
    return chars[start:end] if _DIGITS.match(core) else None


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


def ruling_edges(gray: np.ndarray, words: list[OcrWord], scale: float, conf: dict) -> list[dict]:
    """Table rules drawn on the page, as pdfplumber edges in points.

    Runs of pixels darker than ``ink_level`` (gaps of ``bridge_px`` from
    noise or a light scan closed) at least ``min_h_fraction`` of the page width (``min_v_fraction`` of its height, and longer than a
    character) survive a morphological opening; a vertical run inside a
    recognised word is a stroke, not a rule; a run thicker than
    ``max_thickness`` of the page width is a shaded cell, whose sides are rules.
    """
    import cv2
    h, w = gray.shape
    ink = (gray < int(conf.get("ink_level", 215))).astype(np.uint8)     # hairlines print light grey
    heights = [wd.bottom - wd.top for wd in words]
    char_h = statistics.median(heights) if heights else 0.0
    h_len = max(10, int(w * float(conf.get("min_h_fraction", 0.04))))
    v_len = max(10, int(h * float(conf.get("min_v_fraction", 0.015))), int(1.3 * char_h))
    thick = max(3, int(w * float(conf.get("max_thickness", 0.004))))
    edges = []
    bridge = int(conf.get("bridge_px", 3))
    for orientation, kernel in (("h", (h_len, 1)), ("v", (1, v_len))):
        along = (bridge, 1) if orientation == "h" else (1, bridge)
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, along))
        lines = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, bw, bh, _ in stats[1:count]:
            if orientation == "v" and _inside_word(x + bw / 2, y, y + bh, words):
                continue
            if (bh if orientation == "h" else bw) > thick:      # a shaded cell: its two sides are rules
                edges.extend(_sides(orientation, x, y, bw, bh, scale))
            else:
                edges.append(_edge(orientation, x, y, bw, bh, scale))
    return edges


def _sides(orientation: str, x: int, y: int, bw: int, bh: int, scale: float) -> list[dict]:
    """The two long sides of a filled block, as edges (top and bottom, or left and right)."""
    if orientation == "h":
        return [_edge("h", x, y, bw, 1, scale), _edge("h", x, y + bh - 1, bw, 1, scale)]
    return [_edge("v", x, y, 1, bh, scale), _edge("v", x + bw - 1, y, 1, bh, scale)]


def _inside_word(x: float, y0: float, y1: float, words: list[OcrWord]) -> bool:
    """Whether a vertical run at ``x`` from ``y0`` to ``y1`` lies within a word's box."""
    return any(wd.x0 < x < wd.x1 and wd.top - 2 <= y0 and y1 <= wd.bottom + 2 for wd in words)


def _edge(orientation: str, x: int, y: int, bw: int, bh: int, scale: float) -> dict:
    """A pdfplumber edge through the middle of a run of pixels."""
    if orientation == "h":
        x0, x1 = x * scale, (x + bw) * scale
        top = bottom = (y + bh / 2) * scale
    else:
        x0 = x1 = (x + bw / 2) * scale
        top, bottom = y * scale, (y + bh) * scale
    return {"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


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
        return [row_line(r, self.layout) for r in rows(chars)]


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
