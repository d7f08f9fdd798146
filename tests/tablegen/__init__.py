"""Generator of template-consistent statistical tables rendered into many layouts (test and bench code).

    figures.py       random values satisfying every identity of the template
    printed.py       the tables as printed (spans, label variants, blanks)
    text_layouts.py  text renderings (markdown, tabs, one cell per line, run-on, ...)
    file_layouts.py  HTML, DOCX and PDF files
    samples.py       one generated report per (layout, seed) with its expected cells
    scoring.py       cell P/R/F1 and identity counts of a parsed report
"""
from .figures import Figures, generate
from .samples import LAYOUTS, Sample, make_sample
from .scoring import Score, score_report

__all__ = ["Figures", "generate", "LAYOUTS", "Sample", "make_sample", "Score", "score_report"]
