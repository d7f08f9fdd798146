"""Narrative segments: lines (long ones cut into sentence groups), each with its heading path.

Table regions (found by the tables step) and web debris are kept as segments
of kind ``table`` / ``boilerplate`` so the text stays covered, but later steps
(facts, domains) skip them. Offsets are into ``report.text`` (the text as read).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .line_pattern import LinePattern, line_pattern
from .report import Report, Segment
from .resources import load_lines, load_yaml


ATTACHMENT = -1        # split_long's level for a cut where an attachment opens


@dataclass(frozen=True)
class _Rules:
    max_chars: int
    markers: tuple            # (level, compiled pattern)
    boundary: str
    boundary5: str
    title_end: re.Pattern
    title_suffixes: tuple
    title_max: int
    sentence_end: re.Pattern
    cjk: re.Pattern
    table_note: re.Pattern
    boilerplate: LinePattern    # every debris pattern in one: ``search(line)`` -> bool
    paragraph_end: str
    min_broken_line: int
    long_debris_line: int
    debris_prefix_max: int
    attachment: re.Pattern
    flat_line: int
    flat_max_chars: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    cfg = load_yaml("domain_segmentation.yaml")
    return _Rules(
        max_chars=int(cfg["max_chars"]),
        markers=tuple((int(m["level"]), re.compile(m["pattern"])) for m in cfg["inline_markers"]),
        boundary=cfg["boundary_before"],
        boundary5=cfg["boundary_before_level5"],
        title_end=re.compile("[" + re.escape(cfg["title_end_chars"]) + "]"),
        title_suffixes=tuple(cfg["title_suffixes"]),
        title_max=int(cfg["title_max"]),
        sentence_end=re.compile(cfg["sentence_end"]),
        cjk=re.compile(cfg["cjk"]),
        table_note=re.compile(cfg.get("table_note", r"(?!x)x")),
        boilerplate=line_pattern("|".join([*load_lines("boilerplate_patterns.txt"),
                                           *(cfg.get("extra_boilerplate") or ())])),
        paragraph_end=cfg["paragraph_end_chars"],
        min_broken_line=int(cfg["min_broken_line"]),
        long_debris_line=int(cfg.get("long_debris_line", 400)),
        debris_prefix_max=int(cfg.get("debris_prefix_max", 400)),
        attachment=re.compile(cfg.get("attachment_start", r"(?!x)x")),
        flat_line=int(cfg.get("flat_line", 10 ** 9)),
        flat_max_chars=int(cfg.get("flat_max_chars", cfg["max_chars"])),
    )


def debris_prefix(text: str, rules: _Rules = None) -> int:
    """Length of the web-debris prefix of a long line that holds a whole report
    (breadcrumb, share buttons, then the report): the narrative starts after the last
    whitespace before the first sentence end; 0 when no such cut is found."""
    rules = rules or _rules()
    m = rules.sentence_end.search(text)
    if not m:
        return 0
    head = text[:min(m.start(), rules.debris_prefix_max)]
    gaps = [g.end() for g in re.finditer(r"\s+", head)]
    return gaps[-1] if gaps else 0


def _at_boundary(text: str, s: int, allowed: str) -> bool:
    """``s`` opens the text or follows whitespace or one of ``allowed``."""
    return s == 0 or text[s - 1] in allowed or text[s - 1].isspace()


def inline_markers(text: str, rules: _Rules = None) -> list[tuple[int, int, int]]:
    """(start, end, level) of heading markers inside ``text`` that open at a boundary."""
    rules = rules or _rules()
    found: dict[int, tuple[int, int, int]] = {}
    for level, pat in rules.markers:
        for m in pat.finditer(text):
            s = m.start()
            if not _at_boundary(text, s, rules.boundary5 if level == 5 else rules.boundary):
                continue
            if s not in found or found[s][2] > level:
                found[s] = (s, m.end(), level)
    return [found[k] for k in sorted(found)]


def inline_title(text: str, rules: _Rules = None) -> str:
    """Short title after an inline marker: up to the first clause end or a 方面-like suffix."""
    rules = rules or _rules()
    head = text[:rules.title_max]
    m = rules.title_end.search(head)
    if m:
        head = head[:m.start()]
    m = re.search(r"\d", head[4:])          # 主要类别2016年… : the paragraph has begun
    if m:
        head = head[:4 + m.start()]
    for s, _, _ in inline_markers(head, rules):
        if s > 0:
            head = head[:s]
            break
    for suf in rules.title_suffixes:
        i = head.find(suf)
        if i >= 0:
            head = head[:i + len(suf)]
    return head.strip()


def split_long(text: str, max_chars: int, rules: _Rules = None) -> list[tuple[int, int, int, str]]:
    """Cut ``text`` into pieces (start, end, marker_level, title) at inline markers,
    then into sentence groups of at most ``max_chars``. level 0 = no marker,
    ``ATTACHMENT`` = an attachment opens here."""
    rules = rules or _rules()
    cuts = []
    for s, e, lvl in inline_markers(text, rules):
        if s > 0:
            title = inline_title(text[e:e + rules.title_max], rules)   # bounded: linear cost
            cuts.append((s, lvl, text[s:e].strip() + title if title else ""))
    for m in rules.attachment.finditer(text):      # 附件: inside the line closes every heading
        if m.start() > 0 and _at_boundary(text, m.start(), rules.boundary):
            cuts.append((m.start(), ATTACHMENT, ""))
    cuts.sort()
    bounds = [(0, 0, "")] + cuts
    pieces = []
    for i, (s, lvl, title) in enumerate(bounds):
        e = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        first = True
        for gs, ge in _sentence_groups(text, s, e, max_chars, rules):
            pieces.append((gs, ge, lvl if first else 0, title if first else ""))
            first = False
    return pieces


def _sentence_groups(text: str, s: int, e: int, max_chars: int, rules: _Rules):
    if e - s <= max_chars:
        yield s, e
        return
    ends = [m.end() for m in rules.sentence_end.finditer(text, s, e)]
    if not ends or ends[-1] != e:
        ends.append(e)
    start, last = s, s
    for end in ends:
        if end - start > max_chars and last > start:
            yield start, last
            start = last
        last = end
    if start < e:
        yield start, e


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class _HeadingStack:
    """Heading path by level: a new heading closes those of its level and below."""

    def __init__(self):
        self.levels: list[int] = []         # the open headings' levels, outermost first
        self.titles: list[str] = []         # and their titles

    def push(self, level: int, title: str) -> None:
        """Open a heading of ``level``: close the open ones of that level and deeper first."""
        while self.levels and self.levels[-1] >= level:
            self.levels.pop()
            self.titles.pop()
        self.levels.append(level)
        self.titles.append(title)

    def clear(self) -> None:
        """Close every open heading (an attachment is outside the report's headings)."""
        self.levels.clear()
        self.titles.clear()

    def path(self) -> list[str]:
        """Titles of the open headings, outermost first (a new list)."""
        return self.titles.copy()


@dataclass
class _Unit:
    """A line, or lines joined into one paragraph, before heading paths are given:
    normalised offsets, kind, and the heading that opens it (None for body text)."""

    start: int
    end: int
    kind: str
    heading: object = None


class _TableSpans:
    """The report's table regions, sorted once: which offsets and pieces lie inside."""

    def __init__(self, report: Report):
        self.spans = sorted((s, e) for s, e, *_ in report.table_spans)
        self.starts = [s for s, _ in self.spans]

    def holds(self, pos: int) -> bool:
        """``pos`` (an offset into ``report.text``) is inside a table region."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def covers_most(self, s: int, e: int) -> bool:
        """More than half of ``[s, e)`` lies inside table regions."""
        i = bisect.bisect_right(self.starts, e) - 1
        inside = 0
        while i >= 0 and self.spans[i][1] > s:
            inside += max(0, min(e, self.spans[i][1]) - max(s, self.spans[i][0]))
            i -= 1
        return inside * 2 > e - s


def segment_report(report: Report, max_chars: int = None, flat_max_chars: int = None) -> list[Segment]:
    """The segments of a normalised, structured report (see module docstring).

    Two passes, each linear in the number of lines: ``line_units`` classifies the
    lines and joins lines broken inside a sentence (PDF and OCR text) back into
    their paragraph, so a continuation line shares its paragraph's context;
    ``place_units`` gives each unit its heading path and cuts long paragraphs.
    ``flat_max_chars`` caps the pieces of a whole report run into one line (default
    from the data file; 0 = the ordinary ``max_chars``, as training uses: hand labels
    were given on those pieces).
    """
    rules = _rules()
    max_chars = max_chars or rules.max_chars
    flat_cap = rules.flat_max_chars if flat_max_chars is None else (flat_max_chars or max_chars)
    tables = _TableSpans(report)
    units = line_units(report, tables, rules)
    return place_units(report, units, tables, rules, max_chars, flat_cap)


def line_kind(report: Report, line, tables: _TableSpans, rules: _Rules) -> str:
    """``table`` (inside a table region, digits without CJK, or the template's note above table
    三's columns), ``boilerplate`` (web debris, or a line without CJK or digits) or ``body``."""
    s, _ = report.norm.span_to_orig(line.start, line.end)
    if tables.holds(s):
        return "table"
    if not rules.cjk.search(line.text):
        return "table" if any(c.isdigit() for c in line.text) else "boilerplate"
    if rules.table_note.match(line.text):
        return "table"
    if rules.boilerplate.search(line.text):
        return "boilerplate"
    return "body"


def line_units(report: Report, tables: _TableSpans, rules: _Rules) -> list[_Unit]:
    """Pass 1: one unit per line, with kind and heading; a body line that ends mid-sentence
    absorbs the next body line; a long debris line holding a whole report (breadcrumb,
    then the report) is split into its debris prefix and the narrative."""
    norm = report.norm
    heads = {h.start: h for h in report.headings}
    units: list[_Unit] = []
    open_para = False
    for line in report.lines:
        kind = line_kind(report, line, tables, rules)
        if kind == "boilerplate" and rules.cjk.search(line.text):
            cut = debris_prefix(line.text, rules) if len(line.text) >= rules.long_debris_line else 0
            if cut:
                units.append(_Unit(line.start, line.start + cut, "boilerplate"))
                units.append(_Unit(line.start + cut, line.end, "body"))
                open_para = False
                continue
        h = heads.get(norm.span_to_orig(line.start, line.end)[0]) if kind == "body" else None
        if h is not None and norm.from_orig(h.end) >= line.end:
            kind = "heading"
        row = "\t" in line.text          # a tab-separated table row is a whole unit
        if (kind == "body" and h is None and open_para and not row
                and not any(ms == 0 for ms, _, _ in inline_markers(line.text[:8], rules))):
            units[-1].end = line.end
        else:
            units.append(_Unit(line.start, line.end, kind, h))
        open_para = (kind == "body" and not row and len(line.text) >= rules.min_broken_line
                     and line.text[-1] not in rules.paragraph_end)
    return units


def place_units(report: Report, units: list[_Unit], tables: _TableSpans, rules: _Rules,
                max_chars: int, flat_cap: int) -> list[Segment]:
    """Pass 2: heading paths from a stack of open headings (an attachment closes them all),
    and segments; a body unit longer than ``max_chars`` is cut by ``split_long`` (a whole
    report on one line, ``flat_line`` or longer, into pieces of at most ``flat_cap``)."""
    norm = report.norm
    stack = _HeadingStack()
    segs: list[Segment] = []

    def emit(ns, ne, kind, path):
        """Append a segment for the stripped span (nothing for whitespace only)."""
        ns, ne = _strip_span(norm.text, ns, ne)
        if ne > ns:
            s, e = norm.span_to_orig(ns, ne)
            segs.append(Segment(start=s, end=e, kind=kind, heading_path=path))

    for u in units:
        if u.kind in ("body", "heading") and rules.attachment.match(norm.text, u.start):
            stack.clear()          # an attachment is outside the report's headings
        if u.heading is not None:
            stack.push(u.heading.level, u.heading.title)
        if u.kind == "heading":
            emit(u.start, u.end, "heading", stack.path()[:-1])
        elif u.kind != "body" or u.end - u.start <= max_chars:
            emit(u.start, u.end, u.kind, stack.path())
        else:
            cap = min(max_chars, flat_cap) if u.end - u.start >= rules.flat_line else max_chars
            for ps, pe, lvl, title in split_long(norm.text[u.start:u.end], cap, rules):
                if lvl == ATTACHMENT:
                    stack.clear()
                elif lvl and title:
                    stack.push(lvl, title)
                s, e = norm.span_to_orig(u.start + ps, u.start + pe)
                emit(u.start + ps, u.start + pe, "table" if tables.covers_most(s, e) else "body", stack.path())
    return segs


def make_segment(max_chars: int = None, flat_max_chars: int = None):
    """Step: ``report.segments`` from lines, with kind and heading path."""
    def segment_step(report: Report) -> Report:
        """Fill ``report.segments``."""
        report.segments = segment_report(report, max_chars=max_chars, flat_max_chars=flat_max_chars)
        return report
    return segment_step
