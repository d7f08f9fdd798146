"""Template wording that every issuer writes: neither reuse nor new text.

Three kinds are discounted (the sentence is left out of both the numerator and
the denominator of text reuse):

1. sentences matching a ``mandated`` pattern of ``compare.yaml`` (the opening
   本报告根据《条例》… sentence, the statistics period, where the report can be
   downloaded, whom to ask);
2. part headings (一、总体情况, 1．总体情况, 第一部分 总体情况) and lines made of the statistical tables' labels
   and figures (labels from the viewer's table layout, ``viewer_tables.yaml``);
3. optionally, sentences an archive shows many issuers write
   (``common.CommonWording``, learnt with MinHash LSH).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Protocol

from .settings import Settings
from .textunits import Narrative, key_text


class WordingFilter(Protocol):
    """Anything that says whether a sentence key is common wording."""

    def is_common(self, key: str) -> bool:
        """True when the sentence with this matching key is common wording."""


@lru_cache(maxsize=1)
def _table_label_re() -> re.Pattern:
    """One alternation of every table row/column label of both templates (as keys), or a digit."""
    from ..viewer.table_layout import all_labels
    words = set()
    for label in all_labels().values():
        for part in re.split(r"\s*[·/]\s*|\s+", label):
            k = key_text(part)
            if len(k) >= 2:
                words.add(k)
    return re.compile("|".join([re.escape(w) for w in sorted(words, key=len, reverse=True)] + [r"\d+"]))


@lru_cache(maxsize=8)
def _heading_re(parts: tuple, gap: int) -> re.Pattern:
    heads = "|".join(f"(?:{p.heading})" for p in parts)
    return re.compile(rf"^(?:第?[一二三四五六七八九十]{{1,3}}(?:部分)?|\d{{1,2}}).{{0,{gap}}}(?:{heads})")


def is_table_label_line(key: str, share: float) -> bool:
    """True when labels of the statistical tables and digits cover ``share`` of ``key``."""
    if not key:
        return False
    rest = _table_label_re().sub("", key)
    return (len(key) - len(rest)) / len(key) >= share


def is_mandated(key: str, settings: Settings) -> bool:
    """Template wording by pattern, part heading or table-label line."""
    return _mandated_test(settings)(key)


def _mandated_test(settings: Settings):
    """``is_mandated`` for one settings object, its patterns compiled once (called per sentence)."""
    pattern = settings.mandated_re.match
    heading = _heading_re(settings.parts, settings.heading_gap).search
    longest, share = settings.heading_max_chars, settings.table_label_share

    def test(key: str) -> bool:
        """True when the sentence with this matching key is template wording."""
        return bool(pattern(key) or (len(key) <= longest and heading(key)) or is_table_label_line(key, share))
    return test


def mark_mandated(narr: Narrative, settings: Settings, common: Optional[WordingFilter] = None) -> int:
    """Flag the template (and, with ``common``, archive-wide) wording of ``narr``; returns how many."""
    n = 0
    mandated = _mandated_test(settings)
    for s in narr.sentences:
        if mandated(s.key) or (common is not None and common.is_common(s.key)):
            s.mandated = True
            n += 1
    narr.finish()
    return n
