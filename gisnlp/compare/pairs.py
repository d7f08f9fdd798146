"""An archive's comparisons: each issuer's consecutive years, and their reuse rates for the search index.

``gisnlp tag`` groups reports by ``link.series.normalize_issuer`` (the key
``audit_series`` uses) and calls ``compare_group`` for each issuer; the records go
to ``OUT/comparisons.jsonl``. ``gisnlp index`` reads that file back with
``reuse_by_doc`` so that each report carries its reuse against the year before.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..io import read_jsonl_dicts
from ..report import Report
from .engine import compare_reports
from .mandated import WordingFilter

log = logging.getLogger("gisnlp")
COMPARISONS_FILE = "comparisons.jsonl"


def consecutive_pairs(reports: list[Report]) -> list[tuple[Report, Report]]:
    """Adjacent years of one issuer's annual reports (sorted by year; work plans and a second
    report of a year are skipped)."""
    by_year: dict[int, Report] = {}
    for r in sorted(reports, key=lambda r: (r.meta.year or 0, r.doc_id)):
        if r.meta.year and r.meta.year not in by_year and r.meta.doc_type in ("annual_report", None):
            by_year[r.meta.year] = r
    years = sorted(by_year)
    return [(by_year[a], by_year[b]) for a, b in zip(years, years[1:])]


def compare_group(issuer: str, reports: list[Report], series_rows: Iterable[dict] = (),
                  common: Optional[WordingFilter] = None) -> list[dict]:
    """Comparison records (``Comparison.to_dict`` plus ``issuer``) of each consecutive pair.

    ``series_rows``: the group's ``audit_series`` rows, reused as the carry-over checks.
    A pair that cannot be compared gives a record with ``error`` instead of losing the batch.
    """
    rows_by_pair: dict[tuple, list[dict]] = {}
    for r in series_rows:
        rows_by_pair.setdefault((r.get("doc_a"), r.get("doc_b")), []).append(r)
    out = []
    for a, b in consecutive_pairs(reports):
        try:
            c = compare_reports(a, b, common=common, carry_rows=rows_by_pair.get((a.doc_id, b.doc_id)))
            out.append({"issuer": issuer, **c.to_dict()})
        except Exception as e:   # one odd pair must not lose the archive
            log.warning("comparison %s -> %s failed: %s: %s", a.doc_id, b.doc_id, type(e).__name__, e)
            out.append({"issuer": issuer, "old": {"doc_id": a.doc_id, "year": a.meta.year},
                        "new": {"doc_id": b.doc_id, "year": b.meta.year}, "error": f"{type(e).__name__}: {e}"})
    return out


def read_comparisons(folder) -> list[dict]:
    """The records of ``folder/comparisons.jsonl`` (empty when there is none)."""
    return read_jsonl_dicts(Path(folder) / COMPARISONS_FILE)


def reuse_by_doc(records: Iterable[dict]) -> dict[str, dict]:
    """NEW doc_id -> {"reuse", "reuse_text", "reuse_tables", "prev_doc", "prev_year"} of its comparison
    with the year before."""
    out = {}
    for d in records:
        new, reuse = d.get("new") or {}, d.get("reuse") or {}
        if new.get("doc_id") and reuse:
            out[new["doc_id"]] = {"reuse": reuse.get("overall"), "reuse_text": reuse.get("text"),
                                  "reuse_tables": reuse.get("tables"), "prev_doc": (d.get("old") or {}).get("doc_id"),
                                  "prev_year": (d.get("old") or {}).get("year")}
    return out


def with_reuse(report_dicts: Iterable[dict], folder) -> Iterator[dict]:
    """Report dicts, each given ``"compare"`` (its reuse vs the year before) when ``folder``
    holds a ``comparisons.jsonl`` naming it."""
    folder = Path(folder)
    reuse = reuse_by_doc(read_comparisons(folder if folder.is_dir() else folder.parent))
    for d in report_dicts:
        if reuse and isinstance(d, dict) and d.get("doc_id") in reuse:
            d = {**d, "compare": reuse[d["doc_id"]]}
        yield d
