"""A report's narrative as paragraphs and sentences with offsets and matching keys.

The narrative is the report's text without its statistical tables
(``Report.table_spans``) and without web debris (segments of kind
``boilerplate``). Paragraphs are the report's segments (or its lines, for a
report without segments); sentences are cut inside them at 。！？； and line
ends (not at the ends of wrapped lines, ``line_breaks``). Each unit has a ``key``: its normalised text (simplified, half-width)
without whitespace and punctuation, which is what the matchers compare.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import NormText, normalize
from ..report import Report
from .settings import Settings, compile_pattern

_NON_KEY = re.compile(r"[\W_]+")
_LINE = re.compile(r"[^\n]+")


@dataclass
class Sentence:
    """A sentence of the narrative (offsets into ``Report.text``)."""

    start: int
    end: int
    key: str
    para: int                          # index into Narrative.paragraphs
    part: str = ""                     # template part id (set by sections)
    sub: str = ""                      # sub-heading title inside the part
    mandated: bool = False             # template wording: neither reuse nor new text


@dataclass
class Paragraph:
    """A paragraph of the narrative and the sentences it holds."""

    start: int
    end: int
    key: str
    sentences: list[int] = field(default_factory=list)
    part: str = ""
    sub: str = ""
    mandated: bool = False             # every sentence is template wording (set by Narrative.finish)


@dataclass
class Narrative:
    """The units of one report that the comparison works on."""

    report: Report
    norm: NormText
    paragraphs: list[Paragraph]
    sentences: list[Sentence]

    def key_of(self, start: int, end: int) -> str:
        """Matching key of an original-offset span."""
        return key_text(self.norm_slice(start, end))

    def norm_slice(self, start: int, end: int) -> str:
        """Normalised text of an original-offset span."""
        return self.norm.text[self.norm.from_orig(start):self.norm.from_orig(end)]

    def counted(self) -> list[Sentence]:
        """Sentences that count for reuse (not template wording)."""
        return [s for s in self.sentences if not s.mandated and s.key]

    def finish(self) -> None:
        """Mark paragraphs made only of template wording (after sentences were marked)."""
        for p in self.paragraphs:
            p.mandated = all(self.sentences[i].mandated for i in p.sentences)


def key_text(text: str) -> str:
    """Normalised text -> matching key (no whitespace, no punctuation)."""
    return _NON_KEY.sub("", text)


def _cut(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` minus ``holes`` (both half-open, any order)."""
    out = []
    holes = sorted(holes)
    for a, b in spans:
        for h0, h1 in holes:
            if h1 <= a or h0 >= b:
                continue
            if h0 > a:
                out.append((a, h0))
            a = max(a, h1)
            if a >= b:
                break
        if a < b:
            out.append((a, b))
    return out


def paragraph_spans(report: Report) -> list[tuple[int, int]]:
    """Original-offset spans of the narrative paragraphs, in text order."""
    text = report.text or ""
    segs = [(s.start, s.end) for s in report.segments if s.kind in ("body", "heading")]
    if not segs:
        segs = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    holes = [(int(a), int(b)) for a, b, *_ in report.table_spans]
    holes += [(s.start, s.end) for s in report.segments if s.kind == "boilerplate"]
    spans = _cut(sorted((max(0, a), min(len(text), b)) for a, b in segs if b > a), holes)
    return [(a, b) for a, b in spans if text[a:b].strip()]


def line_breaks(ptext: str, settings: Settings) -> list[int]:
    """Offsets after the line ends of a paragraph that end a sentence.

    A line end is a sentence end unless the line is *wrapped*: at least
    ``wrapped_lines.min_chars`` long and ``wrapped_lines.share`` as long as the
    paragraph's longest line (pdftotext and copied PDFs cut lines mid-sentence;
    a short line — a heading — still ends its sentence, and so does a line
    followed by a list item: 1、… （二）… 二是… ``wrapped_lines.item_start``).
    """
    lines = ptext.split("\n")
    if len(lines) < 2:
        return []
    cfg = settings.wrapped_lines
    widest = max(len(x.strip()) for x in lines)
    least = max(cfg["min_chars"], cfg["share"] * widest)
    item = compile_pattern(cfg["item_start"])
    out, pos = [], 0
    for line, following in zip(lines, lines[1:]):
        pos += len(line) + 1
        if len(line.strip()) < least or item.match(following):
            out.append(pos)
    return out


def build_narrative(report: Report, settings: Settings) -> Narrative:
    """Cut ``report`` into paragraphs and sentences (tables and web debris left out)."""
    norm = report.norm if isinstance(report.norm, NormText) else normalize(report.text or "")
    end_re = settings.sentence_end_re
    paragraphs, sentences = [], []
    for a, b in paragraph_spans(report):
        na, nb = norm.from_orig(a), norm.from_orig(b)
        ptext = norm.text[na:nb]
        para = Paragraph(a, b, key_text(ptext))
        cuts = [m.end() for m in end_re.finditer(ptext)] + line_breaks(ptext, settings)
        pos = 0
        for cut in sorted(set(cuts)) + [len(ptext)]:
            if cut <= pos:
                continue
            piece = ptext[pos:cut]
            key = key_text(piece)
            if key:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                s, e = norm.span_to_orig(na + pos + lead, na + pos + trail)
                para.sentences.append(len(sentences))
                sentences.append(Sentence(s, e, key, len(paragraphs)))
            pos = cut
        if para.sentences:
            paragraphs.append(para)
    return Narrative(report, norm, paragraphs, sentences)
