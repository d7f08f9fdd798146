"""What a fact counts: a short normalised noun phrase, from a controlled vocabulary when it fits.

The phrase comes from the clause before the number (or the noun after its
measure word); ``data/metrics.yaml`` maps known phrases onto one name each and
documents the normalisation of free text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
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
_TO_CLAUSE_END = re.compile(r"[^,;:。!?、\n\t“”]*")
_TO_SENTENCE_PART_END = re.compile(r"[^,;:。!?\n]*")
_QUANTIFIER_WORDS = re.compile(r"全部|均|都|全面|分别|累计|共")
_LEADING_CODE = re.compile(r"^[0-9A-Za-z.]+")


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
    """(bare outcome words such as 结果纠正, the proceedings that govern them) from metrics.yaml."""
    d = load_yaml("metrics.yaml")
    return frozenset(d.get("qualifiers") or ()), tuple(d.get("governors") or ())


def vocabulary_names() -> list[str]:
    """The names of the controlled metric vocabulary, in priority order."""
    return [n for n, _, _ in vocabulary()]


@lru_cache(maxsize=1)
def _fillers():
    d = load_yaml("fact_metric_fillers.yaml")
    lead = sorted(d["leading"], key=len, reverse=True)
    trail = sorted(d["trailing"], key=len, reverse=True)
    alt = lambda ws: "|".join(re.escape(w) for w in ws)
    return (re.compile(rf"^(?:{alt(lead)})+"), re.compile(rf"(?:{alt(trail)})+$"),
            frozenset(d["verbs"]))


@dataclass(frozen=True)
class MetricContext:
    """What a context pattern of ``metrics.yaml`` is checked against."""

    sentence: str = ""          # the sentence before the number
    headings: str = ""          # the heading path of the fact's segment


@lru_cache(maxsize=1)
def _contexts() -> dict[str, tuple[re.Pattern, Optional[re.Pattern]]]:
    """Context name -> (requires, excludes) from the ``contexts`` of metrics.yaml."""
    d = load_yaml("metrics.yaml").get("contexts") or {}
    return {name: (re.compile(spec["requires"]), re.compile(spec["excludes"]) if spec.get("excludes") else None)
            for name, spec in d.items()}


def context_accepts(name: str, context: Optional[MetricContext]) -> bool:
    """Does ``context`` satisfy the named context (requires in sentence or headings, no excludes)?"""
    if context is None:
        return False
    requires, excludes = _contexts()[name]
    if excludes is not None and excludes.search(context.sentence):
        return False
    return bool(requires.search(context.sentence) or requires.search(context.headings))


@lru_cache(maxsize=2)
def _vocabulary_pattern(with_context: bool) -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    """All entries in one alternation (file order = priority): the pattern, group name ->
    metric, and group name -> context name for the groups of ``context_patterns``."""
    specs = load_yaml("metrics.yaml")["metrics"]
    names, needs, parts = {}, {}, []
    for i, (name, rx, _) in enumerate(vocabulary()):
        names[f"m{i}"] = name
        parts.append(f"(?P<m{i}>{rx.pattern})")
        extra = specs[name].get("context_patterns") if with_context else None
        if extra:
            names[f"c{i}"], needs[f"c{i}"] = name, specs[name]["context"]
            parts.append(f"(?P<c{i}>" + "|".join(f"(?:{p})" for p in extra) + ")")
    return re.compile("|".join(parts)), names, needs


@lru_cache(maxsize=4096)
def _full_match(phrase: str, with_context: bool) -> tuple[Optional[str], Optional[str]]:
    """(vocabulary name, the context it needs or None) of the first entry matching ``phrase``."""
    rx, names, needs = _vocabulary_pattern(with_context)
    m = rx.fullmatch(phrase)
    return (names[m.lastgroup], needs.get(m.lastgroup)) if m else (None, None)


def canonical(phrase: str, context: Optional[MetricContext] = None) -> Optional[str]:
    """The vocabulary name whose pattern fully matches ``phrase``, if any.

    A ``context_patterns`` entry (a bare 申请, 办结) counts only when ``context``
    satisfies the entry's context; otherwise the phrase is looked up as if the
    entry had no such patterns.
    """
    name, needs = _full_match(phrase, True)
    if needs is None or context_accepts(needs, context):
        return name
    return _full_match(phrase, False)[0]


@lru_cache(maxsize=1)
def _part_titles() -> re.Pattern:
    return re.compile(load_yaml("fact_metric_fillers.yaml")["part_titles"])


_HEADING_MARKS = re.compile(r"[。,;:!?、]")


def heading_metric(title: str) -> str:
    """A heading's title as a metric of last resort: without its numbering (一、 (二) 3.) and
    never a part title (总体情况, 主动公开政府信息情况…), which names no quantity; "" then."""
    phrase = clean_phrase(_HEADING_MARKS.sub("", clean_phrase(title)))
    return "" if _part_titles().fullmatch(phrase) else phrase[:MAX_CHARS]


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


def is_verb(s: str) -> bool:
    """``s`` is one of the filler verbs of fact_metric_fillers.yaml (开展, 完成…)."""
    return s in _fillers()[2]


# What may follow a measure word without starting a noun (16人次[后], 5个[以上]).
_NOT_NOUN_START = "后前内外中以之左上下间余多的等及和与或并且也均都已被为是在于到至次"


def right_noun(text: str, end: int, limit: int = 12) -> str:
    """The noun phrase right after a measure word (新增公开446个[重大建设项目])."""
    m = _TO_CLAUSE_END.match(text, end, end + 40)
    s = m.group(0) if m else ""
    s = _BRACKETS.sub("", _QUOTES.sub("", s)).strip()
    if not s or s[0] in _NOT_NOUN_START or not ("\u4e00" <= s[0] <= "\u9fff"):
        return ""
    # stop at the first verb-ish break or number: keeps the noun head short
    s = _right_stop().split(s)[0]
    s = _QUANTIFIER_WORDS.split(s)[0]
    return s[:limit]


@lru_cache(maxsize=1)
def _right_stop() -> re.Pattern:
    verbs = sorted(_fillers()[2] | {"进行", "实现", "开展", "参加", "参与", "通过", "实施", "完成", "获得",
                                    "进入", "列席", "出席", "开通", "得到", "纳入", "接受"}, key=len, reverse=True)
    return re.compile("(?:的|等|并且|,|\\(|\\d|[一二三四五六七八九十两]+[个项条件次]|和(?!谐)|及(?!时)|与|以及|"
                      + "|".join(re.escape(v) for v in verbs if len(v) >= 2) + ")")


def _name_by_keyword(phrase: str) -> Optional[str]:
    """The first vocabulary name one of whose keywords occurs in ``phrase``."""
    for name, rx in _keywords():
        if rx.search(phrase):
            return name
    return None


@lru_cache(maxsize=1)
def _keywords() -> list[tuple[str, re.Pattern]]:
    d = load_yaml("metrics.yaml")["metrics"]
    return [(n, re.compile("|".join(spec["keywords"]))) for n, spec in d.items() if spec.get("keywords")]


def build_metric(left: str, text: str, end: int, change_or_share: bool,
                 context: Optional[MetricContext] = None) -> str:
    """Free-text metric: the noun after the measure word when one follows (V+NUM+CL+N),
    else the left clause (cut at 比/较/占); mapped onto the vocabulary when it fits
    (``context`` decides the vocabulary's context patterns)."""
    raw = left
    if change_or_share:
        raw = _COMPARE.split(raw)[0].split("占")[0]
    elif _COMPARE_BASE.search(raw):
        raw = _COMPARE_BASE.split(raw)[0]
    phrase = clean_phrase(raw)
    if change_or_share:
        phrase = _change_tail().sub("", phrase)
    name = canonical(phrase, context)
    if name:
        return name
    name = _name_by_keyword(phrase)
    if name:
        return name
    if not change_or_share and len(phrase) < 4:
        # 另有[1396件]申请…顺延到下年度: the words after the number name it
        m = _TO_SENTENCE_PART_END.match(text, end, end + 40)
        name = _name_by_keyword(m.group(0)) if m else None
        if name:
            return name
    noun = "" if change_or_share else clean_phrase(right_noun(text, end))
    if len(noun) >= 2 or (noun and len(phrase) < 2):
        # a verb just before the number stays: 新建[10个]医疗急救分站 -> 新建医疗急救分站;
        # a generic two-character head keeps its modifier: 夜间经济发展[十条]措施
        verb = _trailing_verb(phrase)
        if len(noun) == 2 and len(phrase) >= 2 and not verb:
            cand = phrase[-10:] + noun
        else:
            cand = verb + noun
        return canonical(cand, context) or canonical(noun, context) or cand
    if len(phrase) < 2 or (is_verb(phrase) and change_or_share):
        phrase = ""
    if len(phrase) > MAX_CHARS:
        cut = phrase.rfind("的")
        tail = phrase[cut + 1:] if cut >= 0 else ""
        if 4 <= len(tail) <= MAX_CHARS:
            phrase = clean_phrase(tail)
        else:
            cut = phrase[-MAX_CHARS:]
            # never start inside a code or number (12345热线 -> not 2345热线)
            if phrase[-MAX_CHARS - 1].isascii() and phrase[-MAX_CHARS - 1].isalnum():
                cut = _LEADING_CODE.sub("", cut)
            phrase = cut
        name = canonical(phrase, context)
        if name:
            return name
    return phrase


def _trailing_verb(phrase: str) -> str:
    verbs = _fillers()[2]
    for n in (4, 3, 2):
        if len(phrase) >= n and phrase[-n:] in verbs:
            return phrase[-n:]
    return ""
