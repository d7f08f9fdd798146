"""Flatten a report dict into the searchable units: the report, its segments, its facts.

One plain dict per unit, with the report's metadata copied onto it so that
every unit can be filtered alone (by year, issuer, level, failing checks). The
embedded index and the Elasticsearch export both read these records.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from .schema import REUSE_FIELDS

UNIT_TYPES = ("report", "segment", "fact")
SKIP_SEGMENT_KINDS = frozenset({"boilerplate"})
# Sentence ends used to cut the context a fact is indexed with.
_SENTENCE_END = re.compile(r"[。；;!！?？\n]")
MAX_CONTEXT = 240


def prefixes(dotted: str) -> list[str]:
    """``t3.balance.natural`` -> [t3, t3.balance, t3.balance.natural] (for prefix filters)."""
    parts = [p for p in str(dotted).split(".") if p]
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _int_or_none(v) -> Optional[int]:
    try:
        return int(v) if v is not None and str(v).strip() != "" else None
    except (TypeError, ValueError):
        return None


def _num_or_none(v) -> Optional[float]:
    if isinstance(v, bool) or v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def sentence_around(text: str, start: int, end: int, limit: int = MAX_CONTEXT) -> tuple[int, int]:
    """The sentence that holds ``text[start:end]`` (cut to ``limit`` chars around it)."""
    lo = max(0, start - limit // 2)
    left = start
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    if left == start:
        left = lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit // 2))
    right = m.end() if m else min(len(text), end + limit // 2)
    return left, right


def _dicts(items) -> list[dict]:
    return [x for x in items or [] if isinstance(x, dict)]


def _containing(segments: list, pos: int) -> dict:
    for s in segments:
        a, b = _int_or_none(s.get("start")), _int_or_none(s.get("end"))
        if a is not None and b is not None and a <= pos < b:
            return s
    return {}


def report_common(d: dict) -> dict:
    """Fields every unit of the report carries."""
    meta = d.get("meta") if isinstance(d.get("meta"), dict) else {}
    failing = sorted({str(c.get("rule")) for c in _dicts(d.get("checks"))
                      if c.get("status") == "fail" and c.get("rule")})
    fail_keys = sorted({p for rule in failing for p in prefixes(rule)})
    prev = d.get("compare") if isinstance(d.get("compare"), dict) else {}   # reuse vs the year before
    return {
        "doc_id": str(d.get("doc_id") or ""),
        "year": _int_or_none(meta.get("year")),
        "issuer": meta.get("issuer") or "",
        "level": meta.get("level") or "",
        "doc_type": meta.get("doc_type") or "",
        "template": str(meta.get("template") or ""),
        "title": meta.get("title") or "",
        "failing_checks": failing,
        "failing_keys": fail_keys,
        "n_failing": len(failing),
        **{k: _num_or_none(prev.get(k)) for k in REUSE_FIELDS},
    }


def iter_units(d: dict) -> Iterator[dict]:
    """Yield the report unit, then one unit per segment, then one per fact."""
    common = report_common(d)
    doc_id = common["doc_id"]
    text = d.get("text") if isinstance(d.get("text"), str) else ""
    segments = [s if isinstance(s, dict) else {} for s in d.get("segments") or []]
    tables = d.get("tables") if isinstance(d.get("tables"), dict) else {}
    cells = _dicts(tables.get("cells"))
    yield {
        **common, "type": "report", "id": f"{doc_id}#report", "text": text, "start": 0, "end": len(text),
        "kind": common["doc_type"], "heading_path": [], "domains": sorted({x for s in segments
                                                                        for x in s.get("domains") or []}),
        "cells": sorted({str(c.get("id")) for c in cells if c.get("id")}),
        "metric": "", "value": None, "unit": "", "n_facts": len(_dicts(d.get("facts"))),
    }
    if not text:
        return  # written with --no-text: segments and fact contexts cannot be indexed
    for i, s in enumerate(segments):
        kind = s.get("kind") or "body"
        start, end = _int_or_none(s.get("start")), _int_or_none(s.get("end"))
        if kind in SKIP_SEGMENT_KINDS or start is None or end is None or not (0 <= start < end <= len(text)):
            continue
        if not text[start:end].strip():
            continue
        yield {
            **common, "type": "segment", "id": f"{doc_id}#s{i}", "text": text[start:end], "start": start,
            "end": end, "kind": kind, "heading_path": [str(h) for h in s.get("heading_path") or []],
            "domains": [str(x) for x in s.get("domains") or []], "cells": [],
            "metric": "", "value": None, "unit": "",
        }
    for i, f in enumerate(d.get("facts") or []):
        if not isinstance(f, dict):
            continue
        start, end = _int_or_none(f.get("start")), _int_or_none(f.get("end"))
        if start is None or end is None or not (0 <= start <= end <= len(text)):
            continue
        seg = _int_or_none(f.get("segment"))
        seg_d = segments[seg] if seg is not None and 0 <= seg < len(segments) else _containing(segments, start)
        left, right = sentence_around(text, start, end)
        linked = ([f["cell"]] if f.get("cell") else []) + [c for c in f.get("cells") or [] if c]
        yield {
            **common, "type": "fact", "id": f"{doc_id}#f{i}", "text": text[left:right], "start": left,
            "end": right, "fact_start": start, "fact_end": end, "fact_text": f.get("text") or text[start:end],
            "kind": f.get("kind") or "", "heading_path": [str(h) for h in seg_d.get("heading_path") or []],
            "domains": [str(x) for x in seg_d.get("domains") or []], "cells": linked,
            "metric": f.get("metric") or "", "value": _num_or_none(f.get("value")), "unit": f.get("unit") or "",
            "approx": f.get("approx") or "", "direction": f.get("direction") or "",
            "modality": f.get("modality") or "",
        }
