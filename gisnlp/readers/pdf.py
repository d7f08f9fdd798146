"""PDF: text in reading order with tables in place, tables as grids, page offsets.

pdfplumber's algorithms find ruled tables and the text lines outside them, on
characters and ruling lines that PDFium reads (``pdf_engines``); on each page the
lines and tables are merged top to bottom. Table rows are rendered as
tab-separated lines, and a table that runs on from the previous page (nothing
but page numbers between them, same column count) continues the same grid.
Lines wrapped at the right margin are joined, so a sentence (and a number with
its measure word) is not cut in two. A page without a text layer (a scan) is
rendered and read by OCR (``ocr_page.PdfScans``) when the ``ocr`` extra is
installed; without it, and for encrypted and truncated PDFs, ``InputError``
says what to do.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..report import Document, Grid
from .pdf_engines import open_pdf
from .text_layer import is_garbled, is_scan_with_stray_text
from .text_builder import TextBuilder

MAX_PAGES = 500
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]?\s*(第\s*)?\d{1,4}\s*(页|/\s*\d{1,4})?\s*[-—–－]?\s*$")
_SENTENCE_END = tuple("。！？；：!?;:.")
_WRAPPED_NUMBER = re.compile(r"^[-+]?\d[\d,.]*(?:\s*\n\s*[\d,.]+)+$")   # digits broken over the lines of a cell
_DIGITS = re.compile(r"^\s*[\d,.]+\s*$")
_CJK_JOIN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _real_rows(table):
    """Rows from the first to the last with two or more cells: the table proper
    (WPS exports draw boxes around the narrative too)."""
    rows = table.rows
    multi = [i for i, row in enumerate(rows) if sum(1 for c in row.cells if c is not None) >= 2]
    if not multi:
        return []
    return [(i, rows[i]) for i in range(multi[0], multi[-1] + 1)]


def _matrix(table, rows):
    """Cells of ``rows`` as a matrix of dicts (None where a merge covers), spans from the bboxes."""
    xs = sorted({round(c[0], 1) for _, row in rows for c in row.cells if c})
    ys = sorted({round(row.bbox[1], 1) for _, row in rows})
    text_rows = table.extract()
    out = []
    for i, row in rows:
        texts = text_rows[i]
        line = []
        for j, c in enumerate(row.cells):
            if c is None:
                line.append(None)
                continue
            col_span = max(1, sum(1 for x in xs if c[0] - 0.5 <= x < c[2] - 0.5))
            row_span = max(1, sum(1 for y in ys if c[1] - 0.5 <= y < c[3] - 0.5))
            line.append({"text": _cell_text(texts[j] if j < len(texts) else ""), "row_span": row_span,
                         "col_span": col_span})
        out.append(line)
    return out


def _cell_text(text: str | None) -> str:
    """A table cell's text; a number wrapped inside a narrow cell (2658 / 5) is joined into one (26585)."""
    text = text or ""
    if "\n" in text and _WRAPPED_NUMBER.match(text.strip()):
        return re.sub(r"\s+", "", text)
    return text


def page_items(page):
    """(top, kind, payload) for the page's tables and the text lines outside them.

    ``page`` is a page of ``pdf_engines`` (PDFium or pdfplumber underneath).
    """
    items, boxes = [], []
    try:
        tables = page.find_tables()
    except Exception:  # table finding is best effort; the text still counts
        tables = []
    stubs = []
    for t in tables:
        rows = _real_rows(t)
        if len(rows) < 2:
            if rows:
                stubs.append((rows[0][1].bbox[1], "stub", (t, rows)))
            continue
        x0 = min(r.bbox[0] for _, r in rows)
        x1 = max(r.bbox[2] for _, r in rows)
        top = min(r.bbox[1] for _, r in rows)
        bottom = max(r.bbox[3] for _, r in rows)
        boxes.append((x0, top, x1, bottom))
        items.append((top, "table", (t, rows)))
    def outside(obj):
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)
    for line in page.text_lines(outside if boxes else None):
        if line["text"].strip():
            items.append((line["top"], "line", line))
    items.sort(key=lambda it: (round(it[0], 1), 0 if it[1] == "line" else 1))
    return _top_stub(items, stubs)


