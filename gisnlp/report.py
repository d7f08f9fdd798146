"""Plain data classes that flow through the pipeline and out as JSON.

``Report`` is the one object every step reads and fills. Offsets (``start``,
``end``) always point into ``Report.text``, the document text as read (before
normalisation); steps that work on ``Report.norm`` map their spans back with
``norm.span_to_orig``. ``Report.to_dict()`` gives the per-document JSON of
``shared/schema/README.md`` plus a few extra fields.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Optional

from .errors import InputError
from .normalize import NormText

SCHEMA_VERSION = "1"


# Values that are JSON-ready and immutable: ``record`` keeps them as they are.
_SCALARS = frozenset((str, int, float, bool, type(None)))


@lru_cache(maxsize=None)
def _field_names(klass) -> tuple[str, ...]:
    """The field names of a dataclass, in definition order (looked up once per class)."""
    return tuple(f.name for f in fields(klass))


@lru_cache(maxsize=None)
def _field_set(klass) -> frozenset:
    """The field names of a dataclass as a set (``from_dict`` keeps only these keys)."""
    return frozenset(_field_names(klass))


def record(obj) -> dict:
    """``dataclasses.asdict(obj)`` without its cost: the same dict (nested dataclasses as
    dicts, lists and dicts copied) but scalars are kept instead of deep-copied, and the
    field names are looked up once per class. ``to_dict`` builds the JSON of every fact,
    cell and segment with it, which ``asdict`` made a fifth of a report's analysis time."""
    d = {}
    for name in _field_names(type(obj)):
        v = getattr(obj, name)
        d[name] = v if type(v) in _SCALARS else _plain(v)
    return d


def _itself(obj):
    """``obj`` unchanged (``Report.to_dict(records=False)``)."""
    return obj


