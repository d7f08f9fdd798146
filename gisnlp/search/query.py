"""A small query language, parsed into plain dataclasses (no engine involved).

    依申请公开 复议            both (words are matched as jieba tokens; several tokens = phrase)
    "政府信息 公开"            phrase (spaces inside are ignored)
    -诉讼                      must not match
    教育 OR 卫生               either
    (教育 OR 卫生) 督导        parentheses group clauses (at most MAX_DEPTH levels deep)
    -(诉讼 OR 复议)            a negated group
    domain:education year:2023 level:district type:segment issuer:静安区
    metric:政府信息公开申请 value:>1000 value:100..500 year:>=2021 unit:件
    metric:=政府信息公开申请 issuer:=上海市人民政府   (a leading = asks for the exact value, not "contains")
    cell:t3.new check:fail check:t3.balance doc:001_65b2 kind:change heading:依申请公开
    reuse:>0.8 reuse_text:>=0.5 reuse_tables:<0.3   (vs the issuer's year before: comparisons.jsonl)

Anything that cannot be parsed raises ``gisnlp.errors.QueryError`` saying what to fix,
and so does a query longer than ``MAX_QUERY_CHARS`` characters (1,000 by default,
``GISNLP_MAX_QUERY_CHARS`` to change it): the index answers in milliseconds only
because queries are short, and no real search needs more.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional, Union

from ..errors import QueryError
from ..normalize import _fold_char

# field name -> how it is matched
# the levels metadata gives an issuer (``meta.level``); a ``level`` filter naming another is refused
LEVELS = ("national", "provincial", "city", "district", "county", "township", "department")
KEYWORD_FIELDS = {"domain": "domains", "level": "level", "type": "type", "unit": "unit", "kind": "kind",
                  "doc": "doc_id", "template": "template", "doctype": "doc_type"}
PREFIX_FIELDS = {"cell": "cell_keys", "check": "failing_keys"}   # dotted ids, matched by prefix
PHRASE_FIELDS = {"issuer": "issuer_t", "metric": "metric_t", "heading": "heading", "title": "title_t"}
NUMERIC_FIELDS = {"year": "year", "value": "value", "reuse": "reuse", "reuse_text": "reuse_text",
                  "reuse_tables": "reuse_tables"}
ALL_FIELDS = sorted({**KEYWORD_FIELDS, **PREFIX_FIELDS, **PHRASE_FIELDS, **NUMERIC_FIELDS})

MAX_QUERY_CHARS = int(os.environ.get("GISNLP_MAX_QUERY_CHARS", 1000))
MAX_DEPTH = 8                      # parentheses nested deeper than this are refused

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"'})
_TOKEN = re.compile(r'\s*(?:(?P<neg>-?)(?:(?P<open>\()|"(?P<quoted>[^"]*)"|(?P<bare>[^\s"()]+))|(?P<close>\)))')
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


@dataclass
class ParsedQuery:
    """All of ``must`` (each an OR of atoms) and none of ``must_not``."""

    must: list[list["Atom"]] = field(default_factory=list)
    must_not: list["Atom"] = field(default_factory=list)

    def text_atoms(self) -> list[Text]:
        """Positive free-text atoms, also inside positive groups (what snippets highlight)."""
        out = []
        for group in self.must:
            for a in group:
                if isinstance(a, Text):
                    out.append(a)
                elif isinstance(a, Group):
                    out.extend(a.query.text_atoms())
        return out

    @property
    def empty(self) -> bool:
        """True when the query has no clause at all (every unit matches)."""
        return not self.must and not self.must_not


@dataclass
class Group:
    """A parenthesised sub-query, matched as one clause."""

    query: ParsedQuery


Atom = Union[Text, Field, Group]


@dataclass
class _Token:
    kind: str                          # atom | ( | ) | OR
    neg: bool = False
    atom: Optional[Atom] = None


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
                         "use year:2023, year:>=2021 or year:2021..2023 (--year 2021-2023)" if name == "year"
                         else f"use {name}:1000, {name}:>1000, {name}:>=1000 or {name}:100..500")
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
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long, over the limit of {MAX_QUERY_CHARS:,}",
                         "search for fewer words, or set GISNLP_MAX_QUERY_CHARS")
    # full-width forms typed with a Chinese input method: ：＂－（） and “ ” quotes
    query = "".join(_fold_char(ch) for ch in query).translate(_QUOTES)
    if query.count('"') % 2:
        raise QueryError("unbalanced quote in query", 'close the phrase with a second " or remove the quote')
    tokens = _tokenize(query.strip())
    end, out = _parse_clauses(tokens, 0, 0)
    if end < len(tokens):
        raise QueryError("unbalanced parenthesis: ')' without '('", "remove it or add the opening '('")
    return out


def _tokenize(q: str) -> list[_Token]:
    """Query text -> atoms, parentheses and OR (AND is the default and is dropped)."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            raise QueryError(f"cannot read the query near '{q[pos:pos + 10]}'", "check quotes, spaces and parentheses")
        pos = m.end()
        neg = m.group("neg") == "-"
        if m.group("close"):
            tokens.append(_Token(")"))
        elif m.group("open"):
            tokens.append(_Token("(", neg))
        elif m.group("bare") in ("AND", "OR") and not neg:
            if m.group("bare") == "OR":
                tokens.append(_Token("OR"))
        elif m.group("quoted") is not None:
            tokens.append(_Token("atom", neg, _atom(m.group("quoted"), True)))
        elif m.group("bare"):
            tokens.append(_Token("atom", neg, _atom(m.group("bare"), False)))
    return tokens


