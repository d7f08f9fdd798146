"""Markdown pipe rows: which parts of a ``|``-separated line are cells and which are outer pipes.

Exports and crawlers print markdown tables with outer pipes (``| 规章 | 0 |``),
without them (``规章 | 0``), or with one of the two (``行政许可 | 5 | 0 |``), and
a blank cell at either end of a row looks like an outer pipe. The table's rule
line (``---|---|---``) declares its column count: with it, only the parts a
row has beyond that count are outer pipes. A row with one part too many and
both ends blank is told by the side the table's other rows put their single
outer pipe on when they all agree, else by the columns that hold values (and
those never blank) in the table's other rows; a row still unclear is marked so, and not read by position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
MIN_VOTES = 2        # rows with one outer pipe that must agree on its side before an unclear row follows them
_VALUE = re.compile(r"^\s*(?:[-+]?\d[\d,]*(?:\.\d+)?|[/／\-—–－]+)\s*$")   # a number or a placeholder


@dataclass
class PipeTable:
    """What a markdown table declares: its column count, the side of a single outer pipe, its number columns."""

    width: Optional[int] = None
    side: Optional[str] = None                        # "lead" | "trail" when every row agrees
    values: frozenset = field(default_factory=frozenset)   # columns holding a value in a row read for sure
    filled: frozenset = field(default_factory=frozenset)   # label columns never blank in such rows


def _parts(line: str) -> list[str]:
    return line.split("|")


def _one_side(parts: list, width: int) -> Optional[str]:
    """The side of the one outer pipe of a row with one part too many, when only one end is blank."""
    if len(parts) != width + 1:
        return None
    lead, trail = not _text(parts[0]).strip(), not _text(parts[-1]).strip()
    if lead == trail:
        return None
    return "lead" if lead else "trail"


def _text(part) -> str:
    return part[0] if isinstance(part, tuple) else part


def _agreed_side(rows: list[list[str]], width: int) -> Optional[str]:
    """The side of the single outer pipe when every row of a table has one and those that show it agree."""
    if any(len(p) != width + 1 for p in rows):
        return None
    sides = [s for s in (_one_side(p, width) for p in rows) if s]
    if len(sides) < MIN_VOTES or len(set(sides)) != 1:
        return None
    return sides[0]


def _columns(rows: list[list[str]], width: int) -> tuple[frozenset, frozenset]:
    """(columns that hold a value, label columns never blank) in the rows whose cells are certain without help.

    A value column may be blank anywhere (a zero left blank); a label column
    always filled (table 二's row names) says a reading leaving it blank is shifted.
    """
    values, filled, seen = set(), set(range(width)), 0
    plain = PipeTable(width)
    for parts in rows:
        cells, certain = cells_of(parts, plain)
        if certain and len(cells) == width:
            seen += 1
            values.update(k for k, c in enumerate(cells) if _VALUE.match(_text(c)))
            filled -= {k for k, c in enumerate(cells) if not _text(c).strip()}
    return frozenset(values), frozenset(filled - values if seen else ())


def _close(lines: list[str], block: list[int], out: list) -> None:
    """Give the lines of one table (``block``, line indexes) their PipeTable."""
    width, first = None, None
    for i in block:
        if RULE.match(lines[i]):
            width = sum(1 for p in _parts(lines[i]) if p.strip())
            first = width if first is None else first
        out[i] = width
    for i in block:            # the header row printed above the rule line
        if out[i] is not None:
            break
        out[i] = first
    for w in {out[i] for i in block if isinstance(out[i], int)}:
        rows = [_parts(lines[i]) for i in block if out[i] == w and not RULE.match(lines[i])]
        table = PipeTable(w, _agreed_side(rows, w), *_columns(rows, w))
        for i in block:
            if out[i] == w:
                out[i] = table


def pipe_tables(lines: list[str]) -> list[Optional[PipeTable]]:
    """Per line, the PipeTable of the markdown table it belongs to (None outside tables with a rule line).

    A table is a run of lines holding pipes (blank lines do not end it); a line
    takes the width of the last rule line above it in its table, or of the
    first one below (the header row printed above the rule).
    """
    out: list = [None] * len(lines)
    block: list[int] = []
    for i, line in enumerate(lines):
        if "|" in line:
            block.append(i)
        elif line.strip():
            _close(lines, block, out)
            block = []
    _close(lines, block, out)
    return out


def _fits(cells: list, table: PipeTable) -> bool:
    """Whether a reading puts every value in a column of values and leaves no always-filled column blank."""
    return bool(table.values) and all(
        (k in table.values or not _VALUE.match(_text(c))) and (k not in table.filled or _text(c).strip())
        for k, c in enumerate(cells))


def cells_of(parts: list, table: Optional[PipeTable]) -> tuple[list, bool]:
    """The parts of a pipe row that are cells, and whether their columns are certain.

    ``parts`` are the line's parts in printed order (``(text, start, end)`` or
    text). Without a declared width, blank end parts are taken for outer pipes
    (as before any width was known). With one, only the surplus is: a row of the
    width keeps its blank ends as blank cells; one part too many drops its blank
    end, or, both ends being blank, the end on the table's agreed side, else
    the one end whose dropping puts every value (number or placeholder) in a
    column of values and no blank in a label column never blank elsewhere. A row
    still unclear loses both ends and comes back uncertain.
    """
    def blank(k: int) -> bool:
        return not _text(parts[k]).strip()

    surplus = len(parts) - table.width if table and table.width and parts else None
    if surplus == 0:
        return parts, True
    if surplus == 1 and blank(0) != blank(-1):
        return (parts[1:] if blank(0) else parts[:-1]), True
    if surplus == 1 and blank(0):
        if table.side:
            return (parts[1:] if table.side == "lead" else parts[:-1]), True
        fits = [cells for cells in (parts[1:], parts[:-1]) if _fits(cells, table)]
        if len(fits) == 1:
            return fits[0], True
    if parts and blank(0):
        parts = parts[1:]
    if parts and blank(-1):
        parts = parts[:-1]
    return parts, surplus != 1
