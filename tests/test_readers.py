"""Readers: text encodings, HTML, DOCX and PDF into Documents with grids and offsets.

The PDFs are written by hand below (a tiny PDF writer: Helvetica text, ruled
tables drawn with lines), the DOCX files with python-docx, the HTML as strings.
"""
import io

import pytest

from gisnlp.errors import InputError
from gisnlp.readers import read_bytes, read_path, sniff
from gisnlp.readers.html import read_html
from gisnlp.readers.text import decode

REPORT = "某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息1,234条，同比增长5.2%。\n"


# --- a minimal PDF writer for tests -----------------------------------------
def make_pdf(pages, encrypt=False, image_only=False):
    """pages: list of content-stream strings (PDF operators). Returns bytes."""
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objs) + 1 + 2 * len(pages) + (1 if image_only else 0)
    img = None
    if image_only:
        img = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
    for content in pages:
        data = content.encode("latin-1")
        c = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        res = b"<< /Font << /F1 %d 0 R >>" % font + (b" /XObject << /Im1 %d 0 R >>" % img if img else b"") + b" >>"
        p = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources " % pages_id + res
                + b" /Contents %d 0 R >>" % c)
        page_ids.append(p)
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    enc = None
    if encrypt:
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    if enc:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_op(x, y, s, size=11):
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n"


def table_ops(x0, y_top, col_w, row_h, rows):
    ops = ["0.8 w\n"]
    n_rows, n_cols = len(rows), len(rows[0])
    for r in range(n_rows + 1):
        y = y_top - r * row_h
        ops.append(f"{x0} {y} m {x0 + n_cols * col_w} {y} l S\n")
    for c in range(n_cols + 1):
        x = x0 + c * col_w
        ops.append(f"{x} {y_top} m {x} {y_top - n_rows * row_h} l S\n")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            ops.append(text_op(x0 + c * col_w + 4, y_top - (r + 1) * row_h + 6, cell, 10))
    return "".join(ops)


def assert_grid_offsets(doc):
    for g in doc.grids:
        assert 0 <= g.start <= g.end <= len(doc.text)
        for row in g.rows:
            for c in row:
                assert doc.text[c.start:c.end] == c.text


# --- plain text ---------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_encodings_are_detected(encoding):
    doc = read_bytes(REPORT.encode(encoding), ext=".txt")
    assert doc.text.lstrip("\ufeff") == REPORT
    assert doc.format == "txt"


def test_traditional_big5_like_text_in_utf8_and_markdown():
    text = "# 上海市政府信息公開工作年度報告\n\n| 項目 | 數量 |\n|---|---|\n| 規章 | 3 |\n"
    doc = read_bytes(text.encode("utf-8"), ext=".md")
    assert doc.format == "md" and doc.text == text


def test_decode_reports_encoding():
    assert decode(REPORT.encode("gb18030"))[1] == "gb18030"
    assert decode(b"\xef\xbb\xbf" + REPORT.encode())[1] == "utf-8-sig"


def test_sniff_uses_magic_bytes_before_extension():
    assert sniff(b"%PDF-1.4 ...", ".txt") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>", ".txt") == "html"
    assert sniff(b"PK\x03\x04....", ".bin") == "docx"


