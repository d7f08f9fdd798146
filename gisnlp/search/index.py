"""Embedded full-text index of reports, segments and facts (tantivy).

Each unit (see ``units.py``) becomes one tantivy document: jieba tokens in
whitespace-tokenized fields for text, raw keyword fields for facets, numeric
fast fields for year and value, and the whole unit record as a stored JSON
payload that hits are rebuilt from. Re-adding a report replaces it (delete by
doc_id, then add), so indexing is incremental.
"""
from __future__ import annotations

import bisect
import json
import logging
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Union

from ..errors import GisnlpError, InputError, QueryError
from . import analyzer
from .query import (KEYWORD_FIELDS, NUMERIC_FIELDS, PHRASE_FIELDS, PREFIX_FIELDS, Field, ParsedQuery, Text,
                    numeric_bounds, parse)
from .snippet import make_snippet, mark
from .units import REUSE_FIELDS, UNIT_TYPES, iter_units, prefixes

log = logging.getLogger("gisnlp")
MANIFEST = "gisnlp-index.json"
INDEX_VERSION = 4
WS = "gisnlp_ws"              # name the whitespace analyzer is registered under
SORTS = ("score", "value", "year", "doc")
MATCHES = ("word", "substring")
_INT_MIN, _INT_MAX = -(2 ** 62), 2 ** 62     # open range ends (older tantivy wants both bounds)
# facet name -> fast field
FACET_FIELDS = {"domain": "domains", "year": "year", "level": "level", "type": "type", "kind": "kind",
                "unit": "unit", "metric": "metric_kw", "issuer": "issuer_kw", "doc": "doc_id",
                "doctype": "doc_type", "template": "template"}


def _tantivy():
    try:
        import tantivy
    except ImportError:
        raise GisnlpError("the search index needs the tantivy package",
                          "pip install 'gisnlp[search]' (or pip install tantivy)") from None
    return tantivy


@dataclass
class Hit:
    """One search result: a report, a segment (paragraph) or a fact."""

    type: str                       # report | segment | fact
    doc_id: str
    score: float
    snippet: str                    # original text around the best match
    highlights: list[tuple[int, int]] = field(default_factory=list)   # spans in ``snippet``
    snippet_start: int = 0          # offset of the snippet in the report text
    start: int = 0                  # the unit's span in the report text
    end: int = 0
    id: str = ""
    year: Optional[int] = None
    issuer: str = ""
    level: str = ""
    title: str = ""
    kind: str = ""
    domains: list[str] = field(default_factory=list)
    heading_path: list[str] = field(default_factory=list)
    metric: str = ""
    value: Optional[float] = None
    unit: str = ""
    cells: list[str] = field(default_factory=list)
    fact_text: str = ""
    failing_checks: list[str] = field(default_factory=list)

    def marked(self, open_: str = "【", close: str = "】") -> str:
        """The snippet with matches wrapped in markers."""
        return mark(self.snippet, self.highlights, open_, close)


@dataclass
class IndexStats:
    reports: int = 0
    segments: int = 0
    facts: int = 0
    replaced: int = 0
    skipped: int = 0
    seconds: float = 0.0


def _schema():
    tv = _tantivy()
    sb = tv.SchemaBuilder()
    for name in ("id", "doc_id", "type", "kind", "level", "doc_type", "template", "domains", "unit",
                 "cell_keys", "failing_keys", "issuer_kw", "metric_kw"):
        sb.add_text_field(name, tokenizer_name="raw", fast=name not in ("id", "cell_keys", "failing_keys"),
                          index_option="basic")
    for name in ("body", "body_bi", "heading", "issuer_t", "metric_t", "title_t"):
        sb.add_text_field(name, tokenizer_name=WS)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("n_failing", indexed=True, fast=True)
    sb.add_float_field("value", indexed=True, fast=True)
    for name in REUSE_FIELDS:
        sb.add_float_field(name, indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True, indexed=False)
    return sb.build()


