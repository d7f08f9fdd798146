"""Bad input gives a specific InputError (or a flagged report), never a crash.

Includes a short fuzz run per reader: random bytes and mutations of small valid
files must give a Document or an InputError, nothing else.
"""
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gisnlp
from gisnlp.errors import InputError, UnsupportedFormat
from gisnlp.readers import read_bytes, read_path
from gisnlp.report import Document
from test_readers import PAGE, make_docx, make_pdf, sample_pdf, text_op


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_path(p)


def test_whitespace_only_text():
    from gisnlp.readers import read_text
    with pytest.raises(InputError, match="empty"):
        read_text("   \n\t ")
    with pytest.raises(InputError, match="no text"):
        read_bytes("  \n\u3000 ".encode("utf-8"), ext=".txt")


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError, match="binary"):
        read_path(p)


def test_broken_legacy_word_file_is_one_line(tmp_path, monkeypatch):
    # .doc files are read through LibreOffice now; an empty compound file cannot be converted
    import gisnlp.readers.legacy_word as legacy_word
    monkeypatch.setattr(legacy_word, "soffice", lambda: None)    # no converter: one line naming the package
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="LibreOffice.*libreoffice-writer-nogui"):
        read_path(p)


def test_office_file_that_is_neither_word_nor_excel():
    with pytest.raises(UnsupportedFormat, match="neither Word nor Excel"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ext=".bin")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="folder"):
        read_path(tmp_path)


def test_size_limit(tmp_path, monkeypatch):
    import gisnlp.readers.limits as limits
    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    p = tmp_path / "big.txt"
    p.write_bytes("年度报告".encode() * 1000)
    with pytest.raises(InputError, match="GISNLP_MAX_BYTES"):
        read_path(p)
    with pytest.raises(InputError, match="limit"):
        read_bytes(p.read_bytes())


def test_truncated_pdf():
    with pytest.raises(InputError, match="PDF"):
        read_bytes(sample_pdf()[:200])


def test_encrypted_pdf():
    with pytest.raises(InputError, match="encrypted"):
        read_bytes(make_pdf([text_op(72, 700, "secret")], encrypt=True))


def test_scanned_pdf_needs_ocr():
    with pytest.raises(InputError, match="scanned PDF.*OCR|OCR"):
        read_bytes(make_pdf(["q 100 0 0 100 100 100 cm /Im1 Do Q\n"], image_only=True))


def test_corrupt_docx(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(make_docx()[:500])
    with pytest.raises(InputError, match="docx"):
        read_path(p)


def test_zip_that_is_not_word():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word document"):
        read_bytes(buf.getvalue(), ext=".docx")


def test_zip_bomb_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 200_000
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes(data, ext=".docx")


def test_html_without_text():
    with pytest.raises(InputError, match="(no text|empty)"):
        read_bytes(b"<html><body><script>x=1</script></body></html>", ext=".html")


def test_html_with_control_characters_is_read():
    # lxml refuses control characters when a dropped menu's tail text is merged
    page = b"<html><body><p>\xe6\x8a\xa5\xe5\x91\x8a</p>\x01<div class='nav'>x</div>\x02\x00tail\x0bend</body></html>"
    doc = read_bytes(page, ext=".html")
    assert doc.text.split() == ["报告", "tail", "end"]


def test_not_a_report_is_flagged():
    report = gisnlp.load(steps=["normalize", "structure", "metadata"])(
        "关于举办春季运动会的通知\n各单位：\n定于4月10日举办春季运动会，请做好准备。\n")
    assert report.meta.doc_type == "other"
    assert any("not recognised" in w for w in report.meta.warnings)


# --- fuzz ---------------------------------------------------------------------
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
_SEEDS = {}


def _seed(kind):
    if kind not in _SEEDS:
        _SEEDS[kind] = {"pdf": sample_pdf, "docx": make_docx,
                        "html": lambda: PAGE.format(charset="utf-8").encode("utf-8"),
                        "txt": lambda: "年度报告\n主动公开1,234条。\n".encode("gb18030")}[kind]()
    return _SEEDS[kind]


def _read_or_input_error(data, ext):
    try:
        doc = read_bytes(data, ext=ext)
    except InputError:
        return
    assert isinstance(doc, Document) and isinstance(doc.text, str)


@st.composite
def mutated(draw, kind):
    data = bytearray(_seed(kind))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            data = data[:i]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
    return bytes(data)


@pytest.mark.parametrize("kind,ext", [("txt", ".txt"), ("html", ".html"), ("docx", ".docx"), ("pdf", ".pdf")])
def test_fuzz_mutations(kind, ext):
    @FUZZ
    @given(mutated(kind))
    def run(data):
        _read_or_input_error(data, ext)
    run()


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from([".txt", ".html", ".docx", ".pdf", ".md", ""]))
def test_fuzz_random_bytes(data, ext):
    _read_or_input_error(data, ext)


def test_partly_scanned_pdf_warns():
    pdf = make_pdf([text_op(72, 700, "Text page."), "q 100 0 0 100 100 100 cm /Im1 Do Q\n"], image_only=True)
    doc = read_bytes(pdf)
    assert doc.text.strip() == "Text page." and any("pages 2" in w and "OCR" in w for w in doc.warnings)


