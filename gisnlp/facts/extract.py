"""Candidate number expressions in the narrative, their spans, and what is not a claim.

One regular expression finds ``qualifier? numeral 余? unit suffix?`` over
``report.norm.text``; rules from ``data/fact_exclusions.yaml`` drop ordinals,
codes, slogans, dates and table cells; the numeral grammar gives the value.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..normalize import norm_of
from ..report import Report
from ..resources import load_yaml
from .numbers import parse_number, scale

_CN = "零〇一二两三四五六七八九十百千万亿"
# 12,051 | 12 051 (thin or plain spaces between thousands, as PDFs print them) | 12051
_ARABIC = (r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d])(?:\.\d+)?"
           r"|\d+(?:\.\d+)?)")
# A number wrapped over a line break: the line before ends in digits, is long,
# and has no sentence end (PDF text: "...主动公开政府信息12\n051条").
_WRAPPED_DIGITS = re.compile(r"[^\s\d。!?;:][ \t]*(\d{1,6})[ \t]*\n[ \t]*$")
_ORDINAL_LIST = re.compile(r"第[\d零〇一二两三四五六七八九十百]+(?:[、,和及至到-][\d零〇一二两三四五六七八九十百]+)*[、,和及至到-]$")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&%#:~+_-]+|[A-Za-z0-9_.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
                  r"|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|com|org|net|edu)(?:\.cn)?(?:/[A-Za-z0-9./?=&%#_-]*)?")


@dataclass
class Unit:
    surface: str
    unit: str
    kind: str                 # count | amount | percent | pp
    scale: float = 1
    needs_qualifier: bool = False
    arabic_only: bool = False     # 11通 (calls) yes, 四通八达 no


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
def units() -> dict[str, Unit]:
    d = load_yaml("fact_units.yaml")
    out: dict[str, Unit] = {}
    aliases = d.get("count_aliases") or {}
    for s in d["count"]:
        out[s] = Unit(s, s, "count")
    for s, u in aliases.items():
        out[s] = Unit(s, u, "count")
    for s, spec in d["amount"].items():
        out[s] = Unit(s, spec["unit"], "amount", spec.get("scale", 1), spec.get("needs_qualifier", False))
    for s, spec in d["percent"].items():
        out[s] = Unit(s, spec["unit"], "pp" if spec["unit"] == "pp" else "percent")
    for s in d.get("arabic_only") or ():
        if s in out:
            out[s].arabic_only = True
    return out


@lru_cache(maxsize=1)
def cues() -> dict:
    return load_yaml("fact_cues.yaml")


@lru_cache(maxsize=1)
def exclusions() -> dict:
    d = load_yaml("fact_exclusions.yaml")
    return {
        "slogans": re.compile("|".join(f"(?:{p})" for p in d["slogans"])),
        "unit_followers": tuple(d["unit_followers"]),
        "ordinal_prefixes": tuple(d["ordinal_prefixes"]),
        "unit_words": frozenset(d["unit_words"]),
        "demonstratives": tuple(sorted(d["demonstratives"], key=len, reverse=True)),
        "prefix_blockers": {k: frozenset(v) for k, v in d["prefix_blockers"].items()},
        "table_labels": re.compile(_alt(d["table_labels"])),
    }


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _trie(words) -> str:
    """A regex alternation factored by first character (much faster than a flat one).

    Longer words win because each optional tail is greedy: 人(?:次)? matches 人次.
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        if w:
            groups.setdefault(w[0], []).append(w[1:])
    parts = []
    for ch, rest in groups.items():
        sub = _trie(rest)
        if not sub:
            parts.append(re.escape(ch))
        else:
            parts.append(re.escape(ch) + f"(?:{sub})" + ("?" if "" in rest else ""))
    return "|".join(parts)


@lru_cache(maxsize=1)
def pattern() -> re.Pattern:
    """The number-expression pattern (built once from the data files).

    It starts at the numeral (a cheap first-character scan); the qualifier
    before it (近, 超过, 不得低于) is looked up separately by ``prefix_pattern``.
    """
    c = cues()
    unit_alt = _trie(units())
    post = _alt(w for w in c["approx_suffix"] if w not in ("余", "多"))
    num = (rf"(?P<pct>百分之)?(?P<num>(?>(?:{_ARABIC})[百千万亿]*"
           rf"|(?P<vague>数|几|上)?[{_CN}]+))")
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
    return re.compile(rf"(?P<pre>{_alt(cues()['approx_prefix'])})\s*$")


