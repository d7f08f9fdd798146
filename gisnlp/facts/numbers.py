"""Numeral grammar: Arabic, Chinese and mixed number expressions to values.

Covers ``12,051``, ``44.5万``, ``1.2亿``, ``三千余`` (the 余 is the caller's),
``二十七``, ``两百``, ``百``, ``数百``, ``二〇二一`` (digit by digit),
``百分之三十`` and Chinese decimals (``九十八点五``). cn2an handles most of these too, but it rewrites idioms and
crashes on a bare 百, so the grammar is our own; cn2an serves as an
independent renderer in the tests.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3,
          "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_SEPARATORS = re.compile(r"[,\s]")
_ARABIC_WITH_UNITS = re.compile(r"([\d,\s]*\d(?:\.\d+)?)\s*([十百千万亿]*)")
_UNIT_VALUES = {**SMALL_UNITS, **BIG_UNITS}


def _clean(value) -> float | int:
    """Return an int when the value is integral (up to float noise), else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    r = round(value)
    if abs(value - r) < 1e-6:
        return int(r)
    return round(value, 10)


def parse_arabic(s: str) -> Optional[float | int]:
    """``12,051`` / ``1 500`` / ``21.7`` -> number (separators and spaces dropped)."""
    t = _SEPARATORS.sub("", s)
    if not _ARABIC.fullmatch(t):
        return None
    return _clean(Decimal(t))


def _parse_section(s: str) -> Optional[int]:
    """A Chinese numeral below 10,000: ``二千零五``, ``十七``, ``百``."""
    if not s:
        return 0
    total, digit, seen = 0, None, False
    for ch in s:
        if ch in DIGITS:
            if digit is not None and seen:
                return None               # two digits in a row inside a section
            digit = DIGITS[ch]
            seen = True
        elif ch in SMALL_UNITS:
            mult = SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * mult
            digit, seen = None, False
        else:
            return None
        if ch in ("零", "〇", "○"):
            digit, seen = None, False
    if digit is not None:
        total += digit
    return total


def parse_chinese(s: str) -> Optional[int]:
    """A Chinese numeral (``三千二百``, ``两万``, ``一亿二千万``, ``二〇二一``) -> int."""
    if not s or any(ch not in CN_CHARS for ch in s):
        return None
    # Digit-by-digit form (二〇二一, 一二三四五): no positional units at all.
    if len(s) > 1 and all(ch in DIGITS for ch in s):
        return int("".join(str(DIGITS[ch]) for ch in s))
    total = 0
    rest = s
    for big, mult in (("亿", BIG_UNITS["亿"]), ("万", BIG_UNITS["万"])):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big == "亿" and "亿" in rest:
                return None
            if head == "":
                val = 1
            else:
                val = parse_chinese(head) if ("万" in head or "亿" in head) else _parse_section(head)
            if val is None:
                return None
            total += val * mult
    sec = _parse_section(rest)
    if sec is None:
        return None
    return total + sec


def scale(value: float | int, factor: float | int) -> float | int:
    """``value * factor`` without binary float noise (128.2 x 1亿 = 12820000000)."""
    if factor == 1:
        return value
    return _clean(Decimal(str(value)) * Decimal(str(factor)))


def parse_number(s: str) -> Optional[float | int]:
    """Any numeral this package reads: Arabic, Chinese, or Arabic + 十/百/千/万/亿.

    ``44.5万`` -> 445000, ``1.2亿`` -> 120000000, ``3千`` -> 3000, ``二十七`` -> 27,
    ``12 051`` -> 12051. Returns None when ``s`` is not a numeral.
    """
    s = s.strip()
    if not s:
        return None
    if s.startswith("百分之"):
        return parse_number(s[3:])
    m = _ARABIC_WITH_UNITS.fullmatch(s)
    if m:
        t = _SEPARATORS.sub("", m.group(1))
        if not _ARABIC.fullmatch(t):
            return None
        mult = 1
        for ch in m.group(2):
            mult *= _UNIT_VALUES[ch]
        return _clean(Decimal(t) * mult)
    if "点" in s:
        return _parse_chinese_decimal(s)
    val = parse_chinese(s)
    return None if val is None else _clean(val)


def _parse_chinese_decimal(s: str) -> Optional[float | int]:
    """``九十八点五`` -> 98.5: a Chinese integer part, 点, then one digit per decimal place."""
    head, _, tail = s.partition("点")
    whole = parse_chinese(head) if head else None
    if whole is None or not tail or any(ch not in DIGITS or ch == "两" for ch in tail):
        return None
    return _clean(Decimal(f"{whole}.{''.join(str(DIGITS[ch]) for ch in tail)}"))
