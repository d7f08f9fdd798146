"""Tests of the facts step: numeral grammar, spans, exclusions, attributes, metrics."""
from __future__ import annotations

import json

import pytest

from gisnlp.facts.numbers import parse_chinese, parse_number
from gisnlp.pipeline import load
from gisnlp.report import Report

STEPS = ["normalize", "structure", "metadata", "tables", "segment", "facts"]


@pytest.fixture(scope="module")
def facts_nlp():
    return load(steps=STEPS, strict=True)


def facts_of(nlp, text: str) -> list:
    return nlp(text).facts


def one(nlp, text: str):
    fs = facts_of(nlp, text)
    assert len(fs) == 1, [(f.text, f.value) for f in fs]
    return fs[0]


# --- numeral grammar --------------------------------------------------------------

@pytest.mark.parametrize("s,v", [
    ("12051", 12051), ("12,051", 12051), ("21.7", 21.7), ("44.5万", 445000),
    ("1.2亿", 120000000), ("1307259万", 13072590000), ("3千", 3000),
    ("十", 10), ("十七", 17), ("二十七", 27), ("一百零五", 105), ("两百", 200),
    ("三千二百万", 32000000), ("一亿二千万", 120000000), ("百", 100), ("千", 1000),
    ("二〇二一", 2021), ("百分之三十", 30), ("零", 0), ("二十万零三", 200003),
])
def test_parse_number(s, v):
    assert parse_number(s) == v


def test_parse_number_rejects_words():
    assert parse_number("公开") is None
    assert parse_chinese("一网") is None


# --- numeral forms in sentences ---------------------------------------------------

@pytest.mark.parametrize("text,span,value,unit,approx", [
    ("全年主动公开政府信息 3615 条。", "3615 条", 3615, "条", None),
    ("本市新增主动公开政府信息12.6万条。", "12.6万条", 126000, "条", None),
    ("全年办理人大代表建议八十二件。", "八十二件", 82, "件", None),
    ("组织各类培训近百场。", "近百场", 100, "场", "nearly"),
    ("全年开展调研三千余人次。", "三千余人次", 3000, "人次", "over"),
    ("收录政策1500余条。", "1500余条", 1500, "条", "over"),
    ("发布信息 230 余条。", "230 余条", 230, "条", "over"),
    ("公众号粉丝超过350万。", "超过350万", 3500000, "", "over"),
    ("收取信息处理费2.5万元。", "2.5万元", 25000, "元", None),
    ("好评率达98.6%。", "98.6%", 98.6, "%", None),
    ("答复满意度保持在90%以上。", "90%以上", 90, "%", "over"),
    ("参观人数约3000人。", "约3000人", 3000, "人", "about"),
    ("公开招标信息１２０条。", "１２０条", 120, "条", None),
    ("接待群众咨询逾两千人次。", "逾两千人次", 2000, "人次", "over"),
    ("举办讲座十余场。", "十余场", 10, "场", "over"),
    ("覆盖六大类服务事项。", "六大类", 6, "类", None),
    ("完成比例达到百分之八十。", "百分之八十", 80, "%", None),
])
def test_numeral_forms(facts_nlp, text, span, value, unit, approx):
    f = one(facts_nlp, text)
    assert f.text == span
    assert f.value == value
    assert f.unit == unit
    assert f.approx == approx
    assert f.metric


def test_qualifier_across_line_break_is_one_fact(facts_nlp):
    text = "全年收到申请 820 件，申请量比上一年下降近\n\n12.5%。"
    fs = facts_of(facts_nlp, text)
    f = fs[-1]
    assert f.text == "近\n\n12.5%"
    assert (f.value, f.unit, f.kind, f.direction, f.approx) == (12.5, "%", "change", "down", "nearly")


