"""OCR of page images and scanned PDFs (issue 18): one small page rendered at test time.

The page is drawn here with Pillow (a CJK system font): a title, a sentence
with a count, and a small ruled table. It is OCR'd a few times (PNG, image-only
PDF, two-page TIFF, with a red stamp); the layout, stamp, skew and confidence
helpers are also tested on synthetic data without OCR.
"""
from __future__ import annotations

import io
import os

import numpy as np
import pytest

from gisnlp.errors import InputError
from gisnlp.readers import read_bytes

FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TITLE = "白沙镇人民政府2022年政府信息公开工作年度报告"
SENTENCE = "全年主动公开政府信息1356条，办理申请27件。"
TABLE = [("事项", "新收", "办结"), ("自然人申请", "27", "25"), ("法人申请", "8", "6")]


def _font(size):
    from PIL import ImageFont
    for path in FONTS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")


def draw_page(stamp: bool = False):
    """A 1100x800 page (about 130 dpi): title, one sentence, a 3x3 ruled table."""
    from PIL import Image, ImageDraw
    page = Image.new("RGB", (1100, 800), "white")
    draw = ImageDraw.Draw(page)
    font = _font(28)
    draw.text((80, 60), TITLE, fill="black", font=font)
    draw.text((80, 140), SENTENCE, fill="black", font=font)
    xs, top, row_h = (80, 480, 760, 1020), 240, 70
    for r in range(len(TABLE) + 1):
        draw.line((xs[0], top + r * row_h, xs[-1], top + r * row_h), fill="black", width=2)
    for x in xs:
        draw.line((x, top, x, top + len(TABLE) * row_h), fill="black", width=2)
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            draw.text((xs[c] + 20, top + r * row_h + 18), text, fill="black", font=font)
    if stamp:
        ink = Image.new("L", page.size, 0)
        ImageDraw.Draw(ink).ellipse((600, 200, 900, 500), outline=255, width=14)
        ImageDraw.Draw(ink).text((650, 330), "专用章", fill=255, font=_font(60))
        a = np.asarray(ink, dtype=np.float32)[:, :, None] / 255.0
        rgb = np.asarray(page, dtype=np.float32)
        page = Image.fromarray((rgb * (1 - a) + rgb * np.array([0.85, 0.12, 0.12]) * a).astype(np.uint8))
    return page


def encode(images, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format=fmt, save_all=len(images) > 1, append_images=images[1:], **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def ocr_ready():
    from gisnlp.readers.ocr import load_failure
    failure = load_failure()
    if failure is not None:
        pytest.skip(f"no OCR engine here: {failure}")


@pytest.fixture(scope="module")
def png_doc(ocr_ready):
    return read_bytes(encode([draw_page()], "PNG"), ext=".png")


def _compact(text: str) -> str:
    return "".join(text.split())


def test_png_is_read_with_its_table_as_a_grid(png_doc):
    assert png_doc.ocr and png_doc.format == "image" and png_doc.pages == [(0, 1)]
    text = _compact(png_doc.text)
    assert "1356条" in text and "政府信息公开工作年度报告" in text
    assert len(png_doc.grids) == 1
    rows = [[c.text for c in row] for row in png_doc.grids[0].rows]
    assert rows[1] == ["自然人申请", "27", "25"] and rows[2] == ["法人申请", "8", "6"]
    assert "自然人申请\t27\t25" in png_doc.text          # rendered as a tab-separated row


def test_every_read_character_has_a_confidence(png_doc):
    covered = sum(e - s for s, e, _ in png_doc.confidence)
    assert covered >= 0.8 * len(_compact(png_doc.text))
    assert all(0.0 < c <= 1.0 for _, _, c in png_doc.confidence)


def test_scanned_pdf_and_two_page_tiff_read_like_the_png(ocr_ready, png_doc):
    page = draw_page()
    pdf = read_bytes(encode([page], "PDF", resolution=130.0))
    assert pdf.ocr and pdf.format == "pdf" and _compact(pdf.text) == _compact(png_doc.text)
    tiff = read_bytes(encode([page, page], "TIFF", compression="tiff_deflate"), ext=".tif")
    assert [n for _, n in tiff.pages] == [1, 2] and _compact(tiff.text).count("1356条") == 2


def test_red_stamp_over_the_table_is_a_warning_not_a_crash(ocr_ready):
    doc = read_bytes(encode([draw_page(stamp=True)], "JPEG", quality=90), ext=".jpg")
    assert any("stamp" in w for w in doc.warnings)
    assert "专用章" not in doc.text and "自然人申请\t27\t25" in doc.text


def test_analyze_sets_meta_ocr_and_fact_confidence(ocr_ready):
    import gisnlp
    report = gisnlp.analyze(encode([draw_page()], "PNG"))
    assert report.meta.ocr is True
    fact = next(f for f in report.facts if f.value == 1356)
    assert fact.confidence is not None and 0.5 < fact.confidence <= 1.0
    assert report.to_dict()["meta"]["ocr"] is True
    assert gisnlp.Report.from_dict(report.to_dict()).facts[0].confidence == report.facts[0].confidence


def test_each_scanned_page_is_announced_to_a_listener_only(ocr_ready, capsys):
    """OCR takes seconds a page: a listener (the CLI on a terminal) hears page k of n; without one
    the library prints nothing."""
    from gisnlp.readers.ocr_progress import listening
    heard = []
    with listening(lambda number, total: heard.append((number, total))):
        doc = read_bytes(encode([draw_page()], "PDF", resolution=130.0))
    assert doc.ocr and heard == [(1, 1)]
    read_bytes(encode([draw_page()], "PDF", resolution=130.0))
    assert heard == [(1, 1)] and capsys.readouterr() == ("", "")


# --- without OCR, bad images ---------------------------------------------------------------
def test_without_the_extra_a_scan_names_the_extra(monkeypatch):
    from gisnlp.readers import ocr, ocr_page
    missing = lambda name=None: ModuleNotFoundError("rapidocr_onnxruntime")   # noqa: E731
    monkeypatch.setattr(ocr, "load_failure", missing)
    monkeypatch.setattr(ocr_page, "load_failure", missing)
    page = draw_page()
    with pytest.raises(InputError, match=r"PNG image.*gisnlp\[ocr\]") as err:
        read_bytes(encode([page], "PNG"), ext=".png")
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match=r"scanned PDF.*gisnlp\[ocr\]") as err:
        read_bytes(encode([page], "PDF", resolution=130.0))
    assert "\n" not in str(err.value)


