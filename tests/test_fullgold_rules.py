"""Links and metadata rules the whole-report gold set (tests/fullgold) showed missing.

Sentences are written for these tests (not copied from the set's documents); the facts rules it
showed missing are tested in tests/test_facts_heldout.py.
"""
from __future__ import annotations

import pytest

import gisnlp

TABLE_FOUR = "\n".join([
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议\t行政诉讼",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
    "2\t1\t0\t0\t3\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0",
])


def test_a_sentence_after_a_table_links_without_its_cells():
    text = TABLE_FOUR + "\n本年度被申请行政复议3件，其中结果纠正1件。\n"
    report = gisnlp.analyze("示例区人民政府2023年政府信息公开工作年度报告\n" + text)
    got = {f.text: f.cell for f in report.facts}
    assert got == {"3件": "t4.review.total", "1件": "t4.review.corrected"}


def test_lost_and_won_lawsuits_are_the_corrected_and_upheld_columns():
    text = TABLE_FOUR + "\n本年度被提起行政诉讼1件，其中胜诉1件，败诉0件。\n"
    report = gisnlp.analyze("示例区人民政府2023年政府信息公开工作年度报告\n" + text)
    both = lambda col: [f"t4.litigation_direct.{col}", f"t4.litigation_after.{col}"]
    assert [(f.text, f.cells) for f in report.facts] == [("1件", both("total")), ("1件", both("upheld")),
                                                         ("0件", both("corrected"))]


@pytest.mark.parametrize("sentence,links", [
    ("全年制发行政规范性文件6件，清理后现行有效38件。", {"6件": "t2.art20_1.normative.issued",
                                               "38件": "t2.art20_1.normative.in_force"}),
    ("全年制发行政规范性文件6件，对现行有效的规范性文件进行全面清理，保留38件。",
     {"6件": "t2.art20_1.normative.issued", "38件": "t2.art20_1.normative.in_force"}),
    # a partial clean-up keeps fewer than are in force: no link and no mismatch
    ("全年制发行政规范性文件6件，对部分规范性文件进行清理，保留20件。", {"6件": "t2.art20_1.normative.issued", "20件": None}),
    # the column alone after the clean-up clause: linked when the value agrees, never a mismatch
    ("开展行政规范性文件清理，清理后现行有效38件，本年废止2件。", {"38件": "t2.art20_1.normative.in_force",
                                                "2件": "t2.art20_1.normative.repealed"}),
    ("开展行政规范性文件清理，清理后现行有效30件。", {"30件": None}),
])
def test_what_remains_after_a_clean_up_links_to_the_in_force_column(sentence, links):
    text = ("示例县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n二、主动公开政府信息情况\n"
            "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t0\t0\t0\n行政规范性文件\t6\t2\t38\n")
    report = gisnlp.analyze(text)
    assert {f.text: f.cell for f in report.facts} == links
    assert not [c.rule for c in report.checks if c.rule.startswith("link.mismatch")]


@pytest.mark.parametrize("crumbs,issuer", [
    ("首页 > 政府信息公开 > 年报 > 示例市示例区示例街道办事处2022年政府信息公开工作年度报告",
     "示例市示例区示例街道办事处"),
    # a category crumb names no year: no title, the publisher field stays the weak answer
    ("首页 > 政府信息公开 > 政府信息公开年报", None),
])
def test_a_breadcrumb_names_the_report_only_with_its_year(crumbs, issuer):
    text = (crumbs + "\n本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2022年1月1日至12月31日。\n"
            "一、总体情况\n全年主动公开政府信息120条。\n")
    meta = gisnlp.analyze(text).meta
    if issuer:
        assert (meta.issuer, meta.level, meta.title) == (issuer, "township", crumbs.split("> ")[-1])
    else:
        assert meta.title is None or "年报" not in meta.title


def test_a_place_wide_count_in_a_work_plan_is_what_exists():
    text = ("2022年示例省政务公开工作要点\n一、加强基层政务公开\n"
            "（一）全省86个县（市、区）要全面完成标准目录编制，年内建成政务公开专区120个。\n")
    report = gisnlp.analyze(text)
    assert report.meta.doc_type == "work_plan"
    assert [(f.text, f.modality) for f in report.facts] == [("86个", "reported"), ("120个", "target")]


@pytest.mark.parametrize("sentence,modality", [
    ("坚持“应公开、尽公开”，对涉及群众利益的信息全部公开，全年改造老旧小区12个。", "reported"),
    ("坚持应公开尽公开，全年发布信息300条。", "reported"),
    ("涉及群众切身利益的事项应公开，公示期不少于5天。", "target"),
])
def test_the_slogan_all_that_should_be_public_is_no_target(sentence, modality):
    report = gisnlp.analyze("示例县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n")
    assert [f.modality for f in report.facts] == [modality]
