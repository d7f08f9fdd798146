"""Link step: facts -> cells by meaning confirmed by value, mismatch and share audits."""
from __future__ import annotations

import json

from gisnlp.link import audit_series, link_report, make_link, normalize_issuer
from gisnlp.link.agreement import agrees, compact_id
from gisnlp.report import Cell, Check, Fact, Meta, PendingRow, Report
from gisnlp.segment import make_segment
from gisnlp.normalize_step import make_normalize
from gisnlp.structure import make_structure

T3_COLS = ["natural", "business", "research", "social", "legal", "other", "total"]


def build(text: str, facts: list, cells: dict, template: str = "2019", year: int = 2020,
          issuer: str = "示例市人民政府", doc_id: str = "doc") -> Report:
    """A report from text, facts given as (substring, value, kind, unit[, extra]) and cells."""
    r = Report(doc_id=doc_id, text=text)
    r.meta = Meta(doc_type="annual_report", year=year, issuer=issuer, template=template)
    for step in (make_normalize(), make_structure(), make_segment()):
        r = step(r)
    pos = 0
    for spec in facts:
        sub, value, kind, unit = spec[:4]
        extra = spec[4] if len(spec) > 4 else {}
        i = text.index(sub, pos)
        pos = i + len(sub)
        r.facts.append(Fact(start=i, end=i + len(sub), text=sub, value=value, kind=kind, unit=unit, **extra))
    r.cells = [Cell(id=k, value=v) for k, v in cells.items()]
    return r


def links(r: Report) -> list:
    return [f.cell or (sorted(f.cells) if f.cells else None) for f in r.facts]


def t3_row(row: str, values: list) -> dict:
    return {f"t3.{row}.{c}": v for c, v in zip(T3_COLS, values)}


APPLICATIONS = (
    "（二）依申请公开情况\n"
    "本年度全县共收到政府信息公开申请356件，其中自然人申请340件，法人或其他组织申请16件；"
    "上年结转12件。全年办结350件，另有18件按规定结转下年度继续办理。"
    "从办理结果看，予以公开120件，部分公开30件，不予公开10件，因本机关不掌握等原因无法提供150件，"
    "不予处理20件，其他处理20件。\n"
)
APP_CELLS = {
    **t3_row("new", [340, 10, 0, 2, 4, 0, 356]),
    **t3_row("carried_in", [12, 0, 0, 0, 0, 0, 12]),
    "t3.result.disclosed.total": 120, "t3.result.partial.total": 30,
    "t3.result.withheld.secret.total": 1, "t3.result.withheld.law.total": 2,
    "t3.result.withheld.safety.total": 0, "t3.result.withheld.third_party.total": 3,
    "t3.result.withheld.internal.total": 1, "t3.result.withheld.process.total": 2,
    "t3.result.withheld.enforcement.total": 0, "t3.result.withheld.query.total": 1,
    "t3.result.unavailable.not_held.total": 140, "t3.result.unavailable.not_ready.total": 6,
    "t3.result.unavailable.unclear.total": 4,
    "t3.result.rejected.petition.total": 5, "t3.result.rejected.repeat.total": 15,
    "t3.result.rejected.publication.total": 0, "t3.result.rejected.excessive.total": 0,
    "t3.result.rejected.confirm.total": 0,
    "t3.result.other.total": 20, "t3.result.total.total": 350, "t3.carried_out.total": 18,
}


def app_facts():
    return [("356件", 356, "count", "件"), ("340件", 340, "count", "件"), ("16件", 16, "count", "件"),
            ("12件", 12, "count", "件"), ("350件", 350, "count", "件"), ("18件", 18, "count", "件"),
            ("120件", 120, "count", "件"), ("30件", 30, "count", "件"), ("10件", 10, "count", "件"),
            ("150件", 150, "count", "件"), ("20件", 20, "count", "件"), ("20件", 20, "count", "件")]


def test_applications_link_rows_columns_and_sums():
    r = build(APPLICATIONS, app_facts(), APP_CELLS)
    link_report(r)
    got = links(r)
    assert got[:6] == ["t3.new.total", "t3.new.natural",
                       sorted(f"t3.new.{c}" for c in ["business", "research", "social", "legal", "other"]),
                       "t3.carried_in.total", "t3.result.total.total", "t3.carried_out.total"]
    assert got[6:8] == ["t3.result.disclosed.total", "t3.result.partial.total"]
    assert len(got[8]) == 8 and all(c.startswith("t3.result.withheld.") for c in got[8])
    assert got[9] == sorted(f"t3.result.unavailable.{x}.total" for x in ["not_held", "not_ready", "unclear"])
    assert len(got[10]) == 5 and got[11] == "t3.result.other.total"
    assert not [c for c in r.checks if c.status == "fail"]


