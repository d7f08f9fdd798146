"""Tables step: the three statistical tables of the national template → canonical cells + identity checks.

    report.cells         Cell(id, value, raw, start, end, confidence) per printed number
    report.table_spans   (start, end, "t2"|"t3"|"t4") in original offsets
    report.pending_rows  flattened rows with more than one consistent split
    report.checks        t3.balance.*, t3.row_sum.*, t3.result_sum.*, t4.sum.* (pass/fail/unknown)

Modules, in the order the step uses them:

    regions.py      where each table lies in the normalised text
    grid.py         which native grids (Word, HTML, PDF) hold which table
    tokens.py       a region's lines or grid rows → label / value tokens and groups
    reading_order.py  PDF text in reading order: label pieces joined, stacked rows cut apart
    blocks.py       a run of values one a line read as rows: row by row, or a block by column
    template_order.py  PDF text in reading order: table 三 by template order, confirmed by the identities
    label_side.py   labels after or before their values: the side the identities confirm
    t4_reading.py   table 四's values in reading order: runs put in the order the group sums allow
    label_match.py  template row labels and variants (data/table_labels.yaml), fuzzy matching
    columns.py      table 三's printed column order
    align.py        groups → template rows in template order
    flattened.py    digits printed as one run → candidate splits
    row_parsers.py  groups → cells of tables 二, 三, 四
    solver.py       ambiguous rows settled jointly through the identities
    identities.py   the template's identities as checks
    extract.py      the orchestrator: regions and grids → TableExtraction
    step.py         the pipeline step
"""
from .extract import extract_tables
from .identities import audit
from .results import Pending, TableExtraction, TableResult
from .step import make_tables

__all__ = ["make_tables", "extract_tables", "audit", "TableExtraction", "TableResult", "Pending"]
