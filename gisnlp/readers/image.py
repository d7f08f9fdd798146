"""Page images (.png, .jpg, .tif, ...): recognised by their magic bytes.

gisnlp has no OCR backend yet: an image (also one renamed .pdf) gets one clear
line saying what it is and that it needs OCR first. The image is never
decoded here, so an image bomb costs nothing.
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
                      "OCR it first (e.g. img2pdf page.png | ocrmypdf -l chi_sim - out.pdf) and analyse the result")


def read_image(data: bytes):
    """Refuse a page image with one line (no OCR backend yet)."""
    raise needs_ocr_error(image_kind(data) or "an")
