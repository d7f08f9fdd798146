"""Thresholds and patterns of the comparison, read once from ``gisnlp/data/compare.yaml``.

``Settings.resolve(None | dict | Settings)`` gives a validated settings object (as
pdfplumber's ``TableSettings.resolve`` does): a dict overrides single keys of the
data file, and a misspelt key is an error that lists the valid ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Optional, Union

from ..errors import GisnlpError
from ..resources import load_yaml

DATA_FILE = "compare.yaml"


@dataclass(frozen=True)
class Part:
    """One part of the report template (一、总体情况 ...)."""

    id: str
    label: str
    heading: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Every knob of the comparison; the defaults are the data file's values."""

    parts: tuple[Part, ...]
    heading_marker: str
    heading_fallbacks: tuple[str, ...]
    heading_gap: int
    min_headings: int
    subheading: str
    subheading_suffix: str
    subheading_similarity: float
    subheading_content_share: float
    sentence_end: str
    wrapped_lines: dict
    min_fuzzy_chars: int
    sentence_similarity: float
    phrase_chars: int
    paragraph_similarity: float
    diff_merge_gap: int
    mandated: tuple[str, ...]
    heading_max_chars: int
    table_label_share: float
    common: dict = field(default_factory=dict)
    overall_weights: dict = field(default_factory=dict)
    abrupt: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    skeleton: dict = field(default_factory=dict)
    problems_copied: float = 0.5
    summary_top: int = 5

    @classmethod
    def resolve(cls, value: Union[None, dict, "Settings"] = None) -> "Settings":
        """The defaults (None), the defaults with a dict's keys replaced, or ``value`` itself."""
        if isinstance(value, Settings):
            return value
        base = defaults()
        if not value:
            return base
        if not isinstance(value, dict):
            raise GisnlpError(f"compare settings must be a dict or Settings, not {type(value).__name__}",
                              "e.g. {'sentence_similarity': 85}")
        known = {f.name for f in fields(cls)}
        bad = sorted(set(value) - known)
        if bad:
            raise GisnlpError(f"unknown compare setting {bad[0]!r}", "valid: " + ", ".join(sorted(known)))
        return replace(base, **value)

    def part(self, part_id: str) -> Optional[Part]:
        """The template part with this id (None for an unknown id)."""
        return next((p for p in self.parts if p.id == part_id), None)

    @property
    def mandated_re(self) -> re.Pattern:
        """The ``mandated`` patterns as one compiled alternation."""
        return compile_pattern("|".join(f"(?:{p})" for p in self.mandated))

    @property
    def sentence_end_re(self) -> re.Pattern:
        """Where sentences are cut, compiled."""
        return compile_pattern(self.sentence_end)


@lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@lru_cache(maxsize=1)
def defaults() -> Settings:
    """Settings as written in the data file."""
    d = dict(load_yaml(DATA_FILE))
    d["parts"] = tuple(Part(p["id"], p["label"], p["heading"], tuple(p.get("cues") or ())) for p in d["parts"])
    d["mandated"] = tuple(d["mandated"])
    d["heading_fallbacks"] = tuple(d.get("heading_fallbacks") or ())
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in d.items() if k in known})
