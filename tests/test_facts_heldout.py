"""Generic facts rules found on held-out reports, and the held-out evaluation itself.

Sentences here are written for the tests; the held-out annotations
(corpora/facts_heldout.jsonl) are offsets into ../shared corpus files and the
tests that read them skip when ../shared is absent.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from gisnlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "corpora" / "facts_heldout.jsonl"
STEPS = ["normalize", "structure", "metadata", "tables", "segment", "facts"]


@pytest.fixture(scope="module")
def facts_nlp():
    return load(steps=STEPS, strict=True)


def facts(nlp, sentence: str) -> list[tuple]:
    r = nlp("一、总体情况\n" + sentence + "\n")
    return [(f.value, f.unit, f.kind, f.direction, f.approx, f.modality) for f in r.facts]


# --- measure words only read after Arabic numerals --------------------------------

@pytest.mark.parametrize("sentence,expected", [
    ("全年接听咨询电话11通,均当场答复。", [(11, "通", "count", None, None, "reported")]),
    ("回复来电1200余通。", [(1200, "通", "count", None, "over", "reported")]),
    ("发布招聘公告12则。", [(12, "则", "count", None, None, "reported")]),
    ("整理移交档案1200卷。", [(1200, "卷", "count", None, None, "reported")]),
    ("热线平台办理工单3000单。", [(3000, "单", "count", None, None, "reported")]),
])
def test_arabic_only_units_are_counted(facts_nlp, sentence, expected):
    assert facts(facts_nlp, sentence) == expected


@pytest.mark.parametrize("sentence", [
    "建成四通八达的城乡路网。",
    "推进三通一平和“三首两新”政策落地。",
    "推行三单管理制度。",
    "印发2通知和3通报材料。",          # a word beginning with the measure word
    "设置5通道自助终端。",
])
def test_arabic_only_units_skip_idioms_and_words(facts_nlp, sentence):
    assert facts(facts_nlp, sentence) == []


# --- changes --------------------------------------------------------------------

def test_bi_shang_nian_duo_is_an_increase(facts_nlp):
    got = facts(facts_nlp, "本年度收到申请比上年多15件,行政复议比去年少3件。")
    assert [(v, k, d) for v, _, k, d, _, _ in got] == [(15, "change", "up"), (3, "change", "down")]


def test_comparison_in_a_leading_clause(facts_nlp):
    got = facts(facts_nlp, "与上年相比,依申请公开数量减少23件,下降18.5%。")
    assert [(v, u, k, d) for v, u, k, d, _, _ in got] == [(23, "件", "change", "down"),
                                                          (18.5, "%", "change", "down")]


def test_leading_comparison_needs_a_change_verb(facts_nlp):
    got = facts(facts_nlp, "与上年相比,今年共收到申请120件。")
    assert got == [(120, "件", "count", None, None, "reported")]


def test_times_as_change(facts_nlp):
    assert facts(facts_nlp, "门户网站访问量同比增长1.5倍。") == [(1.5, "倍", "change", "up", None, "reported")]


# --- modality -------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "下一步,我区将新建政务公开专区5个。",
    "今后,我们将继续开展政府开放日活动4次。",
    "明年计划开展业务培训3期。",
])
def test_plans_are_targets(facts_nlp, sentence):
    got = facts(facts_nlp, sentence)
    assert len(got) == 1 and got[0][5] == "target"


@pytest.mark.parametrize("sentence", [
    "将重点领域信息公开纳入绩效考核,考核单位45家。",    # 将 = 把: reports what was done
    "已将完成情况通报全区,涉及单位30个。",
])
def test_jiang_as_object_marker_is_reported(facts_nlp, sentence):
    got = facts(facts_nlp, sentence)
    assert len(got) == 1 and got[0][5] == "reported"


# --- the held-out annotations and evaluation --------------------------------------

def _records():
    return [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_heldout_annotations_are_well_formed():
    recs = _records()
    assert len(recs) >= 250
    keys = {"doc", "file", "sha256", "start", "end", "value", "unit", "kind", "direction", "approx",
            "modality", "core"}
    for r in recs:
        assert set(r) == keys, r
        assert "text" not in r                      # offsets only, no sentences of the corpus
        assert 0 <= r["start"] < r["end"]
        assert r["kind"] in ("count", "amount", "share", "change", "rate")
        assert (r["direction"] is not None) == (r["kind"] == "change")
        assert r["modality"] in ("reported", "target")
    by_doc: dict[str, list] = {}
    for r in recs:
        by_doc.setdefault(r["doc"], []).append((r["start"], r["end"]))
    for spans in by_doc.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "overlapping annotations"


def test_heldout_annotations_match_the_corpus(corpus_dir):
    for r in _records():
        path = corpus_dir / "files" / r["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"], r["file"]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_facts", ROOT / "scripts" / "eval_facts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_heldout_scores(shared_dir, corpus_dir):
    """The step on reports its rules were not written on: at least the plain regex, and F1 >= 0.98."""
    out = _eval_module().evaluate(HELDOUT, shared_dir)
    res, base = out["facts"], out["baseline"]
    assert res["f1"] >= 0.98
    assert res["f1"] >= base["f1"]
    assert out["lost_vs_baseline"] == []
    assert all(v >= 0.95 for v in res["attribute_accuracy"].values()), res["attribute_accuracy"]


def test_baseline_regex_reads_a_sentence():
    mod = _eval_module()
    got = mod.baseline_facts("主动公开信息1500余条,占35.6%。")
    assert [(f["value"], f["unit"], f["kind"], f["approx"]) for f in got] == [
        (1500, "条", "count", "over"), (35.6, "%", "share", None)]


# --- rules the whole-report gold set (tests/fullgold) showed missing --------------

@pytest.mark.parametrize("sentence,expected", [
    # 天 / 分 need a qualifier, unless the words before name what they measure or compare
    ("全年空气质量优良天数为305天。", [(305, "天", "amount", None, None, "reported")]),
    ("优良天数288天，同比增加12天。", [(288, "天", "amount", None, None, "reported"),
                                  (12, "天", "change", "up", None, "reported")]),
    ("政务公开在绩效考核中的权重为5分。", [(5, "分", "amount", None, None, "reported")]),
    ("窗口工作时间为9时30分。", []),
    ("5个工作日内答复。", []),
    # measure words of other issuers
    ("累计推送微课程860节。", [(860, "节", "count", None, None, "reported")]),
    ("检查学校412校次。", [(412, "校次", "count", None, None, "reported")]),
    ("PM2.5平均浓度为28.4微克/立方米。", [(28.4, "微克/立方米", "amount", None, None, "reported")]),
    # 计划 as a noun is no plan; as a verb it still is
    ("公开义务教育招生计划，新增学位3200个。", [(3200, "个", "count", None, None, "reported")]),
    ("全年完成年度投资计划的104.6%。", [(104.6, "%", "rate", None, None, "reported")]),
    ("2024年计划组织培训4次。", [(4, "次", "count", None, None, "target")]),
])
def test_measured_units_new_measure_words_and_plan_as_a_noun(facts_nlp, sentence, expected):
    assert facts(facts_nlp, sentence) == expected
