"""Plain text and Markdown: detect the encoding, never make the user say it."""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..errors import InputError
from ..report import Document

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def strip_bom(text: str) -> str:
    """``text`` without a leading byte-order mark."""
    return text[1:] if text.startswith("\ufeff") else text


# A text with a few bad bytes (one stray byte, a file cut inside a character) is
# still that encoding: decode it with replacement when at most this share of
# its non-ASCII bytes is invalid.
DAMAGED_SHARE = 0.05
_ESCAPED = re.compile(r"[\udc80-\udcff]+")
# What a binary file decodes to: replacement characters and control characters
# other than tab, line feed, vertical tab, form feed and carriage return.
_BINARY_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32, or GB18030 (GBK)."""
    text, enc, _ = decode_counting(data)
    return text, enc


def decode_counting(data: bytes) -> tuple[str, str, int]:
    """Decode like ``decode``; also return how many bad bytes were replaced by U+FFFD.

    Strict decodings are tried first (BOM, UTF-8, UTF-16 without BOM, GB18030);
    then UTF-8 and GB18030 with replacement when only a few bytes are bad; then
    charset-normalizer. Binary data and text that is mostly undecodable raise
    InputError.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, 0
            except UnicodeDecodeError:
                # A mark that lies (an editor put a UTF-8 BOM before GBK text) or a file cut
                # inside a character: detect the rest as if it had no mark.
                return decode_counting(data[len(bom):])
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM: many NULs at alternating positions.
    if data.count(b"\x00") > len(data) // 4:
        even = data[0::2].count(b"\x00")
        odd = data[1::2].count(b"\x00")
        for enc, ok in (("utf-16-le", odd > even), ("utf-16-be", even > odd)):
            if ok:
                try:
                    return data.decode(enc), enc, 0
                except UnicodeDecodeError:
                    pass
        raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
    damaged = _decode_damaged(data, "utf-8")
    if damaged:
        return damaged
    try:
        return data.decode("gb18030"), "gb18030", 0
    except UnicodeDecodeError:
        pass
    damaged = _decode_damaged(data, "gb18030")
    if damaged:
        return damaged
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        sample = data[:8192]
        controls = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13)) or b == 127)
        if controls > len(sample) // 20:
            raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
        raise InputError("the text encoding could not be detected",
                         "re-save the file as UTF-8")
    return str(best), best.encoding, 0


def _decode_damaged(data: bytes, encoding: str):
    """(text, encoding, bad bytes) when only a few bytes are invalid in ``encoding``, else None."""
    text = data.decode(encoding, errors="surrogateescape")
    bad = sum(m.end() - m.start() for m in _ESCAPED.finditer(text))
    non_ascii = sum(1 for b in data if b >= 0x80) if bad else 0
    if not bad or bad > DAMAGED_SHARE * non_ascii:
        return None
    text = _ESCAPED.sub("\ufffd", text)
    if encoding == "gb18030" and not _mostly_common_chinese(text):
        return None          # nearly any byte pairs are GB18030: demand real Chinese text
    return text, encoding, bad


def _mostly_common_chinese(text: str) -> bool:
    """Whether nine in ten non-ASCII characters are in GB2312 (common Chinese and punctuation)."""
    wide = [ch for ch in text[:20000] if ord(ch) >= 0x80 and ch != "\ufffd"]
    if not wide:
        return False
    common = sum(1 for ch in wide if in_gb2312(ch))
    return common >= 0.9 * len(wide)


@lru_cache(maxsize=8192)
def in_gb2312(ch: str) -> bool:
    """Whether ``ch`` is in GB2312: the common Chinese characters and punctuation."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def damage_warning(replaced: int, encoding: str) -> str:
    """The warning for a text decoded with replacement."""
    return (f"{replaced} byte{'s' if replaced != 1 else ''} not valid {encoding} (a damaged or cut file?) "
            "replaced by U+FFFD")


def read_text_bytes(data: bytes, fmt: str = "txt") -> Document:
    """Read a plain-text file: detect its encoding, refuse binary data."""
    text, enc, replaced = decode_counting(data)
    warnings = [damage_warning(replaced, enc)] if replaced else []
    bad = len(_BINARY_CHARS.findall(text, 0, 100000))
    if bad > max(20, min(len(text), 100000) // 20):
        raise InputError("this looks like a binary file, not text", "give a txt, html, docx or pdf report")
    if bad and not replaced:
        warnings.append(f"{bad} undecodable or control characters in the text")
    return Document(text=text, format=fmt, encoding=enc, warnings=warnings)
