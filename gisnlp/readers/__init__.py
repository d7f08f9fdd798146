"""Readers: one backend per format, each returning a ``Document``.

``read_path`` picks the backend from the file's content (magic bytes) and
extension; every backend returns the text as read, native table grids with
spans into that text, and page offsets where the format has pages.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError, UnsupportedFormat
from ..report import Document

MAX_BYTES = int(os.environ.get("GISNLP_MAX_BYTES", 50 * 1024 * 1024))
MAX_CHARS = int(os.environ.get("GISNLP_MAX_CHARS", 2_000_000))

_EXT = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
        ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
        ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_EXTENSIONS = tuple(sorted(_EXT))


def sniff(data: bytes, ext: str = "") -> str:
    """Format from magic bytes first, then the extension."""
    head = data[:2048].lstrip()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        if ext in (".doc", ".xls", ".xlsx", ".pptx"):
            raise UnsupportedFormat(f"{ext} files are not supported", "save it as .docx, .pdf or .txt")
        return "docx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnsupportedFormat("this is a legacy Word/Excel (.doc/.xls) file",
                                "convert it to .docx or .pdf first, e.g. libreoffice --headless --convert-to docx")
    low = head[:512].lower()
    if ext in (".html", ".htm", ".xhtml", ".shtml") or low.startswith((b"<!doctype html", b"<html")) \
            or (b"<html" in low and b"<body" in data[:65536].lower()):
        return "html"
    return _EXT.get(ext, "txt")


def read_bytes(data: bytes, format: str = None, ext: str = "") -> Document:
    if len(data) == 0:
        raise InputError("the file is empty", "check the download or export step")
    if len(data) > MAX_BYTES:
        raise InputError(f"the file is {len(data) // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                         "split it, or raise GISNLP_MAX_BYTES if it really is one report")
    fmt = format or sniff(data, ext)
    if fmt in ("txt", "md"):
        from .text import read_text_bytes
        doc = read_text_bytes(data, fmt)
    elif fmt == "html":
        from .html import read_html
        doc = read_html(data)
    elif fmt == "docx":
        from .docx import read_docx
        doc = read_docx(data)
    elif fmt == "pdf":
        from .pdf import read_pdf
        doc = read_pdf(data)
    else:
        raise UnsupportedFormat(f"unknown format {fmt!r}", f"use one of: {', '.join(sorted(set(_EXT.values())))}")
    return _check(doc)


def read_path(path: Path, format: str = None) -> tuple[bytes, Document]:
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}", "check the path")
    if path.is_dir():
        raise InputError(f"{path} is a folder", "give the files inside it, or use `gisnlp tag` for folders")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"the file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                         "split it, or raise GISNLP_MAX_BYTES if it really is one report")
    data = path.read_bytes()
    return data, read_bytes(data, format=format, ext=path.suffix.lower())


def read_text(text: str) -> Document:
    """A document given directly as text."""
    if not text.strip():
        raise InputError("the text is empty", "pass a report's text or a path to one")
    from .text import strip_bom
    return _check(Document(text=strip_bom(text), format="txt", encoding="utf-8"))


def _check(doc: Document) -> Document:
    if len(doc.text) > MAX_CHARS:
        doc.warnings.append(f"text cut at {MAX_CHARS} characters of {len(doc.text)} (GISNLP_MAX_CHARS)")
        doc.text = doc.text[:MAX_CHARS]
        doc.grids = [g for g in doc.grids if g.end <= MAX_CHARS]
        doc.pages = [p for p in doc.pages if p[0] <= MAX_CHARS]
    if not doc.text.strip():
        raise InputError(f"no text could be read from this {doc.format} file",
                         "if it is a scanned PDF, run OCR first (e.g. ocrmypdf) and analyse the result")
    return doc