def test_offsets_point_into_traditional_original(facts_nlp):
    text = "全年共舉行新聞發布會36場,參加記者近八百人次。"
    r = facts_nlp(text)
    assert [(f.text, f.value, f.unit) for f in r.facts] == [("36場", 36, "场"), ("近八百人次", 800, "人次")]
    for f in r.facts:
        assert r.text[f.start:f.end] == f.text


def test_traditional_gives_same_facts_as_simplified(facts_nlp):
    trad = "全市共收到政府信息公開申請1200件,較上年上升5.2%。舉辦發布會與通氣會,參與記者數據見報告。"
    simp = "全市共收到政府信息公开申请1200件,较上年上升5.2%。举办发布会与通气会,参与记者数据见报告。"
    a = [(f.value, f.unit, f.kind, f.metric) for f in facts_of(facts_nlp, trad)]
    b = [(f.value, f.unit, f.kind, f.metric) for f in facts_of(facts_nlp, simp)]
    assert a == b and len(a) == 2


# --- what is not a claim ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2021年3月17日印发。",                                   # dates
    "依据沪府办〔2021〕21号文件执行。",                       # document numbers
    "按照条例第二十条第(九)项公开。",                          # article numbers
    "学习贯彻党的十九届五中全会精神。",                        # sessions
    "咨询电话:021-63211234。",                                # phone numbers
    "地址:人民大道200号。",                                   # addresses
    "详见https://www.example.gov.cn/2021/123.html 页面。",    # URLs
    "拨打12345热线反映问题。",                                 # names
    "编制“十四五”规划。",                                      # slogans
    "推进“一网通办”和“一件事”改革。",
    "建设“五个中心”。",
    "落实“三同步”要求。",
    "建设G60科创走廊。",
    "建立一个平台,形成一批成果。",                            # 一 as an article
    "本报告第二、三、四部分数据由统计得出。",                  # ordinal lists
    "开展二次解读。",
    "每周三例行公布。",
    "印发《关于实施十项措施的通知》。",                        # titles
    "此三项数据为去重后数据。",                                # references
    "提供24小时服务。",                                        # names of services
    "十五届人大三次会议召开。",                                # sessions again
    "编号2021-15件。",                                        # codes
    "型号A4纸。",
    "本报告由总体情况等共六个部分组成。",                      # the report's own outline
    "开展“3·15”消费维权宣传。",
    "在省办2024年四个季度检查中均合格。",                      # durations without a qualifier
    "最近30天内办结。",                                        # 近 inside a word
    "签约一户,公开一户。",                                     # 约 inside a word
    "办成一件实事。",                                         # 一件 before its noun is an article
    "践行三个代表重要思想,落实五个一工程。",                    # slogans without quotes
])
def test_not_a_claim(facts_nlp, text):
    assert facts_of(facts_nlp, text) == []


@pytest.mark.parametrize("text,span", [
    ("主动公开政府信息:1234条。", "1234条"),                   # a colon is not a code
    ("全年召开3次会议。", "3次"),                              # 次会议 without 届 is a count
    ("申请量比上年增长13.15%。", "13.15%"),                    # 3.15 inside a number
    ("更新信息内容120条。", "120条"),
    ("总时长超过3600分钟。", "超过3600分钟"),                  # durations with a qualifier
    ("附近5家医院参与。", "5家"),
    ("将近300人参加。", "将近300人"),
    ("本院发生信息公开行政复议一件，结果为维持。", "一件"),       # a case unit closing its clause counts
    ("全年收到申请一件。", "一件"),
])
def test_near_misses_are_still_facts(facts_nlp, text, span):
    assert one(facts_nlp, text).text == span


def test_table_rows_are_skipped(facts_nlp):
    text = "一、主动公开\n\n信息内容\t本年新制作数量\t本年新公开数量\n规章\t3件\t3件\n\n全年制发规章3件。"
    fs = facts_of(facts_nlp, text)
    assert [f.text for f in fs] == ["3件"]
    assert fs[0].start == text.rindex("3件")


# --- attributes --------------------------------------------------------------------

