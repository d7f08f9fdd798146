"""The disclosure-domain label set (ids in the order of ``data/domains.yaml``)."""
from __future__ import annotations

from functools import lru_cache

from ..resources import load_yaml


@lru_cache(maxsize=1)
def domain_table() -> dict[str, dict]:
    """id -> {"group": "policy"|"work", "zh": ..., "covers": ...}."""
    out = {}
    for group, items in load_yaml("domains.yaml").items():
        for k, v in (items or {}).items():
            out[k] = {"group": group, **(v or {})}
    return out


def labels() -> list[str]:
    """The label ids in file order."""
    return list(domain_table())
