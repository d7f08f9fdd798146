"""Where given characters occur in a text: sorted offsets, found by numpy at C speed.

Several steps index the break characters of a document once (sentence and
clause ends, line breaks, tabs) and bisect those offsets for every number
they look at. A regular expression with a Python list comprehension costs
about 0.15 µs per character found; comparing the text's code points in numpy
costs a few nanoseconds per character of text, and the code points of one
text are kept for the next call (the same text is indexed for several sets
of characters, by several steps).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=4)
def _code_points(text: str) -> np.ndarray:
    """The text's code points, one per character (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_positions(text: str, chars: str) -> list[int]:
    """Sorted offsets in ``text`` of every occurrence of any character of ``chars``."""
    if not text or not chars:
        return []
    points = _code_points(text)
    codes = sorted({ord(ch) for ch in chars})
    found = points == codes[0]
    for code in codes[1:]:
        found |= points == code
    return np.flatnonzero(found).tolist()