def _parse_clauses(tokens: list[_Token], i: int, depth: int) -> tuple[int, ParsedQuery]:
    """Clauses from ``tokens[i]`` up to a closing parenthesis or the end: (index reached, query)."""
    out = ParsedQuery()
    while i < len(tokens) and tokens[i].kind != ")":
        if tokens[i].kind == "OR":
            raise QueryError("OR needs a term on both sides", "write A OR B")
        neg, node, i = _parse_item(tokens, i, depth)
        if neg:
            if i < len(tokens) and tokens[i].kind == "OR":
                raise QueryError("a negated term cannot be part of OR", "write -A and B OR C as separate clauses")
            out.must_not.append(node)
            continue
        group = [node]
        while i < len(tokens) and tokens[i].kind == "OR":
            if i + 1 >= len(tokens) or tokens[i + 1].kind in ("OR", ")"):
                raise QueryError("OR needs a term on both sides", "write A OR B")
            neg2, node2, i = _parse_item(tokens, i + 1, depth)
            if neg2:
                raise QueryError("a negated term cannot be part of OR", "write -A as its own clause")
            group.append(node2)
        out.must.append(group)
    return i, out


def _parse_item(tokens: list[_Token], i: int, depth: int) -> tuple[bool, Atom, int]:
    """One atom or one parenthesised group at ``tokens[i]``: (negated, node, next index)."""
    tok = tokens[i]
    if tok.kind != "(":
        return tok.neg, tok.atom, i + 1
    if depth >= MAX_DEPTH:
        raise QueryError(f"parentheses are nested more than {MAX_DEPTH} levels deep",
                         "write the query with fewer nested groups")
    end, sub = _parse_clauses(tokens, i + 1, depth + 1)
    if end >= len(tokens):
        raise QueryError("unbalanced parenthesis: '(' is never closed", "add the closing ')'")
    if sub.empty:
        raise QueryError("empty parentheses ()", "put terms inside the parentheses or remove them")
    if len(sub.must) == 1 and len(sub.must[0]) == 1 and not sub.must_not:
        return tok.neg, sub.must[0][0], end + 1          # (教育) is just 教育
    return tok.neg, Group(sub), end + 1
