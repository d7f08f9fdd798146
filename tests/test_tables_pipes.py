"""Markdown pipe rows: blank end cells told from outer pipes by the table's rule line (gisnlp/tables/pipes.py)."""
from __future__ import annotations

import pytest

from gisnlp.tables.pipes import PipeTable, cells_of, pipe_tables


def texts(line: str, table) -> tuple[list[str], bool]:
    cells, certain = cells_of(line.split("|"), table)
    return [c.strip() for c in cells], certain


@pytest.mark.parametrize("line, want", [
    ("规章 | 0 | 5 | ", ["规章", "0", "5", ""]),            # no outer pipe, last cell blank
    ("| 规章 | 0 | 5", ["规章", "0", "5"]),                  # opening pipe only
    ("行政许可 | 5 | 0 |", ["行政许可", "5", "0"]),           # closing pipe only
    ("| 规章 |  | 5 | 7 |", ["规章", "", "5", "7"]),        # both outer pipes
    (" | 规章 | 5 | 7", ["", "规章", "5", "7"]),             # a blank first cell, no outer pipe
])
def test_a_rule_line_width_tells_blank_end_cells_from_outer_pipes(line, want):
    assert texts(line, PipeTable(len(want))) == (want, True)


def test_without_a_rule_line_blank_ends_are_outer_pipes():
    assert texts("| 行政许可 | 5 | 0 | ", None) == (["行政许可", "5", "0"], True)


def test_one_outer_pipe_with_both_ends_blank_follows_the_columns_of_values():
    lines = ["信息内容 | 甲 | 乙 | 丙", "---|---|---|---", "行政许可 | 5 | 0 | 1", "行政处罚 | 3 | 2 | 4",
             "| 行政强制 | 4 | 2 | "]    # row names always in column 0: the opening pipe is the outer one
    table = pipe_tables(lines)[-1]
    assert table.width == 4 and table.values == frozenset({1, 2, 3}) and table.filled == frozenset({0})
    assert texts(lines[-1], table) == (["行政强制", "4", "2", ""], True)


def test_a_table_whose_rows_all_have_one_closing_pipe_lends_its_side_to_unclear_rows():
    lines = ["甲 | 乙 | 丙 |", "---|---|---", "规章 | 1 | 2 |", "规范性文件 | 3 | 4 |", " | 5 |  |"]
    table = pipe_tables(lines)[-1]
    assert table.side == "trail"
    assert texts(lines[-1], table) == (["", "5", ""], True)


def test_an_unclear_row_is_flagged_not_read_by_position():
    lines = ["甲 | 乙 | 丙 | 丁", "---|---|---|---", "| 合计 | 9 | 8 | 7", " | 小计 | 1 | 2",
             "| 小计 | 0 |  | "]
    table = pipe_tables(lines)[-1]
    assert table.side is None
    cells, certain = texts(lines[-1], table)
    assert not certain


def test_an_unclear_table_three_row_is_read_when_only_one_reading_sums():
    import gisnlp
    from gisnlp.tables.tokens import SourceRow, group_tokens, tokenize_rows
    from gisnlp.tables.row_parsers import read_values
    from gisnlp.tables.results import TableResult
    # |  | 1.属于国家秘密 |  | 2 | 0 | 0 |  | 1 | 3 | : closing pipe outer (a blank first cell), total 3 = 2 + 1
    line = " |  | 1.属于国家秘密 |  | 2 | 0 | 0 |  | 1 | 3 |"
    table = PipeTable(10, None, frozenset(range(3, 10)))
    parts, pos = [], 0
    for p in line.split("|"):
        parts.append((p, pos, pos + len(p)))
        pos += len(p) + 1
    cells, certain = cells_of(parts, table)
    assert not certain
    groups = group_tokens(tokenize_rows([SourceRow(cells=cells, grid=True, unaligned=True)]))
    res = TableResult()
    ids = [f"t3.result.withheld.secret.{c}" for c in
           ("natural", "business", "research", "social", "legal", "other", "total")]
    read_values(groups[0], ids, "sum", [False] * 7, 1.0, "t3.result.withheld.secret", res, align_right=True)
    got = {c.id.rsplit(".", 1)[1]: c.value for c in res.cells}
    assert got == {"business": 2, "research": 0, "social": 0, "other": 1, "total": 3}
    assert "t3.result.withheld.secret.natural" in res.blanks and gisnlp


def test_a_label_tail_on_a_row_of_its_own_is_joined_into_its_row():
    """A label wrapped onto a row of its own (a PDF row split by a page break, tab text) goes back up."""
    from gisnlp.tables.label_match import rows
    from gisnlp.tables.tokens import SourceRow
    from gisnlp.tables.wrapped import join_wrapped
    specs = list(rows("t3"))
    rows_in = [SourceRow(cells=[("", 0, 0), ("(五", 0, 2), ("信访", 3, 5), ("24", 6, 8), ("", 9, 9)], grid=True),
               SourceRow(cells=[("", 10, 10), (")不予处理", 10, 15), ("举报投诉类申请", 16, 23), ("", 24, 24),
                                ("", 24, 24)], grid=True),
               SourceRow(cells=[("", 30, 30), ("", 30, 30), ("8.属于行政查询事项", 30, 40), ("", 41, 41),
                                ("", 41, 41)], grid=True)]
    out = join_wrapped(rows_in, specs, "2021")
    assert [c[0] for c in out[0].cells][:3] == ["", "(五)不予处理", "信访举报投诉类申请"]
    assert len(out) == 2          # a row naming a row of its own is not joined


def test_a_pdf_row_split_by_a_page_break_is_joined_when_its_digits_go_on():
    from gisnlp.readers.pdf import _joined_row, _rest_of_row
    cell = lambda t: {"text": t, "row_span": 1, "col_span": 1}   # noqa: E731
    held = [cell("行政复议"), cell("25"), cell(""), cell("10"), cell("35")]
    rest = [cell(""), cell("2"), cell(""), cell("7"), cell("9")]
    new_row = [cell("行政诉讼"), cell("2"), cell(""), cell("7"), cell("9")]
    assert _rest_of_row(held, rest) and not _rest_of_row(held, new_row)
    assert [c["text"] for c in _joined_row(held, rest)] == ["行政复议", "252", "", "107", "359"]
