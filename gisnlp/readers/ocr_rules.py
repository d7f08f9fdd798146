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
    ``max_thickness`` of the page width is a filled block, whose sides are
    rules. Light shaded cells (``shaded_cells``) are taken out of the ink and
    give their four sides.
    """
    import cv2
    h, w = gray.shape
    ink = (gray < int(conf.get("ink_level", 215))).astype(np.uint8)     # hairlines print light grey
    shaded, blocks = shaded_cells(gray, conf.get("shading") or {})
    ink[shaded & (gray >= int((conf.get("shading") or {}).get("keep_below", 190)))] = 0
    heights = [wd.bottom - wd.top for wd in words]
    char_h = statistics.median(heights) if heights else 0.0
    h_len = max(10, int(w * float(conf.get("min_h_fraction", 0.04))))
    v_len = max(10, int(h * float(conf.get("min_v_fraction", 0.015))), int(1.3 * char_h))
    thick = max(3, int(w * float(conf.get("max_thickness", 0.004))))
    edges = [e for x, y, bw, bh in blocks for o in ("h", "v") for e in _sides(o, x, y, bw, bh, scale)]
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


def shaded_cells(gray: np.ndarray, conf: dict) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """Shaded cells: (mask of their pixels, their boxes) — even, lighter-than-text blocks darker than paper.

    A tinted caption row is a block of one grey (or colour) level; speckle
    noise over it, near the rule threshold, would otherwise break into
    short false rules. Judged on the page reduced ``factor`` times (which
    averages noise away): darker than the paper by ``min_shade`` levels,
    lighter than ``max_dark``, locally even (standard deviation under
    ``max_std``), and at least ``min_width`` of the page wide.
    """
    import cv2
    h, w = gray.shape
    if not conf:
        return np.zeros_like(gray, dtype=bool), []
    factor = int(conf.get("factor", 4))
    size = (max(1, w // factor), max(1, h // factor))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    paper = float(np.percentile(small, 90))
    mean = cv2.blur(small, (5, 5))
    std = np.sqrt(np.maximum(cv2.blur(small * small, (5, 5)) - mean * mean, 0))
    mask = ((small < paper - float(conf.get("min_shade", 18))) & (small > float(conf.get("max_dark", 120)))
            & (std < float(conf.get("max_std", 12)))).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    min_w = float(conf.get("min_width", 0.15)) * small.shape[1]
    keep = [k for k in range(1, count) if stats[k][2] >= min_w and stats[k][3] >= 3]
    grow = 2 * factor                        # the opening and the window ate about this much of each side
    blocks = [(max(0, x * factor - grow), max(0, y * factor - grow), bw * factor + 2 * grow, bh * factor + 2 * grow)
              for x, y, bw, bh, _ in (stats[k] for k in keep)]
    full = cv2.resize(np.isin(labels, keep).astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)
    full = cv2.dilate(full, np.ones((3 * factor, 3 * factor), np.uint8)) > 0
    return full, blocks


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
