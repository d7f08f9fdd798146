"""Paragraph by paragraph: unchanged, modified (with the words that changed), added, removed.

Every paragraph of NEW that is not only template wording is paired with at most
one paragraph of OLD: identical keys first, then the best rapidfuzz ratio at or
above ``paragraph_similarity`` (pairs taken best-first, each paragraph used
once). Paragraphs of NEW left over are ``added``; those of OLD are ``removed``.
"""
from __future__ import annotations

import re

from .model import ParagraphDiff
from .settings import Settings
from .similarity import ratio_matrix, word_changes
from .textunits import Narrative

_SPACE = re.compile(r"\s+")


def _pairs(old: Narrative, new: Narrative, settings: Settings) -> dict[int, tuple[int, float]]:
    """NEW paragraph index -> (OLD paragraph index, similarity 0..1)."""
    olds = [i for i, p in enumerate(old.paragraphs) if not p.mandated]
    news = [i for i, p in enumerate(new.paragraphs) if not p.mandated]
    free: dict[str, list[int]] = {}
    for i in olds:
        free.setdefault(old.paragraphs[i].key, []).append(i)
    out: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for i in news:
        same = free.get(new.paragraphs[i].key)
        if same:
            j = same.pop(0)
            out[i] = (j, 1.0)
            used.add(j)
    rest_new = [i for i in news if i not in out]
    rest_old = [j for j in olds if j not in used]
    if rest_new and rest_old:
        m = ratio_matrix([new.paragraphs[i].key for i in rest_new], [old.paragraphs[j].key for j in rest_old],
                         settings.paragraph_similarity)
        cand = sorted(((float(m[r, c]), r, c) for r, c in zip(*m.nonzero())), reverse=True)
        for score, r, c in cand:
            i, j = rest_new[r], rest_old[c]
            if i in out or j in used:
                continue
            out[i] = (j, round(score / 100.0, 4))
            used.add(j)
    return out


def diff_paragraphs(old: Narrative, new: Narrative, settings: Settings) -> list[ParagraphDiff]:
    """Each counted paragraph of NEW in text order, then each removed paragraph of OLD."""
    pairs = _pairs(old, new, settings)
    out = []
    used = set()
    for i, p in enumerate(new.paragraphs):
        if p.mandated:
            continue
        if i not in pairs:
            out.append(ParagraphDiff("added", p.part, p.start, p.end))
            continue
        j, score = pairs[i]
        used.add(j)
        q = old.paragraphs[j]
        if score >= 1.0:
            out.append(ParagraphDiff("unchanged", p.part, p.start, p.end, q.start, q.end, 1.0))
            continue
        changes = word_changes(_SPACE.sub("", old.norm_slice(q.start, q.end)),
                               _SPACE.sub("", new.norm_slice(p.start, p.end)), settings.diff_merge_gap)
        out.append(ParagraphDiff("modified", p.part, p.start, p.end, q.start, q.end, score, changes))
    for j, q in enumerate(old.paragraphs):
        if j not in used and not q.mandated:
            out.append(ParagraphDiff("removed", q.part, old_start=q.start, old_end=q.end))
    return out
