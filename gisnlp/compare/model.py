"""The Comparison and its parts: plain dataclasses with a JSON round trip.

Offsets: ``new_start``/``new_end`` point into the NEW report's ``text`` and
``old_start``/``old_end`` into the OLD report's, both as read (the offsets of
the per-report JSON). The JSON contract is in ``gisnlp/compare/README.md``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Optional

SCHEMA = "gisnlp.compare/1"


@lru_cache(maxsize=None)
def _names(klass) -> tuple[str, ...]:
    return tuple(f.name for f in fields(klass))


def plain(obj):
    """Dataclasses, lists and dicts -> JSON-ready values (like ``dataclasses.asdict``, without
    its deep copies, which made it the slowest part of a comparison)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: plain(getattr(obj, k)) for k in _names(type(obj))}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


@dataclass
class Side:
    """Which report one side of the comparison is."""

    doc_id: str
    issuer: Optional[str] = None
    year: Optional[int] = None
    template: Optional[str] = None
    title: Optional[str] = None
    chars: int = 0


@dataclass
class Passage:
    """A run of NEW's text that repeats a run of OLD's (one or more matching sentences)."""

    new_start: int
    new_end: int
    old_start: int
    old_end: int
    similarity: float                  # character-weighted mean sentence similarity, 0..1
    chars: int                         # key characters of NEW in the passage
    section: str = ""                  # NEW's part id


@dataclass
class WordChange:
    """One edit inside a modified paragraph: ``replace``, ``insert`` or ``delete``."""

    op: str
    old: str
    new: str


@dataclass
class ParagraphDiff:
    """A paragraph of NEW (unchanged, modified, added) or of OLD (removed)."""

    status: str                        # unchanged | modified | added | removed
    section: str                       # aligned part id
    new_start: Optional[int] = None
    new_end: Optional[int] = None
    old_start: Optional[int] = None
    old_end: Optional[int] = None
    similarity: float = 0.0
    changes: list[WordChange] = field(default_factory=list)


@dataclass
class SubsectionPair:
    """Two sub-headings ((一) ...) of one part aligned by title or content."""

    status: str                        # both | old_only | new_only
    old_title: Optional[str] = None
    new_title: Optional[str] = None
    reuse: Optional[float] = None
    method: str = ""                   # title | content


@dataclass
class SectionPair:
    """A template part in both years (or in one only), with its text reuse."""

    id: str
    label: str
    status: str                        # both | old_only | new_only
    method: str = "heading"            # heading | content (placed by cue words)
    old_start: Optional[int] = None
    old_end: Optional[int] = None
    new_start: Optional[int] = None
    new_end: Optional[int] = None
    old_heading: Optional[str] = None
    new_heading: Optional[str] = None
    chars_old: int = 0
    chars_new: int = 0
    reused_chars: int = 0
    reuse: Optional[float] = None      # share of NEW's (non-mandated) characters reused; None without text
    phrases: Optional[float] = None    # share of them covered by phrases OLD also has (softer)
    paragraphs: dict = field(default_factory=dict)   # status -> count
    subsections: list[SubsectionPair] = field(default_factory=list)


@dataclass
class CellChange:
    """One table cell across the two years."""

    id: str
    label: str
    status: str                        # same | changed | old_only | new_only
    old: Optional[float] = None
    new: Optional[float] = None
    change: Optional[float] = None     # new - old
    pct: Optional[float] = None        # change / old * 100 (None when old is 0)
    abrupt: bool = False
    why: str = ""


@dataclass
class FactChange:
    """A narrative figure with the same metric in both years but another value."""

    metric: str
    unit: str
    kind: str
    old: float
    new: float
    change: float
    pct: Optional[float]
    old_text: str = ""
    new_text: str = ""
    old_start: Optional[int] = None
    old_end: Optional[int] = None
    new_start: Optional[int] = None
    new_end: Optional[int] = None
    cell: Optional[str] = None


