"""A report and its tables given as two files (``report.docx`` + ``report.xlsx``).

``attach_tables`` appends the tables document (its tab-rendered rows and
grids) after the report's text, offsets shifted, so the table parser finds
the tables as if the report held them. ``pair_by_stem`` finds such pairs in a
list of file names: a spreadsheet whose name, without extension, is that of a
report document in the same folder goes with it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from ..report import Document, Grid

SPREADSHEET_EXTENSIONS = (".xlsx", ".xls", ".et")


def attach_tables(doc: Document, tables: Document) -> Document:
    """``doc`` with ``tables``' text and grids appended (a blank line between)."""
    sep = "" if doc.text.endswith("\n\n") else ("\n" if doc.text.endswith("\n") else "\n\n")
    shift = len(doc.text) + len(sep)
    grids = [Grid(rows=[[replace(c, start=c.start + shift, end=c.end + shift) for c in row] for row in g.rows],
                  start=g.start + shift, end=g.end + shift, page=g.page) for g in tables.grids]
    warnings = doc.warnings + [f"tables: {w}" for w in tables.warnings]
    return replace(doc, text=doc.text + sep + tables.text, grids=doc.grids + grids, warnings=warnings)


def pair_by_stem(names: list[str]) -> dict[str, str]:
    """{report name: spreadsheet name} for spreadsheets that share a report's folder and stem.

    A spreadsheet pairs only when exactly one non-spreadsheet file has its stem.
    """
    def key(name: str) -> tuple[str, str]:
        p = PurePosixPath(name.replace("\\", "/"))
        return str(p.parent), p.stem.lower()

    reports: dict[tuple, list[str]] = {}
    for n in names:
        if not n.lower().endswith(SPREADSHEET_EXTENSIONS):
            reports.setdefault(key(n), []).append(n)
    pairs = {}
    for n in names:
        if n.lower().endswith(SPREADSHEET_EXTENSIONS) and len(reports.get(key(n), [])) == 1:
            pairs[reports[key(n)][0]] = n
    return pairs



