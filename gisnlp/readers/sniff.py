"""Which reader a file needs: magic bytes first, then the extension."""
from __future__ import annotations

from ..errors import UnsupportedFormat
from .image import image_kind

FORMAT_OF_EXTENSION = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                       ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
                       ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_EXTENSIONS = tuple(sorted(FORMAT_OF_EXTENSION))
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")


def sniff(data: bytes, ext: str = "") -> str:
    """The format name of ``data`` (txt, md, html, docx, pdf, image) from its magic bytes, else ``ext``."""
    head = data[:2048].lstrip()
    if image_kind(data):
        return "image"
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
    if ext in _HTML_EXTENSIONS or low.startswith((b"<!doctype html", b"<html")) \
            or (b"<html" in low and b"<body" in data[:65536].lower()):
        return "html"
    return FORMAT_OF_EXTENSION.get(ext, "txt")
