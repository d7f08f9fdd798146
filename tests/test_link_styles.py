"""Links on narrative written the way other provinces write (sentences written for these tests)."""
from __future__ import annotations

import pytest

from gisnlp.link import link_report
from gisnlp.pipeline import load, make_report
from gisnlp.report import Cell, Meta

T3_COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
LEAVES = ["disclosed", "partial", "withheld.secret", "withheld.law", "withheld.safety", "withheld.third_party",
          "withheld.internal", "withheld.process", "withheld.enforcement", "withheld.query",
          "unavailable.not_held", "unavailable.not_ready", "unavailable.unclear",
          "rejected.petition", "rejected.repeat", "rejected.publication", "rejected.excessive", "rejected.confirm",
          "other.no_correction", "other.no_fee", "other.other"]


@pytest.fixture(scope="module")
def narrative():
    return load(steps=["normalize", "structure", "segment", "facts"], strict=True)


def linked(nlp, text: str, cells: dict, heading: str = "三、收到和处理政府信息公开申请情况",
           template: str = "2021", year: int = 2023, issuer: str | None = None):
    """(fact text, linked cells or None) of each fact, and the report, after the link step."""
    r = make_report(heading + "\n" + text + "\n")
    r.meta = Meta(doc_type="annual_report", year=year, template=template, issuer=issuer)
    r = nlp.run(r)
    r.cells = [Cell(id=k, value=v) for k, v in cells.items()]
    link_report(r)
    return [(f.text, f.cell or (sorted(f.cells) if f.cells else None)) for f in r.facts], r


def assert_links_agree(nlp, text: str, cells: dict, want: list) -> None:
    """The facts of ``text`` link to ``want`` (one entry per fact) and no check fails: every
    passage of these tests agrees with its table, so a failed check is a false alarm."""
    got, r = linked(nlp, text, cells)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def table3(new: list, **results) -> dict:
    """A 2021 table 三: the new row by column and every result row's total (zeros unless given)."""
    cells = {f"t3.new.{c}": v for c, v in zip(T3_COLS, new)}
    cells.update({f"t3.result.{leaf}.total": results.get(leaf.replace(".", "__"), 0) for leaf in LEAVES})
    cells["t3.result.total.total"] = sum(v for k, v in cells.items() if k.startswith("t3.result."))
    return cells


def test_a_named_reason_wins_over_its_group(narrative):
    got, r = linked(narrative, "因本机关不掌握相关政府信息而无法提供的有14件，因没有现成信息需要另行制作而无法提供的有2件。",
                    table3([30, 0, 0, 0, 0, 0, 30], disclosed=14, unavailable__not_held=14, unavailable__not_ready=2))
    assert got == [("14件", "t3.result.unavailable.not_held.total"), ("2件", "t3.result.unavailable.not_ready.total")]
    assert not r.failed_checks()


def test_a_reason_given_as_an_example_leaves_the_group(narrative):
    cells = table3([30, 0, 0, 0, 0, 0, 30], disclosed=15, unavailable__not_held=12, unavailable__not_ready=3)
    got, r = linked(narrative, "因本机关不掌握相关政府信息等原因无法提供15件。", cells)
    assert got == [("15件", sorted(f"t3.result.unavailable.{x}.total" for x in ["not_held", "not_ready", "unclear"]))]
    assert not r.failed_checks()


def test_words_before_a_colon_label_the_figure(narrative):
    got, _ = linked(narrative, "本年度收到政府信息公开申请共计：64件；其中，自然人：58件，法人或其他组织：6件。",
                    table3([58, 4, 0, 1, 1, 0, 64], disclosed=64))
    assert [c for _, c in got] == ["t3.new.total", "t3.new.natural",
                                   [f"t3.new.{c}" for c in ["business", "legal", "other", "research", "social"]]]


def test_a_breakdown_after_a_lead_names_its_columns(narrative):
    got, _ = linked(narrative, "收到申请数：自然人32件，商业企业3件，社会公益组织1件，法律服务机构2件，总计38件。",
                    table3([32, 3, 0, 1, 2, 0, 38], disclosed=38))
    assert [c for _, c in got] == ["t3.new.natural", "t3.new.business", "t3.new.social", "t3.new.legal",
                                   "t3.new.total"]


def test_a_bare_column_without_a_lead_links_nothing(narrative):
    got, _ = linked(narrative, "自然人32件，商业企业3件。", table3([32, 3, 0, 0, 0, 0, 35], disclosed=35),
                    heading="一、总体情况")
    assert [c for _, c in got] == [None, None]


def test_review_counted_in_times_and_a_closing_total(narrative):
    cells = {"t4.review.upheld": 4, "t4.review.corrected": 1, "t4.review.other": 1, "t4.review.pending": 2,
             "t4.review.total": 8}
    got, _ = linked(narrative, "因政府信息公开被申请行政复议8次。行政复议案件中，维持4件，纠正1件，其他结果1件，尚未审结2件，共8件。",
                    cells, heading="四、政府信息公开行政复议、行政诉讼情况")
    assert [c for _, c in got] == ["t4.review.total", "t4.review.upheld", "t4.review.corrected", "t4.review.other",
                                   "t4.review.pending", "t4.review.total"]


def test_other_row_of_other_processing(narrative):
    got, _ = linked(narrative, "其他处理8件，其中申请人逾期不补正6件，其他2件。",
                    table3([38, 0, 0, 0, 0, 0, 38], disclosed=30, other__no_correction=6, other__other=2))
    assert [c for _, c in got][1:] == ["t3.result.other.no_correction.total", "t3.result.other.other.total"]


def test_needing_handling_is_new_plus_carried_in(narrative):
    cells = {**table3([53, 0, 0, 0, 0, 0, 53], disclosed=54), "t3.carried_in.total": 3}
    got, _ = linked(narrative, "本年度新收政府信息公开申请53件，加上上年结转的3件，共计需办理56件。", cells)
    assert got[2] == ("56件", ["t3.carried_in.total", "t3.new.total"])


