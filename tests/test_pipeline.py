import json

import pytest

import gisnlp
from gisnlp.report import Report


def test_pipeline_names_and_swapping():
    nlp = gisnlp.load()
    assert nlp.pipe_names == list(gisnlp.DEFAULT_STEPS)
    seen = []

    def spy(report):
        seen.append(report.doc_id)
        return report

    nlp.replace("domains", spy)
    nlp.remove("facts")
    report = nlp("2023年某县人民政府政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息 120 条。", doc_id="x")
    assert seen == ["x"] and "facts" not in nlp.pipe_names
    assert report.meta.year == 2023


def test_failing_step_keeps_the_document():
    nlp = gisnlp.load(steps=["normalize", "structure"])

    def broken(report):
        raise ValueError("boom")

    nlp.add("broken", broken)
    report = nlp("某市人民政府2022年政府信息公开工作年度报告\n正文。", doc_id="d")
    assert report.meta.partial
    assert any("broken" in w and "boom" in w for w in report.meta.warnings)


def test_report_json_round_trip():
    report = gisnlp.analyze("某市人民政府2022年政府信息公开工作年度报告\n一、总体情况\n正文。", doc_id="r")
    d = json.loads(report.to_json())
    assert d["doc_id"] == "r" and set(d) >= {"meta", "tables", "facts", "segments", "checks"}
    back = Report.from_dict(d)
    assert back.to_dict() == report.to_dict()


def test_unknown_step_says_what_exists():
    with pytest.raises(gisnlp.GisnlpError, match="known steps"):
        gisnlp.load(steps=["nope"])


def test_a_mistyped_path_is_an_error_not_text():
    with pytest.raises(gisnlp.InputError, match="no such file"):
        gisnlp.analyze("/no/such/report.pdf")
    with pytest.raises(gisnlp.InputError, match="no such file"):
        gisnlp.analyze("reports/2023.txt")
