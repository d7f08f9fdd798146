"""Formats sites publish besides PDF and Word: MHT, OFD, zip attachments, GBK pages, WPS names.

The MHT and OFD fixtures under tests/fixtures/ were written by
scripts/make_format_fixtures.py from the bundled example report; each must give
the cells and facts the example's HTML gives.
"""
import io
import zipfile
from pathlib import Path

import pytest

import gisnlp
from gisnlp.errors import InputError
from gisnlp.readers import read_bytes, read_path, sniff
from office_fixtures import FIXTURES

EXAMPLE_HTML = Path(__file__).resolve().parents[1] / "examples" / "sample_report.html"


def _cells(report):
    return sorted((c.id, c.value) for c in report.cells)


def _facts(report):
    return sorted((f.value, f.unit, f.kind, f.metric) for f in report.facts)


@pytest.fixture(scope="module")
def nlp_core():
    return gisnlp.load(disable=["domains"])


@pytest.fixture(scope="module")
def html_report(nlp_core):
    return nlp_core(str(EXAMPLE_HTML))


@pytest.mark.parametrize("ext", [".mht", ".mhtml", ".txt"])
def test_mht_gives_the_cells_and_facts_of_the_page(nlp_core, html_report, tmp_path, ext):
    path = tmp_path / f"report{ext}"                  # the MIME header is sniffed whatever the name
    path.write_bytes((FIXTURES / "sample_report.mht").read_bytes())
    report = nlp_core(str(path))
    assert report.source.format == "mht" and report.source.encoding == "gb18030"
    assert len(report.cells) == 200 and _cells(report) == _cells(html_report)
    assert _facts(report) == _facts(html_report)
    assert report.meta.year == 2021 and report.meta.issuer == "青石县人民政府"


def test_browser_mhtml_without_a_mime_charset():
    import quopri
    page = ('<html><head><meta charset="utf-8"></head><body><p>某县2023年政府信息公开工作年度报告</p>'
            "<table><tr><td>新收</td><td>12</td></tr><tr><td>办结</td><td>11</td></tr></table></body></html>")
    data = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.example.gov.cn/a.html\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
            '\tboundary="----B----"\r\n\r\n------B----\r\nContent-Type: text/html\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() \
        + quopri.encodestring(page.encode("utf-8")) + b"\r\n------B------\r\n"
    doc = read_bytes(data)                                  # sniffed from the MIME header, no extension
    assert doc.format == "mht" and doc.text.startswith("某县2023年") and len(doc.grids) == 1


def test_mht_without_a_page_and_a_mht_that_is_plain_html():
    no_page = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
               b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n")
    with pytest.raises(InputError, match="no HTML or text part"):
        read_bytes(no_page, ext=".mht")
    page = EXAMPLE_HTML.read_bytes()
    assert sniff(page, ".mht") == "html"
    assert "政府信息公开" in read_bytes(page, ext=".mht").text


def test_ofd_gives_the_cells_and_facts_of_the_page(nlp_core, html_report):
    report = nlp_core(str(FIXTURES / "sample_report.ofd"))
    assert report.source.format == "ofd" and report.meta.title
    assert _cells(report) == _cells(html_report)
    assert _facts(report) == _facts(html_report)
    doc = read_path(FIXTURES / "sample_report.ofd")[1]
    assert len(doc.grids) >= 3 and [p for _, p in doc.pages] == list(range(1, 7))