def test_2019_items_of_last_year_and_this_years_change(narrative):
    cells = {"t2.art20_5.license.prev_items": 186, "t2.art20_5.license.change": -12,
             "t2.art20_6.penalty.prev_items": 2310, "t2.art20_6.penalty.change": 45}
    got, r = linked(narrative, "行政许可事项上一年项目数量为186项，本年减少12项；行政处罚事项上一年为2,310项，本年增加45项。",
                    cells, heading="二、主动公开政府信息情况", template="2019", year=2020)
    assert [c for _, c in got] == ["t2.art20_5.license.prev_items", "t2.art20_5.license.change",
                                   "t2.art20_6.penalty.prev_items", "t2.art20_6.penalty.change"]
    assert [f.kind for f in r.facts] == ["count", "change", "count", "change"]
    assert not r.failed_checks()


@pytest.mark.parametrize("text,cell", [
    ("全年政府集中采购项目56个，采购总金额3,862.4万元。", "t2.art20_9.procurement.amount"),
    ("对外公开规范性文件总数量达到96件。", "t2.art20_1.normative.total"),
])
def test_2019_prose_quoting_table_labels(narrative, text, cell):
    cells = {"t2.art20_9.procurement.projects": 56, "t2.art20_9.procurement.amount": 38624000,
             "t2.art20_1.normative.total": 96}
    got, _ = linked(narrative, text, cells, heading="二、主动公开政府信息情况", template="2019", year=2020)
    assert got[-1][1] == cell


def test_flattened_table_line_after_a_label_is_still_a_cell(narrative):
    got, _ = linked(narrative, "第二十条第（九）项\t采购项目数量\t采购总金额\n政府集中采购\t56\t38624000", {},
                    heading="二、主动公开政府信息情况", template="2019", year=2020)
    assert got == []


@pytest.mark.parametrize("text,cells,want", [
    ("当年新收政府信息公开申请679件，加上年结转11件，实际需处理690件。",
     {"t3.new.total": 679, "t3.carried_in.total": 11, "t3.result.total.total": 672},
     ["t3.new.total", "t3.carried_in.total", ["t3.carried_in.total", "t3.new.total"]]),
    ("告知申请人补正后仍不明确1件。", table3([9, 0, 0, 0, 0, 0, 9], disclosed=8, unavailable__unclear=1),
     ["t3.result.unavailable.unclear.total"]),
])
def test_more_wordings(narrative, text, cells, want):
    got, _ = linked(narrative, text, cells)
    assert [c for _, c in got] == want


def test_carried_out_named_later_in_the_sentence(narrative):
    cells = {**table3([60, 0, 0, 0, 0, 0, 60], disclosed=54), "t3.carried_out.total": 6}
    got, _ = linked(narrative, "另有6件申请因在法定答复期限内，结转至2024年度继续办理。", cells)
    assert got == [("6件", "t3.carried_out.total")]


def test_a_later_target_stops_at_the_next_figure(narrative):
    cells = {**table3([60, 0, 0, 0, 0, 0, 60], disclosed=54), "t3.carried_out.total": 6}
    got, _ = linked(narrative, "另有6件申请已答复，其余6件结转下年度办理。", cells)
    assert got[0][1] != "t3.carried_out.total" and got[1] == ("6件", "t3.carried_out.total")


def test_a_column_named_after_the_number(narrative):
    cells = {"t2.art20_1.normative.issued": 5, "t2.art20_1.normative.repealed": 12, "t2.art20_1.normative.in_force": 87}
    got, _ = linked(narrative, "年内出台行政规范性文件5件，对12件行政规范性文件予以废止。", cells,
                    heading="二、主动公开政府信息情况")
    assert [c for _, c in got] == ["t2.art20_1.normative.issued", "t2.art20_1.normative.repealed"]


@pytest.mark.parametrize("text", [
    "本年度政府信息公开申请数量为52件。", "2023年度我局政府信息公开申请总数52件。", "依申请公开件52件，全部办结。",
    "共接到信息公开申请52件。", "全年共有52件政府信息公开申请。", "全年新增政府信息公开申请52件。",
])
def test_ways_of_stating_new_applications(narrative, text):
    got, _ = linked(narrative, text, table3([52, 0, 0, 0, 0, 0, 52], disclosed=52))
    assert got == [("52件", "t3.new.total")]


def test_applications_of_another_year_are_not_compared(narrative):
    got, r = linked(narrative, "2022年政府信息公开申请数量为45件。", table3([52, 0, 0, 0, 0, 0, 52], disclosed=52))
    assert got == [("45件", None)] and not r.failed_checks()


def test_review_applied_for(narrative):
    got, _ = linked(narrative, "因政府信息公开申请被申请复议2件。", {"t4.review.total": 2},
                    heading="四、政府信息公开行政复议、行政诉讼情况")
    assert got == [("2件", "t4.review.total")]


@pytest.mark.parametrize("text", ["政府信息公开申请量由2022年的35件增加到2023年的52件。",
                                  "收到申请由2022年的35件增至52件。"])
def test_a_level_reached_takes_the_subject_row(narrative, text):
    got, r = linked(narrative, text, table3([52, 0, 0, 0, 0, 0, 52], disclosed=52))
    assert got[1] == ("52件", "t3.new.total") and got[0][1] is None


def test_a_level_that_disagrees_raises_no_alarm(narrative):
    got, r = linked(narrative, "收到申请由2022年的35件增至60件。", table3([52, 0, 0, 0, 0, 0, 52], disclosed=52))
    assert got[1] == ("60件", None) and not r.failed_checks()


def test_applications_then_the_verb(narrative):
    got, _ = linked(narrative, "本年度，我县政府信息公开申请收到36件，办结36件。",
                    {**table3([36, 0, 0, 0, 0, 0, 36], disclosed=36)})
    assert [c for _, c in got] == ["t3.new.total", "t3.result.total.total"]


def test_applications_counted_in_jian_ci(narrative):
    got, _ = linked(narrative, "全年共受理政府信息公开申请42件次。", table3([42, 0, 0, 0, 0, 0, 42], disclosed=42))
    assert got == [("42件次", "t3.new.total")]


