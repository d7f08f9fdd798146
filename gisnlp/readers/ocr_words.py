"""Repair what OCR read, word by word, before the layout is rebuilt.

A box the detector drew over two table cells is cut where its characters
stand apart (``split_at_gaps``); in a number, letters that look like digits
(``O`` ``l``), full-width digits and specks read as punctuation at its edges
become the number (``fix_digits``), and table rules read as ``|`` are dropped.
An enumerator opening a label, ``（一`` ``（二``, read as ``（-`` ``（=`` gets its
numeral back (``fix_enumerator``).
"""
from __future__ import annotations

import re

from .ocr import OcrWord

_DIGITS = re.compile(r"^[-－]?[0-9][0-9.,%，．]*$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def fix_digits(word: OcrWord, lookalikes: dict[str, str], debris: str, edge_debris: str = "") -> OcrWord | None:
    """The word with rule debris (``|``) dropped and, in a number, letters read as digits.

    A word that is a number but for look-alike letters (``1O5``, a lone ``o``
    or ``l`` in a table cell), full-width digits or specks read as punctuation
    at its edges (``0.`` ``o:``) becomes that number in ASCII digits; None
    when nothing is left.
    """
    chars = [c for c in word.chars if c.text not in debris]
    number = _as_number(chars, lookalikes, edge_debris)
    if number is not None:
        chars = number
    if not chars:
        return None
    text = "".join(c.text for c in chars)
    mapped = "".join(lookalikes.get(ch, ch) for ch in text.translate(_FULL_WIDTH_DIGITS))
    if _DIGITS.match(mapped) and mapped != text:
        for c in chars:
            c.text = lookalikes.get(c.text, c.text).translate(_FULL_WIDTH_DIGITS)
        text = mapped
    if text == word.text and len(chars) == len(word.chars):
        return word
    return OcrWord(text, min(c.x0 for c in chars), max(c.x1 for c in chars), word.top, word.bottom,
                   word.confidence, chars)


def split_at_gaps(word: OcrWord, gap: float) -> list[OcrWord]:
    """The word cut where its characters stand more than ``gap`` heights apart.

    The detector sometimes draws one box over two table cells set close
    together (``0    0``); the recogniser's character positions show the gap.
    """
    limit = gap * (word.bottom - word.top)
    pieces, current = [], [word.chars[0]] if word.chars else []
    for prev, char in zip(word.chars, word.chars[1:]):
        if char.x0 - prev.x1 > limit:
            pieces.append(current)
            current = []
        current.append(char)
    if current:
        pieces.append(current)
    if len(pieces) < 2:
        return [word]
    return [OcrWord("".join(c.text for c in p), p[0].x0, p[-1].x1, word.top, word.bottom,
                    min(c.confidence for c in p), p) for p in pieces]


def _as_number(chars: list, lookalikes: dict[str, str], edge_debris: str) -> list | None:
    """``chars`` without edge punctuation when what remains reads as a number, else None."""
    start, end = 0, len(chars)
    while start < end and chars[start].text in edge_debris:
        start += 1
    while end > start and chars[end - 1].text in edge_debris:
        end -= 1
    if (start, end) == (0, len(chars)) or start == end:
        return None
    core = "".join(lookalikes.get(c.text, c.text) for c in chars[start:end]).translate(_FULL_WIDTH_DIGITS)
    return chars[start:end] if _DIGITS.match(core) else None


def fix_enumerator(word: OcrWord, lookalikes: dict[str, str], openers: str) -> OcrWord:
    """The word with a look-alike after its opening bracket read as the Chinese numeral (``（-`` -> ``（一``).

    A short label cell ``（一`` set alone is often read ``（-``, and ``（二``
    ``（=``; left so, the label loses its numeral and, having no letters, the
    word is dropped as a speck. Only the character right after an opening
    bracket at the word's start changes.
    """
    chars = word.chars
    if len(chars) < 2 or chars[0].text not in openers or chars[1].text not in lookalikes:
        return word
    chars[1].text = lookalikes[chars[1].text]
    word.text = "".join(c.text for c in chars)
    return word
