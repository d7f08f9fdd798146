"""Label cells that wrap over several lines in a borderless table, joined to their row.

In a narrow label column a label wraps: its first line stands on the row with
the row's numbers, the rest on lines below that hold nothing but pieces of
labels. Written line by line, those pieces land between rows and read as
labels of the next row. ``join_wrapped_labels`` puts each piece back into
the label cell above it: a line joins the row above when it has no number,
lies directly below (gap at most ``wrap_gap`` line heights), and every word
of it stands under a label cell of that row, no wider than that cell's
column by more than a line height, and ends before the cell to its right
begins. Ruled tables do not need this: their grid holds the cells. The OCR
rows (ocr_layout.py) and the text layer of a PDF page (pdf_wrap.py) both use
it; the text layer asks the row above to end in a row of values
(``values_only``), as a table's row does and a sentence does not.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"^[-－]?[0-9][0-9.,%，．]*$")
_PLACEHOLDER = re.compile(r"^(?:[/／—–－-]|——)$")
_ORDINAL = re.compile(r"^(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）]?)$")   # 2. or (2): a sub-row's number, cut off


def join_wrapped_labels(rows: list[list[list[dict]]], wrap_gap: float,
                        values_only: bool = False) -> list[list[list[dict]]]:
    """Rows (of words, of characters) with wrapped label lines moved into the label cells above them.

    A joined piece's characters are appended to the label word it stands
    under, so the row's text reads the whole label before its numbers. With
    ``values_only`` (a PDF's text layer) a row's labels may wrap only when
    everything after them is a value, two at least (a placeholder such as /
    counts), and a label line left of the row's labels (the rest of a cell
    merged over several rows) stays a line of its own without ending the wrap.
    """
    out: list[list[list[dict]]] = []
    anchor, labels, bottom = None, [], None     # the row whose labels may wrap, those labels, its lowest line
    for row in rows:
        words = [list(w) for w in row]
        if anchor is not None and _close_below(words, anchor, bottom, wrap_gap) and not _has_value(words):
            labels = _labels(anchor, values_only)     # a joined piece ending in a digit ends the wrap
            under = [_label_under(w, anchor, labels) for w in words] if labels else [None]
            if all(u is not None for u in under):
                for word, label in zip(words, under):
                    label.extend(word)
                bottom = max(w[0]["bottom"] for w in words)
                continue
            if values_only and labels and words[-1][-1]["x1"] <= labels[0][0]["x0"]:
                out.append(words)
                bottom = max([bottom] + [w[0]["bottom"] for w in words])
                continue
        out.append(words)
        labels = _labels(words, values_only)
        anchor = words if labels and (not values_only or _row_of_values(words, labels)) else None
        bottom = max(w[0]["bottom"] for w in words)
    return out


def _text(word: list[dict]) -> str:
    """A word's text."""
    return "".join(c["text"] for c in word)


def _is_value(word: list[dict], text_layer: bool) -> bool:
    """Whether a word is a number; in a PDF's text layer also a blank cell's mark such as /, and not
    a sub-row's number left alone on the label's first line (2. / 其他法律…)."""
    text = _text(word)
    if text_layer:
        return bool(_PLACEHOLDER.match(text) or _NUMBER.match(text) and not _ORDINAL.match(text))
    return bool(_NUMBER.match(text))


def _has_value(words: list[list[dict]]) -> bool:
    """Whether a line holds a number."""
    return any(_is_value(w, False) for w in words)


def _labels(row: list[list[dict]], text_layer: bool = False) -> list[list[dict]]:
    """The words of a table row left of its first value (none when the row has no value, or when
    the last of them ends in a digit: a label read glued to its number stands in no narrow column)."""
    first = next((k for k, w in enumerate(row) if _is_value(w, text_layer)), None)
    if not first or row[first - 1][-1]["text"].isdigit():
        return []
    return row[:first]


def _row_of_values(row: list[list[dict]], labels: list) -> bool:
    """Whether the words after a row's labels are two values or more and nothing else."""
    values = row[len(labels):]
    return len(values) >= 2 and all(_is_value(w, True) for w in values)


def _close_below(words: list[list[dict]], anchor: list[list[dict]], bottom: float, wrap_gap: float) -> bool:
    """Whether a line starts at most ``wrap_gap`` line heights below the anchor row's lowest line."""
    height = anchor[0][0]["bottom"] - anchor[0][0]["top"]
    return min(w[0]["top"] for w in words) - bottom <= wrap_gap * height


def _label_under(word: list[dict], anchor: list[list[dict]], labels: list) -> list[dict] | None:
    """The label word of ``anchor`` that ``word`` stands under, within its column (a line height of slack)
    and ending before the next cell begins."""
    x0, x1 = word[0]["x0"], word[-1]["x1"]
    height = word[0]["bottom"] - word[0]["top"]
    for k, label in enumerate(labels):
        start, stop = min(c["x0"] for c in label), max(c["x1"] for c in label)
        end = anchor[k + 1][0]["x0"]                  # the next cell (a label or the first number)
        if x0 < stop and x1 > start and x1 < min(end, stop + height):
            return label
    return None
