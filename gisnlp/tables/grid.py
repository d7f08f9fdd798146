"""Native table grids (Word, HTML, PDF) as rows of cells for the shared parser."""
from __future__ import annotations

import re
from functools import lru_cache

from ..report import Report
from .label_match import compact, config
from .regions import patterns
from .tokens import SourceRow


def grid_rows(report: Report, grid) -> list[SourceRow]:
    """Rows of a grid with each cell's normalised text, norm offsets and column (spans placed as HTML does).

    Table 三 printed turned over (one row per applicant column) is turned back (``_turned``)."""
    norm = report.norm
    placed = []                   # (row, column, (text, start, end), row span, column span)
    taken: set = set()            # (row, column) covered by a cell spanning rows from above
    for r, row in enumerate(grid.rows):
        col = 0
        for c in row:
            while (r, col) in taken:
                col += 1
            rs, cs = max(1, c.row_span), max(1, c.col_span)
            for dr in range(1, rs):
                taken.update((r + dr, col + dc) for dc in range(cs))
            s, e = norm.from_orig(c.start), norm.from_orig(c.end)
            placed.append((r, col, ("", s, s) if e <= s else (norm.text[s:e], s, e), rs, cs))
            col += cs
    height = len(grid.rows)
    if _turned(placed):
        placed = [(col, r, cell, cs, rs) for r, col, cell, rs, cs in placed]
        height = 1 + max((r for r, *_ in placed), default=-1)
    out = [SourceRow(cells=[], grid=True, columns=[]) for _ in range(height)]
    for r, col, cell, _, _ in sorted(placed, key=lambda p: (p[0], p[1])):
        out[r].cells.append(cell)
        out[r].columns.append(col)
    return out


_VALUE = re.compile(r"^[\d,.\s]+$")


def _turned(placed: list) -> bool:
    """Whether a grid is table 三 or 四 printed turned over: the headings of its columns named down
    its label columns (left of the first value), its row labels (本年新收 …, 行政复议 …) across the
    rows above the first value (yaml ``turned``)."""
    at = [(r, col) for r, col, (text, _, _), _, _ in placed if text and _VALUE.match(text)]
    if not at:
        return False
    r0, c0 = min(r for r, _ in at), min(c for _, c in at)
    lead = [compact(text) for r, col, (text, _, _), _, _ in placed if col < c0 and r >= r0 and text]
    if len(lead) < 4:
        return False
    for spec in _turned_specs():
        down = sum(1 for pat in spec["down"] if any(pat.fullmatch(t) for t in lead))
        if down >= spec["min_down"]:
            across = "".join(compact(text) for r, col, (text, _, _), _, _ in placed if r < r0)
            return bool(spec["across"].search(across))
    return False


@lru_cache(maxsize=1)
def _turned_specs() -> list:
    """The compiled ``turned`` entries of table_labels.yaml."""
    return [{"down": [re.compile(p) for p in t["down"]], "min_down": t["min_down"], "across": re.compile(t["across"])}
            for t in config()["turned"]]


def _kind(text: str):
    p = patterns()
    t = compact(text)
    if p["t3_anchor"].search(t) or re.search(r"予以公开|不予公开|结转下年度", t):
        return "t3"
    if re.search(r"结果维持|尚未审结|复议后起诉", t):
        return "t4"
    if p["t2_start"].search(t) or re.search(r"规范性文件|行政许可|行政处罚|行政事业性收费", t):
        return "t2"
    return None


_STARTS = {"t2": re.compile(r"第二十条第\(一\)项|^信息内容本年(?:新)?制"),
           "t3": None, "t4": re.compile(r"^行政复议")}


def _starts_table(kind: str, text: str) -> bool:
    if kind == "t3":
        return bool(patterns()["t3_anchor"].search(text))
    return bool(_STARTS[kind].search(text))


def _with_kinds(report: Report) -> list:
    """(grid, rows, compact text, kind) per grid; short grids of no kind between two grids of one table
    (rows pasted as tables of their own: 行政强制 | 40) take that table's kind."""
    out = []
    for g in report.grids:
        rows = grid_rows(report, g)
        text = "".join(compact(c[0]) for r in rows for c in r.cells)
        out.append([g, rows, text, _kind(text)])
    k = 1
    while k < len(out):
        end = k
        while end < len(out) and out[end][3] is None and len(out[end][1]) <= 2:
            end += 1              # a run of short grids of no kind …
        if end > k and end < len(out) and out[k - 1][3] is not None and out[k - 1][3] == out[end][3]:
            for g in out[k:end]:  # … between two grids of one table belongs to it
                g[3] = out[k - 1][3]
        k = end + 1
    return out


def classify_grids(report: Report) -> dict:
    """{"t2"|"t3"|"t4": rows} from the report's grids.

    Consecutive grids of one table (a table split across pages) are joined; a
    second grid that starts the same table again (a document holding two
    reports) is left out with a warning.
    """
    out: dict = {}
    started: dict = {}
    for g, rows, text, kind in _with_kinds(report):
        if not kind:
            continue
        begins = _starts_table(kind, text)
        if begins and started.get(kind):
            if not started.get(kind + "_warned"):
                report.warn(f"tables: more than one {kind} grid found; only the first was read")
                started[kind + "_warned"] = True
                out["repeated"] = True
            started[kind + "_closed"] = True
            continue
        if started.get(kind + "_closed"):
            continue
        started[kind] = started.get(kind) or begins or True
        out.setdefault(kind, []).extend(rows)
    return out
