"""Meaning -> cell rules, read from ``data/cell_links.yaml`` and compiled once."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..resources import load_yaml

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class ContextRule:
    """Fills a ``{name}`` placeholder from keywords in the label or sentence."""

    name: str
    scope: str                                  # label | sentence | label_sentence
    mode: str                                   # nearest | priority
    values: list[tuple[re.Pattern, list[str]]]
    default: Optional[list[str]] = None
    weak: frozenset = frozenset()               # indexes of values that never raise a mismatch
    # indexes of values that count only inside a breakdown: when the sentence before
    # already names another value of the rule (自然人46件,…,其他0件: 其他 is a column)
    breakdown: frozenset = frozenset()
    # indexes of broad values (诉讼: both litigation groups) that give way to a narrower value
    # (复议后起诉) named before them in the same run
    generic: frozenset = frozenset()
    # a lead clause opening the sentence (法人或其他组织的申请中,…) whose group "lead" gives the
    # value when the label names none
    lead: Optional[re.Pattern] = None
    _all: list = field(default_factory=list, init=False, repr=False)       # (index, value) pairs
    _plain: list = field(default_factory=list, init=False, repr=False)     # ... without breakdown ones

    def __post_init__(self):
        self._all = list(enumerate(self.values))
        self._plain = [(i, v) for i, v in self._all if i not in self.breakdown]

    def resolve(self, label: str, before: str) -> Optional[list[str]]:
        """The placeholder's value for this clause (see :meth:`resolve_where`)."""
        return self.resolve_where(label, before)[0]

    def resolve_where(self, label: str, before: str) -> tuple[Optional[list[str]], str]:
        """(value, where) with where = label | sentence | weak | default; ``weak`` when
        the value came from an earlier clause or from a weak keyword."""
        scopes = {"label": [("label", label)], "sentence": [("sentence", before + label)],
                  "label_sentence": [("label", label), ("weak", before)]}[self.scope]
        for where, text in scopes:
            hit = self._matching_value_index(text, before)
            if hit is not None:
                return self.values[hit][1], ("weak" if hit in self.weak else where)
        m = self.lead.search(before) if self.lead is not None and before else None
        if m:
            hit = self._matching_value_index(m.group("lead"))
            if hit is not None:
                return self.values[hit][1], "lead"
        return self.default, "default"

    def search(self, text: str, before: str = "") -> Optional[list[str]]:
        """The value whose keywords ``text`` names (by the rule's mode), or None;
        ``before``: the sentence before ``text`` (a breakdown value needs it)."""
        i = self._matching_value_index(text, before)
        return None if i is None else self.values[i][1]

    def _in_breakdown(self, before: str) -> bool:
        """``before`` names a value of the rule that is no breakdown-only value."""
        return any(pat.search(before) for _i, (pat, _v) in self._plain)

    def _matching_value_index(self, text: str, before: str = "") -> Optional[int]:
        """Index of the value named: the first in priority mode, else the one ending last;
        a breakdown-only value only when ``before`` names another value."""
        values = self._all
        if self.breakdown and not (before and any(self.values[i][0].search(text) for i in self.breakdown)
                                   and self._in_breakdown(before)):
            values = self._plain
        if self.mode == "priority":
            for i, (pat, _value) in values:
                if pat.search(text):
                    return i
            return None
        hits = [(m.end(), -i) for i, (pat, _value) in values for m in pat.finditer(text)]
        if not hits:
            return None
        best = -max(hits)[1]
        return self._narrowed(best, hits) if best in self.generic else best

    def _narrowed(self, best: int, hits: list[tuple[int, int]]) -> int:
        """A generic value ``best`` replaced by the last narrower value (a subset of its
        columns) named after any value outside its columns (复议后起诉的3件行政诉讼中)."""
        within = set(self.values[best][1])
        fence = max((e for e, i in hits if not set(self.values[-i][1]) <= within), default=-1)
        narrower = [(e, i) for e, i in hits if -i not in self.generic and e >= fence
                    and set(self.values[-i][1]) < within]
        return -max(narrower)[1] if narrower else best


@dataclass
class Target:
    """A table row or group a clause can name, with its cell alternatives."""

    name: str
    label: re.Pattern
    cells: list[list[str]]                      # alternatives, each a sum of cell-id templates
    kinds: tuple[str, ...] = ("count",)
    units: Optional[tuple[str, ...]] = None
    exclude: Optional[re.Pattern] = None
    requires: Optional[re.Pattern] = None
    templates: Optional[tuple[str, ...]] = None
    inherit: bool = False
    generic: bool = False
    other_years: bool = False
    years: tuple[int, ...] = (0,)               # years a label may name, as offsets from the report's
    last_year: bool = False                     # names last year's figure (上一年项目数量)
    reach: bool = False                         # may be named later in the sentence (…,结转下年度办理)
    mismatch: bool = True
    scale: float = 1.0
    order: int = 0

    def placeholders(self) -> set[str]:
        """The ``{name}`` placeholders its cell templates use."""
        return {m for alt in self.cells for c in alt for m in _PLACEHOLDER.findall(c)}

    def expand(self, ctx: dict[str, list[str]]) -> list[list[str]]:
        """Cell-id alternatives with placeholders filled (a list value = a sum)."""
        out = []
        for alt in self.cells:
            ids: list[str] = []
            for tmpl in alt:
                names = _PLACEHOLDER.findall(tmpl)
                if not names:
                    ids.append(tmpl)
                    continue
                for combo in itertools.product(*(ctx[n] for n in names)):
                    cid = tmpl
                    for n, v in zip(names, combo):
                        cid = cid.replace("{" + n + "}", v, 1)
                    ids.append(cid)
            out.append(ids)
        return out