@dataclass
class Claim:
    """A stated change in NEW (比上年增长12%) recomputed from both years."""

    text: str
    new_start: int
    new_end: int
    metric: str
    stated: float
    unit: str                          # % or a count unit
    direction: Optional[str]           # up | down
    status: str                        # pass | fail | unknown
    basis: str = ""                    # cell id or metric the values come from
    old_value: Optional[float] = None
    new_value: Optional[float] = None
    computed: Optional[float] = None
    detail: str = ""


@dataclass
class CheckResult:
    """One cross-year check (carry-over, claim, copied problems) with its arithmetic."""

    rule: str
    status: str                        # pass | fail | unknown
    detail: str
    cells: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    """What changed from OLD to NEW, what was copied, and what does not carry over."""

    old: Side
    new: Side
    reuse: dict = field(default_factory=dict)          # text, tables, overall, phrases (0..1 or None)
    sections: list[SectionPair] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    paragraphs: list[ParagraphDiff] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)           # cells that differ (identical ones: counts)
    facts: list[FactChange] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0               # time taken (not serialised: outputs stay reproducible)

    def failed_checks(self) -> list[CheckResult]:
        """The checks with status ``fail``."""
        return [c for c in self.checks if c.status == "fail"]

    def __repr__(self) -> str:
        """One line (the lists would flood a terminal): the two reports, reuse, counts."""
        reuse = ", ".join(f"{k} {v:.2f}" for k, v in self.reuse.items() if isinstance(v, (int, float)))
        return (f"<Comparison {self.old.doc_id!r} -> {self.new.doc_id!r}: reuse {reuse or 'n/a'}; "
                f"{len(self.sections)} sections, {len(self.passages)} passages, {len(self.cells)} changed cells, "
                f"{len(self.facts)} fact changes, {len(self.claims)} claims, {len(self.failed_checks())} failed checks>")

    def section(self, part_id: str) -> Optional[SectionPair]:
        """The aligned section with this part id (None when neither year has it)."""
        return next((s for s in self.sections if s.id == part_id), None)

    def to_dict(self) -> dict:
        """The JSON contract: reuse, sections, passages, paragraphs, cells, facts, claims, checks, notes."""
        d = {"schema": SCHEMA}
        d.update(plain(self))
        del d["seconds"]
        return d

    def to_json(self, indent: Optional[int] = 1) -> str:
        """``to_dict`` as a JSON string (Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict) -> "Comparison":
        """Rebuild a comparison from its JSON (``to_dict``); unknown keys are ignored."""
        def build(klass, obj):
            """``klass`` from the keys of ``obj`` it knows."""
            names = {f.name for f in fields(klass)}
            return klass(**{k: v for k, v in (obj or {}).items() if k in names})

        sections = []
        for s in d.get("sections") or []:
            sec = build(SectionPair, s)
            sec.subsections = [build(SubsectionPair, x) for x in s.get("subsections") or []]
            sections.append(sec)
        paragraphs = []
        for p in d.get("paragraphs") or []:
            para = build(ParagraphDiff, p)
            para.changes = [build(WordChange, w) for w in p.get("changes") or []]
            paragraphs.append(para)
        return cls(old=build(Side, d.get("old")), new=build(Side, d.get("new")), reuse=dict(d.get("reuse") or {}),
                   sections=sections, passages=[build(Passage, p) for p in d.get("passages") or []],
                   paragraphs=paragraphs, cells=[build(CellChange, c) for c in d.get("cells") or []],
                   facts=[build(FactChange, f) for f in d.get("facts") or []],
                   claims=[build(Claim, c) for c in d.get("claims") or []],
                   checks=[build(CheckResult, c) for c in d.get("checks") or []],
                   summary=dict(d.get("summary") or {}), notes=list(d.get("notes") or []))

    @classmethod
    def from_json(cls, s: str) -> "Comparison":
        """Rebuild a comparison from a JSON string."""
        return cls.from_dict(json.loads(s))
