"""Tables left out when their rows cannot be established (gisnlp/tables/guard.py)."""
from __future__ import annotations

import gisnlp
from gisnlp.report import Check
from gisnlp.tables.guard import contradicted_tables, t2_headers_in


def _checks(passed: int, failed: int, table: str = "t3") -> list:
    return ([Check(f"{table}.row_sum.r{k}", "pass", [], "") for k in range(passed)]
            + [Check(f"{table}.row_sum.f{k}", "fail", [], "") for k in range(failed)])


def test_table_three_failing_as_much_as_it_passes_is_contradicted():
    assert contradicted_tables(_checks(1, 3)) == {"t3": (3, 1)}
    assert contradicted_tables(_checks(0, 1)) == {"t3": (1, 0)}


def test_a_misprint_among_many_passing_identities_is_kept():
    assert contradicted_tables(_checks(36, 3)) == {}
    assert contradicted_tables(_checks(0, 0)) == {}


def test_table_four_is_left_out_only_when_all_three_sums_fail():
    # a report misprinting two of table 四's three sums is read right
    assert contradicted_tables(_checks(1, 2, table="t4")) == {}
    assert contradicted_tables(_checks(0, 3, table="t4")) == {"t4": (3, 0)}


REPORT = """青石县人民政府2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
规章
3
1
行政规范性文件
12
4
三、收到和处理政府信息公开申请情况
现行有效件数
25
60
申请人情况
自然人
法人或其他组织
总计
一、本年新收政府信息公开申请数量
5
0
0
0
0
0
5
二、上年结转政府信息公开申请数量
0
0
0
0
0
0
0
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
"""


def test_table_two_split_by_reading_order_is_left_out_with_a_warning():
    report = gisnlp.load(steps=["normalize", "structure", "metadata", "tables"])(REPORT)
    assert not [c for c in report.cells if c.id.startswith("t2.")]
    assert any("t2's column heading" in w for w in report.meta.warnings)
