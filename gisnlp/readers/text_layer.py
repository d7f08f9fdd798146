"""Whether a PDF page's text layer is text: the tests that send a page to OCR though it has text.

A font without a usable ToUnicode map makes PDFium return private-use
characters, U+FFFD, control characters or CJK radicals for whole characters,
or GBK codes shown as Latin-1 letters (accented letters and no Chinese); a
wrong map returns real characters, but rare ones (neither in GB2312 nor
traditional forms of its characters) where a report uses common ones. Either way the page looks like text but is not. A scanned page
may also carry a stray line of real text (a page number, a scanning app's
watermark) over the image that holds its content. Thresholds are in
``data/pdf_text_layer.yaml``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..resources import load_lines, load_yaml
from .text import in_gb2312

_CID = re.compile(r"\(cid:\d+\)")


@lru_cache(maxsize=1)
def settings() -> dict:
    """The thresholds of ``data/pdf_text_layer.yaml``."""
    return load_yaml("pdf_text_layer.yaml")


def is_garbled(text: str) -> bool:
    """Whether ``text`` (a page's text layer) is mostly undecodable or mis-mapped characters."""
    conf = settings()
    text = _CID.sub("\ufffd", text)               # pdfminer's (cid:12) for a glyph without a Unicode map
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < conf["min_chars"]:
        return False
    cjk = [ch for ch in chars if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"]
    suspect = sum(1 for ch in chars if _suspect(ch))
    if not cjk:                    # GBK bytes shown as Latin-1 (政府 -> Õþ¸®): accented letters, no Chinese
        suspect += sum(1 for ch in chars if "\u0080" <= ch <= "\u00ff")
    if suspect > conf["max_suspect_share"] * len(chars):
        return True
    if len(cjk) < conf["min_cjk"]:
        return False
    traditional = _traditional()
    rare = sum(1 for ch in cjk if not in_gb2312(ch) and ch not in traditional)
    return rare > conf["max_rare_cjk_share"] * len(cjk)


@lru_cache(maxsize=1)
def _traditional() -> frozenset:
    """Traditional characters (``data/traditional_chars.txt``): common in a traditional-script report,
    though outside GB2312."""
    return frozenset("".join(load_lines("traditional_chars.txt")))


def is_scan_with_stray_text(text: str, image_cover: float) -> bool:
    """Whether a page is a scan whose text layer holds only a stray line (a page number, a watermark
    a scanning app stamps): an image covering most of the page and a few characters of text."""
    conf = settings()
    return image_cover >= conf["scan_image_cover"] and sum(1 for ch in text if not ch.isspace()) < conf["scan_max_chars"]


def _suspect(ch: str) -> bool:
    """Private-use, replacement, control and radical characters: what an unmapped glyph reads as."""
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000 or code == 0xFFFD or 0x2E80 <= code <= 0x2FDF \
        or unicodedata.category(ch) == "Cc"

