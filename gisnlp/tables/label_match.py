"""Template label variants (data/table_labels.yaml) and robust row-label matching.

A printed label is matched against each template row by regular expressions
(exact variants) and, failing that, by a fuzzy ratio (OCR errors, dropped
characters); the match that ends last in the label wins, because group headers
such as （三）不予公开 precede the row's own label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional

from ..resources import load_yaml

try:  # rapidfuzz is faster and better; difflib keeps the step working without it
    from rapidfuzz import fuzz as _fuzz
except ImportError:  # pragma: no cover
    _fuzz = None

FUZZY_THRESHOLD = 85.0
_SPACE = re.compile(r"\s+")


@dataclass
class RowSpec:
    """One template row (or table-4 group): its id and how its label is printed."""

    id: str
    patterns: list = field(default_factory=list)
    exclude: list = field(default_factory=list)
    fuzzy: list = field(default_factory=list)
    templates: Optional[list] = None
    optional: bool = False

    def allowed(self, template: Optional[str]) -> bool:
        """Whether this row exists in ``template`` (any row when the template is unknown)."""
        return not self.templates or template is None or template in self.templates


@lru_cache(maxsize=1)
def config() -> dict:
    """The parsed data/table_labels.yaml (read once)."""
    return load_yaml("table_labels.yaml")


def _spec(d: dict) -> RowSpec:
    return RowSpec(id=d["id"],
                   patterns=[re.compile(p) for p in d.get("patterns", [])],
                   exclude=[re.compile(p) for p in d.get("exclude", [])],
                   fuzzy=list(d.get("fuzzy", [])),
                   templates=[str(t) for t in d["templates"]] if d.get("templates") else None,
                   optional=bool(d.get("optional", False)))


@lru_cache(maxsize=None)
def rows(table: str) -> tuple[RowSpec, ...]:
    """Template rows of ``t2``/``t3`` (or the groups of ``t4``) in printed order."""
    key = "groups" if table == "t4" else "rows"
    return tuple(_spec(d) for d in config()[table][key])


def compact(text: str) -> str:
    """``text`` without whitespace: labels are matched with spaces and line breaks removed."""
    return _SPACE.sub("", text)


def fuzzy_ratio(a: str, b: str) -> float:
    """Similarity 0..100 of ``b`` found inside ``a`` (partial alignment)."""
    if _fuzz is not None:
        return float(_fuzz.partial_ratio(a, b))
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    best = 0.0
    for i in range(0, max(1, len(long_) - len(short) + 1)):
        best = max(best, SequenceMatcher(None, short, long_[i:i + len(short)]).ratio() * 100)
    return best


def match_fragment(fragment: str, specs, template: Optional[str], context: str = "") -> list[tuple[str, float, int]]:
    """(row id, confidence, end position) for every row the fragment names.

    ``context`` is the text printed next to the fragment in the same label (a
    wrapped label's other line): a row's exclusions are looked for there too, so
    收费通知要求缴 / 纳费用、…不再处理其… is not read as the 逾期不补正 row.
    """
    text = compact(fragment)
    out = []
    if not text:
        return out
    around = text + compact(context)
    for spec in specs:
        if not spec.allowed(template):
            continue
        best = None
        for pat in spec.patterns:
            for m in pat.finditer(text):
                if any(x.search(around) for x in spec.exclude):
                    continue
                if best is None or m.end() > best[1]:
                    best = (1.0, m.end())
        if best is None and spec.fuzzy:
            core = re.sub(r"^[\d.、()一二三四五六七八九十]+", "", text)
            for variant in spec.fuzzy:
                if len(core) < max(4, 0.6 * len(variant)):
                    continue
                r = fuzzy_ratio(core, variant)
                if r >= FUZZY_THRESHOLD:
                    conf = round(r / 100.0, 3)
                    if best is None or conf > best[0]:
                        best = (conf, len(text))
        if best:
            out.append((spec.id, best[0], best[1]))
    return out


def match_label(fragments: list[str], specs, template: Optional[str]) -> list[tuple[str, float]]:
    """Candidate rows for a group label made of printed fragments, best first.

    Fragments are tried alone and joined with their neighbour (labels split over
    lines, 其他法律行政法规禁 / 止公开). The row named last gets its match
    confidence; rows named earlier get 0.8 of it. Results are memoised: the
    template's labels recur in every report, and a parser asks about the same
    label more than once.
    """
    key = (tuple(fragments), tuple(map(id, specs)), template)
    hit = _MEMO.get(key)
    if hit is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        hit = _MEMO[key] = _match_label(fragments, specs, template)
    return list(hit)


MEMO_SIZE = 50_000
_MEMO: dict = {}


def _match_label(fragments: list[str], specs, template: Optional[str]) -> list[tuple[str, float]]:
    """match_label without the memo."""
    found: dict[str, tuple[float, float]] = {}   # id -> (position, confidence)
    n = len(fragments)
    for i in range(n):
        for j in (i, i + 1):
            if j >= n:
                continue
            text = "".join(fragments[i:j + 1])
            context = "".join(fragments[max(0, i - 1):i] + fragments[j + 1:j + 2])
            for rid, conf, end in match_fragment(text, specs, template, context):
                pos = i + (end / (len(compact(text)) + 1)) * (j - i + 1)
                if j > i:
                    pos -= 0.001  # prefer a match inside one fragment
                old = found.get(rid)
                if old is None or pos > old[0]:
                    found[rid] = (pos, conf)
    if not found:
        return []
    order = sorted(found.items(), key=lambda kv: kv[1][0], reverse=True)
    out = [(order[0][0], order[0][1][1])]
    out += [(rid, round(0.8 * c, 3)) for rid, (pos, c) in order[1:]]
    return out


def wrapped_row(head: str, tail: str, specs, template: Optional[str]) -> Optional[str]:
    """The row whose label pattern runs from ``head`` on into ``tail``: one label wrapped over two lines.

    Only a pattern match that starts in the head and ends in the tail counts
    (一、本年新 / 收政府信息公开申请数量), never a match inside either part alone.
    """
    h, t = compact(head), compact(tail)
    text = h + t
    for spec in specs:
        if not spec.allowed(template):
            continue
        for pat in spec.patterns:
            for m in pat.finditer(text):
                if m.start() < len(h) < m.end() and not any(x.search(text) for x in spec.exclude):
                    return spec.id
    return None


def detect_template(text: str) -> Optional[str]:
    """'2019' or '2021' from the column labels printed in the tables, else None."""
    t = compact(text)
    score = {}
    for version, markers in config()["template_markers"].items():
        score[str(version)] = sum(1 for m in markers if re.search(m, t))
    best = max(score, key=score.get)
    if score[best] == 0 or list(score.values()).count(score[best]) > 1:
        return None
    return best
