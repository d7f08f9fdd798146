"""Quantified facts from the narrative: counts, amounts, shares, changes, rates.

``make_facts(**config)`` is the pipeline step (registered as ``"facts"``); it
fills ``report.facts`` with ``Fact`` objects whose offsets point into
``report.text``. Modules, one job each:

    lexicon.py     units, cue words and exclusions from data/fact_*.yaml
    numbers.py     the numeral grammar (Arabic, Chinese, mixed)
    candidates.py  number expressions: unit lookup, exclusion rules, value
    filters.py     table cells, titles, quoted labels: not narrative
    attributes.py  kind/direction, approximation, modality, metric
    metric.py      what is counted: phrase normalisation and vocabulary
    step.py        the pipeline step

The parts can be used alone:

    from gisnlp.facts import parse_number
    parse_number("44.5万")      # 445000
    parse_number("三千二百")    # 3200
"""
from .candidates import Candidate, find_candidates
from .numbers import parse_number
from .step import make_facts

__all__ = ["make_facts", "parse_number", "find_candidates", "Candidate"]
