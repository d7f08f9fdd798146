"""Where a fact sits: its clause label, trailing words, sentence and heading path.

All strings come from ``report.norm.text`` (simplified, half-width punctuation),
so the rules in ``cell_links.yaml`` need only one spelling. The break
characters, line ends, segment starts and heading starts of a report are
indexed once (:class:`_BreakIndex`, :class:`_HeadingIndex`), so building the
contexts of all facts costs time linear in the document's length.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from ..char_positions import char_positions
from ..normalize import norm_of
from ..report import Report

# The paragraph around a fact: its line, at most this many characters on each side.
PARAGRAPH_CHARS = 600
_SPACES_AND_QUOTES = re.compile("[\\s\"'“”‘’「」『』]+")


@dataclass
class FactContext:
    """The words around one fact, as the link rules read them (norm offsets)."""

    index: int
    start: int                 # norm offsets of the number expression
    end: int
    label: str                 # clause text before the number
    trailing: str              # clause text after it (to the next break or fact)
    before: str                # sentence text before the clause
    sentence: str              # the whole sentence
    headings: str = ""         # heading path, joined
    after: str = ""            # sentence text after it (to the sentence end or the next fact)
    paragraph_text: str = field(default="", repr=False)   # the line around the fact, as printed
    in_table: bool = False
    sentence_start: int = 0
    clause_start: int = 0
    extra: dict = field(default_factory=dict)
    _paragraph: Optional[str] = field(default=None, init=False, repr=False, compare=False)

    @property
    def paragraph(self) -> str:
        """The line (paragraph) around the fact, up to 600 characters each side, compacted
        like the other fields (computed on first use: few rules need it)."""
        if self._paragraph is None:
            self._paragraph = _compact(self.paragraph_text)
        return self._paragraph


class _BreakIndex:
    """Sorted positions of one set of break characters in a text, for bisection."""

    def __init__(self, text: str, chars: str):
        self.size = len(text)
        self.pos = char_positions(text, chars)

    def before(self, i: int) -> int:
        """The last break position < ``i``, or -1."""
        k = bisect.bisect_left(self.pos, i) - 1
        return self.pos[k] if k >= 0 else -1

    def from_(self, i: int) -> int:
        """The first break position >= ``i``, or the text's length."""
        k = bisect.bisect_left(self.pos, i)
        return self.pos[k] if k < len(self.pos) else self.size


class _HeadingIndex:
    """Heading paths by original offset: from the segment holding it, else the heading tree."""

    def __init__(self, report: Report):
        self.segments = report.segments
        self.seg_starts = [s.start for s in self.segments]
        self.headings = report.headings
        self.head_starts = [h.start for h in self.headings]
        self._paths: dict[int, str] = {}

    def path(self, orig_start: int) -> str:
        """The heading path of the text at ``orig_start``, joined by spaces."""
        segs = self.segments
        if segs:
            i = bisect.bisect_right(self.seg_starts, orig_start) - 1
            if 0 <= i < len(segs) and segs[i].start <= orig_start < max(segs[i].end, segs[i].start + 1):
                return " ".join(segs[i].heading_path)
        if self.headings:
            return self._tree_path(bisect.bisect_right(self.head_starts, orig_start) - 1)
        return ""

    def _tree_path(self, i: int) -> str:
        """Titles from the root down to heading ``i`` (cached per heading)."""
        if i not in self._paths:
            path, j = [], i
            while j is not None and j >= 0:
                path.append(self.headings[j].title)
                j = self.headings[j].parent
            self._paths[i] = " ".join(path[::-1])
        return self._paths[i]


def _compact(s: str) -> str:
    """Drop whitespace and quotes so labels read as one phrase (line breaks inside words)."""
    return _SPACES_AND_QUOTES.sub("", s)


def fact_contexts(report: Report, clause_breaks: str, sentence_breaks: str) -> list[FactContext]:
    """One :class:`FactContext` per fact of ``report.facts`` (same order).

    A clause starts after the last clause or sentence break, the previous
    fact, or the end of the last heading line or table before the number,
    whichever is latest (a sentence printed after a table does not run back
    into its cells; a colon or a closing bracket right before the number does
    not end the clause: the words before it label the figure; a colon and a
    leading 、 are dropped); the trailing words run to the next break or fact.
    """
    norm = norm_of(report)
    text = norm.text
    n_text = len(text)

    def pos(orig: int) -> int:
        """The norm offset of an original offset (clamped to the text)."""
        return min(norm.from_orig(orig), n_text)

    spans = sorted((s, e) for s, e, *_ in report.table_spans)
    span_starts = [s for s, _ in spans]
    npos = [(pos(f.start), max(pos(f.end), pos(f.start))) for f in report.facts]
    order = sorted(range(len(report.facts)), key=lambda i: npos[i])
    prev_end, next_start = {}, {}
    for k, i in enumerate(order):
        prev_end[i] = npos[order[k - 1]][1] if k else 0
        next_start[i] = npos[order[k + 1]][0] if k + 1 < len(order) else n_text
    # A heading line ends a clause and a sentence even without punctuation.
    head_ends = sorted(pos(h.end) for h in report.headings)
    table_ends = sorted(pos(e) for _, e in spans)     # so does a table
    clause_ix = _BreakIndex(text, clause_breaks + sentence_breaks)
    sentence_ix = _BreakIndex(text, sentence_breaks)
    line_ix = _BreakIndex(text, "\n")
    heading_ix = _HeadingIndex(report)
    out = []
    for i, f in enumerate(report.facts):
        s, e = npos[i]
        h = bisect.bisect_right(head_ends, s) - 1
        head_end = head_ends[h] if h >= 0 else 0
        t = bisect.bisect_right(table_ends, s) - 1
        head_end = max(head_end, table_ends[t] if t >= 0 else 0)
        floor = max(min(prev_end[i], s), head_end)
        clause_start = max(clause_ix.before(s) + 1, floor)
        if clause_start > floor and text[clause_start - 1] == ":" and not text[clause_start:s].strip():
            # 收到申请共计:64件 — the words before the colon label the figure right after it
            clause_start = max(clause_ix.before(clause_start - 1) + 1, floor)
        elif clause_start > floor and text[clause_start - 1] == ")" and not text[clause_start:s].strip():
            # 撤销原答复(即被纠正)1件 — the words before and inside the brackets label the figure
            opening = text.rfind("(", floor, clause_start - 1)
            if opening >= 0:
                clause_start = max(clause_ix.before(opening) + 1, floor)
        sent_start = max(sentence_ix.before(s) + 1, head_end)
        trail_end = min(clause_ix.from_(e), max(next_start[i], e))
        sent_end = sentence_ix.from_(e)
        para_start = max(line_ix.before(s) + 1, s - PARAGRAPH_CHARS)
        para_end = min(line_ix.from_(e), e + PARAGRAPH_CHARS)
        t = bisect.bisect_right(span_starts, f.start) - 1
        in_table = t >= 0 and spans[t][0] <= f.start < spans[t][1]
        out.append(FactContext(
            index=i, start=s, end=e,
            label=_compact(text[clause_start:s]).rstrip(":").lstrip("、"), trailing=_compact(text[e:trail_end]),
            after=_compact(text[e:min(sent_end, max(next_start[i], e))]),
            before=_compact(text[sent_start:clause_start]), sentence=_compact(text[sent_start:sent_end]),
            headings=heading_ix.path(f.start), in_table=in_table,
            paragraph_text=text[para_start:para_end],
            sentence_start=sent_start, clause_start=clause_start))
    return out
