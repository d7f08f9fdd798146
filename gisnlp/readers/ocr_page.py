"""One page image through OCR into a page the PDF reader's flow reads.

``ocr_page`` cleans the image (``ocr_prep``: stamps, skew), runs the engine
(``ocr``), repairs words (``ocr_words``: boxes spanning two cells, look-alike
letters in numbers and enumerators, rule debris), finds the table rules (``ocr_rules``) and
rebuilds the layout (``ocr_layout``: characters, rows) in points.
``PdfScans`` renders the pages of a PDF that have no text layer, bounded in
pixels, and OCRs them; the PDF reader calls it for such pages only.
"""
from __future__ import annotations

import numpy as np

from .ocr import engine_name, get_engine, load_failure, settings
from .ocr_layout import OcrPage, OcrShape, char_dicts
from .ocr_progress import page_started
from .ocr_prep import prepare, to_gray
from .ocr_rules import ruling_edges
from .ocr_words import fix_digits, fix_enumerator, split_at_gaps


def ocr_page(image: np.ndarray, scale: float, number: int) -> OcrPage:
    """OCR one RGB page image; ``scale`` converts its pixels to points (72 / dpi)."""
    conf = settings()
    engine = get_engine(engine_name())
    prep = prepare(image, conf)
    h, w = prep.image.shape[:2]
    warnings = []
    if prep.stamp_fraction >= float(conf["stamp"].get("warn_fraction", 0.001)):
        warnings.append(f"page {number}: a red stamp covering {prep.stamp_fraction:.1%} of the page was removed "
                        "before OCR; text under it may be incomplete")
    if prep.blank:
        return OcrPage(OcrShape([], [], w * scale, h * scale), conf["layout"], warnings)
    lookalikes = {str(k): str(v) for k, v in conf.get("digit_lookalikes", {}).items()}
    debris, edge_debris = conf.get("rule_debris", "|｜"), conf.get("number_edge_debris", "")
    gap = float(conf["layout"].get("tab_gap", 1.2))
    enumerators = {str(k): str(v) for k, v in conf.get("enumerator_lookalikes", {}).items()}
    openers = conf.get("enumerator_openers", "（(")
    words = []
    for read in engine.recognise(prep.image):
        if read.confidence < float(conf.get("min_confidence", 0.3)):
            continue
        for word in split_at_gaps(read, gap):
            fixed = fix_digits(fix_enumerator(word, enumerators, openers), lookalikes, debris, edge_debris)
            if fixed is not None and any(ch.isalnum() for ch in fixed.text):   # not lone punctuation (specks)
                words.append(fixed)
    edges = ruling_edges(to_gray(prep.image), words, scale, conf["rules"])
    shape = OcrShape(char_dicts(words, scale), edges, w * scale, h * scale)
    return OcrPage(shape, conf["layout"], warnings)


def bounded_dpi(width_pt: float, height_pt: float, dpi: float, max_pixels: float) -> float:
    """``dpi``, lowered so that a page of this size renders to at most ``max_pixels``."""
    pixels = (width_pt * dpi / 72.0) * (height_pt * dpi / 72.0)
    if pixels <= max_pixels:
        return dpi
    return dpi * (max_pixels / pixels) ** 0.5


class PdfScans:
    """OCR for the pages of a PDF that have no text layer (rendered with PDFium).

    ``enabled`` says whether OCR can run here; ``page(index)`` renders the page
    at ``render_dpi`` (less for a huge page) and OCRs it. At most ``max_pages``
    pages are OCR'd per document; ``skipped`` counts the rest.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.conf = settings()
        self.done: dict[int, OcrPage] = {}     # page number -> OCR'd page
        self.skipped: list[int] = []
        self._doc = None
        self._enabled = None
        self.failure: Exception | None = None

    @property
    def enabled(self) -> bool:
        """Whether an OCR engine can run here (checked once; ``failure`` says why not)."""
        if self._enabled is None:
            self.failure = load_failure()
            self._enabled = self.failure is None
        return self._enabled

    def page(self, number: int) -> OcrPage | None:
        """The OCR'd page ``number`` (1-based), or None past ``max_pages``."""
        if len(self.done) >= int(self.conf.get("max_pages", 100)):
            self.skipped.append(number)
            return None
        image, scale = self._render(number - 1)
        page_started(number, len(self._doc))
        page = ocr_page(image, scale, number)
        self.done[number] = page
        return page

    def _render(self, index: int) -> tuple[np.ndarray, float]:
        """The page as an RGB array, and points per pixel."""
        import pypdfium2 as pdfium
        if self._doc is None:
            self._doc = pdfium.PdfDocument(self.data)
        page = self._doc[index]
        try:
            width, height = page.get_size()
            dpi = bounded_dpi(width, height, float(self.conf.get("render_dpi", 200)),
                              float(self.conf.get("max_pixels", 6e7)))
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)          # RGB(x)
            image = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
            return image, 72.0 / dpi
        finally:
            page.close()

    def warnings(self) -> list[str]:
        """Warnings of the OCR'd pages, and of pages left out."""
        out = [w for page in self.done.values() for w in page.warnings]
        if self.skipped:
            out.append(f"only {len(self.done)} scanned pages were OCR'd; pages {_ranges(self.skipped)} were left out "
                       "(max_pages in gisnlp/data/ocr.yaml)")
        return out

    def close(self) -> None:
        """Release the rendering document."""
        if self._doc is not None:
            self._doc.close()
            self._doc = None


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 -> '1-3, 7'."""
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(out)