def find_candidates(text: str) -> list[Candidate]:
    """Every number expression of ``text`` that could be a claim (before context rules)."""
    ex = exclusions()
    c = cues()
    umap = units()
    blocked = bytearray(len(text) + 1)
    if any(k in text for k in ("http", "www.", "@", ".gov", ".com", ".cn", ".org", ".net")):
        for m in _URL.finditer(text):
            blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    out = []
    for m in pattern().finditer(text):
        ns, ne = m.span("num")
        numtxt = m.group("num")
        unit_s = m.group("unit")
        pct = bool(m.group("pct"))
        mult = m.group("mult")
        chinese = not numtxt[0].isdigit()
        # a number needs a measure word, a %, or an Arabic 万/亿 to be a claim
        if pct:
            unit = umap["%"]
        elif unit_s:
            unit = umap[unit_s]
        elif not chinese and (mult or numtxt[-1] in "万亿"):
            unit = Unit("", "", "count")
        else:
            continue
        if pct and unit_s:
            continue
        if chinese and unit.arabic_only:
            continue
        lead = m.start()
        pm = prefix_pattern().search(text, max(0, lead - 12), lead)
        pre = pm.group("pre") if pm else None
        start = pm.start() if pm else lead
        end = m.end()
        if any(blocked[ns:ne]):
            continue
        if any(sm.start() < ne and ns < sm.end()
               for sm in ex["slogans"].finditer(text, max(0, ns - 8), min(len(text), end + 8))):
            continue
        # numbers glued to codes, versions, ranges, web addresses: G60, 2.0, 3-5
        before = text[ns - 1] if ns else ""
        before2 = text[ns - 2] if ns >= 2 else ""
        if before.isascii() and before.isalpha():
            continue
        if before and before in "._-/~#:～—–" and before2.isascii() and before2.isalnum():
            continue
        # 十五届人大三次会议: a session number
        if unit_s == "次" and "届" in text[max(0, ns - 8):ns]:
            continue
        before_start = text[max(0, start - 4):start]
        if before_start.endswith(ex["ordinal_prefixes"]) or before == "第":
            continue
        after_unit = text[end:end + 4]
        if unit_s and any(after_unit.startswith(w) for w in ex["unit_followers"]):
            continue
        us = m.start("unit") if unit_s else -1
        if unit_s and text[us:us + 2] in ex["unit_words"] and len(unit_s) == 1:
            continue
        # 第二、三、四部分: later members of an ordinal list
        if _ORDINAL_LIST.search(text, max(0, ns - 12), ns):
            continue
        if pre in ex["prefix_blockers"] and start and text[start - 1] in ex["prefix_blockers"][pre]:
            start, pre = lead, None
        # the value
        vague = m.group("vague")
        core = numtxt[len(vague):] if vague else numtxt
        if not chinese and not pre and text[max(0, ns - 1):ns] in ("\n", " ", "\t"):
            wm = _WRAPPED_DIGITS.search(text, max(0, ns - 12), ns)
            ls = text.rfind("\n", 0, wm.start(1)) + 1 if wm else 0
            if wm and wm.start(1) - ls >= 20:
                core = wm.group(1) + core
                start = ns = wm.start(1)
        value = parse_number(core)
        if value is None:
            continue
        if mult:
            value = scale(value, 10_000 if mult == "万" else 100_000_000)
        value = scale(value, unit.scale)
        # approximation
        approx = None
        if pre:
            approx = c["approx_prefix"][pre]
        if m.group("yu") or m.group("yu2") or vague:
            approx = approx or "over"
        if m.group("post"):
            approx = approx or c["approx_suffix"][m.group("post")]
        if chinese and not pct:
            # bare 一 is an article (一个平台), bare 百/千/万 an idiom (千家万户)
            if core in ("一", "壹", "二", "贰") and not approx:
                continue
            if before_start.endswith(ex["demonstratives"]):
                continue
            if core[0] in "百千万亿" and not approx and not (unit_s and len(core) > 1):
                continue
        if unit.needs_qualifier and not approx:
            continue
        if unit.kind == "percent" and value > 1000:
            continue
        out.append(Candidate(start, end, ns, ne, value, unit, approx, chinese))
    return out


# --- table rows and quotes -------------------------------------------------------

def line_bounds(text: str, i: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, i) + 1
    e = text.find("\n", i)
    return s, (len(text) if e < 0 else e)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMTOK = re.compile(r"\d+(?:\.\d+)?")


