"""Kind, direction, approximation, modality and metric of each candidate, from its clause.

:func:`annotate` locates each candidate in its sentence and clause
(:func:`locate`), then fills the attributes in four independent jobs:

- :func:`kind_and_direction`: a change needs a change verb right before the
  number (and 比/较 before it for counts), a share needs 占;
- :func:`approximation`: a qualifier in the span, else one just before it;
- :func:`modality`: reported or target (plans, requirements, plan sections);
- :func:`metric_of`: what is counted (:mod:`gisnlp.facts.metric`).

Cue words live in ``data/fact_cues.yaml``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..char_positions import char_positions
from ..report import Fact, Report
from .candidates import Candidate
from .lexicon import alternation, cues
from .metric import MetricContext, build_metric, canonical, heading_metric, metric_qualifiers

SENTENCE_END = "。!?;\n"
CLAUSE_END = "。!?;\n,:、\t"
_AFTER_PREV = re.compile(r"[^和及与,]{1,8}?(?:以及|和|及|与)")
_TITLE = re.compile(r"《[^《》]*》")
_LIST_JOINERS = {"和", "、", "及", "与", "以及", "或", ",", ""}
_SENTENCE_YEAR = re.compile(r"\s*(?:在|截至|截止|至)?\s*(20\d{2})\s*年")
_YEAR_IN_TEXT = re.compile(r"(?<![截止至\d])(20\d{2})\s*年(?!度?报告|\d)")
# A thousands separator: a digit, a comma, three digits and no fourth.
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_LEADING_DIGITS = re.compile(r"^[\d.、\s]+(?=\D)")
# Words before the span that make a percentage-point change a fall.
_PP_DOWN = re.compile("下降|减少|降低|回落")
_WRAP = re.compile(r"(?m)^([^\n]{20,}[^\s。!?;:,、\n])\n"
                   r"(?=[^\s(\d一二三四五六七八九十①-⑳]|\d+(?![\d、.)]))")
# The look-back for a context qualifier (约为, 突破) and the span of a listed target.
_CONTEXT_QUALIFIER_CHARS = 6
# A list marker opening a clause ((一), 1., ①): not a word of it.
_LIST_MARKER = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]|[①-⑳])\s*")
_TARGET_LIST_CHARS = 20


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """The cue words of ``fact_cues.yaml`` compiled once."""
    c = cues()
    up, down = c["change_verbs"]["up"], c["change_verbs"]["down"]
    verb_end = re.compile(
        rf"(?P<v>{alternation(up + down)})(?:了)?(?:幅度)?(?:为|达到?|约|近)?\s*$")
    return {
        "verb_end": verb_end,
        "up": set(up),
        "down": set(down),
        "compare": re.compile(alternation(c["comparison_markers"])),
        "compare_lead": re.compile("|".join(f"(?:{w})" for w in c.get("comparison_leads") or ["(?!)"])),
        "share": re.compile(alternation(c["share_markers"])),
        "relative": frozenset(c.get("relative_units") or ()),
        "level_only": re.compile("^(?:" + alternation(c.get("level_verbs") or ["(?!)"]) + r")\s*$"),
        "target": re.compile("|".join(f"(?:{w})" for w in c["target_cues"])),
        "reported": re.compile(alternation(c["reported_cues"])),
        "list_breakers": re.compile(alternation(c.get("list_breakers") or ["(?!)"])),
        "plan_headings": re.compile("|".join(c.get("plan_headings") or ["(?!)"])),
        "plan_headings_not": re.compile("|".join(c.get("plan_headings_not") or ["(?!)"])),
        "plan_descriptors": frozenset(c.get("plan_descriptors") or ("",)),
        "ctx": sorted(c["approx_context"].items(), key=lambda kv: -len(kv[0])),
    }


def join_wrapped_lines(text: str) -> str:
    """Same-length copy of ``text`` where a line break inside a wrapped sentence is a space."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: m.group(1) + " ", text)


