"""Recover the cells of a row printed as one run of digits (217 1 0 0 0 0 218 → 21710000218).

Splits are enumerated under the template's identities (the six applicant
columns sum to the total; upheld+corrected+other+pending == total) and the rule
that a printed number has no leading zero. More than one consistent split means
the row is ambiguous: the caller must not guess.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

MAX_DIGITS = 13
MAX_CANDIDATES = 50
MAX_STEPS = 200_000   # search budget per row: a longer search means the run is not one row


class _Budget(Exception):
    """Raised when a row's split search exceeds MAX_STEPS."""


class _Counter:
    """Steps taken by the current split search (reset per row)."""

    def __init__(self):
        self.n = 0

    def tick(self):
        """Count one step; give up when the budget is spent, so a long run cannot stall the step."""
        self.n += 1
        if self.n > MAX_STEPS:
            raise _Budget()


_counter = _Counter()


# The split search tests the same substrings of a row again and again (once per way of cutting
# what precedes them): both tests below are pure, and kept for the substrings seen lately.
CACHED_PARTS = 1 << 14


@lru_cache(maxsize=CACHED_PARTS)
def _ok(part: str, signed: bool) -> bool:
    """Whether ``part`` can be one printed number: no leading zero, one point at most, inside digits,
    a minus sign only where the column may be negative, at most ``MAX_DIGITS`` digits."""
    body = part[1:] if part.startswith("-") else part
    if part.startswith("-") and not signed:
        return False
    if not body or body.startswith(".") or body.endswith(".") or body.count(".") > 1:
        return False
    if "-" in body:
        return False
    if len(body) > 1 and body[0] == "0" and body[1] != ".":
        return False
    return len(body.replace(".", "")) <= MAX_DIGITS


@lru_cache(maxsize=CACHED_PARTS)
def to_number(raw: str):
    """Value as printed: int when integral, float when printed with a point."""
    s = raw.replace(",", "").replace(" ", "").replace("\u2212", "-").lstrip("+")
    if "." in s:
        return float(s)
    return int(s)


def _splits(s: str, n: int, signed: list[bool]):
    """All ways to cut ``s`` into ``n`` valid numbers (no constraint)."""
    if n == 1:
        if _ok(s, signed[0]):
            yield [s]
        return
    for i in range(1, len(s)):
        _counter.tick()
        head = s[:i]
        if not _ok(head, signed[0]):
            if len(head.lstrip("-").replace(".", "")) > MAX_DIGITS:
                break
            continue
        if s[i] == "." or s[i - 1] == ".":
            continue
        for rest in _splits(s[i:], n - 1, signed[1:]):
            yield [head] + rest


def _sum_groups(s: str, size: int, groups: int, signed: bool = False):
    """Cut ``s`` into ``groups`` blocks of ``size`` numbers whose last equals the sum of the others."""
    if groups == 0:
        if not s:
            yield []
        return
    if groups == 1:
        yield from _last_group(s, size, signed)
        return

    def parts(pos: int, k: int, acc: list, run):
        """Blocks whose first ``k`` parts are ``acc`` (summing to ``run``), the next starting at ``pos``;
        the last part is tried in the loop itself, its block's total then read at once."""
        if k == size - 1:       # blocks of one number (size 1): each is its own total
            text = str(run)
            if s.startswith(text, pos):
                for tail in _sum_groups(s[pos + len(text):], size, groups - 1, signed):
                    yield acc + [text] + tail
            return
        last = k == size - 2
        for i in range(pos + 1, min(len(s), pos + MAX_DIGITS) + 1):
            head = s[pos:i]
            _counter.tick()
            if not _ok(head, signed):
                continue
            if not last:
                yield from parts(i, k + 1, acc + [head], run + to_number(head))
                continue
            text = str(run + to_number(head))
            if s.startswith(text, i):
                for tail in _sum_groups(s[i + len(text):], size, groups - 1, signed):
                    yield acc + [head, text] + tail

    yield from parts(0, 0, [], 0)


def _last_group(s: str, size: int, signed: bool):
    """One block ending the string: its total is a suffix, its parts are no longer than it."""
    for t_len in range(1, min(MAX_DIGITS, len(s) - size + 1) + 1):
        total_txt = s[len(s) - t_len:]
        if not _ok(total_txt, signed):
            continue
        total = to_number(total_txt)
        head = s[:len(s) - t_len]

        def parts(pos: int, k: int, acc: list, run):
            """Splits of ``head[pos:]`` into the block's parts after ``acc`` (summing to ``run``);
            the last part is tried in the loop itself: it must end the head and make the total."""
            if k == size - 1:       # blocks of one number (size 1): the total alone
                if pos == len(head) and run == total:
                    yield acc + [total_txt]
                return
            left = size - 1 - k
            for i in range(pos + 1, min(len(head) - left + 1, pos + t_len) + 1):
                part = head[pos:i]
                if not _ok(part, signed):
                    continue
                _counter.tick()
                v = to_number(part)
                if run + v > total and v >= 0:
                    break
                if left > 1:
                    yield from parts(i, k + 1, acc + [part], run + v)
                elif i == len(head) and run + v == total:
                    yield acc + [part, total_txt]

        yield from parts(0, 0, [], 0)


def split_row(digits: str, n: int, mode: str = "free", signed: Optional[list] = None) -> list[list]:
    """Candidate splits of a flattened row as lists of raw strings.

    ``mode``: ``sum`` (one block whose last value is the sum: table 三 rows),
    ``sum5x3`` (three blocks of five: table 四), ``free`` (no identity: table 二).
    """
    s = digits.replace(" ", "").replace(",", "").replace("\u2212", "-")
    out = []
    if mode == "sum":
        gen = _sum_groups(s, n, 1)
    elif mode == "sum5x3":
        gen = _sum_groups(s, 5, 3)
    else:
        gen = _splits(s, n, signed or [False] * n)
    _counter.n = 0
    try:
        for cand in gen:
            if cand not in out:
                out.append(cand)
            if len(out) >= MAX_CANDIDATES:
                break
    except _Budget:
        return []
    return out

