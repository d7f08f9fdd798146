"""Narrative segments: the paragraphs of the text, each with its heading path.

Table regions (found by the tables step) and web debris are kept as segments
of kind ``table`` / ``boilerplate`` so offsets stay complete, but later steps
(facts, domains) skip them.
"""
from __future__ import annotations

import bisect
import re

from .report import Report, Segment
from .resources import load_lines

_MAX_SEGMENT_CHARS = 400


def _boilerplate_patterns():
    return [re.compile(p) for p in load_lines("boilerplate_patterns.txt")]


def make_segment(max_chars: int = _MAX_SEGMENT_CHARS):
    """Step: ``report.segments`` from lines, with kind and heading path."""
    patterns = _boilerplate_patterns()

    def segment_step(report: Report) -> Report:
        norm = report.norm
        spans = sorted((s, e) for s, e, _ in report.table_spans)
        starts = [s for s, _ in spans]
        heads = report.headings
        head_starts = [h.start for h in heads]
        segs = []
        for line in report.lines:
            s, e = norm.span_to_orig(line.start, line.end)
            i = bisect.bisect_right(starts, s) - 1
            if i >= 0 and spans[i][0] <= s < spans[i][1]:
                kind = "table"
            elif any(p.search(line.text) for p in patterns):
                kind = "boilerplate"
            else:
                kind = "body"
            hi = bisect.bisect_right(head_starts, s) - 1
            path = []
            if hi >= 0:
                from .structure import heading_path
                if heads[hi].start == s and kind == "body":
                    kind = "heading"
                path = heading_path(heads, hi)
            segs.append(Segment(start=s, end=e, kind=kind, heading_path=path))
        report.segments = segs
        return report
    return segment_step
