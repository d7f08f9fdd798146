"""A PDF page read with PDFium (pypdfium2), shaped like a pdfplumber page.

pdfminer, under pdfplumber, parses content streams in Python: about 60 ms a
page, nearly all of a PDF's reading time. PDFium parses them in C++. This
module asks PDFium for the page's characters and painted paths and gives
them the shape pdfplumber's own objects have (``chars`` with x0/x1/top/bottom
in points from the top of the page; ``edges`` built by pdfplumber's
``obj_to_edges`` from the line, rect and curve objects pdfminer would have
made), so pdfplumber's table finder and text-line builder run on them
unchanged and give the same tables and lines.

A page this shaping does not cover (rotated, an offset or cropped media box,
text that is not upright, a Type 3 font) raises ``Unsupported``; the caller reads that page
with pdfplumber instead.
"""
from __future__ import annotations

import ctypes
import re

# PDFium's text page adds characters of its own (spaces, line breaks): flagged
# "generated", they are not in the content stream, so pdfminer has none.
_SHAPES_LINE = {"ml", "mlh"}
_SHAPES_RECT = {"mlllh", "mllll"}
_SUBPATH = re.compile(r"m[^m]+")


class Unsupported(Exception):
    """This page needs pdfplumber (rotation, offset boxes, rotated text, Type 3 fonts)."""


class ShapedPage:
    """One page's characters, edges and image count, in pdfplumber's coordinates.

    ``chars`` and ``edges`` are lists of dicts with the keys pdfplumber's
    ``TableFinder``, ``Table.extract`` and ``chars_to_textmap`` read; ``bbox``,
    ``width`` and ``height`` are the page's; ``image_count`` counts image
    objects (forms included), which tells a scanned page; ``image_cover`` is
    the share of the page the largest image covers.
    """

    def __init__(self, page):
        import pypdfium2.raw as raw
        if page.get_rotation() % 360:
            raise Unsupported("rotated page")
        media = tuple(page.get_mediabox())
        if media[:2] != (0, 0) or tuple(page.get_cropbox()) != media:
            raise Unsupported("offset or cropped page box")
        self.width, self.height = media[2], media[3]
        self.bbox = (0, 0, self.width, self.height)
        self.chars = _chars(page, self.height, raw)
        self.edges: list[dict] = []
        self.image_count = 0
        self.image_cover = 0.0          # share of the page the largest image covers
        objects = [(raw.FPDFPage_GetObject(page.raw, i), None)
                   for i in range(raw.FPDFPage_CountObjects(page.raw))]
        self._walk(objects, raw)

    def _walk(self, objects, raw) -> None:
        """Collect edges and images from page objects, descending into form XObjects."""
        from pdfplumber.utils import obj_to_edges
        stack = list(objects)
        while stack:
            obj, parent = stack.pop()
            kind = raw.FPDFPageObj_GetType(obj)
            matrix = _compose(_matrix_of(obj, raw), parent)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                stack.extend((raw.FPDFFormObj_GetObject(obj, i), matrix)
                             for i in range(raw.FPDFFormObj_CountObjects(obj)))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.image_count += 1
                self.image_cover = max(self.image_cover, self._cover(obj, parent, raw))
            elif kind == raw.FPDF_PAGEOBJ_PATH and _painted(obj, raw):
                for shape in _shapes(obj, matrix, self.height, raw):
                    self.edges.extend(obj_to_edges(shape))

    def filter(self, keep) -> list[dict]:
        """The page's characters that ``keep`` accepts."""
        return [c for c in self.chars if keep(c)]

    def _cover(self, obj, parent, raw) -> float:
        """The share of the page an image object covers (its bounds; 0 inside a form, not measured)."""
        if parent is not None:
            return 0.0
        box = [ctypes.c_float() for _ in range(4)]
        if not raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box)):
            return 0.0
        left, bottom, right, top = (v.value for v in box)
        return page_share(left, bottom, right, top, self.width, self.height)


def page_share(x0: float, y0: float, x1: float, y1: float, width: float, height: float) -> float:
    """The share of a ``width`` x ``height`` page that the box (x0, y0)-(x1, y1) covers, clipped to the page."""
    w = max(0.0, min(x1, width) - max(x0, 0.0))
    h = max(0.0, min(y1, height) - max(y0, 0.0))
    return w * h / (width * height) if width > 0 and height > 0 else 0.0