@dataclass
class Clause:
    """Where a candidate sits: the words before it and the fact listed just before it."""

    cand: Candidate
    text: str                      # the joined norm text
    sent_start: int
    clause_start: int
    left: str                      # the clause before the number, after the previous fact
    clause: str                    # the whole clause before the number
    sentence: str                  # the sentence before the number
    same_sentence: bool            # the previous fact is in the same sentence
    joined: bool                   # ... and listed right before this one (和, 、)
    prev: Optional[Candidate] = None
    prev_fact: Optional[Fact] = None


class _Marks:
    """Sentence and clause ends of a text, indexed once for bisection.

    A comma between digits (the thousands separator of 较上年的1,876条增加169条) ends
    no clause: the comparison before it still governs the figure after it.
    """

    def __init__(self, text: str):
        self.sentences = char_positions(text, SENTENCE_END)
        self.clauses = [i for i in char_positions(text, CLAUSE_END)
                        if not (text[i] == "," and _THOUSANDS.match(text, i - 1))]

    def starts(self, i: int) -> tuple[int, int]:
        """(sentence start, clause start) of position ``i``."""
        k = bisect.bisect_left(self.sentences, i) - 1
        sent_start = self.sentences[k] + 1 if k >= 0 else 0
        k = bisect.bisect_left(self.clauses, i) - 1
        return sent_start, max(self.clauses[k] + 1 if k >= 0 else 0, sent_start)


def locate(text: str, marks: _Marks, cand: Candidate, prev: Optional[Candidate],
           prev_fact: Optional[Fact]) -> Clause:
    """The :class:`Clause` of ``cand``, given the candidate and fact before it."""
    sent_start, clause_start = marks.starts(cand.start)
    same_sentence = prev is not None and prev.end > sent_start
    clause_from = clause_start
    if same_sentence and prev.end > clause_start:
        clause_from = prev.end
    left = text[clause_from:cand.start]
    if same_sentence and clause_from == prev.end:
        # 十条措施和重振老字号品牌[十七项]: the words before 和 belong to the previous fact
        mm = _AFTER_PREV.match(left)
        if mm:
            left = left[mm.end():]
    joined = same_sentence and text[prev.end:cand.start].strip() in _LIST_JOINERS \
        and prev_fact is not None
    return Clause(cand, text, sent_start, clause_start, left, text[clause_start:cand.start],
                  text[sent_start:cand.start], same_sentence, joined, prev, prev_fact)


def kind_and_direction(cl: Clause) -> tuple[str, Optional[str]]:
    """count | amount | share | change | rate, and up/down for a change.

    A change verb at the end of the clause makes a change of a percentage or a
    multiple (倍), or of a count compared with something (比上年, 与上年相比…); a figure listed
    right after a change of the same sort is one too; a signed figure after a
    comparison (同比+15.2%) is a change its sign points; 个百分点 is always a
    change; other percentages are shares (占, 比重; or a bare 达到… after a
    share named earlier in the sentence) or rates.
    """
    p, cand = _patterns(), cl.cand
    unit = cand.unit
    left = _SPACES.sub("", cl.left)              # a verb broken by a line wrap (同比增\n长12%)
    m = p["verb_end"].search(left)
    if m and not left.endswith(("到", "至")):
        v = m.group("v").rstrip("了")
        v = v[:-2] if v.endswith("幅为") else v
        is_up = any(v.startswith(u) for u in p["up"]) and v not in p["down"]
        if unit.kind in ("percent", "pp") or unit.unit in p["relative"] or p["compare"].search(cl.clause) \
                or p["compare_lead"].search(cl.sentence):
            return "change", "up" if is_up else "down"
    if cl.joined and cl.prev_fact.kind == "change" \
            and (unit.kind in ("percent", "pp")) == (cl.prev.unit.kind in ("percent", "pp")):
        return "change", cl.prev_fact.direction
    sign = cl.text[cand.num_start - 1] if cand.num_start and cand.start == cand.num_start else ""
    if sign in ("+", "-") and p["compare"].search(cl.clause):
        return "change", "up" if sign == "+" else "down"          # 同比+15.2%, 同比-20%
    if unit.kind == "pp":
        return "change", "down" if _PP_DOWN.search(cl.clause) else "up"
    if unit.kind == "percent":
        share = p["share"].search(cl.clause) or (
            p["level_only"].match(cl.clause.strip()) and p["share"].search(cl.sentence))
        return ("share" if share else "rate"), None
    if unit.kind == "amount":
        return "amount", None
    return "count", None


