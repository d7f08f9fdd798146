"""Table 三 whose labels wrap below their row's numbers (text of a PDF with narrow label columns).

The texts are written here: each label's first line beside the row's numbers,
the rest of it on lines below, two label columns side by side (（一 / ）予以公开),
spaced as pdftotext -layout prints them or by single spaces.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import gisnlp
from gisnlp.readers.pdf_wrap import join_label_lines
from gisnlp.tables.label_match import rows as label_rows
from gisnlp.tables.tokens import SourceRow
from gisnlp.tables.wrapped_below import join_wrapped_below, values_blanked
from tablegen.file_layouts import docx_to_pdf, have_soffice

FIXTURES = Path(__file__).parent / "fixtures"

STEPS = ["normalize", "structure", "metadata", "tables"]
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
HEAD = ("某某区人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本区认真贯彻《条例》。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "                 自然   法人                       总计\n"
        "                 人    或其\n"
        "                      他组\n"
        "                      织\n")
TAIL = "四、政府信息公开行政复议、行政诉讼情况\n"
# (label columns: text of each column's cell, figures); a cell that spans rows is given on its first row
ROWS = [
    (["一、本年新收政府信息公开申请数量"], [52, 4, 0, 1, 0, 2, 59]),
    (["二、上年结转政府信息公开申请数量"], [3, 0, 0, 0, 0, 0, 3]),
    (["三、本年度办理结果", "(一)予以公开"], [30, 2, 0, 1, 0, 1, 34]),
    (["", "(二)部分公开"], [7, 1, 0, 0, 0, 0, 8]),
    (["", "(三)不予公开", "1.属于国家秘密"], [1, 0, 0, 0, 0, 0, 1]),
    (["", "", "2.其他法律行政法规禁止公开"], [2, 0, 0, 0, 0, 0, 2]),
]


def _layout(rows, width: int = 2, spaced: bool = True) -> str:
    """The rows printed with every label cell wrapped at ``width`` characters below its numbers."""
    out = []
    for cells, values in rows:
        pieces = [[c[k:k + width] for k in range(0, len(c), width)] for c in cells]
        for k in range(max(len(p) for p in pieces)):
            line = [p[k] if k < len(p) else "" for p in pieces]
            nums = [str(v) for v in values] if k == 0 else []
            if spaced:
                out.append(("".join(x.ljust(width + 3) for x in line) + "   ".join(nums)).rstrip())
            else:
                out.append(" ".join([x for x in line if x] + nums))
    return "\n".join(out) + "\n"


ROW_IDS = ["new", "carried_in", "result.disclosed", "result.partial", "result.withheld.secret",
           "result.withheld.law"]


def _expected():
    return {f"t3.{rid}.{c}": v for rid, (_, vals) in zip(ROW_IDS, ROWS) for c, v in zip(COLS, vals)}


def _t3(text: str) -> dict:
    report = gisnlp.load(steps=STEPS)(text.encode("utf-8"))
    return {c.id: c.value for c in report.cells if c.id.startswith("t3.")}


def test_labels_wrapped_below_their_numbers_take_their_own_row():
    got = _t3(HEAD + _layout(ROWS) + TAIL)
    assert got == _expected()


def test_single_spaced_copy_reads_the_same():
    got = _t3(HEAD + _layout(ROWS, width=3, spaced=False) + TAIL)
    assert got == _expected()


def test_a_page_break_that_moves_the_label_column_keeps_the_pieces_in_their_row():
    text = _layout(ROWS)
    # the wrapped rest of the last label printed further left, after a blank line (a new page)
    head, _, rest = text.rpartition("政法\n")
    moved = head + "政法\n\n" + "\n".join(line.strip().rjust(len(line.strip()) + 5) for line in rest.splitlines())
    got = _t3(HEAD + moved + "\n" + TAIL)
    assert got == _expected()


def test_labels_printed_above_their_numbers_are_left_as_printed():
    """A row's label wrapped ABOVE its numbers (the usual reading) must not be joined downwards."""
    lines = ["行政许可 25 3 110", "其他对外管理服务事", "项 4 0 9", "行政处罚 7 1 30"]
    rows = [SourceRow(cells=[(line, 0, len(line))]) for line in lines]
    specs = list(label_rows("t2"))
    assert join_wrapped_below(rows, specs, None) is rows


def test_the_joined_row_keeps_the_offsets_of_its_values():
    label = "\n政府\n信息\n公开\n申请\n数量\n"
    text = "一、   86   9\n本年\n新收" + label + "二、   4   1\n上年\n结转" + label
    rows, pos = [], 0
    for line in text.splitlines():
        rows.append(SourceRow(cells=[(line, pos, pos + len(line))]))
        pos += len(line) + 1
    joined = join_wrapped_below(rows, list(label_rows("t3")), "2021")
    assert [r.cells[0][0] for r in joined] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    values, start, end = joined[0].cells[1]
    assert text[start:end] == values == "86   9"


def test_values_blanked_keeps_offsets_and_labels():
    text = "一、本   86   9   —\n年新收\n"
    blanked = values_blanked(text)
    assert len(blanked) == len(text)
    assert blanked.split("\n")[0].rstrip() == "一、本" and "年新收" in blanked