@dataclass
class Share:
    """How a stated share finds its denominator: named in the sentence, else by the numerator's row."""

    denominators: list[tuple[re.Pattern, list[str]]]
    by_row: list[tuple[str, list[str]]]
    subject: Optional[re.Pattern] = None        # the share's own subject in its clause (group "subject")


@dataclass
class RuleSet:
    """The compiled ``cell_links.yaml``: targets, placeholder contexts, breaks, share rules."""

    targets: list[Target]
    contexts: dict[str, ContextRule]
    clause_breaks: str
    sentence_breaks: str
    global_exclude: Optional[re.Pattern]
    shares: Share
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    other_body: Optional[re.Pattern] = None     # a clause speaking for another body (group "body")
    cumulative: Optional[re.Pattern] = None     # a figure counted over several years (…以来,累计…)
    broad_scope: Optional[re.Pattern] = None    # every level or body of a place: never a mismatch
    respective: Optional[re.Pattern] = None     # ends a clause listing items figure by figure (分别为)
    empty_label: Optional[re.Pattern] = None    # a label naming nothing (其中): the column may follow
    total_only: Optional[re.Pattern] = None     # a label that is only a total (共计)
    compared_subject: Optional[re.Pattern] = None   # the subject before 比/较 (group "subject")
    all_of: Optional[re.Pattern] = None         # words after a figure saying all of it is one kind
    accepted_after: Optional[re.Pattern] = None     # the accepted count following a received one


def _compile_optional(p: Optional[str]) -> Optional[re.Pattern]:
    """A compiled pattern, or None for an absent or empty one."""
    return re.compile(p) if p else None


def build_rules(data: dict) -> RuleSet:
    """Compile the YAML structure of ``cell_links.yaml`` into a :class:`RuleSet`."""
    units = {k: tuple(v) for k, v in (data.get("units") or {}).items()}
    contexts = {}
    for name, c in (data.get("contexts") or {}).items():
        contexts[name] = ContextRule(
            name=name, scope=c.get("scope", "label"), mode=c.get("mode", "nearest"),
            values=[(re.compile(v["pattern"]), list(v["value"])) for v in c.get("values") or []],
            default=c.get("default"),
            weak=frozenset(i for i, v in enumerate(c.get("values") or []) if v.get("weak")),
            breakdown=frozenset(i for i, v in enumerate(c.get("values") or []) if v.get("breakdown")),
            generic=frozenset(i for i, v in enumerate(c.get("values") or []) if v.get("generic")),
            lead=_compile_optional(c.get("lead")))
    targets = []
    for i, t in enumerate(data.get("targets") or []):
        u = t.get("units")
        targets.append(Target(
            name=t["name"], label=re.compile(t["label"]),
            cells=[list(a) for a in t["cells"]],
            kinds=tuple(t.get("kinds") or ("count",)),
            units=units[u] if isinstance(u, str) else (tuple(u) if u else None),
            exclude=_compile_optional(t.get("exclude")), requires=_compile_optional(t.get("requires")),
            templates=tuple(str(x) for x in t["templates"]) if t.get("templates") else None,
            inherit=bool(t.get("inherit")), generic=bool(t.get("generic")),
            other_years=bool(t.get("other_years")), years=tuple(t.get("years") or (0,)),
            last_year=bool(t.get("last_year")),
            reach=bool(t.get("reach")),
            mismatch=bool(t.get("mismatch", True)), scale=float(t.get("scale", 1)), order=i))
    for t in targets:
        missing = t.placeholders() - set(contexts)
        if missing:
            raise ValueError(f"cell_links target {t.name!r} uses undefined context(s) {sorted(missing)}")
    sh = data.get("shares") or {}
    shares = Share(
        denominators=[(re.compile(d["pattern"]), list(d["cells"])) for d in sh.get("denominators") or []],
        by_row=[(d["prefix"], list(d["cells"])) for d in sh.get("by_row") or []],
        subject=_compile_optional(sh.get("subject")))
    return RuleSet(targets=targets, contexts=contexts,
                   clause_breaks=data.get("clause_breaks", ",;:()"),
                   sentence_breaks=data.get("sentence_breaks", "。!?"),
                   global_exclude=_compile_optional(data.get("global_exclude")),
                   other_body=_compile_optional(data.get("other_body")),
                   cumulative=_compile_optional(data.get("cumulative")),
                   broad_scope=_compile_optional(data.get("broad_scope")),
                   respective=_compile_optional(data.get("respective")),
                   empty_label=_compile_optional(data.get("empty_label")),
                   total_only=_compile_optional(data.get("total_only")),
                   compared_subject=_compile_optional(data.get("compared_subject")),
                   all_of=_compile_optional(data.get("all_of")),
                   accepted_after=_compile_optional(data.get("accepted_after")),
                   shares=shares, units=units)


@lru_cache(maxsize=4)
def load_rules(name: str = "cell_links.yaml") -> RuleSet:
    """The packaged rule set (cached)."""
    return build_rules(load_yaml(name))
