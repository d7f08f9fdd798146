"""Render the printed tables as the text real exports and crawlers produce.

Each renderer takes a ``PrintedTable`` (and a random generator for the
choices a layout leaves open) and returns the lines of the table. Which
text a layout gives for a merged cell follows what the tools do: a reader's
tab rendering leaves merged positions empty, a copy-paste keeps only the
real cells, a crawler runs every cell together.
"""
from __future__ import annotations

import random

from .printed import PrintedTable, expand

FOOTERS = ["- {n} -", "第 {n} 页", "第{n}页 共{m}页", "{n}/{m}", "— {n} —"]


def real_cells(table: PrintedTable) -> list:
    """Per printed row the texts of its own cells (merged positions dropped)."""
    return [[c.text for c in row] for row in table.rows]


def matrix_texts(table: PrintedTable) -> list:
    """Per printed row the texts of every column position ('' where a merge covers)."""
    return [["" if c is None else c.text for c in row] for row in expand(table)]


def tab_matrix(table: PrintedTable, rng: random.Random) -> list:
    """One line per row, tab-separated, merged positions left empty (what the package's readers write)."""
    return ["\t".join(r) if any(r) else "" for r in matrix_texts(table)]


def tab_rows(table: PrintedTable, rng: random.Random) -> list:
    """One line per row, tab-separated real cells (a leading tab where a spanning label sits above)."""
    out = []
    for row, cells in zip(expand(table), real_cells(table)):
        lead = "\t" if row and row[0] is None else ""
        out.append(lead + "\t".join(cells))
    return out


def markdown(table: PrintedTable, rng: random.Random, outer: bool = True) -> list:
    """Markdown pipe rows from the matrix; without outer pipes some rows keep one of them."""
    rows = matrix_texts(table)
    out = []
    for k, r in enumerate(rows):
        body = " | ".join(x.strip() for x in r)
        if outer:
            out.append(f"| {body} |")
        else:
            out.append(rng.choice([body, body, f"| {body}", f"{body} |"]))
        if k == 0:
            rule = "|".join(["---"] * len(r))
            out.append(f"|{rule}|" if outer else rule)
    return out


def markdown_no_outer(table: PrintedTable, rng: random.Random) -> list:
    """Markdown rows with the outer pipes dropped (行政许可 | 5 | 0)."""
    return markdown(table, rng, outer=False)


def cell_per_line(table: PrintedTable, rng: random.Random) -> list:
    """Every real cell on its own line, rows separated by a blank line."""
    out = []
    for cells in real_cells(table):
        out += [c for c in cells if c.strip()] + [""]
    return out


def value_per_line_pipes(table: PrintedTable, rng: random.Random) -> list:
    """Every real cell on its own line ending in ' |' (a markdown table flattened one cell per line)."""
    out = []
    for cells in real_cells(table):
        out += [f"{c} |" for c in cells]
    return out


def space_rows(table: PrintedTable, rng: random.Random) -> list:
    """One line per row, real cells separated by spaces (PDF text extraction)."""
    return [" ".join(c for c in cells if c) for cells in real_cells(table)]


def run_together(table: PrintedTable, rng: random.Random) -> list:
    """Every real cell run together on one line (crawler text; the digits of a row merge)."""
    return ["".join(c for cells in real_cells(table) for c in cells)]


def split_labels(table: PrintedTable, rng: random.Random) -> list:
    """One cell per line, long labels broken over two lines (其他法律行政法规禁 / 止公开)."""
    out = []
    for row, cells in zip(table.rows, real_cells(table)):
        for cell, text in zip(row, cells):
            if not text.strip():
                continue
            if cell.kind == "label" and len(text) >= 8:
                cut = rng.randint(5, len(text) - 2)   # a cell holds five characters a line at least
                out += [text[:cut], text[cut:]]
            else:
                out.append(text)
        out.append("")
    return out


def split_labels_tab(table: PrintedTable, rng: random.Random) -> list:
    """Tab rows where a long label wraps: its tail on a line of its own below the row."""
    out = []
    for row, line in zip(table.rows, tab_rows(table, rng)):
        long_ = [c.text for c in row if c.kind == "label" and len(c.text) >= 8]
        if long_ and rng.random() < 0.5:
            text = long_[-1]
            cut = rng.randint(5, len(text) - 2)
            out.append(line.replace(text, text[:cut], 1))
            out.append("\t" + text[cut:] + "\t" * 3)
        else:
            out.append(line)
    return out


def values_before_labels(table: PrintedTable, rng: random.Random) -> list:
    """PDF text of vertically centred labels: a row's values on one line, its label on the next."""
    out = []
    for row in table.rows:
        labels = [c.text for c in row if c.kind != "value"]
        values = [c.text for c in row if c.kind == "value"]
        if values:
            out.append(" ".join(v for v in values if v))
            out += labels
        else:
            out.append(" ".join(labels))
    return out


