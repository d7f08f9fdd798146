"""Metadata from titles written for these tests: type, year, issuer, level, template."""
import pytest

import gisnlp
from gisnlp.metadata import detect_level
from gisnlp.report import Report

BODY = "\n一、总体情况\n全年主动公开政府信息120条。\n二、主动公开政府信息情况\n"


@pytest.fixture(scope="module")
def meta_nlp():
    return gisnlp.load(steps=["normalize", "structure", "metadata"])


CASES = [
    # (first lines, doc_type, year, issuer, level)
    ("北京市朝阳区人民政府2022年政府信息公开工作年度报告", "annual_report", 2022, "北京市朝阳区人民政府", "district"),
    ("江苏省人民政府2021年政府信息公开工作年度报告", "annual_report", 2021, "江苏省人民政府", "provincial"),
    ("杭州市2020年政府信息公开工作年度报告", "annual_report", 2020, "杭州市人民政府", "city"),
    ("新塘镇2022年政府信息公开工作年度报告", "annual_report", 2022, "新塘镇人民政府", "township"),
    ("南京东路街道2021年度政府信息公开工作年度报告", "annual_report", 2021, "南京东路街道办事处", "township"),
    ("2022年上海市发改委政府信息公开工作年度报告", "annual_report", 2022, "上海市发展和改革委员会", "department"),
    ("# 重庆市科委 2023 年政府信息公开工作年度报告", "annual_report", 2023, "重庆市科学技术委员会", "department"),
    ("新疆2021年政府信息公开工作年度报告", "annual_report", 2021, "新疆维吾尔自治区人民政府", "provincial"),
    ("上海市浦东新区人民政府\n2020 年政府信息公开工作年度报告", "annual_report", 2020, "上海市浦东新区人民政府", "district"),
    ("正文\n2024 年广州市卫健委政府信息公开工作\n年度报告", "annual_report", 2024, "广州市卫生健康委员会", "department"),
    ("标题: 某某经济开发区管委会2019年度政府信息公开工作年度报告\n发布时间: 2020-01-10", "annual_report", 2019,
     "某某经济开发区管委会", "district"),
    ("2022年上海市府办政府信息公开工作年度报告", "annual_report", 2022, "上海市人民政府办公厅", "provincial"),
    ("余杭区人社局2021年政府信息公开工作年度报告", "annual_report", 2021, "余杭区人力资源和社会保障局", "department"),
    ("政 府 信 息 公 开 工 作 年 度 报 告\n长宁县人民政府\n2022年", "annual_report", 2022, "长宁县人民政府", "county"),
    ("首页 > 政务公开 > 年报\n2021年度南昌市东湖区政府信息公开工作年度报告", "annual_report", 2021,
     "南昌市东湖区人民政府", "district"),
    ("南昌市政府办公室2021年政府信息公开工作年度报告", "annual_report", 2021, "南昌市人民政府办公室", "city"),
    ("上海市政府信息公開工作年度報告（2022年）", "annual_report", 2022, "上海市人民政府", "provincial"),
    ("关于2022年度政府信息公开工作情况的报告\n青山县人民政府", "annual_report", 2022, "青山县人民政府", "county"),
    ("滨江县地方税务局2014年信息公开年度报告", "annual_report", 2014, "滨江县地方税务局", "department"),
    ("2023年广州市政务公开工作要点", "work_plan", 2023, "广州市人民政府", "city"),
    ("青州市人民政府二〇二二年政府信息公开工作年度报告", "annual_report", 2022, "青州市人民政府", "city"),
    ("国务院办公厅2020年政府信息公开工作年度报告", "annual_report", 2020, "国务院办公厅", "national"),
    ("江苏省教育厅2022年政府信息公开工作年度报告", "annual_report", 2022, "江苏省教育厅", "department"),
    ("浙江省杭州市西湖区人民政府2021年政府信息公开工作年度报告", "annual_report", 2021,
     "浙江省杭州市西湖区人民政府", "district"),
    ("东城县人民政府办公室文件\n东政办发〔2022〕3号\n关于印发《东城县2022年政务公开工作要点》的通知",
     "work_plan", 2022, "东城县人民政府办公室", "county"),
    ("广州市人民政府办公厅文件\n穗府办〔2023〕5号\n广州市人民政府办公厅关于印发2023年广州市政务公开工作要点的通知",
     "work_plan", 2023, "广州市人民政府办公厅", "city"),
    ("关于开展2023年度安全生产检查的通知\n各单位：\n请按要求开展检查。", "other", 2023, None, None),
    ("政府信息公开工作年度报告格式模板\n一、总体情况\n（文字描述）", "other", None, None, None),
]


