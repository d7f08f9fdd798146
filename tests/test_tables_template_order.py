"""Table 三 and 四 from a PDF's text in reading order, read by template order and confirmed by identities.

The texts are written here (figures of a made-up county office): every value on
a line of its own, labels printed away from their rows — the first row's label
after later rows' values, a block of rows read one column at a time — as real
extractions (pdftotext, pdfminer) print them. The corpus PDFs' own reading-order
text is checked against the cells read from the PDFs, when poppler is there.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

import gisnlp
from gisnlp.report import Cell
from gisnlp.tables.blocks import run_readings
from gisnlp.tables.label_side import settle
from gisnlp.tables.results import TableResult
from gisnlp.tables.tokens import EMPTY, NUM, Token

STEPS = ["normalize", "structure", "metadata", "tables"]
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
APPLICANTS = COLS[:-1]
TITLE = "某某县司法局2021年政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻《条例》。\n三、收到和处理政府信息公开申请情况\n"
HEADER = ["申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ROWS = [   # 2021 template with （六）其他处理 printed as one row: 23 rows
    ("一、本年新收政府信息公开申请数量", [40, 3, 0, 1, 0, 0, 44]),
    ("二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    ("（一）予以公开", [25, 2, 0, 1, 0, 0, 28]),
    ("（二）部分公开", [4, 0, 0, 0, 0, 0, 4]),
    ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", [2, 0, 0, 0, 0, 0, 2]),
    ("5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("6.属于四类过程性信息", [1, 1, 0, 0, 0, 0, 2]),
    ("7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("1.本机关不掌握相关政府信息", [5, 0, 0, 0, 0, 0, 5]),
    ("2.没有现成信息需要另行制作", [1, 0, 0, 0, 0, 0, 1]),
    ("3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("2.重复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("（六）其他处理", [0, 0, 0, 0, 0, 0, 0]),
    ("（七）总计", [40, 3, 0, 1, 0, 0, 44]),
    ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 0, 2]),
]
IDS = ["new", "carried_in", "result.disclosed", "result.partial"] + [
    f"result.withheld.{r}" for r in ["secret", "law", "safety", "third_party", "internal", "process",
                                     "enforcement", "query"]] + [
    "result.unavailable.not_held", "result.unavailable.not_ready", "result.unavailable.unclear"] + [
    f"result.rejected.{r}" for r in ["petition", "repeat", "publication", "excessive", "confirm"]] + [
    "result.other", "result.total", "carried_out"]
EXPECTED = {f"t3.{rid}.{c}": v for rid, (_, vals) in zip(IDS, ROWS) for c, v in zip(COLS, vals)}


def _lines(blocks) -> str:
    """The table as reading-order text: per block its labels, then its values (by row or by column)."""
    out = list(HEADER)
    for labels, rows, by_column in blocks:
        out += labels
        values = [row[c] for c in range(7) for row in rows] if by_column else [v for row in rows for v in row]
        out += [str(v) for v in values]
    return TITLE + "\n".join(out) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


def _read(text: str) -> dict:
    report = gisnlp.load(steps=STEPS)(text)
    return {c.id: c.value for c in report.cells if c.id.startswith("t3.")}, report.meta.warnings


def _blocks(first_label_later: bool, columns: bool):
    """Blocks like pdftotext's: the first row's values after the header with its label printed in the
    fourth block; rows 5–14 one block (read by column when ``columns``)."""
    labels = [label for label, _ in ROWS]
    rows = [vals for _, vals in ROWS]
    first = [] if first_label_later else labels[:1]
    return [
        (first, rows[:1], False),
        (labels[1:2], rows[1:2], False),
        (labels[2:4], rows[2:4], False),
        ((labels[:1] if first_label_later else []) + labels[4:14], rows[4:14], columns),
        (labels[14:21], rows[14:21], columns),
        (labels[21:], rows[21:], False),
    ]


@pytest.mark.parametrize("first_label_later", [False, True])
@pytest.mark.parametrize("columns", [False, True])
def test_reading_order_blocks_read_by_template_order(first_label_later, columns):
    cells, _ = _read(_lines(_blocks(first_label_later, columns)))
    assert cells == EXPECTED


def test_values_that_break_an_identity_are_not_placed_by_order():
    blocks = _blocks(True, True)
    labels, rows, by_column = blocks[5]
    blocks[5] = (labels, [rows[0], [4, 0, 0, 0, 0, 0, 4]], by_column)    # 结转下年度 two more than it balances
    cells, warnings = _read(_lines(blocks))
    wrong = {k: v for k, v in cells.items() if EXPECTED.get(k) != v and not k.startswith("t3.carried_out.")}
    assert wrong == {}
    assert len(cells) < len(EXPECTED)


def _tokens(values):
    return [Token(NUM if isinstance(v, int) else EMPTY, str(v), k, k + 1) for k, v in enumerate(values)]


def test_a_run_read_by_column_when_only_that_sums():
    rows = [[1, 0, 0, 0, 0, 0, 1], [0, 2, 0, 0, 0, 0, 2], [3, 0, 0, 0, 0, 1, 4]]
    by_column = [row[c] for c in range(7) for row in rows]
    readings = run_readings(_tokens(by_column), COLS, APPLICANTS)
    assert [[[int(t.text) for t in row] for row in r] for r in readings] == [rows]


def test_a_run_summing_both_ways_gives_every_reading():
    rows = [[0, "—", 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]     # a placeholder here or there: both sum
    flat = [v for row in rows for v in row]
    assert len(run_readings(_tokens(flat), COLS, APPLICANTS)) == 2


def test_table_four_values_cut_inside_a_group_and_not_summing_are_left_out():
    text = TITLE + "\n".join(HEADER) + "\n" + "\n".join(str(v) for _, vals in ROWS for v in vals) + "\n"
    text += "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果\n维持\n" + "\n".join(
        ["7", "2", "结果", "纠正", "1", "0", "总计", "6", "3", "1", "0", "0", "4", "5", "1", "0", "0", "6"]) + "\n"
    text += "五、存在的主要问题及改进情况\n无。\n"
    report = gisnlp.load(steps=STEPS)(text)
    t4 = {c.id: c.value for c in report.cells if c.id.startswith("t4.")}
    assert not any(k.startswith("t4.review.") for k in t4)
    assert t4["t4.litigation_after.total"] == 6
    assert any("do not sum" in w for w in report.meta.warnings)


@pytest.mark.parametrize("name,least", [("r0001.pdf", 180), ("r0003.pdf", 190)])
def test_corpus_pdfs_reading_order_text_reads_no_wrong_cell(corpus_dir, name, least):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    pdf = corpus_dir / "files" / name
    truth = {c.id: c.value for c in gisnlp.analyze(pdf).cells}
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    got = {c.id: c.value for c in gisnlp.analyze(text).cells}
    assert {k: v for k, v in got.items() if truth.get(k) != v} == {}
    assert len(got) >= least


T4_AGREED = {"t4.review.upheld": 3, "t4.review.corrected": 1, "t4.review.other": 0, "t4.review.pending": 2,
             "t4.review.total": 6, "t4.litigation_direct.pending": 0, "t4.litigation_after.pending": 0}
T4_ALL = {**T4_AGREED, "t4.litigation_direct.upheld": 1, "t4.litigation_direct.corrected": 1,
          "t4.litigation_direct.other": 0, "t4.litigation_direct.total": 2, "t4.litigation_after.upheld": 2,
          "t4.litigation_after.corrected": 0, "t4.litigation_after.other": 1, "t4.litigation_after.total": 3}


@pytest.mark.parametrize("group_name,expected", [("复议后起诉", T4_ALL), ("结果", T4_AGREED)])
def test_table_four_runs_in_another_order(group_name, expected):
    """Runs of 四's values in the order a PDF's column blocks are read: 4 results of 行政复议, 4 of
    复议后起诉, 行政复议's total, 未经复议直接起诉's five, 复议后起诉's total. With 复议后起诉 printed just
    before its run one order sums; without, only the cells every summing order agrees on are kept."""
    text = TITLE + "\n".join(HEADER) + "\n" + "\n".join(str(v) for _, vals in ROWS for v in vals) + "\n"
    pieces = ["行政复议", "行政诉讼", "结果", "维持", "3", "1", "0", "2", group_name, "结果", "纠正",
              "2", "0", "1", "0", "总计", "6", "维持", "纠正", "1", "1", "0", "0", "2", "总计", "3"]
    text += "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(pieces) + "\n五、存在的主要问题及改进情况\n无。\n"
    report = gisnlp.load(steps=STEPS)(text)
    t4 = {c.id: c.value for c in report.cells if c.id.startswith("t4.")}
    assert t4 == expected
    assert any("another order" in w for w in report.meta.warnings) == (expected is T4_AGREED)


def _result(rows: dict) -> TableResult:
    return TableResult(cells=[Cell(f"t3.{rid}.{c}", v) for rid, vals in rows.items() for c, v in zip(COLS, vals)])


def test_labels_after_or_before_neither_confirmed_leaves_the_disputed_rows_out():
    rows = {rid: vals for rid, (_, vals) in zip(IDS, ROWS)}
    before = _result({k: rows[k] for k in ["carried_in", "result.disclosed", "result.partial"]})
    after = _result({"carried_in": rows["new"], "result.disclosed": rows["carried_in"],
                     "result.partial": rows["result.partial"]})      # shifted by one row, but for the last
    kept = settle(after, before, "2021")
    assert {c.id.rsplit(".", 1)[0] for c in kept.cells} == {"t3.result.partial"}
    assert "left out" in kept.warnings[-1]


def test_labels_after_or_before_the_reading_whose_identities_hold_is_kept():
    rows = {rid: vals for rid, (_, vals) in zip(IDS, ROWS)}
    whole = _result(rows)
    shifted = _result(dict(zip(IDS[1:], [rows[k] for k in IDS[:-1]])))
    assert settle(shifted, whole, "2021") is whole
    assert settle(whole, shifted, "2021") is whole


def test_a_block_read_by_column_with_its_total_column_out_of_place():
    rows = [[1, 0, 0, 0, 0, 2, 3], [0, 2, 0, 0, 0, 0, 2], [3, 0, 0, 0, 0, 1, 4]]
    printed = [0, 1, 2, 3, 4, 6, 5]       # 总计 read before 其他
    values = [row[c] for c in printed for row in rows]
    readings = run_readings(_tokens(values), COLS, APPLICANTS)
    assert [[[int(t.text) for t in row] for row in r] for r in readings] == [rows]


def test_table_four_values_cut_by_header_pieces_that_sum_as_printed_are_read_as_printed():
    text = TITLE + "\n".join(HEADER) + "\n" + "\n".join(str(v) for _, vals in ROWS for v in vals) + "\n"
    pieces = ["行政复议", "结果", "维持", "2", "结果", "纠正", "1", "其他结果", "0", "尚未审结", "1", "总计", "4",
              "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
              "1", "0", "1", "0", "2", "1", "0", "0", "0", "1"]
    text += "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(pieces) + "\n五、存在的主要问题及改进情况\n无。\n"
    report = gisnlp.load(steps=STEPS)(text)
    t4 = [c.value for c in report.cells if c.id.startswith("t4.")]
    assert t4 == [2, 1, 0, 1, 4, 1, 0, 1, 0, 2, 1, 0, 0, 0, 1]


def test_table_four_more_values_one_a_line_than_its_cells_are_left_out():
    text = TITLE + "\n".join(HEADER) + "\n" + "\n".join(str(v) for _, vals in ROWS for v in vals) + "\n"
    values = ["0", "0", "2", "1", "0", "0", "1", "1", "0", "0", "0", "1", "0", "1", "0", "0", "1"]   # 17
    head = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    text += "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(head + values)
    text += "\n五、存在的主要问题及改进情况\n无。\n"
    report = gisnlp.load(steps=STEPS)(text)
    assert not [c for c in report.cells if c.id.startswith("t4.")]
    assert any("17 values printed one a line" in w for w in report.meta.warnings)
