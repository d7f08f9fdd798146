"""Aligned sections: each template part in both years with its reuse, and its sub-headings paired.

Parts meet by id (the meaning found by ``sections``), never by position.
Inside a part, sub-headings ((一) …) pair by title (rapidfuzz ratio at or above
``subheading_similarity``), then — for those left — by content: a new
sub-section pairs with the old one most of its reused text comes from when
that is at least ``subheading_content_share`` of it.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from .matching import Match, share
from .model import ParagraphDiff, SectionPair, SubsectionPair
from .sections import PartSpan, part_label, part_order
from .settings import Settings
from .similarity import ratio
from .textunits import Narrative


def _subs(narr: Narrative, part: str) -> list[str]:
    seen: list[str] = []
    for p in narr.paragraphs:
        if p.part == part and p.sub and p.sub not in seen:
            seen.append(p.sub)
    return seen


def align_subsections(part: str, old: Narrative, new: Narrative, matches: dict[int, Match],
                      settings: Settings) -> list[SubsectionPair]:
    """The sub-headings of one part in both years, paired by title, then by content."""
    olds, news = _subs(old, part), _subs(new, part)
    pairs: dict[str, tuple[str, str]] = {}
    cand = sorted(((ratio(n, o), n, o) for n in news for o in olds), reverse=True)
    used = set()
    for score, n, o in cand:
        if score * 100 < settings.subheading_similarity or n in pairs or o in used:
            continue
        pairs[n] = (o, "title")
        used.add(o)
    total: Counter = Counter()
    reused: Counter = Counter()
    source: dict[str, Counter] = defaultdict(Counter)
    for i, s in enumerate(new.sentences):
        if s.part != part or s.mandated or not s.sub:
            continue
        total[s.sub] += len(s.key)
        if i in matches:
            reused[s.sub] += len(s.key)
            o = old.sentences[matches[i].old]
            if o.part == part and o.sub:
                source[s.sub][o.sub] += len(s.key)
    for n in news:
        if n in pairs or not source[n]:
            continue
        o, chars = source[n].most_common(1)[0]
        if o not in used and total[n] and chars / total[n] >= settings.subheading_content_share:
            pairs[n] = (o, "content")
            used.add(o)
    out = []
    for n in news:
        o, how = pairs.get(n, (None, ""))
        out.append(SubsectionPair("both" if o else "new_only", o, n, share(reused[n], total[n]), how))
    out += [SubsectionPair("old_only", o, None) for o in olds if o not in used]
    return out


def build_sections(old_parts: list[PartSpan], new_parts: list[PartSpan], old: Narrative, new: Narrative,
                   matches: dict[int, Match], paragraphs: list[ParagraphDiff], phrases: dict[str, int],
                   settings: Settings) -> list[SectionPair]:
    """One SectionPair per part either year has, in template order (``phrases``: covered
    characters per part, from ``matching.phrase_coverage``)."""
    po = {p.id: p for p in old_parts}
    pn = {p.id: p for p in new_parts}
    total: Counter = Counter()
    reused: Counter = Counter()
    for i, s in enumerate(new.sentences):
        if not s.mandated and s.key:
            total[s.part] += len(s.key)
            reused[s.part] += len(s.key) if i in matches else 0
    old_chars: Counter = Counter()
    for s in old.counted():
        old_chars[s.part] += len(s.key)
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in paragraphs:
        counts[d.section][d.status] += 1
    ids = set(po) | set(pn) | set(total) | set(old_chars)
    out = []
    for pid in sorted(ids, key=lambda x: part_order(x, settings)):
        a, b = po.get(pid), pn.get(pid)
        in_old, in_new = a is not None or old_chars[pid] > 0, b is not None or total[pid] > 0
        status = "both" if in_old and in_new else ("old_only" if in_old else "new_only")
        method = "content" if "content" in (getattr(a, "method", ""), getattr(b, "method", "")) else "heading"
        sec = SectionPair(pid, part_label(pid, settings), status, method,
                          a.start if a else None, a.end if a else None, b.start if b else None,
                          b.end if b else None, a.heading if a else None, b.heading if b else None,
                          old_chars[pid], total[pid], reused[pid], share(reused[pid], total[pid]),
                          share(phrases.get(pid, 0), total[pid]), dict(counts.get(pid, {})))
        if status == "both":
            sec.subsections = align_subsections(pid, old, new, matches, settings)
        out.append(sec)
    return out