@pytest.mark.parametrize("head,doc_type,year,issuer,level", CASES)
def test_title_rules(meta_nlp, head, doc_type, year, issuer, level):
    text = head + (BODY if doc_type != "other" else "\n")
    m = meta_nlp(text, doc_id="t").meta
    assert (m.doc_type, m.year, m.issuer, m.level) == (doc_type, year, issuer, level)


def test_district_takes_the_fuller_name_the_text_uses(meta_nlp):
    text = ("洪山区人民政府2023年政府信息公开工作年度报告\n本报告由武汉市洪山区人民政府办公室编制。"
            "如有疑问请与武汉市洪山区政务公开办联系。" + BODY)
    m = meta_nlp(text, doc_id="t").meta
    assert m.issuer == "武汉市洪山区人民政府" and m.level == "district"


def test_templates_from_labels_and_year(meta_nlp):
    t2021 = meta_nlp("某县2022年政府信息公开工作年度报告" + BODY + "信息内容\t本年制发件数\t本年废止件数\n").meta
    t2019 = meta_nlp("某县2020年政府信息公开工作年度报告" + BODY + "信息内容\t本年新制作数量\t本年新公开数量\n").meta
    old = meta_nlp("某县2015年政府信息公开工作年度报告" + BODY + "行政复议\n依申请公开\n").meta
    plan = meta_nlp("2023年某县政务公开工作要点\n一、工作目标\n").meta
    assert (t2021.template, t2019.template, old.template, plan.template) == ("2021", "2019", "pre2019", None)


def test_untitled_fragment_with_tables(meta_nlp):
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t10\t0\t10\n"
            "二、上年结转政府信息公开申请数量\t1\t0\t1\n四、结转下年度继续办理\t0\t0\t0\n")
    r = meta_nlp(text, doc_id="frag")
    assert r.meta.doc_type == "annual_report" and r.meta.issuer is None
    assert any("fragment" in w for w in r.meta.warnings)


def test_container_title_is_used_when_the_text_has_none(meta_nlp):
    step = meta_nlp
    report = Report(doc_id="h", text="一、总体情况\n本年度主动公开政府信息200条。\n")
    report.meta.title = "2021年某某区政府信息公开工作年度报告_某某区人民政府网"
    r = step.run(report)
    assert (r.meta.year, r.meta.issuer, r.meta.doc_type) == (2021, "某某区人民政府", "annual_report")


@pytest.mark.parametrize("crumb", ["首页 > 政务公开 > 年度报告", "首頁 > 政務公開 > 年度報告", "网站首页 » 信息公开 » 年报"])
def test_a_breadcrumb_page_title_is_not_the_title(meta_nlp, crumb):
    report = Report(doc_id="b", text="本报告由某某镇人民政府编制。\n一、总体情况\n2023年主动公开政府信息86条。\n")
    report.meta.title = crumb
    r = meta_nlp.run(report)
    assert r.meta.title is None and r.meta.issuer == "某某镇人民政府" and r.meta.year == 2023


def test_comparison_documents_are_other(meta_nlp):
    report = Report(doc_id="c", text="宿城市 政务公开年报比对\n年份: 2022 vs 2023\n一、总体情况\n")
    report.meta.title = "比对报告_宿城市_2022vs2023"
    r = meta_nlp.run(report)
    assert r.meta.doc_type == "other" and r.meta.year == 2023 and r.meta.issuer == "宿城市人民政府"


@pytest.mark.parametrize("issuer,level", [
    ("国务院办公厅", "national"), ("上海市人民政府办公厅", "provincial"), ("广西壮族自治区人民政府", "provincial"),
    ("淮安市人民政府", "city"), ("延边朝鲜族自治州人民政府", "city"), ("淮安市洪泽区人民政府", "district"),
    ("莫力达瓦达斡尔族自治旗人民政府", "county"), ("大兴安岭地区行政公署", "city"), ("峨山彝族自治县人民政府", "county"), ("城关镇人民政府", "township"),
    ("上海市科学技术委员会", "department"), ("平潭综合实验区管委会", "district"), (None, None),
])
def test_levels(issuer, level):
    assert detect_level(issuer) == level


