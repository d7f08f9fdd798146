"""A small query language, parsed into plain dataclasses (no engine involved).

    依申请公开 复议            both (words are matched as jieba tokens; several tokens = phrase)
    "政府信息 公开"            phrase (spaces inside are ignored)
    -诉讼                      must not match
    教育 OR 卫生               either
    domain:education year:2023 level:district type:segment issuer:静安区
    metric:政府信息公开申请 value:>1000 value:100..500 year:>=2021 unit:件
    metric:=政府信息公开申请 issuer:=上海市人民政府   (a leading = asks for the exact value, not "contains")
    cell:t3.new check:fail check:t3.balance doc:001_65b2 kind:change heading:依申请公开
    reuse:>0.8 reuse_text:>=0.5 reuse_tables:<0.3   (vs the issuer's year before: comparisons.jsonl)

Anything that cannot be parsed raises ``gisnlp.errors.QueryError`` saying what to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from ..errors import QueryError
from ..normalize import _fold_char

# field name -> how it is matched
KEYWORD_FIELDS = {"domain": "domains", "level": "level", "type": "type", "unit": "unit", "kind": "kind",
                  "doc": "doc_id", "template": "template", "doctype": "doc_type"}
PREFIX_FIELDS = {"cell": "cell_keys", "check": "failing_keys"}   # dotted ids, matched by prefix
PHRASE_FIELDS = {"issuer": "issuer_t", "metric": "metric_t", "heading": "heading", "title": "title_t"}
NUMERIC_FIELDS = {"year": "year", "value": "value", "reuse": "reuse", "reuse_text": "reuse_text",
                  "reuse_tables": "reuse_tables"}
ALL_FIELDS = sorted({**KEYWORD_FIELDS, **PREFIX_FIELDS, **PHRASE_FIELDS, **NUMERIC_FIELDS})

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"'})
_TOKEN = re.compile(r'\s*(-?)(?:"([^"]*)"|([^\s"]+))')
_RANGE = re.compile(r"^(>=|<=|>|<|=)?\s*(-?\d+(?:\.\d+)?)$")
_BETWEEN = re.compile(r"^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$")


@dataclass
class Text:
    """Free text (a word or a quoted phrase), matched against the body."""

    text: str
    phrase: bool = False


@dataclass
class Field:
    """A ``name:value`` filter. ``low``/``high`` are set for numeric fields."""

    name: str
    value: str = ""
    low: Optional[float] = None
    high: Optional[float] = None
    include_low: bool = True
    include_high: bool = True


Atom = Union[Text, Field]


@dataclass
class ParsedQuery:
    """All of ``must`` (each an OR of atoms) and none of ``must_not``."""

    must: list[list[Atom]] = field(default_factory=list)
    must_not: list[Atom] = field(default_factory=list)

    def text_atoms(self) -> list[Text]:
        """Positive free-text atoms (what snippets highlight)."""
        return [a for group in self.must for a in group if isinstance(a, Text)]

    @property
    def empty(self) -> bool:
        return not self.must and not self.must_not


def numeric_bounds(name: str, spec: str) -> Field:
    """``>1000``, ``>=2021``, ``2023``, ``100..500`` -> a Field with bounds."""
    spec = spec.strip()
    m = _BETWEEN.match(spec)
    if m:
        lo, hi = float(m.group(1)), float(m.group(2))
        if lo > hi:
            raise QueryError(f"empty range {name}:{spec}", f"write the smaller bound first, e.g. {name}:{m.group(2)}..{m.group(1)}")
        return Field(name, spec, lo, hi)
    m = _RANGE.match(spec)
    if not m:
        raise QueryError(f"{name}:{spec} is not a number or range",
                         f"use {name}:2023, {name}:>1000, {name}:>=2021 or {name}:100..500")
    op, num = m.group(1) or "=", float(m.group(2))
    if op == "=":
        return Field(name, spec, num, num)
    if op in (">", ">="):
        return Field(name, spec, low=num, include_low=op == ">=")
    return Field(name, spec, high=num, include_high=op == "<=")


def _atom(body: str, quoted: bool) -> Atom:
    if quoted:
        if not body.strip():
            raise QueryError('empty phrase ""', "put words between the quotes or remove them")
        return Text(body, phrase=True)
    name, sep, value = body.partition(":")
    if sep and re.fullmatch(r"[A-Za-z_]+", name):
        name = name.lower()
        if name not in ALL_FIELDS:
            raise QueryError(f"unknown field '{name}:'", "fields are " + ", ".join(ALL_FIELDS))
        if not value:
            raise QueryError(f"no value after '{name}:'", f"write {name}:VALUE with no space after the colon")
        if name in NUMERIC_FIELDS:
            return numeric_bounds(name, value)
        return Field(name, value.strip('"'))
    return Text(body)


def parse(query: str) -> ParsedQuery:
    """Parse the query language above; raise QueryError on malformed input."""
    if query is None:
        query = ""
    if not isinstance(query, str):
        raise QueryError(f"query must be text, not {type(query).__name__}")
    # full-width forms typed with a Chinese input method: ：＂－（） and “ ” quotes
    query = "".join(_fold_char(ch) for ch in query).translate(_QUOTES)
    if query.count('"') % 2:
        raise QueryError("unbalanced quote in query", 'close the phrase with a second " or remove the quote')
    if re.search(r"[()]", query.replace("（", "(").replace("）", ")")) and re.search(r"\b(?:OR|AND)\b", query):
        raise QueryError("parentheses are not supported", "write alternatives as A OR B; clauses are ANDed")
    items: list[tuple[bool, Atom] | str] = []
    pos = 0
    q = query.strip()
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            raise QueryError(f"cannot read the query near '{q[pos:pos + 10]}'", "check quotes and spaces")
        pos = m.end()
        neg, quoted, bare = m.group(1) == "-", m.group(2), m.group(3)
        if bare == "AND" and not neg:
            continue  # AND is the default
        if bare == "OR" and not neg:
            items.append("OR")
            continue
        if bare is not None and bare == "":
            continue
        items.append((neg, _atom(quoted if quoted is not None else bare, quoted is not None)))
    out = ParsedQuery()
    i = 0
    while i < len(items):
        it = items[i]
        if it == "OR":
            raise QueryError("OR needs a term on both sides", "write A OR B")
        neg, atom = it
        if neg:
            if i + 1 < len(items) and items[i + 1] == "OR":
                raise QueryError("a negated term cannot be part of OR", "write -A and B OR C as separate clauses")
            out.must_not.append(atom)
            i += 1
            continue
        group = [atom]
        i += 1
        while i < len(items) and items[i] == "OR":
            if i + 1 >= len(items) or items[i + 1] == "OR":
                raise QueryError("OR needs a term on both sides", "write A OR B")
            neg2, atom2 = items[i + 1]
            if neg2:
                raise QueryError("a negated term cannot be part of OR", "write -A as its own clause")
            group.append(atom2)
            i += 2
        out.must.append(group)
    return out