def approximation(cl: Clause, kind: str) -> Optional[str]:
    """The candidate's own qualifier, else one just before the span (约为, 突破, 至少)."""
    if cl.cand.approx is not None:
        return cl.cand.approx
    cand = cl.cand
    near = cl.text[max(cl.clause_start, cand.start - _CONTEXT_QUALIFIER_CHARS):cand.start].rstrip()
    for w, a in _patterns()["ctx"]:
        if w == "约占":
            if kind == "share" and "约占" in cl.clause:
                return a
        elif w in near and (w not in ("约为", "约有") or near.endswith(w)):
            return a
    return None


def modality(cl: Clause, plan: bool, plan_zone: "_Zone", year) -> str:
    """reported | target.

    In a work plan a figure is a target unless its sentence reports what was
    done (or opens with a year before the plan's). Elsewhere target cues (力争,
    不得低于, 下一步…; titles in 《》 do not count), a later year than the
    report's, or a plan section make a target, and so does a short list under
    a target verb (力争打造10个…,服务50个…) unless words in between turn back to
    this year's work (本年度, 实际: ``list_breakers``).
    """
    p, text, cand = _patterns(), cl.text, cl.cand
    if plan:
        descriptor = _LIST_MARKER.sub("", cl.clause).strip() in p["plan_descriptors"]
        done = descriptor or p["reported"].search(cl.sentence) or _past_year(cl.sentence, year)
        return "reported" if done else "target"
    scope = text[cl.prev.end:cand.start] if cl.same_sentence else cl.sentence
    cue_text = _TITLE.sub("", scope) + text[cand.start:cand.num_start]
    if p["target"].search(cue_text):
        return "target"
    if _future_year(_TITLE.sub("", cl.sentence), year) or cand.start in plan_zone:
        return "target"
    if cl.same_sentence and cl.prev_fact.modality == "target" \
            and len(scope) <= _TARGET_LIST_CHARS and not p["reported"].search(scope) \
            and not p["list_breakers"].search(scope):
        return "target"
    return "reported"


def metric_of(cl: Clause, kind: str, report: Report, facts: list[Fact], head_starts: list[int],
              headings: str = "") -> str:
    """What the fact counts: the vocabulary name or normalised phrase of its clause,
    the proceeding of an earlier fact for a bare outcome word (结果纠正), the previous
    fact's metric in the same sentence, or the heading's title as a last resort.

    ``headings``: the heading path of the fact's segment; with the sentence it is
    the context that decides whether a bare 申请 is a disclosure application.
    """
    context = MetricContext(sentence=cl.sentence, headings=headings)
    metric = build_metric(cl.left, cl.text, cl.cand.end, kind in ("change", "share"), context)
    metric = govern(metric, facts)
    if not metric and cl.prev_fact is not None and cl.same_sentence:
        prev = cl.prev_fact.metric
        metric = prev + ("占比" if kind == "share" and not prev.endswith("占比") else "")
    return metric or _fallback_metric(report, cl.cand, head_starts)


