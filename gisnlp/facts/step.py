"""The ``facts`` pipeline step: candidates in the narrative -> ``report.facts``.

Candidates (:mod:`gisnlp.facts.candidates`) inside table regions, in
segments of a skipped kind (tables, boilerplate), or that a context filter
(:mod:`gisnlp.facts.filters`) places outside the narrative are dropped; the
rest get their attributes (:mod:`gisnlp.facts.attributes`) and their segment.
"""
from __future__ import annotations

import bisect
from typing import Iterable, Optional

from ..normalize import norm_of
from ..report import Report
from .attributes import annotate
from .candidates import Candidate, find_candidates
from .filters import TextIndex, outside_narrative


class _Regions:
    """Table spans and segment starts of a report, indexed once for bisection."""

    def __init__(self, report: Report, skip: set):
        self.report = report
        self.skip = skip
        self.spans = sorted((s, e) for s, e, _ in report.table_spans)
        self.span_starts = [s for s, _ in self.spans]
        self.seg_starts = [s.start for s in report.segments]

    def in_table(self, o: int) -> bool:
        """Original offset ``o`` lies in a table span."""
        j = bisect.bisect_right(self.span_starts, o) - 1
        return j >= 0 and self.spans[j][0] <= o < self.spans[j][1]

    def segment(self, o: int) -> tuple[Optional[int], bool]:
        """(index of the segment holding ``o`` or None, whether that segment is skipped)."""
        if not self.seg_starts:
            return None, False
        si = bisect.bisect_right(self.seg_starts, o) - 1
        if si < 0:
            return None, False
        seg = self.report.segments[si]
        return si, seg.kind in self.skip and o < seg.end


def narrative_candidates(report: Report, skip_kinds: Iterable[str]) -> list[tuple[Candidate, Optional[int]]]:
    """(candidate, segment index) for each number expression of the narrative."""
    norm = norm_of(report)
    text = norm.text
    regions = _Regions(report, set(skip_kinds))
    ix = TextIndex(text)
    kept = []
    for cand in find_candidates(text):
        # where the expression begins decides (近 on one line, 21.7% on the next)
        on = norm.orig[cand.start]
        if regions.in_table(on):
            continue
        si, skipped = regions.segment(on)
        if skipped or outside_narrative(ix, cand):
            continue
        kept.append((cand, si))
    return kept


def make_facts(skip_kinds: tuple[str, ...] = ("table", "boilerplate")):
    """Step factory: ``report.facts`` from the narrative (see ``shared/schema/README.md``).

    ``skip_kinds``: segment kinds whose numbers are never facts.
    """
    skip = tuple(skip_kinds)

    def facts_step(report: Report) -> Report:
        """Fill ``report.facts`` (each with its segment index)."""
        kept = narrative_candidates(report, skip)
        facts = annotate(report, [c for c, _ in kept], [si for _, si in kept])
        for f, (_, si) in zip(facts, kept):
            f.segment = si
        report.facts = facts
        return report
    return facts_step
