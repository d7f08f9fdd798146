"""Row labels wrapped below their row's numbers (text copied or extracted from a PDF table).

In a table with narrow label columns, as Word/WPS print table 三 in PDF, a
label wraps over many lines: its first line stands beside the row's numbers
and the rest of it on lines below that hold nothing but label pieces::

    一、        86  9  0  1  3  2  101
    本年
    新收
    …
    二、        4   1  0  0  0  0  5

Read in the usual order (a label, then its values) every tail would name the
next row's numbers. ``join_wrapped_below`` puts each tail back into the row
whose numbers it hangs under — piece by piece into the label column it stands
in, when the columns are spaced by runs of spaces (pdftotext -layout), or by
count when a single space separates them — but only when that reading names
more template rows, in template order, than the usual one. A table where the
two readings name as many rows is left as printed when they name the same
ones; where they do not, the disputed rows are left out with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .label_match import config, match_label
from .tokens import LABEL, SourceRow, tokenize_cell

_SPACED = re.compile(r"\S+(?: \S+)*")     # pieces between runs of two or more spaces
_SINGLE = re.compile(r"\S+")              # pieces between single spaces
_DIGIT = re.compile(r"\d")
_HEAD_VALUES = re.compile(r"^\s*(\S.*?)(?:\s+(?:[-+]?\d[\d,.]*%?|[/／—–-]+))+\s*$")   # a label, then values
_VALUE_RUN = re.compile(r"(?:[ \t]+(?:[-+]?\d[\d,.]*%?|[/／—–-]+)){2,}[ \t]*$", re.M)   # a line's row of values


def values_blanked(text: str) -> str:
    """``text`` with the row of values ending each line replaced by spaces (offsets kept), so that a
    label wrapped below its numbers reads as one run of label lines (本年 / 新收 / 政府…)."""
    return _VALUE_RUN.sub(lambda m: " " * len(m.group()), text)


def _may_wrap(lines: list) -> bool:
    """A quick look for the pattern: twice at least, a line of values after a label, then a line
    without a digit no wider than the label's widest piece (plus the slack)."""
    slack = int(_settings().get("width_slack", 1))
    seen = 0
    for line, below in zip(lines, lines[1:]):
        m = _HEAD_VALUES.match(line)
        if m is None or _DIGIT.search(below):
            continue
        if max(map(len, below.split())) <= max(map(len, m.group(1).split())) + slack:
            seen += 1
            if seen == 2:
                return True
    return False


def _open_brackets_cut(text: str) -> str:
    """``text`` with each bracket left open (the head of a wrapped label, （一 / ）予以公开) made a
    square one — the numbers after it are values, not a note inside the label — and the digits right
    after it masked: they are the row's ordinal ((1 / )属于国家秘密), never a value."""
    chars, opened = list(text), []
    for k, ch in enumerate(chars):
        if ch == "(":
            opened.append(k)
        elif ch == ")" and opened:
            opened.pop()
    for k in opened:
        chars[k] = "["
        for i in range(k + 1, len(chars)):
            if not chars[i].isdigit():
                break
            chars[i] = "#"
    return "".join(chars)


def _settings() -> dict:
    """The thresholds of data/table_labels.yaml ``wrapped_below``."""
    return config().get("wrapped_below", {})


@dataclass
class _Anchor:
    """A line holding a row's numbers with the first line of its label cells before them."""

    row: int                              # index of the line in the table's rows
    heads: list                           # (column, text) of each label cell's first line
    label_span: tuple                     # norm offsets of the heads
    values: tuple                         # (text, start, end) of the values part of the line
    value_col: int                        # column where the values begin
    tails: list = field(default_factory=list)   # per head, the pieces wrapped below it
    rows: list = field(default_factory=list)    # indexes of the lines joined into this one

    def label(self) -> str:
        """The whole label: each label cell's first line and its wrapped pieces, cell after cell."""
        return "".join(text + "".join(tail) for (_, text), tail in zip(self.heads, self.tails))


def _pieces(text: str, spaced: bool) -> list[tuple[int, str]]:
    """(column, text) of the pieces of a line."""
    return [(m.start(), m.group()) for m in (_SPACED if spaced else _SINGLE).finditer(text)]


def _read(row: SourceRow, k: int, spaced: bool):
    """What a line is: an ``_Anchor`` for values (one at least: table 二) after a label head, the
    pieces of a label-only line, None for values without a label, "stop" for any other line."""
    text, start, _ = row.cells[0]
    toks = tokenize_cell(_open_brackets_cut(text), 0)
    values = [t for t in toks if t.kind != LABEL]
    if not values:
        return _pieces(text, spaced) if text.strip() else "stop"   # 项, 件: a piece, not a unit note
    first = values[0].start
    if any(t.kind == LABEL and t.start > first for t in toks):
        return "stop"
    heads = _pieces(text[:first], spaced)
    if not heads:
        return None
    end = heads[-1][0] + len(heads[-1][1])
    return _Anchor(k, heads, (start + heads[0][0], start + end), (text[first:], start + first, start + len(text)),
                   first, [[] for _ in heads])


