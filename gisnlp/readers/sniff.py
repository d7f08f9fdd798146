"""Which reader a file needs: magic bytes first, then the extension."""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import UnsupportedFormat
from .image import image_kind

FORMAT_OF_EXTENSION = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                       ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
                       ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".wps": "wps", ".rtf": "rtf",
                       ".xlsx": "xlsx", ".xls": "xls", ".png": "image", ".jpg": "image", ".jpeg": "image",
                       ".tif": "image", ".tiff": "image", ".bmp": "image", ".gif": "image", ".webp": "image",
                       ".mht": "mht", ".mhtml": "mht", ".ofd": "ofd", ".zip": "zip", ".et": "xls", ".ett": "xls",
                       ".wpt": "wps"}
SUPPORTED_EXTENSIONS = tuple(sorted(FORMAT_OF_EXTENSION))
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# RAR, 7-Zip, gzip and bzip2 archives (sites attach reports in them too; only zip is opened).
_OTHER_ARCHIVES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b\x08")
# A MIME message's header block (a saved single-file web page, .mht): header lines, then one naming the type.
_MIME_HEAD = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?(?:mime-version|content-type):",
                        re.I)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, ext: str = "") -> str:
    """The format name of ``data`` from its magic bytes, else ``ext``.

    One of txt, md, html, mht, docx, pdf, ofd, zip, doc, wps, rtf, xlsx, xls, image.
    """
    head = data[:2048].lstrip()
    if image_kind(data):
        return "image"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data, ext)
    if data[:8] == _OLE:
        return _ole_kind(data, ext)
    if data[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_OTHER_ARCHIVES) or (data[:3] == b"BZh" and data[4:10] == b"1AY&SY"):
        raise UnsupportedFormat("this is a RAR, 7-Zip, gzip or bzip2 archive, not a document",
                                "extract it and give the report file inside (zip archives are read directly)")
    if _MIME_HEAD.match(head) and b"multipart/" in head.lower():
        return "mht"
    low = head[:512].lower()
    if ext in _HTML_EXTENSIONS or low.startswith((b"<!doctype html", b"<html")) \
            or (b"<html" in low and b"<body" in data[:65536].lower()):
        return "html"
    fmt = FORMAT_OF_EXTENSION.get(ext, "txt")
    if fmt == "mht":            # a .mht that is no MIME message: a page saved under that name
        return "html"
    return "txt" if fmt in ("doc", "wps", "xls", "xlsx", "image", "ofd", "zip") else fmt


def _zip_kind(data: bytes, ext: str) -> str:
    """docx, xlsx, ofd or a plain zip archive from the package's members (a .doc that is really a
    .docx is read as one; a corrupt zip goes to the reader its extension names, which says so)."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        names = set()
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or ext == ".ofd":
        return "ofd"
    if ext == ".xlsx":
        return "xlsx"
    if ext == ".zip" or (names and ext not in FORMAT_OF_EXTENSION and "[Content_Types].xml" not in names):
        return "zip"
    if ext in (".pptx", ".odt", ".ods", ".odp"):
        raise UnsupportedFormat(f"{ext} files are not supported", "save it as .docx, .xlsx, .pdf or .txt")
    return "docx"


def _ole_kind(data: bytes, ext: str) -> str:
    """doc, wps or xls from the compound file's stream names (then the extension)."""
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return "xls"
    if _utf16("WordDocument") in data:
        return "wps" if ext == ".wps" else "doc"
    if ext in (".doc", ".wps", ".xls", ".et", ".ett", ".wpt"):
        return FORMAT_OF_EXTENSION[ext]
    if _utf16("PowerPoint Document") in data:
        raise UnsupportedFormat("this is a PowerPoint file", "save it as .pdf or .docx")
    raise UnsupportedFormat("this is an Office compound file that is neither Word nor Excel",
                            "save it as .docx, .xlsx or .pdf")
