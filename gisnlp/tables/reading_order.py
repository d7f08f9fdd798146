"""Table 三 as text extracted from a PDF in reading order (pdftotext without -layout).

Such text prints every cell on a line of its own and cuts a narrow label into
pieces of a few characters (一、 / 本年 / 新收 / 政府 …). Two things break the
usual reading (a label, then its values):

* rows printed as blocks: the labels of two or more rows one after the other,
  then all of their values (3.其他 / （七）总计 / 四、结转下年度继续办理, then 21
  values). ``split_stacked`` cuts such a group back into its rows when the
  pieces of its label divide in one way only into labels naming template rows
  in template order;
* the first row's values cut by the column header: one value, then the header
  names of the organisation columns (法人或其他组织 / 商业企业 …), then the rest of
  the row's values. ``join_spilled`` puts the values back together when the
  text between them is nothing but column names and the two runs fill one row.

Both work on value tokens printed one per line (never on a line holding a row
of values) and leave a group they cannot read in one way as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .blocks import as_numbers, run_readings
from .label_match import compact, config, match_label
from .tokens import EMPTY, NUM, Group, SourceRow, tokenize_cell

MAX_STACKED = 4      # rows a block of labels may hold (the pieces' cuts are searched, not guessed)
_DIGIT = re.compile(r"\d")
_TWO_VALUES = re.compile(r"(?:^|\s)(?:[-+]?\d[\d,.]*%?|[/／—–-]+)(?:\s+(?:[-+]?\d[\d,.]*%?|[/／—–-]+))+\s*$")
MAX_PIECES = 40      # label pieces searched for the cuts; earlier ones join the first row's label


def _piece(row) -> bool:
    """Whether a row is one label piece of a narrow cell: a single cell of a few characters, no value
    (an ordinal alone is a piece)."""
    if len(row.cells) != 1 or row.grid or row.blank_cell:
        return False
    text = compact(row.cells[0][0])
    if not 0 < len(text) <= _settings()["piece_chars"]:
        return False
    return bool(_ordinal_alone().match(text)) or all(t.kind == "label" for t in tokenize_cell(text, 0))


@lru_cache(maxsize=1)
def _ordinal_alone() -> re.Pattern:
    """A piece holding only a row's ordinal (3. of 3. / 危及 / “三安…): a label, not the value 3."""
    return re.compile(_settings()["ordinal_alone"])


def _settings() -> dict:
    """The thresholds of data/table_labels.yaml ``reading_order``."""
    return config()["reading_order"]


def _lines_of_values(rows: list) -> int:
    """How many lines end in two values or more, numbers or placeholders (none in reading-order text,
    where every value stands on a line of its own)."""
    return sum(1 for row in rows for c in row.cells if _TWO_VALUES.search(c[0]))


def join_pieces(rows: list, text: str) -> list:
    """``rows`` with each run of label pieces on consecutive lines (规范 / 性文 / 件) made one line, when
    the table is printed so (many of its lines are such pieces, hardly any prints a row of values);
    ``text`` is the normalised text the rows' offsets point into.

    A piece that opens a row's label (its ordinal: 一、, （六, 1.) starts a
    line of its own. The joined line keeps the line breaks between the pieces
    (its text is the stretch of ``text`` it spans): a run without ordinals may
    still hold the labels of several rows, and ``split_stacked`` cuts it at a
    break.
    """
    limit, lines = _settings()["piece_chars"], sum(1 for r in rows if r.cells)
    short = sum(1 for r in rows if len(r.cells) == 1 and len(r.cells[0][0].strip()) <= limit
                and not _DIGIT.search(r.cells[0][0]))     # a quick look: values are no pieces
    if not lines or short < _settings()["min_pieces"] or short < _settings()["piece_share"] * lines:
        return rows
    flags = [_piece(r) if r.cells else None for r in rows]
    runs = [k for k in range(len(rows)) if flags[k] and (k > 0 and flags[k - 1] or k + 1 < len(rows) and flags[k + 1])]
    if not lines or len(runs) < _settings()["min_pieces"] or len(runs) < _settings()["piece_share"] * lines:
        return rows
    if _lines_of_values(rows) > _settings()["row_share"] * lines:
        return rows     # rows of values on a line: another layout (labels wrapped below their numbers)
    starts = re.compile(_settings()["row_start"])
    out: list = []
    for row, flag, before in zip(rows, flags, [None] + flags):
        if flag and before and not starts.match(row.cells[0][0].strip()):
            start, end = out[-1].cells[0][1], row.cells[0][2]
            out[-1] = SourceRow(cells=[(text[start:end], start, end)])
        else:
            out.append(row)
    return out


def _printed_alone(values: list) -> bool:
    """Whether every value of a group was printed on a line of its own (number or placeholder)."""
    return bool(values) and all(not t.row and (t.kind == NUM or t.kind == EMPTY and t.text) for t in values)


def _names(fragments: list, specs, template: Optional[str]) -> dict:
    """(start, end) -> the row the joined pieces ``fragments[start:end]`` name (None where none, or
    where they name another row too that is not an optional heading row such as （六）其他处理:
    two rows' labels run together)."""
    order = {s.id: k for k, s in enumerate(specs)}
    optional = {s.id for s in specs if s.optional}
    out = {}
    for a in range(len(fragments)):
        for b in range(a + 1, len(fragments) + 1):
            found = match_label([compact("".join(fragments[a:b]))], specs, template)
            alone = found and all(rid in optional for rid, _ in found[1:])
            out[a, b] = order[found[0][0]] if alone else None
    return out