def test_reverse_view_in_json():
    r = build(APPLICATIONS, app_facts(), APP_CELLS)
    make_link()(r)
    d = json.loads(r.to_json(include_text=False))
    assert d["cell_facts"]["t3.new.total"] == [0]
    assert d["cell_facts"]["t3.new.legal"] == [2]
    assert d["facts"][1]["cell"] == "t3.new.natural"


def test_equal_values_are_not_linked_without_meaning():
    text = ("全年举办政务公开培训2次，收到政府信息公开申请2件，行政复议2件。")
    facts = [("2次", 2, "count", "次"), ("2件", 2, "count", "件"), ("2件", 2, "count", "件")]
    cells = {"t3.new.total": 2, "t4.review.total": 2}
    r = build(text, facts, cells)
    link_report(r)
    assert links(r) == [None, "t3.new.total", "t4.review.total"]


def test_mismatch_reports_both_numbers_and_does_not_link():
    text = "本年度因政府信息公开引起的行政复议5件，行政诉讼3件。"
    facts = [("5件", 5, "count", "件"), ("3件", 3, "count", "件")]
    cells = {"t4.review.total": 4, "t4.litigation_direct.total": 2, "t4.litigation_after.total": 1}
    r = build(text, facts, cells)
    link_report(r)
    assert links(r) == [None, ["t4.litigation_after.total", "t4.litigation_direct.total"]]
    bad = [c for c in r.checks if c.status == "fail"]
    assert [c.rule for c in bad] == ["link.mismatch.t4.review.total"]
    assert "5" in bad[0].detail and "4" in bad[0].detail and "行政复议" in bad[0].detail
    assert bad[0].facts == [0]


def test_approximate_fact_within_range_is_no_mismatch():
    text = "全年共收到政府信息公开申请约360件。"
    r = build(text, [("约360件", 360, "count", "件", {"approx": "about"})], {"t3.new.total": 356})
    link_report(r)
    assert not r.failed_checks()
    assert r.facts[0].cell == "t3.new.total"


def test_review_and_litigation_groups():
    text = ("因政府信息公开申请被申请行政复议3件，其中结果维持2件，尚未审结1件；"
            "提起行政诉讼2件，其中未经复议直接起诉1件，复议后起诉1件。行政诉讼结果纠正1件。")
    facts = [("3件", 3, "count", "件"), ("2件", 2, "count", "件"), ("1件", 1, "count", "件"),
             ("2件", 2, "count", "件"), ("1件", 1, "count", "件"), ("1件", 1, "count", "件"),
             ("1件", 1, "count", "件")]
    cells = {"t4.review.upheld": 2, "t4.review.corrected": 0, "t4.review.other": 0, "t4.review.pending": 1,
             "t4.review.total": 3, "t4.litigation_direct.total": 1, "t4.litigation_after.total": 1,
             "t4.litigation_direct.corrected": 1, "t4.litigation_after.corrected": 0}
    r = build(text, facts, cells)
    link_report(r)
    assert links(r) == ["t4.review.total", "t4.review.upheld", "t4.review.pending",
                        ["t4.litigation_after.total", "t4.litigation_direct.total"],
                        "t4.litigation_direct.total", "t4.litigation_after.total",
                        ["t4.litigation_after.corrected", "t4.litigation_direct.corrected"]]


def test_closed_cases_are_not_the_filed_total():
    text = "行政诉讼立案12件，审结一审行政诉讼案件15件。"
    facts = [("12件", 12, "count", "件"), ("15件", 15, "count", "件")]
    r = build(text, facts, {"t4.litigation_direct.total": 8, "t4.litigation_after.total": 4})
    link_report(r)
    assert links(r)[1] is None and not r.failed_checks()