def annotate(report: Report, cands: list[Candidate],
             segments: Optional[list[Optional[int]]] = None) -> list[Fact]:
    """Facts (original offsets) with every attribute filled, in the order of ``cands``.

    ``segments``: the index of each candidate's segment in ``report.segments``
    (its heading path is part of the metric's context), or None.
    """
    p = _patterns()
    text = join_wrapped_lines(report.norm.text)
    marks = _Marks(text)
    plan = report.meta.doc_type == "work_plan"
    plan_zone = _plan_sections(report, p["plan_headings"], p["plan_headings_not"]) \
        if not plan else _Zone([])
    head_starts = [h.start for h in report.headings]
    facts: list[Fact] = []
    prev: Optional[Candidate] = None
    prev_fact: Optional[Fact] = None
    for n, cand in enumerate(cands):
        cl = locate(text, marks, cand, prev, prev_fact)
        si = segments[n] if segments is not None else None
        headings = " ".join(report.segments[si].heading_path) if si is not None else ""
        kind, direction = kind_and_direction(cl)
        o_start, o_end = report.norm.span_to_orig(cand.start, cand.end)
        fact = Fact(start=o_start, end=o_end, text=report.text[o_start:o_end], value=cand.value,
                    unit=cand.unit.unit, kind=kind, direction=direction if kind == "change" else None,
                    approx=approximation(cl, kind),
                    modality=modality(cl, plan, plan_zone, report.meta.year),
                    metric=metric_of(cl, kind, report, facts, head_starts, headings))
        facts.append(fact)
        prev, prev_fact = cand, fact
    return facts


def _past_year(sentence: str, year) -> bool:
    """A sentence opening with a year before the plan's (2023年,全市共公开…; 截至2023年底…)
    reports what was done; a past year later in it (对照2023年标准…不少于…) does not."""
    m = _SENTENCE_YEAR.match(sentence)
    return bool(year and m and int(m.group(1)) < int(year))


def _future_year(sentence: str, year) -> bool:
    """A sentence about a year after the report's (2024年,将…) states a plan."""
    if not year:
        return False
    return any(int(m.group(1)) > int(year) for m in _YEAR_IN_TEXT.finditer(sentence))


class _Zone:
    """Norm-offset ranges; ``i in zone`` is True inside any of them."""

    def __init__(self, ranges):
        self.ranges = sorted(ranges)
        self.starts = [a for a, _ in self.ranges]

    def __contains__(self, i: int) -> bool:
        k = bisect.bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.ranges[k][1]


def _plan_sections(report: Report, rx: re.Pattern, not_rx: re.Pattern) -> _Zone:
    """Sections of an annual report that state plans (下一步工作计划, 工作打算)."""
    heads = report.headings
    norm = report.norm
    ranges = []
    for i, h in enumerate(heads):
        if not rx.search(h.title or "") or not_rx.search(h.title or ""):
            continue
        end = len(report.text)
        for h2 in heads[i + 1:]:
            if h2.level <= h.level and h2.level > 0:
                end = h2.start
                break
        ranges.append((norm.from_orig(h.start), norm.from_orig(end)))
    return _Zone(ranges)


def govern(metric: str, facts: list[Fact]) -> str:
    """Prefix a bare outcome word (结果纠正) with the proceeding of a fact just before it."""
    quals, govs = metric_qualifiers()
    if metric not in quals:
        return metric
    for f in reversed(facts[-6:]):
        for g in govs:
            if g in f.metric:
                return canonical(g + metric) or (g + metric)
    return metric


def _fallback_metric(report: Report, cand: Candidate, head_starts: list[int]) -> str:
    """Last resort: the nearest heading's title, else the measure word's generic noun.

    ``head_starts``: the headings' start offsets, in document order.
    """
    o = report.norm.orig[cand.start]
    k = bisect.bisect_right(head_starts, o) - 1
    title = heading_metric(_LEADING_DIGITS.sub("", report.headings[k].title)) if k >= 0 else ""
    return title or f"未注明({cand.unit.unit or '数量'})"
