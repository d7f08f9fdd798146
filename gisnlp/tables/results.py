"""What the table parsers hand on: one table's cells and ambiguous rows, and the whole extraction.

    Pending          a flattened row with more than one consistent split (never guessed)
    TableResult      one table's cells (norm offsets until the step maps them), pending rows, span, warnings
    TableExtraction  the tables found in a report and the template version they were read with
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Pending:
    """A row printed as one run of digits that splits consistently in more than one way."""

    row: str
    columns: list
    candidates: list
    raw: str
    start: int
    end: int
    confidence: float = 1.0
    positions: list = field(default_factory=list)   # norm span of each digit char


@dataclass
class TableResult:
    """Cells (norm offsets until mapped), ambiguous rows and the norm span used."""

    cells: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    start: Optional[int] = None
    end: Optional[int] = None
    warnings: list = field(default_factory=list)
    blanks: set = field(default_factory=set)        # template cells printed blank (or / —): no cell

    def extend_span(self, s: int, e: int):
        """Grow the table's span to cover ``[s, e)``, so the span ends up holding every cell read."""
        self.start = s if self.start is None else min(self.start, s)
        self.end = e if self.end is None else max(self.end, e)


@dataclass
class TableExtraction:
    """The tables read from one report (``"t2"|"t3"|"t4"`` → TableResult) and their template version."""

    tables: dict = field(default_factory=dict)
    template: Optional[str] = None

    def get(self, tid: str) -> Optional[TableResult]:
        """The result for table ``tid``, or None when that table was not found."""
        return self.tables.get(tid)
