"""Place every paragraph and sentence of a report in a template part, by meaning.

A part is found by its heading text — a Chinese numeral and 、 (or, when a
report numbers its parts otherwise, (一) / 1. / 第一部分) followed within a
few characters by the part's own words (``parts[].heading`` in
``compare.yaml``) — wherever it stands and whatever its number, so 四、存在的主要问题
of one year meets 五、存在的主要问题 of the next. Headings are searched in the whole
normalised text, also inside flattened tables that swallowed them. Text before
the first part heading is the ``preamble``. A report with too few part headings
is placed paragraph by paragraph by the parts' cue words (``method="content"``).
Sub-headings ((一) …) are read from the segments' heading paths or the
paragraph's first words.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .settings import Settings
from .textunits import Narrative

PREAMBLE = "preamble"
PREAMBLE_LABEL = "前言"


@dataclass
class PartSpan:
    """Where one template part is in one report (original offsets)."""

    id: str
    start: int
    end: int
    heading: Optional[str] = None
    method: str = "heading"            # heading | content


@lru_cache(maxsize=8)
def _part_res(parts: tuple, marker: str, gap: int) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((p.id, re.compile(rf"{marker}[^。\n]{{0,{gap}}}?(?:{p.heading})")) for p in parts)


def find_part_headings(norm_text: str, settings: Settings) -> list[tuple[int, int, str]]:
    """(start, end, part id) of the first heading of each part, in text order (normalised offsets).

    Headings numbered 一、 are looked for first; a report with fewer than
    ``min_headings`` of them is searched with each ``heading_fallbacks`` marker
    in turn ((一) 总体情况, 1. 总体情况, 第一部分 总体情况), the first giving enough
    headings winning.
    """
    first = _headings_with(norm_text, settings.heading_marker, settings)
    if len(first) >= settings.min_headings:
        return first
    for marker in settings.heading_fallbacks:
        found = _headings_with(norm_text, marker, settings)
        if len(found) >= settings.min_headings:
            return found
    return first


def _headings_with(norm_text: str, marker: str, settings: Settings) -> list[tuple[int, int, str]]:
    """Part headings numbered by ``marker``: the first of each part, overlaps dropped, in text order."""
    found = []
    for part_id, rx in _part_res(settings.parts, marker, settings.heading_gap):
        m = rx.search(norm_text)
        if m:
            found.append((m.start(), m.end(), part_id))
    found.sort()
    # two parts claiming one heading (复议 in 依申请公开和行政复议): keep the first
    out: list[tuple[int, int, str]] = []
    for s, e, pid in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, pid))
    return out


def _heading_text(narr: Narrative, nstart: int) -> str:
    line_end = narr.norm.text.find("\n", nstart)
    line_end = len(narr.norm.text) if line_end < 0 else line_end
    return narr.norm.text[nstart:min(line_end, nstart + 30)].strip()


def locate_parts(narr: Narrative, settings: Settings) -> list[PartSpan]:
    """Spans of the parts found by heading, in text order (empty when too few headings)."""
    heads = find_part_headings(narr.norm.text, settings)
    if len(heads) < settings.min_headings:
        return []
    n = len(narr.report.text or "")
    spans = []
    first = narr.norm.to_orig(heads[0][0])
    if first > 0:
        spans.append(PartSpan(PREAMBLE, 0, first))
    for i, (s, _e, pid) in enumerate(heads):
        start = narr.norm.to_orig(s)
        end = narr.norm.to_orig(heads[i + 1][0]) if i + 1 < len(heads) else n
        spans.append(PartSpan(pid, start, end, _heading_text(narr, s)))
    return spans


def _by_cues(text: str, settings: Settings) -> Optional[str]:
    best, score = None, 0
    for p in settings.parts:
        hits = sum(text.count(c) for c in p.cues)
        if hits > score:
            best, score = p.id, hits
    return best


def _subtitle(narr: Narrative, start: int, seg_starts: list[int], settings: Settings) -> Optional[str]:
    """The (一)-level sub-heading title a paragraph opens or sits under, if any."""
    sub_re = re.compile(settings.subheading)
    suffix = re.compile(settings.subheading_suffix)
    segs = narr.report.segments
    i = bisect.bisect_right(seg_starts, start) - 1
    if 0 <= i < len(segs) and segs[i].start <= start < segs[i].end:
        for h in reversed(segs[i].heading_path or []):
            m = sub_re.match(h)
            if m:
                return suffix.sub("", h[m.end():].strip()) or None
        return None
    text = narr.norm_slice(start, start + 40)
    m = sub_re.match(text)
    if not m:
        return None
    title = re.split(r"[。:：\n]", text[m.end():], maxsplit=1)[0][:20]
    return suffix.sub("", title.strip()) or None


def assign_parts(narr: Narrative, settings: Settings) -> list[PartSpan]:
    """Set ``part`` and ``sub`` on every paragraph and sentence of ``narr``; return the part spans."""
    spans = locate_parts(narr, settings)
    starts = [p.start for p in spans]
    seg_starts = [s.start for s in narr.report.segments]
    content: dict[str, PartSpan] = {}
    prev_part, sub = PREAMBLE, None
    for para in narr.paragraphs:
        if spans:
            k = bisect.bisect_right(starts, para.start) - 1
            part = spans[k].id if k >= 0 else PREAMBLE
        else:
            part = _by_cues(narr.norm_slice(para.start, para.end), settings) or prev_part
            span = content.setdefault(part, PartSpan(part, para.start, para.end, method="content"))
            span.start, span.end = min(span.start, para.start), max(span.end, para.end)
        if part != prev_part:
            sub = None
        title = _subtitle(narr, para.start, seg_starts, settings)
        sub = title or sub
        para.part, para.sub = part, sub or ""
        for i in para.sentences:
            sent = narr.sentences[i]
            sent.part, sent.sub = part, para.sub
            if spans:   # a paragraph that runs over a part heading (one-line reports)
                k = bisect.bisect_right(starts, sent.start) - 1
                sent.part = spans[k].id if k >= 0 else PREAMBLE
        prev_part = part
    return spans or sorted(content.values(), key=lambda p: p.start)


def part_label(part_id: str, settings: Settings) -> str:
    """The template's name of a part (前言 for the preamble)."""
    if part_id == PREAMBLE:
        return PREAMBLE_LABEL
    p = settings.part(part_id)
    return p.label if p else part_id


def part_order(part_id: str, settings: Settings) -> int:
    """Template order of a part (preamble first)."""
    if part_id == PREAMBLE:
        return -1
    ids = [p.id for p in settings.parts]
    return ids.index(part_id) if part_id in ids else len(ids)
