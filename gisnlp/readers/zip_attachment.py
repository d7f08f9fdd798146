"""Zip attachments: the report inside a .zip read as if it had been given alone.

Sites attach a report as a zip (the report, sometimes its tables as a
spreadsheet, sometimes several reports). The archive is checked for bombs
first (``docx.check_zip``); member names written by Chinese Windows without
the UTF-8 flag are decoded as GB18030. The report is the readable member that
looks most like one: a name with 年度报告 or 年报, then a document format
over a spreadsheet or an image, then the largest. A spreadsheet with the
report's name is attached as its tables (``pairing``). Other documents are
named in a warning, since one input gives one report; nested archives are not
opened.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from ..errors import InputError
from ..report import Document
from .docx import check_zip
from .pairing import SPREADSHEET_EXTENSIONS, attach_tables, pair_by_stem
from .sniff import FORMAT_OF_EXTENSION

_REPORT_WORDS = ("年度报告", "年报", "工作报告")
_DOCUMENT_RANK = {"docx": 0, "doc": 0, "wps": 0, "pdf": 1, "ofd": 1, "html": 2, "mht": 2, "rtf": 2, "md": 3,
                  "txt": 3, "xlsx": 4, "xls": 4, "image": 5, "zip": 6}
_UNZIP_HINT = "unzip it and give the report file (or the folder, with `gisnlp tag`)"


def read_zip(data: bytes, read_member) -> Document:
    """Read the report held in a zip archive; ``read_member(bytes, ext)`` reads one member.

    (The caller passes its own reader, so the member is read like any file.)
    """
    check_zip(data, required=None, label=".zip")
    zf = zipfile.ZipFile(io.BytesIO(data))
    found = report_members(zf)
    if not found:
        shown = ", ".join(sorted(_members(zf))[:5]) or "nothing"
        raise InputError(f"the zip holds no file gisnlp reads (it holds {shown})", _UNZIP_HINT)
    chosen, info, tables = found[0]
    doc = _read(zf, chosen, info, read_member)
    if tables is not None:
        doc = attach_tables(doc, _read(zf, tables[0], tables[1], read_member))
    others = [name for name, _, _ in found[1:]]
    doc.warnings.insert(0, f"read {chosen} from the zip archive"
                        + (f"; it also holds {', '.join(others[:5])} ({_UNZIP_HINT} for those)" if others else ""))
    return doc


def report_members(zf: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo, tuple | None]]:
    """The reports a zip holds, the likeliest first: (decoded name, info, (name, info) of the
    spreadsheet named like it, its tables, or None).

    The first is the member that looks most like a report (``_rank``); the others are the
    other documents (not images, spreadsheets or nested archives, which are a report only when
    nothing else is). Empty when the zip holds nothing gisnlp reads.
    """
    readable = {n: i for n, i in _members(zf).items() if _format(n) in _DOCUMENT_RANK}
    if not readable:
        return []
    chosen = min(readable, key=lambda n: _rank(n, readable[n]))
    sheets = [n for n in readable if n.lower().endswith(SPREADSHEET_EXTENSIONS)]

    def with_tables(name: str) -> tuple:
        """(name, info, its spreadsheet or None)."""
        paired = pair_by_stem([name] + sheets).get(name)
        return name, readable[name], (paired, readable[paired]) if paired else None
    first = with_tables(chosen)
    others = [n for n in readable if n != chosen and (first[2] is None or n != first[2][0])
              and _format(n) not in ("image", "xlsx", "xls", "zip")]
    return [first] + [with_tables(n) for n in others]


def _members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """{decoded name: info} of the files in the archive (no folders, no macOS resource forks)."""
    out = {}
    for info in zf.infolist():
        name = member_name(info.filename, info.flag_bits)
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if info.is_dir() or not parts or parts[0] == "__MACOSX" or parts[-1].startswith("."):
            continue
        out[name] = info
    return out


def member_name(name: str, flag_bits: int) -> str:
    """A zip member's name as its author wrote it. A name not flagged UTF-8 (bit 11) is read by
    Python as cp437; its bytes are re-decoded as UTF-8 (a tool that did not set the flag), else as
    GB18030 when that gives Chinese characters (a Chinese Windows tool: ``2023─Ω▒¿╕µ.txt`` ->
    ``2023年报告.txt``); otherwise the name is kept."""
    if flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        decoded = raw.decode("gb18030")
    except UnicodeDecodeError:
        return name
    return decoded if any("\u4e00" <= ch <= "\u9fff" for ch in decoded) else name


def _format(name: str) -> str | None:
    """The format a member's extension names (None for an extension gisnlp does not read)."""
    return FORMAT_OF_EXTENSION.get(PurePosixPath(name).suffix.lower())


def _rank(name: str, info: zipfile.ZipInfo) -> tuple:
    """Sort key: report words in the name first, then document formats, then the largest."""
    stem = PurePosixPath(name).stem
    return (not any(w in stem for w in _REPORT_WORDS), _DOCUMENT_RANK[_format(name)], -info.file_size, name)


def _read(zf: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, read_member) -> Document:
    """One member read by ``read_member``; a password-protected member is one line."""
    try:
        data = zf.read(info)
    except RuntimeError as e:                       # zipfile: "File ... is encrypted, password required"
        raise InputError(f"{name} in the zip is password-protected ({e})",
                         "unzip it with its password and give the report file") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as e:
        raise InputError(f"{name} in the zip is corrupt ({e})", "download the archive again") from None
    return read_member(data, PurePosixPath(name).suffix.lower())