def test_litigation_defended_is_litigation(narrative):
    cells = {"t4.review.total": 6, "t4.litigation_direct.total": 2, "t4.litigation_after.total": 0}
    got, _ = linked(narrative, "全年发生政府信息公开行政复议案件6件、行政应诉案件2件。", cells,
                    heading="四、政府信息公开行政复议、行政诉讼情况")
    assert [c for _, c in got] == ["t4.review.total", ["t4.litigation_after.total", "t4.litigation_direct.total"]]


def test_a_mismatch_says_how_far_apart_the_figures_are(narrative):
    _, r = linked(narrative, "本年度共收到政府信息公开申请356件。", table3([350, 0, 0, 0, 0, 0, 350], disclosed=350))
    (check,) = r.failed_checks()
    assert check.rule == "link.mismatch.t3.new.total"
    assert "= 356 but table t3.new.total = 350; the narrative states 6 more" in check.detail


# --- fresh batches fresh5-fresh8 (corpora/facts_styles.jsonl): wordings that linked nothing before

ORG_COLS = [f"t3.new.{c}" for c in ["business", "legal", "other", "research", "social"]]


def test_a_bare_other_inside_a_column_breakdown_is_the_other_column(narrative):
    got, r = linked(narrative, "新收申请中，自然人46件，商业企业5件，法律服务机构3件，其他0件。",
                    table3([46, 5, 0, 0, 3, 0, 54], disclosed=54))
    assert [c for _, c in got] == ["t3.new.natural", "t3.new.business", "t3.new.legal", "t3.new.other"]
    assert not r.failed_checks()


def test_other_organisations_after_natural_persons_are_the_organisation_group(narrative):
    got, r = linked(narrative, "收到的73件申请中，自然人提出的有70件，其他组织提出的有3件。",
                    table3([70, 1, 0, 0, 2, 0, 73], disclosed=73))
    assert [c for _, c in got] == ["t3.new.total", "t3.new.natural", ORG_COLS]
    assert not r.failed_checks()          # no false alarm against the total column


@pytest.mark.parametrize("text,want", [
    ("从办理结果看，公开40件，部分公开6件，信息不存在9件。",
     ["t3.result.disclosed.total", "t3.result.partial.total", "t3.result.unavailable.not_held.total"]),
    ("办理情况：公开40件、部分公开6件。", ["t3.result.disclosed.total", "t3.result.partial.total"]),
    ("本年度通过网站公开40件，其中6件为政策解读。", [None, None]),
])
def test_a_bare_disclosed_among_the_outcomes(narrative, text, want):
    got, _ = linked(narrative, text, table3([55, 0, 0, 0, 0, 0, 55], disclosed=40, partial=6, unavailable__not_held=9))
    assert [c for _, c in got] == want


def test_carried_in_named_by_the_previous_year(narrative):
    cells = {**table3([163, 0, 0, 0, 0, 0, 163], disclosed=160), "t3.carried_in.total": 6}
    got, _ = linked(narrative, "2024年新收政府信息公开申请163件，加上2023年结转的6件，需办理申请共169件。",
                    cells, year=2024)
    assert [c for _, c in got] == ["t3.new.total", "t3.carried_in.total", ["t3.carried_in.total", "t3.new.total"]]
    got, _ = linked(narrative, "2022年结转的6件已于当年办结。", cells, year=2024)
    assert got == [("6件", None)]          # two years back: not this report's carried-in row


@pytest.mark.parametrize("text,cells,want", [
    ("本年度办理结果总计118件，结转下年度继续办理5件。",
     {**table3([123, 0, 0, 0, 0, 0, 123], disclosed=118), "t3.carried_out.total": 5},
     ["t3.result.total.total", "t3.carried_out.total"]),
    ("申请数量从2022年的88件下降到61件。", table3([61, 0, 0, 0, 0, 0, 61], disclosed=61), [None, "t3.new.total"]),
    ("申请主体中，律师事务所等法律服务机构8件，科研机构1件，其余均为自然人。",
     table3([40, 0, 1, 0, 8, 0, 49], disclosed=49), ["t3.new.legal", "t3.new.research"]),
    ("申请人逾期未按收费通知要求缴纳费用的1件，其他情形2件。",
     table3([20, 0, 0, 0, 0, 0, 20], disclosed=17, other__no_fee=1, other__other=2),
     ["t3.result.other.no_fee.total", "t3.result.other.other.total"]),
    ("本年度需办理的申请总量为66件（含上年结转3件）。",
     {**table3([63, 0, 0, 0, 0, 0, 63], disclosed=66), "t3.carried_in.total": 3},
     [["t3.carried_in.total", "t3.new.total"], "t3.carried_in.total"]),
])
def test_fresh_wordings_of_table_three(narrative, text, cells, want):
    got, _ = linked(narrative, text, cells)
    assert [c for _, c in got] == want


@pytest.mark.parametrize("text,want", [
    ("全年作出行政处罚8,912件，实施行政强制356件。",
     ["t2.art20_6.penalty.decisions", "t2.art20_6.coercion.decisions"]),
    ("本年度办理取水许可、河道管理范围内建设项目审批等行政许可64件。", ["t2.art20_5.license.decisions"]),
])
def test_decisions_stated_as_work_done(narrative, text, want):
    cells = {"t2.art20_6.penalty.decisions": 8912, "t2.art20_6.coercion.decisions": 356,
             "t2.art20_5.license.decisions": 64}
    got, _ = linked(narrative, text, cells, heading="二、主动公开政府信息情况")
    assert [c for _, c in got] == want


def test_items_changed_this_year_are_a_change_of_the_row(narrative):
    cells = {"t2.art20_6.penalty.prev_items": 300, "t2.art20_6.penalty.change": 5,
             "t2.art20_6.penalty.decisions": 1406}
    got, r = linked(narrative, "行政处罚事项本年增加5项，作出处罚决定1,406件。", cells,
                    heading="二、主动公开政府信息情况", template="2019", year=2020)
    assert [(f.kind, f.direction) for f in r.facts] == [("change", "up"), ("count", None)]
    assert [c for _, c in got] == ["t2.art20_6.penalty.change", "t2.art20_6.penalty.decisions"]