def _top_stub(items: list, stubs: list) -> list:
    """Put a one-row table printed above everything else on the page first, as a ``stub`` item.

    Such a row may be the rest of a row the page break split (its cells
    continue the previous page's last row); the text lines inside its box go
    with it (payload ``(table, rows, lines)``), for the flow to write them as
    lines when the row does not continue a table. Other one-row tables are
    read as text lines, as before.
    """
    if not stubs:
        return items
    top, _, (table, rows) = min(stubs, key=lambda st: st[0])
    x0, y0, x1, y1 = rows[0][1].bbox
    inside = [it for it in items if it[1] == "line" and y0 - 1 <= it[2]["top"] and it[2]["bottom"] <= y1 + 1
              and x0 - 1 <= it[2]["x0"] and it[2]["x1"] <= x1 + 1]
    rest = [it for it in items if not any(it is x for x in inside)]
    if rest and not all(it[1] == "line" and _PAGE_NUMBER.match(it[2]["text"]) for it in rest
                        if it[0] < top):
        return items
    return [(top, "stub", (table, rows, [it[2] for it in inside]))] + rest


def read_pdf(data: bytes) -> Document:
    """Read a text PDF into a Document (text, grids, page offsets).

    Each page gives its items (text lines and ruled tables, top to bottom);
    ``PageFlow`` writes them in order, joining lines wrapped at the margin and
    continuing a table across a page break; ``_text_layer_problems`` then
    refuses or flags a PDF whose text layer is missing or undecodable.
    """
    pdf = open_pdf(data)
    flow = PageFlow()
    scans = None
    try:
        count = pdf.page_count
        if count > MAX_PAGES:
            flow.warnings.append(f"only the first {MAX_PAGES} of {count} pages were read")
            count = MAX_PAGES
        for number in range(1, count + 1):
            flow.out.page(number)
            try:
                page = pdf.page(number - 1)
                items = page_items(page)
                page_images = page.image_count
                layer = page.char_text() if items else ""
                if items and is_garbled(layer):       # a text layer that is not text
                    flow.garbled.append(number)
                    items, page_images = [], max(page_images, 1)
                elif items and is_scan_with_stray_text(layer, page.image_cover):
                    scans = scans or _scans(data)
                    if scans.enabled:                 # a scan with a page number or watermark as text
                        items = _scanned_page_items(scans, number)[0] or items
                    else:
                        flow.thin.append(number)
                if not items and page_images:         # a scan: OCR it when the extra is installed
                    scans = scans or _scans(data)
                    items, page_images = _scanned_page_items(scans, number)
            except InputError:
                raise
            except Exception as e:
                flow.warnings.append(f"page {number} could not be read ({type(e).__name__}: {e})")
                continue
            flow.add_page(number, items, page_images)
        flow.finish()
        title = _info_text(pdf.title())
    finally:
        pdf.close()
        if scans is not None:
            scans.close()
    ocr_ran = scans is not None and scans.enabled
    flow.scanned = [n for n in flow.scanned if n not in flow.garbled]
    garbled = _garbled_warnings(flow.garbled, ocr_ran, flow.out.text, scans and scans.failure)
    warnings = flow.warnings + garbled + (scans.warnings() if scans else []) \
        + _text_layer_problems(flow.out.text, flow.images, flow.scanned, ocr_ran, scans and scans.failure,
                               flow.thin)
    doc = Document(text=flow.out.text, format="pdf", grids=flow.out.grids, pages=flow.out.pages, title=title,
                   warnings=warnings, encoding=None)
    doc.partial = bool(flow.garbled) and not ocr_ran
    if scans is not None and scans.done:
        from .ocr_align import confidence_runs
        doc.ocr, doc.confidence = True, confidence_runs(doc.text, doc.pages, scans.done)
    return doc


def _garbled_warnings(pages: list[int], ocr_ran: bool, text: str, failure: Exception = None) -> list[str]:
    """The warning for pages whose text layer was garbled; InputError when nothing else could be read."""
    if not pages:
        return []
    what = f"{_pages(pages, 'has', 'have')} a text layer that is not text (fonts without a usable Unicode map)"
    if ocr_ran:
        return [f"{what}: read by OCR instead"]
    if not text.strip():
        from .ocr import missing_ocr_error
        raise missing_ocr_error("the PDF's text layer is garbled (fonts without a usable Unicode map)", failure)
    return [f'{what}: its content is missing; pip install "gisnlp[ocr]" to read it by OCR']


def _scans(data: bytes):
    """The OCR helper for this PDF's scanned pages (imported only when a scan turns up)."""
    from .ocr_page import PdfScans
    return PdfScans(data)


