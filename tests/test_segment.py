"""Segmentation: long lines cut, heading paths inherited, tables/debris excluded, offsets exact."""
import json

import pytest

import gisnlp
from gisnlp.segment import inline_markers, segment_report, split_long

STEPS = ["normalize", "structure", "segment"]

ONE_LINE = (
    "某县2016年度政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
    "一、概述2016年，我县坚持以公开为常态、不公开为例外，积极推进重点领域信息公开。"
    "（一）组织机构方面我县成立了政府信息公开工作领导小组，负责推进、指导、协调、监督政府信息公开工作。"
    "领导小组下设办公室，各乡镇人民政府都指定了分管领导和经办人员，做到了机构落实、人员落实、责任落实。"
    "（二）教育方面1、招生入学信息公开情况。及时公开义务教育招生入学政策、学区划分和招生计划，"
    "全年发布招生信息56条，接受家长咨询300余人次。"
    "2、教育督导信息公开情况。公开教育督导报告和学校收费项目。"
    "二、政府信息依申请公开工作情况 2016年全县共受理政府信息公开申请12件，均已按期答复。"
    "一是规范受理流程，二是加强答复审核，确保答复合法合规。"
)


def _segment(text, **cfg):
    nlp = gisnlp.load(steps=STEPS, config={"segment": cfg})
    return nlp(text, doc_id="t")


def test_one_long_line_is_cut_with_exact_offsets():
    r = _segment(ONE_LINE, max_chars=120)
    body = [s for s in r.segments if s.kind == "body"]
    assert len(body) >= 6
    for s in body:
        piece = r.text[s.start:s.end]
        assert piece == piece.strip() and piece
        assert s.end - s.start <= 120 or "。" not in piece[:-1]
    # together the pieces cover the line without overlap
    assert all(a.end <= b.start for a, b in zip(body, body[1:]))
    assert r.text[body[0].start:body[-1].end] == ONE_LINE.strip()


def test_inline_headings_give_heading_paths():
    r = _segment(ONE_LINE, max_chars=120)
    by_start = {r.text[s.start:s.start + 6]: s for s in r.segments}
    edu = next(s for s in r.segments if r.text[s.start:s.end].startswith("2、教育督导"))
    assert edu.heading_path[0].startswith("一、概述")
    assert any("教育方面" in h for h in edu.heading_path)
    assert edu.heading_path[-1].startswith("2、教育督导")
    apps = next(s for s in r.segments if "共受理" in r.text[s.start:s.end])
    assert apps.heading_path[0].startswith("二、政府信息依申请公开")
    assert not any("教育" in h for h in apps.heading_path)      # the 一、 branch was closed
    assert by_start  # segments exist


def test_attachment_inside_a_long_line_closes_the_headings():
    """附件: run into the same line as the report body: its rows belong to no section of the body."""
    text = ("某区2021年政务公开工作要点 一、深化重点领域公开。做好招生入学和医疗卫生信息公开。"
            "二、加强监督考核。将政务公开工作纳入年度绩效考核，每季度通报一次。"
            "各部门要对照任务抓好落实。 附件：2021年政务公开重点任务分解表 序号 任务 责任单位 "
            "1 公开义务教育招生入学政策和学区划分 区教育局 全年 "
            "2 公开医疗机构执业登记和监督检查结果 区卫生健康委 6月底前")
    r = _segment(text, max_chars=60)
    body = [s for s in r.segments if s.kind == "body"]
    before = next(s for s in body if "每季度通报" in r.text[s.start:s.end])
    assert any("加强监督考核" in h for h in before.heading_path)
    rows = [s for s in body if "区卫生健康委" in r.text[s.start:s.end] or "学区划分" in r.text[s.start:s.end]]
    assert rows and all(s.heading_path == [] for s in rows)


def test_heading_path_inherited_by_paragraphs():
    text = ("2022年某区政府信息公开工作年度报告\n\n一、总体情况\n\n（一）主动公开方面\n\n"
            "全年主动公开政府信息1200条。\n\n（二）依申请公开方面\n\n"
            "全年收到政府信息公开申请85件，较上年增长12%。\n\n二、主动公开政府信息情况\n")
    r = _segment(text)
    para = next(s for s in r.segments if "85件" in r.text[s.start:s.end])
    assert para.kind == "body"
    assert para.heading_path == ["一、总体情况", "(二)依申请公开方面"]
    head = next(s for s in r.segments if r.text[s.start:s.end] == "（二）依申请公开方面")
    assert head.kind == "heading" and head.heading_path == ["一、总体情况"]


def test_tables_and_debris_are_not_narrative():
    text = ("字号：大 中 小\n分享：\n一、总体情况\n全年主动公开政府信息1200条。\n"
            "本年新收政府信息公开申请数量\n85\n3\n0\n标题: 某区年报\n====================\n")
    nlp = gisnlp.load(steps=["normalize", "structure"])
    r = nlp(text, doc_id="t")
    t0 = text.index("本年新收")
    r.table_spans = [(t0, t0 + len("本年新收政府信息公开申请数量\n85\n3\n0"), "t3")]
    r.segments = segment_report(r)
    kinds = {r.text[s.start:s.end]: s.kind for s in r.segments}
    assert kinds["字号：大 中 小"] == "boilerplate"
    assert kinds["分享："] == "boilerplate"
    assert kinds["本年新收政府信息公开申请数量"] == "table"
    assert kinds["85"] == "table"
    assert kinds["标题: 某区年报"] == "boilerplate"
    assert kinds["全年主动公开政府信息1200条。"] == "body"


