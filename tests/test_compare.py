"""Year-over-year comparison on report pairs written for these tests (tests/compare_pairs.py)."""
from __future__ import annotations

import json
import re

import pytest

import gisnlp
from gisnlp.compare import Comparison, Settings, compare
from gisnlp.compare.similarity import word_changes
from gisnlp.errors import GisnlpError, InputError
from gisnlp.report import Cell, Meta, Report

import compare_pairs as P


def _key(text: str) -> int:
    """Characters of a text that count for reuse (no whitespace or punctuation)."""
    return len(re.sub(r"[\W_]+", "", text))


@pytest.fixture(scope="module")
def pair(nlp):
    old = nlp(P.report_text(2022), doc_id="qingliu_2022")
    new = nlp(P.report_text(2023), doc_id="qingliu_2023")
    return old, new, compare(old, new)


def test_text_reuse_is_the_share_of_new_characters_in_reused_sentences(pair):
    _, _, c = pair
    # NEW's narrative without template wording: the opening, four sub-sections, problems, other.
    subs = ["（一）主动公开。" + P.KEPT_SENTENCE + P.PROACTIVE_FIGURE.format(n=5120),
            "（二）依申请公开。" + P.APPLICATIONS[2023], "（三）政府信息管理。" + P.MANAGEMENT, P.ONLY_2023]
    counted = sum(map(_key, [P.OPENING[2023], *subs, P.PROBLEMS.format(y=2023, z=2024), P.OTHER[2023]]))
    new_text = sum(map(_key, [P.OPENING[2023], P.ONLY_2023, P.OTHER[2023]]))   # written anew
    assert c.reuse["text"] == pytest.approx(1 - new_text / counted, abs=1e-4)
    assert c.reuse["tables"] == pytest.approx(180 / 200)
    assert c.reuse["overall"] == pytest.approx((c.reuse["text"] + c.reuse["tables"]) / 2, abs=1e-4)
    assert 0.5 < c.reuse["phrases"] < 1      # runs of 10 characters OLD also has, sentence by sentence


def test_sections_are_aligned_by_meaning_with_their_reuse(pair):
    _, _, c = pair
    by_id = {s.id: s for s in c.sections}
    assert [s.id for s in c.sections] == ["preamble", "overview", "proactive", "applications", "review",
                                          "problems", "other"]
    assert all(s.status == "both" for s in c.sections)
    # 主要问题和改进措施 (2022) and 存在的主要问题及改进情况 (2023) are one part
    assert by_id["problems"].old_heading.startswith("五、主要问题和改进措施")
    assert by_id["problems"].reuse == 1.0 and by_id["other"].reuse == 0.0
    assert by_id["preamble"].reuse is None            # template wording only
    subs = {(s.old_title, s.new_title): s.status for s in by_id["overview"].subsections}
    assert subs == {("主动公开", "主动公开"): "both", ("依申请公开", "依申请公开"): "both",
                    ("政府信息管理", "政府信息管理"): "both", (None, "新媒体矩阵"): "new_only",
                    ("公开专区建设", None): "old_only"}
    assert by_id["overview"].paragraphs == {"added": 2, "modified": 2, "unchanged": 1, "removed": 2}


def test_paragraphs_unchanged_modified_added_removed(pair):
    old, new, c = pair
    status = [(p.status, p.section) for p in c.paragraphs]
    assert status.count(("unchanged", "overview")) == 1
    assert sorted(s for s, _ in status) == sorted(["added"] * 3 + ["modified"] * 3 + ["removed"] * 3
                                                  + ["unchanged"])
    fig = next(p for p in c.paragraphs if p.status == "modified" and "5120" in new.text[p.new_start:p.new_end])
    assert [(w.old, w.new) for w in fig.changes] == [("4862", "5120")]
    removed = [old.text[p.old_start:p.old_end] for p in c.paragraphs if p.status == "removed"]
    assert any(t.startswith("（四）公开专区建设") for t in removed)


def test_cells_changes_and_abrupt_ones(pair):
    _, _, c = pair
    cells = {x.id: x for x in c.cells}
    lic = cells["t2.art20_5.license.decisions"]
    assert (lic.old, lic.new, lic.change, lic.pct, lic.abrupt) == (3268, 3400, 132, 4.04, False)
    pen = cells["t2.art20_6.penalty.decisions"]
    assert pen.abrupt and pen.pct == -96.76 and "÷30.8" in pen.why
    coe = cells["t2.art20_6.coercion.decisions"]
    assert coe.abrupt and coe.pct is None and coe.why == "from 0 to 87"
    assert sum(x.status == "changed" for x in c.cells) == 20 and c.summary["counts"]["cells"]["abrupt"] == 2
    assert c.summary["key_cells"][0]["abrupt"]


def test_failing_carry_over_with_its_arithmetic(pair):
    _, _, c = pair
    checks = {x.rule: x for x in c.checks}
    assert checks["year.carry.total"].status == "fail"
    assert checks["year.carry.total"].detail == "2022 结转下年度 4 vs 2023 上年结转 6"
    assert checks["year.carry.business"].status == "pass"


