"""The figures and words of one whole report, written out by hand, and what reading it must give.

A ``Doc`` holds the issuer, the year, the template and the three tables'
figures (``tablegen.figures.Figures``: None marks a cell printed blank) plus the
narrative parts; ``t3_from`` and ``t4_from`` build consistent tables from the
few numbers a report actually states, so that every identity holds unless a
document says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from tablegen.figures import APPLICANTS, COLS, Figures, result_rows


def t3_from(template: str, rows: dict, carried_in: list | None = None, carried_out: list | None = None,
            blank_zero: bool = False) -> dict:
    """Table 三 rows (7 values each) from the result rows a report fills.

    ``rows`` maps a result row id (``disclosed``, ``withheld.process``, ``other`` …)
    to its six applicant values (a single int is the natural-person column).
    本年新收 is derived so that 新收 + 结转 = 总计 + 结转下年度 holds per column;
    ``blank_zero`` prints every 0 of the table blank.
    """
    zero = [0] * 6
    six = {f"result.{k}": (list(v) + [0] * 6)[:6] if isinstance(v, (list, tuple)) else [v, 0, 0, 0, 0, 0]
           for k, v in rows.items()}
    leaves = {r: six.get(r, zero) for r in result_rows(template)}
    total = [sum(v[i] for v in leaves.values()) for i in range(6)]
    cin, cout = ((list(x) + zero)[:6] if x else zero for x in (carried_in, carried_out))
    new = [total[i] + cout[i] - cin[i] for i in range(6)]
    assert min(new) >= 0, "carried_in larger than what was handled"
    out = {"new": new, "carried_in": list(cin), **leaves, "result.total": total, "carried_out": list(cout)}
    out = {r: v + [sum(v)] for r, v in out.items()}
    if blank_zero:
        out = {r: [None if x == 0 else x for x in v] for r, v in out.items()}
    return out


def t4_from(review: list, direct: list, after: list, blank_zero: bool = False) -> list:
    """Table 四's fifteen values from each group's four results (维持, 纠正, 其他, 尚未审结)."""
    out = []
    for g in (review, direct, after):
        out += list(g) + [sum(g)]
    return [None if blank_zero and x == 0 else x for x in out]


@dataclass
class Doc:
    """One whole report as written for the test set."""

    id: str
    issuer: str                      # the issuer the metadata must give
    year: int
    template: str                    # "2019" | "2021"
    fmt: str                         # html | docx | txt | md
    layout: dict                     # renderer options (see render_*.py)
    t2: dict                         # cell id -> value (None: blank)
    t3: dict                         # row id -> 7 values
    t4: list                         # 15 values
    title: Optional[str] = None      # None: no title line (the body says what it is)
    head: list = field(default_factory=list)      # lines before the title (page furniture)
    intro: list = field(default_factory=list)     # 一、总体情况 paragraphs
    closing: list = field(default_factory=list)   # signature / date lines
    tables: tuple = ("t2", "t3", "t4")            # tables printed (expected cells come from these)
    parts: tuple = ("一", "二", "三", "四", "五", "六")   # parts printed (a cut page prints fewer)
    expect_partial: bool = False
    doc_type: str = "annual_report"
    t2_blocks: dict = field(default_factory=dict)  # article -> template of the printed block (transitional)
    merged_orgs: bool = False     # table 三 prints the five organisation columns as one (their sum): no cell for them

    def figures(self) -> Figures:
        """The tables as tablegen Figures."""
        blocks = self.t2_blocks or {a: self.template for a in ("art20_1", "art20_5", "art20_6", "art20_8")}
        if not self.t2_blocks and self.template == "2019":
            blocks["art20_9"] = "2019"
        return Figures(self.template, self.year, dict(self.t2), blocks, dict(self.t3), list(self.t4))

    def expected_cells(self) -> dict:
        """Every printed number as cell id -> value (blanks give no cell), for the tables printed."""
        if not self.tables:
            return {}
        out = self.figures().expected(tables=self.tables)
        if self.merged_orgs:
            out = {k: v for k, v in out.items() if not (k.startswith("t3.") and k.rsplit(".", 1)[1] in APPLICANTS[1:])}
        return out


__all__ = ["Doc", "t3_from", "t4_from", "COLS", "APPLICANTS"]
