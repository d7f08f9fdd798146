"""OFD (GB/T 33190, the national fixed-layout format): pages read like a PDF's.

An OFD file is a zip of XML: ``OFD.xml`` names each document's root
(``DocRoot``), whose ``Document.xml`` lists the pages (``Pages/Page``,
``BaseLoc``) and template pages; each page's ``Content.xml`` holds layers of
objects placed in millimetres from the top-left corner. Text is in
``TextObject``s (``Boundary``, optional ``CTM``, ``Size``) as ``TextCode``
runs whose first character sits at ``X``, ``Y`` (the baseline) and each next
one ``DeltaX`` / ``DeltaY`` further (``g N d`` repeats ``d`` N times); table
rules are ``PathObject``s (``AbbreviatedData``: M/S move, L line, B/Q/A curves,
C close).

No PyPI library reads this well enough for us: easyofd (the maintained one)
draws OFD to PDF through PyMuPDF (AGPL) and returns no character positions.
The text and path objects are a small, well-defined part of the standard, so
they are read here with lxml and turned into the character and edge dicts
pdfplumber uses (``pdfium_page``); the PDF reader's table finder, line
builder and page flow then run on them unchanged. A page that holds only
images (a scan saved as OFD) has its largest image (``MultiMedia`` of the
document's, public or page resources) read by OCR when the ``ocr`` extra is
installed, as a page image would be.
"""
from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib

from ..errors import InputError
from ..report import Document
from .pdfium_page import is_wide, shapes_of_path

PT_PER_MM = 72.0 / 25.4
_DESCENT = 0.12              # share of the font size below the baseline (as pdfminer boxes a glyph)
_A4 = (0.0, 0.0, 210.0, 297.0)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "S": 2, "L": 2, "B": 6, "Q": 4, "A": 7, "C": 0}
_RESAVE = "open it in an OFD reader (e.g. 数科OFD or WPS) and export it to PDF"


def read_ofd(data: bytes) -> Document:
    """Read an OFD file into a Document (text, grids, page offsets), as the PDF reader would."""
    from .docx import check_zip
    from .pdf import MAX_PAGES, PageFlow, page_items
    from .pdf_engines import PdfiumPage
    check_zip(data, required=None, label=".ofd")
    package = OfdPackage(zipfile.ZipFile(io.BytesIO(data)))
    flow, scans = PageFlow(), None
    for number, page in enumerate(package.pages(), 1):
        if number > MAX_PAGES:
            flow.warnings.append(f"only the first {MAX_PAGES} pages were read")
            break
        flow.out.page(number)
        items = page_items(PdfiumPage(page)) if page.chars else []
        images = page.image_count
        if not items and page.images:            # a scanned page: OCR its image when OCR can run
            scans = scans or OfdScans()
            items = _scanned_items(package, page, number, scans, flow.warnings)
            images = 0 if items else 1
        flow.add_page(number, items, images)
    flow.finish()
    if not flow.out.text.strip():
        if flow.scanned and scans is not None and not scans.enabled:
            from .ocr import missing_ocr_error
            raise missing_ocr_error("this OFD file holds page images (a scan), no text", scans.failure)
        if flow.scanned:
            raise InputError("this OFD file holds page images (a scan) and OCR found no text on them",
                             _RESAVE + ", then check the scan is legible")
        raise InputError("no text could be read from this OFD file", _RESAVE)
    warnings = package.warnings + flow.warnings + (scans.warnings() if scans else [])
    if flow.scanned:
        listed = ", ".join(map(str, flow.scanned))
        warnings.append(f"pages {listed} are images on which OCR found no text" if scans and scans.enabled else
                        f"pages {listed} are images without text (scanned?): their content is missing; "
                        'pip install "gisnlp[ocr]" to OCR them')
    doc = Document(text=flow.out.text, format="ofd", grids=flow.out.grids, pages=flow.out.pages,
                   title=package.title, warnings=warnings, encoding=None)
    if scans is not None and scans.done:
        from .ocr_align import confidence_runs
        doc.ocr, doc.confidence = True, confidence_runs(doc.text, doc.pages, scans.done)
    return doc


def _scanned_items(package, page, number: int, scans, warnings: list) -> list:
    """The items of a page that holds only images: its largest image OCR'd ([] when OCR cannot run,
    the image is missing or undecodable — said in ``warnings`` — or holds no text)."""
    from .pdf import page_items
    image = package.media(max(page.images)[1]) if scans.enabled else None
    if image is None:
        return []
    try:
        ocr = scans.page(image, number)
    except InputError as e:
        warnings.append(f"page {number}: {e.what}")
        return []
    return page_items(ocr) if ocr is not None else []