def _plain(value):
    """A value as ``dataclasses.asdict`` copies it (see :func:`record`)."""
    t = type(value)
    if t in _SCALARS:
        return value
    if t is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if t is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if hasattr(t, "__dataclass_fields__"):
        return record(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):      # a namedtuple
        return t(*[_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return t(_plain(v) for v in value)
    if isinstance(value, dict):
        items = [(_plain(k), _plain(v)) for k, v in value.items()]
        return t(value.default_factory, items) if hasattr(value, "default_factory") else t(items)
    return copy.deepcopy(value)


@dataclass
class GridCell:
    """One cell of a native table grid (Word, HTML, PDF) with its text span."""

    text: str
    start: int
    end: int
    row_span: int = 1
    col_span: int = 1


@dataclass
class Grid:
    """A native table as the reader found it: rows of cells, spans into ``text``."""

    rows: list[list[GridCell]]
    start: int
    end: int
    page: Optional[int] = None


@dataclass
class Document:
    """What a reader returns: text as read, native grids, where it came from."""

    text: str
    format: str                       # txt, md, html, docx, pdf
    grids: list[Grid] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Offset map to the source: (text offset, page number) at each page start
    # for paged formats; empty for flowing text.
    pages: list[tuple[int, int]] = field(default_factory=list)
    encoding: Optional[str] = None
    title: Optional[str] = None       # a title the container declares (HTML <title>, PDF info)
    ocr: bool = False                 # some of the text was read by OCR (scanned PDF, page image)
    # OCR confidence of the text: (start, end, confidence 0..1) runs over ``text``.
    confidence: list[tuple[int, int, float]] = field(default_factory=list)
    partial: bool = False             # content is missing (a garbled PDF page without OCR): meta.partial


@dataclass
class Source:
    """Where a report came from: path, format, size, SHA-256, text encoding."""

    path: Optional[str] = None
    format: Optional[str] = None
    bytes: int = 0
    sha256: Optional[str] = None
    encoding: Optional[str] = None


@dataclass
class Meta:
    """What the report is: type, year, issuer, level, template; and how it was read."""

    doc_type: str = "other"            # annual_report | work_plan | other
    year: Optional[int] = None
    issuer: Optional[str] = None
    level: Optional[str] = None
    # Level of the government the issuer belongs to (a department's: XX市教育局 -> city;
    # a government's or zone's: its own level).
    government_level: Optional[str] = None
    template: Optional[str] = None     # 2019 | 2021 | pre2019 | None
    title: Optional[str] = None
    script: str = "simplified"         # simplified | traditional (as read)
    chars: int = 0
    partial: bool = False              # a step failed or the input was cut short
    ocr: bool = False                  # some of the text was read by OCR (scanned PDF, page image)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What the document is in a few words: ``annual_report 2021 某县人民政府`` (what is known)."""
        return " ".join(str(x) for x in (self.doc_type, self.year, self.issuer) if x)


@dataclass
class Line:
    """A line of the normalised text (offsets into ``norm.text``, not serialised)."""

    start: int
    end: int
    text: str


@dataclass
class Heading:
    """A heading of the outline (一、（一）1、（1））with its span in ``Report.text``."""

    level: int                         # 1 一、 2 （一） 3 1、 4 （1）; 0 title
    marker: str                        # 一、 / （一） / 1. ...
    title: str
    start: int
    end: int
    parent: Optional[int] = None       # index into Report.headings


@dataclass
class Segment:
    """A narrative paragraph (or table, heading, boilerplate) with its heading path and domains."""

    start: int
    end: int
    kind: str = "body"                 # heading | body | table | boilerplate
    heading_path: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class Cell:
    """A statistical-table cell: canonical id, value, printed text and span."""

    id: str                            # canonical id, e.g. t3.new.natural
    value: float | int
    raw: str = ""
    start: Optional[int] = None
    end: Optional[int] = None
    confidence: float = 1.0


@dataclass
class Fact:
    """A quantified claim of the narrative (``shared/schema/README.md``) and its linked cells."""

    start: int
    end: int
    text: str
    value: float | int
    unit: str = ""
    kind: str = "count"                # count | amount | share | change | rate
    direction: Optional[str] = None    # up | down (change only)
    approx: Optional[str] = None       # over | nearly | about | at_most | at_least
    modality: str = "reported"         # reported | target
    metric: str = ""
    cell: Optional[str] = None
    cells: Optional[list[str]] = None
    segment: Optional[int] = None      # index into Report.segments
    confidence: Optional[float] = None  # OCR'd text: the lowest confidence of its characters


@dataclass
class PendingRow:
    """A flattened table row whose split into cells is ambiguous (made by ``tables``).

    ``candidates`` holds every split consistent with the row's printed digits,
    one value per entry of ``columns``; ``raw`` and ``start``/``end`` are the
    printed digits and their span in ``Report.text``. The ``link`` step may
    settle the row from the narrative (emitting its cells) or narrow
    ``candidates``. In the JSON it is a dict with these field names.
    """

    row: str                           # e.g. t3.new
    columns: list[str]                 # cell ids, or column names under ``row``
    candidates: list[list] = field(default_factory=list)
    raw: str = ""
    start: Optional[int] = None
    end: Optional[int] = None

    def cell_ids(self) -> list[str]:
        """The full cell id of each column (``t3.new.natural`` for column ``natural``)."""
        cols = [str(c) for c in self.columns or []]
        return [c if c.startswith(("t2.", "t3.", "t4.")) else f"{self.row}.{c}" for c in cols]

    # Read access by key, for code written against the dict form of earlier versions.
    def __getitem__(self, key: str):
        """``row["candidates"]`` is ``row.candidates`` (dict-style reading)."""
        if key not in _PENDING_ROW_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default=None):
        """``row.get("raw", "")``: the field, or ``default`` for an unknown key."""
        return getattr(self, key) if key in _PENDING_ROW_FIELDS else default


_PENDING_ROW_FIELDS = frozenset(("row", "columns", "candidates", "raw", "start", "end"))


@dataclass
class Check:
    """One audit: an identity, a narrative-vs-table comparison, a share; pass | fail | unknown."""

    rule: str                          # e.g. t3.balance.natural, link.mismatch.t3.new.total
    status: str                        # pass | fail | unknown
    cells: list[str] = field(default_factory=list)
    detail: str = ""
    facts: list[int] = field(default_factory=list)   # indexes into Report.facts


@dataclass
class Report:
    """The one object every step reads and fills; ``to_dict`` gives the per-document JSON.

    What a user reads: ``doc_id``; ``text`` (the document as read: every ``start``/``end``
    offset points into it); ``meta`` (doc_type, year, issuer, level, template, title,
    partial, warnings); ``cells`` (table cells by canonical id, e.g. ``t3.new.total``);
    ``facts`` (quantified claims of the narrative, with the cells they state);
    ``checks`` (template identities and narrative-vs-table audits: ``failed_checks()``);
    ``segments`` (narrative paragraphs with heading paths and domains); ``headings``;
    ``source`` (path, format, size, sha256). ``repr(report)`` is a one-line summary.
    """

    doc_id: str
    text: str
    source: Source = field(default_factory=Source)
    meta: Meta = field(default_factory=Meta)
    headings: list[Heading] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    # Regions of ``text`` that hold statistical tables (start, end, table id);
    # facts and domains leave them out.
    table_spans: list[tuple[int, int, str]] = field(default_factory=list)
    # Flattened table rows whose split into cells is ambiguous; the link step
    # may settle them from the narrative.
    pending_rows: list[PendingRow] = field(default_factory=list)
    # Working state, not serialised.
    norm: Optional[NormText] = None    # canonical text + offset map (the normalize step)
    lines: list[Line] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    ocr_confidence: list[tuple[int, int, float]] = field(default_factory=list)   # Document.confidence
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        """One line (the full text and lists would flood a terminal): id, what it is, counts."""
        m = self.meta
        return (f"<Report {self.doc_id!r}: {m.summary()}; {len(self.text)} characters, {len(self.cells)} cells, "
                f"{len(self.facts)} facts, {len(self.segments)} segments, {len(self.failed_checks())} failed checks"
                f"{', partial' if m.partial else ''}>")

    # --- convenience views -------------------------------------------------
    def warn(self, message: str, partial: bool = False) -> None:
        """Add a warning once; ``partial`` also flags the report as incomplete."""
        if message not in self.meta.warnings:
            self.meta.warnings.append(message)
        if partial:
            self.meta.partial = True

    def cell_values(self) -> dict[str, float | int]:
        """Cell id -> value."""
        return {c.id: c.value for c in self.cells}

    def facts_by_cell(self) -> dict[str, list[int]]:
        """Reverse view of the links: cell id -> indexes of the facts that state it."""
        out: dict[str, list[int]] = {}
        for i, f in enumerate(self.facts):
            for cid in ([f.cell] if f.cell else []) + list(f.cells or []):
                out.setdefault(cid, []).append(i)
        return out

    def failed_checks(self) -> list[Check]:
        """The checks whose status is ``fail``."""
        return [c for c in self.checks if c.status == "fail"]

    # --- serialisation -----------------------------------------------------
    def to_dict(self, include_text: bool = True, records: bool = True) -> dict:
        """The per-document JSON as a dict (``include_text=False`` leaves the text out).

        ``records=False`` leaves the meta, source, cells, facts, … as the dataclass
        instances they are, for a serializer that writes dataclasses itself (orjson,
        in ``batch.codec``) without the cost of copying them into dicts first."""
        rec = record if records else _itself
        d = {
            "schema_version": SCHEMA_VERSION,
            "doc_id": self.doc_id,
            "meta": rec(self.meta),
            "source": rec(self.source),
            "tables": {
                "cells": [rec(c) for c in self.cells],
                "spans": [list(s) for s in self.table_spans],
                "pending_rows": [p if isinstance(p, dict) else rec(p) for p in self.pending_rows],
            },
            "facts": [rec(f) for f in self.facts],
            "segments": [rec(s) for s in self.segments],
            "headings": [rec(h) for h in self.headings],
            "checks": [rec(c) for c in self.checks],
            "cell_facts": self.facts_by_cell(),
        }
        if include_text:
            d["text"] = self.text
        return d

    def to_json(self, indent: Optional[int] = 1, include_text: bool = True) -> str:
        """The per-document JSON as a string (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict) -> "Report":
        """Rebuild a report from its JSON (as written by ``to_dict``); a value that is not a
        report's dict (no ``doc_id``, ``meta`` or ``text``) raises :class:`InputError`."""
        if not isinstance(d, dict) or not {"doc_id", "meta", "text"} & d.keys():
            raise InputError(f"not a gisnlp report: a {type(d).__name__}" + (f" with keys {sorted(d)[:5]}"
                             if isinstance(d, dict) else ""), "give what Report.to_dict() or `gisnlp analyze` wrote")

        def build(klass, obj):
            """An instance of ``klass`` from the keys of ``obj`` it knows."""
            names = _field_set(klass)
            if not obj:
                return klass()
            if names.issuperset(obj):                      # the usual case: no foreign keys to drop
                return klass(**obj)
            return klass(**{k: v for k, v in obj.items() if k in names})
        tables = d.get("tables") or {}
        return cls(
            doc_id=d.get("doc_id", ""),
            text=d.get("text", ""),
            source=build(Source, d.get("source")),
            meta=build(Meta, d.get("meta")),
            headings=[build(Heading, h) for h in d.get("headings") or []],
            segments=[build(Segment, s) for s in d.get("segments") or []],
            cells=[build(Cell, c) for c in tables.get("cells") or []],
            facts=[build(Fact, f) for f in d.get("facts") or []],
            checks=[build(Check, c) for c in d.get("checks") or []],
            table_spans=[tuple(s) for s in tables.get("spans") or []],
            pending_rows=[build(PendingRow, p) for p in tables.get("pending_rows") or []],
        )

    @classmethod
    def from_json(cls, s: str) -> "Report":
        """Rebuild a report from its JSON string (``InputError`` if it is not one)."""
        try:
            d = json.loads(s)
        except json.JSONDecodeError as e:
            raise InputError(f"not valid JSON ({e.msg} at character {e.pos})",
                             "give the string Report.to_json() wrote, whole") from None
        return cls.from_dict(d)
