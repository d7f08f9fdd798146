"""Report dict -> the tantivy documents of its units (the one place reports become index entries).

``prepare_report`` flattens a report into units (``units.iter_units``) and each
unit into the field dict tantivy stores: jieba tokens of its span of the report
text, bigrams for substring search, keyword and numeric fields, and the unit
record itself as the payload hits are rebuilt from. It runs in tokenizing
worker processes too, so it returns plain data and never raises.
"""
from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from . import analyzer
from .schema import REUSE_FIELDS
from .units import iter_units, prefixes


@dataclass
class PreparedReport:
    """The outcome of preparing one record for the index.

    ``status`` is ``ok`` (``docs`` holds its units' fields), ``other`` (a record
    that is not a report, such as a line of failures.jsonl: nothing to index,
    nothing to say) or ``error`` (a report that cannot be indexed: ``error`` says why).
    """

    status: str                      # ok | other | error
    doc_id: str = ""
    docs: list[dict] = field(default_factory=list)
    error: str = ""


def as_dict(d):
    """A ``Report`` as its dict; a dict as it is."""
    return d.to_dict() if hasattr(d, "to_dict") else d


def prepare_report(d) -> PreparedReport:
    """A report dict (or ``Report``) -> the field dicts of its units, never raising."""
    try:
        d = as_dict(d)
        if not isinstance(d, dict):
            return PreparedReport("error", error=f"not a report dict: {type(d).__name__}")
        if not any(k in d for k in ("meta", "segments", "facts", "text")):
            return PreparedReport("other")   # another record in the folder (failures.jsonl, series checks)
        doc_id = str(d.get("doc_id") or "")
        if not doc_id:
            return PreparedReport("error", error="a report has no doc_id (index the output of `gisnlp tag` "
                                                 "or `gisnlp analyze`)")
        doc_text = DocText(d.get("text") or "")
        return PreparedReport("ok", doc_id, [unit_fields(u, doc_text) for u in iter_units(d)])
    except Exception as e:   # one malformed report must not stop the batch
        name = d.get("doc_id", "?") if isinstance(d, dict) else "?"
        return PreparedReport("error", error=f"{name}: {type(e).__name__}: {e}")


class DocText:
    """A report's normalised text cut once; units take the tokens inside their span."""

    def __init__(self, text: str):
        """Normalise and cut the whole report text once."""
        self.norm = analyzer.norm(text)
        self.toks = analyzer.cut(self.norm.text)
        self.starts = [s for _, s, _ in self.toks]

    def span(self, start: int, end: int) -> tuple[str, str]:
        """(normalised text, space-joined tokens) of an original-offset span."""
        a, b = self.norm.from_orig(start), self.norm.from_orig(end)
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return self.norm.text[a:b], " ".join(t for t, _, e in self.toks[i:j] if e <= b)


@lru_cache(maxsize=4096)
def short_tokens(text: str) -> str:
    """Tokens of a short repeated string (issuer, title, heading path, metric), cached."""
    return analyzer.index_string(analyzer.norm(text).text)


def unit_fields(u: dict, doc: DocText) -> dict:
    """A unit record -> tantivy document fields."""
    body_text, body = doc.span(u["start"], u["end"])
    if u["type"] == "report" and u.get("title"):
        body = short_tokens(u["title"]) + " " + body
    elif u["type"] == "fact" and u.get("metric"):
        body = short_tokens(u["metric"]) + " " + body
    out = {
        "id": u["id"], "doc_id": u["doc_id"], "type": u["type"],
        "body": body,
        "body_bi": " ".join(analyzer.bigrams(body_text)),
        "payload": json.dumps(u, ensure_ascii=False).encode("utf-8"),
        "n_failing": int(u.get("n_failing") or 0),
    }
    for name in ("kind", "level", "doc_type", "template", "unit"):
        if u.get(name):
            out[name] = str(u[name])
    if u.get("domains"):
        out["domains"] = list(u["domains"])
    keys = sorted({p for c in u.get("cells") or [] for p in prefixes(c)})
    if keys:
        out["cell_keys"] = keys
    if u.get("failing_keys"):
        out["failing_keys"] = list(u["failing_keys"])
    for src, dst in (("issuer", "issuer_t"), ("metric", "metric_t"), ("title", "title_t")):
        if u.get(src):
            out[dst] = short_tokens(u[src])
    for src in ("issuer", "metric"):
        if u.get(src):
            out[f"{src}_kw"] = analyzer.norm(u[src]).text
    if u.get("heading_path"):
        out["heading"] = short_tokens("\n".join(u["heading_path"]))
    if u.get("year") is not None:
        out["year"] = int(u["year"])
    for name in ("value",) + REUSE_FIELDS:
        if u.get(name) is not None and math.isfinite(u[name]):
            out[name] = float(u[name])
    return out
