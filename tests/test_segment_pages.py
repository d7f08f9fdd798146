"""Segmentation of crawled pages and table-like text: a report behind a breadcrumb on
one line, tab rows, attachments, and the finer cap for reports run into one line."""
import gisnlp
from gisnlp.segment import debris_prefix

STEPS = ["normalize", "structure", "segment"]

CRUMB = ("当前位置： 首页 政务公开 政府信息公开年报 某县2021年度政府信息公开工作年度报告 "
         "来源：某县人民政府 时间：2022-02-08 16:34 微信 微博 全真版 文字版 相关链接： --> ")
REPORT = ("根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
          "一、总体情况 2021年，我县坚持以公开为常态、不公开为例外。"
          "（一）主动公开方面。全年主动公开政府信息2645条，发布农产品抽检情况20680批次。"
          "（二）依申请公开方面。全年收到政府信息公开申请35件，均按期答复。"
          "（三）教育领域。公开义务教育招生入学政策、学区划分和招生计划，接受家长咨询300余人次。")


def _segment(text, **cfg):
    return gisnlp.load(steps=STEPS, config={"segment": cfg})(text, doc_id="t")


def test_report_behind_a_breadcrumb_is_narrative():
    text = "标题: 某县年报\n" + CRUMB + REPORT * 2 + "\n"
    r = _segment(text)
    body = [s for s in r.segments if s.kind == "body"]
    assert body, "the report text must not be thrown away with the breadcrumb"
    assert r.text[body[0].start:].startswith("根据《中华人民共和国")
    crumb = next(s for s in r.segments if r.text[s.start:s.end].startswith("当前位置"))
    assert crumb.kind == "boilerplate" and crumb.end <= body[0].start
    apps = next(s for s in body if "收到政府信息公开申请35件" in r.text[s.start:s.end])
    assert any("依申请公开" in h for h in apps.heading_path)


def test_debris_prefix_needs_a_sentence():
    assert debris_prefix("当前位置： 首页 政务公开 年报") == 0
    line = "当前位置： 首页 年报 根据条例编制本报告。其余内容。"
    assert line[debris_prefix(line):].startswith("根据条例")


def test_tab_rows_are_not_joined_as_broken_lines():
    text = ("一、严格强化工作保障\n附件：2021年政务公开工作要点任务分解表\n"
            "序号\t任务名称\t任务内容\t责任单位\t时间节点\n"
            "70\t细化交通管理领域信息公开\t加强轨道交通站点服务公开工作\t市交通委\t9月底前\n"
            "71\t\t规范公交线路调整优化流程，充分听取沿线居民意见\t市交通委\t全年\n")
    r = _segment(text)
    rows = [s for s in r.segments if "\t" in r.text[s.start:s.end]]
    assert len(rows) == 3
    assert all(r.text[s.start:s.end].count("\n") == 0 for s in rows)
    # the attachment closed the report's headings: rows do not sit under 一、
    assert all(not s.heading_path for s in rows)


def test_one_line_report_gets_finer_pieces_than_training():
    para = "（四）财政信息公开。" + "全年公开部门预算和决算信息120条，其中三公经费说明35条。" * 20
    text = REPORT + para * 4                # > flat_line chars, no line breaks
    assert len(text) >= 1500
    runtime = _segment(text)
    training = _segment(text, flat_max_chars=0)
    def longest(r):
        return max(s.end - s.start for s in r.segments if s.kind == "body")
    assert longest(runtime) <= 150 < longest(training) <= 300
    assert len(runtime.segments) > len(training.segments)
    for r in (runtime, training):
        body = [s for s in r.segments if s.kind == "body"]
        assert all(a.end <= b.start for a, b in zip(body, body[1:]))