def test_t2_items_and_signed_change_2019():
    text = ("公开权责清单，其中行政许可事项120项，比上年减少5项；行政处罚事项300项，比上年增加10项。"
            "行政事业性收费项目共20项，较上年减少1项。")
    facts = [("120项", 120, "count", "项"), ("5项", 5, "change", "项", {"direction": "down"}),
             ("300项", 300, "count", "项"), ("10项", 10, "change", "项", {"direction": "up"}),
             ("20项", 20, "count", "项"), ("1项", 1, "change", "项", {"direction": "down"})]
    cells = {"t2.art20_5.license.prev_items": 125, "t2.art20_5.license.change": -5,
             "t2.art20_6.penalty.prev_items": 290, "t2.art20_6.penalty.change": 10,
             "t2.art20_8.fees.prev_items": 20, "t2.art20_8.fees.change": -1}
    r = build(text, facts, cells)
    link_report(r)
    got = links(r)
    assert got[:4] == [["t2.art20_5.license.change", "t2.art20_5.license.prev_items"],
                       "t2.art20_5.license.change",
                       ["t2.art20_6.penalty.change", "t2.art20_6.penalty.prev_items"],
                       "t2.art20_6.penalty.change"]
    # 20 stated, table makes this year 20 - 1 = 19: a mismatch, the change still links.
    assert got[4] is None and got[5] == "t2.art20_8.fees.change"
    assert [c.rule for c in r.failed_checks()] == ["link.mismatch.t2.art20_8.fees.{prev_items+change}"]


def test_t2_documents_2021_columns_from_label_and_sentence():
    text = "2021年，本机关制发行政规范性文件12件（含新制定4件），废止3件，现行有效行政规范性文件45件。"
    facts = [("12件", 12, "count", "件"), ("4件", 4, "count", "件"), ("3件", 3, "count", "件"),
             ("45件", 45, "count", "件")]
    cells = {"t2.art20_1.normative.issued": 12, "t2.art20_1.normative.repealed": 3,
             "t2.art20_1.normative.in_force": 45}
    r = build(text, facts, cells, template="2021")
    link_report(r)
    assert links(r) == ["t2.art20_1.normative.issued", None, "t2.art20_1.normative.repealed",
                        "t2.art20_1.normative.in_force"]
    assert not r.failed_checks()


def test_narrower_scope_is_not_compared():
    text = "全市共收到政府信息公开申请356件。其中市教育局收到申请30件。"
    facts = [("356件", 356, "count", "件"), ("30件", 30, "count", "件")]
    r = build(text, facts, {"t3.new.total": 356})
    link_report(r)
    assert links(r) == ["t3.new.total", None] and not r.failed_checks()


def test_shares_use_the_denominator_named_in_the_sentence():
    text = ("收到政府信息公开申请200件，其中自然人申请180件，约占全部新收申请量的90.0%。"
            "全年答复250件，予以公开100件，约占全部答复数的40.0%；部分公开25件，占12.5%。")
    facts = [("200件", 200, "count", "件"), ("180件", 180, "count", "件"), ("90.0%", 90.0, "share", "%"),
             ("250件", 250, "count", "件"), ("100件", 100, "count", "件"), ("40.0%", 40.0, "share", "%"),
             ("25件", 25, "count", "件"), ("12.5%", 12.5, "share", "%")]
    cells = {"t3.new.total": 200, "t3.new.natural": 180, "t3.result.total.total": 250,
             "t3.result.disclosed.total": 100, "t3.result.partial.total": 25}
    r = build(text, facts, cells)
    link_report(r)
    shares = {c.rule: c for c in r.checks if c.rule.startswith("link.share.")}
    assert shares["link.share.t3.new.natural"].status == "pass"
    assert "t3.new.total" in shares["link.share.t3.new.natural"].cells
    assert shares["link.share.t3.result.disclosed.total"].status == "pass"
    # 25 / 250 = 10.0%, not the 12.5% printed
    bad = shares["link.share.t3.result.partial.total"]
    assert bad.status == "fail" and "10.00%" in bad.detail


def test_pending_row_settled_by_the_narrative():
    text = "本年度共收到政府信息公开申请218件。\n一、本年新收政府信息公开申请数量21710000218\n"
    r = build(text, [("218件", 218, "count", "件")], {})
    s = text.index("21710000218")
    r.pending_rows = [PendingRow(row="t3.new", columns=T3_COLS,
                                 candidates=[[21, 7, 1, 0, 0, 0, 29], [217, 1, 0, 0, 0, 0, 218]],
                                 raw="21710000218", start=s, end=s + 11)]
    r.checks = [Check(rule="t3.row_sum.new", status="unknown", cells=[f"t3.new.{c}" for c in T3_COLS],
                      detail="cells pending")]
    link_report(r)
    assert r.facts[0].cell == "t3.new.total"
    vals = r.cell_values()
    assert vals["t3.new.natural"] == 217 and vals["t3.new.total"] == 218
    assert all(c.confidence < 1 for c in r.cells)
    assert r.checks[0].status == "pass" and "narrative" in r.checks[0].detail
    assert r.pending_rows == []


