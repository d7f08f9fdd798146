"""Table 三 from a PDF's text in reading order, read by template order and confirmed by its identities.

Text copied out of a PDF in reading order (pdftotext without -layout,
pdfminer, a viewer's copy) prints every value on a line of its own, but its
labels may stand anywhere: a page's labels in one block before or after its
values, the first row's label far below its numbers, a row label in the
middle of the rows it spans. Its values, though, come in template order, in
runs cut by labels: each run holds whole rows, printed row by row or column
by column (a block of rows read one column at a time).

``read_in_template_order`` gives each run the next template rows in turn
and reads it row by row or column by column, whichever alone makes every
row's applicant columns sum to its total. The reading is kept only when

* the values fill the template's rows exactly (one of its row lists: 2019's
  （六）其他处理 as one row, 2021's three rows below it, with or without their
  subtotal),
* the last label printed before each run, when it names a row, names one of
  the rows that run was given (a label far from its values, or a reading
  shifted by one row, fails here), and
* every identity of table 三 holds: row sums, result sums per column and
  新收 + 结转 = 总计 + 结转下年度 per column.

Otherwise it gives None and the usual readings stand.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product
from math import prod
from typing import Optional

from ..report import Cell
from .blocks import as_numbers, run_readings
from .flattened import to_number
from .identities import audit
from .label_match import compact, match_label
from .reading_order import header_only
from .results import TableResult
from .tokens import EMPTY, LABEL, NUM

CONFIDENCE = 0.9        # cells placed by order and identities, not by their own labels
MAX_COMBINATIONS = 256  # readings of the whole table checked against the identities


def _runs(tokens, width: int) -> Optional[list]:
    """(label fragments printed before it, value tokens) of each run of values; None when a value
    is not printed on a line of its own (rows of values on a line: not reading-order text).
    Column header names amid a row's values do not cut the run (the first row spilt by the header)."""
    runs, labels, values = [], [], []
    for t in tokens:
        if t.kind == LABEL:
            if len(values) % width and header_only(t.text):
                continue
            if values:
                runs.append((labels, values))
                labels, values = [], []
            labels.append(t.text)
        elif t.kind == NUM or t.kind == EMPTY and t.text:
            if t.row:
                return None
            values.append(t)
        elif t.kind == EMPTY:
            return None      # a blank cell of a row: a grid or a tab row, not reading order
    if values:
        runs.append((labels, values))
    return runs


def _row_lists(specs) -> list:
    """The row lists the template may print: （六）其他处理 alone, its three rows, or both."""
    return _lists(tuple((s.id, s.optional) for s in specs))


@lru_cache(maxsize=8)
def _lists(rows: tuple) -> list:
    """``_row_lists`` of the template rows given as (id, optional) pairs (worked out once per template)."""
    other = [rid for rid, optional in rows if optional]
    subs = [rid for rid, _ in rows if rid.startswith(tuple(o + "." for o in other))]
    base = [rid for rid, _ in rows if rid not in other and rid not in subs]
    if not other:
        return [base]
    at = next(k for k, s in enumerate(base) if s == "result.total")
    lists = [base[:at] + other + base[at:]]
    if subs:
        lists += [base[:at] + subs + base[at:], base[:at] + other + subs + base[at:]]
    return lists


def _placements(runs: list, row_ids: list, cols: list, width: int, specs, template, applicants) -> list:
    """Every way to place the values, as lists of (row id, column, token): each run takes the next rows
    in template order, read in one of its ways ([] when a run has none, or when the last label
    before a run names a row it was not given)."""
    options, at = [], 0
    for labels, values in runs:
        readings = run_readings(values, cols, applicants)
        if not readings:
            return []
        given = row_ids[at:at + len(values) // width]
        last = next((t for t in reversed(labels) if not header_only(t)), None)
        named = match_label([compact(last)], specs, template) if last else []
        if named and named[0][0] not in given:
            return []
        options.append([[(rid, c, t) for rid, row in zip(given, rows) for c, t in zip(cols, row)]
                        for rows in readings])
        at += len(given)
    if prod(len(o) for o in options) > MAX_COMBINATIONS:
        return []
    return [[cell for run in combo for cell in run] for combo in product(*options)]


def fewest_rows(specs) -> int:
    """The fewest rows the template prints with ``specs`` (2021's （六）其他处理 as one row)."""
    return min(map(len, _row_lists(specs)))


def read_in_template_order(tokens, specs, template: Optional[str], cols: list, applicants: list,
                           labelled: Optional[TableResult] = None) -> Optional[TableResult]:
    """Table 三's cells read from reading-order text by template order (see the module docstring),
    or None when the text does not read so with every identity holding.

    ``specs`` are the template's rows allowed for ``template``; ``cols`` the
    printed column order (its ``total`` column closes each row's sum over
    ``applicants``). When several readings make every identity hold, those
    agreeing with most cells of ``labelled`` (the usual reading, by labels)
    are kept, and cells they still place apart are left out.
    """
    if "total" not in cols:
        return None
    width = len(cols)
    runs = _runs(tokens, width)
    if not runs or any(len(v) % width for _, v in runs):
        return None
    count = sum(len(v) for _, v in runs) // width
    for row_ids in _row_lists(specs):
        if len(row_ids) != count:
            continue
        held = []
        for placed in _placements(runs, row_ids, cols, width, specs, template, set(applicants)):
            values = {f"t3.{rid}.{col}": to_number(t.text) for rid, col, t in placed if t.kind == NUM}
            blanks = {f"t3.{rid}.{col}" for rid, col, t in placed if t.kind == EMPTY}
            checks = audit(values, template, blanks=blanks, details=False)
            if all(ch.status == "pass" for ch in checks if ch.rule.startswith("t3.")):
                held.append(placed)
        if held:
            held = _closest(held, labelled)
            return _agreed(held[:1] if _same_numbers(held) else held)
    return None


def _closest(held: list, labelled: Optional[TableResult]) -> list:
    """The readings in ``held`` agreeing with most cells of ``labelled`` (value or blank alike)."""
    if labelled is None or len(held) == 1:
        return held
    known = {c.id: c.raw for c in labelled.cells} | {cid: None for cid in labelled.blanks}

    def agree(placed):
        return sum(1 for rid, col, t in placed
                   if known.get(f"t3.{rid}.{col}", "?") == (t.text if t.kind == NUM else None))

    scores = [agree(p) for p in held]
    return [p for p, score in zip(held, scores) if score == max(scores)]


def _same_numbers(held: list) -> bool:
    """Whether the readings differ only in where a blank and where a 0 is printed: the first (each
    run row by row where that sums) is then taken, as no identity can tell them apart."""
    first = as_numbers(t for _, _, t in held[0])
    return all(as_numbers(t for _, _, t in p) == first for p in held[1:])


def _agreed(held: list) -> TableResult:
    """A TableResult of the cells every reading that holds places alike: the same value printed
    the same way, or a placeholder (a blank cell); a warning counts the cells they place apart."""
    result, apart = TableResult(), 0
    for cells in zip(*held):
        rid, col, t = cells[0]
        if any(c[2].text != t.text or c[2].kind != t.kind for c in cells[1:]):
            apart += 1
            continue
        cid = f"t3.{rid}.{col}"
        if t.kind == EMPTY:
            result.blanks.add(cid)
            continue
        result.cells.append(Cell(cid, to_number(t.text), t.text, t.start, t.end, CONFIDENCE))
        result.extend_span(t.start, t.end)
    if apart:
        result.warnings.append(f"t3: {apart} cell(s) read in template order take other values in another "
                               "reading that makes every identity hold; left out")
    return result