def test_tiff_frame_bomb_is_refused_before_decoding(ocr_ready, monkeypatch):
    from gisnlp.readers import ocr
    monkeypatch.setitem(ocr.settings(), "max_pixels", 500_000)      # the page itself is 880,000 pixels
    with pytest.raises(InputError, match="TIFF image declares 1100×800 pixels"):
        read_bytes(encode([draw_page()], "TIFF"), ext=".tiff")


def test_truncated_png_is_one_line(ocr_ready):
    with pytest.raises(InputError, match="PNG image") as err:
        read_bytes(encode([draw_page()], "PNG")[:3000], ext=".png")
    assert "\n" not in str(err.value)


# --- helpers without OCR -------------------------------------------------------------------
def _word_chars(words):
    """Char dicts for (text, x0, top) words, 20 pt high, 10 pt per character."""
    out = []
    for index, (text, x0, top) in enumerate(words):
        for k, ch in enumerate(text):
            out.append({"text": ch, "x0": x0 + 10 * k, "x1": x0 + 10 * (k + 1), "top": top, "bottom": top + 20,
                        "word": index, "confidence": 0.9})
    return out


def test_rows_split_far_words_by_tabs_and_join_near_ones():
    from gisnlp.readers.ocr_layout import row_line, rows
    chars = _word_chars([("新收申请", 50, 100), ("27", 300, 102), ("25", 400, 98), ("合计", 50, 140),
                         ("ab", 80, 140), ("cd", 108, 141)])
    lines = [row_line(r, {"tab_gap": 1.2, "space_gap": 0.35})["text"] for r in rows(chars)]
    assert lines == ["新收申请\t27\t25", "合计ab cd"]


@pytest.mark.parametrize("text,expected", [("o", "0"), ("１０", "10"), ("1O5", "105"), ("|21", "21"),
                                           ("国", "国"), ("Io", "10"), ("ok", "ok"), ("|", None)])
def test_number_lookalikes_become_digits(text, expected):
    from gisnlp.readers.ocr import OcrWord, even_chars
    from gisnlp.readers.ocr_words import fix_digits
    word = OcrWord(text, 0, 10, 0, 10, 0.9, even_chars(text, 0, 10, 0, 10, 0.9))
    fixed = fix_digits(word, {"o": "0", "O": "0", "l": "1", "I": "1"}, "|")
    assert (fixed.text if fixed else None) == expected