def test_citizens_and_a_list_of_organisations_name_their_columns(narrative):
    got, r = linked(narrative, "本年度共受理政府信息公开申请2,316件，其中公民申请2,150件，企业、社会组织等申请166件。",
                    table3([2150, 120, 5, 10, 25, 6, 2316], disclosed=2316))
    assert [c for _, c in got] == ["t3.new.total", "t3.new.natural", ORG_COLS]
    assert not r.failed_checks()          # not the 社会公益组织 column alone


def test_a_bare_total_after_new_and_carried_in_is_on_hand(narrative):
    cells = {**table3([312, 0, 0, 0, 0, 0, 312], disclosed=310), "t3.carried_in.total": 9}
    got, _ = linked(narrative, "2024年度新收申请312件，上年结转9件，合计321件。", cells, year=2024)
    assert got[2] == ("321件", ["t3.carried_in.total", "t3.new.total"])


def test_penalties_carried_out_are_the_decisions(narrative):
    got, _ = linked(narrative, "年内实施消防行政处罚318起。", {"t2.art20_6.penalty.decisions": 318},
                    heading="二、主动公开政府信息情况")
    assert got == [("318起", "t2.art20_6.penalty.decisions")]


@pytest.mark.parametrize("issuer,want", [
    ("某县人民政府", [None, None]),                 # two bureaus of the county: not the county's tables
    ("某县自然资源局", [None, "t3.new.total"]),      # the second body is the issuer itself
])
def test_a_clause_speaking_for_another_body_names_no_cell(narrative, issuer, want):
    got, r = linked(narrative, "县教育局收到申请12件，县自然资源局收到申请9件。",
                    table3([60, 0, 0, 0, 0, 0, 60], disclosed=60) | {"t3.new.total": 9}, issuer=issuer)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def test_refusing_to_disclose_is_not_disclosing(narrative):
    got, r = linked(narrative, "依申请公开办理结果：同意公开21件、不同意公开1件。",
                    table3([22, 0, 0, 0, 0, 0, 22], disclosed=21, withheld__law=1))
    assert got[0] == ("21件", "t3.result.disclosed.total") and not r.failed_checks()


def test_information_not_existing_beside_not_held_raises_no_alarm(narrative):
    got, r = linked(narrative, "告知申请人信息不存在12件，告知非本机关掌握5件。",
                    table3([40, 0, 0, 0, 0, 0, 40], disclosed=23, unavailable__not_held=17))
    assert got[0] == ("12件", None) and not r.failed_checks()


# --- fresh10: written after the fixes above, scored before these

def test_a_cumulative_figure_since_a_start_names_no_cell(narrative):
    got, r = linked(narrative, "条例修订实施以来，累计受理政府信息公开申请3,412件。",
                    table3([620, 0, 0, 0, 0, 0, 620], disclosed=620))
    assert got == [("3,412件", None)] and not r.failed_checks()


@pytest.mark.parametrize("text,cells,want", [
    ("经复议被纠错1件，纠错率12.5%。", {"t4.review.upheld": 7, "t4.review.corrected": 1, "t4.review.total": 8},
     ["t4.review.corrected", None]),
    ("对申请人逾期未补正的1件申请，视为放弃申请。", table3([6, 0, 0, 0, 0, 0, 6], disclosed=5, other__no_correction=1),
     ["t3.result.other.no_correction.total"]),
    ("因涉及商业秘密和个人隐私不予公开4件。", table3([50, 0, 0, 0, 0, 0, 50], disclosed=46, withheld__third_party=4),
     ["t3.result.withheld.third_party.total"]),
    ("对涉及个人隐私的3件申请，作部分公开处理。", table3([30, 0, 0, 0, 0, 0, 30], disclosed=27, partial=3), [None]),
    ("从申请主体看，自然人88件，占89.8%；法人或其他组织10件，占10.2%。",
     table3([88, 7, 0, 0, 3, 0, 98], disclosed=98), ["t3.new.natural", None, ORG_COLS, None]),
])
def test_fresh10_wordings(narrative, text, cells, want):
    heading = "四、政府信息公开行政复议、行政诉讼情况" if "复议" in text else "三、收到和处理政府信息公开申请情况"
    got, r = linked(narrative, text, cells, heading=heading)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


@pytest.mark.parametrize("text,cells,want,template", [
    ("全年清理并宣布失效行政规范性文件23件。", {"t2.art20_1.normative.repealed": 23}, ["t2.art20_1.normative.repealed"],
     "2021"),
    ("依法采取临时查封等行政强制措施26次。", {"t2.art20_6.coercion.decisions": 26}, ["t2.art20_6.coercion.decisions"],
     "2021"),
    ("行政强制事项上一年项目数量28项，本年增加2项，处理决定611件。",
     {"t2.art20_6.coercion.prev_items": 28, "t2.art20_6.coercion.change": 2, "t2.art20_6.coercion.decisions": 611},
     ["t2.art20_6.coercion.prev_items", "t2.art20_6.coercion.change", "t2.art20_6.coercion.decisions"], "2019"),
])
def test_fresh10_table_two_wordings(narrative, text, cells, want, template):
    got, r = linked(narrative, text, cells, heading="二、主动公开政府信息情况", template=template,
                    year=2020 if template == "2019" else 2023)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


