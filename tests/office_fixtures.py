"""Office fixtures written by the project: a DOCX built from the bundled example
report (its paragraphs and its three tables with their merged cells), and the
LibreOffice conversions of it committed under tests/fixtures/.

``scripts/make_office_fixtures.py`` writes the committed files; the tests
rebuild the DOCX here and compare what the converted files give with it.
"""
from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures")
EXAMPLE_HTML = ROOT / "examples" / "sample_report.html"


def example_document():
    """The bundled HTML example as a reader Document (lines and grids)."""
    from gisnlp.readers import read_path
    return read_path(EXAMPLE_HTML)[1]


def grid_width(grid) -> int:
    return max(sum(c.col_span for c in row) for row in grid.rows)


def grid_positions(grid):
    """(row, col, cell) for each cell of a reader grid, placed as in the rendered table."""
    taken = set()
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    taken.add((r + dr, c + dc))
            yield r, c, cell
            c += cell.col_span


def example_docx() -> bytes:
    """A .docx with the example's paragraphs and tables (merged cells kept)."""
    import docx
    src = example_document()
    d = docx.Document()
    pos = 0
    for grid in src.grids:
        for line in src.text[pos:grid.start].splitlines():
            if line.strip():
                d.add_paragraph(line)
        table = d.add_table(rows=len(grid.rows), cols=grid_width(grid))
        for r, c, cell in grid_positions(grid):
            target = table.cell(r, c)
            if cell.row_span > 1 or cell.col_span > 1:
                target = target.merge(table.cell(r + cell.row_span - 1, c + cell.col_span - 1))
            target.text = cell.text
        pos = grid.end
    for line in src.text[pos:].splitlines():
        if line.strip():
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def example_xlsx() -> bytes:
    """A workbook with the example's three tables, one sheet each, merged cells kept."""
    import openpyxl
    src = example_document()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, grid in enumerate(src.grids, 1):
        ws = wb.create_sheet(f"表{k}")
        for r, c, cell in grid_positions(grid):
            value = cell.text
            if value.isdigit():
                value = int(value)
            ws.cell(row=r + 1, column=c + 1, value=value)
            if cell.row_span > 1 or cell.col_span > 1:
                ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + cell.row_span,
                               end_column=c + cell.col_span)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