def test_skew_is_measured_and_red_round_stamps_removed():
    import cv2
    from gisnlp.readers.ocr import settings
    from gisnlp.readers.ocr_prep import remove_stamps, rotate, skew_angle, to_gray
    page = np.full((1000, 800, 3), 255, np.uint8)
    for y in range(100, 900, 40):
        cv2.rectangle(page, (100, y), (700, y + 14), (0, 0, 0), -1)        # lines of "text"
    turned = rotate(page, 2.0)
    assert abs(skew_angle(to_gray(turned), settings()["deskew"]) + 2.0) <= 0.2
    cv2.circle(page, (400, 500), 120, (200, 30, 30), 12)                    # a stamp's ring
    cv2.rectangle(page, (100, 40), (700, 60), (200, 30, 30), -1)            # a red header rule: kept
    clean, fraction = remove_stamps(page, settings()["stamp"])
    assert fraction > 0.005 and tuple(clean[500, 280]) == (255, 255, 255)
    assert tuple(clean[50, 400]) == (200, 30, 30) and tuple(clean[107, 300]) == (0, 0, 0)


def test_ocr_confidence_lowers_cells_and_sets_facts():
    from gisnlp.ocr_confidence import apply
    from gisnlp.report import Cell, Fact, Report
    report = Report(doc_id="x", text="申请27件，办结25件")
    report.ocr_confidence = [(0, 2, 0.99), (2, 4, 0.6), (4, 9, 0.95), (9, 11, 0.8)]
    report.cells = [Cell("t3.new.total", 27, "27", 2, 4, confidence=0.9)]
    report.facts = [Fact(2, 5, "27件", 27), Fact(9, 12, "25件", 25)]
    apply(report)
    assert report.cells[0].confidence == pytest.approx(0.54)
    assert [f.confidence for f in report.facts] == [0.6, 0.8]
    plain = Report(doc_id="y", text="申请27件", facts=[Fact(2, 5, "27件", 27)])
    assert apply(plain).facts[0].confidence is None


def test_tesseract_engine_reads_the_page_too():
    import shutil
    from gisnlp.readers.ocr import load_failure
    if not shutil.which("tesseract") or load_failure("tesseract") is not None:
        pytest.skip("tesseract (Debian tesseract-ocr-chi-sim) or pytesseract is not installed")
    from gisnlp.readers.ocr import get_engine
    words = get_engine("tesseract").recognise(np.asarray(draw_page()))
    assert "1356" in "".join(w.text for w in words) and all(0 <= w.confidence <= 1 for w in words)


def test_boxes_over_two_cells_or_two_rows_are_cut():
    from gisnlp.readers.ocr import OcrChar, OcrWord
    from gisnlp.readers.ocr_glyphs import split_tall_boxes
    from gisnlp.readers.ocr_words import split_at_gaps
    chars = [OcrChar("1", 0, 10, 0, 20, 0.9), OcrChar("2", 10, 20, 0, 20, 0.8), OcrChar("0", 60, 70, 0, 20, 0.7)]
    pieces = split_at_gaps(OcrWord("120", 0, 70, 0, 20, 0.8, chars), gap=1.2)
    assert [(p.text, p.confidence) for p in pieces] == [("12", 0.8), ("0", 0.7)]
    line = np.array([[0, 0], [200, 0], [200, 30], [0, 30]], np.float32)
    stacked = np.array([[300, 0], [330, 0], [330, 62], [300, 62]], np.float32)     # a 0 above a 0
    cut = split_tall_boxes([line, line + 40, stacked], tall=1.7)
    assert len(cut) == 4 and [round(float(b[:, 1].max() - b[:, 1].min())) for b in cut[2:]] == [31, 31]


def test_noisy_shaded_row_gives_its_sides_and_no_false_rules():
    import cv2
    from gisnlp.readers.ocr import settings
    from gisnlp.readers.ocr_rules import ruling_edges
    rng = np.random.default_rng(0)
    page = np.full((900, 1200), 255, np.float32)
    page[200:300, 100:1100] = 214                                   # a tinted caption row
    page += rng.normal(0, 12, page.shape)
    gray = page.clip(0, 255).astype(np.uint8)
    for y in (200, 300, 400, 500):
        cv2.line(gray, (100, y), (1100, y), 0, 2)
    for x in (100, 600, 1100):
        cv2.line(gray, (x, 300 if x == 600 else 200), (x, 500), 0, 2)
    edges = ruling_edges(gray, [], 1.0, settings()["rules"])
    inner = [e for e in edges if e["orientation"] == "v" and 120 < e["x0"] < 1080 and e["bottom"] <= 300]
    assert inner == []                                               # nothing splits the shaded row
    xs = {round(e["x0"] / 10) for e in edges if e["orientation"] == "v"}
    assert {10, 60, 110} <= xs