def _scanned_page_items(scans, number: int) -> tuple[list, int]:
    """(items, image count) of a page without a text layer: OCR'd when OCR is installed.

    The image count stays 1 when nothing could be read, so the page is reported as a scan.
    """
    page = scans.page(number) if scans.enabled else None
    items = page_items(page) if page is not None else []
    return items, 0 if items else 1


class PageFlow:
    """Writes the items of successive pages into one ``TextBuilder``.

    It holds what crosses an item or a page boundary: a line wrapped at the
    right margin waiting for its continuation (``pending``), the page's text
    margins, and the last table written, which the next page's first table
    continues when it has the same column count.
    """

    def __init__(self):
        self.out = TextBuilder()
        self.warnings: list[str] = []
        self.images = 0
        self.scanned: list[int] = []
        self.garbled: list[int] = []       # pages whose text layer is not text (read by OCR if it can)
        self.thin: list[int] = []          # page-size images with a stray line of text, not OCR'd
        self.pending = ""
        self.margins = (None, None)
        self.last_grid: Grid | None = None
        self.last_width = 0
        self.held: list | None = None      # the last row of the last table, not yet written
        self.held_page = 0

    def add_page(self, number: int, items: list, page_images: int) -> None:
        """Write one page's items (``(top, kind, payload)``, top to bottom)."""
        self.images += page_images
        if not items and page_images:
            self.scanned.append(number)
        # page numbers and running footers are not content
        items = [it for it in items if not (it[1] == "line" and _PAGE_NUMBER.match(it[2]["text"]))]
        right, left = _text_block(items)
        if right is None:          # a short page: use the margins of the page before
            right, left = self.margins
        self.margins = (right, left)
        for k, (top, kind, payload) in enumerate(items):
            if kind == "line":
                self._line(payload, right, left)
            elif kind == "stub" and not self._continues(payload, first=k == 0):
                for line in payload[2]:
                    self._line(line, right, left)
            else:
                self._table(payload[:2], number, first=k == 0)
        if items and items[-1][1] != "table":
            self._release()

    def _line(self, line: dict, right, left) -> None:
        """Append a text line, or hold it when it runs to the right margin mid-sentence."""
        self._release()
        text = line["text"]
        self.pending += text
        full = right is not None and line["x1"] >= right - 2 * _char_width(line) \
            and line["x1"] - line["x0"] >= 0.75 * (right - left)
        if full and not text.endswith(_SENTENCE_END) and not line.get("table_row"):
            if not (_CJK_JOIN.search(text[-1:]) or text[-1:].isdigit()):
                self.pending += " "
            return
        self._flush()

    def _continues(self, payload, first: bool) -> bool:
        """Whether a table (or stub) goes on with the table held from the previous page: same column count."""
        rows = payload[1]
        return first and self.held is not None and bool(rows) and len(rows[0][1].cells) == self.last_width

    def _table(self, payload, number: int, first: bool) -> None:
        """Append a table, continuing the previous page's grid when it runs on.

        The last row of each table is held back until the next item: when the
        next page's first table continues it and its first row is the rest of
        that row (split by the page break), the two are joined into one row.
        """
        self._flush()
        table, rows = payload
        matrix = _matrix(table, rows)
        continues = self._continues(payload, first)
        if continues:
            if matrix and _rest_of_row(self.held, matrix[0]):
                matrix[0] = _joined_row(self.held, matrix[0])
            else:
                matrix.insert(0, self.held)
            self.held = None
        else:
            self._release()
        self.last_width = len(matrix[0]) if matrix else 0
        self.held, self.held_page = (matrix.pop(), number) if matrix else (None, number)
        if matrix:
            self.last_grid = self.out.table(matrix, page=number, grid=self.last_grid if continues else None)
        elif not continues:
            self.last_grid = None

    def _release(self) -> None:
        """Write the held last row of a table (nothing continues it); its page keeps its offsets."""
        if self.held is not None:
            pages = self.out.pages
            marker = pages.pop() if pages and pages[-1][0] == self.out.pos and pages[-1][1] != self.held_page \
                else None
            self.out.table([self.held], page=self.held_page, grid=self.last_grid)
            if marker:
                pages.append((self.out.pos, marker[1]))
            self.held = None
        self.last_grid = None

    def _flush(self) -> None:
        if self.pending:
            self.out.line(self.pending.rstrip())
            self.pending = ""

    def finish(self) -> None:
        """Write a line or table row still held at the end of the document."""
        self._flush()
        self._release()


