"""Tables step: one small hand-written table per layout, the flattened-digit splitter and the audit."""
from __future__ import annotations

import json

import pytest

import gisnlp
from gisnlp.report import Grid, GridCell, Report
from gisnlp.tables import make_tables
from gisnlp.tables.identities import audit
from gisnlp.tables.flattened import split_row
from gisnlp.tables.label_match import detect_template

STEPS = ["normalize", "structure", "metadata", "tables"]

# Row labels of table 三 as printed (2021 template) and a consistent set of values:
# six applicant columns, then the total.
T3_ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", "new", [120, 8, 1, 0, 2, 3, 134]),
    ("二、上年结转政府信息公开申请数量", "carried_in", [6, 1, 0, 0, 0, 0, 7]),
    ("(一)予以公开", "result.disclosed", [50, 3, 1, 0, 1, 1, 56]),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "result.partial", [10, 1, 0, 0, 0, 0, 11]),
    ("1.属于国家秘密", "result.withheld.secret", [0, 0, 0, 0, 0, 0, 0]),
    ("2.其他法律行政法规禁止公开", "result.withheld.law", [1, 0, 0, 0, 0, 0, 1]),
    ("3.危及“三安全一稳定”", "result.withheld.safety", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", "result.withheld.third_party", [2, 0, 0, 0, 0, 0, 2]),
    ("5.属于三类内部事务信息", "result.withheld.internal", [1, 0, 0, 0, 0, 0, 1]),
    ("6.属于四类过程性信息", "result.withheld.process", [3, 0, 0, 0, 0, 0, 3]),
    ("7.属于行政执法案卷", "result.withheld.enforcement", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", "result.withheld.query", [4, 0, 0, 0, 0, 1, 5]),
    ("1.本机关不掌握相关政府信息", "result.unavailable.not_held", [30, 2, 0, 0, 1, 1, 34]),
    ("2.没有现成信息需要另行制作", "result.unavailable.not_ready", [5, 0, 0, 0, 0, 0, 5]),
    ("3.补正后申请内容仍不明确", "result.unavailable.unclear", [2, 0, 0, 0, 0, 0, 2]),
    ("1.信访举报投诉类申请", "result.rejected.petition", [3, 0, 0, 0, 0, 0, 3]),
    ("2.重复申请", "result.rejected.repeat", [4, 1, 0, 0, 0, 0, 5]),
    ("3.要求提供公开出版物", "result.rejected.publication", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", "result.rejected.excessive", [1, 0, 0, 0, 0, 0, 1]),
    ("5.要求行政机关确认或重新出具已获取信息", "result.rejected.confirm", [0, 0, 0, 0, 0, 0, 0]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "result.other.no_correction",
     [2, 0, 0, 0, 0, 0, 2]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "result.other.no_fee",
     [0, 0, 0, 0, 0, 0, 0]),
    ("3.其他", "result.other.other", [3, 1, 0, 0, 0, 0, 4]),
    ("(七)总计", "result.total", [121, 8, 1, 0, 2, 3, 135]),
    ("四、结转下年度继续办理", "carried_out", [5, 1, 0, 0, 0, 0, 6]),
]
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
GROUP_HEADERS = {"result.disclosed": "三、本年度办理结果", "result.withheld.secret": "(三)不予公开",
                 "result.unavailable.not_held": "(四)无法提供", "result.rejected.petition": "(五)不予处理",
                 "result.other.no_correction": "(六)其他处理"}
T4_VALUES = [5, 1, 0, 1, 7, 3, 0, 1, 0, 4, 1, 0, 0, 0, 1]


def run(text: str) -> Report:
    return gisnlp.load(steps=STEPS)(text.encode("utf-8"))


def cells(report: Report) -> dict:
    return {c.id: c.value for c in report.cells}


def expected_t3(rows=T3_ROWS_2021) -> dict:
    return {f"t3.{rid}.{c}": v for _, rid, vals in rows for c, v in zip(COLS, vals)}


def preamble(year=2022) -> str:
    return (f"某某市人民政府{year}年政府信息公开工作年度报告\n\n一、总体情况\n"
            f"{year}年,我市认真贯彻《条例》,共收到申请134件。\n")


def t3_one_cell_per_line(rows=T3_ROWS_2021) -> str:
    out = ["三、收到和处理政府信息公开申请情况", "", "\t申请人情况", "\t自然人", "\t法人或其他组织", "\t总计",
           "\t商业企业", "\t科研机构", "\t社会公益组织", "\t法律服务机构", "\t其他", ""]
    for label, rid, vals in rows:
        if rid in GROUP_HEADERS:
            out.append("\t" + GROUP_HEADERS[rid])
        out.append("\t" + label)
        out += ["\t" + str(v) for v in vals]
        out.append("")
    return "\n".join(out) + "\n"


def t4_block(sep="\n") -> str:
    head = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n" \
           "未经复议直接起诉\n复议后起诉\n"
    return head + sep.join(str(v) for v in T4_VALUES) + "\n五、存在的主要问题及改进情况\n一是解读形式仍需丰富。\n"


T2_2021_LINES = ("二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
                 "规章\n2\n/\n31\n行政规范性文件\n15\n4\n(包括自然失效)\n120\n"
                 "第二十条第(五)项\n信息内容\n本年处理决定数量\n行政许可\n2456\n"
                 "第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n1330\n行政强制\n54\n"
                 "第二十条第(八)项\n信息内容\n本年收费金额(单位:万元)\n行政事业性收费\n96171.6\n")


def t3_markdown_detached_labels() -> str:
    """Markdown rows where the PDF lost three rows' labels, and a page footer inside the table."""
    md = ["三、收到和处理政府信息公开申请情况", "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
          "|---|---|---|---|---|---|---|---|"]
    for label, rid, vals in T3_ROWS_2021:
        cells_ = " | ".join(map(str, vals))
        if rid in DETACHED:
            md.append(f"| {cells_} |")            # the PDF lost this row's label
        else:
            md.append(f"| {label} | {cells_} |")
    md.append("第 3 页")                               # footer inside the table
    return "\n".join(md) + "\n"


def t3_values_before_labels() -> str:
    """PDF text of vertically centred labels: each row's values come first, its label after."""
    body = ["三、收到和处理政府信息公开申请情况", "申请人情况 自然人 法人或其他组织 总计"]
    for label, rid, vals in T3_ROWS_2021:
        body.append(" ".join(map(str, vals)))
        body.append(label)
    return "\n".join(body) + "\n"


def t3_ocr_typo() -> str:
    """One row label with an OCR error (掌据 for 掌握)."""
    rows = [(l.replace("本机关不掌握相关政府信息", "本机关不掌据相关政府信息"), rid, v) for l, rid, v in T3_ROWS_2021]
    return t3_one_cell_per_line(rows)


DETACHED = ("result.partial", "result.withheld.law", "result.unavailable.not_ready")
LAYOUTS = {"one_cell_per_line": (t3_one_cell_per_line, t4_block),
           "markdown_detached_labels": (t3_markdown_detached_labels, t4_block),
           "values_before_labels": (t3_values_before_labels, lambda: t4_block(sep=" ")),
           "ocr_typo": (t3_ocr_typo, t4_block)}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_table_three_cell_is_read_in_each_layout(layout):
    t3, t4 = LAYOUTS[layout]
    r = run(preamble() + t3() + t4())
    got = cells(r)
    assert {cid: got.get(cid) for cid in expected_t3()} == expected_t3()
    for c in r.cells:
        assert r.text[c.start:c.end] == c.raw
    assert not [c for c in r.checks if c.status == "fail"]


def test_one_cell_per_line_layout_reads_tables_two_and_four_and_their_spans():
    text = preamble() + T2_2021_LINES + t3_one_cell_per_line() + t4_block()
    r = run(text)
    got = cells(r)
    assert got["t2.art20_1.rules.issued"] == 2 and "t2.art20_1.rules.repealed" not in got  # "/" is empty
    assert got["t2.art20_1.normative.in_force"] == 120  # the note line is skipped
    assert got["t2.art20_8.fees.amount"] == 96171.6 and isinstance(got["t2.art20_8.fees.amount"], float)
    assert got["t4.review.total"] == 7 and got["t4.litigation_after.upheld"] == 1
    for c in r.cells:
        assert r.text[c.start:c.end] == c.raw
    assert not [c for c in r.checks if c.status == "fail"]
    assert {s[2] for s in r.table_spans} == {"t2", "t3", "t4"}
    t4_span = [s for s in r.table_spans if s[2] == "t4"][0]
    assert "存在的主要问题" not in r.text[t4_span[0]:t4_span[1]]


def test_balance_failure_is_reported_with_its_arithmetic():
    rows = [(l, rid, list(v)) for l, rid, v in T3_ROWS_2021]
    rows[-1][2][0] = 7          # carried_out.natural 5 -> 7, total column left alone
    rows[-1][2][6] = 8
    r = run(preamble() + t3_one_cell_per_line(rows) + t4_block())
    failed = {c.rule: c for c in r.checks if c.status == "fail"}
    assert set(failed) == {"t3.balance.natural", "t3.balance.total"}
    assert failed["t3.balance.natural"].detail == (
        "new + carried_in = 120 + 6 = 126; result.total + carried_out = 121 + 7 = 128; "
        "difference (left - right) = -2; column natural: new + carried_in falls short of "
        "result.total + carried_out by 2")
    assert "t3.carried_out.natural" in failed["t3.balance.natural"].cells


TAB_2019 = """二、主动公开政府信息情况
第二十条第(一)项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t/\t/\t/
规范性文件\t4\t4\t27(截至 2020 年 12 月 31 日有效数量)
第二十条第(五)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t245\t-41\t35261
其他对外管理服务事项\t577\t449\t2086807
第二十条第(九)项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t327\t1187630696.19 元\t

三、收到和处理政府信息公开申请情况
\t\t自然人\t法人或其他组织\t\t\t\t\t总计
\t\t\t商业企业\t科研机构\t社会组织\t法律服务机构\t其他\t
一、\t本年新收政府信息公开申请数量\t30\t2\t0\t1\t0\t1\t34\t
二、\t上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\t
三、 本年 度办 理结 果\t(一) 予以公开\t12\t1\t0\t0\t0\t0\t13\t
\t(三) 不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1
\t\t2.其他法律行政法规禁\t2\t0\t0\t0\t0\t0\t2

\t止公开\t\t\t\t\t\t\t
\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0
\t(六)其他处理\t5\t0\t0\t1\t0\t0\t6
\t(七)总计\t20\t1\t0\t1\t0\t0\t22
四、结转下年度继续办理\t\t12\t1\t0\t0\t0\t1\t14
"""


def test_tab_rows_with_split_labels_negative_values_money_and_notes():
    r = run(preamble(2020) + TAB_2019)
    got = cells(r)
    assert r.meta.template == "2019" and detect_template(TAB_2019) == "2019"   # the column labels say 2019
    assert "t2.art20_1.rules.made" not in got
    assert got["t2.art20_1.normative.total"] == 27
    assert got["t2.art20_5.license.change"] == -41
    assert got["t2.art20_5.other_services.decisions"] == 2086807
    assert got["t2.art20_9.procurement.amount"] == 1187630696.19
    assert got["t3.new.social"] == 1 and got["t3.new.total"] == 34
    assert got["t3.result.withheld.law.natural"] == 2          # label split over two lines
    assert got["t3.result.withheld.safety.total"] == 0
    assert got["t3.result.other.total"] == 6                    # 2019: one (六) row
    assert got["t3.carried_out.total"] == 14
    assert "t3.result.other.other.natural" not in got


def test_traditional_text_with_pinyin_glosses_is_read_through_normalisation():
    trad = ("某某市人民政府2022年政府信息公開工作年度報告\n一、總體情況\n本年度報告根據(jù)條例編制。\n"
            "三、收到和處理政府信息公開申請情況\n申請人情況\n自然人\n法人或其他組織\n總計\n"
            "一、本年新收政府信息公開申請數量\n1,234\n10\n0\n0\n1\n2\n1247\n"
            "二、上年結轉政府信息公開申請數量\n5\n0\n0\n0\n0\n0\n5\n"
            "(七)總計\n1200\n9\n0\n0\n1\n2\n1212\n"
            "四、結轉下年度繼續辦理\n39\n1\n0\n0\n0\n0\n40\n")
    r = run(trad)
    got = cells(r)
    assert got["t3.new.natural"] == 1234
    assert got["t3.carried_out.total"] == 40
    balance = {c.rule: c.status for c in r.checks}
    assert balance["t3.balance.total"] == "pass"
    for c in r.cells:
        assert r.text[c.start:c.end] == c.raw


def test_flattened_run_on_rows_are_split_by_their_totals():
    body = ("当前位置:首页 政府信息公开年报 二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数"
            "现行有效件数规章000第二十条第(五)项信息内容本年处理决定数量行政许可2629第二十条第(八)项信息内容"
            "本年收费金额(单位:万元)行政事业性收费5949.088667三、收到和处理政府信息公开申请情况申请人情况自然人"
            "法人或其他组织总计一、本年新收政府信息公开申请数量21710000218二、上年结转政府信息公开申请数量"
            "0000000三、本年度办理结果(一)予以公开91000010101(三)不予公开1.属于国家秘密0000000"
            "2.其他法律行政法规禁止公开00000003.危及“三安全一稳定”1000001(七)总计20810000209"
            "四、结转下年度继续办理0 0 00 00 0 四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼"
            "结果维持结果纠正其他结果尚未审结总计110024001510102五、存在的主要问题及改进情况一是。")
    r = run(preamble(2023) + body)
    got = cells(r)
    assert [got[f"t3.new.{c}"] for c in COLS] == [217, 1, 0, 0, 0, 0, 218]
    assert [got[f"t3.result.disclosed.{c}"] for c in COLS] == [91, 0, 0, 0, 0, 10, 101]
    assert got["t3.result.withheld.safety.total"] == 1          # "…00000003.危及" keeps its ordinal
    assert got["t3.carried_out.total"] == 0
    assert got["t2.art20_1.rules.in_force"] == 0
    assert got["t2.art20_8.fees.amount"] == 5949.088667
    assert [got[f"t4.review.{c}"] for c in ["upheld", "corrected", "other", "pending", "total"]] == [1, 1, 0, 0, 2]
    for c in r.cells:
        assert r.text[c.start:c.end] == c.raw


def test_ambiguous_flattened_row_is_pending_not_guessed():
    body = ("三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量270020130"
            "二、上年结转政府信息公开申请数量0000000(七)总计330000033四、结转下年度继续办理0000000")
    r = run(preamble() + body)
    got = cells(r)
    assert not any(cid.startswith("t3.new.") for cid in got)
    pend = {p["row"]: p for p in r.pending_rows}
    assert pend["t3.new"]["candidates"] == [[2, 7, 0, 0, 20, 1, 30], [27, 0, 0, 2, 0, 1, 30]]
    assert r.text[pend["t3.new"]["start"]:pend["t3.new"]["end"]] == "270020130"
    split = [c for c in r.checks if c.rule == "t3.new.split"][0]
    assert split.status == "unknown" and "[27, 0, 0, 2, 0, 1, 30]" in split.detail
    assert {c.rule: c.status for c in r.checks}["t3.balance.total"] == "unknown"


def test_markdown_rows_detached_from_their_labels_get_a_lower_confidence():
    r = run(preamble() + t3_markdown_detached_labels() + t4_block())
    assert cells(r)["t3.result.partial.natural"] == 10
    conf = {c.id: c.confidence for c in r.cells}
    assert conf["t3.result.partial.natural"] < conf["t3.result.disclosed.natural"]


def test_native_grid_is_used_when_the_reader_provides_one():
    grid_rows = []
    text = preamble() + "三、收到和处理政府信息公开申请情况\n"
    pos = len(text)
    for label, rid, vals in T3_ROWS_2021[:2] + T3_ROWS_2021[-2:]:
        row = []
        for cell in [label] + [str(v) for v in vals]:
            row.append(GridCell(cell, pos, pos + len(cell)))
            text += cell + "\t"
            pos = len(text)
        text = text[:-1] + "\n"
        pos = len(text)
        grid_rows.append(row)
    report = gisnlp.load(steps=["normalize", "structure", "metadata"])(text.encode("utf-8"))
    report.grids = [Grid(rows=grid_rows, start=grid_rows[0][0].start, end=grid_rows[-1][-1].end)]
    make_tables()(report)
    got = cells(report)
    assert got["t3.new.total"] == 134 and got["t3.carried_out.total"] == 6
    assert got["t3.result.total.natural"] == 121


def test_pre2019_report_and_other_text_yield_no_cells():
    old = ("某某县人民政府2016年政府信息公开工作年度报告\n一、概述\n本年度共主动公开信息1200条。\n"
           "统计表\n指标名称 单位 统计数\n主动公开政府信息数 条 1200\n收到申请数 件 35\n")
    r = run(old)
    assert r.cells == [] and r.pending_rows == []
    assert run("这是一份会议通知,请于3月5日参会。").cells == []


def test_split_row_enumerates_consistent_splits_only():
    assert split_row("21710000218", 7, "sum") == [["217", "1", "0", "0", "0", "0", "218"]]
    assert split_row("0000000", 7, "sum") == [["0"] * 7]
    assert len(split_row("270020130", 7, "sum")) == 2
    assert split_row("10203120001200000", 15, "sum5x3") == [
        ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]]
    assert ["911", "-18", "17881752"] in split_row("911-1817881752", 3, signed=[False, True, False])
    assert split_row("05", 2) == [["0", "5"]]


def test_audit_tolerates_float_artifacts_and_reports_incomplete_identities_as_unknown():
    vals = {"t4.review.upheld": 3, "t4.review.corrected": 1, "t4.review.other": 0.0,
            "t4.review.pending": 0, "t4.review.total": 4.0, "t3.new.natural": 5}
    checks = {c.rule: c for c in audit(vals, "2021")}
    assert checks["t4.sum.review"].status == "pass"
    balance = checks["t3.balance.natural"]
    assert balance.status == "unknown" and "t3.carried_out.natural" in balance.detail
    assert checks["t4.sum.litigation_after"].status == "unknown"
    assert len(checks) == 7 + 25 + 7 + 3      # every identity of the 2021 template, none left out


def test_audit_reads_blank_cells_as_zero_and_says_so():
    vals = {"t4.review.upheld": 3, "t4.review.corrected": 1, "t4.review.total": 4}
    checks = {c.rule: c for c in audit(vals, "2021", blanks={"t4.review.other", "t4.review.pending"})}
    assert checks["t4.sum.review"].status == "pass"
    assert "blank cells read as 0: t4.review.other, t4.review.pending" in checks["t4.sum.review"].detail


def test_report_json_keeps_the_scorer_contract():
    r = run(preamble() + t3_one_cell_per_line() + t4_block())
    d = json.loads(r.to_json(include_text=False))
    assert d["tables"]["cells"][0].keys() >= {"id", "value", "raw", "start", "end", "confidence"}
    assert all(isinstance(s, list) and len(s) == 3 for s in d["tables"]["spans"])


def test_seed_tables_match_gold(seeds_dir, gold_dir):
    """Every gold cell of the seeds, and exactly the gold's failed checks."""
    nlp = gisnlp.load(steps=STEPS)
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        r = nlp(seeds_dir / (gold_path.stem + ".txt"))
        want = {c["id"]: c["value"] for c in gold.get("tables", {}).get("cells", [])}
        assert cells(r) == pytest.approx(want), gold_path.stem
        gold_fail = {c["rule"] for c in gold.get("checks", []) if c.get("status", "fail") == "fail"
                     and c["rule"].startswith("t")}
        assert {c.rule for c in r.checks if c.status == "fail"} == gold_fail, gold_path.stem


HTML_REPORT = """<html><head><title>某某区人民政府2022年政府信息公开工作年度报告</title></head><body>
<h1>某某区人民政府2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2022年,我区共收到申请12件。</p>
<p>三、收到和处理政府信息公开申请情况</p><table>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>10</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>12</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>8</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>10</td></tr>
<tr><td colspan="2">（七）总计</td><td>10</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>12</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>—</td></tr>
</table><p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"""


def test_html_table_with_merged_cells_and_a_dash_for_empty():
    pytest.importorskip("lxml")
    r = gisnlp.load(steps=STEPS)(HTML_REPORT.encode("utf-8"))
    got = cells(r)
    assert got["t3.new.total"] == 12 and got["t3.result.disclosed.other"] == 1
    assert got["t3.carried_out.natural"] == 1 and "t3.carried_out.total" not in got   # — is empty
    checks = {c.rule: c for c in r.checks}
    assert checks["t3.balance.natural"].status == "pass"
    # the dash stands where 1 belongs (its row sums to 1): a cell left unfilled, not a 0
    assert checks["t3.balance.total"].status == "unknown"
    assert "t3.carried_out.total is blank while the cells it totals sum to 1" in checks["t3.balance.total"].detail
    assert checks["t3.balance.research"].status == "pass"
    for c in r.cells:
        assert r.text[c.start:c.end] == c.raw


def test_ocr_typo_in_a_row_label_is_matched_fuzzily_with_lower_confidence():
    r = run(preamble() + t3_ocr_typo())
    conf = {c.id: c.confidence for c in r.cells}
    assert cells(r)["t3.result.unavailable.not_held.natural"] == 30
    assert conf["t3.result.unavailable.not_held.natural"] < 1.0 == conf["t3.new.natural"]


def _set_cell_text(tc, value: str):
    """Replace the runs of a Word table cell's first paragraph with one run holding ``value``."""
    from docx.oxml.ns import qn
    p = next(tc.iterchildren(qn("w:p")))
    for run_ in list(p.iterchildren(qn("w:r"))):
        p.remove(run_)
    run_ = p.makeelement(qn("w:r"), {})
    t = run_.makeelement(qn("w:t"), {})
    t.text = value
    run_.append(t)
    p.append(run_)


@pytest.fixture
def filled_template_docx(corpus_dir, tmp_path):
    """The blank national template (r0025.docx) filled with values: t2 by label, t3 row k = k*10+j, t4."""
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn
    doc = docx.Document(str(corpus_dir / "files" / "r0025.docx"))
    t2, t3, t4 = doc.tables
    fill2 = {"规章": ["1", "/", "30"], "行政许可": ["2456"], "行政事业性收费": ["96171.6"]}
    for row in t2.rows:
        tcs = list(row._tr.iterchildren(qn("w:tc")))
        label = "".join(x.text or "" for x in tcs[0].iter(qn("w:t"))).strip()
        for tc, v in zip(tcs[1:], fill2.get(label, [])):
            _set_cell_text(tc, v)
    for k, row in enumerate(t3.rows[3:]):
        vals = [k * 10 + j for j in range(6)]
        for tc, v in zip(list(row._tr.iterchildren(qn("w:tc")))[-7:], vals + [sum(vals)]):
            _set_cell_text(tc, str(v))
    for tc, v in zip(t4.rows[3]._tr.iterchildren(qn("w:tc")), T4_VALUES):
        _set_cell_text(tc, str(v))
    doc.paragraphs[0].text = "某某市人民政府2022年政府信息公开工作年度报告"
    path = tmp_path / "filled.docx"
    doc.save(str(path))
    return path


def test_filled_word_template_is_read_from_its_native_grids(filled_template_docx):
    """The filled national template, read through the docx reader."""
    r = gisnlp.load(steps=STEPS)(filled_template_docx)
    got = cells(r)
    assert got["t2.art20_1.rules.in_force"] == 30 and "t2.art20_1.rules.repealed" not in got
    assert got["t2.art20_5.license.decisions"] == 2456
    assert got["t3.new.total"] == 15 and got["t3.carried_out.natural"] == 240
    assert got["t3.result.other.no_fee.other"] == 215                      # 2021 (六) sub-rows
    assert got["t4.litigation_direct.total"] == 4


def test_flattened_row_that_breaks_its_own_row_sum_is_read_digit_by_digit():
    body = ("三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量1000003"
            "二、上年结转政府信息公开申请数量0000000(七)总计1000001四、结转下年度继续办理0000000")
    r = run(preamble() + body)
    assert [cells(r)[f"t3.new.{c}"] for c in COLS] == [1, 0, 0, 0, 0, 0, 3]
    assert {c.rule: c.status for c in r.checks}["t3.row_sum.new"] == "fail"
