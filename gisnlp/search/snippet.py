"""Highlighted snippets computed from the stored original text.

The engine indexes jieba tokens, so its own snippet generator has nothing to
show; we cut the stored text with the same analyzer, find the query's token
sequences, pick the window that covers most of them, and map the marks back
to the text as read (traditional characters and full-width forms included).
"""
from __future__ import annotations

from . import analyzer


def find_spans(norm_tokens: list[tuple[str, int, int]], needles: list[list[str]]) -> list[tuple[int, int, int]]:
    """(start, end, needle index) of every occurrence of each token sequence in a token stream."""
    words = [t for t, _, _ in norm_tokens]
    out = []
    for k, seq in enumerate(needles):
        n = len(seq)
        if not n:
            continue
        for i in range(len(words) - n + 1):
            if words[i] == seq[0] and words[i:i + n] == seq:
                out.append((norm_tokens[i][1], norm_tokens[i + n - 1][2], k))
    out.sort()
    return out


def locate(norm_text: str, needles: list[list[str]], substring: bool = False,
           max_hits: int = 40) -> list[tuple[int, int, int]]:
    """Occurrences of the needles in normalised text: exact substrings, or (word mode) only
    where the analyzer cuts the surrounding text into the needle's tokens. Only a small
    window around each candidate is cut, so long report texts stay fast."""
    low = norm_text.lower()
    out = []
    for k, seq in enumerate(needles):
        needle = "".join(seq)
        if not needle:
            continue
        i, found = low.find(needle), 0
        while i >= 0 and found < max_hits:
            j = i + len(needle)
            if substring:
                out.append((i, j, k))
                found += 1
            else:
                lo = max(0, i - 12)
                local = [(t, s + lo, e + lo) for t, s, e in analyzer.cut(norm_text[lo:j + 12])]
                if any(s == i and e == j and k2 == 0 for s, e, k2 in find_spans(local, [seq])):
                    out.append((i, j, k))
                    found += 1
            i = low.find(needle, i + 1)
    out.sort()
    return out


def make_snippet(text: str, needles: list[list[str]], width: int = 120,
                 substring: bool = False) -> tuple[str, list[tuple[int, int]], int]:
    """Return (snippet, highlight spans relative to the snippet, snippet offset in ``text``)."""
    if not text or not needles:
        return _tidy(text[:width]), [], 0
    if len(text) > 4 * width + 400:
        # long text (a whole report): normalise and cut only the region where the needles
        # occur as printed; traditional or full-width text falls back to the whole text
        region = _rough_region(text, needles, width)
        if region:
            lo, hi = region
            snip, marks, off = make_snippet(text[lo:hi], needles, width, substring)
            if marks:
                return snip, marks, lo + off
    nt = analyzer.norm(text)
    spans = locate(nt.text, needles, substring) if needles else []
    orig = [(*nt.span_to_orig(s, e), k) for s, e, k in spans]
    if not orig:
        snippet = text[:width]
        return _tidy(snippet), [], 0
    # window start at some span start; best = most distinct needles, then most spans
    best, best_key = 0, (-1, -1)
    for i, (s, _, _) in enumerate(orig):
        inside = [o for o in orig[i:] if o[1] <= s + width]
        key = (len({o[2] for o in inside}), len(inside))
        if key > best_key:
            best, best_key = i, key
    first = orig[best][0]
    lo = max(0, first - width // 4)
    # do not start mid-sentence when a sentence start is close
    for j in range(first - 1, lo - 1, -1):
        if text[j] in "。；;\n":
            lo = j + 1
            break
    hi = min(len(text), lo + width)
    marks = [(s - lo, e - lo) for s, e, _ in orig if s >= lo and e <= hi]
    snippet = text[lo:hi]
    return _tidy(snippet), marks, lo


def _rough_region(text: str, needles: list[list[str]], width: int) -> tuple[int, int] | None:
    """A window of the original text where most needles occur verbatim (no normalisation)."""
    low = text.lower()
    hits = []
    for k, seq in enumerate(needles):
        needle = "".join(seq)
        i, n = low.find(needle), 0
        while needle and i >= 0 and n < 40:
            hits.append((i, k))
            i, n = low.find(needle, i + 1), n + 1
    if not hits:
        return None
    hits.sort()
    best = max(range(len(hits)), key=lambda i: (len({k for p, k in hits[i:] if p <= hits[i][0] + width}), -i))
    p = hits[best][0]
    return max(0, p - width), min(len(text), p + 2 * width)


def _tidy(s: str) -> str:
    """Newlines and tabs to spaces (same length, so highlight offsets stay valid)."""
    return s.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def mark(snippet: str, spans: list[tuple[int, int]], open_: str = "【", close: str = "】") -> str:
    """Insert markers around highlighted spans."""
    out, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        out += [snippet[pos:s], open_, snippet[s:e], close]
        pos = e
    out.append(snippet[pos:])
    return "".join(out)
