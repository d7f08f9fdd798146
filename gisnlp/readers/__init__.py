"""Readers: one backend per format, each returning a ``Document``.

``read_path`` picks the backend from the file's content (magic bytes) and
extension (``sniff``); every backend returns the text as read, native table
grids with spans into that text, and page offsets where the format has pages.
Dispatch lives in ``dispatch``, format sniffing in ``sniff``, size limits in
``limits``, the shared text and grid builder in ``text_builder``. Backends:
``text`` (txt, md), ``html`` (``html_flat`` for pages too deep for lxml),
``docx``, ``pdf`` (engines in ``pdf_engines``, PDFium pages in
``pdfium_page``), ``legacy_word`` (doc, wps, rtf via LibreOffice),
``spreadsheet`` (xlsx, xls; WPS .et), ``mht`` (single-file web pages, .mht/.mhtml),
``ofd`` (OFD, GB/T 33190: text and path objects laid out like a PDF page),
``zip_attachment`` (the report inside a .zip), ``image`` (page images, by OCR); OCR of
images and scanned PDF pages in ``ocr`` (engines), ``ocr_prep`` (stamps,
skew), ``ocr_glyphs`` (lone characters the detector missed), ``ocr_words``
(word repairs), ``ocr_rules`` (table rules), ``ocr_layout`` (characters,
rows), ``ocr_page`` (one page; scanned PDF pages)
and ``ocr_align`` (confidence of each character of the text);
``pairing`` joins a report with the spreadsheet holding its tables.
"""
from .dispatch import read_bytes, read_path, read_path_with_tables, read_text
from .limits import MAX_BYTES, MAX_CHARS
from .sniff import SUPPORTED_EXTENSIONS, sniff

__all__ = ["read_bytes", "read_path", "read_path_with_tables", "read_text", "sniff", "MAX_BYTES", "MAX_CHARS", "SUPPORTED_EXTENSIONS"]