# --- fresh11: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("本年度我局共收到政府信息公开申请27件，与上年基本持平；其中24件来自自然人，3件来自企业和社会组织。",
     table3([24, 2, 0, 1, 0, 0, 27], disclosed=27), ["t3.new.total", "t3.new.natural", ORG_COLS]),
    ("法人或其他组织申请中，商业企业12件，法律服务机构6件，其他2件。",
     table3([100, 12, 0, 0, 6, 2, 120], disclosed=120), ["t3.new.business", "t3.new.legal", "t3.new.other"]),
    ("上年度未办结的4件申请已于本年度1月份全部办结。",
     {**table3([50, 0, 0, 0, 0, 0, 50], disclosed=54), "t3.carried_in.total": 4}, ["t3.carried_in.total"]),
    ("其中同意公开22件，部分同意公开4件。", table3([26, 0, 0, 0, 0, 0, 26], disclosed=22, partial=4),
     ["t3.result.disclosed.total", "t3.result.partial.total"]),
    ("对申请公开的信息不属于本机关掌握范围的5件，已告知申请人向有关机关申请。",
     table3([15, 0, 0, 0, 0, 0, 15], disclosed=10, unavailable__not_held=5), ["t3.result.unavailable.not_held.total"]),
])
def test_fresh11_wordings_of_table_three(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


@pytest.mark.parametrize("text,want", [
    ("复议后起诉的3件行政诉讼中，法院判决维持2件，1件尚未审结。",
     ["t4.litigation_after.total", "t4.litigation_after.upheld", "t4.litigation_after.pending"]),
    ("未经复议直接向法院提起行政诉讼5件，均以维持结案。", ["t4.litigation_direct.total"]),
    ("行政诉讼8件（复议后起诉3件，直接起诉5件），行政复议6件，维持6件。",
     [["t4.litigation_after.total", "t4.litigation_direct.total"], "t4.litigation_after.total",
      "t4.litigation_direct.total", "t4.review.total", "t4.review.upheld"]),
])
def test_a_narrower_litigation_group_named_first_wins(narrative, text, want):
    cells = {f"t4.{g}.{col}": v for g, vals in (("review", (6, 0, 0, 0)), ("litigation_direct", (5, 0, 0, 0)),
                                                ("litigation_after", (2, 0, 0, 1)))
             for col, v in zip(("upheld", "corrected", "other", "pending", "total"), (*vals, sum(vals)))}
    got, r = linked(narrative, text, cells, heading="四、政府信息公开行政复议、行政诉讼情况")
    assert [c for _, c in got] == want
    assert not r.failed_checks()


# --- fresh12: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("自然人、法人或其他组织提出的申请分别为45件、3件。", table3([45, 2, 0, 0, 1, 0, 48], disclosed=48),
     ["t3.new.natural", ORG_COLS]),
    ("予以公开、部分公开、无法提供的分别有32件、6件、11件。",
     table3([49, 0, 0, 0, 0, 0, 49], disclosed=32, partial=6, unavailable__not_held=11),
     ["t3.result.disclosed.total", "t3.result.partial.total",
      sorted(f"t3.result.unavailable.{x}.total" for x in ["not_held", "not_ready", "unclear"])]),
    # three items, two figures: no respective reading, and no false alarm
    ("予以公开、部分公开、无法提供的分别有32件、6件。",
     table3([49, 0, 0, 0, 0, 0, 49], disclosed=32, partial=6, unavailable__not_held=11), [None, None]),
    ("依申请公开件数：41件。", table3([41, 0, 0, 0, 0, 0, 41], disclosed=41), ["t3.new.total"]),
])
def test_respective_lists_and_colon_labels(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


def test_a_lead_clause_names_the_column_of_the_results(narrative):
    cells = table3([20, 4, 0, 0, 1, 0, 25], disclosed=24, unavailable__not_held=1)
    cells.update({"t3.result.disclosed.business": 3, "t3.result.disclosed.legal": 1,
                  **{f"t3.result.disclosed.{c}": 0 for c in ["research", "social", "other"]}})
    got, r = linked(narrative, "法人或其他组织的申请中，予以公开4件，无法提供1件。", cells)
    assert got[0] == ("4件", [f"t3.result.disclosed.{c}" for c in ["business", "legal", "other", "research", "social"]])
    assert not r.failed_checks()          # not compared with the total column (24)


# --- fresh13: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want,year", [
    ("本年度收到来函申请4件、网络申请11件，合计15件。", table3([15, 0, 0, 0, 0, 0, 15], disclosed=15),
     [None, None, "t3.new.total"], 2023),        # one channel's applications are no row; their total is
    ("通过邮寄、网络提交的各类政府信息公开申请共计81件。", table3([81, 0, 0, 0, 0, 0, 81], disclosed=81),
     ["t3.new.total"], 2023),
    ("2023年度结转至2024年度办理的申请12件已全部办结。",
     {**table3([300, 0, 0, 0, 0, 0, 300], disclosed=312), "t3.carried_in.total": 12, "t3.carried_out.total": 0},
     ["t3.carried_in.total"], 2024),
    ("2024年度结转至2025年度办理的申请3件。",
     {**table3([300, 0, 0, 0, 0, 0, 300], disclosed=297), "t3.carried_in.total": 0, "t3.carried_out.total": 3},
     ["t3.carried_out.total"], 2024),
    ("从申请人类型看，个人申请71件，单位申请9件。", table3([71, 5, 0, 0, 4, 0, 80], disclosed=80),
     ["t3.new.natural", ORG_COLS], 2023),
    ("律师事务所提出申请14件。", table3([100, 0, 0, 0, 14, 0, 114], disclosed=114), ["t3.new.legal"], 2023),
    ("本单位收到申请20件。", table3([20, 0, 0, 0, 0, 0, 20], disclosed=20), ["t3.new.total"], 2023),
    ("对属于信访事项的4件申请，已转交信访部门办理。", table3([40, 0, 0, 0, 0, 0, 40], disclosed=36, rejected__petition=4),
     ["t3.result.rejected.petition.total"], 2023),
])
def test_fresh13_wordings_of_table_three(narrative, text, cells, want, year):
    got, r = linked(narrative, text, cells, year=year)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


