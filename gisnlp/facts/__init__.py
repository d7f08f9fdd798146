"""Quantified facts from the narrative: counts, amounts, shares, changes, rates.

``make_facts(**config)`` is the pipeline step (registered as ``"facts"``); it
fills ``report.facts`` with ``Fact`` objects whose offsets point into
``report.text``. The parts can be used alone:

    from gisnlp.facts import parse_number
    parse_number("44.5万")      # 445000
    parse_number("三千二百")    # 3200
"""
from __future__ import annotations

from .numbers import parse_number

__all__ = ["make_facts", "parse_number"]


def make_facts(**config):
    """Step factory: ``facts_step(report) -> report`` (see ``extract.make_facts``)."""
    from .extract import make_facts as _make
    return _make(**config)