# --- HTML ---------------------------------------------------------------------
PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>2022年某县政府信息公开工作年度报告_某县人民政府网</title></head><body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">互动交流</a></div>
<div class="breadcrumb">当前位置：<a>首页</a> &gt; <a>政府信息公开年报</a></div>
<div class="article"><h1>某县人民政府2022年政府信息公开工作年度报告</h1>
<div class="meta">发布时间：2023-01-16 来源：县政府办 字号：[<a>大</a> <a>中</a> <a>小</a>] <a>打印</a></div>
<div class="content" id="zoom">
<p>根据《中华人民共和国政府信息公开条例》要求，编制本报告。</p>
<p>一、总体情况</p><p>2022年全县主动公开政府信息<b>2,345</b>条。</p>
<table border="1"><tbody>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td rowspan="2">行政<br/>规范性文件</td><td>7</td><td>3</td><td>41</td></tr>
<tr><td>1</td><td>0</td><td>1</td></tr>
</tbody></table>
<p>二、主动公开政府信息情况</p></div>
<div class="bdshare">分享到：<a>微信</a><a>微博</a></div></div>
<div class="footer">主办：某县人民政府办公室 备案号 12345</div>
<script>var tracker = "2022年统计";</script></body></html>"""


def test_html_content_tables_and_debris():
    doc = read_html(PAGE.format(charset="utf-8").encode("utf-8"))
    text = doc.text
    assert text.splitlines()[0] == "某县人民政府2022年政府信息公开工作年度报告"
    for debris in ("首页", "当前位置", "字号", "分享", "打印", "主办", "tracker"):
        assert debris not in text, debris
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n" in text
    assert "行政规范性文件\t7\t3\t41\n\t1\t0\t1\n" in text
    assert text.index("一、总体情况") < text.index("信息内容") < text.index("二、主动公开")
    assert len(doc.grids) == 1
    grid = doc.grids[0]
    assert [c.text for c in grid.rows[0]] == ["第二十条第（一）项"] and grid.rows[0][0].col_span == 4
    merged = grid.rows[3][0]
    assert merged.text == "行政规范性文件" and merged.row_span == 2
    assert doc.title.startswith("2022年某县")
    assert_grid_offsets(doc)


def test_html_declared_gbk_charset():
    page = PAGE.format(charset="gb2312")
    doc = read_bytes(page.encode("gbk"), ext=".html")
    assert doc.format == "html" and "主动公开政府信息2,345条" in doc.text


def test_html_layout_tables_are_not_grids():
    page = ("<html><body><table><tr><td><table><tr><td>年度报告正文第一段，内容较长。</td></tr></table>"
            "</td></tr></table><table><tr><td>只有一列</td></tr><tr><td>第二行</td></tr></table></body></html>")
    doc = read_html(page.encode())
    assert doc.grids == [] and "年度报告正文第一段" in doc.text and "第二行" in doc.text


# --- DOCX ---------------------------------------------------------------------
def make_docx(paragraphs_before=("某区人民政府2023年政府信息公开工作年度报告", "一、总体情况"),
              after=("三、收到和处理政府信息公开申请情况",)) -> bytes:
    import docx
    d = docx.Document()
    for p in paragraphs_before:
        d.add_paragraph(p)
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for j, h in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, j).text = h
    a = t.cell(2, 0).merge(t.cell(3, 0))
    a.text = "行政规范性文件"
    for j, v in enumerate(["12", "3", "88"], 1):
        t.cell(2, j).text = v
    for j, v in enumerate(["1", "0", "5"], 1):
        t.cell(3, j).text = v
    for p in after:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_order():
    doc = read_bytes(make_docx(), ext=".docx")
    lines = doc.text.splitlines()
    assert lines[0] == "某区人民政府2023年政府信息公开工作年度报告"
    assert lines[2] == "第二十条第（一）项"
    assert lines[3] == "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"
    assert lines[4] == "行政规范性文件\t12\t3\t88" and lines[5] == "\t1\t0\t5"
    assert lines[-1] == "三、收到和处理政府信息公开申请情况"
    (grid,) = doc.grids
    assert grid.rows[0][0].col_span == 4
    assert grid.rows[2][0].row_span == 2 and len(grid.rows[3]) == 3
    assert_grid_offsets(doc)


def test_docx_blank_template_grids(corpus_dir):
    doc = read_path(corpus_dir / "files" / "r0025.docx")[1]
    shapes = [(len(g.rows), max(sum(c.col_span for c in r) for r in g.rows)) for g in doc.grids]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    assert_grid_offsets(doc)


# --- PDF ----------------------------------------------------------------------
def sample_pdf() -> bytes:
    p1 = (text_op(72, 780, "Annual report 2023") + text_op(72, 760, "Section one.")
          + table_ops(72, 700, 120, 20, [["item", "made", "total"], ["rules", "3", "10"], ["notices", "5", "12"]])
          + text_op(72, 600, "After the table.") + text_op(290, 40, "- 1 -"))
    p2 = (table_ops(72, 800, 120, 20, [["orders", "7", "9"], ["plans", "1", "2"]])
          + text_op(72, 700, "Page two."))
    return make_pdf([p1, p2])


def test_pdf_text_tables_and_pages():
    doc = read_bytes(sample_pdf())
    assert doc.format == "pdf"
    assert doc.text.startswith("Annual report 2023\nSection one.\nitem\tmade\ttotal\nrules\t3\t10\n")
    assert "- 1 -" not in doc.text                         # page numbers dropped
    assert [p for _, p in doc.pages] == [1, 2] and doc.pages[0][0] == 0
    assert doc.text[doc.pages[1][0]:].startswith("orders\t7\t9")
    assert len(doc.grids) == 2 and [c.text for c in doc.grids[0].rows[2]] == ["notices", "5", "12"]
    assert_grid_offsets(doc)


def test_pdf_table_continued_on_next_page_is_one_grid():
    p1 = text_op(72, 780, "Intro.") + table_ops(72, 120, 120, 20, [["a", "1", "2"], ["b", "3", "4"]])
    p2 = table_ops(72, 800, 120, 20, [["c", "5", "6"], ["d", "7", "8"]]) + text_op(72, 700, "End.")
    doc = read_bytes(make_pdf([p1, p2]))
    assert len(doc.grids) == 1 and len(doc.grids[0].rows) == 4
    assert "b\t3\t4\nc\t5\t6\n" in doc.text


@pytest.mark.parametrize("name,tables", [("r0001.pdf", 4), ("r0003.pdf", 4)])
def test_real_pdf_reports(corpus_dir, name, tables):
    doc = read_path(corpus_dir / "files" / name)[1]
    assert len(doc.grids) == tables
    assert "一、本年新收政府信息公开申请数量" in doc.text and "\t" in doc.text
    assert_grid_offsets(doc)
    # table 3 runs over a page break and stays one grid
    assert max(len(g.rows) for g in doc.grids) >= 26


# --- the bundled examples -------------------------------------------------------
EXAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "examples"


def test_bundled_html_example_reads_like_the_text_example():
    html_doc = read_path(EXAMPLES / "sample_report.html")[1]
    txt_doc = read_path(EXAMPLES / "sample_report.txt")[1]
    lines = lambda t: [l.rstrip("\t") for l in t.splitlines() if l.strip()]
    assert lines(html_doc.text) == lines(txt_doc.text)
    assert len(html_doc.grids) == 3      # tables 二, 三 and 四
    assert_grid_offsets(html_doc)


def test_long_text_is_cut_with_a_warning(monkeypatch):
    import gisnlp.readers.limits as limits
    monkeypatch.setattr(limits, "MAX_CHARS", 40)
    doc = read_bytes(("年度报告正文。" * 20).encode("utf-8"))
    assert len(doc.text) == 40 and any("GISNLP_MAX_CHARS" in w for w in doc.warnings)


# --- PDF engines: PDFium (default) gives what pdfplumber gives -------------------
def _read_with(engine, data, monkeypatch):
    monkeypatch.setenv("GISNLP_PDF_ENGINE", engine)
    return read_bytes(data)


def _same_document(a, b):
    assert a.text == b.text
    assert a.pages == b.pages
    assert [[[(c.text, c.start, c.end, c.row_span, c.col_span) for c in r] for r in g.rows] for g in a.grids] \
        == [[[(c.text, c.start, c.end, c.row_span, c.col_span) for c in r] for r in g.rows] for g in b.grids]


def test_pdfium_engine_matches_pdfplumber_on_written_pdfs(monkeypatch):
    p1 = text_op(72, 780, "Intro.") + table_ops(72, 120, 120, 20, [["a", "1", "2"], ["b", "3", "4"]])
    p2 = table_ops(72, 800, 120, 20, [["c", "5", "6"], ["d", "7", "8"]]) + text_op(72, 700, "End.")
    for data in (sample_pdf(), make_pdf([p1, p2])):
        _same_document(_read_with("pdfium", data, monkeypatch), _read_with("pdfplumber", data, monkeypatch))


def test_rotated_page_falls_back_to_pdfplumber(monkeypatch):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(sample_pdf())
    doc[0].set_rotation(90)
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    _same_document(_read_with("pdfium", data, monkeypatch), _read_with("pdfplumber", data, monkeypatch))


@pytest.mark.parametrize("name", ["r0001.pdf", "r0003.pdf"])
def test_pdfium_engine_matches_pdfplumber_on_real_reports(corpus_dir, name, monkeypatch):
    data = (corpus_dir / "files" / name).read_bytes()
    _same_document(_read_with("pdfium", data, monkeypatch), _read_with("pdfplumber", data, monkeypatch))


def test_pdfium_engine_keeps_every_corpus_pdfs_cells(corpus_dir, monkeypatch):
    """Cells of every corpus PDF equal those the pdfplumber path gave (stored when PDFium came in)."""
    import hashlib
    import json
    from pathlib import Path
    import gisnlp
    expected = json.loads((Path(__file__).with_name("pdf_cells_expected.json")).read_text())
    monkeypatch.setenv("GISNLP_PDF_ENGINE", "pdfium")
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata", "tables"])
    paths = sorted((corpus_dir / "files").glob("*.pdf"))
    assert sorted(p.name for p in paths) == sorted(expected)
    for path in paths:
        cells = [[c.id, c.value] for c in nlp(path).cells]
        digest = hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()
        assert (len(cells), digest) == (expected[path.name]["cells"], expected[path.name]["sha256"]), path.name


def test_unknown_pdf_engine_is_one_line(monkeypatch):
    from gisnlp.errors import InputError
    with pytest.raises(InputError, match="GISNLP_PDF_ENGINE"):
        _read_with("mupdf", sample_pdf(), monkeypatch)


def test_a_byte_order_mark_that_lies_is_ignored():
    """A UTF-8 BOM before GBK text (some editors write one) reads the GBK text; a UTF-16 BOM
    before a cut character is an InputError or a flagged text, never a UnicodeDecodeError."""
    body = "2023年政府信息公开工作年度报告\n全年主动公开政府信息120条。"
    text, enc = decode(b"\xef\xbb\xbf" + body.encode("gbk"))
    assert text == body and enc == "gb18030"
    for data in (b"\xff\xfe\x00\xd8a", b"\xfe\xff\xd8\x00"):
        try:
            decode(data)
        except UnicodeDecodeError:  # pragma: no cover - the failure this test guards
            raise AssertionError(f"{data!r} raised UnicodeDecodeError")
        except InputError:
            pass
