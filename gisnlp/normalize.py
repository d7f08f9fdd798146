"""Normalisation with an offset map back to the text as read.

Later steps work on one canonical form (simplified characters, half-width
digits and punctuation, no conversion debris) but every offset the package
emits must point into the document text as read. ``NormText`` keeps both:
``norm.text`` is the canonical string and ``norm.to_orig(i)`` maps any of its
positions back. Edits are restricted to 1:1 replacements and deletions, so the
map is a monotone array and mapping is O(1).
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_lines

# Bracketed pinyin that some converters leave after a character: 根據(jù).
# Only Latin letters with tone marks (or ü) in ASCII brackets directly after a
# CJK character count, so ordinary bracketed English is left alone.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)"
)
# Invisible characters and HTML debris that scrapers leave in text.
_DELETE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]|<!--\[if [^\]]*\]-->|<!--\[endif\]-->")
_SPACES = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
# Dashes and similar that stand for "minus" or "empty" in tables are kept
# as they are; only the full-width ASCII block is folded to ASCII.


@dataclass
class NormText:
    """Normalised text plus ``orig`` (len(text)+1 offsets into the original)."""

    text: str
    orig: array
    original: str

    def to_orig(self, i: int) -> int:
        """The original offset of normalised position ``i``."""
        return self.orig[i]

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to a half-open span of ``original``."""
        if end <= start:
            o = self.orig[start]
            return o, o
        return self.orig[start], self.orig[end - 1] + 1

    def from_orig(self, i: int) -> int:
        """Smallest normalised position whose original offset is >= i."""
        import bisect
        return bisect.bisect_left(self.orig, i, 0, len(self.text))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset:
    return frozenset("".join(load_lines("traditional_chars.txt")))


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented
    return OpenCC("t2s")


def is_traditional(text: str, sample: int = 20000) -> bool:
    """True when the text uses traditional-only characters often enough to convert."""
    trad = _traditional_chars()
    head = text[:sample]
    hits = sum(1 for ch in head if ch in trad)
    cjk = sum(1 for ch in head if "\u4e00" <= ch <= "\u9fff") or 1
    # t2s leaves simplified text as it is, so a low bar only costs time.
    return hits >= 2 and hits / cjk > 0.005


def _fold_char(ch: str) -> str:
    """Full-width ASCII -> ASCII; odd spaces -> space; Kangxi radicals and CJK
    compatibility ideographs (PDF text layers use them: ⼀ ⽐) -> the unified character."""
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF:
        return _unified_ideograph(ch)
    return _SPACES.get(ch, ch)


@lru_cache(maxsize=1)
def _radicals() -> dict:
    return {line[0]: line[1] for line in load_lines("cjk_radicals.txt") if len(line) >= 2}


@lru_cache(maxsize=4096)
def _unified_ideograph(ch: str) -> str:
    """The unified CJK character of a Kangxi radical or compatibility ideograph."""
    import unicodedata
    if ch in _radicals():
        return _radicals()[ch]
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _to_simplified(text: str) -> str:
    """Convert to simplified characters, keeping the length (offsets stay 1:1)."""
    conv = _converter().convert(text)
    if len(conv) == len(text):
        return conv
    # Phrase rules changed the length somewhere: fall back to per-line, then
    # per-character conversion where a line's length changed.
    out = []
    for line in text.splitlines(keepends=True):
        c = _converter().convert(line)
        if len(c) != len(line):
            c = "".join(_converter().convert(ch) if len(_converter().convert(ch)) == 1 else ch
                        for ch in line)
        out.append(c)
    return "".join(out)


def normalize(original: str, convert: bool | None = None) -> NormText:
    """Build the canonical form of ``original`` with its offset map.

    ``convert``: traditional->simplified; None detects it from the text.
    """
    deleted = bytearray(len(original))
    for pattern in (_PINYIN_GLOSS, _DELETE):
        for m in pattern.finditer(original):
            deleted[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    chars = []
    orig = array("l")
    for i, ch in enumerate(original):
        if deleted[i]:
            continue
        chars.append(_fold_char(ch))
        orig.append(i)
    orig.append(len(original))
    text = "".join(chars)
    if convert is None:
        convert = is_traditional(text)
    if convert:
        text = _to_simplified(text)
    return NormText(text=text, orig=orig, original=original)


def norm_of(report) -> NormText:
    """``report.norm``, built here when a step runs without the normalize step before it."""
    if report.norm is None:
        report.norm = normalize(report.text)
    return report.norm
