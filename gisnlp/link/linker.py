"""Link narrative facts to the table cells they state, by meaning confirmed by value.

For each fact the clause before the number (its label) names a target row or
group (rules in ``data/cell_links.yaml``); the target gives cell-id
alternatives; the first alternative whose cells exist and add up to the
fact's value is the link. A target whose cells exist but disagree gives a
``link.mismatch.<cell>`` check instead of a link. A target whose cells are
missing because their row is pending may settle that row
(:mod:`gisnlp.link.settle`).

:class:`Linker` holds only its configuration (the rules, whether to emit
mismatch checks); everything about one report is passed as arguments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..report import Check, Fact, Report
from .agreement import agrees, compact_id, format_number, signed_value
from .context import FactContext, fact_contexts
from .respective import respective_contexts
from .rules import RuleSet, Target
from .settle import settle_pending

_YEAR = re.compile(r"((?:19|20)\d{2})年")
# A clause opening like this names a part of the figure before it: never
# borrow the row from the sentence ("规章18件(含新制定4件…)").
_INHERIT_BLOCK = re.compile(r"^(含|包括|包含|另有|另)")
# "X由A增加到B": the words before 由/从 name the row of B, the level after the verb.
_FROM = re.compile(r"^(?P<subject>.+?)(?:由|从)")
_TO_LEVEL = re.compile(r"^(?:增加|增长|上升|提高|扩大|减少|下降|降低|回落|缩减|增|降|升)?(?:到|至)")
# The cause clause closing the sentence before a label (因…,不予公开1件); one holding a figure
# is an earlier fact's own clause (因逾期未缴费终止办理1件,其他处理2件), no cause of this one.
_CAUSE = re.compile(r"(?:^|[,;])(?:因|由于|鉴于)[^,;\d]*[,;]$")
# Punctuation closing the lead clause before a breakdown (法人或其他组织申请中,商业企业12件).
_LEAD_END = ",;:("
# The longest label that names only a column (法人或其他组织提出的:6件).
_COLUMN_LABEL_CHARS = 16
# How much of the sentence a mismatch check quotes.
_QUOTE_CHARS = 160


@dataclass
class Decision:
    """What the linker concluded for one fact (kept for audit and debugging)."""

    fact: int
    target: Optional[str] = None
    where: str = ""                      # label | trailing | around | after | inherited | column | column_after
    #                                      | total | level (+borrowed)
    alternatives: list[list[str]] = field(default_factory=list)
    cells: Optional[list[str]] = None    # the linked cells
    status: str = "none"                 # linked | settled | mismatch | absent | none
    table_value: Optional[float] = None


def _matches(pattern: re.Pattern, text: str):
    """Every match of ``pattern`` in ``text``, as ``finditer`` gives them; a plain search first,
    as most target labels match nowhere and a search costs half an empty ``finditer``."""
    m = pattern.search(text)
    return () if m is None else pattern.finditer(text, m.start())


def _label_key(t: Target, m: re.Match) -> tuple:
    """Rank of a label match: specific over generic, later, longer, earlier in the rules."""
    return (not t.generic, m.end(), m.end() - m.start(), -t.order)


class Linker:
    """Resolve facts to cells with a compiled :class:`RuleSet` (stateless across reports)."""

    def __init__(self, rules: RuleSet, mismatch: bool = True):
        self.rules = rules
        self.mismatch = mismatch
        self._eligible_memo: dict[tuple, list[Target]] = {}   # a function of the rules only
        self._placeholder_memo: dict[int, set[str]] = {}      # target order -> its placeholders
        self._needed_memo: dict[tuple, set[str]] = {}          # candidate targets -> their placeholders

    def eligible_targets(self, f: Fact, template: Optional[str]) -> list[Target]:
        """The targets that fit the fact's template, kind and unit (memoised per combination)."""
        key = (str(template), f.kind, f.unit or "")
        found = self._eligible_memo.get(key)
        if found is None:
            found = self._eligible_memo[key] = [t for t in self.rules.targets
                                                if self._eligible(t, f, template)]
        return found

    # --- which row or group a clause names ---------------------------------------
    @staticmethod
    def _eligible(t: Target, f: Fact, template: Optional[str]) -> bool:
        """The target fits the fact's template, kind and unit."""
        if t.templates and str(template) not in t.templates:
            return False
        if f.kind not in t.kinds:
            return False
        return t.units is None or (f.unit or "") in t.units

    def _context_ok(self, t: Target, c: FactContext, text: str, year: Optional[int],
                    relative: bool) -> bool:
        """The target's excludes, year and requires rules accept the fact's context;
        ``text``: the clause text the target was found in (checked for excludes)."""
        if t.exclude is not None and t.exclude.search(text):
            return False
        if not (t.other_years or relative) and year \
                and any(int(y) - year not in t.years for y in _YEAR.findall(c.label)):
            return False
        if t.requires is not None and not (t.requires.search(c.sentence) or t.requires.search(c.headings)
                                           or t.requires.search(c.paragraph)):
            return False
        return True

    def _in_label(self, cands, c, year, relative) -> Optional[Target]:
        """The best target named in the clause before the number; a row of the best
        target's group named in the same clause wins over the group (因不掌握相关信息
        而无法提供14件 states 不掌握, a row of 无法提供) unless 等 follows the row
        (因不掌握等原因无法提供15件 states the group)."""
        found: dict[str, tuple[tuple, Target]] = {}
        for t in cands:
            for m in _matches(t.label, c.label):
                k = _label_key(t, m)
                if (t.name not in found or k > found[t.name][0]) \
                        and self._context_ok(t, c, c.label, year, relative):
                    found[t.name] = (k, t)
        if not found:
            return None
        key, best = max(found.values(), key=lambda kt: kt[0])
        # ... unless 等 after the row makes it an example of the group (因不掌握等原因无法提供)
        rows = [kt for name, kt in found.items() if name.startswith(best.name + ".")
                and "等" not in c.label[kt[0][1]:]]
        if rows:
            return max(rows, key=lambda kt: kt[0])[1]
        groups = [kt for name, kt in found.items() if best.name.startswith(name + ".")]
        if groups and "等" in c.label[key[1]:]:
            # 其他处理(含逾期不补正等)3件: the row is an example, the figure is its group's
            return max(groups, key=lambda kt: kt[0])[1]
        return self._row_of_cause(cands, best, c, year, relative) or best

    def _row_of_cause(self, cands, best: Target, c: FactContext, year, relative) -> Optional[Target]:
        """A row of ``best``'s group named by the cause clause just before the label (因公开后可能
        危及国家安全…,不予公开1件), when that clause names one row only (no 等)."""
        cause = _CAUSE.search(c.before)
        if not cause or "等" in cause.group(0):
            return None
        rows = [t for t in cands if t.name.startswith(best.name + ".") and t.label.search(cause.group(0))
                and self._context_ok(t, c, cause.group(0) + c.label, year, relative)]
        return rows[0] if len({t.name for t in rows}) == 1 else None

    def _in_trailing(self, cands, c, year, relative) -> Optional[Target]:
        """The best target named right after the number (earliest match wins)."""
        best, key = None, None
        for t in cands:
            m = t.label.search(c.trailing)
            if m and self._context_ok(t, c, c.label + c.trailing[:m.end()], year, relative):
                k = (not t.generic, -m.start(), m.end() - m.start(), -t.order)
                if key is None or k > key:
                    best, key = t, k
        return best

    def _around(self, cands, c, year, relative) -> Optional[Target]:
        """A target whose label spans the number (verb before it, noun after: 共收到70件申请)."""
        if not c.trailing:
            return None
        best, key = None, None
        around = c.label + "#" + c.trailing
        for t in cands:
            for m in _matches(t.label, around):
                if m.start() > len(c.label) or m.end() <= len(c.label):
                    continue
                k = _label_key(t, m)
                if (key is None or k > key) and self._context_ok(t, c, around, year, relative):
                    best, key = t, k
        return best

    def _reached(self, cands, c, year, relative) -> Optional[Target]:
        """A ``reach`` target named later in the sentence, before the next figure
        (另有6件申请因在答复期限内,结转至2024年度继续办理); the earliest wins."""
        best, key = None, None
        for t in cands:
            if not t.reach:
                continue
            m = t.label.search(c.after)
            if m and self._context_ok(t, c, c.label + c.after[:m.end()], year, relative):
                if key is None or m.start() < key:
                    best, key = t, m.start()
        return best

    def _inherited(self, cands, c, year, relative) -> Optional[Target]:
        """For a change: an inheritable target named earlier in the sentence."""
        best, key = None, None
        for t in cands:
            if not t.inherit:
                continue
            for m in _matches(t.label, c.before):
                k = (m.end(), m.end() - m.start(), -t.order)
                if (key is None or k > key) and self._context_ok(t, c, c.before[m.start():] + c.label,
                                                                  year, relative):
                    best, key = t, k
        return best

    def find_target(self, f: Fact, c: FactContext, template: Optional[str], prev=None,
                    year: Optional[int] = None, issuer: Optional[str] = None) -> tuple[Optional[Target], str]:
        """(target, where) naming the fact's row/group, or (None, "").

        Tried in order: the clause before the number (``label``), the words
        after it (``trailing``), a label spanning it (``around``), a ``reach``
        target later in the sentence (``after``); then, for a change, a row
        named earlier in the sentence (``inherited``), and for other facts the
        previous fact's target ``prev`` when the label names only one of its
        columns (``column``), or, for the sentence's first such figure, a target
        named earlier in the sentence (收到申请数:自然人32件); last, the subject of
        a level (申请量由35件增加到52件: ``level``). ``year``: the
        report's year (a label naming another year names no cell of this report);
        ``issuer``: the report's issuer (a label whose subject is another body names none).
        """
        if c.in_table or f.modality == "target":
            return None, ""
        relative = f.kind == "change"          # a change is about last year by nature
        cands = self.eligible_targets(f, template)
        if not relative and self._narrower(c, issuer):
            # a narrower scope or last year's figure: only a target naming last year's column
            cands = [t for t in cands if t.last_year]
            if not cands:
                return None, ""
        for where, finder in (("label", self._in_label), ("trailing", self._in_trailing),
                              ("around", self._around), ("after", self._reached)):
            best = finder(cands, c, year, relative)
            if best and where == "trailing" and best.generic:
                # a generic word after the number (…答复期限内) gives way to a specific
                # target later in the sentence (…,结转至下年度办理)
                reached = self._reached(cands, c, year, relative)
                if reached:
                    return reached, "after"
            if best:
                return best, where
        if _INHERIT_BLOCK.match(c.label):
            return None, ""
        if f.kind == "change":
            best = self._inherited(cands, c, year, relative)
            return (best, "inherited") if best else (None, "")
        if prev is not None and prev in cands and self._label_names_column(prev, c) \
                and self._context_ok(prev, c, c.label, year, relative):
            return prev, "column"
        if prev is not None and prev in cands and self.rules.empty_label is not None \
                and self.rules.empty_label.match(c.label) \
                and self._names_column(prev, c.trailing, c.before) \
                and self._context_ok(prev, c, c.label + c.trailing, year, relative):
            return prev, "column_after"          # 其中24件来自自然人
        if prev is None:
            best = self._column_of_lead(cands, c, year, relative)
            if best:
                return best, "column"
            best = self._total_of_subject(cands, c, year, relative)
            if best:
                return best, "total"
        best = self._level_subject(cands, c, year, relative)
        return (best, "level") if best else (None, "")

    def _narrower(self, c: FactContext, issuer: Optional[str]) -> bool:
        """The clause speaks of a narrower scope, another year or body, or several years
        (``global_exclude`` on the label, ``other_body``, ``cumulative`` on the sentence so far)."""
        r = self.rules
        return bool(r.global_exclude is not None and r.global_exclude.search(c.label)
                    or self._other_body(c.label, issuer)
                    or r.cumulative is not None and r.cumulative.search(c.before + c.label))

    def _other_body(self, label: str, issuer: Optional[str]) -> bool:
        """The clause's subject is a body other than the issuer (县自然资源局收到申请9件 in a
        county government's report): its figure is that body's, not the tables'."""
        if not issuer or self.rules.other_body is None:
            return False
        m = self.rules.other_body.search(label)
        return bool(m) and m.group("body").replace("人民", "") not in issuer.replace("人民", "")

    def _level_subject(self, cands, c, year, relative) -> Optional[Target]:
        """The row a level names in 申请量由2022年的35件增加到2023年的52件: the target in the
        words before 由/从, when the label is the verb reaching the level (增加到…)."""
        if relative or not _TO_LEVEL.match(c.label):
            return None
        m = _FROM.match(c.before)
        if not m:
            return None
        return self._named_in(cands, m.group("subject"), c, year, relative)

    def _named_in(self, cands, text: str, c: FactContext, year, relative) -> Optional[Target]:
        """The best of ``cands`` named in ``text`` (words of the sentence before the label):
        specific over generic, then the match ending last, longest, first in the rules."""
        best, key = None, None
        for t in cands:
            for hit in _matches(t.label, text):
                k = (not t.generic, hit.end(), hit.end() - hit.start(), -t.order)
                if (key is None or k > key) and self._context_ok(t, c, text[hit.start():] + c.label,
                                                                  year, relative):
                    best, key = t, k
        return best

    def _column_of_lead(self, cands, c, year, relative) -> Optional[Target]:
        """A target named earlier in the sentence (收到申请数:) when the label names only
        one of its columns (自然人32件): the sentence's first figure of a breakdown."""
        if not c.before or len(c.label) > _COLUMN_LABEL_CHARS:
            return None
        named = {n for n in self._needed(cands) if self.rules.contexts[n].search(c.label, c.before) is not None}
        if not named:
            return None
        lead = c.before.rstrip(_LEAD_END)       # anchored labels end the lead clause (…申请中,)
        return self._named_in([t for t in cands if self._placeholders(t) & named], lead, c, year, relative)

    def _another_column_agrees(self, f: Fact, t: Target, c: FactContext, values: dict) -> bool:
        """The label named no column (the total was taken), yet the figure equals one column
        of the row (媒体记者提出申请2件 = the 自然人 column): a column under a name the rules do
        not know, not a disagreement to report."""
        names = self._placeholders(t)
        resolved = {n: self.rules.contexts[n].resolve_where(c.label, c.before) for n in names}
        for name, (value, where) in resolved.items():
            rule = self.rules.contexts[name]
            if where != "default" or rule.default is None:
                continue
            for _pat, other in rule.values:
                ctx = {n: v for n, (v, _w) in resolved.items()}
                if other == rule.default or any(v is None for v in ctx.values()):
                    continue
                ctx[name] = other
                for alt in t.expand(ctx):
                    if all(cid in values for cid in alt) and agrees(f, sum(values[cid] for cid in alt), t.scale):
                        return True
        return False

    def _total_of_subject(self, cands, c, year, relative) -> Optional[Target]:
        """For a label that is only a total (共计35件), the row named by the sentence's lead
        clause (共有126人次提出申请,共计131件) or by the subject compared before 比/较
        (申请量同比下降12.5%,共计35件); the first found wins."""
        r = self.rules
        if r.total_only is None or not c.before or not r.total_only.match(c.label):
            return None
        texts = [c.before.rstrip(_LEAD_END)]
        m = r.compared_subject.match(c.before) if r.compared_subject is not None else None
        if m:
            texts.append(m.group("subject"))
        for text in texts:
            best = self._named_in(cands, text, c, year, relative)
            if best:
                return best
        return None

    def _needed(self, cands: list[Target]) -> set[str]:
        """The placeholders any of ``cands`` uses (memoised per set of candidates: a function of
        the rules only)."""
        key = tuple(t.order for t in cands)
        found = self._needed_memo.get(key)
        if found is None:
            found = self._needed_memo[key] = set().union(*(self._placeholders(t) for t in cands))
        return found

    def _placeholders(self, t: Target) -> set[str]:
        """``t.placeholders()``, computed once per target."""
        found = self._placeholder_memo.get(t.order)
        if found is None:
            found = self._placeholder_memo[t.order] = t.placeholders()
        return found

    def _label_names_column(self, t: Target, c: FactContext) -> bool:
        """The label itself names one of the target's columns (废止3件 after a 规范性文件 clause)."""
        return self._names_column(t, c.label, c.before)

    def _names_column(self, t: Target, text: str, before: str) -> bool:
        """``text`` names one of the target's columns."""
        names = self._placeholders(t)
        return bool(names) and any(self.rules.contexts[n].search(text, before) is not None for n in names)

    def alternatives(self, t: Target, c: FactContext, where: str = "label"
                     ) -> tuple[Optional[list[list[str]]], bool]:
        """(cell alternatives of ``t`` for this clause, borrowed): ``borrowed`` is True
        when a column came from an earlier clause of the sentence (a weaker reading);
        the alternatives are None when a placeholder cannot be filled. ``where`` the
        target was named: a target named after the number (对12件规范性文件予以废止)
        reads its column there too."""
        ctx = {}
        borrowed = False
        label = c.label + "#" + c.trailing if where in ("trailing", "around", "column_after") else c.label
        for name in t.placeholders():
            v, where = self.rules.contexts[name].resolve_where(label, c.before)
            if v is None:
                return None, borrowed
            borrowed |= where == "weak"
            ctx[name] = v
        return t.expand(ctx), borrowed

    def contexts(self, report: Report) -> list[FactContext]:
        """The :class:`FactContext` of every fact, with this rule set's breaks."""
        return fact_contexts(report, self.rules.clause_breaks, self.rules.sentence_breaks)

    def meanings(self, report: Report, contexts: Optional[list[FactContext]] = None
                 ) -> list[tuple[int, Target, list[list[str]], str]]:
        """(fact index, target, cell alternatives, where) for each fact whose clause names
        a row, whatever the tables hold; the report is not changed.

        ``contexts``: the facts' contexts when the caller has them already.
        """
        if contexts is None:
            contexts = self.contexts(report)
        year = report.meta.year
        out = []
        prev, prev_sentence = None, -1
        respective = respective_contexts(contexts, self.rules.respective) if self.rules.respective else {}
        for i in sorted(range(len(report.facts)), key=lambda i: contexts[i].start):
            f, c = report.facts[i], respective.get(i, contexts[i])
            if c is None:                       # a figure of a respective list that cannot be read
                continue
            if c.sentence_start != prev_sentence:
                prev, prev_sentence = None, c.sentence_start
            c = self._own_trailing(c)
            t, where = self.find_target(f, c, report.meta.template, prev, year=year, issuer=report.meta.issuer)
            if t is None:
                continue
            prev = t
            alts, borrowed = self.alternatives(t, c, where)
            if alts:
                out.append((i, t, alts, where if not borrowed else where + "+borrowed"))
        return out

    def _own_trailing(self, c: FactContext) -> FactContext:
        """``c`` with its trailing words cut where they say all of the figure is of one kind
        (4件申请均为自然人提出: the figure is the whole row, 自然人 names no column of it)."""
        m = self.rules.all_of.search(c.trailing) if self.rules.all_of is not None and c.trailing else None
        return replace(c, trailing=c.trailing[:m.start()]) if m else c

    def _accepted_later(self, c: FactContext) -> bool:
        """The sentence goes on to the accepted count (收到申请71件,依法受理68件): the received
        figure may not be the one the table counts."""
        return self.rules.accepted_after is not None and bool(self.rules.accepted_after.search(c.after))

    # --- the step body -----------------------------------------------------------
    def link(self, report: Report, contexts: Optional[list[FactContext]] = None) -> list[Decision]:
        """Set ``cell``/``cells`` on the facts, settle pending rows, add mismatch checks.

        For each fact with a meaning, the alternatives are tried (the one an
        earlier figure of the same sentence took first: 受理749件(新收+结转),
        其中自然人741件 count the same way); the first whose cells add up to the
        fact links it. Otherwise a pending row may be settled; otherwise, when
        the cells exist, the fact disagrees with the table (``mismatch``).
        """
        if contexts is None:
            contexts = self.contexts(report)
        for f in report.facts:
            f.cell, f.cells = None, None
        values = {c.id: c.value for c in report.cells}
        decisions = [Decision(fact=i) for i in range(len(report.facts))]
        reading: dict = {}                  # (sentence, target) -> index of the alternative taken
        for i, t, alts, where in self.meanings(report, contexts):
            f, c, d = report.facts[i], contexts[i], decisions[i]
            d.target, d.where, d.alternatives = t.name, where, alts
            key = (c.sentence_start, t.name)
            present = self._agreeing(f, t, alts, values, reading, key, d)
            if d.status != "linked":
                settled = settle_pending(report, f, alts, values, t.scale, c.index)
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
            if self.mismatch and t.mismatch and where in ("label", "inherited") \
                    and not (self.rules.broad_scope is not None and self.rules.broad_scope.search(c.label)) \
                    and not self._accepted_later(c) \
                    and not self._another_column_agrees(f, t, c, values):          # not borrowed
                report.checks.append(_mismatch_check(f, c, t, *present))
        return decisions

    @staticmethod
    def _agreeing(f: Fact, t: Target, alts: list[list[str]], values: dict, reading: dict,
                  key: tuple, d: Decision) -> Optional[tuple[list[str], float]]:
        """Link ``d`` to the first alternative whose cells agree with the fact (the
        sentence's earlier reading first); return the first present (alternative, total)."""
        present = None
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
        return present


def _mismatch_check(f: Fact, c: FactContext, t: Target, alt: list[str], total: float) -> Check:
    """``link.mismatch.<cells>``: the narrative names these cells but states another number;
    the detail gives both figures, the difference and the sentence."""
    stated, table = signed_value(f), total * t.scale
    diff = stated - table
    # a table printed in larger units (万元) shows its figure and the conversion
    printed = f"{format_number(total)} × {format_number(t.scale)} = " if t.scale != 1 else ""
    return Check(
        rule=f"link.mismatch.{compact_id(alt)}", status="fail", cells=list(alt),
        detail=(f"narrative {f.text.strip()!r} = {format_number(stated)} but table "
                f"{' + '.join(alt) if len(alt) < 4 else compact_id(alt)} = "
                f"{printed}{format_number(table)}; the narrative states {format_number(abs(diff))} "
                f"{'more' if diff > 0 else 'less'}: {c.sentence[:_QUOTE_CHARS]}"),
        facts=[c.index])
