"""The change claims of NEW (比上年增长12%, 同比下降3件, 增长1.5倍, 提高2个百分点, 与上年持平) recomputed.

Each claim is tied to the figure it is about (``claim_base``), that figure's
value last year is looked up in OLD (``old_value``), and the stated change is
compared with the computed one (``judge``) within the tolerances of
``compare.yaml`` (``claims:``):

* ``%``: (new − old) / old × 100 against the stated percent;
* ``倍``: 增长1.5倍 is +150 %, 是上年的1.5倍 / 增长到1.5倍 is ×1.5 (+50 %), within
  the rounding of the printed multiple;
* ``pp`` (个百分点): new rate − old rate, the figure being a rate or share;
* counts (件, 场 …): new − old;
* 持平 (``flat``): not a fact of the report; found by its pattern and judged
  as a change of 0 (基本持平: within ``flat_tolerance`` percent).

A claim is ``unknown`` when OLD is not the year before or has no such figure:
a claim that cannot be recomputed is never failed.
"""
from __future__ import annotations

import re
from typing import Optional

from ..report import Fact, Report
from .celldiff import cell_label
from .factdiff import fact_key, unique_facts
from .model import Claim
from .settings import Settings

_SENT_END = re.compile(r"[。！？!?；;\n]")
PERCENT_UNITS = ("%",)
BASE_KINDS = {"pp": ("rate", "share"), "flat": ("count", "amount", "rate", "share")}
COUNT_KINDS = ("count", "amount")


def _sentence_start(text: str, pos: int, window: int) -> int:
    lo = max(0, pos - window)
    cut = lo
    for m in _SENT_END.finditer(text, lo, pos):
        cut = m.end()
    return cut


def _last_years(report: Report, settings: Settings) -> re.Pattern:
    """Words before a figure that mark it as last year's: 上年/去年/同期, or the year before's number (2022年的)."""
    year = f"|{report.meta.year - 1}年" if report.meta.year else ""
    return re.compile(f"(?:{settings.claims['previous']}{year})")


def claim_base(report: Report, claim: Fact, settings: Settings) -> Optional[Fact]:
    """The figure a claim of ``report`` is about, or None when it cannot be told.

    In turn, within the claim's sentence (and ``window`` characters):

    1. after 分别 (申请130件、办结120件，分别增长30%和25%): the figures before 分别
       paired in order with the claims after it — None unless they are as many;
    2. the nearest fact before the claim, of a kind the claim can be about (a
       count or amount; a rate or share for 个百分点; any of them for 持平),
       preferring one with the claim's metric, skipping one marked as last
       year's (上年为…, 2022年的…);
    3. the first fact after the claim with its metric (同比增长15%，达到299万人次),
       not one introduced as a part (其中…);
    4. with none in the sentence (开展活动10场。比上年增加2场), the nearest fact before
       it with the claim's metric or one naming it (招聘会 / 举办招聘会) — and its
       unit, for counts; a count claim whose sentence names no metric: the unit alone.
    """
    text = report.text or ""
    kinds = BASE_KINDS.get(claim.unit, COUNT_KINDS)
    window = settings.claims["window"]
    lo = _sentence_start(text, claim.start, window)
    hi = _sentence_end(text, claim.end, window)
    prev_re = _last_years(report, settings)
    usable = [f for f in report.facts
              if f is not claim and f.kind in kinds and f.modality == "reported" and f.end <= claim.start
              and claim.start - f.end <= window and not prev_re.search(text[max(0, f.start - 6):f.start])]
    cands = [f for f in usable if lo <= f.start]
    each = re.search(settings.claims["respectively"], text[lo:claim.start])
    if each:
        return _respective(report, claim, cands, lo + each.start(), hi)
    same = [f for f in cands if claim.metric and f.metric == claim.metric]
    if cands:
        return (same or cands)[-1]
    after = _after(report, claim, kinds, hi, settings)
    if after is not None:
        return after
    unit = None if claim.unit in PERCENT_UNITS + ("倍", "pp") else claim.unit
    metric = claim.metric if claim.metric and claim.metric in text[lo:claim.start] else ""
    near = [f for f in usable if (_same_metric(f.metric, metric) if metric else unit is not None)
            and (unit is None or f.unit == unit)]
    return near[-1] if near else None


def _sentence_end(text: str, pos: int, window: int) -> int:
    m = _SENT_END.search(text, pos, min(len(text), pos + window))
    return m.start() if m else min(len(text), pos + window)


