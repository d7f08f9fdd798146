"""Write the committed fixtures of the formats government sites publish besides PDF and Word.

    python3 scripts/make_format_fixtures.py

All are made from the project's own example report (examples/sample_report.html):

- ``sample_report.mht``: the page saved by a browser or Word as a single file —
  MIME multipart/related, the HTML part quoted-printable in GB2312 (GB18030
  bytes, as such pages really are), an image part beside it;
- ``sample_report.ofd``: the page printed to PDF by LibreOffice, then written
  as OFD (GB/T 33190): a zip of XML — OFD.xml, Document.xml, PublicRes.xml and
  one Content.xml per page whose TextObjects (TextCode with X, Y, DeltaX) and
  PathObjects (table rules, AbbreviatedData) carry the PDF's characters and
  ruling lines in millimetres;
- ``sample_report_garbled.pdf``: the same PDF with every font's ToUnicode map
  removed, so that its text layer is not text (control characters, stray
  Latin letters), as PDFs whose fonts lack a Unicode map read.

    python3 scripts/make_format_fixtures.py sample_report_garbled.pdf   # one of them

Needs LibreOffice (soffice), pypdfium2, Pillow and, for the garbled PDF, pypdf.
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "sample_report.html"
sys.path.insert(0, str(ROOT))

MM = 25.4 / 72.0            # millimetres per point
NS = "http://www.ofdspec.org/2016"


# --- MHT ---------------------------------------------------------------------------------------
def make_mht(html: str) -> bytes:
    """A single-file web page: multipart/related, the HTML quoted-printable in GB2312 (GB18030 bytes)."""
    from email import charset as email_charset
    html = html.replace("charset=utf-8", "charset=gb2312")
    cs = email_charset.Charset("gb18030")
    cs.body_encoding = email_charset.QP
    root = MIMEMultipart("related", type="text/html")
    root["Subject"] = "sample report"
    part = MIMEText(html, "html", _charset=cs)
    part.set_param("charset", "gb2312")
    part["Content-Location"] = "file:///C:/reports/sample_report.htm"
    root.attach(part)
    image = MIMEImage(_tiny_png(), "png")
    image["Content-Location"] = "file:///C:/reports/sample_report.files/image001.png"
    root.attach(image)
    return root.as_bytes()


def _tiny_png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


# --- PDF by LibreOffice -----------------------------------------------------------------------
def to_pdf(path: Path, out: Path) -> Path:
    """``path`` printed to PDF by LibreOffice headless."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return out / f"{path.stem}.pdf"


# --- OFD ---------------------------------------------------------------------------------------
def make_ofd(pdf: bytes) -> bytes:
    """The PDF's pages as an OFD package: text runs as TextObjects, ruling lines as PathObjects."""
    import pypdfium2 as pdfium
    from gisnlp.readers.pdfium_page import ShapedPage
    doc = pdfium.PdfDocument(pdf)
    ids = iter(range(1, 1_000_000))
    pages = []
    for i in range(len(doc)):
        page = doc[i]
        shaped = ShapedPage(page)
        pages.append((shaped.width * MM, shaped.height * MM, _content(shaped, ids)))
        page.close()
    doc.close()
    width, height = pages[0][0], pages[0][1]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.1" '
                   'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6b1e0c7a2f3d4e58</ofd:DocID>'
                   '<ofd:Title>青石县人民政府2021年政府信息公开工作年度报告</ofd:Title><ofd:Creator>gisnlp fixtures'
                   '</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_refs = "".join(f'<ofd:Page ID="{next(ids)}" BaseLoc="Pages/Page_{k}/Content.xml"/>'
                            for k in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}">'
                   f'<ofd:CommonData><ofd:MaxUnitID>{next(ids)}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 '
                   f'{width:.2f} {height:.2f}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml'
                   f'</ofd:PublicRes></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" '
                   'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for k, (_, _, content) in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", content)
    return buf.getvalue()


def _content(shaped, ids) -> str:
    """One page's Content.xml: a TextObject per run of characters, a PathObject per ruling line."""
    objects = [_text_object(run, ids) for run in _runs(shaped.chars)]
    for e in shaped.edges:
        x0, top, x1, bottom = e["x0"] * MM, e["top"] * MM, e["x1"] * MM, e["bottom"] * MM
        w, h = x1 - x0, bottom - top
        objects.append(f'<ofd:PathObject ID="{next(ids)}" Boundary="{x0:.3f} {top:.3f} {max(w, 0.01):.3f} '
                       f'{max(h, 0.01):.3f}" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.3f} {h:.3f}'
                       '</ofd:AbbreviatedData></ofd:PathObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="{next(ids)}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into runs: same baseline and size, no gap wider than one em."""
    runs: list[list[dict]] = []
    for c in chars:
        if c["text"].isspace():
            continue
        last = runs[-1][-1] if runs else None
        if last and abs(last["bottom"] - c["bottom"]) < 0.5 and abs(last["size"] - c["size"]) < 0.1 \
                and 0 <= c["x0"] - last["x1"] < c["size"]:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _text_object(run: list[dict], ids) -> str:
    """A TextObject whose Boundary starts at the run's top-left; X, Y and DeltaX in millimetres."""
    size = run[0]["size"] * MM
    left, top = run[0]["x0"] * MM, min(c["top"] for c in run) * MM
    right, bottom = run[-1]["x1"] * MM, max(c["bottom"] for c in run) * MM
    baseline = bottom - top - 0.12 * size
    deltas = [f"{(b['x0'] - a['x0']) * MM:.3f}" for a, b in zip(run, run[1:])]
    delta = f' DeltaX="{_abbreviate(deltas)}"' if deltas else ""
    text = escape("".join(c["text"] for c in run))
    return (f'<ofd:TextObject ID="{next(ids)}" Boundary="{left:.3f} {top:.3f} {right - left:.3f} {bottom - top:.3f}" '
            f'Font="1" Size="{size:.3f}"><ofd:TextCode X="0" Y="{baseline:.3f}"{delta}>{text}</ofd:TextCode>'
            '</ofd:TextObject>')


def _abbreviate(deltas: list[str]) -> str:
    """DeltaX with the standard's ``g N value`` shorthand for a value repeated N times."""
    out, i = [], 0
    while i < len(deltas):
        j = i
        while j < len(deltas) and deltas[j] == deltas[i]:
            j += 1
        out.append(f"g {j - i} {deltas[i]}" if j - i > 1 else deltas[i])
        i = j
    return " ".join(out)


# --- PDF whose fonts have no Unicode map -----------------------------------------------------------
def garble(pdf: bytes) -> bytes:
    """The PDF with every font's ToUnicode map removed: its text layer reads as control characters
    and stray Latin letters, as PDFs made by some government CMS exports do (needs pypdf)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv=None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(WRITERS)
    html = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        pdf = to_pdf(EXAMPLE, Path(work)).read_bytes()
    FIXTURES.mkdir(exist_ok=True)
    for name in names:
        (FIXTURES / name).write_bytes(WRITERS[name](html, pdf))
        print(f"wrote tests/fixtures/{name} ({(FIXTURES / name).stat().st_size} bytes)")
    return 0


WRITERS = {"sample_report.mht": lambda html, pdf: make_mht(html),
           "sample_report.ofd": lambda html, pdf: make_ofd(pdf),
           "sample_report_garbled.pdf": lambda html, pdf: garble(pdf)}


if __name__ == "__main__":
    sys.exit(main())
