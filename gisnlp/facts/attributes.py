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
_TITLE = re.compile(r"《[^《》]*》")
_LIST_JOINERS = {"和", "、", "及", "与", "以及", "或", ",", "和增长", ""}


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
        "share": re.compile(alt(c["share_markers"])),
        "target": re.compile("|".join(f"(?:{w})" for w in c["target_cues"])),
        "reported": re.compile(alt(c["reported_cues"])),
        "ctx": sorted(c["approx_context"].items(), key=lambda kv: -len(kv[0])),
    }


_WRAP = re.compile(r"(?m)^([^\n]{20,}[^\s。!?;:,、\n])\n"
                   r"(?=[^\s(\d一二三四五六七八九十①-⑳]|\d+(?![\d、.)]))")


def join_wrapped_lines(text: str) -> str:
    """Same-length copy of ``text`` where a line break inside a wrapped sentence is a space."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: m.group(1) + " ", text)


def _last_boundary(text: str, i: int, chars: str, floor: int = 0) -> int:
    j = i - 1
    while j >= floor:
        if text[j] in chars:
            # a line break inside a sentence (PDF wrap, 下降近\n\n21.7%) is not a boundary
            # when the text before it does not end a sentence
            if text[j] == "\n" and j > 0 and chars is SENTENCE_END:
                k = j - 1
                while k >= floor and text[k] in " \t\n":
                    k -= 1
                if k >= floor and text[k] not in "。!?;:" and i - j < 3:
                    j = k
                    continue
            return j + 1
        j -= 1
    return floor


def annotate(report: Report, cands: list[Candidate]) -> list[Fact]:
    """Facts (original offsets) with every attribute filled."""
    p = _patterns()
    text = join_wrapped_lines(report.norm.text)
    sent_marks = [m.start() for m in _SENT_RX.finditer(text)]
    clause_marks = [m.start() for m in _CLAUSE_RX.finditer(text)]
    plan = report.meta.doc_type == "work_plan"
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
            if unit.kind in ("percent", "pp") or p["compare"].search(clause):
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
            if modality == "reported" and same_sentence and prev_fact.modality == "target" \
                    and not p["reported"].search(scope):
                modality = "target"
        # metric
        metric = build_metric(left, text, cand.end, kind in ("change", "share"))
        metric = govern(metric, facts, o_start_hint=cand.start, text=text, cands=cands)
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


def govern(metric: str, facts: list[Fact], o_start_hint: int, text: str, cands) -> str:
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
    title = clean_phrase(report.norm.text[0:0] + title)[:16] if title else ""
    return title or f"未注明({cand.unit.unit or '数量'})"
