"""The three template tables as rows x columns of canonical cell ids, filled from a report.

The layout lives in ``gisnlp/data/viewer_tables.yaml``; this module only turns it into
plain dataclasses a template can draw (header rows with spans, rows of cells).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..report import Cell, Report
from ..resources import load_yaml

TEMPLATES = ("2019", "2021")


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class TableCell:
    id: str
    label: str                          # row label / column label, for tooltips
    cell: Optional[Cell] = None
    facts: list[int] = field(default_factory=list)     # indexes into Report.facts
    checks: list[int] = field(default_factory=list)    # indexes of failed checks (Report.checks)
    candidates: list = field(default_factory=list)     # this cell's value in each candidate split of
    #                                                    an ambiguous (pending) row, when it has no value


@dataclass
class Row:
    label: str
    level: int = 0
    header: bool = False
    cells: list[TableCell] = field(default_factory=list)
    candidates: int = 0                 # number of candidate splits when the row is ambiguous (pending)


@dataclass
class Block:
    caption: str
    corner: str
    header_rows: list[list[HeaderCell]]
    rows: list[Row]
    ncols: int = 0


@dataclass
class Table:
    id: str                             # t2 | t3 | t4
    title: str
    blocks: list[Block]
    filled: int = 0                     # cells with a value


@lru_cache(maxsize=None)
def _layout() -> dict:
    return load_yaml("viewer_tables.yaml")


def _keep(item: dict, template: str) -> bool:
    only = item.get("only")
    return only is None or str(only) == template


def _cell_id(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _header_rows(columns: list[dict], corner: str) -> list[list[HeaderCell]]:
    """Spanning header rows: adjacent columns sharing a group path share a header cell."""
    depth = max(len(c.get("groups") or []) for c in columns) + 1
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    rows[0].append(HeaderCell(corner, rowspan=depth))
    for level in range(depth):
        prev_key = None
        for c in columns:
            groups = list(c.get("groups") or [])
            if level < len(groups):
                key = tuple(groups[: level + 1])
                if key == prev_key:
                    rows[level][-1].colspan += 1
                else:
                    rows[level].append(HeaderCell(groups[level]))
                prev_key = key
            elif level == len(groups):
                rows[level].append(HeaderCell(c["zh"], rowspan=depth - level))
                prev_key = None
            else:
                prev_key = None
    return rows


def layout_labels(template: str) -> dict[str, str]:
    """Cell id -> readable label (row / column) for every cell the layout draws."""
    out: dict[str, str] = {}
    for table in _layout()["tables"].values():
        for block in table["blocks"]:
            if not _keep(block, template):
                continue
            for row in block["rows"]:
                if row.get("header") or not _keep(row, template):
                    continue
                for col in block["columns"]:
                    if not _keep(col, template):
                        continue
                    col_label = " / ".join(list(col.get("groups") or []) + [col["zh"]])
                    row_label = " ".join(x for x in (block.get("caption"), row["zh"]) if x)
                    out[_cell_id(block["prefix"], row["id"], col["id"])] = f"{row_label} · {col_label}"
    return out


def all_labels() -> dict[str, str]:
    """Labels of both templates (the 2021 label wins where an id is in both)."""
    out = layout_labels("2019")
    out.update(layout_labels("2021"))
    return out


def choose_template(report: Report) -> Optional[str]:
    """The template whose layout to draw: meta.template, else guessed from cell ids and year."""
    t = report.meta.template
    if t in TEMPLATES:
        return t
    ids = {c.id for c in report.cells}
    only = {tpl: set(layout_labels(tpl)) - set(layout_labels(other))
            for tpl, other in (("2019", "2021"), ("2021", "2019"))}
    hits = {tpl: len(ids & only[tpl]) for tpl in TEMPLATES}
    if hits["2019"] != hits["2021"]:
        return max(hits, key=hits.get)
    if not ids:
        return None
    year = report.meta.year
    return "2019" if year is not None and year <= 2020 else "2021"


def build_tables(report: Report, template: Optional[str] = None) -> tuple[list[Table], list[TableCell]]:
    """Fill the layout of ``template`` (default: ``choose_template``) with the report's cells.

    Returns the tables and the cells whose ids the layout does not draw (shown apart).
    """
    template = template or choose_template(report)
    by_id = {c.id: c for c in report.cells}
    cell_facts = report.facts_by_cell()
    cell_checks: dict[str, list[int]] = {}
    for i, chk in enumerate(report.checks):
        if chk.status == "fail":
            for cid in chk.cells or []:
                cell_checks.setdefault(cid, []).append(i)
    labels = all_labels()
    pending = pending_candidates(report)

    def table_cell(cid: str, label: str) -> TableCell:
        """The drawn cell ``cid``: its value, facts, failed checks and pending candidates."""
        cell = by_id.get(cid)
        return TableCell(cid, label, cell, cell_facts.get(cid, []), cell_checks.get(cid, []),
                         pending.get(cid, []) if cell is None else [])

    tables: list[Table] = []
    drawn: set[str] = set()
    if template is not None:
        own_labels = layout_labels(template)
        for tid, spec in _layout()["tables"].items():
            blocks = []
            filled = 0
            for b in spec["blocks"]:
                if not _keep(b, template):
                    continue
                columns = [c for c in b["columns"] if _keep(c, template)]
                rows = []
                for r in b["rows"]:
                    if not _keep(r, template):
                        continue
                    row = Row(r["zh"], int(r.get("level", 0)), bool(r.get("header")))
                    if not row.header:
                        for c in columns:
                            cid = _cell_id(b["prefix"], r["id"], c["id"])
                            tc = table_cell(cid, own_labels.get(cid, cid))
                            drawn.add(cid)
                            filled += tc.cell is not None
                            row.cells.append(tc)
                            row.candidates = max(row.candidates, len(tc.candidates))
                    rows.append(row)
                blocks.append(Block(b.get("caption", ""), b.get("corner", ""),
                                    _header_rows(columns, b.get("corner", "")), rows, len(columns)))
            tables.append(Table(tid, spec["title"], blocks, filled))
    extra_ids = [c.id for c in report.cells if c.id not in drawn]
    extra_ids += sorted({cid for cid in cell_checks if cid not in drawn and cid not in by_id})
    extra = [table_cell(cid, labels.get(cid, cid)) for cid in dict.fromkeys(extra_ids)]
    return tables, extra


def pending_candidates(report: Report) -> dict[str, list]:
    """Cell id -> its value in each candidate split of the ambiguous rows left pending.

    A pending row is read as a dict (``columns``: cell ids, ``candidates``: one list
    of values per split) or as an object with those attributes.
    """
    out: dict[str, list] = {}
    for row in report.pending_rows or []:
        get = row.get if isinstance(row, dict) else (lambda k, d=None, r=row: getattr(r, k, d))
        columns, cands = list(get("columns") or []), list(get("candidates") or [])
        for i, cid in enumerate(columns):
            values = [c[i] for c in cands if isinstance(c, (list, tuple)) and i < len(c)]
            if values:
                out[str(cid)] = values
    return out


def cell_value(report_cells: dict[str, float | int], spec: dict) -> Optional[float]:
    """Value of one plotted series (see ``archive_plots`` in the layout file) or None."""
    if spec.get("cell") and spec["cell"] in report_cells:
        return report_cells[spec["cell"]]
    if spec.get("cells"):
        vals = [report_cells[c] for c in spec["cells"] if c in report_cells]
        if vals:
            return sum(vals)
    prefix = spec.get("sum")
    if prefix:
        suffix = "." + spec.get("column", "total")
        vals = [v for k, v in report_cells.items()
                if k.startswith(prefix) and k.endswith(suffix) and len(k) > len(prefix) + len(suffix) - 1
                and k[len(prefix):-len(suffix)]]
        if vals:
            return sum(vals)
    return None


def archive_plots() -> list[dict]:
    """The plots of an issuer page (title, kind, series), from the layout file."""
    return list(_layout().get("archive_plots") or [])


def outline_parts() -> list[dict]:
    """The template's parts (title, pattern) that outline a report without headings."""
    return list(_layout().get("outline_parts") or [])