def test_share_change_rate_count(facts_nlp):
    text = ("全年共收到政府信息公开申请 2222 件，比上年减少 150 件，其中予以公开 802 件，"
            "约占全部答复数的 35.6%；复议纠错率为 4.3%，较上年下降 1.2 个百分点。")
    fs = facts_of(facts_nlp, text)
    got = [(f.value, f.unit, f.kind, f.direction, f.approx) for f in fs]
    assert got == [
        (2222, "件", "count", None, None),
        (150, "件", "change", "down", None),
        (802, "件", "count", None, None),
        (35.6, "%", "share", None, "about"),
        (4.3, "%", "rate", None, None),
        (1.2, "pp", "change", "down", None),
    ]
    assert fs[0].metric == "政府信息公开申请"
    assert fs[2].metric == "予以公开"


def test_level_after_increase_is_count(facts_nlp):
    f = facts_of(facts_nlp, "项目总量从上年的331个增加到498个。")[-1]
    assert (f.value, f.kind, f.direction) == (498, "count", None)


def test_listed_changes_share_the_verb(facts_nlp):
    fs = facts_of(facts_nlp, "提交材料和办理时限分别平均减少52.9%和59.8%。")
    assert [(f.kind, f.direction) for f in fs] == [("change", "down"), ("change", "down")]


@pytest.mark.parametrize("text,approx,modality", [
    ("年内各部门多元化解读率不得低于60%。", "at_least", "target"),
    ("年内力争打造 10 个标杆项目，服务 50 个应用场景。", None, "target"),
    ("全年共举办培训2次。", None, "reported"),
    ("年内至少出台1个标准化产品。", "at_least", "target"),
    ("答复期限不得超过5个工作日。", "at_most", "target"),
])
def test_modality_and_bounds(facts_nlp, text, approx, modality):
    f = facts_of(facts_nlp, text)[0]
    assert f.approx == approx
    assert f.modality == modality


def test_work_plan_defaults_to_target(facts_nlp):
    r = Report(doc_id="plan", text="年内新增开放公共数据 1000 项。16项民心工程的牵头部门要开展问卷调查。")
    nlp = load(steps=STEPS)
    for name, step in nlp.steps:
        if name == "metadata":
            continue
        r = step(r)
        if name == "structure":
            r.meta.doc_type = "work_plan"
    assert [(f.value, f.modality) for f in r.facts] == [(1000, "target"), (16, "reported")]


# --- metrics -----------------------------------------------------------------------

def test_metric_is_consistent_across_wordings(facts_nlp):
    a = one(facts_nlp, "各级行政机关累计受理政府信息公开申请31195件。")
    b = one(facts_nlp, "全年共收到政府信息公开申请 2222 件。")
    c = one(facts_nlp, "本年度新收政府信息公开申请4件。")
    assert a.metric == b.metric == c.metric == "政府信息公开申请"


def test_outcome_words_take_the_proceeding(facts_nlp):
    fs = facts_of(facts_nlp, "信息公开类行政复议973件，其中结果纠正42件。行政诉讼61件，结果纠正3件。")
    assert [f.metric for f in fs] == ["行政复议", "行政复议结果纠正", "行政诉讼", "行政诉讼结果纠正"]


def test_every_fact_has_metric_and_segment(facts_nlp):
    r = facts_nlp("一、总体情况\n\n全年公开信息120条，发布解读20篇。\n\n举办发布会3场。")
    assert len(r.facts) == 3
    for f in r.facts:
        assert f.metric
        assert f.segment is not None
        seg = r.segments[f.segment]
        assert seg.start <= f.start < seg.end


def test_vocabulary_is_unambiguous():
    from gisnlp.facts.metric import vocabulary
    names = [n for n, _, _ in vocabulary()]
    assert len(names) == len(set(names))


def test_facts_serialise(facts_nlp):
    r = facts_nlp("全年收到申请 34 件。")
    d = json.loads(r.to_json())
    assert d["facts"][0]["text"] == "34 件"
    assert Report.from_dict(d).facts[0].value == 34