@pytest.mark.parametrize("text,cells,want,heading", [
    ("共收到行政复议申请3件，依法受理2件，均维持原答复。", {"t4.review.upheld": 2, "t4.review.total": 2},
     [None, "t4.review.total"], "四、政府信息公开行政复议、行政诉讼情况"),   # received: no alarm; accepted: the cases
    ("全年修订和废止省政府规章11件，目前现行有效省政府规章203件。",
     {"t2.art20_1.rules.repealed": 6, "t2.art20_1.rules.in_force": 203}, [None, "t2.art20_1.rules.in_force"],
     "二、主动公开政府信息情况"),
])
def test_fresh13_figures_that_are_no_cell_raise_no_alarm(narrative, text, cells, want, heading):
    got, r = linked(narrative, text, cells, heading=heading)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def test_decisions_of_the_year_take_the_row_named_earlier(narrative):
    cells = {"t2.art20_6.penalty.prev_items": 412, "t2.art20_6.penalty.change": -7, "t2.art20_6.penalty.decisions": 5906}
    got, _ = linked(narrative, "行政处罚事项上一年项目数量412项，本年减少7项，全年处理决定5,906件。", cells,
                    heading="二、主动公开政府信息情况", template="2019", year=2020)
    assert got[-1] == ("5,906件", "t2.art20_6.penalty.decisions")


def test_a_column_under_an_unknown_name_raises_no_alarm(narrative):
    cells = table3([28, 2, 0, 0, 0, 0, 30], disclosed=30)
    got, r = linked(narrative, "新闻媒体记者提出申请2件。", cells)
    assert got == [("2件", None)] and not r.failed_checks()       # 2 is the 商业企业 column
    got, r = linked(narrative, "新闻媒体记者提出申请5件。", cells)
    assert [c.cells for c in r.failed_checks()] == [["t3.new.total"]]   # equal to no column: reported


