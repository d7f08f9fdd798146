"""Read a path, bytes or text: check the limits, pick the backend, check the result.

Backends are imported only when a document of their format arrives, so reading
a text file never imports pdfplumber or python-docx.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import InputError, UnsupportedFormat
from ..report import Document
from . import limits
from .sniff import FORMAT_OF_EXTENSION, sniff

# format -> (module in this package, function taking the bytes)
BACKENDS = {"txt": ("html_in_text", "read_text"), "md": ("html_in_text", "read_markdown"),
            "html": ("html", "read_html"), "docx": ("docx", "read_docx"), "pdf": ("pdf", "read_pdf"),
            "image": ("image", "read_image"), "doc": ("legacy_word", "read_doc"),
            "wps": ("legacy_word", "read_wps"), "rtf": ("legacy_word", "read_rtf"),
            "xlsx": ("spreadsheet", "read_xlsx"), "xls": ("spreadsheet", "read_xls"),
            "mht": ("mht", "read_mht"), "ofd": ("ofd", "read_ofd")}


def read_bytes(data: bytes, format: str = None, ext: str = "") -> Document:
    """Read a document from its bytes; ``format`` overrides sniffing, ``ext`` helps it."""
    limits.check_size(len(data))
    fmt = format or sniff(data, ext)
    if fmt == "zip":                  # an archive: the report inside, read by this same function
        from .zip_attachment import read_zip
        return limits.check_text(read_zip(data, _read_member))
    if fmt not in BACKENDS:
        raise UnsupportedFormat(f"unknown format {fmt!r}",
                                f"use one of: {', '.join(sorted(set(FORMAT_OF_EXTENSION.values())))}")
    module, function = BACKENDS[fmt]
    reader = getattr(import_module(f".{module}", __package__), function)
    return limits.check_text(reader(data))


def _read_member(data: bytes, ext: str) -> Document:
    """A file inside a zip archive, read like a file given alone (but no archive inside an archive)."""
    fmt = sniff(data, ext)
    if fmt == "zip":
        raise InputError("the zip holds another zip archive", "unzip both and give the report file")
    return read_bytes(data, format=fmt, ext=ext)


def read_path(path: Path, format: str = None) -> tuple[bytes, Document]:
    """Read a file: (its bytes, the Document). Missing files and folders raise InputError."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}", "check the path")
    if path.is_dir():
        raise InputError(f"{path} is a folder", "give the files inside it, or use `gisnlp tag` for folders")
    try:
        limits.check_size(path.stat().st_size)
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied",
                         "check the file's permissions (chmod +r) or run as a user who may read it") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or type(e).__name__}",
                         "check that the file is readable and not a broken link") from None
    return data, read_bytes(data, format=format, ext=path.suffix.lower())


def read_text(text: str) -> Document:
    """A document given directly as text."""
    if not text.strip():
        raise InputError("the text is empty", "pass a report's text or a path to one")
    from .text import strip_bom
    return limits.check_text(Document(text=strip_bom(text), format="txt", encoding="utf-8"))


def read_path_with_tables(path: Path, tables: Path, format: str = None) -> tuple[bytes, Document]:
    """Read a report and the spreadsheet (or other file) holding its tables, as one Document."""
    from .pairing import attach_tables
    data, doc = read_path(path, format=format)
    _, tables_doc = read_path(tables)
    return data, limits.check_text(attach_tables(doc, tables_doc))
