"""Context filters: is a candidate number part of the narrative, or of a table, title or label?

Each filter reads ``report.norm.text`` around one :class:`Candidate` and says
True when the number is not a narrative claim: a table cell (tab-separated or
one per line), a short quoted label (“五个中心”), a title in 《》, or a number
shortly after a template column label on a flattened table line.
"""
from __future__ import annotations

import bisect
import re

from ..char_positions import char_positions
from .candidates import Candidate
from .lexicon import exclusions


class TextIndex:
    """Line ends and tabs of a text, found once, so each filter is O(log n) per candidate
    even in a report that is one long line."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = char_positions(text, "\n")
        self.tabs = char_positions(text, "\t")

    def line_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) of the line holding position ``i`` (end excludes the newline)."""
        k = bisect.bisect_left(self.newlines, i)
        s = self.newlines[k - 1] + 1 if k else 0
        return s, (self.newlines[k] if k < len(self.newlines) else len(self.text))

    def first_tab(self, a: int, b: int) -> int:
        """The first tab in ``[a, b)``, or -1."""
        k = bisect.bisect_left(self.tabs, a)
        return self.tabs[k] if k < len(self.tabs) and self.tabs[k] < b else -1

    def last_tab(self, a: int, b: int) -> int:
        """The last tab in ``[a, b)``, or -1."""
        k = bisect.bisect_left(self.tabs, b) - 1
        return self.tabs[k] if k >= 0 and self.tabs[k] >= a else -1





_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMTOK = re.compile(r"\d+(?:\.\d+)?")


def looks_like_table_cell(ix: TextIndex, cand: Candidate) -> bool:
    """True for a number standing alone in a table cell (tabs or a short numeric line)."""
    text = ix.text
    ls, le = ix.line_bounds(cand.num_start)
    has_tab = ix.first_tab(ls, le) >= 0
    if not has_tab and le - ls > 120:
        return False
    # the tab-delimited cell holding the number
    cs = max(ix.last_tab(ls, cand.num_start) + 1, ls)
    ce = ix.first_tab(cand.end, le)
    ce = le if ce < 0 else ce
    words = len(_CJK.findall(text, cs, cand.start)) + len(_CJK.findall(text, cand.end, ce)) \
        if ce - cs < 400 else 2
    if has_tab and words < 2:
        return True
    if words == 0:
        line = text[ls:le]
        if len(_NUMTOK.findall(line)) >= 3 and len(_CJK.findall(line)) < 4:
            return True
    return False


def inside_short_quote(text: str, cand: Candidate, limit: int = 8) -> bool:
    """True when the expression sits inside a short quoted label (“五个中心”)."""
    o = text.rfind("“", max(0, cand.start - limit), cand.start)
    if o < 0 or "”" in text[o:cand.start]:
        return False
    c = text.find("”", cand.end, cand.end + limit)
    return c >= 0 and (c - o) <= limit + 2


def after_table_label(ix: TextIndex, cand: Candidate, window: int = 80) -> bool:
    """True shortly after a template column label on the same line (flattened tables)."""
    ls = max(ix.line_bounds(cand.start)[0], cand.start - window)
    return exclusions()["table_labels"].search(ix.text, ls, cand.start) is not None


def inside_title(text: str, cand: Candidate, limit: int = 60) -> bool:
    """True inside a title in 《》 (《关于印发十条措施的通知》)."""
    o = text.rfind("《", max(0, cand.start - limit), cand.start)
    if o < 0 or "》" in text[o:cand.start]:
        return False
    c = text.find("》", cand.end, cand.end + limit)
    return c >= 0 and "《" not in text[cand.end:c]


_NUMERIC_LINE = re.compile(r"\s*(?:-?\d+(?:\.\d+)?|[-—/ ]|)\s*")
# A line opening with a number and a bracket: 27（截至年底有效数量） (a table cell with a note).
_LEADING_NUMBER = re.compile(r"\s*\d+(?:\.\d+)?\s*[(（]")


def between_numeric_lines(ix: TextIndex, cand: Candidate) -> bool:
    """True for a short line among bare-number lines: a table cell flattened one per line."""
    text = ix.text
    ls, le = ix.line_bounds(cand.num_start)
    if le - ls > 40 or "。" in text[ls:le]:
        return False
    hits = 0
    for direction in (-1, 1):
        pos = ls - 1 if direction < 0 else le + 1
        for _ in range(3):                    # look past blank lines
            if pos < 0 or pos > len(text):
                break
            s, e = ix.line_bounds(max(0, min(pos, len(text) - 1)))
            line = text[s:e]
            if line.strip():
                hits += bool(_NUMERIC_LINE.fullmatch(line) and line.strip())
                break
            pos = s - 1 if direction < 0 else e + 1
    leading_number = _LEADING_NUMBER.match(text, ls, le) is not None \
        and cand.start > ls + 1
    return hits >= 2 or (hits == 1 and leading_number)


def outside_narrative(ix: TextIndex, cand: Candidate) -> bool:
    """True when any filter says the candidate is a table cell, a label or part of a title."""
    text = ix.text
    if looks_like_table_cell(ix, cand):
        return True
    if cand.chinese and inside_short_quote(text, cand):
        return True
    return inside_title(text, cand) or between_numeric_lines(ix, cand) or after_table_label(ix, cand)