def _rest_of_row(held: list, head: list) -> bool:
    """Whether a table's first row on a page is the rest of the row held from the page before.

    A row split by a page break goes on in the cells whose text wrapped: here
    digits continuing digits (a number wrapped in a narrow cell, 25 / 2). Every
    filled cell of ``head`` must continue a number of ``held`` in the same
    column, and nothing else may be filled (a new row brings its own label).
    """
    filled = [(p, h) for p, h in zip(held, head) if h is not None and h["text"].strip()]
    return bool(filled) and len(held) == len(head) and all(
        p is not None and _DIGITS.match(p["text"]) and _DIGITS.match(h["text"]) for p, h in filled)


def _joined_row(held: list, head: list) -> list:
    """The held row with the text of its rest appended cell by cell (spans of the held row)."""
    out = []
    for p, h in zip(held, head):
        if p is not None and h is not None and h["text"].strip():
            p = dict(p, text=p["text"].strip() + h["text"].strip())
        out.append(p)
    return out


def _text_layer_problems(text: str, images: int, scanned: list[int], ocr_ran: bool = False,
                         ocr_failure: Exception = None, thin: list[int] = ()) -> list[str]:
    """Raise InputError for a PDF without a usable text layer; return warnings for a partial one.

    ``ocr_ran``: scanned pages went through OCR (so a page still empty had nothing OCR could read);
    ``ocr_failure``: why OCR could not run; ``thin``: page images with a stray line of text, not OCR'd.
    """
    warnings = []
    if not text.strip():
        if images and ocr_ran:
            raise InputError("this is a scanned PDF and OCR found no text on its pages",
                             "check that the scan is legible (at least 150 dpi, upright), or export the report as text")
        if images:
            from .ocr import missing_ocr_error
            raise missing_ocr_error("this is a scanned PDF (page images, no text layer)", ocr_failure)
        raise InputError("no text could be read from this PDF",
                         "if it is a scan, run OCR first (e.g. ocrmypdf); otherwise export the report as text")
    cid = text.count("(cid:")
    if cid * 7 > len(text) // 2:
        raise InputError("the PDF's fonts have no Unicode map, so its text layer is unreadable",
                         "run OCR on it (e.g. ocrmypdf --force-ocr --language chi_sim in.pdf out.pdf)")
    if cid:
        warnings.append(f"{cid} characters could not be decoded (fonts without a Unicode map)")
    if thin:
        warnings.append(f"{_pages(thin, 'is a page image', 'are page images')} with only a few words of text "
                        '(scanned?): the content is missing; pip install "gisnlp[ocr]" to OCR it')
    if scanned and ocr_ran:
        warnings.append(f"pages {', '.join(map(str, scanned))} are images on which OCR found no text")
    elif scanned:
        warnings.append(f"pages {', '.join(map(str, scanned))} are images without text (scanned?): "
                        'their content is missing; pip install "gisnlp[ocr]" to OCR them')
    return warnings


def _pages(numbers: list[int], singular: str, plural: str) -> str:
    """'page 3 is' / 'pages 3, 5 are': page numbers with their verb."""
    if len(numbers) == 1:
        return f"page {numbers[0]} {singular}"
    return f"pages {', '.join(map(str, numbers))} {plural}"


def _text_block(items):
    """(right margin, left margin) of the page's text when enough lines reach the right
    margin to call it one (so wrapped lines can be joined); (None, None) otherwise."""
    lines = [it[2] for it in items if it[1] == "line"]
    if len(lines) < 3:
        return None, None
    right = max(l["x1"] for l in lines)
    left = min(l["x0"] for l in lines)
    at_margin = sum(1 for l in lines if l["x1"] >= right - 2 * _char_width(l))
    return (right, left) if at_margin >= 3 else (None, None)


def _char_width(line) -> float:
    n = max(len(line["text"]), 1)
    return max(4.0, min(20.0, (line["x1"] - line["x0"]) / n))


def _info_text(value) -> str | None:
    """A document-info string; pdfminer leaves UTF-16 strings with a BOM undecoded."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    if value.startswith(("\u00fe\u00ff", "\u00ff\u00fe")):
        try:
            value = value.encode("latin-1").decode("utf-16")
        except (UnicodeError, ValueError):
            return None
    value = value.replace("\x00", "").strip()
    return value or None
