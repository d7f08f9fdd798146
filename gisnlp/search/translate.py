"""Query translation: a parsed query plus keyword filters -> one tantivy query.

``query.parse`` gives plain dataclasses; this module maps each atom to the
field that holds it (jieba tokens as a term or phrase, bigrams for substring
search, raw keywords, dotted-id prefixes, numeric ranges) and each group to a
boolean query. Nothing here touches an index: the schema is passed in.
"""
from __future__ import annotations

import math
from typing import Iterator

from ..errors import QueryError
from . import analyzer
from .query import (KEYWORD_FIELDS, NUMERIC_FIELDS, PHRASE_FIELDS, PREFIX_FIELDS, Field, Group, ParsedQuery,
                    Text, numeric_bounds, parse)
from .schema import INT_MAX, INT_MIN, tantivy
from .units import UNIT_TYPES

MATCHES = ("word", "substring")
FILTERS = ("type", "domain", "year", "issuer", "level", "metric", "min_value", "max_value", "failing_check",
           "cell", "kind", "unit", "doc_id", "template", "heading")


def parse_with_filters(query: str, filters: dict, match: str = "word") -> ParsedQuery:
    """The parsed query with each keyword filter added as one more required clause."""
    if match not in MATCHES:
        raise QueryError(f"unknown match mode '{match}'", "use word or substring")
    parsed = parse(query)
    for atom in filter_atoms(filters):
        parsed.must.append([atom])
    return parsed


def field_atoms(parsed: ParsedQuery, name: str) -> Iterator[Field]:
    """Every ``name:`` field atom of a parsed query, inside groups too."""
    for node in [a for group in parsed.must for a in group] + list(parsed.must_not):
        if isinstance(node, Group):
            yield from field_atoms(node.query, name)
        elif isinstance(node, Field) and node.name == name:
            yield node


def to_tantivy(parsed: ParsedQuery, schema, match: str = "word", top: bool = True):
    """The tantivy query of a parsed query (``top``: also prefer paragraphs when text is searched)."""
    tv = tantivy()
    occur = tv.Occur
    clauses = []
    for group in parsed.must:
        subs = [_node(a, schema, match) for a in group]
        clauses.append((occur.Must, subs[0] if len(subs) == 1 else
                        tv.Query.boolean_query([(occur.Should, x) for x in subs])))
    for a in parsed.must_not:
        clauses.append((occur.MustNot, _node(a, schema, match)))
    if not any(o == occur.Must for o, _ in clauses):
        clauses.append((occur.Must, tv.Query.all_query()))
    if top and parsed.text_atoms():
        # prefer paragraphs over bare heading lines when text is searched
        clauses.append((occur.Should, tv.Query.const_score_query(
            tv.Query.term_query(schema, "kind", "body"), 1.0)))
    return tv.Query.boolean_query(clauses)


def _node(a, schema, match: str):
    if isinstance(a, Group):
        return to_tantivy(a.query, schema, match, top=False)
    if isinstance(a, Text):
        return _text_atom(a, schema, match)
    if a.name in NUMERIC_FIELDS:
        return _numeric_atom(a, schema)
    values = [v.strip() for v in a.value.split(",") if v.strip()]
    if not values:
        raise QueryError(f"no value for {a.name}:", f"write {a.name}:VALUE")
    if a.name in KEYWORD_FIELDS:
        return _keyword_atom(a.name, values, schema)
    if a.name in PREFIX_FIELDS:
        tv = tantivy()
        if a.name == "check" and values == ["fail"]:
            return tv.Query.range_query(schema, "n_failing", tv.FieldType.Integer, 1, INT_MAX)
        return tv.Query.term_set_query(schema, PREFIX_FIELDS[a.name], values)
    return _phrase_atom(a.name, values, schema)


def _text_atom(a: Text, schema, match: str):
    if match == "substring":
        grams = analyzer.query_bigrams(a.text)
        if not grams:
            raise QueryError(f"substring search needs at least two characters: '{a.text}'",
                             "use a longer string or the default word match")
        return text_query(schema, "body_bi", grams)
    toks = analyzer.tokens(a.text)
    if not toks:
        raise QueryError(f"nothing searchable in '{a.text}'", "search for words, numbers or a field:value")
    return text_query(schema, "body", toks)   # headings: use heading:WORDS


