"""Lines and the heading tree (一、 / （一） / 1、 / （1）) of the normalised text."""
from __future__ import annotations

import re

from .report import Heading, Line, Report

CN_NUM = "一二三四五六七八九十"
# After normalisation full-width brackets are ASCII: （一） -> (一).
HEADING_PATTERNS = (
    (1, re.compile(rf"^(第[{CN_NUM}]+部分|[{CN_NUM}]{{1,3}}\s*[、.．])\s*")),
    (2, re.compile(rf"^(\(\s*[{CN_NUM}]{{1,3}}\s*\))\s*")),
    (3, re.compile(r"^(\d{1,2}\s*[、.．](?!\d))\s*")),
    (4, re.compile(r"^(\(\s*\d{1,2}\s*\))\s*")),
)
# Any of the markers: most lines open with none, and are then left after one test.
_ANY_MARKER = re.compile("|".join(f"(?:{p.pattern})" for _, p in HEADING_PATTERNS))
_SENTENCE_END = re.compile(r"[。；;！!？?]")
# A table row, not a heading: a tab before a number, or a label run into its figures
# (一、本年新收政府信息公开申请数量21710000218).
_TABLE_ROW = re.compile(r"\t\s*[-+]?\d|[\u4e00-\u9fff)）]\s*\d[\d\s.]*$")
MAX_HEADING_CHARS = 60
# A marker followed by a figure is a list item or a table row (一、21710000218), not a
# heading; a year is not such a figure (五、2024年工作计划).
_FIGURE_START = re.compile(r"(?!(?:19|20)\d{2}\s*年)[\d.%]")


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, stripped, with their offsets: the units every later step reads."""
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()                 # the line break is whitespace: stripped with the rest
        if stripped:
            s = pos + len(raw) - len(raw.lstrip())
            lines.append(Line(start=s, end=s + len(stripped), text=stripped))
        pos += len(raw)
    return lines


def match_heading(text: str):
    """(level, marker, title_end) if the line starts with a heading marker, else None.

    A long line that opens with a marker is a heading followed by its paragraph
    (（一）细化…。围绕…): the heading is the first sentence, when short enough.
    """
    clean = text.lstrip("*#> ").strip()
    if not _ANY_MARKER.match(clean):
        return None
    for level, pat in HEADING_PATTERNS:
        m = pat.match(clean)
        if not m:
            continue
        rest = clean[m.end():]
        if not rest or _FIGURE_START.match(rest) or _TABLE_ROW.search(rest):
            return None
        end = _SENTENCE_END.search(rest)
        title_len = end.start() if end else len(rest)
        if title_len > MAX_HEADING_CHARS:
            return None
        offset = len(text) - len(text.lstrip("*#> "))
        return level, m.group(1).strip(), offset + m.end() + title_len + (1 if end else 0)
    return None


def build_headings(lines: list[Line]) -> list[Heading]:
    """The heading tree (一、 > （一） > 1、 > （1）): each heading points at its nearest
    enclosing one of a higher level, so a skipped level never breaks the path."""
    headings: list[Heading] = []
    stack: list[int] = []
    for line in lines:
        hit = match_heading(line.text)
        if not hit:
            continue
        level, marker, title_end = hit
        title = line.text[:title_end].strip("*# ").strip()
        while stack and headings[stack[-1]].level >= level:
            stack.pop()
        headings.append(Heading(level=level, marker=marker, title=title, start=line.start,
                                end=line.start + title_end, parent=stack[-1] if stack else None))
        stack.append(len(headings) - 1)
    return headings


def heading_path(headings: list[Heading], index: int) -> list[str]:
    """Titles from the top heading down to ``headings[index]``."""
    path, i = [], index
    while i is not None:
        path.append(headings[i].title)
        i = headings[i].parent
    return path[::-1]


def make_structure():
    """Step: ``report.lines`` and ``report.headings`` (spans mapped to the text as read)."""
    def structure_step(report: Report) -> Report:
        """Set the lines and headings of ``report`` from its normalised text."""
        norm = report.norm
        report.lines = split_lines(norm.text)
        heads = build_headings(report.lines)
        for h in heads:  # spans into the text as read
            h.start, h.end = norm.span_to_orig(h.start, h.end)
        report.headings = heads
        return report
    return structure_step
