"""Facts written the way other provinces and issuers write, and the styles set that measures them.

The sentences are written for these tests (realistic figures); the set
``corpora/facts_styles.jsonl`` is read by ``scripts/eval_facts_styles.py``.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from gisnlp.facts import parse_number
from gisnlp.pipeline import load
from gisnlp.report import Meta

ROOT = Path(__file__).resolve().parents[1]
STYLES = ROOT / "corpora" / "facts_styles.jsonl"
STEPS = ["normalize", "structure", "segment", "facts"]


@pytest.fixture(scope="module")
def narrative():
    return load(steps=STEPS, strict=True)


def facts(nlp, sentence: str, doc_type: str = "annual_report", year: int = 2023,
          heading: str = "一、总体情况") -> list[tuple]:
    """(value, unit, kind, direction, approx, modality) of each fact of a one-section report."""
    from gisnlp.pipeline import make_report
    r = make_report(heading + "\n" + sentence + "\n")
    r.meta = Meta(doc_type=doc_type, year=year)
    r = nlp.run(r)
    return [(f.value, f.unit, f.kind, f.direction, f.approx, f.modality) for f in r.facts]


# --- numerals and measure words ---------------------------------------------------

@pytest.mark.parametrize("numeral,value", [
    ("九十八点五", 98.5), ("三点五", 3.5), ("百分之九十八点五", 98.5), ("零点六", 0.6),
    ("点五", None), ("十点三十", None), ("三点两", None),
])
def test_chinese_decimals(numeral, value):
    assert parse_number(numeral) == value


@pytest.mark.parametrize("sentence,expected", [
    ("网上可办率达到百分之九十八点五。", [(98.5, "%", "rate", None, None, "reported")]),
    ("全年新增减税降费三点五亿元。", [(350000000, "元", "amount", None, None, "reported")]),
    ("参训人员达450人/次。", [(450, "人次", "count", None, None, "reported")]),
    ("全年受理群众咨询1,230件（次）。", [(1230, "件次", "count", None, None, "reported")]),
    ("累计接种逾12万剂次。", [(120000, "剂次", "count", None, "over", "reported")]),
    # qualifiers, kinds, directions
    ("新媒体平台粉丝数接近8万人。", [(80000, "人", "count", None, "nearly", "reported")]),
    ("当面申请的数量不足10件。", [(10, "件", "count", None, "at_most", "reported")]),
    ("网站信息发布量增长率为12.3%。", [(12.3, "%", "change", "up", None, "reported")]),
    ("全区一般公共预算收入增速为6.8%。", [(6.8, "%", "change", "up", None, "reported")]),
    ("民生领域信息在主动公开信息中的比重为41.5%。", [(41.5, "%", "share", None, None, "reported")]),
    ("政务新媒体发布量同比+15.2%。", [(15.2, "%", "change", "up", None, "reported")]),
    ("行政复议案件数同比-20%。", [(20, "%", "change", "down", None, "reported")]),
    ("网上办件量增长了2.3倍。", [(2.3, "倍", "change", "up", None, "reported")]),
    ("粉丝量比上年增加了一倍。", [(1, "倍", "change", "up", None, "reported")]),
    ("新建政务服务中心1.2万㎡。", [(12000, "平方米", "amount", None, None, "reported")]),
    ("接听咨询电话近千个，回复留言千余条。", [(1000, "个", "count", None, "nearly", "reported"),
                                          (1000, "条", "count", None, "over", "reported")]),
    ("其中亿元以上项目11个。", [(11, "个", "count", None, None, "reported")]),
    ("新建道路2.5千米。", [(2.5, "公里", "amount", None, None, "reported")]),
    ("新增装机容量12万千瓦。", [(120000, "千瓦", "amount", None, None, "reported")]),
    ("参与群众3千余人。", [(3000, "人", "count", None, "over", "reported")]),
])
def test_measure_words_qualifiers_kinds_and_signs(narrative, sentence, expected):
    assert facts(narrative, sentence) == expected


def test_a_level_after_a_share_is_a_share(narrative):
    got = facts(narrative, "网上申请占比提高3.5个百分点，达到81.2%。")
    assert [g[2] for g in got] == ["change", "share"]
    assert [g[2] for g in facts(narrative, "好评率提高3.5个百分点，达到81.2%。")] == ["change", "rate"]


@pytest.mark.parametrize("sentence,expected", [
    ("全年通过政府网站主动公开各类政府信息共计12,\n051条。", [(12051, "条", None)]),
    ("全年通过政府网站主动公开各类政府信息超\n过1万条。", [(10000, "条", "over")]),
    ("其中政策文件218条，人事信息12,\n5条。", [(218, "条", None), (5, "条", None)]),
])
def test_numbers_and_qualifiers_broken_by_a_line_wrap(narrative, sentence, expected):
    assert [(g[0], g[1], g[4]) for g in facts(narrative, sentence)] == expected


def test_a_change_verb_broken_by_a_wrap(narrative):
    got = facts(narrative, "全年通过政府网站主动公开各类政府信息约1.2万条，较上年同比增\n长12%。")
    assert got[1][2:4] == ("change", "up")


def test_thousands_separator_does_not_end_the_comparison(narrative):
    got = facts(narrative, "全年共公开政府信息2,045条，较上年的1,876条增加169条。")
    assert [g[2:4] for g in got] == [("count", None), ("count", None), ("change", "up")]


def test_a_signed_number_without_comparison_is_no_change(narrative):
    assert [g[2:4] for g in facts(narrative, "允许误差-5%。")] == [("rate", None)]


# --- modality -------------------------------------------------------------------

def test_this_years_figure_after_a_requirement_is_reported(narrative):
    got = facts(narrative, "要求网站每周更新信息不得少于5条，本年度抽查的18个网站均达到要求。")
    assert [g[5] for g in got] == ["target", "reported"]


@pytest.mark.parametrize("sentence,modality", [
    ("全年争取上级专项资金一千余万元。", "reported"),
    ("争取到省级补助资金300万元。", "reported"),
    ("明年争取新建专区3个。", "target"),
])
def test_obtaining_funds_is_reported(narrative, sentence, modality):
    assert [g[5] for g in facts(narrative, sentence)] == [modality]


def test_a_total_after_a_requirement_is_reported(narrative):
    got = facts(narrative, "每个乡镇至少配备1名专职人员，全县共配备专职人员21名。")
    assert [g[5] for g in got] == ["target", "reported"]


def test_a_past_year_in_a_work_plan_is_reported(narrative):
    got = facts(narrative, "2023年，全市共主动公开政府信息8.9万条。明年主动公开不少于9万条。",
                doc_type="work_plan", year=2024, heading="一、总体要求")
    assert [(g[0], g[5]) for g in got] == [(89000, "reported"), (90000, "target")]
    got = facts(narrative, "对照2023年考核标准，全年主动公开不少于9万条。", doc_type="work_plan", year=2024,
                heading="一、总体要求")
    assert [g[5] for g in got] == ["target"]


@pytest.mark.parametrize("heading", ["五、2024年工作打算", "（二）2024年工作计划"])
def test_a_plan_heading_opening_with_a_year_makes_targets(narrative, heading):
    got = facts(narrative, "在全县15个乡镇全面铺开。", heading=heading)
    assert [g[5] for g in got] == ["target"]


def test_a_marker_before_a_figure_is_still_no_heading():
    from gisnlp.structure import match_heading
    assert match_heading("一、21710000218") is None and match_heading("三、2.5%") is None
    assert match_heading("五、2024年工作计划")[0] == 1


# --- names that hold numerals -------------------------------------------------------

@pytest.mark.parametrize("sentence", ["落实两个责任。", "推进三项制度改革。", "巩固两不愁三保障成果。",
                                      "围绕五个振兴和四个不摘要求开展工作。"])
def test_slogans_are_no_facts(narrative, sentence):
    assert facts(narrative, sentence) == []


def test_three_systems_built_is_still_a_count(narrative):
    assert facts(narrative, "各区均建立了目录清单、预公开、列席会议三项制度。") == [
        (3, "项", "count", None, None, "reported")]


# --- the styles set -----------------------------------------------------------------

def _records():
    return [json.loads(line) for line in STYLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_styles_set_is_well_formed():
    recs = _records()
    assert len(recs) >= 120
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert r["doc_type"] in ("annual_report", "work_plan") and r["template"] in ("2019", "2021", "pre2019")
        spans = []
        for f in r["facts"]:
            assert r["text"][f["start"]:f["end"]] == f["text"], (r["id"], f)
            assert f["kind"] in ("count", "amount", "share", "change", "rate")
            assert (f["direction"] is not None) == (f["kind"] == "change"), (r["id"], f)
            assert f["modality"] in ("reported", "target")
            for cid in f.get("cells") or [f.get("cell")] * bool(f.get("cell")):
                assert cid in r["cells"], (r["id"], cid)     # a link is confirmed by the table
            spans.append((f["start"], f["end"]))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), r["id"]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_facts_styles", ROOT / "scripts" / "eval_facts_styles.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_styles_scores(shared_dir):
    """Facts F1, attributes and links on the styles set stay at the level measured."""
    res = _eval_module().evaluate(STYLES, shared_dir)["facts"]
    assert res["f1"] >= 0.99
    assert all(v >= 0.99 for v in res["attribute_accuracy"].values()), res["attribute_accuracy"]
    assert res["link_precision"] >= 0.98
    assert res["link_recall"] >= 0.97


def test_shortened_by_is_a_fall(narrative):
    got = facts(narrative, "平均答复时间为9.6个工作日，较法定时限缩短50%以上。", heading="三、收到和处理政府信息公开申请情况")
    assert got[-1] == (50, "%", "change", "down", "over", "reported")


def test_letters_are_counted_after_an_arabic_numeral_only(narrative):
    assert facts(narrative, "校长信箱收到来信286封。") == [(286, "封", "count", None, None, "reported")]
    assert facts(narrative, "收到一封感谢信。") == []


def test_a_thousands_group_cut_by_a_line_wrap(narrative):
    text = "本年度通过县政府门户网站和政务新媒体办结政府信息公开申请共计1,0\n26件。"
    assert facts(narrative, text) == [(1026, "件", "count", None, None, "reported")]
    # digits that do not complete the group are not joined
    assert facts(narrative, text.replace("26件", "2件"))[0][0] == 2