def test_bundled_example(meta_nlp):
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "examples" / "sample_report.txt"
    r = meta_nlp(path)
    assert (r.meta.doc_type, r.meta.year, r.meta.issuer, r.meta.level, r.meta.template) == \
        ("annual_report", 2021, "青石县人民政府", "county", "2021")
    assert [h.marker for h in r.headings if h.level == 1] == ["一、", "二、", "三、", "四、", "五、", "六、"]


# --- page furniture, years, issuers, levels, truncation (our own small fixtures) ---------------
from gisnlp.metadata import government_level  # noqa: E402
from gisnlp.metadata.furniture import is_furniture, parse_date  # noqa: E402

REPORT_2021 = ("一、总体情况\n本年，本局主动公开政府信息320条。\n二、主动公开政府信息情况\n"
               "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n三、收到和处理政府信息公开申请情况\n"
               "本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n四、政府信息公开行政复议、行政诉讼情况\n"
               "五、存在的主要问题及改进情况\n更新不够及时。\n六、其他需要报告的事项\n无。\n")


@pytest.mark.parametrize("line,furniture", [
    ("索引号：11370100/2024-00127", True), ("发布时间：2023-01-20 来源：区政府办 浏览次数：312", True),
    ("当前位置：首页 > 政务公开 > 年报", True), ("【字体：大 中 小】【打印本页】【关闭窗口】", True),
    ("2022-01-27 09:30 来源：双台子区政府", True), ("分享到：", True),
    ("某县2023年政府信息公开工作年度报告", False), ("一、总体情况", False),
    ("2023年，本局主动公开政府信息320条。", False),
])
def test_furniture_lines(line, furniture):
    assert is_furniture(line) is furniture


