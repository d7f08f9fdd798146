"""JSON for the result lines of ``gisnlp tag``: orjson when it is installed, the standard library otherwise.

Serialising a report is a large share of a worker's time per document, and
parsing every line again is most of the parent's final pass; orjson does both
several times faster. Both encoders write compact JSON (no spaces) with
non-ASCII characters as they are, so the lines hold the same data either way;
``NAME`` goes into the run's fingerprint, so a resumed run never mixes the two.
"""
from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache

try:
    import orjson
except ImportError:                     # optional: the batch extra installs it
    orjson = None

NAME = f"orjson-{orjson.__version__}" if orjson is not None else "json"


def _default(obj):
    """Values orjson does not know natively: numpy scalars and arrays, sets."""
    if hasattr(obj, "item") and callable(obj.item):      # numpy scalar
        return obj.item()
    if hasattr(obj, "tolist") and callable(obj.tolist):  # numpy array
        return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def dumps(obj) -> bytes:
    """One compact JSON document as UTF-8 bytes (no newline)."""
    if orjson is not None:
        return orjson.dumps(obj, default=_default, option=orjson.OPT_NON_STR_KEYS)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_default).encode("utf-8")


def loads(data):
    """Parse one JSON document from bytes or str."""
    if orjson is not None:
        return orjson.loads(data)
    return json.loads(data)


def dumps_report(report, include_text: bool = True) -> bytes:
    """``dumps(report.to_dict(include_text))``, the same bytes, written faster: orjson writes the
    report's dataclasses (meta, cells, facts, segments…) itself, in field order, instead of
    their being copied into dicts first (most of the serialising time). orjson writes an
    instance's attributes (``__dict__``) but those named with ``_``; ``record`` writes the declared
    fields: the fast way is taken only when every instance holds exactly its fields, none private."""
    if orjson is not None and all(map(_as_declared, _report_groups(report))):
        return dumps(report.to_dict(include_text, records=False))
    return dumps(report.to_dict(include_text))


def _report_groups(report) -> list:
    """The dataclass instances ``to_dict`` turns into records, in lists of one kind each."""
    return [[report.meta], [report.source], report.cells, report.facts, report.segments, report.headings,
            report.checks, [p for p in report.pending_rows if not isinstance(p, dict)]]


def _as_declared(group: list) -> bool:
    """Whether orjson writes these instances (all of one class) as ``report.record`` does: each
    holds exactly its class's fields, none of them private (see ``dumps_report``)."""
    if not group:
        return True
    kinds = set(map(type, group))
    n = _public_fields(kinds.pop()) if len(kinds) == 1 else None
    return n is not None and set(map(len, map(vars, group))) == {n}


@lru_cache(maxsize=None)
def _public_fields(klass):
    """The number of fields of a dataclass, or None when one is private (``_name``) or it has slots."""
    if not hasattr(klass, "__dataclass_fields__") or hasattr(klass, "__slots__"):
        return None
    names = [f.name for f in fields(klass)]
    return None if any(n.startswith("_") for n in names) else len(names)
