"""Table rules drawn on a page image, as the edges pdfplumber's table finder reads.

A scanned table's grid is in its pixels: long thin runs of dark pixels,
horizontal and vertical, found by morphological opening (``ruling_edges``).
Hairlines print light grey and noise breaks them, so gaps along a rule are
closed first; a shaded cell is a thick block whose sides are rules; a
vertical run inside a recognised word is a stroke of a character.
"""
from __future__ import annotations

import statistics

import numpy as np

from .ocr import OcrWord


def ruling_edges(gray: np.ndarray, words: list[OcrWord], scale: float, conf: dict) -> list[dict]:
    """Table rules drawn on the page, as pdfplumber edges in points.

    Runs of pixels darker than ``ink_level`` (gaps of ``bridge_px`` from
    noise or a light scan closed) at least ``min_h_fraction`` of the page
    width (``min_v_fraction`` of its height, and longer than a character)
    survive a morphological opening; a vertical run inside a
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
