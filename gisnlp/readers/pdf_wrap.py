"""The text lines of a PDF page with labels wrapped below their row's numbers joined to that row.

A borderless table with narrow label columns (table 三 made in Word/WPS)
prints a row's numbers beside the first line of its label and the rest of
the label on lines below; line by line, those pieces read as labels of the
next row. ``join_label_lines`` rebuilds such lines with ``ocr_wrap`` (the
same rule the OCR rows use: each piece under a label cell of the row above,
close below it, no number in it), on the characters pdfplumber's line
builder returns. On a page where nothing joins, the lines come back as they
were; where something does, the joined lines and the other rows of values
are marked ``table_row``, so that the page flow does not run them into the
next line as text wrapped at the margin.
"""
from __future__ import annotations

import re

from ..resources import load_yaml
from .ocr_wrap import join_wrapped_labels

_ROW = re.compile(r"\S\s+[-\d/—–][\d,.]*(?:\s+[-\d/—–][\d,.]*)+$")   # a label, then a row of values


def join_label_lines(lines: list[dict]) -> list[dict]:
    """``lines`` (pdfplumber text lines with their ``chars``) with wrapped label lines joined to the
    row above them; the ``chars`` are dropped from every line returned."""
    if not any(_ROW.search(line["text"]) for line in lines):
        return [_without_chars(line) for line in lines]
    words = [_words(line["chars"]) for line in lines]
    if not all(words):
        return [_without_chars(line) for line in lines]
    rows = join_wrapped_labels(words, _wrap_gap(), values_only=True)
    if len(rows) == len(lines):
        return [_without_chars(line) for line in lines]
    out = []
    by_first = {id(row[0][0]): row for row in rows}
    for line, own in zip(lines, words):
        row = by_first.get(id(own[0][0]))
        if row is None:
            continue                     # joined into the row above
        if sum(map(len, row)) == sum(map(len, own)):
            out.append(dict(_without_chars(line), table_row=True) if _ROW.search(line["text"]) else
                       _without_chars(line))
            continue
        chars = [c for w in row for c in w]
        out.append({"text": " ".join("".join(c["text"] for c in w) for w in row),
                    "x0": line["x0"], "x1": line["x1"], "top": line["top"],
                    "bottom": max(c["bottom"] for c in chars), "table_row": True})
    return out


def _wrap_gap() -> float:
    """How far below a row (in line heights) its wrapped label may continue (data/ocr.yaml)."""
    return float(load_yaml("ocr.yaml").get("layout", {}).get("wrap_gap", 0.5))


def _words(chars: list[dict]) -> list[list[dict]]:
    """A line's characters cut into words at spaces and at gaps wider than pdfplumber's
    ``DEFAULT_X_TOLERANCE`` (where its line builder puts a space)."""
    from pdfplumber.utils.text import DEFAULT_X_TOLERANCE   # imported with the PDF reader, not the package
    out: list[list[dict]] = []
    last = None
    for c in chars:
        if not c["text"].strip():
            last = None
            continue
        if last is None or c["x0"] - last["x1"] > DEFAULT_X_TOLERANCE:
            out.append([])
        out[-1].append(c)
        last = c
    return out


def _without_chars(line: dict) -> dict:
    """The line as the reader uses it (its characters dropped)."""
    return {k: v for k, v in line.items() if k != "chars"}
