"""Cut a table region (text lines or native grid rows) into label and number tokens.

Works on the normalised text (simplified, half-width). Handles one cell per
line, tab- or pipe-separated rows, space-separated values, labels run together
with their digits (行政许可2293), ordinals glued to the previous row's digits
(00000002.其他…), notes inside value cells (18(含新制发 4 件…)), placeholders
(/ — -) for empty cells and page footers inside a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .label_match import config
from .pipes import RULE, cells_of, pipe_tables

LABEL, NUM, EMPTY, BREAK = "label", "num", "empty", "break"
BLANK_ROW = 5        # blank cells after a label that make a row of blank values (not a caption)

_PLACEHOLDER_MARKS = r"^[/／\\\-—–－_~～]+$"
_DASHES = r"/／\-—–－"
_INLINE_PLACEHOLDER = re.compile(rf"(?<!\S)(?:[{_DASHES}]|——)(?=\s|$)")
_PLACEHOLDER_RUN = re.compile(rf"(?:(?<!\S)(?:[{_DASHES}]|——)\s*){{2,}}$")   # a cell ending in blank slots
_DIGIT_OR_DASH = re.compile(rf"[\d{_DASHES}]")     # a cell without any is one label
_NUMBER = re.compile(r"(?:(?<![\d.])[-+\u2212]?|(?<=\d)[-\u2212])\d+(?:,\d{3})*(?:\.\d+)?(?:[ ]+[-+\u2212]?\d+(?:,\d{3})*(?:\.\d+)?)*")
_UNIT_ONLY = re.compile(r"^(?:\(?(?:万元|元|件|个|项|%|万)\)?)$")
_FULL_PAREN = re.compile(r"^\([^()]*\)$")
_ORDINAL_PAREN = re.compile(r"^\(\s*[一二三四五六七八九十\d]{1,2}\s*\)$")
_DATEISH_AFTER = re.compile(r"\s*(?:年|月|日|号|%|条|个百分点)")   # matched where a number ends
_SPACES = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_BRACKET = re.compile(r"[()]")


@dataclass
class Token:
    kind: str                     # label | num | empty | break
    text: str = ""
    start: int = 0                # offsets into norm.text
    end: int = 0
    row: bool = False             # came from a line holding a whole row of values
    own_cell: bool = False        # the only value of its cell in a row of several cells
    maybe: bool = False           # a blank slot of a pipe row whose end cell may be an outer pipe (pipes.py)


@dataclass
class SourceRow:
    """A printed line or grid row: cells as (text, norm start, norm end)."""

    cells: list
    grid: bool = False
    blank_cell: bool = False      # a line that only marks an empty cell (`` |``)
    unaligned: bool = False       # a pipe row whose blank end cells may be outer pipes (pipes.py)
    columns: Optional[list] = None  # each cell's column in a native grid (None: the cells' own order)


@lru_cache(maxsize=1)
def _placeholder():
    """A whole cell that marks a blank value: a run of dashes or slashes, or a word such as 无 (yaml)."""
    words = "|".join(re.escape(w) for w in config()["blank_cell_words"])
    return re.compile(rf"{_PLACEHOLDER_MARKS}|^(?:——|{words})$")


def footer_re():
    """Page furniture printed inside a table (page numbers, 第 3 页): such lines are skipped."""
    return re.compile(config()["regions"]["footer"])


def _split_cells(line: str, ls: int, sep: str) -> list[tuple[str, int, int]]:
    """Cells of a line split on ``sep``, with their offsets."""
    out, cs = [], ls
    for part in line.split(sep):
        out.append((part, cs, cs + len(part)))
        cs += len(part) + 1
    return out


def text_rows(text: str, start: int, end: int) -> Iterable[SourceRow]:
    """Lines of ``text[start:end]`` split into cells on tabs or pipes.

    Markdown rows are read with or without their outer pipes (``行政许可 | 5 | 0 |``,
    ``| 规章 | 0 | 0 | 0``), with the column count of the table's rule line
    telling a blank end cell from an outer pipe; a line holding one cell and a
    pipe (``5 |``, a table flattened one cell per line) is one cell, and a bare
    ``|`` is a blank cell.
    """
    footer = footer_re()
    pos = start
    lines = text[start:end].split("\n")
    tables = pipe_tables(lines) if "|" in text[start:end] else [None] * len(lines)
    for line, table in zip(lines, tables):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            yield SourceRow(cells=[])
            continue
        if footer.match(line) or RULE.match(line):
            continue
        if "|" in line:
            cells, certain = cells_of(_split_cells(line, ls, "|"), table)
            if len(cells) >= 2:
                yield SourceRow(cells=cells, grid=True, unaligned=not certain)
            elif cells:
                yield SourceRow(cells=cells)
            else:
                yield SourceRow(cells=[("", ls, ls)], blank_cell=True)
        elif "\t" in line:
            yield SourceRow(cells=_split_cells(line, ls, "\t"))
        else:
            yield SourceRow(cells=[(line, ls, le)])


def _scan_mixed(cell: str, base: int) -> list[Token]:
    """Split a cell holding labels and numbers into tokens."""
    out: list[Token] = []
    digit = _DIGIT.search(cell)            # numbers start at the first digit (or the sign before it)
    depth_at = _bracket_depths(cell) if digit and "(" in cell else None     # None: depth 0 throughout
    last = 0

    def label(a: int, b: int):
        seg = cell[a:b]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            s = seg.strip()
            out.append(Token(LABEL, s, base + a + lead, base + a + lead + len(s)))

    for m in _NUMBER.finditer(cell, max(0, digit.start() - 1)) if digit else ():
        a, b = m.start(), m.end()
        raw = m.group()
        after = cell[b:b + 2]
        before = cell[max(0, a - 1):a]
        if depth_at is not None and depth_at[a] > 0 and not (last == 0 and cell[:a].strip() == ""):
            continue  # a number inside a bracketed note belongs to the label
        if before == "第" or _DATEISH_AFTER.match(cell, b):
            continue
        if len(after) == 2 and after[0] in ".、" and not after[1].isdigit():
            digits = raw.replace(" ", "")
            if len(digits) <= 1 or raw.startswith(("-", "+")) and len(digits) <= 2:
                continue  # an ordinal such as 1.属于国家秘密
            # the last digit is the ordinal of the next label: 00000002.其他…
            b -= 1
            raw = raw[:-1].rstrip()
            if not raw:
                continue
        label(last, a)
        # a run of space-separated numbers is several values
        for sub in _NON_SPACE.finditer(raw):
            out.append(Token(NUM, sub.group(), base + a + sub.start(), base + a + sub.end()))
        last = b
    label(last, len(cell))
    return out


def _bracket_depths(cell: str) -> list[int]:
    """How many brackets are open before each character of ``cell`` (a stray ``)`` closes none);
    the runs between brackets are filled at once, so a long cell costs its brackets, not its length."""
    depth_at: list[int] = []
    depth = prev = 0
    for m in _BRACKET.finditer(cell):
        i = m.start()
        depth_at.extend([depth] * (i + 1 - prev))     # up to the bracket itself: the depth before it
        prev = i + 1
        depth = depth + 1 if cell[i] == "(" else max(0, depth - 1)
    depth_at.extend([depth] * (len(cell) - prev))
    return depth_at


def _scan_with_placeholders(cell: str, base: int) -> list[Token]:
    """Tokens of a cell whose values are separated by spaces, placeholders among them (8 — — 8)."""
    if not _INLINE_PLACEHOLDER.search(cell) or not (_DIGIT.search(cell) or _PLACEHOLDER_RUN.search(cell)):
        return _scan_mixed(cell, base)
    out, last = [], 0
    for m in _INLINE_PLACEHOLDER.finditer(cell):
        out += _scan_mixed(cell[last:m.start()], base + last)
        out.append(Token(EMPTY, m.group(), base + m.start(), base + m.end()))
        last = m.end()
    return out + _scan_mixed(cell[last:], base + last)


def tokenize_cell(text: str, start: int) -> list[Token]:
    """Tokens of one printed cell; a placeholder (/ —) is one EMPTY token, unit-only notes are dropped."""
    s = text.strip()
    if not s:
        return []
    lead = len(text) - len(text.lstrip())
    if s.isascii() and s.isdigit():           # a bare number, the commonest cell: one value
        return [Token(NUM, s, start + lead, start + lead + len(s))]
    if _placeholder().match(s):
        return [Token(EMPTY, s, start + lead, start + lead + len(s))]
    if not _DIGIT_OR_DASH.search(s):          # no number, no placeholder: the cell is one label
        return [] if _note_only(s) else [Token(LABEL, s, start + lead, start + lead + len(s))]
    return [t for t in _scan_with_placeholders(text, start) if t.kind != LABEL or not _note_only(t.text)]


def _note_only(label: str) -> bool:
    """A label that is only a unit (（万元）) or a note in brackets, not an ordinal ((一)): dropped."""
    c = _SPACES.sub("", label)
    return bool(_UNIT_ONLY.match(c) or (_FULL_PAREN.match(c) and not _ORDINAL_PAREN.match(c)))


def _row_tokens(row: SourceRow, value_cols: frozenset = frozenset()) -> list[Token]:
    """Tokens of one printed row.

    In a row of several cells that carries a value, a blank cell after the row's
    label is a value slot printed empty (EMPTY with no text); blank cells before
    the label are the positions of labels merged from the rows above. In a row
    without a label every blank cell is a slot (the caller trims the surplus).
    A pipe row whose blank end cells may be outer pipes gets a ``maybe`` blank
    slot at its end (and at its start when it has no label): the parser keeps
    the one its row's arithmetic confirms (row_parsers.py). In a native grid, a
    blank cell after the label in a column where other rows print values
    (``value_cols``) is a slot even when the row prints no value (a table set
    one value per row).
    """
    if row.blank_cell:
        s = row.cells[0][1]
        return [Token(EMPTY, "", s, s)]
    per_cell = [(tokenize_cell(text, s), s) for text, s, _ in row.cells]
    multi = row.grid or len(row.cells) > 1
    kinds = [t.kind for toks, _ in per_cell for t in toks]
    printed = kinds.count(NUM) + kinds.count(EMPTY)
    labelled = LABEL in kinds
    has_value = printed > 0
    if multi and not has_value:   # labels, then a row of blank cells (every value left blank)
        filled = [k for k, (toks, _) in enumerate(per_cell) if toks]
        has_value = bool(filled) and len(per_cell) - 1 - filled[-1] >= BLANK_ROW
        if not has_value and filled and value_cols and row.columns:
            has_value = any(row.columns[k] in value_cols for k in range(filled[-1] + 1, len(per_cell)))
    out: list[Token] = []
    started = not labelled and printed >= 2    # a row of values alone: every blank cell is a slot
    for toks, s in per_cell:
        if toks:
            if multi and sum(t.kind == NUM for t in toks) == 1:
                for t in toks:
                    t.own_cell = t.kind == NUM
            out.extend(toks)
            started = True
        elif started and multi and has_value:
            out.append(Token(EMPTY, "", s, s))
    if row.unaligned and has_value:   # either end part may have been a blank cell
        first, last = row.cells[0][1], row.cells[-1][2]
        pads = [Token(EMPTY, "", first, first, maybe=True)] if not labelled else []
        out = pads + out + [Token(EMPTY, "", last, last, maybe=True)]
    return out


def tokenize_rows(rows: Iterable[SourceRow]) -> list[Token]:
    """Tokens in reading order; BREAK ends a line or grid row that held a whole row of values."""
    out: list[Token] = []
    rows = list(rows)
    value_cols = _value_columns(rows)
    for row in rows:
        if not row.cells:
            continue  # blank lines separate cells as often as rows
        line_toks = _row_tokens(row, value_cols)
        nvals = sum(1 for t in line_toks if t.kind in (NUM, EMPTY))
        whole = nvals >= 2 or (row.grid and len(row.cells) > 1)
        if whole:
            out.append(Token(BREAK))  # a whole row of values starts a new group
        if nvals >= 2:
            for t in line_toks:
                t.row = True
        out.extend(line_toks)
        if whole:
            out.append(Token(BREAK))
    return out


_VALUE_CELL = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*$")


def _value_columns(rows: list) -> frozenset:
    """Columns of a native grid where some row prints a bare number (empty for text rows)."""
    return frozenset(col for row in rows if row.columns
                     for (text, _, _), col in zip(row.cells, row.columns) if _VALUE_CELL.match(text))


@dataclass
class Group:
    """A label (its printed fragments) and the run of values that follows it."""

    fragments: list
    values: list                  # Tokens of kind num/empty
    label_start: Optional[int] = None

    @property
    def label(self) -> str:
        return "".join(self.fragments)


def group_tokens(tokens: list[Token]) -> list[Group]:
    """Groups of a label and the values after it (the usual reading order); BREAK closes a group."""
    groups: list[Group] = []
    frags: list[Token] = []
    vals: list[Token] = []

    def close():
        nonlocal frags, vals
        if vals:
            groups.append(Group([f.text for f in frags], vals,
                                frags[0].start if frags else None))
            frags, vals = [], []

    for t in tokens:
        if t.kind == LABEL:
            close()
            frags.append(t)
        elif t.kind in (NUM, EMPTY):
            vals.append(t)
        elif t.kind == BREAK:
            close()
    close()
    return groups


def group_tokens_after(tokens: list[Token]) -> list[Group]:
    """Groups for layouts that print a row's values before its label (PDF text of centred labels)."""
    groups: list[Group] = []
    vals: list[Token] = []
    frags: list[Token] = []

    def close():
        nonlocal frags, vals
        if vals:
            groups.append(Group([f.text for f in frags], vals, frags[0].start if frags else None))
        frags, vals = [], []

    for t in tokens:
        if t.kind in (NUM, EMPTY):
            if frags:
                close()
            vals.append(t)
        elif t.kind == LABEL:
            if vals:
                frags.append(t)
        elif t.kind == BREAK and frags:
            close()
    close()
    return groups