def _chars(page, height: float, raw) -> list[dict]:
    """The content stream's characters as pdfminer-shaped dicts, in content order.

    pdfminer boxes a character from its origin: x0 at the origin, x1 one
    advance further, the bottom at the font's descent below the baseline and
    the top one font size above the bottom. PDFium's loose box is that box
    (from the font's descent) for ordinary text; where it is not (it misplaces
    some vertically stacked cells), the box is rebuilt from the origin. A page
    with a Type 3 font (no base font name) is left to pdfplumber: the two
    libraries measure and map such glyphs differently.
    """
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        rect, tight = raw.FS_RECTF(), [ctypes.c_double() for _ in range(4)]
        m = raw.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        type3: dict = {}
        chars = []
        for i in range(raw.FPDFText_CountChars(tp)):
            if raw.FPDFText_IsGenerated(tp, i):
                continue
            code = raw.FPDFText_GetUnicode(tp, i)
            if code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            raw.FPDFText_GetMatrix(tp, i, ctypes.byref(m))
            if not 0 < m.a * m.d or m.b or m.c:
                raise Unsupported("text that is not upright")
            size = raw.FPDFText_GetFontSize(tp, i) * abs(m.d)
            raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
            raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
            x0, x1, y0 = rect.left, rect.right, rect.bottom
            if not _sane(rect, ox.value, oy.value, size):
                raw.FPDFText_GetCharBox(tp, i, *(ctypes.byref(v) for v in tight))
                x0 = ox.value
                x1 = x0 + (size if is_wide(code) else max(tight[1].value - tight[0].value, 0.0))
                y0 = oy.value
            elif _is_type3(raw.FPDFText_GetTextObject(tp, i), type3, raw):
                raise Unsupported("a Type 3 font")
            bottom = height - y0
            top = bottom - size
            chars.append({"object_type": "char", "text": chr(code), "x0": x0, "x1": x1,
                          "top": top, "bottom": bottom, "doctop": top, "y0": y0, "y1": y0 + size,
                          "width": x1 - x0, "height": size, "size": size, "upright": True})
        return chars
    finally:
        textpage.close()


def _sane(rect, x: float, y: float, size: float) -> bool:
    """Whether PDFium's loose box starts at the origin, spans the baseline and is about one character wide."""
    return abs(rect.left - x) < 0.5 and rect.right - rect.left <= 2 * size + 1 \
        and rect.bottom - 0.01 <= y <= rect.top + 0.01


def is_wide(code: int) -> bool:
    """CJK and full-width characters advance one em."""
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFF60 \
        or 0x3000 <= code <= 0x303F


def _is_type3(text_object, cache: dict, raw) -> bool:
    """Whether the text object's font is a Type 3 font (it has no base font name)."""
    font = raw.FPDFTextObj_GetFont(text_object)
    key = ctypes.cast(font, ctypes.c_void_p).value
    if key not in cache:
        cache[key] = raw.FPDFFont_GetBaseFontName(font, None, 0) <= 1
    return cache[key]


def _matrix_of(obj, raw) -> tuple:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple, outer) -> tuple:
    """``inner`` followed by ``outer`` (an object inside a form: the form's matrix applies last)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _painted(obj, raw) -> bool:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True
    return bool(fill.value or stroke.value)


def _path_ops(obj, matrix: tuple, raw) -> list[tuple[str, tuple[float, float]]]:
    """The path as pdfminer's operators (m, l, c, h), each with its end point in page space."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list = []
    start = None
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        pt = (round(a * x.value + c * y.value + e, 4), round(b * x.value + d * y.value + f, 4))
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            ops.append(("m", pt))
            start, bezier = pt, 0
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:          # two control points, then the end point
                ops.append(("c", pt))
        else:
            ops.append(("l", pt))
        if raw.FPDFPathSegment_GetClose(seg) and start is not None and pt != start:
            ops.append(("h", start))
    return ops


def _shapes(obj, matrix: tuple, height: float, raw) -> list[dict]:
    """pdfminer's objects for a painted path: a line, a rect or a curve per subpath."""
    return shapes_of_path(_path_ops(obj, matrix, raw), height)


def shapes_of_path(ops: list[tuple[str, tuple[float, float]]], height: float) -> list[dict]:
    """pdfminer's objects (a line, a rect or a curve per subpath) for a path given as operators
    (m, l, c, h) with their end points in PDF space; the OFD reader draws its table rules with it."""
    shape = "".join(op for op, _ in ops)
    out = []
    for m in _SUBPATH.finditer(shape):
        sub = ops[m.start():m.end()]
        kinds = shape[m.start():m.end()]
        pts = [pt for _, pt in sub]
        if kinds in _SHAPES_LINE:
            out.append(_shape("line", pts[:2], height))
        elif kinds in _SHAPES_RECT and _is_rect(pts):
            out.append(_shape("rect", pts, height))
        else:
            out.append(_shape("curve", pts, height))
    return out


def _is_rect(pts) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), p4 = pts[:5]
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return pts[0] == p4 and square


def _shape(kind: str, pts, height: float) -> dict:
    """A pdfplumber object dict (line, rect or curve) from points in PDF space."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    obj = {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1,
           "bottom": height - y0, "doctop": height - y1, "width": x1 - x0, "height": y1 - y0}
    if kind != "rect":
        obj["pts"] = [(x, height - y) for x, y in pts]
    return obj