# --- issue 16: damaged encodings, deep HTML, images named .pdf, unreadable files --------
_REPORT = "某县人民政府2022年政府信息公开工作年度报告\n全年主动公开政府信息1,234条，受理申请56件。\n" * 30


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_one_invalid_byte_is_replaced_with_a_warning(encoding):
    data = _REPORT.encode(encoding)
    doc = read_bytes(data[:120] + b"\xff" + data[120:], ext=".txt")
    assert doc.encoding == encoding and "\ufffd" in doc.text
    assert "主动公开政府信息1,234条" in doc.text
    assert any("not valid" in w and w.split()[0].isdigit() for w in doc.warnings)


def test_file_cut_inside_a_character_is_read():
    data = _REPORT.encode("utf-8")
    cut = next(i for i in range(3000, 3010) if (data[i] & 0xC0) == 0x80)   # inside a 3-byte character
    doc = read_bytes(data[:cut], ext=".txt")
    assert doc.encoding == "utf-8" and doc.text.endswith("\ufffd")
    assert any(w.startswith(("1 byte", "2 bytes")) for w in doc.warnings)


def test_mostly_undecodable_text_is_still_refused():
    import random
    rng = random.Random(1)
    data = bytearray(_REPORT.encode("utf-8"))
    for i in range(0, len(data), 3):        # a third of the bytes overwritten
        data[i] = rng.randrange(128, 256)
    for blob in (bytes(data), bytes(range(128, 256)) * 40):
        with pytest.raises(InputError, match="encoding could not be detected|binary"):
            read_bytes(blob, ext=".txt")


def test_damaged_html_warns_too():
    page = PAGE.format(charset="utf-8").encode("utf-8")
    i = page.index("主动公开".encode())
    doc = read_bytes(page[:i] + b"\xff" + page[i:], ext=".html")
    assert any("not valid" in w for w in doc.warnings) and "主动公开政府信息" in doc.text


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_is_read(depth):
    page = ("<html><body>" + "<div>" * depth + "<p>年度报告正文，主动公开12条。</p>"
            "<table><tr><td>规章</td><td>3</td></tr><tr><td>规范性文件</td><td>4</td></tr></table>"
            + "</div>" * depth + "</body></html>").encode()
    doc = read_bytes(page, ext=".html")
    assert "年度报告正文，主动公开12条。" in doc.text and "规章\t3\n规范性文件\t4\n" in doc.text
    assert len(doc.grids) == 1
    assert not any("JavaScript" in w for w in doc.warnings)


def test_png_named_pdf_is_called_an_image(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    with pytest.raises(InputError, match="PNG image.*OCR") as err:
        read_path(p)
    assert "qpdf" not in str(err.value) and "\n" not in str(err.value)


def test_unreadable_file_is_one_clean_line(tmp_path, monkeypatch):
    from pathlib import Path
    p = tmp_path / "locked.txt"
    p.write_text(_REPORT, encoding="utf-8")
    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match="permission denied"):
        read_path(p)


def test_cli_prints_unreadable_file_as_one_line(tmp_path, monkeypatch, capsys):
    from pathlib import Path
    from gisnlp.cli import main
    p = tmp_path / "locked.txt"
    p.write_text(_REPORT, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "denied")))
    assert main(["analyze", str(p), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "permission denied" in err and "internal error" not in err and "Traceback" not in err


def test_image_bomb_is_one_line_and_fast():
    import struct
    import time
    import zlib
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)      # 10^10 pixels declared
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
           + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="PNG image") as err:
        read_bytes(png, ext=".png")
    assert time.perf_counter() - t0 < 2 and "\n" not in str(err.value)


@pytest.mark.parametrize("magic,kind", [(b"\xff\xd8\xff\xe0", "JPEG"), (b"II*\x00", "TIFF")])
def test_corrupt_images_are_one_line(magic, kind):
    with pytest.raises(InputError, match=f"{kind} image"):
        read_bytes(magic + b"\x00\x13garbage" * 10, ext=".jpg")


def _format_seed(kind):
    """Small valid MHT, OFD and zip files for the fuzz run below."""
    if kind == "mht":
        return (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                b"Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                b"<html><body><p>=C4=EA=B6=C8=B1=A8=B8=E6 1,234</p></body></html>\r\n--b--\r\n")
    if kind == "ofd":
        from test_readers_formats import make_ofd
        return make_ofd('<ofd:PathObject Boundary="10 10 50 0.1"><ofd:AbbreviatedData>M 0 0 L 50 0'
                        '</ofd:AbbreviatedData></ofd:PathObject>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("年度报告.txt", "年度报告\n主动公开1,234条。\n".encode("utf-8"))
    return buf.getvalue()


@pytest.mark.parametrize("kind,ext", [("mht", ".mht"), ("ofd", ".ofd"), ("zip", ".zip")])
def test_fuzz_mutations_of_mht_ofd_and_zip(kind, ext):
    seed = _format_seed(kind)
    assert read_bytes(seed, ext=ext).text.strip()                     # the seed itself reads

    @FUZZ
    @given(st.data())
    def run(data):
        raw = bytearray(seed)
        for _ in range(data.draw(st.integers(1, 6))):
            i = data.draw(st.integers(0, max(len(raw) - 1, 0)))
            op = data.draw(st.sampled_from(["flip", "cut", "insert"]))
            if op == "flip" and raw:
                raw[i] = data.draw(st.integers(0, 255))
            elif op == "cut":
                raw = raw[:i]
            else:
                raw[i:i] = data.draw(st.binary(min_size=1, max_size=16))
        _read_or_input_error(bytes(raw), ext)
    run()
