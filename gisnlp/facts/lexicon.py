"""The facts step's lexicons, read once from ``data/fact_*.yaml``.

``units()`` maps each measure word to a :class:`Unit`; ``cues()`` holds the
qualifier, change, share and modality cue words; ``exclusions()`` compiles
what looks like a quantity but is not a claim (slogans, ordinals, table
labels). Every loader is cached, so a YAML file is parsed on first use only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..resources import load_yaml


@dataclass
class Unit:
    """A measure word and how to read it (``data/fact_units.yaml``)."""

    surface: str
    unit: str
    kind: str                 # count | amount | percent | pp
    scale: float = 1
    needs_qualifier: bool = False
    arabic_only: bool = False     # 11通 (calls) yes, 四通八达 no
    measured_by: Optional[re.Pattern] = None   # words before the number that license it unqualified


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Surface form -> :class:`Unit` for every measure word the facts step accepts."""
    d = load_yaml("fact_units.yaml")
    out: dict[str, Unit] = {}
    aliases = d.get("count_aliases") or {}
    for s in d["count"]:
        out[s] = Unit(s, s, "count")
    for s, u in aliases.items():
        out[s] = Unit(s, u, "count")
    for s, spec in d["amount"].items():
        out[s] = Unit(s, spec["unit"], "amount", spec.get("scale", 1), spec.get("needs_qualifier", False),
                      measured_by=re.compile(spec["measured_by"]) if spec.get("measured_by") else None)
    for s, spec in d["percent"].items():
        out[s] = Unit(s, spec["unit"], "pp" if spec["unit"] == "pp" else "percent")
    for s in d.get("arabic_only") or ():
        if s in out:
            out[s].arabic_only = True
    return out


@lru_cache(maxsize=1)
def cues() -> dict:
    """The cue words of ``data/fact_cues.yaml`` (qualifiers, change verbs, modality cues)."""
    return load_yaml("fact_cues.yaml")


@lru_cache(maxsize=1)
def exclusions() -> dict:
    """``data/fact_exclusions.yaml`` with its patterns compiled and its word lists as sets."""
    d = load_yaml("fact_exclusions.yaml")
    return {
        "slogans": re.compile("|".join(f"(?:{p})" for p in d["slogans"])),
        "unit_followers": tuple(d["unit_followers"]),
        "ordinal_prefixes": tuple(d["ordinal_prefixes"]),
        "unit_words": frozenset(d["unit_words"]),
        "demonstratives": tuple(sorted(d["demonstratives"], key=len, reverse=True)),
        "prefix_blockers": {k: frozenset(v) for k, v in d["prefix_blockers"].items()},
        "table_labels": re.compile(alternation(d["table_labels"])),
    }


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words``, longest first (so 不得低于 wins over 低于)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def trie_alternation(words: Iterable[str]) -> str:
    """A regex alternation factored by first character (much faster than a flat one).

    Longer words win because each optional tail is greedy: 人(?:次)? matches 人次.
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        if w:
            groups.setdefault(w[0], []).append(w[1:])
    parts = []
    for ch, rest in groups.items():
        sub = trie_alternation(rest)
        if not sub:
            parts.append(re.escape(ch))
        else:
            parts.append(re.escape(ch) + f"(?:{sub})" + ("?" if "" in rest else ""))
    return "|".join(parts)
