"""Normalisation with an offset map back to the text as read.

Later steps work on one canonical form (simplified characters, half-width
digits and punctuation, no conversion debris) but every offset the package
emits must point into the document text as read. ``NormText`` keeps both:
``norm.text`` is the canonical string and ``norm.to_orig(i)`` maps any of its
positions back. Edits are restricted to 1:1 replacements and deletions, so the
map is a monotone array and mapping is O(1).
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .errors import GisnlpError
from .resources import load_lines

# Bracketed pinyin that some converters leave after a character: 根據(jù).
# Only Latin letters with tone marks (or ü) in ASCII brackets directly after a
# CJK character count, so ordinary bracketed English is left alone.
# (The pattern starts with the bracket, and looks behind it, so the regex engine can
# skip ahead to the next bracket or deleted character instead of trying every position.)
_PINYIN_GLOSS = re.compile(
    r"\((?<=[\u4e00-\u9fff]\()(?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)"
)
# Invisible characters and HTML debris that scrapers leave in text, and control
# characters (NUL, C0 except tab and line breaks, DEL, C1 except NEL) that
# broken encodings and binary junk leave: deleted.
_DELETE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]+"
                     "|<!--\\[if [^\\]]*\\]-->|<!--\\[endif\\]-->")
_SPACES = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
# Characters that break a line without being "\n" (vertical tab, form feed,
# file/group/record separators, NEL, line and paragraph separators): "\n".
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Dashes and similar that stand for "minus" or "empty" in tables are kept
# as they are; only the full-width ASCII block is folded to ASCII.
# Kangxi radicals, CJK radicals supplement and CJK compatibility ideographs
# (PDF text layers use them: ⼀ ⽐) fold to the unified character.
_COMPAT_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF))
_CJK = re.compile("[\u4e00-\u9fff]")


@dataclass
class NormText:
    """Normalised text plus ``orig`` (len(text)+1 offsets into the original).

    ``orig`` is an ``array`` of offsets, or a ``range`` when nothing was
    deleted (then every position maps to itself); both index and bisect alike.
    """

    text: str
    orig: Sequence[int]
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
        return bisect.bisect_left(self.orig, i, 0, len(self.text))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset:
    """Characters used only in traditional writing (``data/traditional_chars.txt``), without those
    simplified names keep (``data/simplified_also.txt``)."""
    kept = frozenset("".join(load_lines("simplified_also.txt")))
    return frozenset("".join(load_lines("traditional_chars.txt"))) - kept


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern:
    """One character class of every traditional-only character (counted at C speed)."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(_traditional_chars())) + "]")


@lru_cache(maxsize=1)
def _converter():
    """The traditional -> simplified converter: OpenCC's C++ binding when installed
    (extra ``fast``), else the pure-Python opencc-python-reimplemented (core).

    Both packages install a module named ``opencc`` with ``OpenCC("t2s").convert``;
    whichever is importable is used, after a probe conversion proves it works.
    """
    try:
        from opencc import OpenCC
        conv = OpenCC("t2s")
        ok = conv.convert("發展") == "发展"
    except (ImportError, AttributeError, OSError, RuntimeError, TypeError, ValueError) as exc:
        # a missing or half-overwritten install (both packages write opencc/__init__.py)
        raise GisnlpError(f"the traditional-to-simplified converter (opencc) cannot be loaded: {exc}",
                          "reinstall it: pip install --force-reinstall opencc-python-reimplemented") from None
    if not ok:
        raise GisnlpError("the opencc module does not convert traditional to simplified characters",
                          "reinstall it: pip install --force-reinstall opencc-python-reimplemented")
    return _TableConverter.wrap(conv)


class _TableConverter:
    """opencc-python-reimplemented's t2s at C speed, with the same output.

    That converter (about 0.5 M characters/s) first matches its phrase
    dictionary (a few hundred entries such as 乾坤), then maps every other
    character through its one-character dictionary (the first of several
    values), leaving its separators (spaces, punctuation) alone. A text in
    which no phrase occurs is therefore converted by one ``str.translate``
    with that mapping; a line holding a phrase is handed to the converter
    itself (a line break is one of its separators, so lines convert
    independently). The tables are the converter's own, read once.
    """

    def __init__(self, conv, phrases: re.Pattern, table: dict):
        self.conv = conv
        self.phrases = phrases
        self.table = table

    @classmethod
    def wrap(cls, conv):
        """``conv`` wrapped when it is the pure-Python converter with the dictionaries
        described above; any other converter (the C++ binding) as it is."""
        chain = getattr(conv, "_dict_chain_data", None)
        split = getattr(conv, "split_chars_re", None)
        try:
            (phrases, chars), = chain                       # one group: phrases, then characters
            (_, _, phrase_map), (max_len, min_len, char_map) = phrases, chars
        except (TypeError, ValueError):
            return conv
        if (max_len, min_len) != (1, 1) or split is None or not phrase_map:
            return conv
        table = {ord(k): v.split(" ")[0] for k, v in char_map.items() if not split.fullmatch(k)}
        rx = re.compile("|".join(re.escape(k) for k in sorted(phrase_map, key=len, reverse=True)))
        return cls(conv, rx, table)

    def convert(self, text: str) -> str:
        """``text`` in simplified characters, exactly as the wrapped converter gives it."""
        if self.phrases.search(text) is None:
            return text.translate(self.table)
        return "\n".join(self.conv.convert(line) if self.phrases.search(line) else line.translate(self.table)
                         for line in text.split("\n"))


