"""Turn what a user hands ``compare`` into a ``Report``: a Report, its dict, analysed JSON, or a document."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..report import Report


@lru_cache(maxsize=1)
def _pipeline():
    from ..pipeline import load
    return load()


def _is_report_dict(d) -> bool:
    return isinstance(d, dict) and "doc_id" in d and "meta" in d


def read_report_json(path: Path) -> Report:
    """A report from a ``gisnlp analyze`` JSON file (one report)."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path} is not readable report JSON ({e})",
                         "give a file written by `gisnlp analyze --out`, or the document itself") from None
    if not _is_report_dict(d):
        raise InputError(f"{path} is JSON but not a gisnlp report (no doc_id/meta)",
                         "give a file written by `gisnlp analyze --out`, or the document itself")
    return Report.from_dict(d)


def as_report(x) -> Report:
    """``x`` as a Report: Report, report dict, path of report JSON, path of a document (analysed here)."""
    if isinstance(x, Report):
        return x
    if isinstance(x, dict):
        if not _is_report_dict(x):
            raise InputError("a dict given to compare is not a report (no doc_id/meta)",
                             "pass Report.to_dict() output or a Report")
        return Report.from_dict(x)
    if isinstance(x, (str, Path)):
        path = Path(x)
        if not path.exists():
            raise InputError(f"no such file: {path}", "give a report document or the JSON `gisnlp analyze` wrote")
        if path.is_dir():
            raise InputError(f"{path} is a folder", "give one report document or one report JSON per side")
        if path.suffix.lower() == ".json":
            return read_report_json(path)
        return _pipeline()(str(path))
    raise InputError(f"cannot compare a {type(x).__name__}", "give Report objects, report dicts or file paths")