def test_wrong_claim_is_recomputed_and_flagged(pair):
    _, _, c = pair
    claims = {x.text: x for x in c.claims}
    wrong, right = claims["20%"], claims["25%"]
    assert (wrong.status, wrong.basis, wrong.old_value, wrong.new_value, wrong.computed) == \
        ("fail", "t3.new.total", 100, 130, 30.0)
    assert "(130 − 100) / 100 × 100 = +30.00%" in wrong.detail
    assert (right.status, right.old_value, right.new_value) == ("pass", 1200, 1500)


def test_facts_with_another_value(pair):
    _, _, c = pair
    changed = {(f.metric, f.old, f.new) for f in c.facts}
    assert ("政府信息公开申请", 100, 130) in changed and ("办理政务咨询", 1200, 1500) in changed
    assert any(f.old == 4862 and f.new == 5120 for f in c.facts)


def test_copied_problems_section_is_flagged_with_passages(pair):
    old, new, c = pair
    chk = next(x for x in c.checks if x.rule == "copy.problems")
    assert chk.status == "fail" and "100%" in chk.detail
    ps = [p for p in c.passages if p.section == "problems"]
    assert len(ps) == 1
    assert new.text[ps[0].new_start:ps[0].new_end].startswith("2023年，我县政务公开工作")
    assert old.text[ps[0].old_start:ps[0].old_end].startswith("2022年，我县政务公开工作")


def test_summary_counts(pair):
    _, _, c = pair
    counts = c.summary["counts"]
    assert counts["paragraphs"] == {"unchanged": 1, "modified": 3, "added": 3, "removed": 3}
    assert counts["claims"] == {"fail": 1, "pass": 1}
    assert counts["checks_failed"] == 4           # carry natural + total, the claim, problems
    assert c.summary["top_sections"][0]["id"] == "other"
    assert c.notes == []


def test_report_against_itself_is_all_reuse_and_no_change(pair):
    _, new, _ = pair
    c = compare(new, new)
    assert c.reuse == {"text": 1.0, "tables": 1.0, "overall": 1.0, "phrases": 1.0}
    assert {p.status for p in c.paragraphs} == {"unchanged"}
    assert c.cells == [] and c.summary["counts"]["cells"]["same"] == 200 and c.facts == []
    assert all(x.status == "unknown" for x in c.claims)
    assert any("both reports are for 2023" in n for n in c.notes)


def test_unrelated_issuers_share_little_text(pair):
    _, new, _ = pair
    other = gisnlp.analyze(P.UNRELATED, doc_id="songhe_2023")
    for a, b in ((other, new), (new, other)):
        c = compare(a, b)
        assert c.reuse["text"] <= 0.1
        assert any(n.startswith("different issuers") for n in c.notes)


def test_json_contract_and_round_trip(pair):
    _, _, c = pair
    d = json.loads(c.to_json())
    assert d["schema"] == "gisnlp.compare/1"
    assert {"reuse", "sections", "cells", "facts", "checks", "notes"} <= set(d)
    assert all(0 <= d["reuse"][k] <= 1 for k in ("text", "tables", "overall"))
    assert all(set(x) >= {"rule", "status", "detail"} and x["status"] in ("pass", "fail", "unknown")
               for x in d["checks"])
    assert Comparison.from_dict(d).to_dict() == d


@pytest.mark.parametrize("case", ["empty", "no_text", "no_tables", "other_template", "gap_years", "reversed"])
def test_odd_pairs_are_compared_with_a_note(pair, case):
    old, new, _ = pair
    if case == "empty":
        old = Report("empty", "")
    elif case == "no_text":
        old = Report.from_dict(old.to_dict(include_text=False))
    elif case == "no_tables":
        new = gisnlp.analyze(P.UNRELATED, doc_id="songhe")
    elif case == "other_template":
        old = Report("t19", old.text, meta=Meta("annual_report", 2022, "青柳县人民政府", template="2019"),
                     cells=[Cell("t2.art20_9.procurement.projects", 3)])
    elif case == "gap_years":
        old = Report("y2020", old.text, meta=Meta("annual_report", 2020, "青柳县人民政府"), cells=old.cells)
    elif case == "reversed":
        old, new = new, old
    c = compare(old, new)
    assert c.notes, case
    assert c.reuse["text"] is None or 0 <= c.reuse["text"] <= 1
    json.dumps(c.to_dict())
    if case == "gap_years":
        assert all(x.status == "unknown" for x in c.claims)
        assert any("not consecutive" in n for n in c.notes)


def test_inputs_and_settings_errors(tmp_path):
    with pytest.raises(InputError):
        compare(tmp_path / "missing.json", tmp_path / "missing.json")
    bad = tmp_path / "x.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a gisnlp report"):
        compare(bad, bad)
    with pytest.raises(GisnlpError, match="unknown compare setting"):
        Settings.resolve({"sentence_similarty": 80})
    assert Settings.resolve({"sentence_similarity": 90}).sentence_similarity == 90


