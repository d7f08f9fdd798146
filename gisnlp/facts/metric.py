"""What a fact counts: a short normalised noun phrase, from a controlled vocabulary when it fits.

The phrase comes from the clause before the number (or the noun after its
measure word); ``data/metrics.yaml`` maps known phrases onto one name each and
documents the normalisation of free text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..resources import load_yaml

MAX_CHARS = 16

_ENUM = re.compile(r"^\s*(?:\(\s*[一二三四五六七八九十\d]+\s*\)|[一二三四五六七八九十]+、|\d+[、.](?!\d)|[①-⑳])\s*")
_BRACKETS = re.compile(r"\([^()]*\)|（[^（）]*）|\[[^\]]*\]|【[^】]*】")
_QUOTES = re.compile(r"[“”\"'‘’《》〈〉「」『』<>]")
_YEAR = re.compile(r"(?:截至|截止|从|自)?\s*(?:\d{4}|[〇一二三四五六七八九零]{4})\s*年(?:度)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:以来|的|底|末|全年)?")
_SPACE = re.compile(r"\s+")
# Time expressions that open a clause (一季度发布信息30条, 1-12月共受理申请).
_TIME = re.compile(r"^(?:截至|截止|自|从)?(?:(?:\d{1,2}\s*[-~至到]\s*)?\d{1,2}月(?:份|底|末|中旬|上旬|下旬)?|"
                   r"第?[一二三四1-4]季度|前[一二三]季度|[上下]半年|年底|年初|年末|目前|当前|"
                   r"今年以来|近年来|以来|至今|期间|同期)")
# 比/较 that start a comparison (比上年, 较2019年), not 比例/比重/比对.
_COMPARE = re.compile(r"同比|环比|相比|相较|(?:比|较)(?!例|重|对|率|较)")
_COMPARE_BASE = re.compile(r"(?:比|较)(?=上年|去年|上一年|前一年|同期|\d{4}\s*年)")


@lru_cache(maxsize=1)
def vocabulary() -> list[tuple[str, re.Pattern, list[str]]]:
    """(name, compiled fullmatch pattern, cell hints) in file order."""
    d = load_yaml("metrics.yaml")["metrics"]
    out = []
    for name, spec in d.items():
        rx = re.compile("|".join(f"(?:{p})" for p in spec["patterns"]))
        out.append((name, rx, list(spec.get("cells") or [])))
    return out


@lru_cache(maxsize=1)
def metric_qualifiers() -> tuple[frozenset, tuple]:
    d = load_yaml("metrics.yaml")
    return frozenset(d.get("qualifiers") or ()), tuple(d.get("governors") or ())


def vocabulary_names() -> list[str]:
    return [n for n, _, _ in vocabulary()]


@lru_cache(maxsize=1)
def _fillers():
    d = load_yaml("fact_metric_fillers.yaml")
    lead = sorted(d["leading"], key=len, reverse=True)
    trail = sorted(d["trailing"], key=len, reverse=True)
    alt = lambda ws: "|".join(re.escape(w) for w in ws)
    return (re.compile(rf"^(?:{alt(lead)})+"), re.compile(rf"(?:{alt(trail)})+$"),
            frozenset(d["verbs"]))


@lru_cache(maxsize=1)
def _combined() -> tuple[re.Pattern, dict[str, str]]:
    """All entries in one alternation (file order = priority); group name -> metric."""
    names = {}
    parts = []
    for i, (name, rx, _) in enumerate(vocabulary()):
        names[f"m{i}"] = name
        parts.append(f"(?P<m{i}>{rx.pattern})")
    return re.compile("|".join(parts)), names


@lru_cache(maxsize=4096)
def canonical(phrase: str) -> Optional[str]:
    """The vocabulary name whose pattern fully matches ``phrase``, if any."""
    rx, names = _combined()
    m = rx.fullmatch(phrase)
    return names[m.lastgroup] if m else None


def clean_phrase(s: str) -> str:
    """Normalise a raw context string into a metric phrase (see metrics.yaml header)."""
    lead, trail, _ = _fillers()
    s = _ENUM.sub("", s)
    s = _BRACKETS.sub("", s)
    s = _QUOTES.sub("", s)
    s = _YEAR.sub("", s)
    s = _SPACE.sub("", s)
    s = s.strip(",.;:!?、·-—_()（）[]")
    for _ in range(3):
        t = trail.sub("", lead.sub("", _TIME.sub("", s)))
        if t == s:
            break
        s = t
    return s


@lru_cache(maxsize=1)
def _change_tail() -> re.Pattern:
    c = load_yaml("fact_cues.yaml")["change_verbs"]
    words = sorted(set(c["up"]) | set(c["down"]), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")(?:了|幅度|为)*$")


class _LazyTail:
    def sub(self, repl, s):
        return _change_tail().sub(repl, s)


_CHANGE_TAIL = _LazyTail()


def is_verb(s: str) -> bool:
    return s in _fillers()[2]


def right_noun(text: str, end: int, limit: int = 12) -> str:
    """The noun phrase right after a measure word (公开446个[重大建设项目])."""
    m = re.match(r"[^,;:。!?、\n\t()“”]*", text[end:end + 40])
    s = m.group(0) if m else ""
    s = _QUOTES.sub("", s).strip()
    s = re.sub(r"^(?:的|之)", "", s)
    # stop at the first verb-ish break (的/进行/实现/开展 …) or number: keeps the noun head short
    s = re.split(r"(?:的|进行|实现|开展|等|并且|,|\d|[一二三四五六七八九十两]+[个项条件次])", s)[0]
    return s[:limit]


def build_metric(left: str, text: str, end: int, change_or_share: bool) -> str:
    """Free-text metric from the left clause (cut at 比/较/占) or the noun after the unit."""
    raw = left
    if change_or_share:
        raw = re.split(r"占", _COMPARE.split(raw)[0])[0]
    elif _COMPARE_BASE.search(raw):
        raw = _COMPARE_BASE.split(raw)[0]
    phrase = clean_phrase(raw)
    if change_or_share:
        phrase = _CHANGE_TAIL.sub("", phrase)
    name = canonical(phrase)
    if name:
        return name
    if not phrase or is_verb(phrase) or len(phrase) < 2:
        noun = clean_phrase(right_noun(text, end)) if not change_or_share else ""
        if noun:
            phrase = (phrase + noun) if is_verb(phrase) else noun
            name = canonical(phrase)
            if name:
                return name
        elif len(phrase) < 2 or is_verb(phrase) and change_or_share:
            phrase = ""
    if len(phrase) > MAX_CHARS:
        cut = phrase.rfind("的")
        tail = phrase[cut + 1:] if cut >= 0 else ""
        phrase = clean_phrase(tail) if 4 <= len(tail) <= MAX_CHARS else phrase[-MAX_CHARS:]
        name = canonical(phrase)
        if name:
            return name
    return phrase
