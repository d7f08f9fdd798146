"""Table 三 as text extracted from a PDF in reading order (pdftotext without -layout).

The texts are written here: every label cut into pieces of two characters one
a line, every value on a line of its own, blank lines between cells; rows
printed as blocks (the labels of several rows, then all their values) and the
first row's values cut by the column header.
"""
from __future__ import annotations

import re

import gisnlp
from gisnlp.tables.label_match import RowSpec, match_label
from gisnlp.tables.label_match import rows as label_rows
from gisnlp.tables.reading_order import join_pieces, join_spilled, split_stacked
from gisnlp.tables.tokens import EMPTY, NUM, Group, Token, text_rows

STEPS = ["normalize", "structure", "metadata", "tables"]
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
TITLE = "某某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本镇认真贯彻《条例》。\n"
TAIL = "四、政府信息公开行政复议、行政诉讼情况\n"
FIGURES = {
    "new": [30, 4, 0, 1, 0, 2, 37],
    "carried_in": [2, 0, 0, 0, 0, 0, 2],
    "result.disclosed": [20, 3, 0, 1, 0, 1, 25],
    "result.partial": [5, 1, 0, 0, 0, 0, 6],
    "result.withheld.secret": [1, 0, 0, 0, 0, 0, 1],
    "result.other.other": [0, 0, 0, 0, 0, 0, 0],
    "result.total": [26, 4, 0, 1, 0, 1, 32],
    "carried_out": [6, 0, 0, 0, 0, 1, 7],
}
LABELS = {
    "new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
    "result.disclosed": "（一）予以公开", "result.partial": "（二）部分公开",
    "result.withheld.secret": "1.属于国家秘密", "result.other.other": "3.其他",
    "result.total": "（七）总计", "carried_out": "四、结转下年度继续办理",
}


def _pieces(label: str) -> list[str]:
    """The label cut into pieces of two characters, one a line, then a blank line."""
    return [label[k:k + 2] for k in range(0, len(label), 2)] + [""]


def _values(values: list) -> list[str]:
    return [x for v in values for x in (str(v), "")]


def _block(rids: list) -> list[str]:
    """The labels of ``rids`` one after the other, then all of their values."""
    return [x for r in rids for x in _pieces(LABELS[r])] + [x for r in rids for x in _values(FIGURES[r])]


