"""Spreadsheets (.xlsx with openpyxl, .xls with xlrd): each sheet's table as a grid.

Merged ranges become one ``GridCell`` with its row/column spans, the covered
positions empty, exactly as HTML and Word tables; each sheet is rendered into
the text as tab-separated rows (a blank line between sheets), so the text-based
table parser reads spreadsheets like every other format. Numbers that are
whole print without ``.0``; formulas give their cached values. Sheets are
trimmed to their used cells and capped at ``MAX_ROWS`` rows and ``MAX_COLS``
columns (with a warning), so a sheet formatted down to row 1,048,576 costs
nothing.
"""
from __future__ import annotations

import datetime as dt
import io

from ..errors import InputError
from ..report import Document
from .text_builder import TextBuilder

MAX_ROWS = 5000
MAX_COLS = 200
_HINT = "open and re-save it in Excel or WPS, or export the tables to PDF or HTML"


def read_xlsx(data: bytes) -> Document:
    """Read an .xlsx workbook: one grid per non-empty sheet."""
    from .docx import check_zip
    check_zip(data, required="xl/workbook.xml", label=".xlsx")
    try:
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except InputError:
        raise
    except Exception as e:  # openpyxl raises many kinds on broken packages
        raise InputError(f"the .xlsx file could not be opened ({type(e).__name__}: {e})", _HINT) from None
    sheets = []
    for ws in wb.worksheets:
        rows = min(ws.max_row or 0, MAX_ROWS)
        cols = min(ws.max_column or 0, MAX_COLS)
        values = [[_text(v) for v in row] for row in
                  ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)] if rows and cols else []
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheets.append((ws.title, values, merges, (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLS))
    return _document(sheets, "xlsx")


def read_xls(data: bytes) -> Document:
    """Read a legacy .xls workbook (BIFF, via xlrd): one grid per non-empty sheet."""
    try:
        import xlrd
    except ImportError:
        raise InputError("reading .xls files needs xlrd, which is not installed",
                         "pip install xlrd, or save the file as .xlsx") from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as e:  # xlrd raises XLRDError, struct.error, IndexError... on broken files
        raise InputError(f"the .xls file is corrupt or not an Excel workbook ({type(e).__name__}: {e})",
                         _HINT) from None
    sheets = []
    try:
        for i in range(book.nsheets):
            sh = book.sheet_by_index(i)
            rows, cols = min(sh.nrows, MAX_ROWS), min(sh.ncols, MAX_COLS)
            values = [[_xls_text(sh.cell(r, c), book.datemode) for c in range(cols)] for r in range(rows)]
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            sheets.append((sh.name, values, merges, sh.nrows > MAX_ROWS or sh.ncols > MAX_COLS))
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"the .xls file is corrupt ({type(e).__name__}: {e})", _HINT) from None
    finally:
        book.release_resources()
    return _document(sheets, "xls")


def _document(sheets, fmt: str) -> Document:
    """Render the sheets (name, values, merges, cut) into one Document."""
    out = TextBuilder()
    warnings = []
    for name, values, merges, cut in sheets:
        matrix = sheet_matrix(values, merges)
        if not matrix:
            continue
        if cut:
            warnings.append(f"sheet {name!r} was cut to {MAX_ROWS} rows and {MAX_COLS} columns")
        out.blank()
        out.table(matrix)
    if not out.text.strip():
        raise InputError(f"the .{fmt} workbook has no filled cells", "check that the right file was attached")
    return Document(text=out.text, format=fmt, grids=out.grids, warnings=warnings, encoding=None)


def sheet_matrix(values: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[list]:
    """The TextBuilder matrix of a sheet: trimmed to its used cells, merged ranges as spans.

    ``merges`` are (first row, first col, last row, last col), 0-based, inclusive.
    """
    used = [(r, c) for r, row in enumerate(values) for c, v in enumerate(row) if v]
    if not used:
        return []
    r0, r1 = min(r for r, _ in used), max(r for r, _ in used)
    c0, c1 = min(c for _, c in used), max(c for _, c in used)
    for mr0, mc0, mr1, mc1 in merges:      # a merge reaching past the values widens the table
        if r0 <= mr0 <= r1 and c0 <= mc0 <= c1:
            r1, c1 = max(r1, min(mr1, len(values) - 1)), max(c1, mc1)
    height, width = r1 - r0 + 1, c1 - c0 + 1
    matrix = [[{"text": (values[r][c] if c < len(values[r]) else "")} for c in range(c0, c1 + 1)]
              for r in range(r0, r1 + 1)]
    for mr0, mc0, mr1, mc1 in merges:
        top, left = mr0 - r0, mc0 - c0
        if not (0 <= top < height and 0 <= left < width):
            continue
        bottom, right = min(mr1 - r0, height - 1), min(mc1 - c0, width - 1)
        cell = matrix[top][left]
        if cell is None:
            continue
        cell["row_span"], cell["col_span"] = bottom - top + 1, right - left + 1
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    matrix[r][c] = None
    return matrix


def _text(value) -> str:
    """A cell value as the table shows it: whole numbers without ``.0``, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _xls_text(cell, datemode: int) -> str:
    import xlrd
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _text(xlrd.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return _text(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return _text(cell.value)