def _numeric_atom(a: Field, schema):
    tv = tantivy()
    if a.name == "year":
        lo = None if a.low is None else (math.ceil(a.low) if a.include_low else math.floor(a.low) + 1)
        hi = None if a.high is None else (math.floor(a.high) if a.include_high else math.ceil(a.high) - 1)
        return tv.Query.range_query(schema, "year", tv.FieldType.Integer, INT_MIN if lo is None else lo,
                                    INT_MAX if hi is None else hi, True, True)
    return tv.Query.range_query(schema, NUMERIC_FIELDS[a.name], tv.FieldType.Float,
                                -math.inf if a.low is None else float(a.low),
                                math.inf if a.high is None else float(a.high),
                                a.include_low, a.include_high)


def _keyword_atom(name: str, values: list[str], schema):
    tv = tantivy()
    field_name = KEYWORD_FIELDS[name]
    if field_name == "type":
        bad = [v for v in values if v not in UNIT_TYPES]
        if bad:
            raise QueryError(f"unknown unit type {bad[0]!r}", "use report, segment or fact")
    return (tv.Query.term_query(schema, field_name, values[0]) if len(values) == 1
            else tv.Query.term_set_query(schema, field_name, values))


def _phrase_atom(name: str, values: list[str], schema):
    tv = tantivy()
    subs = []
    for v in values:
        if v.startswith("=") and name in ("issuer", "metric"):   # exact value
            subs.append(tv.Query.term_query(schema, f"{name}_kw", analyzer.norm(v[1:].strip()).text))
            continue
        toks = analyzer.tokens(v)
        if not toks:
            raise QueryError(f"nothing searchable in {name}:{v}")
        subs.append(text_query(schema, PHRASE_FIELDS[name], toks))
    return subs[0] if len(subs) == 1 else tv.Query.boolean_query([(tv.Occur.Should, x) for x in subs])


def text_query(schema, field_name: str, toks: list[str]):
    """One token: a term query; several: a phrase query."""
    tv = tantivy()
    if len(toks) == 1:
        return tv.Query.term_query(schema, field_name, toks[0])
    return tv.Query.phrase_query(schema, field_name, toks)


def _as_list(v) -> list[str]:
    if v is None or v is False:
        return []
    if isinstance(v, (list, tuple, set)):
        return [str(x) for x in v if x is not None and str(x) != ""]
    return [str(v)]


def filter_atoms(filters: dict) -> list:
    """Keyword-argument filters -> query atoms (same meaning as the query language)."""
    f = dict(filters)
    if "unit_type" in f:
        f.setdefault("type", f.pop("unit_type"))
    unknown = set(f) - set(FILTERS)
    if unknown:
        raise QueryError(f"unknown filter {sorted(unknown)[0]!r}", "filters are " + ", ".join(sorted(FILTERS)))
    atoms = []
    for key in ("type", "domain", "level", "kind", "unit", "template"):
        vals = _as_list(f.get(key))
        if vals:
            atoms.append(Field(key, ",".join(vals)))
    if _as_list(f.get("doc_id")):
        atoms.append(Field("doc", ",".join(_as_list(f["doc_id"]))))
    for key in ("issuer", "metric", "cell", "heading"):
        vals = _as_list(f.get(key))
        if vals:
            atoms.append(Field(key, ",".join(vals)))
    year = f.get("year")
    if year is not None and year != "":
        atoms.append(_year_atom(year))
    lo, hi = f.get("min_value"), f.get("max_value")
    if lo is not None or hi is not None:
        atoms.append(_value_atom(lo, hi))
    fc = f.get("failing_check")
    if fc is True or (isinstance(fc, str) and fc in ("", "any", "*")):
        atoms.append(Field("check", "fail"))
    elif fc:
        atoms.append(Field("check", ",".join(_as_list(fc))))
    return atoms


def _year_atom(year) -> Field:
    if isinstance(year, (tuple, list)) and len(year) == 2:
        return Field("year", "", None if year[0] is None else float(year[0]),
                     None if year[1] is None else float(year[1]))
    spec = str(year).strip().replace("-", "..") if not str(year).strip().startswith("-") else str(year)
    return numeric_bounds("year", spec)


def _value_atom(lo, hi) -> Field:
    try:
        lo = None if lo is None else float(lo)
        hi = None if hi is None else float(hi)
    except (TypeError, ValueError):
        raise QueryError(f"min/max value must be numbers, not {lo!r}/{hi!r}") from None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"min_value {lo} is above max_value {hi}", "swap them")
    return Field("value", "", lo, hi)
