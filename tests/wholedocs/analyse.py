"""Write each whole report to a folder in its format and read it back with ``gisnlp.analyze``."""
from __future__ import annotations

from pathlib import Path

import gisnlp

from .render import render


def analyse_docs(docs, folder: Path) -> dict:
    """doc id -> the :class:`gisnlp.report.Report` read from the rendered file (html, docx, txt, md)."""
    out = {}
    for doc in docs:
        data, ext = render(doc)
        path = folder / f"{doc.id}{ext}"
        path.write_bytes(data)
        out[doc.id] = gisnlp.analyze(str(path))
    return out