# --- seeds (skip without ../shared) ---------------------------------------------------

def test_seed_offsets_are_exact(seeds_dir, facts_nlp):
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        r = facts_nlp(str(path))
        assert r.facts
        for f in r.facts:
            assert r.text[f.start:f.end] == f.text
            assert f.metric


@pytest.mark.parametrize("text,metrics", [
    ("新建10个医疗急救分站。", ["新建医疗急救分站"]),                     # verb + number + noun
    ("公开对本市178家药品批发企业的检查情况。", ["药品批发企业"]),
    ("推动夜间经济发展十条措施和重振老字号品牌十七项举措。",
     ["推动夜间经济发展措施", "重振老字号品牌举措"]),
    ("另有1396件申请按照规定顺延到下年度答复。", ["结转下年度政府信息公开申请"]),
    ("全年因政府信息公开引起的行政复议2件,行政诉讼1件。", ["行政复议", "行政诉讼"]),
    ("12345政务服务便民热线受理工单3.2万件。", ["政务服务便民热线受理工单"]),
])
def test_metric_phrases(facts_nlp, text, metrics):
    assert [f.metric for f in facts_of(facts_nlp, text)] == metrics


def test_traditional_seed_equals_its_simplified_form(seeds_dir, facts_nlp):
    from gisnlp.normalize import normalize
    path = next(p for p in sorted(seeds_dir.glob("*.txt")) if "學" in p.read_text(encoding="utf-8")
                or "開" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    a = [(f.value, f.unit, f.kind, f.approx, f.metric) for f in facts_nlp(text).facts]
    b = [(f.value, f.unit, f.kind, f.approx, f.metric) for f in facts_nlp(normalize(text).text).facts]
    assert a and a == b


def test_corpus_texts_give_well_formed_facts(corpus_dir, facts_nlp):
    for path in sorted((corpus_dir / "files").glob("*.txt")):
        r = facts_nlp(str(path))
        for f in r.facts:
            assert r.text[f.start:f.end] == f.text
            assert f.metric and f.kind in ("count", "amount", "share", "change", "rate")
            assert (f.direction is not None) == (f.kind == "change")


def test_step_runs_alone_on_a_bare_report():
    from gisnlp.facts import make_facts
    r = make_facts()(Report(doc_id="x", text="全年公开信息 1,200 条,较上年增长5%。"))
    assert [(f.value, f.kind, f.segment) for f in r.facts] == [(1200, "count", None), (5, "change", None)]


def test_plan_sections_and_future_years_are_targets(facts_nlp):
    text = ("某区人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n"
            "2023年,全区共主动公开政府信息1200条。截至2024年1月,累计公开3万余条。"
            "2024年,全区将新建政务公开专区10个。\n\n"
            "五、存在的主要问题及改进情况\n\n(二)下一步工作计划\n\n新建政务公开专区20个。\n\n"
            "六、其他需要报告的事项\n\n收取信息处理费0元。\n")
    r = facts_nlp(text)
    assert [(f.text, f.modality) for f in r.facts] == [
        ("1200条", "reported"), ("3万余条", "reported"), ("10个", "target"),
        ("20个", "target"), ("0元", "reported")]


@pytest.mark.parametrize("text,metric", [
    ("2023年，我局主动公开政府信息1206条。", "主动公开政府信息"),
    ("本机关全年发布政策解读23篇。", "政策解读"),
    ("我委召开新闻发布会4场。", "新闻发布会"),
    ("全镇主动公开政府信息88条。", "主动公开政府信息"),
])
def test_the_issuer_speaking_of_itself_is_not_part_of_the_metric(facts_nlp, text, metric):
    """我局 / 本机关 / 全镇 … name who counts, not what is counted (as 我市 and 全区 already do)."""
    r = facts_nlp("一、总体情况\n" + text + "\n")
    assert [f.metric for f in r.facts] == [metric]
