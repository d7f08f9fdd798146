"""Quantified facts from the narrative (counts, amounts, shares, changes)."""
from __future__ import annotations


def make_facts(**config):
    from .extract import make_facts as _make
    return _make(**config)