def test_agrees_and_compact_id():
    f = Fact(0, 1, "1500余条", 1500, unit="条", approx="over")
    assert agrees(f, 1520) and not agrees(f, 1400)
    assert agrees(Fact(0, 1, "18项", 18, unit="项", kind="change", direction="down"), -18)
    assert not agrees(Fact(0, 1, "18项", 18, unit="项", kind="change", direction="up"), -18)
    assert agrees(Fact(0, 1, "1.2万件", 12000, unit="件"), 12051)          # printed rounding
    assert not agrees(Fact(0, 1, "1.2万件", 12000, unit="件"), 12600)
    assert agrees(Fact(0, 1, "130.73亿元", 13073000000, unit="元", kind="amount"), 1307259, scale=1e4)
    assert not agrees(Fact(0, 1, "35件", 35, unit="件"), 36)
    assert compact_id(["t3.new.natural"]) == "t3.new.natural"
    assert compact_id(["t4.litigation_direct.total", "t4.litigation_after.total"]) == \
        "t4.{litigation_direct+litigation_after}.total"


def test_step_without_facts_or_tables_is_harmless():
    r = build("2020年本机关未收到政府信息公开申请。", [], {})
    assert make_link()(r) is r and r.checks == []


# --- across years ----------------------------------------------------------------
def _year(doc_id, year, issuer, cells, template="2019"):
    r = Report(doc_id=doc_id, text="")
    r.meta = Meta(doc_type="annual_report", year=year, issuer=issuer, template=template)
    r.cells = [Cell(id=k, value=v) for k, v in cells.items()]
    return r


def test_normalize_issuer_variants():
    assert normalize_issuer("平潭县人民政府") == normalize_issuer("平潭综合实验区管委会") == "平潭"
    assert normalize_issuer("平潭综合实验区管理委员会") == "平潭"
    assert normalize_issuer("平潭综合实验区地方税务局") != "平潭"
    assert normalize_issuer(None) == ""


def test_audit_series_pairs_every_adjacent_year():
    a = _year("a", 2019, "平潭综合实验区管委会",
              {"t3.carried_out.total": 5, "t3.carried_out.natural": 5,
               "t2.art20_5.license.prev_items": 100, "t2.art20_5.license.change": -4})
    b = _year("b", 2020, "平潭综合实验区管理委员会",
              {"t3.carried_in.total": 5, "t3.carried_in.natural": 4, "t2.art20_5.license.prev_items": 96})
    c = _year("c", 2022, "平潭综合实验区管委会", {"t3.carried_in.total": 1}, template="2021")
    d = _year("d", 2018, "平潭县人民政府", {}, template="pre2019")
    other = _year("x", 2020, "某市人民政府", {"t3.carried_in.total": 5})
    rows = audit_series([c, b, other, a, d])
    by = {(r["doc_a"], r["doc_b"], r["rule"]): r for r in rows}
    assert by[("a", "b", "year.carry.total")]["status"] == "pass"
    assert by[("a", "b", "year.carry.natural")]["status"] == "fail"
    assert by[("a", "b", "year.prev_items.art20_5.license")]["status"] == "pass"
    assert by[("b", "c", "year.none")]["status"] == "unknown"          # 2020 -> 2022: not consecutive
    assert by[("d", "a", "year.none")]["status"] == "unknown"          # pre-2019: nothing comparable
    assert {r["issuer"] for r in rows} == {"平潭"}
    assert set(rows[0]) == {"issuer", "doc_a", "year_a", "doc_b", "year_b", "rule", "status", "cells",
                            "detail"}


# --- on the seeds' gold (skips without ../shared) ----------------------------------
def _gold_reports(gold_dir, seeds_dir):
    for gp in sorted(gold_dir.glob("*.json")):
        d = json.loads(gp.read_text(encoding="utf-8"))
        if not d.get("facts") or not (d.get("tables") or {}).get("cells"):
            continue
        d["text"] = (seeds_dir / (gp.stem + ".txt")).read_text(encoding="utf-8")
        gold = [f for f in d["facts"]]
        r = Report.from_dict(d)
        for step in (make_normalize(), make_structure(), make_segment()):
            r = step(r)
        yield r, gold


