"""Candidate number expressions: where they are, what unit and value they carry.

One regular expression finds ``numeral 余? 万/亿? unit suffix?`` over
``report.norm.text``; :func:`find_candidates` then works in three stages:

1. **unit lookup** (:func:`unit_of`): a number needs a measure word, a % or
   an Arabic 万/亿 to be a claim;
2. **named exclusion rules** (:data:`EXCLUSION_RULES`): web addresses,
   slogans (``data/fact_exclusions.yaml``), codes, sessions, ordinals, words
   that merely contain a measure word;
3. **value reading** (:func:`read_value`, :func:`read_approx`): the numeral
   grammar, 万/亿 and unit scales, numbers wrapped over a line break, and the
   qualifier (近, 超过, 余, 以上) that gives ``approx``.

Whether a candidate is part of the narrative at all (table cells, titles,
quotes) is decided later, in :mod:`gisnlp.facts.filters`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from .lexicon import Unit, alternation, cues, exclusions, trie_alternation, units
from .numbers import parse_number, scale

_CN = "零〇一二两三四五六七八九十百千万亿"
# Digits of a Chinese decimal fraction (百分之九十八点五).
_CN_DIGITS = "零〇一二三四五六七八九"
# 12,051 | 12 051 (thin or plain spaces between thousands, as PDFs print them) | 1 2 0 6 (every
# digit spaced, as letter-spaced PDF and HTML text prints a number) | 12051
_ARABIC = (r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d])(?:\.\d+)?"
           r"|\d(?:[ \u2009\u202f]\d)+(?![\d.])"
           r"|\d+(?:\.\d+)?)")
# A number wrapped over a line break: the line before ends in digits, is long,
# and has no sentence end (PDF text: "...主动公开政府信息12\n051条").
# ... also after a thousands comma ("...共计12,\n051条") or inside a group ("...共计1,0\n26件").
_WRAPPED_DIGITS = re.compile(r"[^\s\d。!?;:][ \t]*(\d{1,6}|\d{1,3}(?:,\d{3})*,\d{0,2})[ \t]*\n[ \t]*$")
_SPACES = re.compile(r"\s+")
_WRAPPED_MIN_LINE = 20
_ORDINAL_LIST = re.compile(r"第[\d零〇一二两三四五六七八九十百]+(?:[、,和及至到-][\d零〇一二两三四五六七八九十百]+)*[、,和及至到-]$")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&%#:~+_-]+|[A-Za-z0-9_.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
                  r"|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|com|org|net|edu)(?:\.cn)?(?:/[A-Za-z0-9./?=&%#_-]*)?")
_URL_HINTS = ("http", "www.", "@", ".gov", ".com", ".cn", ".org", ".net")
# Every _URL match is a run of these ASCII characters holding one of _URL_NEEDS:
# scanning only such runs finds the same matches as scanning the whole text.
_URL_RUN = re.compile(r"[A-Za-z0-9./?=&%#:~+_@-]{5,}")
_URL_NEEDS = ("http", "www.", "@", ".gov", ".com", ".org", ".net", ".edu")
# Characters that glue a number to a code, version or range before it (G60, 2.0, 3-5).
_CODE_GLUE = "._-/~#:～—–"
# Percentages above this are misread numbers, not rates.
MAX_PERCENT = 1000

# How far before a span the words naming a measured quantity are looked for (优良天数为318天).
MEASURED_LOOKBACK = 8


@dataclass
class Candidate:
    """A number expression in norm offsets with its parsed parts."""

    start: int                # span start (qualifier included)
    end: int
    num_start: int
    num_end: int
    value: float | int
    unit: Unit
    approx: Optional[str]
    chinese: bool             # the numeral is written in Chinese characters


@lru_cache(maxsize=1)
def pattern() -> re.Pattern:
    """The number-expression pattern (built once from the data files).

    It starts at the numeral (a cheap first-character scan); the qualifier
    before it (近, 超过, 不得低于) is looked up separately by ``prefix_pattern``.
    """
    c = cues()
    unit_alt = trie_alternation(units())
    post = alternation(w for w in c["approx_suffix"] if w not in ("余", "多"))
    # 千 before 米/瓦/克 begins the measure word (2.5千米, 12万千瓦), not the numeral
    num = (rf"(?P<pct>百分之)?(?P<num>(?>(?:{_ARABIC})(?:[百万亿]|千(?![米瓦克]))*"
           rf"|(?P<vague>数|几|上)?[{_CN}]+(?:点[{_CN_DIGITS}]+)?))")
    return re.compile(
        # a leading one-character lookahead lets the engine skip ahead fast;
        # the atomic numeral never backtracks into shorter numbers
        rf"(?=[\d{_CN}数几上]){num}"
        rf"(?:[ \t]{{0,2}}(?P<yu>余|多))?(?P<mult>[万亿])?(?P<yu2>余|多)?"
        rf"(?:[ \t]{{0,3}}(?:\n\s{{0,6}})?(?P<da>大)?(?P<unit>{unit_alt}))?"
        rf"(?P<post>{post})?"
        # only expressions with a measure word, a %, or 万/亿 go on to Python:
        # the rest (进一步, 2020年) fail here, at C speed
        rf"(?(unit)|(?(mult)|(?(pct)|(?<=[万亿]))))"
    )


@lru_cache(maxsize=1)
def prefix_pattern() -> re.Pattern:
    """A qualifier ending right before a numeral (whitespace and line breaks allowed)."""
    words = sorted(cues()["approx_prefix"], key=len, reverse=True)
    # a qualifier may be broken by a line wrap (超\n过1万条)
    alt = "|".join(r"\s*".join(re.escape(ch) for ch in w) for w in words)
    return re.compile(rf"(?P<pre>{alt})\s*$")


# --- stage 1: unit lookup ----------------------------------------------------------

def unit_of(m: re.Match) -> Optional[Unit]:
    """The measure word of a pattern match, or None when the number is no claim.

    A % (or 百分之) is a percentage; a listed measure word gives its unit; an
    Arabic number with 万/亿 and no measure word is a bare count. 百分之 with
    a measure word, and an Arabic-only unit after a Chinese numeral, are not.
    """
    pct, unit_s = bool(m.group("pct")), m.group("unit")
    chinese = not m.group("num")[0].isdigit()
    if pct:
        if unit_s:
            return None
        return units()["%"]
    if unit_s:
        unit = units()[unit_s]
        return None if chinese and unit.arabic_only else unit
    if not chinese and (m.group("mult") or m.group("num")[-1] in "万亿"):
        return Unit("", "", "count")
    return None


# --- stage 2: named exclusion rules --------------------------------------------------

@dataclass
class Expression:
    """One pattern match with the positions and neighbours the exclusion rules read."""

    match: re.Match
    num_start: int
    num_end: int
    unit_s: Optional[str]
    pre: Optional[str]        # the qualifier before the numeral (近, 超过), if any
    start: int                # span start, the qualifier included
    end: int

    @property
    def before(self) -> str:
        """The character right before the numeral."""
        return self.match.string[self.num_start - 1] if self.num_start else ""


class Scan:
    """One text being scanned: the text, its web-address mask and the exclusion lexicon."""

    def __init__(self, text: str):
        self.text = text
        self.ex = exclusions()
        self.blocked = bytearray(len(text) + 1)
        if any(k in text for k in _URL_HINTS):
            for run in _URL_RUN.finditer(text):
                if any(k in run.group() for k in _URL_NEEDS):
                    for m in _URL.finditer(text, run.start(), run.end()):
                        self.blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())

    def expression(self, m: re.Match) -> Expression:
        """Locate the qualifier before a match and build its :class:`Expression`."""
        lead = m.start()
        pm = prefix_pattern().search(self.text, max(0, lead - 12), lead)
        pre = _SPACES.sub("", pm.group("pre")) if pm else None     # 超\n过 -> 超过
        return Expression(m, m.start("num"), m.end("num"), m.group("unit"),
                          pre, pm.start() if pm else lead, m.end())

    def before_span(self, e: Expression) -> str:
        """The four characters before the span (qualifier included)."""
        return self.text[max(0, e.start - 4):e.start]


def in_web_address(scan: Scan, e: Expression) -> bool:
    """Digits inside a URL, e-mail or domain name."""
    return any(scan.blocked[e.num_start:e.num_end])


def in_slogan(scan: Scan, e: Expression) -> bool:
    """Numerals of a slogan or programme name (一网通办, 十四五, 12345热线)."""
    text = scan.text
    return any(sm.start() < e.num_end and e.num_start < sm.end()
               for sm in scan.ex["slogans"].finditer(text, max(0, e.num_start - 8),
                                                     min(len(text), e.end + 8)))


def glued_to_code(scan: Scan, e: Expression) -> bool:
    """A number glued to a code, version or range before it (G60, V2.0, 3-5)."""
    ns, before = e.num_start, e.before
    before2 = scan.text[ns - 2] if ns >= 2 else ""
    if before.isascii() and before.isalpha():
        return True
    return bool(before) and before in _CODE_GLUE and before2.isascii() and before2.isalnum()


def session_number(scan: Scan, e: Expression) -> bool:
    """十五届人大三次会议: 次 after 届 numbers a session."""
    return e.unit_s == "次" and "届" in scan.text[max(0, e.num_start - 8):e.num_start]


def after_ordinal_prefix(scan: Scan, e: Expression) -> bool:
    """第三, 第十九届, and the ordinal prefixes of the exclusions file."""
    return scan.before_span(e).endswith(scan.ex["ordinal_prefixes"]) or e.before == "第"


def unit_starts_a_word(scan: Scan, e: Expression) -> bool:
    """The measure word begins a longer word (the unit followers of the exclusions file)."""
    after_unit = scan.text[e.end:e.end + 4]
    return bool(e.unit_s) and any(after_unit.startswith(w) for w in scan.ex["unit_followers"])


def unit_is_part_of_word(scan: Scan, e: Expression) -> bool:
    """A one-character measure word that is the first half of a word (the unit words)."""
    if not e.unit_s or len(e.unit_s) != 1:
        return False
    us = e.match.start("unit")
    return scan.text[us:us + 2] in scan.ex["unit_words"]


def in_ordinal_list(scan: Scan, e: Expression) -> bool:
    """Later members of an ordinal list: 第二、三、四部分."""
    return _ORDINAL_LIST.search(scan.text, max(0, e.num_start - 12), e.num_start) is not None


EXCLUSION_RULES: tuple[Callable[[Scan, Expression], bool], ...] = (
    in_web_address, in_slogan, glued_to_code, session_number, after_ordinal_prefix,
    unit_starts_a_word, unit_is_part_of_word, in_ordinal_list)


def drop_blocked_qualifier(scan: Scan, e: Expression) -> None:
    """Leave a qualifier out of the span when the character before it makes it another
    word (the prefix blockers of the exclusions file: 最近 is not 近)."""
    blockers = scan.ex["prefix_blockers"]
    if e.pre in blockers and e.start and scan.text[e.start - 1] in blockers[e.pre]:
        e.start, e.pre = e.match.start(), None


# --- stage 3: value reading ----------------------------------------------------------

def _completes_group(head: str, core: str) -> bool:
    """The digits after the wrap complete the thousands group the line ended in (12, + 051,
    1,0 + 26), or the line ended in plain digits."""
    if "," not in head:
        return True
    cut = len(head) - head.rfind(",") - 1
    return re.match(rf"\d{{{3 - cut}}}(?:,\d{{3}})*(?:\.\d+)?$", core) is not None


def join_wrapped_number(text: str, e: Expression, core: str) -> str:
    """Digits continued from the end of a long previous line (12\\n051条, 12,\\n051条) join the number;
    returns the numeral and moves the span's start when they do."""
    ns = e.num_start
    if core[0].isdigit() and not e.pre and text[max(0, ns - 1):ns] in ("\n", " ", "\t"):
        wm = _WRAPPED_DIGITS.search(text, max(0, ns - 12), ns)
        ls = text.rfind("\n", 0, wm.start(1)) + 1 if wm else 0
        if wm and wm.start(1) - ls >= _WRAPPED_MIN_LINE and _completes_group(wm.group(1), core):
            e.start = e.num_start = wm.start(1)
            return wm.group(1) + core
    return core


