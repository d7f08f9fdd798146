"""Size limits every reader enforces: bytes in, characters out.

``GISNLP_MAX_BYTES`` bounds the file (refused above it); ``GISNLP_MAX_CHARS``
bounds the text a reader returns (cut, with a warning, above it).
"""
from __future__ import annotations

import os

from ..errors import InputError
from ..report import Document

MAX_BYTES = int(os.environ.get("GISNLP_MAX_BYTES", 50 * 1024 * 1024))
MAX_CHARS = int(os.environ.get("GISNLP_MAX_CHARS", 2_000_000))


def check_size(size: int) -> None:
    """Refuse an empty file or one over ``MAX_BYTES``, saying what to do."""
    if size == 0:
        raise InputError("the file is empty", "check the download or export step")
    if size > MAX_BYTES:
        raise InputError(f"the file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                         "split it, or raise GISNLP_MAX_BYTES if it really is one report")


def check_text(doc: Document) -> Document:
    """Cut text longer than ``MAX_CHARS`` (with a warning); refuse a document without text."""
    if len(doc.text) > MAX_CHARS:
        doc.warnings.append(f"text cut at {MAX_CHARS} characters of {len(doc.text)} (GISNLP_MAX_CHARS)")
        doc.text = doc.text[:MAX_CHARS]
        doc.grids = [g for g in doc.grids if g.end <= MAX_CHARS]
        doc.pages = [p for p in doc.pages if p[0] <= MAX_CHARS]
    if not doc.text.strip():
        raise InputError(f"no text could be read from this {doc.format} file",
                         "if it is a scanned PDF, run OCR first (e.g. ocrmypdf) and analyse the result")
    return doc