def test_links_on_seed_gold(gold_dir, seeds_dir):
    hit = pred = want = 0
    for r, gold in _gold_reports(gold_dir, seeds_dir):
        link_report(r)
        for f, g in zip(r.facts, gold):
            if not g.get("core", True):
                continue
            gl = set(g.get("cells") or ([g["cell"]] if g.get("cell") else []))
            pl = set(f.cells or ([f.cell] if f.cell else []))
            want += bool(gl)
            pred += bool(pl)
            hit += bool(pl) and pl == gl
    assert want > 50
    assert hit / want >= 0.9 and hit / pred >= 0.95


VARIED_2021 = (
    "2022年，本机关新收政府信息公开申请86件（其中，自然人83件，商业企业2件，其他1件），"
    "较上年的70件有所增加；上年结转申请4件。本年度办结申请85件，其中同意公开答复40件，"
    "部分公开答复5件，不予公开答复3件，无法提供的30件，不予处理的2件，其他处理5件"
    "（其中申请人逾期不补正4件）；转下一年度办理的5件。"
)


def test_varied_wording_2021_template():
    nums = [86, 83, 2, 1, 70, 4, 85, 40, 5, 3, 30, 2, 5, 4, 5]
    facts = [(f"{n}件", n, "count", "件") for n in nums]
    cells = {**t3_row("new", [83, 2, 0, 0, 0, 1, 86]), "t3.carried_in.total": 4,
             "t3.result.total.total": 85, "t3.result.disclosed.total": 40, "t3.result.partial.total": 5,
             **{f"t3.result.withheld.{x}.total": v for x, v in
                zip(["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"],
                    [0, 1, 0, 1, 0, 1, 0, 0])},
             "t3.result.unavailable.not_held.total": 28, "t3.result.unavailable.not_ready.total": 2,
             "t3.result.unavailable.unclear.total": 0,
             **{f"t3.result.rejected.{x}.total": v for x, v in
                zip(["petition", "repeat", "publication", "excessive", "confirm"], [1, 1, 0, 0, 0])},
             "t3.result.other.no_correction.total": 4, "t3.result.other.no_fee.total": 0,
             "t3.result.other.other.total": 1, "t3.carried_out.total": 5}
    r = build(VARIED_2021, facts, cells, template="2021", year=2022)
    link_report(r)
    got = links(r)
    assert got[:6] == ["t3.new.total", "t3.new.natural", "t3.new.business", "t3.new.other", None,
                        "t3.carried_in.total"]
    assert got[6:9] == ["t3.result.total.total", "t3.result.disclosed.total", "t3.result.partial.total"]
    assert len(got[9]) == 8 and len(got[10]) == 3 and len(got[11]) == 5
    assert got[12] == sorted(f"t3.result.other.{x}.total" for x in ["no_correction", "no_fee", "other"])
    assert got[13:] == ["t3.result.other.no_correction.total", "t3.carried_out.total"]
    assert not r.failed_checks()


def test_other_year_figures_are_not_compared():
    text = "2021年收到政府信息公开申请300件，2022年收到政府信息公开申请356件。"
    facts = [("300件", 300, "count", "件"), ("356件", 356, "count", "件")]
    r = build(text, facts, {"t3.new.total": 356}, year=2022)
    link_report(r)
    assert links(r) == [None, "t3.new.total"] and not r.failed_checks()


def test_pending_row_narrowed_when_several_splits_fit():
    text = "本年度制发行政规范性文件77件。\n行政规范性文件77132470\n"
    r = build(text, [("77件", 77, "count", "件")], {}, template="2021")
    ids = [f"t2.art20_1.normative.{c}" for c in ("issued", "repealed", "in_force")]
    r.pending_rows = [PendingRow(row="t2.art20_1.normative", columns=ids, raw="77132470", start=20, end=28,
                                 candidates=[[7, 7, 132470], [77, 1, 32470], [77, 13, 2470], [771, 3, 2470]])]
    r.checks = [Check(rule="t2.art20_1.normative.split", status="unknown", cells=ids, detail="ambiguous")]
    link_report(r)
    assert r.facts[0].cell == "t2.art20_1.normative.issued"
    assert r.cell_values() == {"t2.art20_1.normative.issued": 77}
    assert r.pending_rows[0].candidates == [[77, 1, 32470], [77, 13, 2470]]
    assert r.checks[0].status == "unknown" and "2 splits remain" in r.checks[0].detail