def looks_like_table_cell(text: str, cand: Candidate) -> bool:
    """True for a number standing alone in a table cell (tabs or a short numeric line)."""
    ls, le = line_bounds(text, cand.num_start)
    has_tab = text.find("\t", ls, le) >= 0
    if not has_tab and le - ls > 120:
        return False
    # the tab-delimited cell holding the number
    cs = max(text.rfind("\t", ls, cand.num_start) + 1, ls)
    ce = text.find("\t", cand.end, le)
    ce = le if ce < 0 else ce
    words = len(_CJK.findall(text, cs, cand.start)) + len(_CJK.findall(text, cand.end, ce)) \
        if ce - cs < 400 else 2
    if has_tab and words < 2:
        return True
    if words == 0:
        line = text[ls:le]
        if len(_NUMTOK.findall(line)) >= 3 and len(_CJK.findall(line)) < 4:
            return True
    return False


def inside_short_quote(text: str, cand: Candidate, limit: int = 8) -> bool:
    """True when the expression sits inside a short quoted label (“五个中心”)."""
    o = text.rfind("“", max(0, cand.start - limit), cand.start)
    if o < 0 or "”" in text[o:cand.start]:
        return False
    c = text.find("”", cand.end, cand.end + limit)
    return c >= 0 and (c - o) <= limit + 2


def after_table_label(text: str, cand: Candidate, window: int = 80) -> bool:
    """True shortly after a template column label on the same line (flattened tables)."""
    ls = max(text.rfind("\n", 0, cand.start) + 1, cand.start - window)
    return exclusions()["table_labels"].search(text, ls, cand.start) is not None


def inside_title(text: str, cand: Candidate, limit: int = 60) -> bool:
    """True inside a title in 《》 (《关于印发十条措施的通知》)."""
    o = text.rfind("《", max(0, cand.start - limit), cand.start)
    if o < 0 or "》" in text[o:cand.start]:
        return False
    c = text.find("》", cand.end, cand.end + limit)
    return c >= 0 and "《" not in text[cand.end:c]


_NUMERIC_LINE = re.compile(r"\s*(?:-?\d+(?:\.\d+)?|[-—/ ]|)\s*")


def between_numeric_lines(text: str, cand: Candidate) -> bool:
    """True for a short line among bare-number lines: a table cell flattened one per line."""
    ls, le = line_bounds(text, cand.num_start)
    if le - ls > 40 or "。" in text[ls:le]:
        return False
    hits = 0
    for direction in (-1, 1):
        pos = ls - 1 if direction < 0 else le + 1
        for _ in range(3):                    # look past blank lines
            if pos < 0 or pos > len(text):
                break
            s, e = line_bounds(text, max(0, min(pos, len(text) - 1)))
            line = text[s:e]
            if line.strip():
                hits += bool(_NUMERIC_LINE.fullmatch(line) and line.strip())
                break
            pos = s - 1 if direction < 0 else e + 1
    leading_number = re.match(r"\s*\d+(?:\.\d+)?\s*[(（]", text[ls:le]) is not None \
        and cand.start > ls + 1
    return hits >= 2 or (hits == 1 and leading_number)


def make_facts(skip_kinds=("table", "boilerplate")):
    """Step: ``report.facts`` from the narrative (see ``shared/schema/README.md``)."""
    from .attributes import annotate

    skip = set(skip_kinds)

    def facts_step(report: Report) -> Report:
        norm = norm_of(report)
        text = norm.text
        seg_starts = [s.start for s in report.segments]
        spans = sorted((s, e) for s, e, _ in report.table_spans)
        span_starts = [s for s, _ in spans]
        kept: list[tuple[Candidate, Optional[int]]] = []
        for cand in find_candidates(text):
            o_start, o_end = norm.span_to_orig(cand.start, cand.end)
            # where the expression begins decides (近 on one line, 21.7% on the next)
            on = o_start
            j = bisect.bisect_right(span_starts, on) - 1
            if j >= 0 and spans[j][0] <= on < spans[j][1]:
                continue
            si = None
            if seg_starts:
                si = bisect.bisect_right(seg_starts, on) - 1
                si = si if si >= 0 else None
                seg = report.segments[si] if si is not None else None
                if seg is not None and seg.kind in skip and on < seg.end:
                    continue
            if looks_like_table_cell(text, cand):
                continue
            if cand.chinese and inside_short_quote(text, cand):
                continue
            if inside_title(text, cand) or between_numeric_lines(text, cand) \
                    or after_table_label(text, cand):
                continue
            kept.append((cand, si))
        facts = annotate(report, [c for c, _ in kept])
        for f, (cand, si) in zip(facts, kept):
            f.segment = si
        report.facts = facts
        return report
    return facts_step
