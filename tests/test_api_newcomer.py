"""What a newcomer meets in a Python session: reports that print in one line, help that names the fields."""
from __future__ import annotations

import pydoc
from pathlib import Path

import pytest

import gisnlp

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_report.txt"


def test_a_report_prints_as_one_line():
    report = gisnlp.load(steps=("normalize", "structure", "metadata"))(SAMPLE)
    shown = repr(report)
    assert "\n" not in shown and len(shown) < 300                      # not the whole text and every list
    assert shown.startswith("<Report 'sample_report': annual_report 2021 ")
    assert f"{len(report.text)} characters" in shown and "failed checks" in shown
    assert repr([report]) == f"[{shown}]"


def test_help_of_report_names_the_fields_a_user_reads():
    page = pydoc.render_doc(gisnlp.Report, renderer=pydoc.plaintext)
    for name in ("meta", "cells", "facts", "checks", "failed_checks()", "segments", "text"):
        assert f"``{name}``" in page, name


def test_a_pipeline_prints_its_steps():
    assert repr(gisnlp.load(steps=("normalize", "structure"))) == "<Pipeline: normalize > structure>"
    assert repr(gisnlp.load(steps=(), strict=True)) == "<Pipeline: no steps, strict>"


@pytest.mark.parametrize("value", [{}, [], {"title": "x"}], ids=["empty", "list", "foreign_dict"])
def test_from_dict_refuses_what_is_not_a_report(value):
    with pytest.raises(gisnlp.InputError, match="not a gisnlp report"):
        gisnlp.Report.from_dict(value)


def test_from_json_of_a_cut_string_is_an_input_error():
    text = gisnlp.Report(doc_id="x", text="abc").to_json()
    assert gisnlp.Report.from_json(text).doc_id == "x"
    with pytest.raises(gisnlp.InputError, match=r"not valid JSON .* \(give the string Report.to_json\(\) wrote"):
        gisnlp.Report.from_json(text[:-10])
