"""String similarity and differences (rapidfuzz): score matrices and word-level edits."""
from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .model import WordChange


def ratio_matrix(rows: list[str], cols: list[str], cutoff: float):
    """numpy matrix of rapidfuzz ``ratio`` (0-100) of every row string against every column
    string; pairs below ``cutoff`` are 0 (rapidfuzz skips them early, which keeps it fast)."""
    from rapidfuzz import process    # imports numpy: only when a comparison runs, not with gisnlp
    return process.cdist(rows, cols, scorer=fuzz.ratio, score_cutoff=cutoff, dtype="float32")


def ratio(a: str, b: str) -> float:
    """rapidfuzz ``ratio`` of two strings, 0..1."""
    return fuzz.ratio(a, b) / 100.0


_NUMBER_CHARS = frozenset("0123456789.")


def _whole_numbers(old: str, new: str, a: int, b: int, c: int, d: int) -> tuple[int, int, int, int]:
    """Widen an edit that cuts through a number to the whole number (100 -> 130, not 00 -> 30)."""
    def digit(s: str, i: int) -> bool:
        """``s[i]`` exists and is part of a number."""
        return 0 <= i < len(s) and s[i] in _NUMBER_CHARS
    touches = digit(old, a) or digit(new, c) or digit(old, b - 1) or digit(new, d - 1)
    if not touches:
        return a, b, c, d
    while a > 0 and c > 0 and old[a - 1] == new[c - 1] and digit(old, a - 1):
        a, c = a - 1, c - 1
    while b < len(old) and d < len(new) and old[b] == new[d] and digit(old, b):
        b, d = b + 1, d + 1
    return a, b, c, d


def word_changes(old: str, new: str, merge_gap: int = 2) -> list[WordChange]:
    """The edits that turn ``old`` into ``new``, as runs of words rather than single characters.

    Character edits (rapidfuzz Indel opcodes) separated by fewer than ``merge_gap``
    unchanged characters are joined, so 增长12% -> 下降3% is one change, not four.
    """
    ops = [op for op in Indel.opcodes(old, new) if op.tag != "equal"]
    if not ops:
        return []
    groups: list[list[int]] = []       # [old_start, old_end, new_start, new_end]
    for op in ops:
        if groups and op.src_start - groups[-1][1] < merge_gap and op.dest_start - groups[-1][3] < merge_gap:
            g = groups[-1]
            g[1], g[3] = max(g[1], op.src_end), max(g[3], op.dest_end)
        else:
            groups.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    out = []
    for a, b, c, d in groups:
        a, b, c, d = _whole_numbers(old, new, a, b, c, d)
        o, n = old[a:b], new[c:d]
        out.append(WordChange("replace" if o and n else ("insert" if n else "delete"), o, n))
    return out
