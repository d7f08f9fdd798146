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
from typing import Iterable, Optional

from .label_match import config

LABEL, NUM, EMPTY, BREAK = "label", "num", "empty", "break"

_PLACEHOLDER = re.compile(r"^[/／\\\-—–－_~～]+$|^(?:——|无数据)$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBER = re.compile(r"(?:(?<![\d.])[-+\u2212]?|(?<=\d)[-\u2212])\d+(?:,\d{3})*(?:\.\d+)?(?:[ ]+[-+\u2212]?\d+(?:\.\d+)?)*")
_UNIT_ONLY = re.compile(r"^(?:\(?(?:万元|元|件|个|项|%|万)\)?)$")
_FULL_PAREN = re.compile(r"^\([^()]*\)$")
_ORDINAL_PAREN = re.compile(r"^\(\s*[一二三四五六七八九十\d]{1,2}\s*\)$")
_DATEISH_AFTER = re.compile(r"^\s*(?:年|月|日|号|%|条|个百分点)")


@dataclass
class Token:
    kind: str                     # label | num | empty | break
    text: str = ""
    start: int = 0                # offsets into norm.text
    end: int = 0
    row: bool = False             # came from a line holding a whole row of values


@dataclass
class SourceRow:
    """A printed line or grid row: cells as (text, norm start, norm end)."""

    cells: list
    grid: bool = False


def footer_re():
    """Page furniture printed inside a table (page numbers, 第 3 页): such lines are skipped."""
    return re.compile(config()["regions"]["footer"])


def text_rows(text: str, start: int, end: int) -> Iterable[SourceRow]:
    """Lines of ``text[start:end]`` split into cells on tabs or markdown pipes."""
    footer = footer_re()
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            yield SourceRow(cells=[])
            continue
        if footer.match(line) or _MD_RULE.match(line):
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            sep = "|"
        elif "\t" in line:
            sep = "\t"
        else:
            yield SourceRow(cells=[(line, ls, le)])
            continue
        cells, cs = [], ls
        parts = line.split(sep)
        if sep == "|":
            # drop the text before the first pipe and after the last one
            first = line.index("|")
            last = line.rindex("|")
            cs = ls + first + 1
            parts = line[first + 1:last].split("|")
        for part in parts:
            cells.append((part, cs, cs + len(part)))
            cs += len(part) + 1
        yield SourceRow(cells=cells, grid=(sep == "|"))


def _scan_mixed(cell: str, base: int) -> list[Token]:
    """Split a cell holding labels and numbers into tokens."""
    out: list[Token] = []
    depth_at = []
    depth = 0
    for ch in cell:
        depth_at.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    last = 0

    def label(a: int, b: int):
        seg = cell[a:b]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            s = seg.strip()
            out.append(Token(LABEL, s, base + a + lead, base + a + lead + len(s)))

    for m in _NUMBER.finditer(cell):
        a, b = m.start(), m.end()
        raw = m.group()
        after = cell[b:b + 2]
        before = cell[max(0, a - 1):a]
        if depth_at[a] > 0 and not (last == 0 and cell[:a].strip() == ""):
            continue  # a number inside a bracketed note belongs to the label
        if before == "第" or _DATEISH_AFTER.match(cell[b:]):
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
        for sub in re.finditer(r"\S+", raw):
            out.append(Token(NUM, sub.group(), base + a + sub.start(), base + a + sub.end()))
        last = b
    label(last, len(cell))
    return out


def tokenize_cell(text: str, start: int) -> list[Token]:
    """Tokens of one printed cell; a placeholder (/ —) is one EMPTY token, unit-only notes are dropped."""
    s = text.strip()
    if not s:
        return []
    lead = len(text) - len(text.lstrip())
    if _PLACEHOLDER.match(s):
        return [Token(EMPTY, s, start + lead, start + lead + len(s))]
    toks = _scan_mixed(text, start)
    keep = []
    for t in toks:
        if t.kind == LABEL:
            c = re.sub(r"\s+", "", t.text)
            if _UNIT_ONLY.match(c) or (_FULL_PAREN.match(c) and not _ORDINAL_PAREN.match(c)):
                continue
        keep.append(t)
    return keep


def tokenize_rows(rows: Iterable[SourceRow]) -> list[Token]:
    """Tokens in reading order; BREAK ends a line or grid row that held a whole row of values."""
    out: list[Token] = []
    for row in rows:
        if not row.cells:
            continue  # blank lines separate cells as often as rows
        line_toks: list[Token] = []
        seen_num = False
        for text, s, e in row.cells:
            toks = tokenize_cell(text, s)
            if not toks:
                if seen_num and (row.grid or len(row.cells) > 1):
                    line_toks.append(Token(EMPTY, "", s, s))
                continue
            for t in toks:
                if t.kind in (NUM, EMPTY):
                    seen_num = True
            line_toks.extend(toks)
        nvals = sum(1 for t in line_toks if t.kind in (NUM, EMPTY))
        if nvals >= 2 or row.grid:
            out.append(Token(BREAK))  # a whole row of values starts a new group
        if nvals >= 2:
            for t in line_toks:
                t.row = True
        out.extend(line_toks)
        if nvals >= 2 or row.grid:
            out.append(Token(BREAK))
    return out


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
