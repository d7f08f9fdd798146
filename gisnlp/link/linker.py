"""Link narrative facts to the table cells they state, by meaning confirmed by value.

For each fact the clause before the number (its label) names a target row or
group (rules in ``data/cell_links.yaml``); the target gives cell-id
alternatives; the first alternative whose cells exist and add up to the
fact's value is the link. A target whose cells exist but disagree gives a
``link.mismatch.<cell>`` check instead of a link.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..report import Cell, Check, Fact, Report
from .context import FactContext, fact_contexts
from .rules import RuleSet, Target

SETTLED_CONFIDENCE = 0.8
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# A clause opening like this names a part of the figure before it: never
# borrow the row from the sentence ("规章18件(含新制定4件…)").
_INHERIT_BLOCK = re.compile(r"^(含|包括|包含|另有|另)")


@dataclass
class Decision:
    """What the linker concluded for one fact (kept for audit and debugging)."""

    fact: int
    target: Optional[str] = None
    where: str = ""                      # label | trailing | around | inherited | column (+borrowed)
    alternatives: list[list[str]] = field(default_factory=list)
    cells: Optional[list[str]] = None    # the linked cells
    status: str = "none"                 # linked | settled | mismatch | absent | none
    table_value: Optional[float] = None


# --- value agreement -----------------------------------------------------------
def signed_value(f: Fact) -> float:
    v = float(f.value)
    return -v if (f.kind == "change" and f.direction == "down") else v


_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?\s*(万亿|亿|万|千)?")
_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}


def printed_step(f: Fact) -> float:
    """The rounding step of the number as printed: 1.2万 -> 1000, 130.73亿元 -> 1e6, 35 -> 1."""
    m = _NUMBER.search((f.text or "").replace(",", ""))
    if not m:
        return 1.0
    return 10.0 ** -len(m.group(2) or "") * _MULT.get(m.group(3) or "", 1.0)


def agrees(f: Fact, total: float, scale: float = 1.0) -> bool:
    """Does the table value ``total`` (in table units × scale) agree with the fact?

    Equal up to the rounding the fact is printed with (1.2万件 agrees with 12051),
    or within its approximation (1500余条, 近3000人次, 约…).
    """
    t = float(total) * scale
    v = signed_value(f)
    if f.kind == "change" and f.direction is None:
        t, v = abs(t), abs(v)
    step = printed_step(f)
    tol = max(step / 2 if step > 1 or f.kind in ("amount",) or f.unit == "元" else 0.0,
              1e-6 * max(1.0, abs(v)))
    if not f.approx:
        return abs(t - v) <= tol
    a = abs(v)
    if f.approx == "over":
        return a - tol <= abs(t) <= a * 1.5 + tol
    if f.approx == "nearly":
        return a * 0.85 - tol <= abs(t) <= a + tol
    if f.approx == "about":
        return abs(abs(t) - a) <= max(0.05 * a, 0.5) + tol
    if f.approx == "at_most":
        return abs(t) <= a + tol
    if f.approx == "at_least":
        return abs(t) >= a - tol
    return abs(t - v) <= tol


def compact_id(cells: list[str]) -> str:
    """One readable id for a cell or a sum: ``t3.result.withheld.{secret|law}.total``."""
    if len(cells) == 1:
        return cells[0]
    parts = [c.split(".") for c in cells]
    n = min(len(p) for p in parts)
    pre = 0
    while pre < n and len({p[pre] for p in parts}) == 1:
        pre += 1
    suf = 0
    while suf < n - pre and len({p[-1 - suf] for p in parts}) == 1:
        suf += 1
    head = parts[0][:pre]
    tail = parts[0][len(parts[0]) - suf:] if suf else []
    mids = [".".join(p[pre:len(p) - suf]) for p in parts]
    return ".".join(head + ["{" + "+".join(mids) + "}"] + tail)


# --- target matching -------------------------------------------------------------
class Linker:
    """Resolve facts to cells for one report with a compiled :class:`RuleSet`."""

    def __init__(self, rules: RuleSet, mismatch: bool = True):
        self.rules = rules
        self.mismatch = mismatch
        self.year: Optional[int] = None
        self._relative = False
        self.contexts: list[FactContext] = []
        self.borrowed = False

    def _eligible(self, t: Target, f: Fact, template: Optional[str]) -> bool:
        if t.templates and str(template) not in t.templates:
            return False
        if f.kind not in t.kinds:
            return False
        if t.units is not None and (f.unit or "") not in t.units:
            return False
        return True

    def _context_ok(self, t: Target, c: FactContext, text: str) -> bool:
        """``text``: the clause text the target was found in (checked for excludes)."""
        if t.exclude is not None and t.exclude.search(text):
            return False
        if not (t.other_years or self._relative) and self.year \
                and any(int(y) != self.year for y in _YEAR.findall(c.label)):
            return False
        if t.requires is not None and not (t.requires.search(c.sentence) or t.requires.search(c.headings)
                                           or t.requires.search(c.paragraph)):
            return False
        return True

    def find_target(self, f: Fact, c: FactContext, template: Optional[str], prev=None):
        """(target, where) naming the fact's row/group, or (None, "").

        ``prev`` is the target of the previous fact in the same sentence, used
        when the label names only a column.
        """
        if c.in_table or f.modality == "target":
            return None, ""
        relative = f.kind == "change"          # a change is about last year by nature
        if not relative and self.rules.global_exclude is not None \
                and self.rules.global_exclude.search(c.label):
            return None, ""
        self._relative = relative
        cands = [t for t in self.rules.targets if self._eligible(t, f, template)]
        best, key = None, None
        for t in cands:
            for m in t.label.finditer(c.label):
                k = (not t.generic, m.end(), m.end() - m.start(), -t.order)
                if (key is None or k > key) and self._context_ok(t, c, c.label):
                    best, key = t, k
        if best:
            return best, "label"
        for t in cands:
            m = t.label.search(c.trailing)
            if m and self._context_ok(t, c, c.label + c.trailing[:m.end()]):
                k = (not t.generic, -m.start(), m.end() - m.start(), -t.order)
                if key is None or k > key:
                    best, key = t, k
        if best:
            return best, "trailing"
        if c.trailing:   # verb before the number, noun after it: 共收到70件申请
            around = c.label + "#" + c.trailing
            for t in cands:
                for m in t.label.finditer(around):
                    if m.start() > len(c.label) or m.end() <= len(c.label):
                        continue
                    k = (not t.generic, m.end(), m.end() - m.start(), -t.order)
                    if (key is None or k > key) and self._context_ok(t, c, around):
                        best, key = t, k
            if best:
                return best, "around"
        if _INHERIT_BLOCK.match(c.label):
            return None, ""
        if f.kind == "change":
            for t in cands:
                if not t.inherit:
                    continue
                for m in t.label.finditer(c.before):
                    k = (m.end(), m.end() - m.start(), -t.order)
                    if (key is None or k > key) and self._context_ok(t, c, c.before[m.start():] + c.label):
                        best, key = t, k
            if best:
                return best, "inherited"
        elif prev is not None and prev in cands and self._label_names_column(prev, c) \
                and self._context_ok(prev, c, c.label):
            return prev, "column"
        return None, ""

    def _label_names_column(self, t: Target, c: FactContext) -> bool:
        """The label itself names one of the target's columns (废止3件 after a 规范性文件 clause)."""
        names = t.placeholders()
        return bool(names) and any(self.rules.contexts[n]._search(c.label) is not None for n in names)

    def alternatives(self, t: Target, c: FactContext) -> Optional[list[list[str]]]:
        """Cell alternatives of ``t`` for this clause; sets ``self.borrowed`` when a
        column came from an earlier clause of the sentence (a weaker reading)."""
        ctx = {}
        self.borrowed = False
        for name in t.placeholders():
            v, where = self.rules.contexts[name].resolve_where(c.label, c.before)
            if v is None:
                return None
            self.borrowed |= where == "weak"
            ctx[name] = v
        return t.expand(ctx)

    def meanings(self, report: Report) -> list[tuple[int, Target, list[list[str]], str]]:
        """(fact index, target, cell alternatives, where) for each fact whose clause names
        a row, whatever the tables hold; the report is not changed."""
        contexts = self.contexts = fact_contexts(report, self.rules.clause_breaks,
                                                 self.rules.sentence_breaks)
        self.year = report.meta.year
        out = []
        prev, prev_sentence = None, -1
        for i in sorted(range(len(report.facts)), key=lambda i: contexts[i].start):
            f, c = report.facts[i], contexts[i]
            if c.sentence_start != prev_sentence:
                prev, prev_sentence = None, c.sentence_start
            t, where = self.find_target(f, c, report.meta.template, prev)
            if t is None:
                continue
            prev = t
            alts = self.alternatives(t, c)
            if alts:
                out.append((i, t, alts, where if not self.borrowed else where + "+borrowed"))
        return out

    # --- the step body -----------------------------------------------------------
    def link(self, report: Report) -> list[Decision]:
        """Set ``cell``/``cells`` on the facts, settle pending rows, add mismatch checks."""
        for f in report.facts:
            f.cell, f.cells = None, None
        values = {c.id: c.value for c in report.cells}
        decisions = [Decision(fact=i) for i in range(len(report.facts))]
        # which alternative a target took earlier in a sentence: 受理749件(新收+结转), 其中自然人741件,
        # 法人8件 — the later figures of the sentence count the same way
        reading: dict = {}
        for i, t, alts, where in self.meanings(report):
            f, c, d = report.facts[i], self.contexts[i], decisions[i]
            d.target, d.where, d.alternatives = t.name, where, alts
            present = None
            key = (c.sentence_start, t.name)
            order = list(range(len(alts)))
            if reading.get(key, 0) < len(alts):
                order.sort(key=lambda k: k != reading.get(key, 0))
            for k in order:
                alt = alts[k]
                if all(cid in values for cid in alt):
                    total = sum(values[cid] for cid in alt)
                    if present is None:
                        present = (alt, total)
                    if agrees(f, total, t.scale):
                        d.cells, d.status, d.table_value = alt, "linked", total
                        reading[key] = k
                        break
            if d.status != "linked":
                settled = _settle_pending(report, f, alts, values, t.scale, c.index)
                if settled:
                    d.cells, d.status = settled, "settled"
            if d.cells:
                if len(d.cells) == 1:
                    f.cell = d.cells[0]
                else:
                    f.cells = list(d.cells)
                continue
            if present is None:
                d.status = "absent"
                continue
            d.status, d.table_value = "mismatch", present[1]
            if self.mismatch and t.mismatch and where in ("label", "inherited"):  # not borrowed
                alt, total = present
                report.checks.append(Check(
                    rule=f"link.mismatch.{compact_id(alt)}", status="fail", cells=list(alt),
                    detail=(f"narrative {f.text.strip()!r} = {_fmt(signed_value(f))} but table "
                            f"{' + '.join(alt) if len(alt) < 4 else compact_id(alt)} = "
                            f"{_fmt(total * t.scale)}: {c.sentence[:160]}"),
                    facts=[c.index]))
        return decisions


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# --- pending rows --------------------------------------------------------------
def _number(v):
    """A candidate value as a number (candidates may hold printed strings)."""
    if isinstance(v, (int, float)) or v is None:
        return v
    txt = str(v).strip().replace(",", "")
    try:
        x = float(txt)
    except ValueError:
        return None
    return int(x) if x.is_integer() and "." not in txt else x


