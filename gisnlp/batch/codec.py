"""JSON for the result lines of ``gisnlp tag``: orjson when it is installed, the standard library otherwise.

Serialising a report is a large share of a worker's time per document, and
parsing every line again is most of the parent's final pass; orjson does both
several times faster. Both encoders write compact JSON (no spaces) with
non-ASCII characters as they are, so the lines hold the same data either way;
``NAME`` goes into the run's fingerprint, so a resumed run never mixes the two.
"""
from __future__ import annotations

import json

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