# --- labels wrapped in narrow columns (a borderless table set by a word processor) -----------------
WRAPPED = [("二、上年结转申请数量", ("4", "1", "5")), ("三、本年度办理结果", ("41", "5", "49")),
           ("四、结转下年度继续办理", ("3", "0", "3"))]


def draw_wrapped_table():
    """A borderless table whose label column is two characters wide: each label wraps over lines
    below its row, top-aligned with the row's numbers (as LibreOffice sets a narrow .doc column)."""
    from PIL import Image, ImageDraw
    page = Image.new("RGB", (1000, 1000), "white")
    draw, font, line = ImageDraw.Draw(page), _font(28), 34
    draw.text((80, 60), "三、收到和处理政府信息公开申请情况", fill="black", font=font)
    top = 140
    for label, values in WRAPPED:
        pieces = [label[k:k + 2] for k in range(0, len(label), 2)]
        for k, piece in enumerate(pieces):
            draw.text((80, top + k * line), piece, fill="black", font=font)
        for c, value in enumerate(values):
            draw.text((400 + 180 * c, top), value, fill="black", font=font)
        top += len(pieces) * line + 40
    return page


def test_wrapped_labels_rejoin_their_row_in_a_drawn_table(ocr_ready):
    doc = read_bytes(encode([draw_wrapped_table()], "PNG"), ext=".png")
    text = doc.text.replace(" ", "")
    for label, values in WRAPPED:     # each label whole (its enumerator aside), right before its numbers
        assert "\t".join((label[2:],) + values) in text, doc.text
    assert "\n结转" not in text and "\n本年" not in text


def test_wrapped_label_lines_join_the_label_above_not_other_text():
    from gisnlp.readers.ocr_layout import row_line, rows
    from gisnlp.readers.ocr_wrap import join_wrapped_labels
    chars = _word_chars([("二、", 50, 100), ("4", 300, 100), ("5", 400, 100), ("上年", 50, 122),
                         ("结转", 50, 144), ("三、", 50, 190), ("41", 300, 190), ("本年", 50, 212),
                         ("第二十条第（五）项信息内容", 50, 234)])      # wide: not a label piece
    lines = [row_line(r, {"tab_gap": 1.2, "space_gap": 0.35})["text"] for r in join_wrapped_labels(rows(chars), 0.5)]
    assert lines == ["二、上年结转\t4\t5", "三、本年\t41", "第二十条第（五）项信息内容"]
    spaced = _word_chars([("二、", 50, 100), ("4", 300, 100), ("上年", 50, 140)])      # a paragraph gap below
    assert len(join_wrapped_labels(rows(spaced), 0.5)) == 2


def test_flat_boxes_grow_to_a_line_and_enumerators_get_their_numeral():
    from gisnlp.readers.ocr import OcrWord, even_chars
    from gisnlp.readers.ocr_glyphs import grow_flat_boxes
    from gisnlp.readers.ocr_words import fix_enumerator
    line = np.array([[0, 0], [200, 0], [200, 40], [0, 40]], np.float32)
    sliver = np.array([[300, 14], [314, 14], [314, 27], [300, 27]], np.float32)       # middle of a thin 1
    grown = grow_flat_boxes([line, line + 50, sliver], flat=0.6)
    assert grown[0] is line and grown[2].min(axis=0).tolist() == [297.0, 0.5] and grown[2].max(axis=0).tolist() == [317.0, 40.5]
    words = [OcrWord(t, 0, 10, 0, 10, 0.9, even_chars(t, 0, 10, 0, 10, 0.9)) for t in ("（-", "(=", "-1", "（三")]
    fixed = [fix_enumerator(w, {"-": "一", "=": "二"}, "（(").text for w in words]
    assert fixed == ["（一", "(二", "-1", "（三"]


def test_a_line_under_a_label_read_glued_to_its_number_stays_apart():
    from gisnlp.readers.ocr_layout import rows
    from gisnlp.readers.ocr_wrap import join_wrapped_labels
    chars = _word_chars([("行政规范性文件62", 50, 100), ("47", 300, 100), ("第二十条", 50, 122)])
    assert len(join_wrapped_labels(rows(chars), 0.5)) == 2