def _row_ids(row: dict) -> list[str]:
    name = row.get("row", "")
    cols = [str(c) for c in row.get("columns") or []]
    return [c if c.startswith(("t2.", "t3.", "t4.")) else f"{name}.{c}" for c in cols]


def _settle_pending(report: Report, f: Fact, alts: list[list[str]], values: dict,
                    scale: float, fact_index: int) -> Optional[list[str]]:
    """Pick the one split of an ambiguous flattened row that the fact confirms.

    Only an exact figure settles a row; when several splits fit, the cells they
    all agree on are emitted and the row keeps just those splits.
    """
    if f.approx:
        return None
    for alt in alts:
        missing = [cid for cid in alt if cid not in values]
        if not missing:
            continue
        for k, row in enumerate(report.pending_rows):
            ids = _row_ids(row)
            if not all(cid in ids for cid in missing):
                continue
            fits = []
            for cand in row.get("candidates") or []:
                nums = [_number(v) for v in cand]
                if len(nums) != len(ids) or any(nums[ids.index(c)] is None for c in missing):
                    continue
                vals = dict(zip(ids, nums))
                total = sum(vals[cid] if cid in missing else values[cid] for cid in alt)
                if agrees(f, total, scale):
                    fits.append(nums)
            if not fits:
                continue
            if len(fits) == 1:
                _apply_split(report, row, ids, fits[0], values, fact_index, f)
                report.pending_rows.pop(k)
                return alt
            # Several splits fit: keep the cells they all agree on, narrow the rest.
            agreed = [cid for cid in missing if len({fit[ids.index(cid)] for fit in fits}) == 1]
            if len(agreed) != len(missing):
                continue
            for cid in agreed:
                v = fits[0][ids.index(cid)]
                report.cells.append(Cell(id=cid, value=v, raw=str(row.get("raw", "")),
                                         start=row.get("start"), end=row.get("end"),
                                         confidence=SETTLED_CONFIDENCE))
                values[cid] = v
            row["candidates"] = [list(fit) for fit in fits]
            note = (f"the narrative (fact {fact_index} {f.text.strip()!r}) fixes "
                    f"{', '.join(agreed)}; {len(fits)} splits remain")
            for chk in report.checks:
                if chk.status == "unknown" and (row.get("row", "") in chk.rule or any(c in ids for c in chk.cells)):
                    chk.detail = (chk.detail + "; " if chk.detail else "") + note
                    if fact_index not in chk.facts:
                        chk.facts.append(fact_index)
            return alt
    return None