def _register(idx):
    tv = _tantivy()
    idx.register_tokenizer(WS, tv.TextAnalyzerBuilder(tv.Tokenizer.whitespace()).build())


class Index:
    """An on-disk (or, with ``path=None``, in-memory) search index.

    ``Index(path).search("依申请公开", domain="applications", year=2023)``;
    ``Index(path).add(report_dicts)`` creates the index if needed.
    """

    def __init__(self, path: Union[str, Path, None], heap_bytes: int = 128_000_000):
        self.path = Path(path) if path is not None else None
        self.heap_bytes = heap_bytes
        self._idx = None
        if self.path is not None and self.path.exists():
            if not self.path.is_dir():
                raise InputError(f"{self.path} is a file, not an index folder", "give a folder for --index")
            if (self.path / MANIFEST).exists():
                self._open()
            elif any(self.path.iterdir()):
                raise InputError(f"{self.path} is not a gisnlp index and is not empty",
                                 "give an empty or new folder, or one built by `gisnlp index`")
        elif self.path is None:
            self._create()

    # --- lifecycle -------------------------------------------------------
    def _open(self):
        tv = _tantivy()
        try:
            man = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raise InputError(f"{self.path / MANIFEST} is unreadable", "rebuild with `gisnlp index --rebuild`") from None
        if man.get("version") != INDEX_VERSION or man.get("analyzer") != analyzer.ANALYZER_NAME:
            raise InputError(f"index {self.path} was built by another gisnlp version "
                             f"({man.get('version')}, {man.get('analyzer')})", "rebuild it with `gisnlp index --rebuild`")
        try:
            self._idx = tv.Index.open(str(self.path))
        except (OSError, ValueError) as e:
            raise InputError(f"cannot open index {self.path}: {e}", "rebuild it with `gisnlp index --rebuild`") from None
        _register(self._idx)

    def _create(self):
        tv = _tantivy()
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
        self._idx = tv.Index(_schema(), path=str(self.path) if self.path is not None else None, reuse=False)
        _register(self._idx)
        if self.path is not None:
            (self.path / MANIFEST).write_text(json.dumps(
                {"version": INDEX_VERSION, "analyzer": analyzer.ANALYZER_NAME, "engine": "tantivy",
                 "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}), encoding="utf-8")

    @property
    def exists(self) -> bool:
        return self._idx is not None

    def _need(self):
        if self._idx is None:
            raise InputError(f"no index at {self.path}", "build one first: gisnlp index OUT_OF_TAG --index DIR")
        return self._idx

    def _writer(self):
        try:
            return self._need().writer(self.heap_bytes, 1)
        except ValueError as e:
            raise GisnlpError(f"cannot write to index {self.path}: {e}",
                              "another process may be indexing into it; wait for it to finish") from None

    # --- writing ----------------------------------------------------------
    def add(self, reports: Iterable, commit_every: int = 200, workers: int = 1) -> IndexStats:
        """Index report dicts (or ``Report`` objects), replacing earlier versions by doc_id.

        A report that cannot be indexed is skipped with a warning (``stats.skipped``);
        ``workers`` > 1 tokenizes in that many processes.
        """
        if self._idx is None:
            self._create()
        tv = _tantivy()
        stats = IndexStats()
        t0 = time.perf_counter()
        known = self.doc_ids()
        pool = None
        if workers > 1:
            import multiprocessing as mp
            analyzer._tokenizer()                 # load jieba once; forked workers inherit it
            methods = mp.get_all_start_methods()
            pool = mp.get_context("fork" if "fork" in methods else None).Pool(workers)
            prepared = pool.imap(_prepare, (_plain(d) for d in reports), chunksize=2)
        else:
            prepared = (_prepare(_plain(d)) for d in reports)
        w = self._writer()
        pending = 0
        try:
            for doc_id, docs, error in prepared:
                if error is None:
                    continue
                if error:
                    stats.skipped += 1
                    log.warning("not indexed: %s", error)
                    continue
                if doc_id in known:
                    stats.replaced += 1
                w.delete_documents_by_term("doc_id", doc_id)
                known.add(doc_id)
                for fields in docs:
                    w.add_document(tv.Document(**fields))
                    kind = fields["type"] + "s"
                    setattr(stats, kind, getattr(stats, kind) + 1)
                pending += 1
                if pending >= commit_every:
                    w.commit()
                    pending = 0
            w.commit()
        except BaseException:
            w.rollback()
            raise
        finally:
            w.wait_merging_threads()
            if pool is not None:
                pool.terminate()
        self._idx.reload()
        stats.seconds = time.perf_counter() - t0
        return stats

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Delete every unit of these reports."""
        w = self._writer()
        for doc_id in doc_ids:
            w.delete_documents_by_term("doc_id", str(doc_id))
        w.commit()
        w.wait_merging_threads()
        self._idx.reload()

    # --- reading ----------------------------------------------------------
    def doc_ids(self) -> set[str]:
        if self._idx is None:
            return set()
        return set(self.facets("", "doc", size=10_000_000, type="report"))

    def facets(self, query: str = "", field: str = "domain", size: int = 50, match: str = "word",
               **filters) -> dict:
        """Counts of the values of ``field`` over the units that match: e.g. how many
        segments per domain, facts per unit, reports per year or level."""
        if field not in FACET_FIELDS:
            raise QueryError(f"cannot count by '{field}'", "facet fields are " + ", ".join(FACET_FIELDS))
        q = self._build(query, filters, match)[0]
        agg = {"f": {"terms": {"field": FACET_FIELDS[field], "size": int(size)}}}
        try:
            res = self._need().searcher().aggregate(q, agg)
        except ValueError as e:
            raise QueryError(f"cannot count by '{field}': {e}") from None
        out = {}
        for b in res.get("f", {}).get("buckets", []):
            key = b["key"]
            out[int(key) if isinstance(key, float) and key.is_integer() else key] = b["doc_count"]
        return out

    def __len__(self) -> int:
        """Number of reports indexed."""
        return self.count(type="report") if self._idx is not None else 0

    def count(self, query: str = "", match: str = "word", **filters) -> int:
        q = self._build(query, filters, match)[0]
        return self._need().searcher().search(q, 1, count=True).count

    def search(self, query: str = "", *, limit: int = 10, offset: int = 0, sort: str = "score",
               match: str = "word", snippet_width: int = 120, **filters) -> list[Hit]:
        """Ranked hits for a query (see ``query.py``) plus keyword filters.

        ``match="word"`` (default) matches jieba words (教育 does not find 教育局);
        ``match="substring"`` matches any character sequence of two or more characters.

        Filters: ``type`` (report|segment|fact, alias ``unit_type``), ``domain``, ``year`` (2023,
        "2021..2023", ">=2021"), ``issuer``, ``level``, ``metric``, ``min_value``, ``max_value``,
        ``failing_check`` (True or a rule prefix), ``cell``, ``kind``, ``unit``, ``doc_id``.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort '{sort}'", "sort by " + ", ".join(SORTS))
        if not isinstance(limit, int) or limit < 1:
            raise QueryError(f"limit must be a positive integer, not {limit!r}")
        tv = _tantivy()
        q, parsed = self._build(query, filters, match)
        s = self._need().searcher()
        order = {"value": "value", "year": "year", "doc": "doc_id"}.get(sort)
        if order:
            res = s.search(q, limit, count=False, offset=offset, order_by_field=order,
                           order=tv.Order.Asc if sort == "doc" else tv.Order.Desc)
        else:
            res = s.search(q, limit, count=False, offset=offset)
        sub = match == "substring"
        needles = [[analyzer.substring_needle(a.text)] if sub else analyzer.tokens(a.text)
                   for a in parsed.text_atoms()]
        hits = []
        for key, addr in res.hits:
            u = json.loads(s.doc(addr)["payload"][0])
            hits.append(_hit(u, key if not order else 0.0, needles, snippet_width, sub))
        return hits

    # --- query building ---------------------------------------------------
    def _build(self, query: str, filters: dict, match: str = "word"):
        if match not in MATCHES:
            raise QueryError(f"unknown match mode '{match}'", "use word or substring")
        parsed = parse(query)
        for atom in _filter_atoms(filters):
            parsed.must.append([atom])
        return self._to_tantivy(parsed, match), parsed

    def _to_tantivy(self, parsed: ParsedQuery, match: str = "word"):
        tv = _tantivy()
        schema = self._need().schema
        Occur = tv.Occur
        clauses = []
        for group in parsed.must:
            subs = [self._atom(a, schema, match) for a in group]
            clauses.append((Occur.Must, subs[0] if len(subs) == 1 else
                            tv.Query.boolean_query([(Occur.Should, x) for x in subs])))
        for a in parsed.must_not:
            clauses.append((Occur.MustNot, self._atom(a, schema, match)))
        if not any(o == Occur.Must for o, _ in clauses):
            clauses.append((Occur.Must, tv.Query.all_query()))
        if parsed.text_atoms():
            # prefer paragraphs over bare heading lines when text is searched
            clauses.append((Occur.Should, tv.Query.const_score_query(
                tv.Query.term_query(schema, "kind", "body"), 1.0)))
        return tv.Query.boolean_query(clauses)

    def _atom(self, a, schema, match: str = "word"):
        tv = _tantivy()
        if isinstance(a, Text) and match == "substring":
            grams = analyzer.query_bigrams(a.text)
            if not grams:
                raise QueryError(f"substring search needs at least two characters: '{a.text}'",
                                 "use a longer string or the default word match")
            return _text_query(schema, "body_bi", grams)
        if isinstance(a, Text):
            toks = analyzer.tokens(a.text)
            if not toks:
                raise QueryError(f"nothing searchable in '{a.text}'", "search for words, numbers or a field:value")
            return _text_query(schema, "body", toks)   # headings: use heading:WORDS
        if a.name in NUMERIC_FIELDS:
            if a.name == "year":
                lo = None if a.low is None else (math.ceil(a.low) if a.include_low else math.floor(a.low) + 1)
                hi = None if a.high is None else (math.floor(a.high) if a.include_high else math.ceil(a.high) - 1)
                return tv.Query.range_query(schema, "year", tv.FieldType.Integer, _INT_MIN if lo is None else lo,
                                            _INT_MAX if hi is None else hi, True, True)
            return tv.Query.range_query(schema, NUMERIC_FIELDS[a.name], tv.FieldType.Float,
                                        -math.inf if a.low is None else float(a.low),
                                        math.inf if a.high is None else float(a.high),
                                        a.include_low, a.include_high)
        values = [v.strip() for v in a.value.split(",") if v.strip()]
        if not values:
            raise QueryError(f"no value for {a.name}:", f"write {a.name}:VALUE")
        if a.name in KEYWORD_FIELDS:
            name = KEYWORD_FIELDS[a.name]
            if name == "type":
                bad = [v for v in values if v not in UNIT_TYPES]
                if bad:
                    raise QueryError(f"unknown unit type {bad[0]!r}", "use report, segment or fact")
            return (tv.Query.term_query(schema, name, values[0]) if len(values) == 1
                    else tv.Query.term_set_query(schema, name, values))
        if a.name in PREFIX_FIELDS:
            name = PREFIX_FIELDS[a.name]
            if a.name == "check" and values == ["fail"]:
                return tv.Query.range_query(schema, "n_failing", tv.FieldType.Integer, 1, _INT_MAX)
            return tv.Query.term_set_query(schema, name, values)
        name = PHRASE_FIELDS[a.name]
        subs = []
        for v in values:
            if v.startswith("=") and a.name in ("issuer", "metric"):   # exact value
                subs.append(tv.Query.term_query(schema, f"{a.name}_kw", analyzer.norm(v[1:].strip()).text))
                continue
            toks = analyzer.tokens(v)
            if not toks:
                raise QueryError(f"nothing searchable in {a.name}:{v}")
            subs.append(_text_query(schema, name, toks))
        return subs[0] if len(subs) == 1 else tv.Query.boolean_query([(tv.Occur.Should, x) for x in subs])


def _text_query(schema, field_name: str, toks: list[str]):
    tv = _tantivy()
    if len(toks) == 1:
        return tv.Query.term_query(schema, field_name, toks[0])
    return tv.Query.phrase_query(schema, field_name, toks)


def _as_list(v) -> list[str]:
    if v is None or v is False:
        return []
    if isinstance(v, (list, tuple, set)):
        return [str(x) for x in v if x is not None and str(x) != ""]
    return [str(v)]


def _filter_atoms(filters: dict) -> list:
    """Keyword-argument filters -> query atoms (same meaning as the query language)."""
    f = dict(filters)
    atoms = []
    if "unit_type" in f:
        f.setdefault("type", f.pop("unit_type"))
    known = {"type", "domain", "year", "issuer", "level", "metric", "min_value", "max_value", "failing_check",
             "cell", "kind", "unit", "doc_id", "template", "heading"}
    unknown = set(f) - known
    if unknown:
        raise QueryError(f"unknown filter {sorted(unknown)[0]!r}", "filters are " + ", ".join(sorted(known)))
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
        if isinstance(year, (tuple, list)) and len(year) == 2:
            atoms.append(Field("year", "", None if year[0] is None else float(year[0]),
                               None if year[1] is None else float(year[1])))
        else:
            spec = str(year).strip().replace("-", "..") if not str(year).strip().startswith("-") else str(year)
            atoms.append(numeric_bounds("year", spec))
    lo, hi = f.get("min_value"), f.get("max_value")
    if lo is not None or hi is not None:
        try:
            lo = None if lo is None else float(lo)
            hi = None if hi is None else float(hi)
        except (TypeError, ValueError):
            raise QueryError(f"min/max value must be numbers, not {lo!r}/{hi!r}") from None
        if lo is not None and hi is not None and lo > hi:
            raise QueryError(f"min_value {lo} is above max_value {hi}", "swap them")
        atoms.append(Field("value", "", lo, hi))
    fc = f.get("failing_check")
    if fc is True or (isinstance(fc, str) and fc in ("", "any", "*")):
        atoms.append(Field("check", "fail"))
    elif fc:
        atoms.append(Field("check", ",".join(_as_list(fc))))
    return atoms


def _plain(d):
    return d.to_dict() if hasattr(d, "to_dict") else d


def _prepare(d) -> tuple[str, list, Optional[str]]:
    """A report dict -> (doc_id, field dicts of its units, error message, "" if none,
    None for a record that is not a report at all)."""
    try:
        if not isinstance(d, dict):
            return "", [], f"not a report dict: {type(d).__name__}"
        if not any(k in d for k in ("meta", "segments", "facts", "text")):
            return "", [], None    # another record in the folder (failures.jsonl, series checks): not a report
        doc_id = str(d.get("doc_id") or "")
        if not doc_id:
            return "", [], "a report has no doc_id (index the output of `gisnlp tag` or `gisnlp analyze`)"
        doc_text = _DocText(d.get("text") or "")
        return doc_id, [_fields(u, doc_text) for u in iter_units(d)], ""
    except Exception as e:   # one malformed report must not stop the batch
        return "", [], f"{d.get('doc_id', '?') if isinstance(d, dict) else '?'}: {type(e).__name__}: {e}"


class _DocText:
    """A report's normalised text cut once; units take the tokens inside their span."""

    def __init__(self, text: str):
        self.norm = analyzer.norm(text)
        self.toks = analyzer.cut(self.norm.text)
        self.starts = [s for _, s, _ in self.toks]

    def span(self, start: int, end: int) -> tuple[str, str]:
        """(normalised text, space-joined tokens) of an original-offset span."""
        a, b = self.norm.from_orig(start), self.norm.from_orig(end)
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return self.norm.text[a:b], " ".join(t for t, _, e in self.toks[i:j] if e <= b)


@lru_cache(maxsize=4096)
def _small(text: str) -> str:
    """Tokens of a short repeated string (issuer, title, heading path, metric)."""
    return analyzer.index_string(analyzer.norm(text).text)


def _fields(u: dict, doc: _DocText) -> dict:
    """A unit record -> tantivy document fields."""
    body_text, body = doc.span(u["start"], u["end"])
    if u["type"] == "report" and u.get("title"):
        body = _small(u["title"]) + " " + body
    elif u["type"] == "fact" and u.get("metric"):
        body = _small(u["metric"]) + " " + body
    out = {
        "id": u["id"], "doc_id": u["doc_id"], "type": u["type"],
        "body": body,
        "body_bi": " ".join(analyzer.bigrams(body_text)),
        "payload": json.dumps(u, ensure_ascii=False).encode("utf-8"),
        "n_failing": int(u.get("n_failing") or 0),
    }
    for name in ("kind", "level", "doc_type", "template", "unit"):
        if u.get(name):
            out[name] = str(u[name])
    if u.get("domains"):
        out["domains"] = list(u["domains"])
    keys = sorted({p for c in u.get("cells") or [] for p in prefixes(c)})
    if keys:
        out["cell_keys"] = keys
    if u.get("failing_keys"):
        out["failing_keys"] = list(u["failing_keys"])
    for src, dst in (("issuer", "issuer_t"), ("metric", "metric_t"), ("title", "title_t")):
        if u.get(src):
            out[dst] = _small(u[src])
    for src in ("issuer", "metric"):
        if u.get(src):
            out[f"{src}_kw"] = analyzer.norm(u[src]).text
    if u.get("heading_path"):
        out["heading"] = _small("\n".join(u["heading_path"]))
    if u.get("year") is not None:
        out["year"] = int(u["year"])
    for name in ("value",) + REUSE_FIELDS:
        if u.get(name) is not None and math.isfinite(u[name]):
            out[name] = float(u[name])
    return out


def _hit(u: dict, score: float, needles: list[list[str]], width: int, substring: bool = False) -> Hit:
    text = u.get("text") or ""
    if u["type"] == "fact":
        # show the fact itself marked, plus any query words
        fs, fe = u.get("fact_start", u["start"]) - u["start"], u.get("fact_end", u["end"]) - u["start"]
        snippet, marks, off = make_snippet(text, needles, width, substring) if needles else (text[:width], [], 0)
        if not (off <= fs and fe <= off + len(snippet)):
            off = max(0, fs - width // 3)
            snippet = text[off:off + width].replace("\n", " ")
            marks = []
        marks = sorted(set(marks) | {(fs - off, fe - off)})
    else:
        snippet, marks, off = make_snippet(text, needles, width, substring)
    return Hit(type=u["type"], doc_id=u["doc_id"], score=float(score), snippet=snippet, highlights=marks,
               snippet_start=u["start"] + off, start=u["start"], end=u["end"], id=u["id"], year=u.get("year"),
               issuer=u.get("issuer") or "", level=u.get("level") or "", title=u.get("title") or "",
               kind=u.get("kind") or "", domains=list(u.get("domains") or []),
               heading_path=list(u.get("heading_path") or []), metric=u.get("metric") or "",
               value=u.get("value"), unit=u.get("unit") or "", cells=list(u.get("cells") or []),
               fact_text=u.get("fact_text") or "", failing_checks=list(u.get("failing_checks") or []))