# --- fresh14: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("收到申请64件（自然人58件、商业企业4件、科研机构1件、其他1件）。", table3([58, 4, 1, 0, 0, 1, 64], disclosed=64),
     ["t3.new.total", "t3.new.natural", "t3.new.business", "t3.new.research", "t3.new.other"]),
    ("因公开后可能危及国家安全、公共安全、经济安全和社会稳定，不予公开1件。",
     table3([20, 0, 0, 0, 0, 0, 20], disclosed=19, withheld__safety=1), ["t3.result.withheld.safety.total"]),
    ("经检索，申请人所需信息非本机关制作或保存的6件，已告知申请人。",
     table3([30, 0, 0, 0, 0, 0, 30], disclosed=24, unavailable__not_held=6), ["t3.result.unavailable.not_held.total"]),
    ("另有4件申请顺延至次年办理。", {**table3([44, 0, 0, 0, 0, 0, 44], disclosed=40), "t3.carried_out.total": 4},
     ["t3.carried_out.total"]),
    ("2021年至2023年，收到的申请数分别为180件、205件、226件，逐年上升。", table3([226, 0, 0, 0, 0, 0, 226], disclosed=226),
     [None, None, None]),                     # one figure per year: none is this report's cell
    ("自然人和法人的申请分别为45件、3件。", table3([45, 3, 0, 0, 0, 0, 48], disclosed=48), ["t3.new.natural", ORG_COLS]),
])
def test_fresh14_wordings_of_table_three(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


def test_every_level_of_a_place_links_when_it_agrees_and_never_alarms(narrative):
    text = "全市各级行政机关共收到政府信息公开申请5,612件。"
    got, r = linked(narrative, text, table3([300, 18, 0, 0, 0, 0, 318], disclosed=318))
    assert got == [("5,612件", None)] and not r.failed_checks()
    got, _ = linked(narrative, text, table3([5600, 12, 0, 0, 0, 0, 5612], disclosed=5612))
    assert got == [("5,612件", "t3.new.total")]


@pytest.mark.parametrize("text,cells,want,heading", [
    ("行政诉讼中，法院判决撤销原答复（即被纠正）1件。",
     {"t4.litigation_direct.corrected": 1, "t4.litigation_after.corrected": 0},
     [["t4.litigation_after.corrected", "t4.litigation_direct.corrected"]], "四、政府信息公开行政复议、行政诉讼情况"),
    ("本年度免收各类行政事业性收费128.5万元。", {"t2.art20_8.fees.amount": 0}, [None], "二、主动公开政府信息情况"),
])
def test_fresh14_brackets_and_waived_fees(narrative, text, cells, want, heading):
    got, r = linked(narrative, text, cells, heading=heading)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


# --- fresh15: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("依申请公开数量比上年减少了15.2%，共212件。", table3([200, 12, 0, 0, 0, 0, 212], disclosed=212),
     [None, "t3.new.total"]),
    ("申请量同比下降12.5%，共计35件。", table3([35, 0, 0, 0, 0, 0, 35], disclosed=35), [None, "t3.new.total"]),
    ("全年共有126人次提出政府信息公开申请，共计131件。", table3([131, 0, 0, 0, 0, 0, 131], disclosed=131),
     [None, "t3.new.total"]),
    ("其他处理（含逾期不补正等）3件。", table3([20, 0, 0, 0, 0, 0, 20], disclosed=17, other__no_correction=2,
                                          other__other=1),
     [sorted(f"t3.result.other.{x}.total" for x in ["no_correction", "no_fee", "other"])]),
])
def test_fresh15_totals_and_examples(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


# --- fresh16: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("全年收到公民、法人和其他组织提交的政府信息公开申请184份。", table3([170, 10, 0, 0, 4, 0, 184], disclosed=184),
     ["t3.new.total"]),
    ("本年度应办理申请45件，其中新收43件、上年结转2件。",
     {**table3([43, 0, 0, 0, 0, 0, 43], disclosed=45), "t3.carried_in.total": 2},
     [["t3.carried_in.total", "t3.new.total"], "t3.new.total", "t3.carried_in.total"]),
    ("对需要延长答复期限的6件申请，均在延长期限内答复。", table3([60, 0, 0, 0, 0, 0, 60], disclosed=60), [None]),
    ("所有申请均在法定期限内办结64件。", table3([64, 0, 0, 0, 0, 0, 64], disclosed=64), ["t3.result.total.total"]),
])
def test_fresh16_wordings(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


# --- fresh17–fresh19: written after the fixes above, scored before these

REVIEW = "四、政府信息公开行政复议、行政诉讼情况"
PROACTIVE = "二、主动公开政府信息情况"


@pytest.mark.parametrize("text,cells,want", [
    # the received count, then the accepted one: the table counts the accepted; no alarm on the received
    ("全年收到政府信息公开申请52件，依法受理49件，其余3件不属于政府信息公开申请。",
     table3([49, 0, 0, 0, 0, 0, 49], disclosed=49), [None, "t3.new.total", None]),
    # figures by channel closed by a bare total
    ("全年收到当面申请2件、网上申请14件，合计16件。", table3([16, 0, 0, 0, 0, 0, 16], disclosed=16),
     [None, None, "t3.new.total"]),
    ("其中当面提交3件，通过网络平台提交20件，邮寄信函1件，总计24件。", table3([24, 0, 0, 0, 0, 0, 24], disclosed=24),
     [None, None, None, "t3.new.total"]),
    # all of one kind: the figure is the whole row, not the named column
    ("全年受理的9件申请均为自然人提出，已全部答复。", table3([9, 0, 0, 0, 0, 0, 9], disclosed=9), ["t3.new.total"]),
    ("医院收到的2件信息公开申请全部为患者个人提出。", table3([2, 0, 0, 0, 0, 0, 2], disclosed=2), ["t3.new.total"]),
    # the column named after 申请人主要为 / 申请人中有, then 共
    ("申请人主要为自然人，共38件。", table3([38, 2, 0, 0, 0, 0, 40], disclosed=40), ["t3.new.natural"]),
    ("申请人中有4家公司，共提出申请7件；其余11件为个人申请。", table3([11, 7, 0, 0, 0, 0, 18], disclosed=18),
     [None, "t3.new.business", "t3.new.natural"]),
    ("按申请主体分，自然人27件，法律服务机构3件。", table3([27, 0, 0, 0, 3, 0, 30], disclosed=30),
     ["t3.new.natural", "t3.new.legal"]),
    # an earlier figure's own 因… clause is no cause of the next figure
    ("因申请人逾期未缴纳信息处理费终止办理2件，其他处理5件。",
     table3([40, 0, 0, 0, 0, 0, 40], disclosed=35, other__no_fee=2, other__other=3),
     ["t3.result.other.no_fee.total", sorted(f"t3.result.other.{x}.total" for x in ["no_correction", "no_fee", "other"])]),
])
def test_fresh17_to_19_table_three(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


def test_a_received_count_still_alarms_when_all_were_accepted(narrative):
    got, r = linked(narrative, "全年收到政府信息公开申请52件，均已依法受理。", table3([49, 0, 0, 0, 0, 0, 49], disclosed=49))
    assert got == [("52件", None)]
    assert [c.cells for c in r.failed_checks()] == [["t3.new.total"]]


@pytest.mark.parametrize("text,cells,want,heading", [
    ("全年作出行政许可决定2,140件、行政处罚88件、行政强制5件。",
     {"t2.art20_5.license.decisions": 2140, "t2.art20_6.penalty.decisions": 88, "t2.art20_6.coercion.decisions": 5},
     ["t2.art20_5.license.decisions", "t2.art20_6.penalty.decisions", "t2.art20_6.coercion.decisions"], PROACTIVE),
    ("全年作出行政许可、行政处罚、行政强制决定分别为730件、65件、4件。",
     {"t2.art20_5.license.decisions": 730, "t2.art20_6.penalty.decisions": 65, "t2.art20_6.coercion.decisions": 4},
     ["t2.art20_5.license.decisions", "t2.art20_6.penalty.decisions", "t2.art20_6.coercion.decisions"], PROACTIVE),
    ("收到涉及政府信息公开的行政复议申请6件，复议机关受理5件，均维持。", {"t4.review.upheld": 5, "t4.review.total": 5},
     [None, "t4.review.total"], REVIEW),
    ("经复议后向人民法院起诉3件，均判决驳回诉讼请求。", {"t4.litigation_after.total": 3, "t4.litigation_direct.total": 0},
     ["t4.litigation_after.total"], REVIEW),
])
def test_fresh17_to_19_tables_two_and_four(narrative, text, cells, want, heading):
    got, r = linked(narrative, text, cells, heading=heading)
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def test_a_list_item_of_decisions_links_only_when_it_agrees(narrative):
    cells = {"t2.art20_5.license.decisions": 2140, "t2.art20_6.penalty.decisions": 90, "t2.art20_6.coercion.decisions": 5}
    got, r = linked(narrative, "全年作出行政许可决定2,140件、行政处罚88件、行政强制5件。", cells, heading=PROACTIVE)
    assert [c for _, c in got] == ["t2.art20_5.license.decisions", None, "t2.art20_6.coercion.decisions"]
    assert not r.failed_checks()          # a bare list item is weak: no alarm


# --- fresh20: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want", [
    # an enterprise issuer speaking of its own applications: 公司 names no column
    ("公司收到信息公开申请6件，办结6件。", table3([4, 2, 0, 0, 0, 0, 6], disclosed=6),
     ["t3.new.total", "t3.result.total.total"]),
    ("申请人中自然人占九成以上，共提出申请46件。", table3([46, 3, 0, 0, 0, 0, 49], disclosed=49), ["t3.new.natural"]),
    ("学校每月收到信息公开申请2至4件，全年共收到35件。", table3([35, 0, 0, 0, 0, 0, 35], disclosed=35),
     [None, "t3.new.total"]),
])
def test_fresh20_wordings(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


# --- fresh21 (figures of other scopes and bodies, mostly): written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want,heading", [
    ("辖区内各乡镇共发生行政复议案件4件，县政府本级发生2件。", {"t4.review.upheld": 2, "t4.review.total": 2},
     [None, None], REVIEW),
    ("县市场监督管理局被申请行政复议3件，均维持。", {"t4.review.upheld": 0, "t4.review.total": 0}, [None], REVIEW),
    ("全系统共作出行政处罚决定4.1万件，本机关作出行政处罚决定31件。", {"t2.art20_6.penalty.decisions": 31},
     [None, "t2.art20_6.penalty.decisions"], PROACTIVE),
    ("行政诉讼中，未经复议直接起诉3件，复议后起诉2件，共5件。",
     {"t4.litigation_direct.total": 3, "t4.litigation_after.total": 2},
     ["t4.litigation_direct.total", "t4.litigation_after.total", ["t4.litigation_after.total", "t4.litigation_direct.total"]],
     REVIEW),
    ("行政复议维持的3件中，申请人又提起行政诉讼2件。",
     {"t4.review.upheld": 3, "t4.review.total": 3, "t4.litigation_after.total": 2, "t4.litigation_direct.total": 0},
     ["t4.review.upheld", "t4.litigation_after.total"], REVIEW),
    ("全年受理信访事项63件，收到政府信息公开申请9件。", table3([9, 0, 0, 0, 0, 0, 9], disclosed=9),
     [None, "t3.new.total"], "三、收到和处理政府信息公开申请情况"),
])
def test_fresh21_other_scopes_raise_no_alarm(narrative, text, cells, want, heading):
    got, r = linked(narrative, text, cells, heading=heading, issuer="某县人民政府")
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def test_the_issuers_own_review_figure_still_alarms(narrative):
    got, r = linked(narrative, "本机关被申请行政复议5件。", {"t4.review.total": 3}, heading=REVIEW, issuer="某县人民政府")
    assert [c.cells for c in r.failed_checks()] == [["t4.review.total"]]