def make_ofd(content: str, template: str = "某区人民政府办", media: dict = None) -> bytes:
    """A one-page OFD package with ``content`` inside the page's Content element; ``media``
    ({ID: (file name, bytes)}) are declared in DocumentRes.xml, stored under Doc_0/Res/."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot>"
                   "</ofd:DocBody></ofd:OFD>")
        z.writestr("Doc_0/Document.xml", f"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>"
                   "0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID=\"9\" BaseLoc=\"Tpls/T.xml\"/>"
                   "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                   "</ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
                   "</ofd:Pages></ofd:Document>")
        z.writestr("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page {ns}><ofd:Template TemplateID=\"9\"/>"
                   f"<ofd:Content><ofd:Layer>{content}</ofd:Layer></ofd:Content></ofd:Page>")
        z.writestr("Doc_0/Tpls/T.xml", f"<ofd:Page {ns}><ofd:Content><ofd:Layer><ofd:TextObject Boundary="
                   f"\"20 10 100 8\" Size=\"4\"><ofd:TextCode X=\"0\" Y=\"5\" DeltaX=\"g 5 4\">{template}</ofd:TextCode>"
                   "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>")
        declared = "".join(f'<ofd:MultiMedia ID="{k}" Type="Image"><ofd:MediaFile>{name}</ofd:MediaFile>'
                           "</ofd:MultiMedia>" for k, (name, _) in (media or {}).items())
        z.writestr("Doc_0/DocumentRes.xml", f'<ofd:Res {ns} BaseLoc="Res"><ofd:MultiMedias>{declared}'
                   "</ofd:MultiMedias></ofd:Res>")
        for name, data in (media or {}).values():
            z.writestr(f"Doc_0/Res/{name}", data)
    return buf.getvalue()


def test_ofd_text_codes_with_ctm_deltas_and_a_template():
    # 2x CTM: the run is drawn at twice its size; DeltaX "g 3 2" spaces four characters 2 mm apart (4 mm on the page)
    text = ('<ofd:TextObject Boundary="20 40 150 20" Size="2" CTM="2 0 0 2 0 0">'
            '<ofd:TextCode X="0" Y="3" DeltaX="g 3 2">全年受理</ofd:TextCode>'
            '<ofd:TextCode X="12" Y="3">申请</ofd:TextCode></ofd:TextObject>')
    doc = read_bytes(make_ofd(text), ext=".ofd")
    lines = doc.text.splitlines()
    assert lines[0] == "某区人民政府办"                  # the template page's text comes first
    assert lines[1].replace(" ", "") == "全年受理申请"


def test_ofd_path_objects_make_a_ruled_table():
    cells = [("项目", "件数"), ("新收申请", "12"), ("办结", "11")]
    objs = []
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            x, y = 30 + 50 * c, 50 + 10 * r
            objs.append(f'<ofd:TextObject Boundary="{x + 2} {y} 40 10" Size="4"><ofd:TextCode X="0" Y="6" '
                        f'DeltaX="g {len(value) - 1} 4">{value}</ofd:TextCode></ofd:TextObject>' if len(value) > 1 else
                        f'<ofd:TextObject Boundary="{x + 2} {y} 40 10" Size="4"><ofd:TextCode X="0" Y="6">{value}'
                        '</ofd:TextCode></ofd:TextObject>')
    for k in range(4):                                   # 4 horizontal rules, 3 vertical rules
        objs.append(f'<ofd:PathObject Boundary="30 {50 + 10 * k} 100 0.1"><ofd:AbbreviatedData>M 0 0 L 100 0'
                    '</ofd:AbbreviatedData></ofd:PathObject>')
    for k in range(3):
        objs.append(f'<ofd:PathObject Boundary="{30 + 50 * k} 50 0.1 30"><ofd:AbbreviatedData>M 0 0 L 0 30'
                    '</ofd:AbbreviatedData></ofd:PathObject>')
    doc = read_bytes(make_ofd("".join(objs)), ext=".ofd")
    assert len(doc.grids) == 1
    assert [[c.text for c in row] for row in doc.grids[0].rows] == [list(r) for r in cells]
    assert "新收申请\t12" in doc.text


def test_bad_ofd_files_are_one_line(monkeypatch):
    scan = make_ofd('<ofd:ImageObject Boundary="0 0 210 297" ResourceID="5"/>', template="")
    with pytest.raises(InputError, match="page images"):
        read_bytes(scan, ext=".ofd")                          # an image the package does not hold
    _no_ocr(monkeypatch)
    with pytest.raises(InputError, match=r"OFD file holds page images.*gisnlp\[ocr\]"):
        read_bytes(scan, ext=".ofd")
    for root, message in (("<OFD><DocBody/></OFD>", "names no document"),
                          ("<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>", "lacks its part")):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("OFD.xml", root)
        with pytest.raises(InputError, match=message):
            read_bytes(buf.getvalue(), ext=".ofd")
    with pytest.raises(InputError, match="corrupt"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 100, ext=".ofd")
    with pytest.raises(InputError, match="corrupt"):
        read_bytes(make_ofd("").replace("某区人民政府办".encode(), b"x"), ext=".ofd")


def _zip(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """A zip of ``members``; with ``gbk_names`` the names are stored in GBK without the UTF-8 flag,
    as Chinese Windows writes them."""
    buf = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, (name, data) in enumerate(members.items()):
            stored = name
            if gbk_names:
                raw = name.encode("gb18030")
                stored = f"{k:02d}" + "x" * (len(raw) - 2)
                placeholders[stored.encode()] = raw
            z.writestr(stored, data)
    out = buf.getvalue()
    for fake, raw in placeholders.items():
        out = out.replace(fake, raw)
    return out


def test_zip_attachment_reads_the_report_inside(html_report, nlp_core, tmp_path):
    data = _zip({"说明.txt": "附件为年度报告。".encode(), "青石县2021年政府信息公开工作年度报告.html": EXAMPLE_HTML.read_bytes(),
                 "图片/封面.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50}, gbk_names=True)
    path = tmp_path / "attachment.zip"
    path.write_bytes(data)
    report = nlp_core(str(path))
    assert _cells(report) == _cells(html_report)
    assert any("青石县2021年政府信息公开工作年度报告.html" in w and "说明.txt" in w for w in report.meta.warnings)


def test_zip_attaches_the_spreadsheet_named_like_the_report(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("青石县人民政府2021年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    data = _zip({"年报/report.docx": buf.getvalue(), "年报/report.xlsx": (FIXTURES / "sample_tables.xlsx").read_bytes()})
    doc = read_bytes(data, ext=".zip")
    assert doc.format == "docx" and len(doc.grids) == 3
    assert doc.text.startswith("青石县人民政府2021年政府信息公开工作年度报告")


def test_bad_zips_are_one_line():
    with pytest.raises(InputError, match="no file gisnlp reads.*setup.exe"):
        read_bytes(_zip({"setup.exe": b"MZ" + b"\x00" * 10}), ext=".zip")
    with pytest.raises(InputError, match="zip holds another zip"):
        read_bytes(_zip({"inner.zip": _zip({"a.txt": b"x"})}), ext=".zip")
    with pytest.raises(InputError, match="corrupt"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 100, ext=".zip")


def test_wps_office_names_and_gbk_pages(tmp_path):
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".et") == "xls"
    et = tmp_path / "tables.et"
    et.write_bytes((FIXTURES / "sample_tables.xls").read_bytes())
    assert len(read_path(et)[1].grids) == 3
    page = EXAMPLE_HTML.read_text(encoding="utf-8")
    for declared, body in (("utf-8", page), ("", page.replace("charset=utf-8", ""))):
        doc = read_bytes(body.encode("gb18030"), ext=".htm")       # GBK bytes, the meta lying or absent
        assert doc.encoding == "gb18030" and "青石县人民政府" in doc.text and len(doc.grids) == 3


# --- PDF text layers that are not text -----------------------------------------------------------
REAL = "全年共收到政府信息公开申请101件，比上年增长12.2%，全部在法定期限内答复。其中予以公开49件。" * 2


@pytest.mark.parametrize("text, garbled", [
    (REAL, False),
    ("\ue001\ue002\ue003 \ue004\ue005" * 10, True),                          # private-use: no Unicode map
    ("⼀⼆⼈⼊⼋⼏⼑⼒⼓⼔" * 5, True),                                           # Kangxi radicals for whole characters
    ("".join(chr(0x4E00 + (ord(c) * 7919) % 20000) for c in REAL), True),  # a wrong map: rare characters
    ("\ue001\ue002 第3页", False),                                           # too short to judge
    (REAL.encode("gbk").decode("latin-1"), True),                          # GBK codes shown as Latin-1
    ("2Kóz noW 2C >Có «\x06\x07 \x06\x113! :45 \x04 \x04 \x11noÃ ,a\x04Ã 6’\x06\x07" * 3, True),  # no ToUnicode
    ("(cid:6)(cid:17)3!:45 (cid:4) (cid:4) (cid:4)" * 4, True),              # pdfminer's unmapped glyphs
    ("Annual report on government information disclosure, 2023. " * 3, False),   # English is text
    (REAL + "⺠" * 3, False),                                                # a few radical lookalikes are fine
    ("全年共收到政府資訊公開申請101件，比上年增長12.2%，全部在法定期限內答覆。" * 3, False),   # traditional script
])
def test_garbled_text_layer_is_told_from_text(text, garbled):
    from gisnlp.readers.text_layer import is_garbled
    assert is_garbled(text) is garbled


def _no_ocr(monkeypatch):
    from gisnlp.readers import ocr, ocr_page
    missing = lambda name=None: ModuleNotFoundError("rapidocr_onnxruntime")   # noqa: E731
    monkeypatch.setattr(ocr, "load_failure", missing)
    monkeypatch.setattr(ocr_page, "load_failure", missing)


def test_garbled_pdf_without_ocr_is_one_line(monkeypatch):
    _no_ocr(monkeypatch)
    with pytest.raises(InputError, match=r"text layer is garbled.*gisnlp\[ocr\]") as err:
        read_path(FIXTURES / "sample_report_garbled.pdf")
    assert "\n" not in str(err.value)


def test_a_garbled_page_without_ocr_is_left_out_and_flagged(monkeypatch):
    from gisnlp.readers import pdf
    from test_readers import make_pdf, text_op
    _no_ocr(monkeypatch)
    monkeypatch.setattr(pdf, "is_garbled", lambda text: "garbled" in text)
    data = make_pdf([text_op(72, 760, "Annual report page one"), text_op(72, 760, "garbled page two")])
    doc = read_bytes(data)
    assert "page one" in doc.text and "garbled" not in doc.text and doc.partial
    assert any(w.startswith("page 2 has a text layer that is not text") for w in doc.warnings)
    report = gisnlp.load(disable=["domains"])(data)
    assert report.meta.partial


def test_garbled_page_is_read_by_ocr(html_report, nlp_core):
    pytest.importorskip("rapidocr_onnxruntime")
    from gisnlp.readers.ocr import load_failure
    if load_failure() is not None:
        pytest.skip(f"OCR cannot run here: {load_failure()}")
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(str(FIXTURES / "sample_report_garbled.pdf"))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [3])                     # the page with the end of table 二 and most of table 三
    buf = io.BytesIO()
    one.save(buf)
    report = nlp_core(buf.getvalue())
    assert report.meta.ocr                         # (partial all the same: one page of a report is a fragment)
    assert any(w == "page 1 has a text layer that is not text (fonts without a usable Unicode map): "
               "read by OCR instead" for w in report.meta.warnings)
    cells = set(_cells(report))
    assert len(cells) >= 100 and cells <= set(_cells(html_report))


def test_other_archives_and_an_encrypted_zip_are_one_line(tmp_path):
    import bz2
    import gzip
    import shutil
    import subprocess
    for data in (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40, b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 40,
                 gzip.compress(b"report"), bz2.compress(b"report")):
        with pytest.raises(InputError, match="RAR, 7-Zip, gzip or bzip2 archive.*extract it"):
            read_bytes(data, ext=".rar")
    assert sniff(b"BZh is how this text begins", ".txt") == "txt"
    if not shutil.which("zip"):
        pytest.skip("the zip command (Debian zip) makes the password-protected archive")
    (tmp_path / "report.txt").write_text("某县2023年政府信息公开工作年度报告", encoding="utf-8")
    subprocess.run(["zip", "-q", "-P", "secret", "locked.zip", "report.txt"], cwd=tmp_path, check=True)
    with pytest.raises(InputError, match="password-protected"):
        read_path(tmp_path / "locked.zip")