def with_footers(lines: list, rng: random.Random, every: int = 9) -> list:
    """Page furniture (page numbers, 第 n 页) inserted between rows, as PDF text keeps it."""
    out, page = [], rng.randint(2, 9)
    for k, line in enumerate(lines):
        out.append(line)
        if k % every == every - 1 and k + 1 < len(lines):
            out.append(rng.choice(FOOTERS).format(n=page, m=page + 5))
            page += 1
    return out


def _chunks(text: str, width: int) -> list:
    """``text`` cut into lines of ``width`` characters (a narrow label cell wrapping)."""
    return [text[k:k + width] for k in range(0, len(text), width)] or [""]


def _label_lines(started: dict, label_cols: int, width: int, flowing: dict) -> list:
    """Per printed line of one row, the label piece of each label column ('' where none).

    ``started`` maps a label column to the cell that starts there in this row;
    ``flowing`` maps a column to the lines still to print of a cell spanning
    rows (三、本年度办理结果 over the result rows) and the rows it still spans:
    they go on in this row's lines, and the cell's last row prints what is left.
    """
    pieces = {col: chunks for col, (chunks, _) in flowing.items()}
    for col, cell in started.items():
        pieces[col] = _chunks(cell.text, max(width, -(-len(cell.text) // 13)))
        if cell.rs > 1:
            flowing[col] = (pieces[col], cell.rs)
    own = [len(c) for k, c in pieces.items() if k not in flowing or flowing[k][1] == 1]
    height = max(own or [1])
    lines = [["" for _ in range(label_cols)] for _ in range(height)]
    for col, chunks in pieces.items():
        for i, piece in enumerate(chunks[:height]):
            lines[i][col] = piece
        if col in flowing:
            left, rows = chunks[height:], flowing[col][1] - 1
            if left and rows > 0:
                flowing[col] = (left, rows)
            else:
                del flowing[col]
    return lines


def wrapped_below(table: PrintedTable, rng: random.Random) -> list:
    """PDF text of narrow label columns: each label's first line beside its row's numbers, the rest of
    it on lines below holding label pieces only, two label columns side by side (（一 / ）予以公开).

    Columns are spaced by runs of spaces at fixed positions (pdftotext -layout)
    or by single spaces (a copy from a PDF viewer); rows without numbers
    (headers, captions) print on one line. Spaced text may break a page inside
    the table, moving the columns after the break.
    """
    spaced = rng.random() < 0.6
    width, gap = rng.randint(2, 4), rng.randint(2, 4)
    label_cols = max((sum(c.cs for c in row if c.kind != "value") for row in table.rows
                      if any(c.kind == "value" for c in row) and len(row) > 1), default=0)
    label_cols = min(label_cols, 3)
    flowing: dict = {}
    out = []
    for row, grid in zip(table.rows, expand(table)):
        values = [c.text for c in row if c.kind == "value"]
        if not values or not label_cols:
            out.append(" ".join(c.text for c in row if c.text))
            continue
        started = {col: c for col, c in enumerate(grid[:label_cols]) if c is not None and c.kind != "value"}
        for k, pieces in enumerate(_label_lines(started, label_cols, width, flowing)):
            if spaced:
                line = "".join(p.ljust(width + gap) for p in pieces)
                line += (" " * gap).join(values) if k == 0 else ""
            else:
                line = " ".join([p for p in pieces if p] + (values if k == 0 else []))
            out.append(line.rstrip())
    if spaced and len(out) > 12 and rng.random() < 0.5:
        out = _page_break(out, rng)
    return out


def _page_break(lines: list, rng: random.Random) -> list:
    """The lines with a page break inside the table: a blank line (and maybe a page number), then the
    rest set further right, or further left by the indent they all share (pdftotext -layout places
    each page's text on its own)."""
    cut = rng.randint(len(lines) // 3, 2 * len(lines) // 3)
    rest = lines[cut:]
    indent = min(len(x) - len(x.lstrip(" ")) for x in rest if x.strip())
    if indent and rng.random() < 0.5:
        rest = [x[indent:] for x in rest]
    else:
        shift = " " * rng.randint(1, 4)
        rest = [shift + x if x else x for x in rest]
    furniture = [rng.choice(FOOTERS).format(n=3, m=8)] if rng.random() < 0.5 else []
    return lines[:cut] + [""] + furniture + [""] + rest


def _cut(text: str, rng: random.Random) -> list:
    """``text`` cut into pieces two to four characters wide, one a line (a narrow cell wrapping); an
    ASCII character (1. of 1.属于国家秘密) is half as wide as a Chinese one."""
    out, piece, room = [], "", rng.randint(2, 4)
    for ch in text:
        w = 0.5 if ch.isascii() else 1.0
        if piece and w > room:
            out.append(piece)
            piece, room = "", rng.randint(2, 4)
        piece += ch
        room -= w
    return out + ([piece] if piece else [])


def _cells_block(texts: list, rng: random.Random) -> list:
    """Each text cut into pieces one a line, a blank line after each cell (as pdftotext prints a block)."""
    out = []
    for t in texts:
        if t.strip():
            out += _cut(t, rng) + [""]
    return out


def _values_block(values: list) -> list:
    """Each value on a line of its own followed by a blank line."""
    return [x for v in values for x in (v, "")]


def reading_order_pieces(table: PrintedTable, rng: random.Random) -> list:
    """PDF text extracted in reading order (pdftotext without -layout): every label and header cell
    cut into pieces of 2–4 characters one a line, every value on a line of its own, blank lines
    between cells.

    Consecutive data rows may print as one block (the labels of two or three
    rows, then all their values), and table 三's first row may have its values
    cut by the column header: its first value after 自然人, then the other
    header names, the rest of its values, and the end of its label.
    """
    head, rows = [], []
    for row in table.rows:
        values = [c.text for c in row if c.kind == "value"]
        labels = [c.text for c in row if c.kind != "value"]
        (rows if values else head if not rows else rows).append((labels, values))
    spill = table.tid == "t3" and len(head) >= 2 and rows and rng.random() < 0.5
    out = []
    if spill:
        top, later = [t for labels, _ in head[:1] for t in labels], [t for labels, _ in head[1:] for t in labels]
        labels, values = rows.pop(0)
        first = later.index("自然人") + 1 if "自然人" in later else 0
        pieces = _cells_block(labels, rng)
        cut = rng.randint(min(4, len(pieces)), len(pieces))
        out += _cells_block(top + later[:first], rng) + pieces[:cut] + _values_block(values[:1])
        out += _cells_block(later[first:], rng) + _values_block(values[1:]) + pieces[cut:]
    else:
        out += _cells_block([t for labels, _ in head for t in labels], rng)
    k = 0
    while k < len(rows):
        block = rows[k:k + (rng.choice([1, 1, 2, 3]) if table.tid == "t3" else 1)]
        k += len(block)
        out += [x for labels, values in block for x in (_cells_block(labels, rng) if values else [])]
        out += [x for labels, values in block for x in (_values_block(values) if values else _cells_block(labels, rng))]
    return out


def _data_rows(table: PrintedTable) -> tuple:
    """(header label texts, [(label texts, value texts)] of each row holding values) of a table."""
    head, rows = [], []
    for row in table.rows:
        values = [c.text for c in row if c.kind == "value"]
        labels = [c.text for c in row if c.kind != "value"]
        if values:
            rows.append((labels, values))
        elif rows:
            rows[-1][0].extend(labels)
        else:
            head += labels
    return head, rows


def _by_column(rows: list, total_before_last: bool = False) -> list:
    """The values of consecutive rows read one column at a time (all rows' first values, then the
    second ones …), as a PDF extraction reads a block of rows whose columns are separate text boxes;
    ``total_before_last``: the last column (总计) read before the one left of it (pdfminer's box order)."""
    cols = list(range(len(rows[0])))
    if total_before_last:
        cols[-2:] = cols[-1], cols[-2]
    return [row[c] for c in cols for row in rows]


def reading_order_blocks(table: PrintedTable, rng: random.Random) -> list:
    """PDF text in reading order as real extractions give it (pdftotext, pdfminer): table 三's rows in
    blocks of one to a dozen rows, each block's labels printed before its values; a block of several
    rows gives its values row by row or one column at a time; the first row's label may be printed far
    below its numbers, with a later block's labels. Tables 二 and 四 as ``reading_order_pieces``."""
    if table.tid != "t3":
        return reading_order_pieces(table, rng)
    head, rows = _data_rows(table)
    blocks, k = [], 0
    while k < len(rows):
        size = rng.choice([1, 1, 1, 2, 3, 4, 6, 10])
        blocks.append(rows[k:k + size])
        k += size
    moved = []
    if len(blocks) > 2 and rng.random() < 0.5:      # the first row's label printed with a later block's
        moved = blocks[0][0][0]
        blocks[0][0] = ([], blocks[0][0][1])
        later = rng.randint(1, len(blocks) - 1)
    out = _cells_block(head, rng)
    for b, block in enumerate(blocks):
        labels = [t for labels, _ in block for t in labels]
        if moved and b == later:
            labels = moved + labels
        out += _cells_block(labels, rng)
        columns = len(block) > 1 and rng.random() < 0.6
        swapped = columns and rng.random() < 0.2
        values = _by_column([v for _, v in block], swapped) if columns else [x for _, v in block for x in v]
        out += _values_block(values)
    return out
