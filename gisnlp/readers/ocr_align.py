"""Where each OCR'd character landed in the text, and how sure the engine was of it.

The PDF reader's flow writes an OCR'd page's characters into the document
text in its own order (ruled tables cell by cell, wrapped lines joined).
Rather than thread confidences through the flow, the page's text is aligned
with its characters in reading order (``difflib``); every aligned text
position takes its character's confidence. The result is a list of runs
``(start, end, confidence)`` in ``Document.confidence``, merged where
neighbouring characters share a confidence (rounded to ``DIGITS``).
"""
from __future__ import annotations

from difflib import SequenceMatcher

from .ocr_layout import rows

DIGITS = 3


def reading_order(chars: list[dict]) -> list[dict]:
    """The page's characters row by row, left to right."""
    return [c for row in rows(chars) for word in row for c in word]


def page_runs(text: str, offset: int, chars: list[dict]) -> list[tuple[int, int, float]]:
    """Confidence runs for one page: ``text`` is the page's text, starting at ``offset``."""
    ordered = reading_order(chars)
    ref = "".join(c["text"] for c in ordered)
    matcher = SequenceMatcher(None, text, ref, autojunk=False)
    runs: list[tuple[int, int, float]] = []
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            conf = round(float(ordered[j + k]["confidence"]), DIGITS)
            pos = offset + i + k
            if runs and runs[-1][1] == pos and runs[-1][2] == conf:
                runs[-1] = (runs[-1][0], pos + 1, conf)
            else:
                runs.append((pos, pos + 1, conf))
    return runs


def confidence_runs(text: str, pages: list[tuple[int, int]], ocr_pages: dict) -> list[tuple[int, int, float]]:
    """Runs for every OCR'd page of a document.

    ``pages`` are the document's (text offset, page number) page starts;
    ``ocr_pages`` maps a page number to its ``OcrPage``.
    """
    runs: list[tuple[int, int, float]] = []
    bounds = list(pages) + [(len(text), None)]
    for (start, number), (end, _) in zip(bounds, bounds[1:]):
        page = ocr_pages.get(number)
        if page is not None and page.chars and end > start:
            runs.extend(page_runs(text[start:end], start, page.chars))
    return runs