def _chars(text: str, x0: float, top: float, size: float = 10.0) -> list[dict]:
    """Characters of ``text`` set from ``x0`` at ``top`` (a space leaves a gap of two characters)."""
    out, x = [], x0
    for ch in text:
        if ch == " ":
            x += 2 * size
            continue
        out.append({"text": ch, "x0": x, "x1": x + size, "top": top, "bottom": top + size})
        x += size
    return out


def _line(text: str, x0: float, top: float) -> dict:
    chars = _chars(text, x0, top)
    return {"text": text, "x0": x0, "x1": chars[-1]["x1"], "top": top, "bottom": top + 10.0, "chars": chars}


def test_pdf_text_lines_join_label_pieces_under_their_row():
    lines = [_line("三、 (一 41 5 49", 0, 0), _line("本年 )予", 0, 12), _line("度办 以公", 0, 24),
             _line("理结 开", 0, 36), _line("果", 0, 48), _line("(二 6 2 8", 40, 60), _line(")部", 40, 72),
             _line("分公", 40, 84), _line("开", 40, 96)]
    out = join_label_lines(lines)
    assert [line["text"] for line in out] == ["三、本年度办理结果 (一)予以公开 41 5 49", "(二)部分公开 6 2 8"]
    assert all(line["table_row"] for line in out) and not any("chars" in line for line in out)


def test_pdf_text_lines_of_prose_are_left_as_they_were():
    lines = [_line("全年共收到申请 101 件 其中 49 件予以公开", 0, 0), _line("办结", 0, 12)]
    assert [line["text"] for line in join_label_lines(lines)] == [line["text"] for line in lines]


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory):
    """The project's .doc fixture printed to PDF by LibreOffice (its table 三 has narrow label columns)."""
    if not have_soffice():
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("wrapped_pdf")
    doc = folder / "sample_report.doc"
    shutil.copy(FIXTURES / "sample_report.doc", doc)
    return doc, docx_to_pdf([doc], folder)[0]


def _f1(got: dict, ref: dict) -> float:
    right = sum(1 for k, v in got.items() if ref.get(k) == v)
    return 2 * right / (len(got) + len(ref)) if got or ref else 1.0


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_with_labels_wrapped_below_reads_table_three(fixture_pdf, engine, monkeypatch):
    doc, pdf = fixture_pdf
    ref = {c.id: c.value for c in gisnlp.analyze(doc).cells if c.id.startswith("t3.")}
    monkeypatch.setenv("GISNLP_PDF_ENGINE", engine)
    got = {c.id: c.value for c in gisnlp.analyze(pdf).cells if c.id.startswith("t3.")}
    assert len(ref) == 175
    assert not [k for k, v in got.items() if ref.get(k) != v]
    assert _f1(got, ref) >= 0.98


def _pdftotext_cells(fixture_pdf, tmp_path, *options) -> tuple[dict, dict]:
    """Table 三 of the .doc fixture and of its PDF extracted by pdftotext with ``options``."""
    doc, pdf = fixture_pdf
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed; apt-get install poppler-utils")
    txt = tmp_path / "extracted.txt"
    subprocess.run(["pdftotext", *options, str(pdf), str(txt)], check=True, timeout=120)
    ref = {c.id: c.value for c in gisnlp.analyze(doc).cells if c.id.startswith("t3.")}
    got = {c.id: c.value for c in gisnlp.analyze(txt).cells if c.id.startswith("t3.")}
    return ref, got


def test_pdftotext_layout_of_that_pdf_reads_table_three(fixture_pdf, tmp_path):
    ref, got = _pdftotext_cells(fixture_pdf, tmp_path, "-layout")
    assert not [k for k, v in got.items() if ref.get(k) != v]
    assert _f1(got, ref) >= 0.98


def test_pdftotext_reading_order_of_that_pdf_reads_table_three(fixture_pdf, tmp_path):
    """The same PDF extracted in reading order: labels in pieces, one cell a line (reading_order.py)."""
    ref, got = _pdftotext_cells(fixture_pdf, tmp_path)
    assert not [k for k, v in got.items() if ref.get(k) != v]
    assert len(got) >= 173


def test_rows_both_readings_name_differently_are_left_out_and_flagged():
    """本年新收 under the first row's numbers and above the second's: either row may own it."""
    lines = ["一、 5 1 6", "本年", "新收", "合计 9 9 9", "说明"]
    rows = [SourceRow(cells=[(line, 0, len(line))]) for line in lines]
    warnings: list = []
    out = join_wrapped_below(rows, list(label_rows("t3")), "2021", warnings)
    assert [r.cells[0][0] if r.cells else None for r in out] == [None, "本年", "新收", None, "说明"]
    assert len(warnings) == 1 and "left out" in warnings[0]


def test_pdf_text_lines_ordinals_blank_marks_and_a_merged_cell_beside():
    """2. alone on a label's first line is a label, - a blank value, and the rest of a cell merged
    over rows (年 / 度, left of the row's labels) stays a line of its own without ending the wrap."""
    lines = [_line("2. 24 0 24", 40, 0), _line("其他", 40, 12), _line("5.属 - - -", 40, 24), _line("年", 0, 36),
             _line("于三", 40, 48), _line("度", 0, 60), _line("类", 40, 72)]
    out = join_label_lines(lines)
    assert [line["text"] for line in out] == ["2.其他 24 0 24", "5.属于三类 - - -", "年", "度"]