# --- scans with a stray text line ----------------------------------------------------------------
def scan_with_text_pdf(image, text: str) -> bytes:
    """A one-page PDF: ``image`` (JPEG) over the whole page and ``text`` in small type at its foot,
    as scanning apps stamp their name on every page."""
    jpg = encode([image], "JPEG", quality=90)
    w, h = image.size[0] * 72 / 130, image.size[1] * 72 / 130
    content = f"q {w:.1f} 0 0 {h:.1f} 0 0 cm /Im1 Do Q BT /F1 7 Tf 20 8 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
            b"/Filter /DCTDecode /Length %d >>\nstream\n" % (image.size[0], image.size[1], len(jpg)) + jpg + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Page /Parent 5 0 R /MediaBox [0 0 %.1f %.1f] /Resources << /Font << /F1 1 0 R >> "
            b"/XObject << /Im1 2 0 R >> >> /Contents 3 0 R >>" % (w, h),
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", b"<< /Type /Catalog /Pages 5 0 R >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_a_scan_with_a_watermark_line_is_read_by_ocr(ocr_ready, png_doc):
    doc = read_bytes(scan_with_text_pdf(draw_page(), "Scanned by ScanApp"))
    assert doc.ocr and "自然人申请\t27\t25" in doc.text and "1356条" in _compact(doc.text)


def test_a_scan_with_a_watermark_line_without_ocr_says_so(monkeypatch):
    from gisnlp.readers import ocr, ocr_page
    missing = lambda name=None: ModuleNotFoundError("rapidocr_onnxruntime")   # noqa: E731
    monkeypatch.setattr(ocr, "load_failure", missing)
    monkeypatch.setattr(ocr_page, "load_failure", missing)
    doc = read_bytes(scan_with_text_pdf(draw_page(), "Scanned by ScanApp"))
    assert not doc.ocr and "Scanned by ScanApp" in doc.text
    assert any(w.startswith("page 1 is a page image with only a few words of text") for w in doc.warnings)


# --- phone photos --------------------------------------------------------------------------------
def photo_of(page, background=(90, 84, 78)):
    """``page`` as photographed at an angle on a desk: the sheet's top narrower than its foot, a shadow."""
    import cv2
    src = np.asarray(page)
    h, w = src.shape[:2]
    W, H = int(w * 1.2), int(h * 1.25)
    corners = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    placed = np.float32([(0.16 * W, 0.1 * H), (0.86 * W, 0.12 * H), (0.95 * W, 0.9 * H), (0.05 * W, 0.88 * H)])
    photo = cv2.warpPerspective(src, cv2.getPerspectiveTransform(corners, placed), (W, H),
                                borderMode=cv2.BORDER_CONSTANT, borderValue=background)
    light = np.linspace(0.7, 1.0, W, dtype=np.float32)[None, :, None]
    return (photo.astype(np.float32) * light).clip(0, 255).astype(np.uint8)


def test_photo_of_a_sheet_is_flattened_and_a_scan_left_alone():
    from gisnlp.readers.ocr import settings
    from gisnlp.readers.ocr_prep import flatten_photo
    page = draw_page()
    conf = settings()["photo"]
    assert flatten_photo(np.asarray(page), conf) is None                       # a scan fills its image
    flat = flatten_photo(photo_of(page), conf)
    assert flat is not None
    h, w = flat.shape[:2]
    assert abs(w / h - 1100 / 800) < 0.15                                     # the sheet's proportions again


def test_photo_of_a_page_reads_its_table(ocr_ready):
    from PIL import Image
    doc = read_bytes(encode([Image.fromarray(photo_of(draw_page()))], "JPEG", quality=85), ext=".jpg")
    assert "自然人申请\t27\t25" in doc.text and "法人申请\t8\t6" in doc.text


def test_scanned_ofd_page_is_read_by_ocr(ocr_ready, png_doc):
    from test_readers_formats import make_ofd
    image = '<ofd:ImageObject Boundary="0 0 210 153" CTM="210 0 0 153 0 0" ResourceID="7"/>'
    data = make_ofd(image, template="", media={"7": ("page1.png", encode([draw_page()], "PNG"))})
    doc = read_bytes(data, ext=".ofd")
    assert doc.ocr and doc.format == "ofd" and doc.confidence
    assert _compact(doc.text) == _compact(png_doc.text)


def test_scanned_pdf_with_a_few_text_pages_reads_both(ocr_ready, png_doc):
    import pypdfium2 as pdfium
    from test_readers import make_pdf, text_op
    text = pdfium.PdfDocument(make_pdf([text_op(72, 760, "Cover page with a text layer")]))
    scan = pdfium.PdfDocument(encode([draw_page(), draw_page()], "PDF", resolution=130.0))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text)
    mixed.import_pages(scan)
    buf = io.BytesIO()
    mixed.save(buf)
    doc = read_bytes(buf.getvalue())
    assert doc.ocr and [n for _, n in doc.pages] == [1, 2, 3]
    assert doc.text.startswith("Cover page with a text layer")
    assert _compact(doc.text).count("1356条") == 2 and doc.text.count("自然人申请\t27\t25") == 2
