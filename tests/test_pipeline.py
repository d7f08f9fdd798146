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


# --- a strict pipeline API (as spaCy's): names and options are checked ------------

def _noop(report):
    return report


@pytest.fixture()
def small_nlp():
    return gisnlp.load(steps=["normalize", "structure", "metadata"])


def test_add_before_and_after_put_the_step_in_place(small_nlp):
    small_nlp.add("first", _noop, before="normalize")
    small_nlp.add("mid", _noop, after="structure")
    small_nlp.add("last", _noop)
    assert small_nlp.pipe_names == ["first", "normalize", "structure", "mid", "metadata", "last"]
    assert small_nlp.get("mid") is _noop and small_nlp.has("mid") and not small_nlp.has("nope")


def test_add_a_registered_step_with_its_options(small_nlp):
    step = small_nlp.add("segment", after="metadata", max_chars=500)
    assert callable(step) and small_nlp.pipe_names[-1] == "segment"


@pytest.mark.parametrize("edit", [
    lambda nlp: nlp.add("x", _noop, before="structur"),
    lambda nlp: nlp.add("x", _noop, after="nope"),
    lambda nlp: nlp.replace("domain", _noop),
    lambda nlp: nlp.remove("fact"),
    lambda nlp: nlp.get("tabels"),
])
def test_an_unknown_name_lists_the_steps(small_nlp, edit):
    with pytest.raises(gisnlp.PipelineError, match="normalize, structure, metadata"):
        edit(small_nlp)
    assert small_nlp.pipe_names == ["normalize", "structure", "metadata"]


def test_unknown_names_are_also_gisnlp_errors(small_nlp):
    with pytest.raises(gisnlp.GisnlpError):
        small_nlp.get("nope")


def test_a_duplicate_name_is_refused(small_nlp):
    with pytest.raises(gisnlp.PipelineError, match="already has a step 'structure'"):
        small_nlp.add("structure", _noop)
    with pytest.raises(gisnlp.PipelineError, match="listed twice"):
        gisnlp.load(steps=["normalize", "structure", "normalize"])
    with pytest.raises(gisnlp.PipelineError, match="already has"):
        gisnlp.Pipeline([("a", _noop), ("a", _noop)])


def test_before_and_after_together_are_refused(small_nlp):
    with pytest.raises(gisnlp.PipelineError, match="both before='normalize' and after='metadata'"):
        small_nlp.add("x", _noop, before="normalize", after="metadata")
    assert "x" not in small_nlp.pipe_names


def test_a_step_must_be_callable(small_nlp):
    with pytest.raises(gisnlp.PipelineError, match="not callable"):
        small_nlp.add("x", "not a step")
    with pytest.raises(gisnlp.PipelineError, match="not callable"):
        small_nlp.replace("structure", None)


def test_options_with_a_custom_step_are_refused(small_nlp):
    with pytest.raises(gisnlp.PipelineError, match="options"):
        small_nlp.add("x", _noop, max_chars=3)


@pytest.mark.parametrize("step,config,valid", [
    ("facts", {"skip_kind": ["table"]}, "skip_kinds"),
    ("link", {"mismatches": False}, "rules, mismatch, shares"),
    ("tables", {"typo": 1}, "none"),
    ("normalize", {"convert": True, "simplify": True}, "convert"),
])
def test_a_misspelt_option_is_refused_listing_the_valid_ones(step, config, valid):
    with pytest.raises(gisnlp.PipelineError, match=f"for pipeline step '{step}'.*valid options: {valid}"):
        gisnlp.load(config={step: config})


def test_a_misspelt_step_in_config_or_disable_is_refused():
    with pytest.raises(gisnlp.PipelineError, match="config names 'domain'.*its steps: normalize"):
        gisnlp.load(config={"domain": {"model": "spacy"}})
    with pytest.raises(gisnlp.PipelineError, match="disable names 'domian'.*known steps: domains"):
        gisnlp.load(disable=["domian"])
    # disabling a known step that is not in the list is harmless
    assert gisnlp.load(steps=["normalize"], disable=["domains"]).pipe_names == ["normalize"]


def test_options_are_checked_before_anything_is_built(monkeypatch):
    built = []
    real_make = gisnlp.registry.make
    monkeypatch.setattr(gisnlp.registry, "make", lambda name, **c: built.append(name) or real_make(name, **c))
    with pytest.raises(gisnlp.PipelineError, match="'bogus'"):
        gisnlp.load(config={"facts": {"bogus": 1}})
    assert built == []


def test_registry_checks_factories_and_options():
    reg = gisnlp.pipeline.Registry()

    @reg.step("toy")
    def make_toy(scale: int = 1):
        return _noop

    assert reg.options("toy") == ["scale"] and reg.make("toy", scale=2) is _noop
    with pytest.raises(gisnlp.PipelineError, match="valid options: scale"):
        reg.make("toy", scal=2)
    with pytest.raises(gisnlp.PipelineError, match="positional"):
        reg.step("bad")(lambda *args: _noop)
    with pytest.raises(gisnlp.PipelineError, match="known steps: toy"):
        reg.make("nope")


def test_pending_rows_round_trip_as_dataclasses():
    from gisnlp.report import PendingRow
    body = ("三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量270020130"
            "二、上年结转政府信息公开申请数量0000000(七)总计330000033四、结转下年度继续办理0000000")
    report = gisnlp.load(disable=["domains"])("某县人民政府2023年政府信息公开工作年度报告\n" + body, doc_id="p")
    assert report.pending_rows and all(isinstance(p, PendingRow) for p in report.pending_rows)
    d = json.loads(report.to_json())
    row = d["tables"]["pending_rows"][0]
    assert set(row) == {"row", "columns", "candidates", "raw", "start", "end"}
    back = Report.from_dict(d)
    assert back.pending_rows == report.pending_rows and back.to_dict() == report.to_dict()
    p = back.pending_rows[0]
    assert p["candidates"] == p.candidates and p.get("raw") == p.raw and p.get("nope", 1) == 1
    assert p.cell_ids()[0] == "t3.new.natural"
