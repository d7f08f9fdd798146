"""Word (.docx): paragraphs and real tables in document order, tables as grids.

python-docx reads the package; we walk the body XML so each table sits where it
is in the text. Merged cells (gridSpan / vMerge) become one ``GridCell`` with its
spans, the covered positions empty in the tab-rendered rows. The zip is checked
for bombs (total size and compression ratio) before python-docx opens it.
"""
from __future__ import annotations

import io
import os
import zipfile

from ..errors import InputError
from ..report import Document
from .text_builder import TextBuilder

MAX_UNZIPPED = int(os.environ.get("GISNLP_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024))
MAX_RATIO = 200          # uncompressed / compressed, per member larger than 1 MiB
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def check_zip(data: bytes, required: str = "word/document.xml", label: str = ".docx") -> None:
    """Raise InputError for a corrupt zip, a zip bomb, or a package without its ``required`` member."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise InputError(f"the {label} file is corrupt ({e})", "open and re-save it in Word, Excel or WPS") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"the {label} member {info.filename} expands {info.file_size // max(info.compress_size, 1)}"
                             " times: refusing a possible zip bomb", "re-save the document in Word, Excel or WPS")
    if total > MAX_UNZIPPED:
        raise InputError(f"the {label} expands to {total // (1024 * 1024)} MiB, over the "
                         f"{MAX_UNZIPPED // (1024 * 1024)} MiB limit",
                         "raise GISNLP_MAX_UNZIPPED_BYTES if this really is one report")
    names = {i.filename for i in infos}
    if required and required not in names:
        kind = "a Word document" if label == ".docx" else "an Excel workbook"
        raise InputError(f"this zip file is not {kind} (no {required})",
                         "give a .docx, .xlsx, .pdf, .html or .txt file")


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in tc.iter(_W + "p"))


def _table_matrix(tbl) -> list[list]:
    """Rows of a w:tbl as a matrix: a dict per cell origin, None where a merge covers."""
    grid: list[list] = []
    origin_of: dict[tuple[int, int], dict] = {}
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        row: list = []
        col = 0
        trpr = tr.find(_W + "trPr")
        before = 0
        if trpr is not None:
            gb = trpr.find(_W + "gridBefore")
            if gb is not None:
                before = int(gb.get(_W + "val", "0") or 0)
        row.extend([None] * before)
        col = before
        for tc in tr.iterchildren(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(_W + "val", "1")))
                    except ValueError:
                        span = 1
                vm = tcpr.find(_W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(_W + "val", "continue")
            if vmerge == "continue" and (r - 1, col) in origin_of:
                cell = origin_of[(r - 1, col)]
                cell["row_span"] += 1
                origin_of[(r, col)] = cell
                row.extend([None] * span)
            else:
                cell = {"text": _cell_text(tc), "row_span": 1, "col_span": span}
                origin_of[(r, col)] = cell
                row.append(cell)
                row.extend([None] * (span - 1))
            col += span
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid]


def read_docx(data: bytes) -> Document:
    """Read a .docx into a Document: text in body order, one grid per Word table."""
    check_zip(data)
    try:
        import docx
        d = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as e:  # python-docx raises many kinds on broken packages
        raise InputError(f"the .docx file could not be opened ({type(e).__name__}: {e})",
                         "open and re-save it in Word or WPS, or export it to PDF") from None
    out = TextBuilder()
    _read_blocks(d.element.body, out)
    title = (d.core_properties.title or "").strip() or None
    return Document(text=out.text, format="docx", grids=out.grids, title=title, encoding="utf-8")


def _read_blocks(parent, out: TextBuilder) -> None:
    """Paragraphs and tables of a block container (the body, a content control, a text box) in order.

    Content controls (w:sdt) wrap paragraphs and tables alike; a table holding another table is a
    layout or frame table whose cells are read as containers; a paragraph may anchor text boxes
    whose paragraphs and tables follow its own text (Word writes each box twice, as DrawingML and
    as its VML fallback: the fallback copy is skipped)."""
    for child in parent.iterchildren():
        if child.tag == _W + "p":
            out.line(_para_with_tabs(child))
            for box in _text_boxes(child):
                _read_blocks(box, out)
        elif child.tag == _W + "tbl" and child.find(".//" + _W + "tbl") is not None:
            for tc in child.iter(_W + "tc"):    # a layout or frame table: its cells hold the content
                if tc.getparent().getparent() is child:
                    _read_blocks(tc, out)
        elif child.tag == _W + "tbl":
            out.table(_table_matrix(child))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _read_blocks(content, out)


def _text_boxes(p) -> list:
    """The outermost text-box contents anchored in paragraph ``p``, without VML fallback copies."""
    if p.find(".//" + _W + "txbxContent") is None:
        return []
    return [box for box in p.iter(_W + "txbxContent") if not _boxed(box, p)]


def _boxed(el, p) -> bool:
    """Whether ``el`` sits inside a text box (or a fallback copy) within paragraph ``p``, below ``el`` itself."""
    for a in el.iterancestors():
        if a is p:
            return False
        if a.tag in (_W + "txbxContent", _MC_FALLBACK):
            return True
    return False


def _para_with_tabs(p) -> str:
    """A paragraph's own text, tabs kept; text boxes anchored in it are read apart (_text_boxes) and
    alternate-content fallback copies are skipped."""
    nested = p.find(".//" + _W + "txbxContent") is not None or p.find(".//" + _MC_FALLBACK) is not None
    parts = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br"):
        if nested and _boxed(el, p):
            continue
        parts.append(el.text or "" if el.tag == _W + "t" else ("\t" if el.tag == _W + "tab" else " "))
    return "".join(parts)
