"""Reading and writing report JSON: per-document files, JSONL, folders of either."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from .errors import InputError
from .report import Report


def iter_report_dicts(path) -> Iterator[dict]:
    """Yield report dicts from a .json file, a .jsonl file, or a folder holding
    ``reports.jsonl`` and/or ``<doc_id>.json`` files (the output of ``gisnlp
    tag`` or ``gisnlp analyze --out``)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file or folder: {path}", "give the --out folder of `gisnlp tag` or `gisnlp analyze`")
    if path.is_dir():
        # reports.jsonl (gisnlp tag) or any other JSONL of reports; side files
        # such as failures.jsonl and series_checks.jsonl hold no reports.
        jsonl = sorted(path.glob("*.jsonl"))
        seen = set()
        for f in jsonl:
            for d in iter_report_dicts(f):
                if not _is_report(d):
                    continue
                seen.add(d.get("doc_id"))
                yield d
        for f in sorted(path.glob("*.json")):
            try:
                d = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            if _is_report(d) and d["doc_id"] not in seen:
                yield d
        return
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as e:
                        raise InputError(f"{path}:{n} is not valid JSON ({e.msg})",
                                         "the file may be truncated; re-run `gisnlp tag` to finish it") from None
        return
    try:
        yield json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path} is not valid JSON ({e.msg})", "give a report JSON written by gisnlp") from None


def _is_report(d) -> bool:
    return isinstance(d, dict) and "doc_id" in d and "meta" in d


def iter_reports(path) -> Iterator[Report]:
    """Like :func:`iter_report_dicts`, as :class:`Report` objects."""
    for d in iter_report_dicts(path):
        yield Report.from_dict(d)


def read_jsonl_dicts(path) -> list[dict]:
    """The JSON objects of a side file such as series_checks.jsonl or comparisons.jsonl
    (blank and unreadable lines skipped; an absent file gives [])."""
    path = Path(path)
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            d = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        if isinstance(d, dict):
            out.append(d)
    return out


def write_atomic(path, data: str) -> None:
    """Write a file so that a reader never sees it half-written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:                 # name the file asked for, not the temporary one
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        e.filename = str(path)
        raise