def test_audit_series_falls_back_on_the_narrative():
    text = "本年度共收到政府信息公开申请20件，办结18件，结转下年度继续办理2件。"
    a = build(text, [("20件", 20, "count", "件"), ("18件", 18, "count", "件"), ("2件", 2, "count", "件")],
              {}, template="pre2019", year=2018, issuer="示例县人民政府", doc_id="a")
    b = _year("b", 2019, "示例县人民政府", {"t3.carried_in.total": 3})
    rows = audit_series([a, b])
    assert [(r["rule"], r["status"]) for r in rows] == [("year.carry.total", "fail")]
    assert "narrative" in rows[0]["detail"]


def test_decoys_in_application_paragraphs_raise_no_mismatch():
    text = ("（二）依申请公开情况\n全年受理行政许可申请3000件，答复网民留言300件，"
            "公开行政处罚决定信息320条。共办结政府信息公开申请1200件，其中当年办结1180件。\n")
    facts = [("3000件", 3000, "count", "件"), ("300件", 300, "count", "件"), ("320条", 320, "count", "条"),
             ("1200件", 1200, "count", "件"), ("1180件", 1180, "count", "件")]
    cells = {"t3.new.total": 1150, "t3.result.total.total": 1200, "t2.art20_6.penalty.decisions": 410}
    r = build(text, facts, cells, template="2021")
    link_report(r)
    assert links(r) == [None, None, None, "t3.result.total.total", None]
    assert not r.failed_checks()


def test_number_between_verb_and_noun_and_weak_columns():
    text = ("（二）依申请公开\n本年度全区共收到70件申请，办结69件。"
            "在门户网站发布市政府办公室行政规范性文件5件。")
    facts = [("70件", 70, "count", "件"), ("69件", 69, "count", "件"), ("5件", 5, "count", "件")]
    cells = {"t3.new.total": 70, "t3.result.total.total": 69, "t2.art20_1.normative.issued": 12}
    r = build(text, facts, cells, template="2021")
    link_report(r)
    assert links(r) == ["t3.new.total", "t3.result.total.total", None]
    assert not r.failed_checks()          # 发布 is a weak column word: no mismatch


def test_audit_series_accepts_json_dicts():
    a = _year("a", 2020, "示例区人民政府", {"t3.carried_out.total": 7})
    b = _year("b", 2021, "示例区人民政府", {"t3.carried_in.total": 7}, template="2021")
    rows = audit_series([json.loads(a.to_json()), b.to_dict()])
    assert [(r["rule"], r["status"]) for r in rows] == [("year.carry.total", "pass")]


def test_every_link_agrees_with_the_table_on_shuffled_clauses():
    """Property: whatever the clause order, a link is only made when the value agrees."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    clauses = ["收到政府信息公开申请{}件", "自然人申请{}件", "上年结转{}件", "办结{}件", "予以公开{}件",
               "不予公开{}件", "行政复议{}件", "结果维持{}件", "行政诉讼{}件", "培训{}次", "其中{}件"]
    cells = {"t3.new.total": 5, "t3.new.natural": 4, "t3.carried_in.total": 1, "t3.result.total.total": 6,
             "t3.result.disclosed.total": 3, "t4.review.total": 2, "t4.review.upheld": 2}

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(clauses), st.integers(0, 7)), min_size=1, max_size=8),
           st.sampled_from(["，", "；", "。"]))
    def run(parts, sep):
        text = "（二）依申请公开\n" + sep.join(c.format(n) for c, n in parts) + "。"
        facts, pos = [], 0
        for c, n in parts:
            unit = "次" if "次" in c else "件"
            sub = f"{n}{unit}"
            i = text.index(sub, text.index(c.split("{")[0], pos))
            pos = i + len(sub)
            facts.append(Fact(start=i, end=pos, text=sub, value=n, unit=unit))
        r = build(text, [], cells)
        r.facts = facts
        link_report(r)
        vals = r.cell_values()
        for f in r.facts:
            ids = f.cells or ([f.cell] if f.cell else [])
            assert not ids or sum(vals[c] for c in ids) == f.value
        for chk in r.failed_checks():
            assert chk.rule.startswith("link.mismatch.") and chk.facts
    run()


def test_procurement_amount_agrees_within_printed_rounding():
    text = "政府集中采购项目135个，采购总金额135.75亿元。"
    facts = [("135个", 135, "count", "个"), ("135.75亿元", 13575000000, "amount", "元")]
    cells = {"t2.art20_9.procurement.projects": 135, "t2.art20_9.procurement.amount": 13575394432.52}
    r = build(text, facts, cells)
    link_report(r)
    assert links(r) == ["t2.art20_9.procurement.projects", "t2.art20_9.procurement.amount"]
