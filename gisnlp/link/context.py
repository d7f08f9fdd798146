"""Where a fact sits: its clause label, trailing words, sentence and heading path.

All strings come from ``report.norm.text`` (simplified, half-width punctuation),
so the rules in ``cell_links.yaml`` need only one spelling.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..report import Report


@dataclass
class FactContext:
    index: int
    start: int                 # norm offsets of the number expression
    end: int
    label: str                 # clause text before the number
    trailing: str              # clause text after it (to the next break or fact)
    before: str                # sentence text before the clause
    sentence: str              # the whole sentence
    headings: str = ""         # heading path, joined
    paragraph: str = ""        # the line (paragraph) around the fact, up to 600 chars before
    in_table: bool = False
    sentence_start: int = 0
    clause_start: int = 0
    extra: dict = field(default_factory=dict)


class _NormView:
    """Norm text and an orig->norm mapping that also works without a NormText."""

    def __init__(self, report: Report):
        from ..normalize import norm_of
        self.norm = norm_of(report)
        self.text = self.norm.text

    def pos(self, orig: int) -> int:
        return min(self.norm.from_orig(orig), len(self.text))


def _heading_path(report: Report, orig_start: int) -> str:
    segs = report.segments
    if segs:
        starts = [s.start for s in segs]
        i = bisect.bisect_right(starts, orig_start) - 1
        if 0 <= i < len(segs) and segs[i].start <= orig_start < max(segs[i].end, segs[i].start + 1):
            return " ".join(segs[i].heading_path)
    heads = report.headings
    if heads:
        i = bisect.bisect_right([h.start for h in heads], orig_start) - 1
        path, j = [], i
        while j is not None and j >= 0:
            path.append(heads[j].title)
            j = heads[j].parent
        return " ".join(path[::-1])
    return ""


def fact_contexts(report: Report, clause_breaks: str, sentence_breaks: str) -> list[FactContext]:
    """One :class:`FactContext` per fact of ``report.facts`` (same order)."""
    view = _NormView(report)
    text = view.text
    spans = sorted((s, e) for s, e, *_ in report.table_spans)
    span_starts = [s for s, _ in spans]
    npos = [(view.pos(f.start), max(view.pos(f.end), view.pos(f.start))) for f in report.facts]
    order = sorted(range(len(report.facts)), key=lambda i: npos[i])
    prev_end = {}
    next_start = {}
    for k, i in enumerate(order):
        prev_end[i] = npos[order[k - 1]][1] if k else 0
        next_start[i] = npos[order[k + 1]][0] if k + 1 < len(order) else len(text)
    # A heading line ends a clause and a sentence even without punctuation.
    head_ends = sorted(view.pos(h.end) for h in report.headings)
    breaks = set(clause_breaks) | set(sentence_breaks)
    sbreaks = set(sentence_breaks)
    out = []
    for i, f in enumerate(report.facts):
        s, e = npos[i]
        j = s - 1
        while j >= 0 and text[j] not in breaks:
            j -= 1
        h = bisect.bisect_right(head_ends, s) - 1
        head_end = head_ends[h] if h >= 0 else 0
        clause_start = max(j + 1, min(prev_end[i], s), head_end)
        k = s - 1
        while k >= 0 and text[k] not in sbreaks:
            k -= 1
        sent_start = max(k + 1, head_end)
        m = e
        while m < len(text) and text[m] not in breaks:
            m += 1
        trail_end = min(m, max(next_start[i], e))
        n = e
        while n < len(text) and text[n] not in sbreaks:
            n += 1
        p0 = text.rfind("\n", 0, s) + 1
        p1 = text.find("\n", e)
        paragraph = text[max(p0, s - 600):p1 if p1 >= 0 else len(text)]
        t = bisect.bisect_right(span_starts, f.start) - 1
        in_table = t >= 0 and spans[t][0] <= f.start < spans[t][1]
        out.append(FactContext(
            index=i, start=s, end=e,
            label=_squash(text[clause_start:s]), trailing=_squash(text[e:trail_end]),
            before=_squash(text[sent_start:clause_start]), sentence=_squash(text[sent_start:n]),
            headings=_heading_path(report, f.start), in_table=in_table, paragraph=_squash(paragraph),
            sentence_start=sent_start, clause_start=clause_start))
    return out


def _squash(s: str) -> str:
    """Drop whitespace and quotes so labels read as one phrase (line breaks inside words)."""
    return "".join(ch for ch in s if not ch.isspace() and ch not in "\"'“”‘’「」『』")
