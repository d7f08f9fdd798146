"""Whole reports written for the test set (not generated at random): each with its figures, its layout
and what reading it must give (cells, metadata, partial flag). See catalogue.py.

    model.py      Doc, and tables built from the few numbers a report states
    tables.py     the three tables as printed cells with spans, in the shapes CMSs and Word use
    render.py     the document as HTML, DOCX, text or markdown
    catalogue.py  the documents
    unseen.py     thirty more, in layouts the first forty do not use (render_cms.py renders them)
"""
from .catalogue import DOCS as FIRST
from .unseen import DOCS as UNSEEN
from .model import Doc
from .render import render

DOCS = FIRST + UNSEEN

__all__ = ["DOCS", "FIRST", "UNSEEN", "Doc", "render"]
