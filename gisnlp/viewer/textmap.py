"""Cut the report text into runs by segment, heading and fact spans, ready to draw.

Spans come from other steps and may overlap or fall outside the text; the runs
never do: each character belongs to at most one segment, heading and fact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..report import Report


@dataclass
class Piece:
    text: str
    fact: Optional[int] = None          # index into Report.facts
    heading: Optional[int] = None       # index into the headings drawn (the page's outline)
    fact_start: bool = False            # first piece of its fact (carries the element id)
    heading_start: bool = False
    table: Optional[str] = None         # table id (t2, t3, t4) when inside a table span


@dataclass
class Block:
    segment: Optional[int]              # index into Report.segments, None for text outside them
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class TextMap:
    blocks: list[Block]
    dropped_facts: list[int]            # facts not drawn (bad or overlapping span)


def _disjoint(spans: list[tuple[int, int, int]], n: int) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Keep valid, non-overlapping (start, end, index) spans; earlier and longer win."""
    kept, dropped = [], []
    valid = []
    for s, e, i in spans:
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= n:
            valid.append((s, e, i))
        else:
            dropped.append(i)
    last_end = 0
    for s, e, i in sorted(valid, key=lambda x: (x[0], -x[1], x[2])):
        if s < last_end:
            dropped.append(i)
            continue
        kept.append((s, e, i))
        last_end = e
    return kept, dropped


def _owner(spans: list[tuple[int, int, int]], cuts: list[int]) -> list[Optional[int]]:
    """For each run [cuts[k], cuts[k+1]) the index of the span covering it, or None."""
    out: list[Optional[int]] = []
    j = 0
    for k in range(len(cuts) - 1):
        a = cuts[k]
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        out.append(spans[j][2] if j < len(spans) and spans[j][0] <= a else None)
    return out


def build_textmap(report: Report, headings: Optional[list] = None) -> TextMap:
    """Cut the text into pieces, each in at most one segment, heading (outline entry) and fact.

    ``headings``: objects with ``start``/``end`` whose list index the pieces carry
    (the page's outline); default ``report.headings``.
    """
    text = report.text or ""
    n = len(text)
    headings = report.headings if headings is None else headings
    segs, _ = _disjoint([(s.start, s.end, i) for i, s in enumerate(report.segments)], n)
    heads, _ = _disjoint([(h.start, h.end, i) for i, h in enumerate(headings)], n)
    facts, dropped = _disjoint([(f.start, f.end, i) for i, f in enumerate(report.facts)], n)
    tables, _ = _disjoint([(t[0], t[1], i) for i, t in enumerate(report.table_spans) if len(t) >= 2], n)
    cuts = sorted({0, n} | {x for sp in (segs, heads, facts, tables) for s, e, _ in sp for x in (s, e)})
    seg_of, head_of, fact_of = _owner(segs, cuts), _owner(heads, cuts), _owner(facts, cuts)
    table_of = _owner(tables, cuts)
    table_ids = [str(t[2]) if len(t) > 2 else "table" for t in report.table_spans]
    blocks: list[Block] = []
    seen_fact: set[int] = set()
    seen_head: set[int] = set()
    for k in range(len(cuts) - 1):
        a, b = cuts[k], cuts[k + 1]
        if a == b:
            continue
        seg = seg_of[k]
        if not blocks or blocks[-1].segment != seg:
            blocks.append(Block(seg))
        f, h = fact_of[k], head_of[k]
        piece = Piece(text[a:b], f, h, f is not None and f not in seen_fact, h is not None and h not in seen_head,
                      table_ids[table_of[k]] if table_of[k] is not None else None)
        if f is not None:
            seen_fact.add(f)
        if h is not None:
            seen_head.add(h)
        blocks[-1].pieces.append(piece)
    return TextMap(blocks, sorted(dropped))