def _fits(anchor: _Anchor, pieces: list, spaced: bool) -> bool:
    """Whether a label-only line can be the wrapped rest of ``anchor``'s label cells: no piece wider
    than the widest first line (plus a slack), and, with spaced columns, every piece left of the values."""
    widest = max(len(t) for _, t in anchor.heads) + int(_settings().get("width_slack", 1))
    if any(len(t) > widest for _, t in pieces):
        return False
    if spaced:
        return all(col < anchor.value_col for col, _ in pieces)
    return len(pieces) <= len(anchor.heads)


def _attach(anchor: _Anchor, pieces: list, spaced: bool) -> None:
    """Append each piece to the label cell it stands under: the head nearest its column (spaced
    columns), else the last cells in order (the cells on the left ended first)."""
    if spaced:
        for col, text in pieces:
            k = min(range(len(anchor.heads)), key=lambda i: (abs(anchor.heads[i][0] - col), -i))
            anchor.tails[k].append(text)
        return
    for k, (_, text) in zip(range(len(anchor.heads) - len(pieces), len(anchor.heads)), pieces):
        anchor.tails[k].append(text)


def _scan(rows: list, spaced: bool) -> list:
    """Per line of values: its index, its ``_Anchor`` (None when no label stands beside the values)
    with the label lines below it, and the label text printed before it since the line of values
    above (the usual reading's label)."""
    out = []
    anchor: Optional[_Anchor] = None
    before: list[str] = []
    for k, row in enumerate(rows):
        if not row.cells:
            continue
        got = _read(row, k, spaced)
        if isinstance(got, list):
            before += [t for _, t in got]
            if anchor is not None and _fits(anchor, got, spaced):
                _attach(anchor, got, spaced)
                anchor.rows.append(k)
            else:
                anchor = None
            continue
        if got == "stop":
            anchor = None
            continue
        out.append((k, got, "".join(before) + ("".join(t for _, t in got.heads) if got else "")))
        before = []
        anchor = got
    return out


def _names(labels: list, specs, template) -> list:
    """The row each label names (None where none)."""
    return [(match_label([label], specs, template) or [(None,)])[0][0] if label else None for label in labels]


def _in_order(names: list, specs) -> int:
    """How many of ``names`` name a template row after the row named before (printed order)."""
    order = {s.id: k for k, s in enumerate(specs)}
    last, count = -1, 0
    for name in names:
        if name is not None and order.get(name, -1) > last:
            last = order[name]
            count += 1
    return count


def join_wrapped_below(rows: list, specs, template: Optional[str], warnings: Optional[list] = None) -> list:
    """``rows`` with each label wrapped below its row's numbers joined into that row, when the
    table reads so (see the module docstring); otherwise ``rows`` unchanged.

    Works on text lines only (a native grid holds its cells). A joined row has
    two cells: the whole label (spanning its first line) and the values as
    printed. When both readings name as many rows but not the same ones, the
    lines of values they dispute are left out and a message is added to
    ``warnings``: which reading is right cannot be told.
    """
    if not rows or any(r.grid or r.blank_cell or len(r.cells) > 1 for r in rows):
        return rows
    lines = [r.cells[0][0] for r in rows if r.cells and r.cells[0][0].strip()]
    if not _may_wrap(lines):
        return rows
    spaced = any(re.search(r"\d {2,}[-\d/—–]", text) for text in lines)
    found = _scan(rows, spaced)
    if not any(a is not None and a.rows for _, a, _ in found):
        return rows
    below = _names([a.label() if a is not None else "" for _, a, _ in found], specs, template)
    usual = _names([label for _, _, label in found], specs, template)
    better, worse = _in_order(below, specs), _in_order(usual, specs)
    if better < worse or better == worse and below == usual:
        return rows
    if better == worse:
        disputed = {k for (k, a, _), b, u in zip(found, below, usual) if b != u}
        if warnings is not None:
            warnings.append(f"{len(disputed)} row(s) of values may take the label printed above or below "
                            "them (labels wrapped in narrow columns) and were left out")
        return [SourceRow(cells=[]) if k in disputed else r for k, r in enumerate(rows)]
    out = list(rows)
    for _, a, _ in found:
        if a is None or not a.rows:
            continue
        out[a.row] = SourceRow(cells=[(a.label(), *a.label_span), a.values])
        for k in a.rows:
            out[k] = None
    return [r for r in out if r is not None]
