"""The year a document reports on (or plans for), never the date it was published.

In order: the title's year (the text's title, the short lines around it, the container's
title; the largest of several, so "2023 vs 2024" compares up to 2024); a report period or
2023年度 in the head; the year most often opening a sentence of the body (a year followed by
将/计划/力争 is a plan for the next one and does not count; dates 2024年1月20日 do not count);
else, as a flagged guess, the page's publication date or the closing signature's date (an
annual report is published in the year after the one it reports on), or the first date the
text gives.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .cues import cues

YEAR = r"((?:19|20)\d{2})"
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
# A year in a title: followed by 年, a comparison (vs, -, 至) or the end, but not a full date.
_TITLE_YEAR = re.compile(YEAR + r"(?=\s*年(?!\s*\d{1,2}\s*月)|\s*(?:vs|VS|-|—|~|至|$|[_\s)）]))")
_SENTENCE_YEAR = re.compile(r"(?:^|[。，,\n:：;；])\s*" + YEAR + r"\s*年(?!\s*\d{1,2}\s*月)[，,]?")
_ANY_YEAR = re.compile(YEAR + r"\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_DU = re.compile(YEAR + r"\s*年度")
_DATE_YEAR = re.compile(YEAR + r"\s*年\s*\d{1,2}\s*月")


@dataclass
class YearFound:
    """The year and where it came from (title, period, body, date); ``guess`` when it was
    inferred from a date rather than stated."""

    year: Optional[int] = None
    source: str = ""
    guess: bool = False


def arabic_years(text: str) -> str:
    """二〇二二年 -> 2022年 (same length, so positions are kept)."""
    return re.sub(r"[一二][〇零○Ｏ一二三四五六七八九]{3}(?=\s*年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


def year_of_titles(titles) -> Optional[int]:
    """The largest year named in the first title that names one."""
    for t in titles:
        years = [int(y) for y in _TITLE_YEAR.findall(arabic_years(t or ""))]
        if years:
            return max(years)
    return None


def year_of_body(text: str, head: str) -> YearFound:
    """The year the body reports on (see the module docstring), or an empty result."""
    c = cues()
    head = arabic_years(head)
    m = c.report_period.search(head)
    if m:
        return YearFound(int(m.group(1)), "report period")
    m = _YEAR_DU.search(head)
    if m:
        return YearFound(int(m.group(1)), "年度 in the head")
    text = arabic_years(text[:200000])
    first: dict[int, int] = {}
    votes: Counter = Counter()
    for m in _SENTENCE_YEAR.finditer(text):
        if c.future_after_year.match(text[m.end():m.end() + 12]):
            continue
        y = int(m.group(1))
        votes[y] += 1
        first.setdefault(y, m.start())
    if not votes:
        for m in _ANY_YEAR.finditer(text):
            y = int(m.group(1))
            votes[y] += 1
            first.setdefault(y, m.start())
    if votes:
        year = max(votes, key=lambda y: (votes[y], -first[y]))
        return YearFound(year, "body")
    return YearFound()


def year_of_dates(dates, doc_type: str) -> YearFound:
    """A guess from the page's or the signature's date: the year before for an annual report
    (published after the year it reports on), the date's year otherwise."""
    if not dates:
        return YearFound()
    y = dates[0][0]
    return YearFound(y - 1 if doc_type == "annual_report" else y, "date", guess=True)


def detect_year(titles, text: str, head: str, dates, doc_type: str) -> YearFound:
    """The year reported on, with its source (see the module docstring)."""
    y = year_of_titles(titles)
    if y is not None:
        return YearFound(y, "title")
    found = year_of_body(text, head)
    if found.year is None:
        found = year_of_dates(dates, doc_type)
    if found.year is None:                     # only dates in the text: 你于2023年5月提出的申请
        m = _DATE_YEAR.search(arabic_years(text[:200000]))
        if m:
            found = year_of_dates([(int(m.group(1)), 0, 0)], doc_type)
    return found
