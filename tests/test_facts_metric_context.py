"""The metric 政府信息公开申请 comes from the disclosure context, not from the word 申请 alone.

Look-alike sentences written for this test: counts of administrative approvals
(行政审批, 行政许可), petitions (信访), the 12345 hotline and government-service
centres (政务服务) must not be counted as disclosure applications, while the
bare 申请 of a 依申请公开 section, and every explicit wording, still is.
"""
from __future__ import annotations

import pytest

from gisnlp.facts.metric import MetricContext, canonical
from gisnlp.pipeline import load

STEPS = ["normalize", "structure", "metadata", "tables", "segment", "facts"]
APPLICATIONS = "政府信息公开申请"
REPLIES = "政府信息公开申请答复"
TITLE = "某县人民政府2023年政府信息公开工作年度报告\n"


@pytest.fixture(scope="module")
def nlp():
    return load(steps=STEPS, strict=True)


def metric_of(nlp, text: str, figure: str) -> str:
    """The metric of the fact printed as ``figure`` in a report made of ``text``."""
    report = nlp(TITLE + text, doc_id="t")
    found = [f.metric for f in report.facts if f.text == figure]
    assert found, [(f.text, f.metric) for f in report.facts]
    return found[0]


LOOKALIKES = [
    # 政务服务 centres and approval windows
    ("一、总体情况\n（三）优化营商环境\n区政务服务中心已入驻审批部门18个，开设窗口40个，全年共受理申请121510件。", "121510件"),
    ("一、总体情况\n（三）深化放管服改革\n全年共受理行政审批申请3560件，按时办结率100%。", "3560件"),
    ("二、行政审批制度改革\n本年度共收到申请2035件，均已按时办结。", "2035件"),
    ("一、总体情况\n（四）政务服务\n依托政务服务网受理申请8.2万件，网上办理率95%。", "8.2万件"),
    # 行政许可
    ("一、总体情况\n（二）权力运行信息公开\n全年受理行政许可申请862件，办结862件。", "862件"),
    ("一、总体情况\n（二）权力运行信息公开\n办理行政许可申请共计1203件，办结1187件。", "1187件"),
    # 信访
    ("三、信访工作\n全年共受理信访申请215件，办结率98%。", "215件"),
    ("一、总体情况\n（五）畅通诉求渠道\n全年接到群众信访、投诉申请56件。", "56件"),
    # 12345
    ("一、总体情况\n（五）回应关切\n12345政务服务便民热线共受理申请4.6万件。", "4.6万件"),
    ("一、总体情况\n（五）回应关切\n依托12345热线平台，共收到咨询投诉15564件，已办结15042件。", "15042件"),
    # approval counts without any disclosure context
    ("四、审批事项及处理情况\n今年我局共受理审批事项117件，办结171件。", "171件"),
]


@pytest.mark.parametrize("text,figure", LOOKALIKES)
def test_lookalike_counts_are_not_disclosure_applications(nlp, text, figure):
    assert metric_of(nlp, text, figure) not in (APPLICATIONS, REPLIES)


DISCLOSURE = [
    ("一、总体情况\n（二）依申请公开情况\n全年共受理申请86件，均在法定期限内答复。", "86件", APPLICATIONS),
    ("一、总体情况\n依申请公开方面，本年度共收到申请45件，上年结转2件。", "45件", APPLICATIONS),
    ("一、总体情况\n（二）依申请公开方面\n本年度全区共收到70件申请，及时办结69件。", "70件", APPLICATIONS),
    ("一、总体情况\n（二）依申请公开方面\n本年度全区共收到70件申请，共办结69件。", "69件", REPLIES),
    ("一、总体情况\n全年共收到政府信息公开申请120件，答复政府信息公开申请118件。", "120件", APPLICATIONS),
    ("一、总体情况\n全年共收到政府信息公开申请120件，答复政府信息公开申请118件。", "118件", REPLIES),
    ("一、总体情况\n全年受理依申请公开申请33件，申请量比上年增加5件。", "33件", APPLICATIONS),
    ("一、总体情况\n全年新收信息公开申请58件。", "58件", APPLICATIONS),
    ("三、收到和处理政府信息公开申请情况\n全年共受理申请21件，全部按期办结。", "21件", APPLICATIONS),
    ("一、总体情况\n（二）依申请公开\n全年共受理政府信息公开申请749件，共办理718件，结转下一年31件。", "718件", REPLIES),
]


@pytest.mark.parametrize("text,figure,metric", DISCLOSURE)
def test_disclosure_applications_keep_their_metric(nlp, text, figure, metric):
    assert metric_of(nlp, text, figure) == metric


def test_context_rules_alone():
    heading = MetricContext(sentence="全年共受理", headings="一、总体情况 （二）依申请公开情况")
    approvals = MetricContext(sentence="开设窗口26个,共受理", headings="一、总体情况 （二）依申请公开情况")
    assert canonical("受理申请", heading) == APPLICATIONS
    assert canonical("受理申请", approvals) is None           # another procedure in the sentence
    assert canonical("受理申请", MetricContext("全年共受理", "三、行政审批")) is None
    assert canonical("受理申请") is None                        # no context, no evidence
    assert canonical("受理政府信息公开申请") == APPLICATIONS   # explicit wording needs none


@pytest.mark.parametrize("heading,metric", [
    ("一、总体情况", "未注明(次)"),                       # a part title names no quantity
    ("二、主动公开政府信息情况", "未注明(次)"),
    ("（三）政务新媒体建设", "政务新媒体建设"),            # a topical heading stays the last resort…
    ("3. 政务新媒体建设", "政务新媒体建设"),               # …without its numbering
])
def test_a_heading_lends_its_topic_never_its_numbering_or_part_title(nlp, heading, metric):
    """A claim standing alone in its sentence takes no metric from a part title or a numbering."""
    assert metric_of(nlp, f"{heading}\n比上年增加4次。\n", "4次") == metric
