"""Page images (.png, .jpg, .tif with one or many pages, ...): read by OCR.

An image is recognised by its magic bytes (also one renamed .pdf). Before
anything is decoded, its declared size is checked (Pillow reads only the
header), so an image bomb costs nothing and gets one line. Each frame (a
multi-page TIFF has several) is then decoded, OCR'd (``ocr_page``) and written
by the PDF reader's ``PageFlow``: ruled tables as grids and tab-separated rows,
text lines in reading order, one page per frame. Without the ``ocr`` extra an
image gets one line naming it.
"""
from __future__ import annotations

import io
import warnings as pywarnings

from ..errors import InputError
from ..report import Document

# magic bytes -> image kind
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"),
               (b"MM\x00*", "TIFF"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"))
_DPI_RANGE = (50.0, 1200.0)       # a declared resolution outside this is not believed
_PAGE_WIDTH_RANGE = (150.0, 2500.0)   # points: a page between a receipt and A1


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


def needs_ocr_error(kind: str, cause: Exception = None) -> InputError:
    """The error for an image when OCR cannot run (``cause`` says why)."""
    from .ocr import missing_ocr_error
    return missing_ocr_error(f"this file is a {kind} image, not a text document or a text PDF", cause)


def read_image(data: bytes) -> Document:
    """OCR a page image (every frame of a multi-page TIFF) into a Document.

    Raises InputError, in one line, for an image bomb, a damaged image, an
    image without readable text, or when no OCR engine is installed.
    """
    from .ocr import load_failure, settings
    kind = image_kind(data) or "an"
    failure = load_failure()
    if failure is not None:
        raise needs_ocr_error(kind, failure)
    conf = settings()
    image = open_checked(data, kind, float(conf.get("max_pixels", 6e7)))
    from .ocr_align import confidence_runs
    from .ocr_page import ocr_page
    from .pdf import PageFlow, page_items
    flow, done, skipped = PageFlow(), {}, 0
    frames = getattr(image, "n_frames", 1)
    limit = int(conf.get("max_pages", 100))
    for index in range(frames):
        if index >= limit:
            skipped = frames - limit
            break
        rgb, scale = frame_rgb(image, index, kind, float(conf.get("image_page_width_pt", 595.0)))
        number = index + 1
        flow.out.page(number)
        page = ocr_page(rgb, scale, number)
        done[number] = page
        items = page_items(page)
        flow.add_page(number, items, 0 if items else 1)
        flow.warnings.extend(page.warnings)
    flow.finish()
    if not flow.out.text.strip():
        raise InputError(f"OCR found no text in this {kind} image",
                         "check that the page is legible (at least 150 dpi, upright) and is a report page")
    if skipped:
        flow.warnings.append(f"only the first {limit} of {frames} pages of this image were OCR'd (max_pages)")
    if flow.scanned:
        flow.warnings.append(f"pages {', '.join(map(str, flow.scanned))} are images on which OCR found no text")
    doc = Document(text=flow.out.text, format="image", grids=flow.out.grids, pages=flow.out.pages,
                   warnings=flow.warnings, ocr=True)
    doc.confidence = confidence_runs(doc.text, doc.pages, done)
    return doc


def open_checked(data: bytes, kind: str, max_pixels: float):
    """The image opened lazily (header only), refused when any frame declares too many pixels
    (``kind`` names the image in the errors: "PNG", "OFD page"...)."""
    from PIL import Image, UnidentifiedImageError
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")         # bomb and corrupt-EXIF warnings: we decide below
            image = Image.open(io.BytesIO(data))
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                w, h = image.size
                if w * h > max_pixels:
                    raise InputError(f"this {kind} image declares {w}×{h} pixels, over the "
                                     f"{int(max_pixels):,} limit (an image bomb?)",
                                     "scan the page at 150–300 dpi, or raise max_pixels in gisnlp/data/ocr.yaml")
            image.seek(0)
            return image
    except Image.DecompressionBombError as e:
        raise InputError(f"this {kind} image declares too many pixels ({e})".split(". ")[0],
                         "scan the page at 150–300 dpi") from None
    except UnidentifiedImageError:
        raise InputError(f"this {kind} image is damaged or truncated: it could not be decoded for OCR",
                         "download it again, or re-save it as PNG") from None
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise InputError(f"this {kind} image could not be decoded for OCR ({type(e).__name__}: {e})",
                         "download it again, or re-save it as PNG") from None


def frame_rgb(image, index: int, kind: str, default_width_pt: float):
    """Frame ``index`` as an RGB array (upright per its EXIF orientation), and points per pixel
    (from its dpi, else an A4 width)."""
    import numpy as np
    from PIL import ImageOps
    try:
        image.seek(index)
        rgb = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))    # a phone photo's EXIF turn
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise InputError(f"page {index + 1} of this {kind} image could not be decoded ({type(e).__name__}: {e})",
                         "download it again, or re-save it as PNG") from None
    width = rgb.shape[1]
    dpi = image.info.get("dpi")
    try:
        dpi = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        dpi = None
    if dpi and _DPI_RANGE[0] <= dpi <= _DPI_RANGE[1] and \
            _PAGE_WIDTH_RANGE[0] <= width * 72.0 / dpi <= _PAGE_WIDTH_RANGE[1]:
        return rgb, 72.0 / dpi
    return rgb, default_width_pt / width
