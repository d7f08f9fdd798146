"""Link step on narrative wordings the seeds do not use (全年共受理…申请, 办结…, 被申请行政复议…件, …)."""
from __future__ import annotations

import pytest

import gisnlp

PRE = "某某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n我县认真贯彻《条例》。\n二、依申请公开情况\n"
T3 = ("三、收到和处理政府信息公开申请情况\n\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
      "一、本年新收政府信息公开申请数量\t\t1234\t8\t1\t0\t2\t3\t1248\n"
      "二、上年结转政府信息公开申请数量\t\t6\t1\t0\t0\t0\t0\t7\n"
      "三、本年度办理结果\t(一)予以公开\t500\t3\t1\t0\t1\t1\t506\n"
      "\t(二)部分公开\t100\t1\t0\t0\t0\t0\t101\n"
      "\t(三)不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n"
      "\t(四)无法提供\t1.本机关不掌握相关政府信息\t300\t2\t0\t0\t1\t1\t304\n"
      "\t(六)其他处理\t3.其他\t333\t2\t0\t0\t0\t1\t336\n"
      "\t(七)总计\t\t1233\t8\t1\t0\t2\t3\t1247\n"
      "四、结转下年度继续办理\t\t7\t1\t0\t0\t0\t0\t8\n")
T4 = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n"
      "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
      "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
      "3\t1\t0\t2\t6\t1\t0\t1\t0\t2\t0\t1\t0\t0\t1\n"
      "五、存在的主要问题及改进情况\n一是解读形式仍需丰富。\n")
LITIGATION = ["t4.litigation_after.total", "t4.litigation_direct.total"]

CASES = [
    ("全年共受理政府信息公开申请1248件", ["t3.new.total"]),
    ("本年度我县新收政府信息公开申请1,248件", ["t3.new.total"]),
    ("全年收到依申请公开1248件", ["t3.new.total"]),
    ("全年办结政府信息公开申请1247件", ["t3.result.total.total"]),
    ("全年共办结依申请公开事项1247件", ["t3.result.total.total"]),
    ("其中予以公开506件", ["t3.result.disclosed.total"]),
    ("结转至下一年度继续办理8件", ["t3.carried_out.total"]),
    ("上年结转申请7件", ["t3.carried_in.total"]),
    ("新收申请中,自然人提出1234件", ["t3.new.natural"]),
    ("2022年度共办理政府信息公开申请1255件(含上年结转7件)", ["t3.carried_in.total", "t3.new.total"]),
    ("本机关被申请行政复议6件", ["t4.review.total"]),
    ("因政府信息公开被提起行政诉讼3件", LITIGATION),
    ("因政府信息公开引发行政复议、行政诉讼案件共9件", ["t4.review.total"] + LITIGATION),
    ("依法做好政府信息公开行政复议、行政诉讼应诉工作,全年共办理相关案件9件", ["t4.review.total"] + LITIGATION),
]


def links(text: str) -> list:
    r = gisnlp.analyze(text)
    end = text.index("三、收到")
    return [(f.text, sorted(f.cells or ([f.cell] if f.cell else []))) for f in r.facts if f.start < end]


@pytest.mark.parametrize("sentence,cells", CASES)
def test_reworded_sentences_link_to_their_cells(sentence, cells):
    got = links(PRE + sentence + "。\n" + T3 + T4)
    assert any(c == sorted(cells) for _, c in got), got


def test_a_count_that_disagrees_with_the_tables_is_not_linked():
    got = links(PRE + "因政府信息公开引发行政复议、行政诉讼案件共12件。\n" + T3 + T4)
    assert got and all(not c for _, c in got)


def test_cases_of_another_kind_are_not_linked():
    got = links(PRE + "全年办理行政复议案件9件。\n" + T3 + T4)
    assert all(c != ["t4.review.total"] + LITIGATION for _, c in got)


def test_figures_of_one_sentence_count_the_same_way():
    # 755 = new + carried in; the applicant figures after it then include the carried-in ones too
    t3 = T3.replace("二、上年结转政府信息公开申请数量\t\t6\t1\t0\t0\t0\t0\t7",
                    "二、上年结转政府信息公开申请数量\t\t6\t0\t0\t0\t0\t0\t6")
    text = PRE + "全年共受理政府信息公开申请1254件,其中自然人申请1240件,法人或其他组织申请14件。\n" + t3 + T4
    got = dict(links(text))
    assert got["1254件"] == ["t3.carried_in.total", "t3.new.total"]
    assert got["1240件"] == ["t3.carried_in.natural", "t3.new.natural"]
    assert len(got["14件"]) == 10 and "t3.carried_in.business" in got["14件"]