def converter_backend() -> str:
    """Which ``opencc`` converts: ``"opencc (C++ <version>)"`` or ``"opencc-python-reimplemented"``."""
    import opencc
    version = getattr(opencc, "__version__", None)
    return f"opencc (C++ {version})" if version else "opencc-python-reimplemented"


def is_traditional(text: str, sample: int = 20000) -> bool:
    """True when the text uses traditional-only characters often enough to convert."""
    head = text[:sample]
    rx = _traditional_pattern()
    first = rx.search(head)
    if first is None or rx.search(head, first.end()) is None:
        return False                      # fewer than two: the common, simplified case
    # t2s leaves simplified text as it is, so a low bar only costs time:
    # more than one hit per 200 CJK characters. Counting stops as soon as
    # the hits pass that share of the whole head (a bound on its CJK count).
    enough = len(head) // 200 + 1
    hits = 0
    for hits, _ in enumerate(rx.finditer(head), 1):
        if hits >= enough:
            return True
    cjk = len(_CJK.findall(head)) or 1
    return hits >= 2 and hits / cjk > 0.005


def _fold_char(ch: str) -> str:
    """Full-width ASCII -> ASCII; odd spaces -> space; line-breaking controls -> "\\n";
    Kangxi radicals and CJK compatibility ideographs (PDF text layers use them:
    ⼀ ⽐) -> the unified character."""
    return _fold_table().get(ord(ch), ch)


def _fold(text: str) -> str:
    """:func:`_fold_char` on every character (only the foldable ones are visited)."""
    table = _fold_table()
    return _foldable().sub(lambda m: table[ord(m.group())], text)


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern:
    """A character class of every character :func:`_fold_char` changes."""
    return re.compile("[" + "".join(re.escape(chr(o)) for o in sorted(_fold_table())) + "]")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """The one-character folds of :func:`_fold_char` as a ``str.translate`` table."""
    table = {o: chr(o - 0xFEE0) for o in range(0xFF01, 0xFF5F)}
    table.update({ord(k): v for k, v in _SPACES.items()})
    table.update({ord(k): "\n" for k in _LINE_BREAKS})
    for lo, hi in _COMPAT_RANGES:
        for o in range(lo, hi + 1):
            unified = _unified_ideograph(chr(o))
            if unified != chr(o):
                table[o] = unified
    return table


@lru_cache(maxsize=1)
def _radicals() -> dict:
    """Radical -> unified character for the radicals NFKC does not map (``cjk_radicals.txt``)."""
    return {line[0]: line[1] for line in load_lines("cjk_radicals.txt") if len(line) >= 2}


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


_DELETED = re.compile(f"{_PINYIN_GLOSS.pattern}|{_DELETE.pattern}")
# Every match of _DELETED starts with one of these characters (a bracket, a
# deleted character, the < of a conditional comment). Python's regex engine
# does not derive that itself, and tries the pattern at every position.
_DELETED_FIRST = re.compile("[(<" + _DELETE.pattern[1:_DELETE.pattern.index("]")] + "]")


def _deleted_spans(original: str) -> list[tuple[int, int]]:
    """Spans of ``original`` that normalisation deletes, in order, not overlapping
    (the matches of ``_DELETED.finditer``, tried only where one can start)."""
    spans, pos = [], 0
    find, match = _DELETED_FIRST.search, _DELETED.match
    while True:
        first = find(original, pos)
        if first is None:
            return spans
        m = match(original, first.start())
        if m is None:
            pos = first.start() + 1
        else:
            spans.append(m.span())
            pos = m.end()


def normalize(original: str, convert: bool | None = None) -> NormText:
    """Build the canonical form of ``original`` with its offset map.

    Deletions (pinyin glosses, invisible characters, control characters) and
    one-to-one folds (full-width ASCII, odd spaces, radicals) keep the map a
    monotone array; ``convert``: traditional->simplified (length-preserving);
    None detects it from the text.
    """
    deleted = _deleted_spans(original)
    if not deleted:
        kept = original
        orig = range(len(original) + 1)        # the identity map costs nothing to build
    else:
        pieces, orig, pos = [], array("l"), 0
        for a, b in deleted + [(len(original), len(original))]:
            if a > pos:
                pieces.append(original[pos:a])
                orig.extend(range(pos, a))
            pos = b
        orig.append(len(original))
        kept = "".join(pieces)
    text = _fold(kept)
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