def read_value(text: str, e: Expression, unit: Unit) -> tuple[Optional[float | int], str]:
    """(value in base units, the numeral read) of an expression; value None if unreadable.

    The vague lead (数百, 几十, 上千) is dropped from the numeral; 万/亿 after it
    and the unit's scale (万元) multiply the value.
    """
    m = e.match
    numtxt, vague = m.group("num"), m.group("vague")
    core = numtxt[len(vague):] if vague else numtxt
    core = join_wrapped_number(text, e, core)
    value = parse_number(core)
    if value is None:
        return None, core
    mult = m.group("mult")
    if mult:
        value = scale(value, 10_000 if mult == "万" else 100_000_000)
    return scale(value, unit.scale), core


def read_approx(e: Expression) -> Optional[str]:
    """The approximation the expression states: its qualifier, then 余/多/数…, then 以上/左右."""
    c, m = cues(), e.match
    approx = c["approx_prefix"][e.pre] if e.pre else None
    if m.group("yu") or m.group("yu2") or m.group("vague"):
        approx = approx or "over"
    if m.group("post"):
        approx = approx or c["approx_suffix"][m.group("post")]
    return approx


def idiom_or_article(scan: Scan, e: Expression, core: str, approx: Optional[str],
                     before_span: str) -> bool:
    """A Chinese numeral that is no quantity: a bare 一/二 (一个平台; 一倍 is one; 复议一件, closing
    its clause, is a count), a
    numeral after a demonstrative (这两项), or a bare 百/千/万 (千家万户, 亿元以上)
    unless a qualifier counts it (近千个, 千余人次)."""
    if core in ("一", "壹", "二", "贰") and not approx and e.unit_s not in cues()["relative_units"]:
        closed = e.unit_s in cues()["closed_count_units"] \
            and (e.end >= len(scan.text) or scan.text[e.end] in cues()["count_closers"])
        return not closed
    if before_span.endswith(scan.ex["demonstratives"]):
        return True
    # a bare 百/千/万/亿 with only 以上/以下 after it is a threshold (亿元以上项目), not a quantity
    m = e.match
    counted = e.pre or m.group("yu") or m.group("yu2") or m.group("vague")
    return core[0] in "百千万亿" and not counted and not (e.unit_s and len(core) > 1)


