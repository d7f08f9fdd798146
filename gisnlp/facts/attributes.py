"""Kind, direction, approximation, modality and metric of each candidate, from its clause.

Cue words live in ``data/fact_cues.yaml``; a change needs a change verb right
before the number (and 比/较 before it for counts), a share needs 占.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..report import Fact, Report
from .extract import Candidate, cues
from .metric import build_metric, canonical, metric_qualifiers

SENTENCE_END = "。!?;\n"
CLAUSE_END = "。!?;\n,:、\t"
_SENT_RX = re.compile("[" + re.escape(SENTENCE_END) + "]")
_CLAUSE_RX = re.compile("[" + re.escape(CLAUSE_END) + "]")
_AFTER_PREV = re.compile(r"[^和及与,]{1,8}?(?:以及|和|及|与)")
_TITLE = re.compile(r"《[^《》]*》")
_LIST_JOINERS = {"和", "、", "及", "与", "以及", "或", ",", ""}


@lru_cache(maxsize=1)
def _patterns():
    c = cues()
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))
    up, down = c["change_verbs"]["up"], c["change_verbs"]["down"]
    verb_end = re.compile(
        rf"(?P<v>{alt(up + down)})(?:了)?(?:幅度)?(?:为|达到?|约|近)?\s*$")
    return {
        "verb_end": verb_end,
        "up": set(up),
        "down": set(down),
        "compare": re.compile(alt(c["comparison_markers"])),
        "compare_lead": re.compile("|".join(f"(?:{w})" for w in c.get("comparison_leads") or ["(?!)"])),
        "share": re.compile(alt(c["share_markers"])),
        "target": re.compile("|".join(f"(?:{w})" for w in c["target_cues"])),
        "reported": re.compile(alt(c["reported_cues"])),
        "plan_headings": re.compile("|".join(c.get("plan_headings") or ["(?!)"])),
        "plan_headings_not": re.compile("|".join(c.get("plan_headings_not") or ["(?!)"])),
        "ctx": sorted(c["approx_context"].items(), key=lambda kv: -len(kv[0])),
    }


_WRAP = re.compile(r"(?m)^([^\n]{20,}[^\s。!?;:,、\n])\n"
                   r"(?=[^\s(\d一二三四五六七八九十①-⑳]|\d+(?![\d、.)]))")


def join_wrapped_lines(text: str) -> str:
    """Same-length copy of ``text`` where a line break inside a wrapped sentence is a space."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: m.group(1) + " ", text)


def annotate(report: Report, cands: list[Candidate]) -> list[Fact]:
    """Facts (original offsets) with every attribute filled."""
    p = _patterns()
    text = join_wrapped_lines(report.norm.text)
    sent_marks = [m.start() for m in _SENT_RX.finditer(text)]
    clause_marks = [m.start() for m in _CLAUSE_RX.finditer(text)]
    plan = report.meta.doc_type == "work_plan"
    plan_zone = _plan_sections(report, p["plan_headings"], p["plan_headings_not"]) \
        if not plan else _Zone([])
    facts: list[Fact] = []
    prev: Candidate | None = None
    prev_fact: Fact | None = None
    for cand in cands:
        k = bisect.bisect_left(sent_marks, cand.start) - 1
        sent_start = sent_marks[k] + 1 if k >= 0 else 0
        k = bisect.bisect_left(clause_marks, cand.start) - 1
        clause_start = max(clause_marks[k] + 1 if k >= 0 else 0, sent_start)
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
        clause = text[clause_start:cand.start]
        sentence = text[sent_start:cand.start]
        unit = cand.unit
        kind, direction = None, None
        joined = same_sentence and text[prev.end:cand.start].strip() in _LIST_JOINERS \
            and prev_fact is not None
        m = p["verb_end"].search(left)
        if m and not left.rstrip().endswith(("到", "至")):
            v = m.group("v").rstrip("了")
            v = v[:-2] if v.endswith("幅为") else v
            is_up = any(v.startswith(u) for u in p["up"]) and v not in p["down"]
            if unit.kind in ("percent", "pp") or p["compare"].search(clause) \
                    or p["compare_lead"].search(sentence):
                kind = "change"
                direction = "up" if is_up else "down"
        if kind is None and joined and prev_fact.kind == "change" \
                and (unit.kind in ("percent", "pp")) == (prev.unit.kind in ("percent", "pp")):
            kind, direction = "change", prev_fact.direction
        if kind is None:
            if unit.kind == "pp":
                kind = "change"
                direction = "down" if re.search("下降|减少|降低|回落", clause) else "up"
            elif unit.kind == "percent":
                kind = "share" if p["share"].search(clause) else "rate"
            elif unit.kind == "amount":
                kind = "amount"
            else:
                kind = "count"
        # approximation read from the context just before the span
        approx = cand.approx
        if approx is None:
            near = text[max(clause_start, cand.start - 6):cand.start].rstrip()
            for w, a in p["ctx"]:
                if w == "约占":
                    if kind == "share" and "约占" in clause:
                        approx = a
                        break
                elif w in near and (w not in ("约为", "约有") or near.endswith(w)):
                    approx = a
                    break
        # modality
        if plan:
            descriptor = clause.strip() in ("", "涉及", "包括", "其中")
            modality = "reported" if (descriptor or p["reported"].search(sentence)) else "target"
        else:
            scope = text[prev.end:cand.start] if same_sentence else sentence
            cue_text = _TITLE.sub("", scope) + text[cand.start:cand.num_start]
            modality = "target" if p["target"].search(cue_text) else "reported"
            if modality == "reported" and (_future_year(_TITLE.sub("", sentence), report.meta.year)
                                           or cand.start in plan_zone):
                modality = "target"
            # 力争打造10个标杆项目,服务[50个]应用场景: a list under one target verb
            if modality == "reported" and same_sentence and prev_fact.modality == "target" \
                    and len(scope) <= 20 and not p["reported"].search(scope):
                modality = "target"
        # metric
        metric = build_metric(left, text, cand.end, kind in ("change", "share"))
        metric = govern(metric, facts)
        if not metric and prev_fact is not None and same_sentence:
            metric = prev_fact.metric + ("占比" if kind == "share" and not prev_fact.metric.endswith("占比") else "")
        if not metric:
            metric = _fallback_metric(report, cand)
        o_start, o_end = report.norm.span_to_orig(cand.start, cand.end)
        fact = Fact(start=o_start, end=o_end, text=report.text[o_start:o_end], value=cand.value,
                    unit=unit.unit, kind=kind, direction=direction if kind == "change" else None,
                    approx=approx, modality=modality, metric=metric)
        facts.append(fact)
        prev, prev_fact = cand, fact
    return facts


_YEAR_IN_TEXT = re.compile(r"(?<![截止至\d])(20\d{2})\s*年(?!度?报告|\d)")


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


def _fallback_metric(report: Report, cand: Candidate) -> str:
    """Last resort: the nearest heading's title, else the measure word's generic noun."""
    from .metric import clean_phrase
    o = report.norm.orig[cand.start]
    title = ""
    for h in report.headings:
        if h.start <= o:
            title = h.title
        else:
            break
    title = clean_phrase(re.sub(r"^[\d.、\s]+|[。,;:!?、]", "", title))[:16] if title else ""
    return title or f"未注明({cand.unit.unit or '数量'})"