# --- fresh22: written after the fixes above, scored before these

@pytest.mark.parametrize("text,cells,want,heading", [
    ("收到的23件申请全部予以公开。", table3([23, 0, 0, 0, 0, 0, 23], disclosed=23), ["t3.new.total"], None),
    ("本镇全年收到申请3件。其中2件予以公开，1件因本机关不掌握告知无法提供。",
     table3([3, 0, 0, 0, 0, 0, 3], disclosed=2, unavailable__not_held=1),
     ["t3.new.total", "t3.result.disclosed.total", "t3.result.unavailable.not_held.total"], None),
    ("申请人撤回申请3件，作其他处理。", table3([30, 0, 0, 0, 0, 0, 30], disclosed=27, other__other=3),
     [sorted(f"t3.result.other.{x}.total" for x in ["no_correction", "no_fee", "other"])], None),
    ("本年度依申请公开〇件。", table3([0, 0, 0, 0, 0, 0, 0]), ["t3.new.total"], None),
    ("行政复议案件中，被复议机关撤销原答复2件，维持4件。",
     {"t4.review.corrected": 2, "t4.review.upheld": 4, "t4.review.total": 6},
     ["t4.review.corrected", "t4.review.upheld"], REVIEW),
])
def test_fresh22_wordings(narrative, text, cells, want, heading):
    got, r = linked(narrative, text, cells, heading=heading or "三、收到和处理政府信息公开申请情况")
    assert [c for _, c in got] == want
    assert not r.failed_checks()


def test_disclosed_on_request_is_weak(narrative):
    got, r = linked(narrative, "本年度依申请公开5件。", table3([8, 0, 0, 0, 0, 0, 8], disclosed=8))
    assert got == [("5件", None)] and not r.failed_checks()      # maybe what was disclosed: no alarm


# --- fresh23 (more scopes wider or narrower than the issuer): scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("关区内各隶属海关共收到申请64件，本关收到申请9件。", table3([9, 0, 0, 0, 0, 0, 9], disclosed=9),
     [None, "t3.new.total"]),
    ("集团本部收到信息公开申请4件，所属子公司收到申请13件。", table3([4, 0, 0, 0, 0, 0, 4], disclosed=4),
     ["t3.new.total", None]),
    ("县政府本级收到申请31件，全县共收到申请240件。", table3([31, 0, 0, 0, 0, 0, 31], disclosed=31), [None, None]),
    ("通过政务服务网提交的申请22件，占全部申请的55%。", table3([40, 0, 0, 0, 0, 0, 40], disclosed=40), [None, None]),
])
def test_fresh23_other_scopes_raise_no_alarm(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


def test_a_wider_scope_still_links_when_it_agrees(narrative):
    got, r = linked(narrative, "全县各执法部门作出行政处罚决定57件。", {"t2.art20_6.penalty.decisions": 57}, heading=PROACTIVE)
    assert got == [("57件", "t2.art20_6.penalty.decisions")]
    got, r = linked(narrative, "全县各执法部门作出行政处罚决定3,866件。", {"t2.art20_6.penalty.decisions": 41},
                    heading=PROACTIVE)
    assert got == [("3,866件", None)] and not r.failed_checks()


# --- fresh24: scored before these

@pytest.mark.parametrize("text,cells,want", [
    ("连同上年结转的3件，全年共需办理申请51件。", {**table3([48, 0, 0, 0, 0, 0, 48], disclosed=51), "t3.carried_in.total": 3},
     ["t3.carried_in.total", ["t3.carried_in.total", "t3.new.total"]]),
    ("个人申请35件，单位申请4件。", table3([35, 3, 0, 0, 1, 0, 39], disclosed=39), ["t3.new.natural", ORG_COLS]),
    ("全年有4家企业提出信息公开申请，共计6件。", table3([20, 6, 0, 0, 0, 0, 26], disclosed=26), [None, "t3.new.business"]),
])
def test_fresh24_wordings(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)


@pytest.mark.parametrize("text,cells,want", [
    # 当年办结 links only when it is the results' total (it may count this year's applications only)
    ("全年收到政府信息公开申请120件，当年办结117件，结转下年度5件。",
     {**table3([120, 0, 0, 0, 0, 0, 120], disclosed=117), "t3.carried_out.total": 5},
     ["t3.new.total", "t3.result.total.total", "t3.carried_out.total"]),
    ("全年收到政府信息公开申请120件，当年办结110件。", table3([120, 0, 0, 0, 0, 0, 120], disclosed=117),
     ["t3.new.total", None]),
])
def test_fullgold2_results_done_this_year(narrative, text, cells, want):
    assert_links_agree(narrative, text, cells, want)
