"""Page furniture: 索引号, 发布时间, 来源, 字号, breadcrumbs, share and print menus.

Such lines are never the title, the issuer or the year; what they say is kept aside as weak
evidence (the publishing body, the page's dates, a 标题: field) for when the text itself says
nothing better.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Optional

from .cues import cues

_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_CN_DIGIT = dict(zip("〇零○Ｏ一二三四五六七八九", "0000123456789"))


@dataclass
class PageFacts:
    """What the furniture of a page says (weak evidence, see the module docstring)."""

    title: Optional[str] = None                       # a 标题: field or a breadcrumb's last crumb
    publishers: list[str] = field(default_factory=list)
    dates: list[tuple[int, int, int]] = field(default_factory=list)   # (year, month, day)
    lines: set[int] = field(default_factory=set)      # indexes of the furniture lines


def is_furniture(line: str) -> bool:
    """True for a furniture line: a labelled field (索引号：…), a breadcrumb, a menu, a bare date."""
    c = cues()
    s = line.strip()
    if c.furniture_start.search(s):
        return True
    # two labelled fields or more; each holds a colon
    return s.count(":") + s.count("：") >= 2 and _two_fields(s)


def _two_fields(s: str) -> bool:
    """Whether ``s`` holds two labelled fields (``furniture_field`` matches twice).

    On one line a field's value always ends (at the next label, a ``|`` or the end), so
    a second field is there exactly when a label and its colon follow the first one's:
    found without reading the values, which on a flattened page run to its end.
    """
    c = cues()
    if "\n" in s:              # a value stops at a line break: read the fields themselves
        return next(islice(c.furniture_field.finditer(s), 1, None), None) is not None
    first = c.field_label.search(s)
    return first is not None and c.field_label.search(s, first.end()) is not None


def parse_date(text: str) -> Optional[tuple[int, int, int]]:
    """(year, month, day) of the first date in ``text`` (2024-01-20, 2024年1月20日,
    二〇二四年一月二十日), or None."""
    m = _ISO_DATE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = re.search(r"([一二][〇零○Ｏ一二三四五六七八九]{3})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                  r"\s*([一二三四五六七八九十]{1,3})\s*日", text)
    if m:
        year = int("".join(_CN_DIGIT[ch] for ch in m.group(1)))
        return year, _small_numeral(m.group(2)), _small_numeral(m.group(3))
    return None


def _small_numeral(s: str) -> int:
    """一 … 三十一 -> 1 … 31."""
    if "十" not in s:
        return int(_CN_DIGIT.get(s, "0"))
    tens, _, ones = s.partition("十")
    return (int(_CN_DIGIT[tens]) if tens else 1) * 10 + (int(_CN_DIGIT[ones]) if ones else 0)


def scan(lines: list[str]) -> PageFacts:
    """The furniture among ``lines`` (the head of a document) and what it says."""
    c = cues()
    facts = PageFacts()
    for i, line in enumerate(lines):
        m = c.title_label.match(line)
        if m:
            facts.title = facts.title or line[m.end():].strip() or None
            facts.lines.add(i)
            continue
        if not is_furniture(line):
            continue
        facts.lines.add(i)
        crumb = c.breadcrumb_last.search(line)
        if crumb and c.title_hint.search(crumb.group(1)):
            facts.title = facts.title or crumb.group(1)      # 首页 > … > 某某2022年…年度报告
        for label, value in c.furniture_field.findall(line):
            value = value.strip()
            if label in c.publisher_labels and value:
                facts.publishers.append(value)
            elif label in c.date_labels and parse_date(value):
                facts.dates.append(parse_date(value))
        if _ISO_DATE.match(line.strip()):
            facts.dates.append(parse_date(line))          # 2022-01-27 09:30 来源：…
    return facts