@pytest.mark.parametrize("text,date", [
    ("发布日期：2024-01-20", (2024, 1, 20)), ("2024年1月9日", (2024, 1, 9)),
    ("二〇二二年一月二十日", (2022, 1, 20)), ("二〇二三年十二月三十一日", (2023, 12, 31)), ("无日期", None),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_the_year_is_the_year_reported_on_not_the_publication_date(meta_nlp):
    text = "发布时间：2024-01-20\n索引号：A01/2024-00012\n某县2023年政府信息公开工作年度报告\n" + REPORT_2021
    m = meta_nlp(text).meta
    assert m.year == 2023 and not any("guess" in w for w in m.warnings)


def test_a_year_from_the_page_date_is_flagged(meta_nlp):
    text = "发布时间：2024-01-20\n政府信息公开工作年度报告\n" + REPORT_2021 + "某县人民政府\n2024年1月20日\n"
    m = meta_nlp(text).meta
    assert m.year == 2023 and any("guessed from the page's date" in w for w in m.warnings)


def test_the_publisher_field_is_evidence_only_when_nothing_better(meta_nlp):
    weak = meta_nlp("发布机构：某县卫生健康局\n政府信息公开工作年度报告\n" + REPORT_2021.replace("本年", "2023年")).meta
    strong = meta_nlp("发布机构：某县人民政府办公室\n某县教育局2023年政府信息公开工作年度报告\n" + REPORT_2021).meta
    assert weak.issuer == "某县卫生健康局" and any("page's publisher field" in w for w in weak.warnings)
    assert strong.issuer == "某县教育局" and not any("names no issuer" in w for w in strong.warnings)


def test_the_compiling_office_gives_way_to_its_body(meta_nlp):
    compiled = meta_nlp("本报告由青山县人民政府办公室编制。\n" + REPORT_2021.replace("本年", "2023年")).meta
    signed = meta_nlp(REPORT_2021.replace("本年", "2023年") + "青山县水利局办公室\n2024年1月20日\n").meta
    own = meta_nlp("青山县人民政府办公室2023年政府信息公开工作年度报告\n" + REPORT_2021).meta
    assert (compiled.issuer, signed.issuer, own.issuer) == ("青山县人民政府", "青山县水利局", "青山县人民政府办公室")


@pytest.mark.parametrize("issuer,level,gov_level", [
    ("某市教育局", "department", "city"), ("某县卫生健康局", "department", "county"),
    ("某市生态环境局某某分局", "department", "city"), ("某市某区市场监督管理局", "department", "district"),
    ("某市住房和城乡建设局", "department", "city"), ("某县住房和城乡建设局", "department", "county"),
    ("国家卫生健康委员会", "department", "national"), ("海关总署", "department", "national"),
    ("国家税务总局江苏省税务局", "department", "provincial"), ("北京市卫生健康委员会", "department", "provincial"),
    ("昆山市人民政府", "county", "county"), ("昆山市教育局", "department", "county"),
    ("苏州市人民政府", "city", "city"), ("某某镇人民政府", "township", "township"),
    ("某某街道办事处", "township", "township"), ("某某经济技术开发区管委会", "district", "district"),
    ("某某高新区财政局", "department", "district"), ("上海市人民政府办公厅", "provincial", "provincial"),
    ("南宁住房公积金管理中心", "department", "city"), ("教育部", "department", "national"), (None, None, None),
])
def test_level_and_government_level(issuer, level, gov_level):
    assert (detect_level(issuer), government_level(issuer)) == (level, gov_level)


def test_a_cut_report_is_partial_and_says_what_is_missing(meta_nlp):
    cut = "某县2023年政府信息公开工作年度报告\n" + REPORT_2021.split("四、")[0] + "全年共收到申请3件，其中自然人"
    m = meta_nlp(cut).meta
    warning = [w for w in m.warnings if "cut short" in w]
    assert m.partial and warning and all(p in warning[0] for p in ("四、", "五、", "六、"))
    assert "一、" not in warning[0].split("missing:")[1]
    whole = meta_nlp("某县2023年政府信息公开工作年度报告\n" + REPORT_2021).meta
    assert not whole.partial and not any("cut short" in w for w in whole.warnings)


def test_an_older_report_is_not_judged_for_missing_parts(meta_nlp):
    text = ("某县2015年政府信息公开工作年度报告\n一、概述\n2015年，本县主动公开信息。\n"
            "二、主动公开政府信息情况\n全年公开120条，依申请公开2件，未发生行政复议")
    m = meta_nlp(text).meta
    assert (m.template, m.partial) == ("pre2019", False)


GUIDE = "一、主动公开\n本机关主动公开机构职能、政策文件。\n二、依申请公开\n申请人可以当面提交申请。\n"


@pytest.mark.parametrize("head,body,doc_type", [
    ("", REPORT_2021, "annual_report"),                               # no title: the body decides
    ("按照2023年政务公开工作要点要求，现将有关情况报告如下。", REPORT_2021, "annual_report"),  # mentions 工作要点
    ("2023年政务公开工作总结", REPORT_2021, "annual_report"),            # a full report body outweighs
    ("2023年政务公开工作总结", GUIDE, "other"),
    ("某区政府信息公开指南", GUIDE, "other"),
    ("", "为做好政务公开工作，现就2023年政务公开工作提出如下要点。\n一、加强政策解读\n", "work_plan"),
])
def test_doc_type_from_the_body(meta_nlp, head, body, doc_type):
    assert meta_nlp(head + "\n" + body.replace("本年", "2023年")).meta.doc_type == doc_type


def test_government_level_round_trips(meta_nlp):
    r = meta_nlp("某市教育局2023年政府信息公开工作年度报告\n" + REPORT_2021)
    back = Report.from_dict(r.to_dict())
    assert (back.meta.level, back.meta.government_level) == ("department", "city")


def test_line_pattern_answers_as_the_whole_alternation():
    """Furniture lines are found with the anchored branches tried at the line start only: the
    same answer as searching the whole pattern, on lines that hit each branch and on others."""
    import re

    from gisnlp.line_pattern import line_pattern, top_level_branches
    from gisnlp.resources import load_yaml
    assert top_level_branches(r"a|[|]b|(c|d)|\|e") == ["a", "[|]b", "(c|d)", r"\|e"]
    assert top_level_branches(r"[]|x]|[^]|]|^y") == ["[]|x]", "[^]|]", "^y"]
    pattern = load_yaml("metadata.yaml")["furniture_lines"]
    lines = ["当前位置：首页 > 政务公开", "首页 > 信息公开 > 年度报告", "网站 › 首页", "【打印】【关闭】", "大 中 小",
             "附件下载：", "2024-01-02 10:00 来源：本站", "- 3 -", "第 3 页", "微信", "本机关主动公开政府信息",
             "一、总体情况 > 详见下表", "2024年1月2日", "", "x" * 3000 + " > 首页"]
    split, whole = line_pattern(pattern), re.compile(pattern)
    assert [split.search(x) for x in lines] == [bool(whole.search(x)) for x in lines]
    assert sum(split.search(x) for x in lines) >= 9
    assert line_pattern(r"(a)b|\1").at_start is None          # a back-reference: searched whole


@pytest.mark.parametrize("title,issuer", [
    ("某某大学2022-2023学年信息公开工作年度报告", "某某大学"),
    ("某某市第二中学2022—2023学年度信息公开工作报告", "某某市第二中学"),
])
def test_an_academic_year_title_still_names_its_issuer(meta_nlp, title, issuer):
    """Schools report by 学年 (2022-2023学年): the name before the period is the issuer."""
    r = meta_nlp(title + "\n一、概述\n本学年主动公开信息1286条。\n", doc_id="u")
    assert r.meta.issuer == issuer and r.meta.doc_type == "annual_report"


@pytest.mark.parametrize("rule,partial", [
    ("《高等学校信息公开办法》", False),
    ("《供电企业信息公开实施办法》", False),
    ("《中华人民共和国政府信息公开条例》", True),
])
def test_parts_of_the_national_template_are_missing_only_under_the_regulation(meta_nlp, rule, partial):
    """A university's or a utility's report follows its own rule's parts: none is 'missing' from it.
    The same short text citing the 条例 is a cut government report."""
    text = (f"某某单位2023年信息公开工作年度报告\n根据{rule}要求编制本报告。\n一、总体情况\n"
            "2023年主动公开信息1286条。\n二、依申请公开情况\n全年收到信息公开申请9件。\n")
    r = meta_nlp(text, doc_id="o")
    assert r.meta.partial is partial


@pytest.mark.parametrize("opening,issuer", [
    ("2023年，某某街道办事处认真贯彻落实《条例》，主动公开政府信息156条。", "某某街道办事处"),
    ("2022年，某某县卫生健康委员会坚持以公开为常态，主动公开信息80条。", "某某县卫生健康委员会"),
    ("2023年，我区坚持以公开为常态，主动公开信息800条。", None),        # 我区 names no one
    ("2023年，市教育局深入贯彻落实《条例》，主动公开信息60条。", None),   # which 市 is not said
])
def test_the_opening_sentence_names_the_issuer_of_an_untitled_report(meta_nlp, opening, issuer):
    text = ("一、总体情况\n" + opening + "\n二、主动公开政府信息情况\n本年制发规范性文件3件。\n"
            "三、收到和处理政府信息公开申请情况\n全年收到申请2件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
            "五、存在的主要问题及改进情况\n一是质量有待提升。\n")
    r = meta_nlp(text, doc_id="n")
    assert r.meta.doc_type == "annual_report" and r.meta.issuer == issuer


@pytest.mark.parametrize("rule,body,template", [
    ("《供电企业信息公开实施办法》", "一、总体情况\n全年公开停电信息320条。\n五、存在的主要问题及改进情况\n无。\n", None),
    ("《高等学校信息公开办法》", "一、概述\n本年主动公开信息86条。\n二、依申请公开情况\n收到申请3件。\n", None),
    ("《中华人民共和国政府信息公开条例》", BODY + "三、收到和处理政府信息公开申请情况\n收到申请2件。\n", "2021"),
    ("《中华人民共和国政府信息公开工作年度报告格式》", "一、总体情况\n全年主动公开信息56条。\n", "2021"),
    ("本单位工作规则", "一、总体情况\n全年公开信息56条。\n", None),
    ("本单位工作规则", "一、总体情况\n全年政府信息公开工作平稳有序。\n", "2021"),
])
def test_a_report_showing_no_template_has_none(meta_nlp, rule, body, template):
    """No template table, no part only the template has (under the 条例), no citation of its 格式:
    the template is null, not the one of the report's year."""
    r = meta_nlp(f"某某单位2023年信息公开工作年度报告\n根据{rule}编制本报告。\n{body}", doc_id="t")
    assert r.meta.doc_type == "annual_report" and r.meta.template == template
