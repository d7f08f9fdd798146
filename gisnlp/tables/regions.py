"""Find where tables 二, 三 and 四 lie in the normalised text (or which native grids hold them)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .label_match import config
from .wrapped_below import values_blanked

T2_WINDOW = 8000      # how far before table 三 table 二 may start
T4_WINDOW = 3000      # how far after table 三 table 四 may lie


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The compiled region patterns of data/table_labels.yaml (compiled once)."""
    return {k: re.compile(v, re.M) for k, v in config()["regions"].items()}


@dataclass
class Regions:
    """Norm-text ranges ``(start, end)`` for each table, None where absent."""

    t2: Optional[tuple] = None
    t3: Optional[tuple] = None
    t4: Optional[tuple] = None


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


_VALUES = re.compile(r"\d{7,}|(?:\d[\d,.]*\D{0,12}){5}")   # a row of values (or its digits run together)
# five values one a line, placeholders among them (text of a PDF in reading order: 12 / 1 / — / — / 13)
_CELL_VALUES = re.compile(r"(?:^(?:\d[\d,.]*|[/／—–-]+)[ \t]*\n\s*){5}", re.M)


def _values(text: str, labels: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a row of values (``labels``: the text with them blanked)."""
    if labels is text:
        return _VALUES.search(text, start, end) is not None
    return labels[start:end] != text[start:end]


def _t3_anchor(text: str, labels: Optional[str] = None):
    """The 本年新收 row of table 三: the last one followed closely by 上年结转.

    The full label is looked for first; a label wrapped inside its cell (本年新收
    政府信息 / 公开申请数量) is found by its head when a row of values follows.
    ``labels`` is the text the labels are looked for in (default ``text``; the
    same text with the rows of values blanked when labels wrap below them:
    the values of the first row then stand on the line where its label starts, or the line above).
    """
    p = patterns()
    wrapped, labels = labels is not None, text if labels is None else labels
    best = None
    for m in p["t3_anchor"].finditer(labels):
        tail = labels[m.end():m.end() + 600]
        if re.search(r"上年\s*结转", tail) and re.search(r"\d", tail[:300]):
            best = m
    if best is not None:
        return best
    for m in p["t3_anchor_head"].finditer(labels):
        tail = labels[m.end():m.end() + 800]
        values_from = _line_start(text, _line_start(text, m.start()) - 1) if wrapped else m.end()
        if p["t3_second_row"].search(tail) and _values(text, labels, values_from, m.end() + 300):
            best = m
    if best is not None:
        return best
    for m in p["t3_heading"].finditer(labels):   # the first row's label cut too short: the heading
        tail = labels[m.end():m.end() + 1500]
        if p["t3_second_row"].search(tail) and re.search(r"予\s*以\s*公\s*开", tail) and (
                _values(text, labels, m.end(), m.end() + 1500) or _CELL_VALUES.search(labels, m.end(), m.end() + 1500)):
            best = m
    return best


def find_t3(text: str) -> Optional[tuple[int, int]]:
    """(start, anchor) of table 三: the 本年新收 row followed closely by 上年结转."""
    p = patterns()
    best = _t3_anchor(text)
    if best is None:   # labels wrapped below their rows' numbers (本年  5 3 … / 新收 / 政府…)
        best = _t3_anchor(text, values_blanked(text))
    if best is None:
        return None
    anchor = best.start()
    head = None
    for h in p["t3_heading"].finditer(text, max(0, anchor - 1500), anchor):
        head = h
    start = head.end() if head else _line_start(text, anchor)
    return start, anchor


def _without_t3(text: str) -> Regions:
    """Tables 二 and 四 of a report that prints no table 三 (none received, or a fragment)."""
    p = patterns()
    r = Regions()
    h4 = None
    for m in p["t4_heading"].finditer(text):
        if re.search(r"结果\s*维持", text[m.end():m.end() + 400]):
            h4 = m
            break
    if h4 is None:
        m = p["t4_fallback"].search(text)
        if m:
            r.t4 = (m.start(), min(len(text), m.start() + T4_WINDOW))
    else:
        r.t4 = (h4.end(), min(len(text), h4.end() + T4_WINDOW))
    m2 = None
    for m in p["t2_start"].finditer(text):   # a printed table: its column header follows the marker
        if re.search(r"信息内容|本年(新)?制|处理决定数量", text[m.end():m.end() + 200]):
            m2 = m
            break
    if m2:
        end = min(len(text), m2.start() + T2_WINDOW)
        stops = [x.start() for x in (p["t3_heading"].search(text, m2.start()),
                                     p["t4_heading"].search(text, m2.start())) if x]
        if r.t4:
            stops.append(r.t4[0])
        if stops:
            end = min(end, _line_start(text, min(stops)) or min(stops))
        r.t2 = (m2.start(), end)
    return r


def find_regions(text: str) -> Regions:
    """Where tables 二, 三 and 四 lie in the normalised text; table 三 anchors the other two."""
    p = patterns()
    r = Regions()
    t3 = find_t3(text)
    if t3 is None:
        return _without_t3(text)
    t3_start, anchor = t3
    # table 四 begins at its heading after the anchor
    h4 = p["t4_heading"].search(text, anchor, anchor + 20000)
    if h4:
        t3_end = h4.start()
        r.t4 = (h4.end(), min(len(text), h4.end() + T4_WINDOW))
    else:
        f4 = p["t4_fallback"].search(text, anchor, anchor + 12000)
        t3_end = f4.start() if f4 else min(len(text), anchor + 12000)
        if f4:
            r.t4 = (f4.start(), min(len(text), f4.start() + T4_WINDOW))
    r.t3 = (t3_start, t3_end)
    # table 二: the first 第二十条 marker before table 三 with no sentence end in between
    lo = max(0, t3_start - T2_WINDOW)
    lo = max(lo, text.rfind("。", lo, t3_start) + 1)
    t2_head = None
    for pat in (p["t2_start"], p["t2_rows"]):
        m = pat.search(text, lo, t3_start)
        if m and (t2_head is None or m.start() < t2_head):
            t2_head = m.start()
    if t2_head is None:
        for m in p["t2_heading"].finditer(text, lo, t3_start):
            if "。" not in text[m.end():t3_start]:
                t2_head = m.end()
                break
    if t2_head is not None:
        # stop before the heading of table 三
        h3 = None
        for h in p["t3_heading"].finditer(text, t2_head, t3_start + 1):
            h3 = h
        end = _line_start(text, h3.start()) if h3 else t3_start
        if h3 and end <= t2_head:
            end = h3.start()
        r.t2 = (t2_head, end)
    return r