def _apply_split(report: Report, row: dict, ids: list[str], nums: list, values: dict,
                 fact_index: int, f: Fact) -> None:
    """Emit the settled row's cells and re-decide the checks it left unknown."""
    start, end = row.get("start"), row.get("end")
    for cid, v in zip(ids, nums):
        if v is None or cid in values:
            continue
        report.cells.append(Cell(id=cid, value=v, raw=str(row.get("raw", "")), start=start,
                                 end=end, confidence=SETTLED_CONFIDENCE))
        values[cid] = v
    name = row.get("row", "")
    note = (f"the narrative settled {name}: fact {fact_index} {f.text.strip()!r} agrees with "
            f"only the split {nums}")
    redone = _recheck(report, values)
    touched = False
    for chk in report.checks:
        if chk.status != "unknown" or not (name in chk.rule or any(c in ids for c in chk.cells)):
            continue
        new = redone.get(chk.rule)
        if new is not None and new.status != "unknown":
            chk.status, chk.cells = new.status, new.cells
            chk.detail = f"{new.detail}; {note}"
        elif not any(c not in values for c in chk.cells):
            chk.status = "pass"
            chk.detail = (chk.detail + "; " if chk.detail else "") + note
        else:
            continue
        if fact_index not in chk.facts:
            chk.facts.append(fact_index)
        touched = True
    if not touched:
        report.checks.append(Check(rule=f"link.settled.{name}", status="pass", cells=ids,
                                   detail=note, facts=[fact_index]))


def _recheck(report: Report, values: dict) -> dict:
    """The tables step's identity checks recomputed on the current cells, if available."""
    try:
        from ..tables.identities import audit
    except Exception:  # the tables package is optional here
        return {}
    pending = {cid for r in report.pending_rows for cid in _row_ids(r)}
    try:
        return {c.rule: c for c in audit(values, report.meta.template, pending)}
    except Exception:
        return {}
