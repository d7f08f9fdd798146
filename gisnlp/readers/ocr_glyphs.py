"""Correct the text detector's boxes: ink it missed, boxes over two rows.

A DB text detector finds lines of text well but often misses a single small
glyph standing alone, which is exactly what most cells of the statistical
tables hold (``0``). After detection, the page's ink outside every detected
box is split into connected components; those of a character's size (judged
from the detected boxes' heights), not rules and not specks, are grouped with
their close neighbours on the same line, and each group becomes one more box
for the recogniser. A box narrower than tall and much taller than a line
covers the same cell of two rows; it is cut into strips one line high
(``split_tall_boxes``). A box much flatter than a line holds a flat glyph
(``一``, ``、``) or only the middle of a thin one (``1``); cropped as drawn,
the recogniser sees a sliver and reads nothing or noise, and the rest of the
glyph's ink is hidden from the glyph search. It is grown to a line's height
first (``grow_flat_boxes``). Settings: ``glyphs``, ``tall_box``, ``flat_box``
in ``data/ocr.yaml``.
"""
from __future__ import annotations

import numpy as np


def missed_glyph_boxes(gray: np.ndarray, boxes: list[np.ndarray], conf: dict) -> list[np.ndarray]:
    """Boxes (4x2 float32 corner arrays) around character-sized ink that no box in ``boxes`` covers."""
    import cv2
    if not boxes:
        return []
    heights = sorted(float(b[:, 1].max() - b[:, 1].min()) for b in boxes)
    char_h = heights[len(heights) // 2]
    if char_h < 6:
        return []
    ink = (gray < int(conf.get("ink_level", 140))).astype(np.uint8)
    covered = np.zeros_like(ink)
    pad = int(conf.get("box_pad", 0.1) * char_h) + 1
    for b in boxes:
        x0, y0 = np.floor(b.min(axis=0)).astype(int) - pad
        x1, y1 = np.ceil(b.max(axis=0)).astype(int) + pad
        covered[max(0, y0):y1, max(0, x0):x1] = 1
    ink[covered > 0] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = [tuple(map(int, s[:4])) for s in stats[1:count] if _glyph_sized(s, char_h, conf)]
    return [_quad(g, char_h, float(conf.get("margin", 0.2)), gray.shape) for g in _groups(glyphs, char_h, conf)]


def _glyph_sized(stat, char_h: float, conf: dict) -> bool:
    """A component as tall as a character (or a digit), not wider than two, with enough ink
    (``min_ink`` of a character's square: a thin ``1`` has little)."""
    x, y, w, h, area = (int(v) for v in stat[:5])
    low, high = float(conf.get("min_height", 0.4)), float(conf.get("max_height", 1.4))
    return low * char_h <= h <= high * char_h and w <= 2.0 * char_h \
        and area >= float(conf.get("min_ink", 0.015)) * char_h * char_h


def _groups(glyphs: list[tuple], char_h: float, conf: dict) -> list[tuple]:
    """Glyph boxes (x, y, w, h) merged with neighbours on the same line closer than ``join_gap`` heights."""
    join = float(conf.get("join_gap", 0.5)) * char_h
    merged: list[list[int]] = []
    for x, y, w, h in sorted(glyphs):
        for g in merged:
            same_line = min(y + h, g[3]) - max(y, g[1]) >= 0.4 * min(h, g[3] - g[1])
            if same_line and x - g[2] <= join:
                g[0], g[1], g[2], g[3] = min(g[0], x), min(g[1], y), max(g[2], x + w), max(g[3], y + h)
                break
        else:
            merged.append([x, y, x + w, y + h])
    return [tuple(g) for g in merged]


def _quad(group: tuple, char_h: float, margin: float, shape) -> np.ndarray:
    """A group's box grown by ``margin`` character heights, as four corners inside the page."""
    x0, y0, x1, y1 = group
    m = margin * char_h
    x0, y0 = max(0.0, x0 - m), max(0.0, y0 - m)
    x1, y1 = min(shape[1] - 1.0, x1 + m), min(shape[0] - 1.0, y1 + m)
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def split_tall_boxes(boxes: list, tall: float) -> list:
    """Boxes taller than ``tall`` median heights (and 1.5 times their width) cut into strips one line high.

    On a tightly set page the detector may draw one box over the same cell of
    two rows (``0`` above ``0``); read whole, it would be taken for vertical
    text (``00``). A narrow column of vertical text cut this way is still read
    character by character, top to bottom.
    """
    line = _median_height(boxes)
    out = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.min(axis=0), b.max(axis=0)
        n = int(round((y1 - y0) / line)) if line > 0 else 1
        if y1 - y0 <= tall * line or n < 2 or y1 - y0 < 1.5 * (x1 - x0):     # a big character: keep
            out.append(b)
            continue
        step = (y1 - y0) / n
        out.extend(np.array([[x0, y0 + k * step], [x1, y0 + k * step], [x1, y0 + (k + 1) * step],
                             [x0, y0 + (k + 1) * step]], dtype=np.float32) for k in range(n))
    return out


def grow_flat_boxes(boxes: list, flat: float) -> list:
    """Boxes lower than ``flat`` median heights grown, about their centre, to one median height.

    In a narrow table cell the detector often draws a box around only part
    of a lone glyph: the middle of a thin ``1``, the stroke of ``一``. The
    recogniser, given that sliver, returns nothing; given the line's height
    around it, it reads the glyph. Such boxes are also made at least half a
    line wide, so a one-stroke glyph keeps some margin.
    """
    line = _median_height(boxes)
    out = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.min(axis=0), b.max(axis=0)
        if y1 - y0 >= flat * line:
            out.append(b)
            continue
        cx, cy, half_w = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, 0.5 * line) / 2
        out.append(np.array([[cx - half_w, cy - line / 2], [cx + half_w, cy - line / 2],
                             [cx + half_w, cy + line / 2], [cx - half_w, cy + line / 2]], dtype=np.float32))
    return out


def _median_height(boxes: list) -> float:
    """The median height of corner-array boxes (0.0 for none)."""
    heights = sorted(float(b[:, 1].max() - b[:, 1].min()) for b in boxes)
    return heights[len(heights) // 2] if heights else 0.0