class OfdScans:
    """OCR of the images of scanned OFD pages (``enabled`` says whether an engine can run here)."""

    def __init__(self):
        from .ocr import load_failure, settings
        self.failure = load_failure()
        self.enabled = self.failure is None
        self.conf = settings() if self.enabled else {}
        self.done: dict = {}                    # page number -> OcrPage

    def page(self, data: bytes, number: int):
        """The OCR'd page of an image's bytes (None past ``max_pages``)."""
        from .image import frame_rgb, open_checked
        from .ocr_page import ocr_page
        if len(self.done) >= int(self.conf.get("max_pages", 100)):
            return None
        image = open_checked(data, "OFD page", float(self.conf.get("max_pixels", 6e7)))
        rgb, scale = frame_rgb(image, 0, "OFD page", float(self.conf.get("image_page_width_pt", 595.0)))
        self.done[number] = page = ocr_page(rgb, scale, number)
        return page

    def warnings(self) -> list[str]:
        """Warnings of the OCR'd pages (stamps removed)."""
        return [w for page in self.done.values() for w in page.warnings]


class OfdPackage:
    """The first document of an OFD package: its title and its pages, read in order."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.warnings: list[str] = []
        names = set(zf.namelist())
        if "OFD.xml" not in names:
            raise InputError("this zip file is not an OFD document (no OFD.xml)", "give a .ofd, .pdf or .docx file")
        root = self.xml("OFD.xml")
        body = root.find("{*}DocBody")
        loc = body.findtext("{*}DocRoot") if body is not None else None
        if not loc:
            raise InputError("the OFD file names no document (no DocBody/DocRoot)", _RESAVE)
        self.title = ((body.findtext("{*}DocInfo/{*}Title") or "").strip() or None)
        self.doc_path = _join("", loc)
        self.doc = self.xml(self.doc_path)
        self.box = _box(self.doc.findtext("{*}CommonData/{*}PageArea/{*}PhysicalBox")) or _A4
        self.templates = {t.get("ID"): _join(self.doc_path, t.get("BaseLoc", ""))
                          for t in self.doc.iterfind("{*}CommonData/{*}TemplatePage")}
        self.media_files: dict[str, str] = {}
        for kind in ("PublicRes", "DocumentRes"):
            for loc in self.doc.iterfind(f"{{*}}CommonData/{{*}}{kind}"):
                self._add_resources(_join(self.doc_path, loc.text or ""))

    def _add_resources(self, path: str) -> None:
        """Record the media files (images) a resource file declares: ID -> path in the package."""
        try:
            res = self.xml(path)
        except InputError:
            return                          # resources only matter for scanned pages
        folder = _join(path, res.get("BaseLoc", "") or ".")
        for m in res.iterfind("{*}MultiMedias/{*}MultiMedia"):
            name = m.findtext("{*}MediaFile")
            if m.get("ID") and name:
                self.media_files[m.get("ID")] = _in_folder(folder, name)

    def media(self, resource_id: str) -> bytes | None:
        """The bytes of the media file (an image) with ``resource_id``, or None."""
        path = self.media_files.get(resource_id)
        try:
            return self.zf.read(path) if path else None
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError,
                zlib.error):
            return None

    def xml(self, name: str):
        """A member parsed as XML (no entities, no network); InputError when missing or not XML."""
        from lxml import etree
        try:
            data = self.zf.read(name)
        except KeyError:
            raise InputError(f"the OFD file lacks its part {name}", _RESAVE) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error) as e:
            raise InputError(f"the OFD file is corrupt ({name}: {e})", "download it again, or " + _RESAVE) from None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
        root = etree.fromstring(data, parser)
        if root is None:
            raise InputError(f"the OFD part {name} is not XML", _RESAVE)
        return root

    def pages(self):
        """Each page as a ``PageObjects`` (template pages' objects first), in document order."""
        for ref in self.doc.iterfind("{*}Pages/{*}Page"):
            path = _join(self.doc_path, ref.get("BaseLoc", ""))
            try:
                content = self.xml(path)
            except InputError as e:
                self.warnings.append(f"a page could not be read ({e.what})")
                continue
            for loc in content.iterfind("{*}PageRes"):
                self._add_resources(_join(path, loc.text or ""))
            box = _box(content.findtext("{*}Area/{*}PhysicalBox")) or self.box
            page = PageObjects(box)
            for tpl in content.iterfind("{*}Template"):
                loc = self.templates.get(tpl.get("TemplateID"))
                if loc:
                    try:
                        page.add(self.xml(loc).find("{*}Content"))
                    except InputError as e:
                        self.warnings.append(f"a template page could not be read ({e.what})")
            page.add(content.find("{*}Content"))
            yield page


class PageObjects:
    """One page's characters, edges and image count in pdfplumber's shape (points, from the top).

    It offers what ``pdf_engines.PdfiumPage`` asks of a PDFium ``ShapedPage``:
    ``chars``, ``edges``, ``bbox``, ``width``, ``height``, ``image_count`` and ``filter``.
    """

    def __init__(self, box: tuple):
        self.origin = box[:2]
        self.width, self.height = box[2] * PT_PER_MM, box[3] * PT_PER_MM
        self.bbox = (0, 0, self.width, self.height)
        self.chars: list[dict] = []
        self.edges: list[dict] = []
        self.image_count = 0
        self.images: list[tuple[float, str]] = []       # (area in mm², resource ID) of each image object

    def filter(self, keep) -> list[dict]:
        """The page's characters that ``keep`` accepts."""
        return [c for c in self.chars if keep(c)]

    def add(self, content) -> None:
        """Add the objects of a ``Content`` element (its layers and nested page blocks)."""
        if content is None:
            return
        for el in content.iter("{*}TextObject", "{*}PathObject", "{*}ImageObject"):
            kind = el.tag.rsplit("}", 1)[-1]
            try:
                if kind == "TextObject":
                    self._text(el)
                elif kind == "PathObject":
                    self._path(el)
                else:
                    self.image_count += 1
                    box = _box(el.get("Boundary")) or (0, 0, 0, 0)
                    self.images.append((box[2] * box[3], el.get("ResourceID", "")))
            except (ValueError, TypeError, IndexError, ZeroDivisionError):
                continue               # one malformed object loses itself, not the page

    def _place(self, el):
        """A function mapping the object's own coordinates (mm) to page points from the top."""
        x0, y0 = _box(el.get("Boundary"))[:2]
        a, b, c, d, e, f = _ctm(el.get("CTM"))
        ox, oy = self.origin

        def place(x: float, y: float) -> tuple[float, float]:
            return ((x0 + a * x + c * y + e - ox) * PT_PER_MM, (y0 + b * x + d * y + f - oy) * PT_PER_MM)
        return place, math.sqrt(abs(a * d - b * c)) or 1.0

    def _text(self, el) -> None:
        """The characters of a TextObject, one dict each, at their pen positions."""
        place, scale = self._place(el)
        size = float(el.get("Size", "3.5")) * scale * PT_PER_MM
        x = y = 0.0
        for code in el.iterfind("{*}TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            dx = _deltas(code.get("DeltaX"))
            dy = _deltas(code.get("DeltaY"))
            for i, ch in enumerate(text):
                px, py = place(x, y)
                step = dx[i] * scale * PT_PER_MM if i < len(dx) else None
                if not ch.isspace():
                    self.chars.append(_char(ch, px, py, size, step))
                if i < len(text) - 1:
                    x += dx[i] if i < len(dx) else 0.0
                    y += dy[i] if i < len(dy) else 0.0

    def _path(self, el) -> None:
        """The edges of a stroked or filled PathObject (table rules)."""
        from pdfplumber.utils import obj_to_edges
        if el.get("Stroke", "true") == "false" and el.get("Fill", "false") == "false":
            return
        place, _ = self._place(el)
        ops = []
        start = None
        tokens = _PATH_TOKEN.findall(el.findtext("{*}AbbreviatedData") or "")
        i = 0
        while i < len(tokens):
            op = tokens[i].upper()
            n = _ARGS.get(op)
            if n is None:
                i += 1
                continue
            args = [float(t) for t in tokens[i + 1:i + 1 + n]]
            i += 1 + n
            if op == "C":
                if start is not None:
                    ops.append(("h", start))
                continue
            if len(args) < n:
                break
            px, py = place(args[-2], args[-1])
            point = (round(px, 4), round(self.height - py, 4))      # PDF space: y up
            if op in ("M", "S"):
                start = point
            ops.append(({"M": "m", "S": "m", "L": "l"}.get(op, "c"), point))
        for shape in shapes_of_path(ops, self.height):
            self.edges.extend(obj_to_edges(shape))


def _char(ch: str, x: float, baseline: float, size: float, step: float | None) -> dict:
    """A pdfminer-shaped character dict: from the pen position, one advance wide, one size tall.

    The advance is the step to the next character when that is at most about
    an em (a wider step is letter spacing or a gap); else an em for CJK and
    full-width characters, half an em for others.
    """
    if step is not None and 0 < step <= 1.05 * size:
        width = step
    else:
        width = size if is_wide(ord(ch)) else size * 0.5
    bottom = baseline + _DESCENT * size
    top = bottom - size
    return {"object_type": "char", "text": ch, "x0": x, "x1": x + width, "top": top, "bottom": bottom,
            "doctop": top, "y0": 0.0, "y1": size, "width": width, "height": size, "size": size, "upright": True}


def _deltas(value: str | None) -> list[float]:
    """A DeltaX / DeltaY list with ``g N d`` expanded to N times ``d``."""
    if not value:
        return []
    tokens = value.split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 100_000))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _box(value: str | None) -> tuple | None:
    """An OFD box "x y w h" as four floats, or None."""
    nums = [float(n) for n in _NUMBER.findall(value or "")]
    return tuple(nums[:4]) if len(nums) >= 4 else None


def _ctm(value: str | None) -> tuple:
    """An object's transformation matrix "a b c d e f" (identity when absent or malformed)."""
    nums = [float(n) for n in _NUMBER.findall(value or "")]
    return tuple(nums[:6]) if len(nums) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _join(base: str, loc: str) -> str:
    """A location inside the package: absolute from the root ("/Doc_0/..."), else relative to ``base``'s folder."""
    return _in_folder(posixpath.dirname(base), loc)


def _in_folder(folder: str, loc: str) -> str:
    """A location inside the package: absolute from the root ("/Doc_0/..."), else relative to ``folder``."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, loc))