def _respective(report: Report, claim: Fact, before: list[Fact], at: int, hi: int) -> Optional[Fact]:
    """The figure before 分别 (at ``at``) in the place of ``claim`` among the claims after it (None unless
    the figures and the claims are as many)."""
    bases = [f for f in before if f.end <= at]
    claims = sorted((f for f in report.facts if f.kind == "change" and at <= f.start < hi), key=lambda f: f.start)
    if len(bases) != len(claims) or claim not in claims:
        return None
    return bases[claims.index(claim)]


def _after(report: Report, claim: Fact, kinds: tuple, hi: int, settings: Settings) -> Optional[Fact]:
    """The first fact after ``claim`` in its sentence with the claim's metric, not one introduced as a part."""
    text = report.text or ""
    part = re.compile(settings.claims["part_of"])
    for f in sorted(report.facts, key=lambda f: f.start):
        if f.start < claim.end or f.start >= hi or f.kind not in kinds or f.modality != "reported":
            continue
        if part.search(text[claim.end:f.start]):
            return None
        if _same_metric(f.metric, claim.metric):
            return f
    return None


def _same_metric(a: str, b: str) -> bool:
    """One metric names the other (招聘会 / 举办线上线下招聘会)."""
    return bool(a and b) and min(len(a), len(b)) >= 2 and (a in b or b in a)


def _cell_by_value(new: Report, base: Fact) -> Optional[str]:
    """The one table cell of NEW holding the base figure's value whose label shares a word with its metric."""
    if not base.metric or float(base.value) < 10:
        return None
    words = {base.metric[i:i + 2] for i in range(len(base.metric) - 1)}
    ids = {c.id for c in new.cells if float(c.value) == float(base.value)
           and any(w in cell_label(c.id) for w in words)}
    return ids.pop() if len(ids) == 1 else None


def old_value(old: Report, new: Report, base: Fact, old_unique: Optional[dict] = None) -> tuple[Optional[float], str]:
    """OLD's value of the figure ``base`` of NEW is, and where it comes from.

    In turn: the cell ``base`` is linked to, the cells it sums, the one NEW cell
    with its value and a label sharing a word with its metric (a figure the
    linker left unlinked), the one OLD fact with the same metric, unit and kind,
    else the one with its unit and kind whose metric names it or is named by it
    (``old_unique``: ``unique_facts(old.facts)`` when already computed).
    """
    values = {c.id: c.value for c in old.cells}
    cell = base.cell or _cell_by_value(new, base)
    if cell and cell in values:
        return float(values[cell]), cell
    if base.cells and all(cid in values for cid in base.cells):
        return float(sum(values[cid] for cid in base.cells)), "+".join(base.cells)
    pool = unique_facts(old.facts) if old_unique is None else old_unique
    f = pool.get(fact_key(base))
    if f is None:      # the metric worded longer or shorter last year (网站访问 / 区政府门户网站访问)
        named = [g for g in pool.values() if g.unit == base.unit and g.kind == base.kind
                 and _same_metric(g.metric, base.metric)]
        f = named[0] if len(named) == 1 else None
    if f is not None:
        return float(f.value), f"metric {f.metric}"
    return None, cell or f"metric {base.metric}"


def _decimals(text: str) -> int:
    m = re.search(r"\d+(?:\.(\d+))?", text or "")
    return len(m.group(1)) if m and m.group(1) else 0


def stated_pct(claim: Fact, text: str, settings: Settings) -> tuple[float, float]:
    """(stated percent change, tolerance in points) of a % or 倍 claim."""
    c = settings.claims
    if claim.unit == "倍":
        ratio = re.search(c["ratio_before"], text[max(0, claim.start - 4):claim.start])
        value = float(claim.value)
        pct = (value - 1) * 100 if ratio else value * 100
        return pct, max(c["pct_tolerance"], 0.5 * 10 ** -_decimals(claim.text) * 100)
    return float(claim.value), c["approx_pct_tolerance"] if claim.approx else c["pct_tolerance"]