def test_the_template_note_above_table_three_is_table_not_narrative():
    """(本列数据的勾稽关系为…) belongs to table 三 even where the table finder's region starts below
    it (a flattened table): no domain is given to it; a sentence quoting 勾稽关系 later stays body."""
    text = ("三、收到和处理政府信息公开申请情况\n"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "申请人情况\n自然人\n"
            "经核对，本机关各项数据的勾稽关系均已符合要求。\n")
    nlp = gisnlp.load(steps=["normalize", "structure", "segment", "domains"])
    r = nlp(text, doc_id="t")
    by_text = {r.text[s.start:s.end]: s for s in r.segments}
    note = by_text["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert note.kind == "table" and note.domains == []
    assert by_text["经核对，本机关各项数据的勾稽关系均已符合要求。"].kind == "body"


def test_broken_lines_join_their_paragraph():
    text = ("一、主动公开政府信息情况\n（一）推进卫生健康领域信息公开。围绕突发公共卫生事\n\n"
            "件应对强化信息公开，做好疫情防控信息发布。\n下一段另起一行开始。\n")
    r = _segment(text)
    body = [s for s in r.segments if s.kind == "body"]
    assert r.text[body[0].start:body[0].end].endswith("做好疫情防控信息发布。")
    assert r.text[body[1].start:body[1].end] == "下一段另起一行开始。"
    assert body[0].heading_path[-1].startswith("(一)推进卫生健康")


def test_the_two_passes_line_units_then_place_units():
    """segment_report = line_units (kinds, broken lines joined) + place_units (paths, cuts)."""
    from gisnlp.segment import _rules, _TableSpans, line_units, place_units
    text = ("一、总体情况\n全年主动公开政府信息1200条，围绕重点领域公开教育、卫生健\n康和生态环境信息。\n"
            "字号：大 中 小\n二、依申请公开情况\n收到申请12件。\n")
    nlp = gisnlp.load(steps=["normalize", "structure"])
    r = nlp(text, doc_id="t")
    tables = _TableSpans(r)
    units = line_units(r, tables, _rules())
    assert [u.kind for u in units] == ["heading", "body", "boilerplate", "heading", "body"]
    assert r.norm.text[units[1].start:units[1].end].endswith("生态环境信息。")   # the broken line joined
    segs = place_units(r, units, tables, _rules(), max_chars=300, flat_cap=60)
    assert [s.heading_path for s in segs if s.kind == "body"] == [["一、总体情况"], ["二、依申请公开情况"]]
    assert segs == segment_report(r)


def test_many_inline_markers_on_one_line_stay_linear():
    """A title is read from a bounded window after each marker: 10x the markers, ~10x the work.

    Best of three runs per size with the collector off, so one scheduler or GC pause on a
    busy CI machine cannot pass for quadratic growth (which would be ~100x).
    """
    import gc
    import time
    unit = "（一）教育方面公开招生信息12条。（二）卫生方面公开医院名录。"
    best = []
    for k in (500, 5000):
        r = gisnlp.load(steps=["normalize", "structure"])(unit * k, doc_id="t")
        runs = []
        gc.disable()
        try:
            for _ in range(3):
                t = time.process_time()
                segs = segment_report(r)
                runs.append(time.process_time() - t)
        finally:
            gc.enable()
        assert len(segs) >= 2 * k
        best.append(min(runs))
    assert best[1] < 40 * max(best[0], 1e-3)


def test_offsets_point_into_original_text_when_normalised():
    text = "一、總體情況\n（一）主動公開方面\n全年主動公開政府信息1200條，其中規範性文件12件。\n"
    r = _segment(text)
    seg = next(s for s in r.segments if s.kind == "body")
    assert r.text[seg.start:seg.end] == "全年主動公開政府信息1200條，其中規範性文件12件。"
    assert seg.heading_path[-1] == "(一)主动公开方面"


def test_markers_need_a_boundary():
    text = "根据第二十条第(九)项规定,现报告如下:(一)主动公开情况。一是加强领导,二是完善制度"
    found = [text[s:e] for s, e, _ in inline_markers(text)]
    assert "(九)" not in found
    assert "(一)" in found and "一是" in found and "二是" in found
    pieces = split_long("甲。" * 200, 50)
    assert all(e - s <= 50 for s, e, _, _ in pieces)


def test_seed_segments_never_cross_gold_lines(seeds_dir, gold_dir):
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata", "tables", "segment"])
    for g in sorted(gold_dir.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        r = nlp(seeds_dir / f"{gold['doc_id']}.txt")
        lines = [x for x in gold["segments"] if x.get("kind") in ("body", "heading")]
        for s in r.segments:
            if s.kind != "body":
                continue
            inside = [x for x in lines if x["start"] <= s.start < x["end"]]
            # a segment starts inside at most one gold line and never cuts a line in two
            assert len(inside) <= 1
            assert r.text[s.start:s.end].strip() == r.text[s.start:s.end]