def _text() -> str:
    header = _pieces("三、收到和处理政府信息公开申请情况") + _pieces("申请人情况") + _pieces("自然人")
    first = _pieces(LABELS["new"])
    lines = header + first[:5] + _values(FIGURES["new"][:1])           # the first value after 自然人
    lines += [x for name in ("法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
              for x in _pieces(name)]
    lines += _values(FIGURES["new"][1:]) + first[5:]                   # the rest, then the label's end
    lines += _block(["carried_in"]) + _pieces("三、本年度办理结果") + _block(["result.disclosed", "result.partial"])
    lines += _pieces("（三）不予公开") + _block(["result.withheld.secret"])
    lines += _pieces("（六）其他处理") + _block(["result.other.other", "result.total", "carried_out"])
    return TITLE + "\n".join(lines) + "\n" + TAIL


def _t3(text: str):
    report = gisnlp.load(steps=STEPS)(text.encode("utf-8"))
    return {c.id: c.value for c in report.cells if c.id.startswith("t3.")}, report


def test_reading_order_pieces_read_every_row_right():
    got, _ = _t3(_text())
    expected = {f"t3.{rid}.{c}": v for rid, vals in FIGURES.items() for c, v in zip(COLS, vals)}
    assert got == expected


def _group(fragments: list, values: list) -> Group:
    return Group(fragments, [Token(NUM, str(v)) for v in values])


def test_a_block_of_rows_is_cut_at_the_pieces_naming_them_in_order():
    specs = [s for s in label_rows("t3") if s.allowed("2021")]
    g = _group(["3.其", "他", "(七", ")总", "计", "四、", "结转", "下年", "度继", "续办", "理"], list(range(21)))
    out = split_stacked([g], specs, "2021", 7)
    assert ["".join(x.fragments) for x in out] == ["3.其他", "(七)总计", "四、结转下年度继续办理"]
    assert [[int(t.text) for t in x.values] for x in out] == [list(range(k, k + 7)) for k in (0, 7, 14)]


def test_a_block_whose_pieces_name_rows_in_two_ways_is_left_out_with_a_warning():
    # 甲 and 乙 name optional heading rows: 甲 / 乙丙 and 甲乙 / 丙 are both readings, naming other rows
    specs = [RowSpec("a", [re.compile("甲")], optional=True), RowSpec("b", [re.compile("乙")], optional=True),
             RowSpec("c", [re.compile("丙")])]
    kept = _group(["丁"], list(range(7)))
    warnings: list = []
    out = split_stacked([kept, _group(["甲", "乙", "丙"], list(range(14)))], specs, None, 7, warnings)
    assert out == [kept]
    assert len(warnings) == 1 and "left out" in warnings[0]


def test_a_block_that_cannot_be_cut_stays_as_printed():
    specs = [s for s in label_rows("t3") if s.allowed("2021")]
    g = _group(["说明", "文字"], list(range(14)))
    assert split_stacked([g], specs, "2021", 7) == [g]


def test_values_cut_by_header_names_are_joined_but_not_across_a_row_label():
    first = _group(["一、本年新收"], [30])
    header = _group(["法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], [4, 0, 1, 0, 2, 37])
    joined = join_spilled([first, header], 7)
    assert len(joined) == 1 and [t.text for t in joined[0].values] == ["30", "4", "0", "1", "0", "2", "37"]
    labelled = _group(["二、上年结转"], [4, 0, 1, 0, 2, 37])
    assert join_spilled([first, labelled], 7) == [first, labelled]


def test_placeholders_count_as_values_printed_alone():
    g = Group(["3.其他", "(七)总计"], [Token(EMPTY, "—")] * 7 + [Token(NUM, "1")] * 7)
    specs = [s for s in label_rows("t3") if s.allowed("2021")]
    assert [len(x.values) for x in split_stacked([g], specs, "2021", 7)] == [7, 7]


def test_pieces_are_not_joined_in_a_table_printed_one_cell_a_line():
    text = "行政许可\n25\n3\n110\n行政处罚\n7\n1\n30\n其他\n对外\n管理\n4\n0\n9\n"
    rows = list(text_rows(text, 0, len(text)))
    assert join_pieces(rows, text) is rows


def test_joined_pieces_keep_their_offsets():
    label = "\n".join(_pieces("（一）予以公开")[:-1])
    text = "\n".join([label, "", "5", "", label, "", "6", ""] * 4)
    rows = list(text_rows(text, 0, len(text)))
    joined = [r for r in join_pieces(rows, text) if r.cells and not r.cells[0][0].strip().isdigit()]
    assert joined and all(text[s:e] == t and t.replace("\n", "") == "（一）予以公开" for r in joined for t, s, e in r.cells)


def test_a_line_of_values_is_never_cut_into_rows():
    specs = [s for s in label_rows("t3") if s.allowed("2021")]
    g = Group(["3.其他", "(七)总计"], [Token(NUM, str(v), row=True) for v in range(14)])
    assert split_stacked([g], specs, "2021", 7) == [g]


def test_pieces_under_rows_of_values_are_left_to_the_wrapped_below_reading():
    """Labels wrapped below their numbers (一、本 86 9 … / 年新收 / …) are pieces too, but their rows'
    values stand on one line: that is another layout, and its pieces are not joined here."""
    rows_ = [f"{head} {k} - {k + 1} 0 - - {2 * k + 1}\n" + "\n".join(["年新收", "政府信", "息公开", "申请数", "量"])
             for k, head in enumerate(["一、本", "二、上", "(一)", "(二)", "3.其"])]
    text = "\n".join(rows_) + "\n"
    rows = list(text_rows(text, 0, len(text)))
    assert join_pieces(rows, text) is rows


def test_table_three_is_found_when_its_labels_and_heading_rows_are_cut_into_pieces():
    """No ordinals, placeholders for zeros, the first row's values cut by the header: the 本年新收 row
    is no anchor, the table is found by its heading (a line of the text) and its values one a line."""
    from gisnlp.tables.regions import find_regions
    lines = ["三、收到和处理政府信息公开申请情况"] + _pieces("自然人") + _pieces("本年新收政府信息")
    lines += ["28", ""] + _pieces("法人或其他组织") + _pieces("总计") + _values([7, "/", "/", "/", 2, 37])
    lines += _pieces("公开申请数量") + _pieces("上年结转政府信息公开申请数量") + _values(["/"] * 5 + [1, 1])
    lines += _pieces("本年度办理结果") + _pieces("（一）予以公开") + _values([12, 1, "/", "/", "/", "/", 13])
    text = TITLE + "\n".join(lines) + "\n" + TAIL
    report = gisnlp.load(steps=["normalize", "structure", "metadata"])(text.encode("utf-8"))
    found = find_regions(report.norm.text).t3
    assert found is not None and "28" in report.norm.text[found[0]:found[1]]


def test_a_heading_row_over_its_rows_takes_no_values_of_a_block():
    """（六）其他处理 may name the 2021 subtotal row or head the rows below it: the block's three rows of
    values go to the three rows it heads, not to the heading."""
    specs = [s for s in label_rows("t3") if s.allowed("2021")]
    g = _group(["(六)其他", "处理", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"], list(range(21)))
    out = split_stacked([g], specs, "2021", 7)
    names = [match_label(x.fragments, specs, "2021")[0][0] for x in out]
    assert names == ["result.other.no_correction", "result.other.no_fee", "result.other.other"]
