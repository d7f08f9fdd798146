"""MHT / MHTML: a web page, or a Word document saved as a web page, in one MIME file.

Browsers ("save as single file") and Word/WPS ("single file web page") write
the page as MIME ``multipart/related``: the HTML part, usually
quoted-printable and often GB2312, then its images and style sheets. Python's
``email`` package undoes the MIME and transfer encodings; the HTML part is
decoded with the charset its MIME header declares (the page's own
``<meta>`` may say something else, as Word's does) and read by the HTML
reader. A file with no HTML part but a plain-text one is read as text.
"""
from __future__ import annotations

import email
import email.policy

from ..errors import InputError
from ..report import Document

_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "big5": "big5hkscs", "utf8": "utf-8"}

def read_mht(data: bytes) -> Document:
    """Read a saved single-file web page: its HTML part (or text part) as a Document."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _main_part(message)
    if part is None:
        raise InputError("this MHT file holds no HTML or text part",
                         "open it in a browser or Word and save it as .html, .docx or .pdf")
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "").lower()
    encoding = _ALIASES.get(charset, charset)
    if encoding:
        try:
            # A BOM makes the HTML reader trust this decoding over the page's own <meta>.
            payload = b"\xef\xbb\xbf" + payload.decode(encoding).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            encoding = ""                  # a wrong MIME charset: let the reader detect it
    if part.get_content_type() == "text/html":
        from .html import read_html
        doc = read_html(payload)
    else:
        from .text import read_text_bytes
        doc = read_text_bytes(payload)
    doc.format = "mht"
    doc.encoding = encoding or doc.encoding
    return doc


def _main_part(message):
    """The first text/html part (the page), else the first text/plain part, else None."""
    parts = [p for p in message.walk() if not p.is_multipart()]
    for kind in ("text/html", "text/plain"):
        for p in parts:
            if p.get_content_type() == kind and p.get_content_disposition() != "attachment":
                return p
    return None