def measured(text: str, e: Expression, unit: Unit) -> bool:
    """Whether the words right before the span name the quantity a qualifier-needing unit
    measures (优良天数318天, 权重为4分): then the number is a claim without 近/超过."""
    if unit.measured_by is None:
        return False
    return unit.measured_by.search(text[max(0, e.start - MEASURED_LOOKBACK):e.start]) is not None


def _excluded(scan: Scan, e: Expression) -> bool:
    """Whether any of :data:`EXCLUSION_RULES` drops the expression."""
    for rule in EXCLUSION_RULES:
        if rule(scan, e):
            return True
    return False


def find_candidates(text: str) -> list[Candidate]:
    """Every number expression of ``text`` that could be a claim (before context rules).

    See the module docstring for the three stages; the order of the rules does
    not change the result (each only drops the expression).
    """
    scan = Scan(text)
    out = []
    for m in pattern().finditer(text):
        unit = unit_of(m)
        if unit is None:
            continue
        e = scan.expression(m)
        if _excluded(scan, e):
            continue
        before_span = scan.before_span(e)      # read before a blocked qualifier is dropped
        drop_blocked_qualifier(scan, e)
        value, core = read_value(text, e, unit)
        if value is None:
            continue
        approx = read_approx(e)
        chinese = not m.group("num")[0].isdigit()
        if chinese and not m.group("pct") and idiom_or_article(scan, e, core, approx, before_span):
            continue
        if unit.needs_qualifier and not approx and not measured(text, e, unit):
            continue
        if unit.kind == "percent" and value > MAX_PERCENT:
            continue
        out.append(Candidate(e.start, e.end, e.num_start, e.num_end, value, unit, approx, chinese))
    return out
