"""The issuing body: the government, department, township or zone whose report (or plan) it is.

Sources, strongest first: the title (关于印发 prefix, the name before the year and
政府信息公开, a name after ——, a place inside 《…》), a body line printed next to the title
(a letterhead, a line below), a 本报告由…编制 / …编制了… / 现公布…年度报告 sentence of the head,
the closing signature (a body line next to a date line), then — only for reports and plans,
flagged in a warning — the site name in the container's title and the page's 发布机构/来源 field.
For an annual report, an office that compiles it is replaced by its body (某县人民政府办公室 ->
某县人民政府, 某局办公室 -> 某局); a title that names an office keeps it (its own report). The
name is then brought to one canonical form (names.py) and its text's fuller form preferred.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .cues import cues, issuer_rules
from .names import canonical, clean, fuller_form, is_body, office_to_body, prefer_longer
from .year import YEAR, arabic_years

_CJK = r"\u4e00-\u9fff"
_GENERIC = re.compile(r"(关于|本|我|全|各)[\u4e00-\u9fff]*|(人民)?政府|各级|年度|年|度")


@dataclass
class IssuerFound:
    """The issuer and where it came from; ``weak`` when only the page furniture or the
    container's site name gave it."""

    name: Optional[str] = None
    source: str = ""
    weak: bool = False
    candidates: list[str] = field(default_factory=list)


def name_in_title(title: str) -> Optional[str]:
    """The body a title names, in canonical form, or None (see the module docstring)."""
    t = clean(title)
    if not t:
        return None
    m = re.match(rf"^([{_CJK}]{{2,30}}?)关于印发", t)
    if m:
        return canonical(m.group(1))
    inner = re.search(r"关于印发.*?[《“\"]?([^《》]*?(?:工作要点|实施方案|工作安排)[^《》]*?)[》”\"]?的?通知", title)
    if inner and inner.group(1).strip() != title.strip():
        return name_in_title(inner.group(1))
    for part in re.split(r"——|--|—", t)[1:]:
        if is_body(canonical(part)):
            return canonical(part)            # 年度报告（2021年度）——某区人民政府
    t = re.sub(r"(文档格式|文档|格式|范文)*\.(docx?|pdf|txt|html?)$", "", t)
    t = arabic_years(t)
    t = re.sub(YEAR + r"\s*[-—–~至]\s*" + YEAR + r"\s*学?年度?", "", t)   # 2022-2023学年 (schools)
    t = re.sub(YEAR + r"(年度?|vs|VS)?", "", t)
    t = re.sub(r"^[《“\"（(]+", "", t)
    m = re.match(rf"([{_CJK}]{{2,40}}?)(?:{cues().disclosure.pattern})", t)
    name = m.group(1) if m else _leading_place(t)
    if not name:
        return None
    name = re.sub(r"关于$", "", name)
    if name.startswith("关于"):
        return None
    name = re.split(r"关于", name)[0] or name
    if _GENERIC.fullmatch(name):
        return None
    return canonical(name)


def _leading_place(t: str) -> Optional[str]:
    """The place a title starts with (某市某区政务服务办事指南 -> 某市某区), or None."""
    rules = issuer_rules()
    pos, end = 0, 0
    while True:
        m = rules.area_segment.match(t, pos)
        if not m or rules.not_area.match(m.group(0)):
            break
        pos = end = m.end()
    return t[:end] if end >= 3 else None


def names_in_sentences(head: str) -> list[str]:
    """Body names of 本报告由…编制 / …编制了 / 现公布…年度报告 / 由…负责解释 clauses, in order
    (``head`` is the document's head, and its tail)."""
    c = cues()
    out = []
    for pattern in c.compiled_by:
        for m in pattern.finditer(head):
            name = _cut_name(m.group("name"))
            if name and name not in out:
                out.append(name)
    return out


def _cut_name(raw: str) -> Optional[str]:
    """The body name a clause starts with: lead words off (根据…要求，), cut at the first
    stop word (由某局根据…编制), then the longest prefix that ends like a body."""
    c = cues()
    raw = clean(c.name_lead.sub("", clean(raw)))
    stop = c.name_stop.search(raw)
    raw = raw[:stop.start()] if stop else raw
    for end in range(len(raw), 2, -1):
        name = raw[:end]
        if is_body(name) and not _GENERIC.fullmatch(name) and not re.match(r"^[区市县省镇乡本我各全该]", name):
            return name
    return None


def opening_subject(head: str) -> Optional[str]:
    """The body that opens the report's first sentence (2023年，某某街道办事处认真贯彻… ->
    某某街道办事处), or None; 我区 / 本局 / a bare place are not names (``_cut_name``)."""
    m = cues().opening_subject.search(head)
    return _cut_name(m.group("name")) if m else None


def signature(tail: list[str]) -> Optional[str]:
    """The body named in the closing signature: a body line just above or below a date line
    (某县人民政府办公室 / 2024年1月20日), or both on one line."""
    c = cues()
    for i in range(len(tail) - 1, -1, -1):
        line = tail[i].replace(" ", "")
        if c.date_line.match(line):
            for j in (i - 1, i + 1, i - 2):
                if 0 <= j < len(tail):
                    cand = clean(tail[j])
                    if is_body(cand, c.signature_chars):
                        return cand
        m = re.match(rf"^([{_CJK}]{{3,40}})\s+(.+)$", tail[i].strip())
        if m and c.date_line.match(m.group(2).replace(" ", "")) and is_body(m.group(1), c.signature_chars):
            return m.group(1)
    return None


def site_names(parts: list[str]) -> list[str]:
    """Body names of a container title's site parts (某区人民政府网 -> 某区人民政府)."""
    c = cues()
    out = []
    for p in parts:
        name = c.site_suffix.sub("", clean(p))
        if is_body(name):
            out.append(name)
    return out


def detect_issuer(title: str, around: list[str], head: str, tail: list[str], site: list[str],
                  publishers: list[str], text: str, doc_type: str) -> IssuerFound:
    """The issuer from every source in order of strength (see the module docstring)."""
    report = doc_type == "annual_report"
    to_body = office_to_body if report else (lambda n: n)
    strong: list[tuple[str, str]] = []
    in_title = name_in_title(title) if title else None
    if in_title:
        strong.append(("title", in_title))
    strong += [("title block", canonical(l)) for l in around if is_body(clean(l), 30)
               and not cues().title_hint.search(l)]
    strong += [("compiled-by sentence", canonical(to_body(n)))
               for n in names_in_sentences(head + "\n" + "\n".join(tail)[-cues().line_chars:])]
    sig = signature(tail)
    if sig:
        strong.append(("signature", canonical(to_body(sig))))
    opening = opening_subject(head)
    if opening:
        strong.append(("opening sentence", canonical(to_body(opening))))
    weak: list[tuple[str, str]] = []
    if doc_type != "other":
        weak += [("site name", canonical(to_body(n))) for n in site_names(site)]
        weak += [("page's publisher field", canonical(to_body(clean(p)))) for p in publishers if is_body(clean(p))]
    pool = strong or weak
    if not pool:
        return IssuerFound()
    source, name = pool[0]
    names = [n for _, n in strong + weak]
    name = fuller_form(prefer_longer(name, names), text)
    return IssuerFound(name, source, weak=not strong, candidates=names)