def test_stricter_threshold_counts_less_reuse(pair):
    old, new, c = pair
    no_skeleton = {"change": "(?!)", "digits": "(?!)"}     # numbers and 比上年 clauses kept in the keys
    loose = compare(old, new, settings={"skeleton": no_skeleton})
    strict = compare(old, new, settings={"sentence_similarity": 99, "skeleton": no_skeleton})
    assert strict.reuse["text"] < loose.reuse["text"] == c.reuse["text"]
    # by skeleton, a sentence whose only changes are its figures and a 比上年 clause is identical
    assert compare(old, new, settings={"sentence_similarity": 99}).reuse["text"] == c.reuse["text"]


@pytest.mark.parametrize("old_key, new_key, same", [
    ("全年收到申请148件", "全年收到申请163件同比增长101", True),
    ("本年度共受理申请86件", "本年度共受理申请130件较上年的86件增加44件", True),
    ("全年发布信息200条", "全年发布信息500条比上年增长15倍", True),
    ("全年收到申请148件", "全年办结申请148件", False),
])
def test_skeleton_masks_figures_and_change_clauses(old_key, new_key, same):
    from gisnlp.compare.matching import skeleton
    cfg = Settings.resolve()
    assert (skeleton(old_key, cfg) == skeleton(new_key, cfg)) is same


def test_word_changes_read_as_words():
    assert [(w.op, w.old, w.new) for w in word_changes("申请100件，比上年增长12%", "申请130件，比上年下降3%")] == \
        [("replace", "100", "130"), ("replace", "增长12", "下降3")]
    assert word_changes("同样", "同样") == []


def test_common_wording_learnt_from_an_archive_is_discounted(nlp):
    pytest.importorskip("datasketch")
    from gisnlp.compare import CommonWording
    shared = "全县各乡镇均设立政务公开专区并安排专人负责日常维护和群众查阅服务。"
    own = {"松桥县": "松桥县在桥头社区试点村务与政务公开一体化查阅屏，收集居民意见四十余条。",
           "桃源县": "桃源县把桃花节期间的交通管制和景区限流信息提前三天在网站和公众号同步发布。",
           "石湖县": "石湖县围绕湖区退捕渔民安置补偿标准开展专题解读，并在各村公示补偿名单。"}
    reports = []
    for place, mine in own.items():
        for year in (2022, 2023):
            text = P.report_text(year).replace("青柳县", place).replace(P.MANAGEMENT, P.MANAGEMENT + shared)
            reports.append(nlp(text.replace(P.OPENING[year], P.OPENING[year] + mine), doc_id=f"{place}{year}"))
    wording = CommonWording(min_issuers=3).fit(reports)
    assert wording.issuers_ == 3 and wording.is_common(re.sub(r"[\W_]+", "", shared))
    assert not wording.is_common(re.sub(r"[\W_]+", "", own["桃源县"]))
    old, new = reports[0], reports[1]
    plain, discounted = compare(old, new), compare(old, new, common=wording)
    assert discounted.reuse["text"] < plain.reuse["text"]


@pytest.mark.parametrize("text, stated", [("信息500条，比上年增长1.5倍", 150.0), ("信息300条，是上年的1.5倍", 50.0),
                                          ("信息600条，增长到2倍", 100.0)])
def test_times_claims_read_as_percent(text, stated):
    from gisnlp.compare.claims import stated_pct
    from gisnlp.report import Fact
    i = text.rindex("倍")
    j = i - 1
    while text[j - 1].isdigit() or text[j - 1] == ".":
        j -= 1
    claim = Fact(j, i + 1, text[j:i + 1], float(text[j:i]), unit="倍", kind="change", direction="up")
    pct, tol = stated_pct(claim, text, Settings.resolve())
    assert pct == pytest.approx(stated) and tol >= 0.6


@pytest.mark.parametrize("text, ends", [
    ("全年发布信息一千余条，涉及教育、医疗、就业、社会保障\n等领域的重点工作和民生事项。", []),            # a wrapped line
    ("（一）主动公开\n全年发布信息一千余条，涉及教育、医疗等领域。", ["（一）主动公开\n"]),   # a short line
    ("1、关于印发农村人居环境整治实施方案的通知\n2、关于做好防汛工作的通知", ["的通知\n"]),   # list items
])
def test_sentences_end_at_short_lines_and_list_items_not_wrapped_lines(text, ends):
    from gisnlp.compare.textunits import line_breaks
    got = [text[:i] for i in line_breaks(text, Settings.resolve())]
    assert [g[-len(e):] for g, e in zip(got, ends)] == ends and len(got) == len(ends)


def test_repr_is_one_short_line_with_reuse_and_counts(pair):
    """repr of a comparison (as a REPL prints it) does not flood the terminal with its lists."""
    cmp = pair[2]
    text = repr(cmp)
    assert "\n" not in text and len(text) < 300
    assert text.startswith("<Comparison ") and "reuse text " in text and f"{len(cmp.cells)} changed cells" in text


def test_archive_without_datasketch_names_the_extra(monkeypatch):
    """--archive needs datasketch: the error says which extra installs it."""
    import sys
    from gisnlp.compare import common
    monkeypatch.setitem(sys.modules, "datasketch", None)
    with pytest.raises(GisnlpError) as err:
        common._minhash()
    assert 'gisnlp[compare]' in str(err.value)
