"""Two ways to open a PDF's pages, one interface: PDFium (fast, default) and pdfplumber.

``open_pdf`` returns a source whose pages each offer ``find_tables()``,
``text_lines(keep)`` and ``image_count``, the three things the PDF reader asks
of a page. The PDFium source shapes its pages like pdfplumber's
(``pdfium_page``) so that pdfplumber's table finder and line builder give the
same result on either; a page PDFium's shaping does not cover is read with
pdfplumber. ``GISNLP_PDF_ENGINE=pdfplumber`` uses pdfplumber throughout (the
reference the tests compare against).
"""
from __future__ import annotations

import io
import logging
import os

from ..errors import InputError
from .pdf_wrap import join_label_lines

ENGINES = ("pdfium", "pdfplumber")
_ENCRYPTED_HINT = "remove the password (e.g. qpdf --decrypt in.pdf out.pdf) and try again"
_DAMAGED_HINT = "download it again, or repair it (e.g. qpdf in.pdf out.pdf)"


def default_engine() -> str:
    """The engine ``GISNLP_PDF_ENGINE`` names, else PDFium."""
    engine = os.environ.get("GISNLP_PDF_ENGINE", "pdfium").strip().lower()
    if engine not in ENGINES:
        raise InputError(f"unknown PDF engine {engine!r} in GISNLP_PDF_ENGINE", f"use one of: {', '.join(ENGINES)}")
    return engine


def open_pdf(data: bytes, engine: str = None):
    """A page source for ``data``: PdfiumSource or PlumberSource. Raises InputError if unreadable."""
    engine = engine or default_engine()
    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return PdfiumSource(data) if engine == "pdfium" else PlumberSource(data)


class PlumberPage:
    """A pdfplumber page behind the reader's three-question interface."""

    def __init__(self, page):
        self.page = page

    def find_tables(self):
        """pdfplumber's ruled tables on this page."""
        return self.page.find_tables()

    def text_lines(self, keep=None) -> list[dict]:
        """Text lines (text, x0, x1, top, bottom) of the characters ``keep`` accepts (labels wrapped
        below their row's numbers joined to that row: pdf_wrap.py)."""
        view = self.page.filter(keep) if keep else self.page
        return join_label_lines(view.extract_text_lines(strip=True, return_chars=True))

    @property
    def image_count(self) -> int:
        """Image objects on the page."""
        return len(self.page.images)

    def char_text(self) -> str:
        """The page's characters in content order, as one string (to judge its text layer)."""
        return "".join(c["text"] for c in self.page.chars)

    @property
    def image_cover(self) -> float:
        """The share of the page the largest image covers."""
        from .pdfium_page import page_share
        p = self.page
        return max((page_share(i["x0"], i["top"], i["x1"], i["bottom"], p.width, p.height) for i in p.images),
                   default=0.0)


class PlumberSource:
    """A PDF opened with pdfplumber (pdfminer underneath)."""

    def __init__(self, data: bytes):
        self.pdf = _open_plumber(data)
        self.page_count = len(self.pdf.pages)

    def page(self, index: int) -> PlumberPage:
        """The page at ``index`` (0-based)."""
        return PlumberPage(self.pdf.pages[index])

    def title(self):
        """The document-info Title, as pdfminer leaves it (see ``pdf._info_text``)."""
        return (self.pdf.metadata or {}).get("Title")

    def close(self) -> None:
        """Release the file."""
        self.pdf.close()


class PdfiumPage:
    """A PDFium page shaped like pdfplumber's, behind the same interface."""

    def __init__(self, shaped):
        self.shaped = shaped
        self.image_count = shaped.image_count
        self.image_cover = getattr(shaped, "image_cover", 0.0)

    def char_text(self) -> str:
        """The page's characters in content order, as one string (to judge its text layer)."""
        return "".join(c["text"] for c in self.shaped.chars)

    def find_tables(self):
        """pdfplumber's table finder run on PDFium's edges (skipped when no grid is possible)."""
        from pdfplumber.table import TableFinder, TableSettings
        h = sum(1 for e in self.shaped.edges if e["orientation"] == "h")
        v = sum(1 for e in self.shaped.edges if e["orientation"] == "v")
        if h < 2 or v < 2:
            return []
        return TableFinder(self.shaped, TableSettings.resolve(None)).tables

    def text_lines(self, keep=None) -> list[dict]:
        """pdfplumber's text lines built from PDFium's characters that ``keep`` accepts (labels wrapped
        below their row's numbers joined to that row: pdf_wrap.py)."""
        from pdfplumber.utils.text import chars_to_textmap
        chars = self.shaped.filter(keep) if keep else self.shaped.chars
        if not chars:
            return []
        s = self.shaped
        textmap = chars_to_textmap(chars, layout_bbox=s.bbox, layout_width=s.width, layout_height=s.height)
        return join_label_lines(textmap.extract_text_lines(strip=True, return_chars=True))


class PdfiumSource:
    """A PDF opened with PDFium; pages PDFium's shaping cannot cover come from pdfplumber."""

    def __init__(self, data: bytes):
        self.data = data
        self.doc = _open_pdfium(data)
        self.page_count = len(self.doc)
        self._plumber = None

    def page(self, index: int):
        """The page at ``index`` (0-based): PDFium's, or pdfplumber's for an unusual page."""
        from .pdfium_page import ShapedPage, Unsupported
        page = self.doc[index]
        try:
            return PdfiumPage(ShapedPage(page))
        except Unsupported:
            if self._plumber is None:
                self._plumber = PlumberSource(self.data)
            return self._plumber.page(index)
        finally:
            page.close()

    def title(self):
        """The document-info Title."""
        try:
            return self.doc.get_metadata_dict(skip_empty=True).get("Title")
        except Exception:  # a broken info dictionary only loses the title
            return None

    def close(self) -> None:
        """Release the document (and pdfplumber's, if a page needed it)."""
        self.doc.close()
        if self._plumber is not None:
            self._plumber.close()


def _open_pdfium(data: bytes):
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == 4:                                   # FPDF_ERR_PASSWORD
            raise InputError("the PDF is encrypted (a password is needed)", _ENCRYPTED_HINT) from None
        if code == 6:                                   # FPDF_ERR_SECURITY
            raise InputError("the PDF is encrypted with an unsupported security handler", _ENCRYPTED_HINT) from None
        raise InputError(f"the PDF is damaged or truncated ({e})", _DAMAGED_HINT) from None


def _open_plumber(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # forces the page tree to be read
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise InputError(f"the PDF is encrypted ({type(e).__name__})", _ENCRYPTED_HINT) from None
    except PDFSyntaxError as e:
        raise InputError(f"the PDF is damaged or truncated ({e})", _DAMAGED_HINT) from None
    except Exception as e:
        causes = [e, *(a for a in e.args if isinstance(a, BaseException)), e.__cause__, e.__context__]
        names = " ".join(type(c).__name__ for c in causes if c is not None)
        name = type(e).__name__
        if "Password" in names or "Encrypt" in names or "crypt" in str(e).lower():
            raise InputError(f"the PDF is encrypted ({name})", _ENCRYPTED_HINT) from None
        raise InputError(f"the PDF could not be opened ({name}: {e})", _DAMAGED_HINT) from None
