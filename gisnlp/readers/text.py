"""Plain text and Markdown: detect the encoding, never make the user say it."""
from __future__ import annotations

import codecs

from ..errors import InputError
from ..report import Document

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def strip_bom(text: str) -> str:
    """``text`` without a leading byte-order mark."""
    return text[1:] if text.startswith("\ufeff") else text


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32, or GB18030 (GBK)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM: many NULs at alternating positions.
    if data.count(b"\x00") > len(data) // 4:
        even = data[0::2].count(b"\x00")
        odd = data[1::2].count(b"\x00")
        for enc, ok in (("utf-16-le", odd > even), ("utf-16-be", even > odd)):
            if ok:
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError:
                    pass
        raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        sample = data[:8192]
        controls = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13)) or b == 127)
        if controls > len(sample) // 20:
            raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
        raise InputError("the text encoding could not be detected",
                         "re-save the file as UTF-8")
    return str(best), best.encoding


def read_markdown(data: bytes) -> Document:
    """Read a Markdown file (a text file whose format is kept as ``md``)."""
    return read_text_bytes(data, "md")


def read_text_bytes(data: bytes, fmt: str = "txt") -> Document:
    """Read a plain-text file: detect its encoding, refuse binary data."""
    text, enc = decode(data)
    warnings = []
    bad = sum(1 for ch in text[:100000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    if bad > max(20, len(text[:100000]) // 20):
        raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
    if bad:
        warnings.append(f"{bad} undecodable or control characters in the text")
    return Document(text=text, format=fmt, encoding=enc, warnings=warnings)
