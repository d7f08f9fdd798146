"""Whole reports written for the test set (not generated at random): each with its figures, its layout
and what reading it must give (cells, metadata, partial flag). See catalogue.py.

    model.py      Doc, and tables built from the few numbers a report states
    tables.py     the three tables as printed cells with spans, in the shapes CMSs and Word use
    render.py     the document as HTML, DOCX, text or markdown
    catalogue.py  the documents
"""
from .catalogue import DOCS
from .model import Doc
from .render import render

__all__ = ["DOCS", "Doc", "render"]
