"""Names of issuing bodies: recognise, complete, expand and lengthen them consistently.

One canonical form for every source of a name (title, 本报告由…编制 sentence, signature,
page furniture): abbreviations expanded (卫健委 -> 卫生健康委员会), a bare place completed
(上海市 -> 上海市人民政府, 某街道 -> 某街道办事处, a zone -> 某区管委会), 某区政府 ->
某区人民政府, and the text's own fuller form preferred (洪泽区… -> 淮安市洪泽区… when the text
writes 淮安市洪泽区).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .cues import issuer_rules, places

_CJK = r"\u4e00-\u9fff"
_NOISE = re.compile(r"[\s《》“”\"'‘’「」『』【】\[\]]")
_GOV = re.compile(r"^(.+?[省市区县旗镇乡])政府(办公厅|办公室)?$")
_BODY_CHARS = re.compile(f"[{_CJK}()（）]+")
_BOUNDARY = set("由与在向对于和及的、:：,，。;；(（《“\"' \n\t") | {""}


def clean(name: str) -> str:
    """Spaces, quotes and brackets removed: 《 上海市 人民政府 》 -> 上海市人民政府."""
    return _NOISE.sub("", name or "")


def is_body(name: str, max_chars: int = 40) -> bool:
    """True when ``name`` looks like the name of a body: CJK only, ends with a body suffix."""
    return (2 < len(name) <= max_chars and _BODY_CHARS.fullmatch(name) is not None
            and issuer_rules().body_end.search(name) is not None)


def expand_abbreviation(name: str) -> str:
    """上海市科委 -> 上海市科学技术委员会 (``places.yaml: department_abbreviations``)."""
    for short, full in _abbreviations():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


@lru_cache(maxsize=1)
def _abbreviations() -> tuple:
    """(short, full) pairs, longest short form first."""
    return tuple(sorted(places()["department_abbreviations"].items(), key=lambda kv: -len(kv[0])))


def complete_body(name: str) -> str:
    """Add the missing body suffix: 上海市 -> 上海市人民政府; 上海 -> 上海市人民政府;
    某街道 -> 某街道办事处; 某开发区 -> 某开发区管委会; a body name is returned as it is."""
    p = places()
    if name in p["municipalities"]:
        return name + "市人民政府"
    if name in p["provinces"]:
        return name + "省人民政府"
    if name in p["autonomous_regions"]:
        return p["autonomous_regions"][name] + "人民政府"
    if issuer_rules().body_end.search(name) and not name.endswith(tuple(p["area_suffixes"])):
        return name
    if name.endswith(tuple(p["district_new_areas"])):
        return name + "人民政府"
    for area in sorted(p["area_suffixes"], key=len, reverse=True):
        if name.endswith(area):
            return name + p["area_suffixes"][area]
    return name


def canonical(name: str) -> str:
    """The one form of a body's name every source is brought to (see the module docstring)."""
    name = complete_body(expand_abbreviation(clean(name)))
    return _GOV.sub(lambda g: g.group(1) + "人民政府" + (g.group(2) or ""), name)


def office_to_body(name: str) -> str:
    """The body whose report an office compiles: 某县人民政府办公室 -> 某县人民政府,
    某局办公室 -> 某局 (``issuers.yaml: office_of_body``); other names unchanged."""
    for pattern, repl in issuer_rules().office_of_body:
        new = pattern.sub(repl, name)
        if new != name:
            return new
    return name


def fuller_form(name: str, text: str) -> str:
    """洪泽区人民政府 -> 淮安市洪泽区人民政府 when the text names the city in front of it.

    Applies to any name that starts with a district, county or banner (洪泽区教育局 too).
    Candidates are the 2-4 characters before 市 in front of the area name; the one the text
    also uses on its own (after punctuation or a particle) wins.
    """
    m = re.match(rf"^[{_CJK}]{{1,8}}?(区|县|旗)", name)
    if not m or re.match(rf"^[{_CJK}]{{1,7}}[省市]", name[: m.end() - 1]) or name.startswith("自治"):
        return name
    area = m.group(0)
    votes: Counter = Counter()
    for s in _after_cjk(text, "市" + area):
        for n in (2, 3, 4):
            if s - n < 0:
                break
            city = text[s - n:s]
            if not re.fullmatch(f"[{_CJK}]+", city):
                break
            before = text[s - n - 1] if s - n - 1 >= 0 else ""
            if before in _BOUNDARY:
                votes[city] += 1
    if not votes:
        return name
    city = max(votes, key=lambda c: (votes[c], len(c)))
    return city + "市" + name


def _after_cjk(text: str, needle: str):
    """Offsets of ``needle`` in ``text`` right after a CJK character, left to right without
    overlaps (as ``re.finditer(r"(?<=[CJK])" + re.escape(needle))`` finds them, at ``str.find``
    speed and with no pattern compiled per name)."""
    pos = text.find(needle)
    while pos >= 0:
        if pos and "\u4e00" <= text[pos - 1] <= "\u9fff":
            yield pos
            pos = text.find(needle, pos + len(needle))
        else:
            pos = text.find(needle, pos + 1)


def prefer_longer(name: str, others) -> str:
    """The longest of ``others`` that ends with ``name`` and only adds a place in front
    (洪泽区人民政府 + 淮安市洪泽区人民政府 -> the latter), else ``name``."""
    best = name
    for other in others:
        if other and other != name and other.endswith(name) and len(other) > len(best) \
                and re.fullmatch(rf"[{_CJK}]+?[省市区县旗州盟]", other[: len(other) - len(name)]):
            best = other
    return best