def judge(claim: Fact, new_v: float, old_v: float, text: str, settings: Settings) -> tuple[str, float, str]:
    """(status, computed change, arithmetic) for one claim with both values known."""
    c = settings.claims
    diff = new_v - old_v
    direction = "up" if diff > 0 else ("down" if diff < 0 else None)
    if claim.unit in PERCENT_UNITS + ("倍",):
        if not old_v:
            return "unknown", 0.0, f"last year's value is 0: no percentage ({old_v:g} → {new_v:g})"
        computed = round(diff / old_v * 100, 2)
        stated, tol = stated_pct(claim, text, settings)
        ok = abs(abs(computed) - stated) <= tol
        arith = f"({new_v:g} − {old_v:g}) / {old_v:g} × 100 = {computed:+.2f}%"
    elif claim.unit == "pp":
        computed = round(diff, 4)
        ok = abs(abs(computed) - float(claim.value)) <= (c["approx_pct_tolerance"] if claim.approx
                                                          else c["pct_tolerance"])
        arith = f"{new_v:g}% − {old_v:g}% = {computed:+g} 个百分点"
    else:
        computed = round(diff, 6)
        ok = abs(abs(computed) - float(claim.value)) <= c["count_tolerance"]
        arith = f"{new_v:g} − {old_v:g} = {computed:+g}"
    if claim.direction and direction and claim.direction != direction:
        ok = False
    if claim.direction and direction is None and float(claim.value) != 0:
        ok = False
    return ("pass" if ok else "fail"), computed, arith


def judge_flat(new_v: float, old_v: float, loose: bool, settings: Settings) -> tuple[str, float, str]:
    """(status, computed change, arithmetic) for 与上年持平 (基本持平 when ``loose``)."""
    diff = new_v - old_v
    pct = diff / old_v * 100 if old_v else (0.0 if not diff else float("inf"))
    ok = diff == 0 or (loose and abs(pct) <= settings.claims["flat_tolerance"])
    return ("pass" if ok else "fail"), round(diff, 6), f"{new_v:g} − {old_v:g} = {diff:+g}"


def flat_claims(new: Report, settings: Settings) -> list[Fact]:
    """与上年持平 / 同比基本持平 in NEW's text as change facts of value 0 (the facts step does not emit them)."""
    text = new.text or ""
    taken = [(f.start, f.end) for f in new.facts if f.kind == "change"]
    out = []
    for m in re.finditer(settings.claims["flat"], text):
        if any(a < m.end() and m.start() < b for a, b in taken):     # the facts step read it already
            continue
        out.append(Fact(m.start(), m.end(), m.group(0), 0, unit="flat", kind="change",
                        approx="about" if "基本" in m.group(0) else None))
    return out


def _recompute(claim: Claim, f: Fact, old: Report, new: Report, old_unique: dict, settings: Settings) -> None:
    """Fill ``claim`` from OLD and NEW (its base, both values, the verdict and the arithmetic)."""
    base = claim_base(new, f, settings)
    if base is None:
        claim.detail = "no figure the claim is about found before it in its sentence, nor one with its metric"
        return
    value, basis = old_value(old, new, base, old_unique)
    claim.basis, claim.new_value = basis, float(base.value)
    if value is None:
        claim.detail = f"{basis} is not in the {old.meta.year} report"
        return
    claim.old_value = value
    if f.unit == "flat":
        claim.status, claim.computed, arith = judge_flat(float(base.value), value, bool(f.approx), settings)
        stated = f.text
    else:
        claim.status, claim.computed, arith = judge(f, float(base.value), value, new.text or "", settings)
        sign = {"up": "+", "down": "−"}.get(f.direction, "")
        stated = f"{sign}{f.value:g}{'个百分点' if f.unit == 'pp' else f.unit} ({f.text})"
    claim.detail = (f"{basis}: {old.meta.year} {value:g} → {new.meta.year} {base.value:g}; {arith}; "
                    f"stated {stated}")


def check_claims(old: Report, new: Report, settings: Settings) -> list[Claim]:
    """Every reported change claim of NEW, recomputed from OLD and NEW (pass, fail or unknown)."""
    consecutive = bool(old.meta.year and new.meta.year and new.meta.year - old.meta.year == 1)
    facts = [f for f in new.facts if f.kind == "change" and f.modality == "reported"]
    out, old_unique = [], unique_facts(old.facts)
    for f in sorted(facts + flat_claims(new, settings), key=lambda f: f.start):
        claim = Claim(f.text, f.start, f.end, f.metric, float(f.value), f.unit, f.direction, "unknown")
        if not consecutive:
            claim.detail = (f"the old report is for {old.meta.year}, not the year before {new.meta.year}: "
                            "比上年 cannot be recomputed")
        else:
            _recompute(claim, f, old, new, old_unique, settings)
        out.append(claim)
    return out