def _readings(fragments: list, rows: int, specs, template: Optional[str]) -> dict:
    """The ways to cut ``fragments`` into ``rows`` runs that each name a template row, rows in
    template order: the sequence of rows named -> the cut points of one such way.

    Of several ways, those cutting most often where a row's ordinal opens a
    piece (（七 / ）总 / 计 cut before （七, not before 计) and least often
    leaving such a piece inside a run after the first are kept (the first
    run may open with a heading: （六）其他处理 / 3.其他), then those giving
    values to fewest optional heading rows (the 2021 （六）其他处理 is
    mostly printed as a heading over its three rows).
    """
    names = _names(fragments, specs, template)
    starts = re.compile(_settings()["row_start"])
    opens = [bool(starts.match(f.strip())) for f in fragments]
    n = len(fragments)
    found: list = []

    def walk(start: int, last: int, seq: tuple, cuts: tuple):
        if len(seq) == rows:
            if start == n:
                inside = sum(opens[k] for a, b in zip(cuts, cuts[1:]) for k in range(a + 1, b))
                headings = sum(specs[row].optional for row in seq)
                found.append(((sum(opens[c] for c in cuts[:-1]) - inside, -headings), seq, cuts))
            return
        for end in range(start + 1, n - (rows - len(seq) - 1) + 1):
            row = names[start, end]
            if row is not None and row > last:
                walk(end, row, seq + (row,), cuts + (end,))

    walk(0, -1, (), ())
    best = max((score for score, _, _ in found), default=None)
    out: dict = {}
    for score, seq, cuts in found:
        if score == best:
            out.setdefault(seq, cuts)
    return out


def split_stacked(groups: list, specs, template: Optional[str], width: int,
                  warnings: Optional[list] = None, cols: Optional[list] = None) -> list:
    """``groups`` with each block of stacked rows cut into one group per row (see the module docstring).

    A group qualifies when its values, each printed alone, fill two to
    ``MAX_STACKED`` rows of ``width`` exactly. It is cut when its label pieces
    divide into that many labels naming rows in template order, all such
    divisions naming the same rows; when they name different rows, its values
    are left out with a message in ``warnings``. With ``cols`` (the printed
    column order) the values are read row by row or column by column,
    whichever alone makes each row sum (blocks.py); when both do, differently,
    the block is left out with a message.
    """
    out = []
    for g in groups:
        rows, extra = divmod(len(g.values), width)
        if extra or not 2 <= rows <= MAX_STACKED or not _printed_alone(g.values):
            out.append(g)
            continue
        pieces = [p for f in g.fragments for p in f.split("\n") if p.strip()]
        if len(pieces) < rows:
            out.append(g)
            continue
        head = max(0, len(pieces) - MAX_PIECES)     # a caption or header printed before the block
        found = _readings(pieces[head:], rows, specs, template)
        if len(found) > 1:
            if warnings is not None:
                warnings.append(f"{len(g.values)} values after the labels of {rows} rows, whose pieces name "
                                "the rows in more than one way; left out")
            continue
        if not found:
            out.append(g)
            continue
        values = _block_rows(g.values, width, cols)
        if values is None:
            if warnings is not None:
                warnings.append(f"{len(g.values)} values of {rows} rows make each row sum both read row by row "
                                "and column by column; left out")
            continue
        cuts = (0,) + tuple(head + c for c in next(iter(found.values())))
        for k in range(rows):
            out.append(Group(["".join(pieces[cuts[k]:cuts[k + 1]])], values[k], g.label_start if k == 0 else None))
    return out


def _block_rows(values: list, width: int, cols: Optional[list]) -> Optional[list]:
    """The rows of a block of stacked values: the one reading that makes each row sum (blocks.py), row
    by row when none does (or no column order is known); None when several readings do."""
    by_row = [values[k:k + width] for k in range(0, len(values), width)]
    if not cols or "total" not in cols:
        return by_row
    readings = run_readings(values, cols, config()["t3"]["applicants"])
    if len(readings) > 1 and not (readings[0] == by_row and _alike(readings)):
        return None
    return readings[0] if readings else by_row


def _alike(readings: list) -> bool:
    """Whether readings differ only in where a blank and where a 0 is printed (the same numbers):
    row by row is then taken, as the identities cannot tell them apart."""
    first = as_numbers(t for row in readings[0] for t in row)
    return all(as_numbers(t for row in r for t in row) == first for r in readings[1:])


@lru_cache(maxsize=1)
def _header_only() -> re.Pattern:
    """Text made of table 三's column names alone (法人或其他组织总计商业企业…)."""
    names = list(config()["t3"]["column_names"].values()) + list(_settings()["header_words"])
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in names) + ")+")


def header_only(text: str) -> bool:
    """Whether ``text`` is made of table 三's column names alone (法人或其他组织 / 商业企业 / 总计 …)."""
    return bool(_header_only().fullmatch(compact(text)))


def join_spilled(groups: list, width: int) -> list:
    """``groups`` with a row's values cut by column header names put back together: a group of
    fewer than ``width`` values, then a group labelled by column names alone holding the rest."""
    out: list = []
    for g in groups:
        prev = out[-1] if out else None
        if (prev is not None and 0 < len(prev.values) < width and len(prev.values) + len(g.values) == width
                and g.fragments and header_only("".join(g.fragments))
                and _printed_alone(prev.values) and _printed_alone(g.values)):
            out[-1] = Group(prev.fragments, prev.values + g.values, prev.label_start)
            continue
        out.append(g)
    return out
