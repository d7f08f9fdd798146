"""Legacy Word (.doc/.wps via LibreOffice) and spreadsheets (.xlsx/.xls): same cells and facts.

The fixtures under tests/fixtures/ were written by scripts/make_office_fixtures.py
from the bundled example report (see tests/office_fixtures.py).
"""
import shutil

import pytest

import gisnlp
from gisnlp.errors import InputError
from gisnlp.readers import read_bytes, read_path
from office_fixtures import FIXTURES, example_docx

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice (Debian libreoffice-writer-nogui) is not installed")


def _cells(report):
    return [(c.id, c.value) for c in report.cells]


def _facts(report):
    return [(f.text, f.value, f.unit, f.kind, f.metric, f.cell) for f in report.facts]


@pytest.fixture(scope="module")
def docx_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "sample_report.docx"
    path.write_bytes(example_docx())
    return gisnlp.analyze(path)


@needs_soffice
@pytest.mark.parametrize("ext", [".doc", ".wps"])
def test_doc_and_wps_give_the_cells_and_facts_of_the_docx(docx_report, tmp_path, ext):
    path = tmp_path / f"sample_report{ext}"       # WPS Office saves .wps as Word 97 binary
    path.write_bytes((FIXTURES / "sample_report.doc").read_bytes())
    report = gisnlp.analyze(path)
    assert report.source.format == ext[1:]
    assert len(report.cells) == 200 and _cells(report) == _cells(docx_report)
    assert len(report.facts) > 10 and _facts(report) == _facts(docx_report)


@needs_soffice
def test_corrupt_doc_is_one_line():
    data = (FIXTURES / "sample_report.doc").read_bytes()
    with pytest.raises(InputError, match="could not be converted|corrupt") as err:
        read_bytes(data[:4096] + b"\x00" * 4096, ext=".doc")
    assert "\n" not in str(err.value)


def test_missing_libreoffice_names_the_debian_package(monkeypatch):
    import gisnlp.readers.legacy_word as legacy_word
    monkeypatch.setattr(legacy_word, "soffice", lambda: None)
    with pytest.raises(InputError, match="libreoffice-writer-nogui"):
        read_bytes((FIXTURES / "sample_report.doc").read_bytes(), ext=".doc")


@needs_soffice
def test_hanging_conversion_is_stopped(monkeypatch):
    import gisnlp.readers.legacy_word as legacy_word
    monkeypatch.setattr(legacy_word, "TIMEOUT", 0.01)
    with pytest.raises(InputError, match="was stopped"):
        read_bytes((FIXTURES / "sample_report.doc").read_bytes(), ext=".doc")


@pytest.mark.parametrize("name", ["sample_tables.xlsx", "sample_tables.xls"])
def test_spreadsheet_tables_give_the_cells_of_the_html(name):
    html = gisnlp.analyze(FIXTURES.parents[1] / "examples" / "sample_report.html")
    doc = read_path(FIXTURES / name)[1]
    assert len(doc.grids) == 3 and doc.grids[0].rows[0][0].col_span == 4
    for g in doc.grids:
        for row in g.rows:
            for c in row:
                assert doc.text[c.start:c.end] == c.text
    report = gisnlp.analyze(FIXTURES / name)
    assert len(report.cells) == 200 and _cells(report) == _cells(html)


def test_report_and_its_tables_analysed_together(tmp_path):
    from gisnlp.readers import read_path as rp
    html = FIXTURES.parents[1] / "examples" / "sample_report.html"
    text = rp(html)[1]
    narrative = text.text[:text.grids[0].start]             # the report without its tables
    report_path = tmp_path / "report.txt"
    report_path.write_text(narrative, encoding="utf-8")
    alone = gisnlp.analyze(report_path)
    together = gisnlp.load()(report_path, tables=FIXTURES / "sample_tables.xlsx")
    assert len(alone.cells) == 0 and len(together.cells) == 200
    assert together.meta.year == alone.meta.year == 2021


def test_cli_analyze_with_tables(tmp_path):
    import json
    from gisnlp.cli import main
    html = FIXTURES.parents[1] / "examples" / "sample_report.html"
    doc = read_path(html)[1]
    (tmp_path / "report.txt").write_text(doc.text[:doc.grids[0].start], encoding="utf-8")
    assert main(["analyze", str(tmp_path / "report.txt"), "--tables", str(FIXTURES / "sample_tables.xls"),
                 "--out", str(tmp_path / "out")]) == 0
    out = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(out["tables"]["cells"]) == 200


def test_pairing_by_stem():
    from gisnlp.readers.pairing import pair_by_stem
    names = ["a/2023年报.docx", "a/2023年报.xlsx", "a/other.xlsx", "b/2023年报.pdf", "c/x.doc", "c/x.pdf", "c/x.xls"]
    assert pair_by_stem(names) == {"a/2023年报.docx": "a/2023年报.xlsx"}


def test_tag_pairs_report_and_spreadsheet(tmp_path):
    pytest.importorskip("pebble")
    from gisnlp.batch.sources import discover
    doc = read_path(FIXTURES.parents[1] / "examples" / "sample_report.html")[1]
    (tmp_path / "r.txt").write_text(doc.text[:doc.grids[0].start], encoding="utf-8")
    (tmp_path / "r.xlsx").write_bytes((FIXTURES / "sample_tables.xlsx").read_bytes())
    jobs = discover([tmp_path])
    assert [(j.doc_id, bool(j.tables)) for j in jobs] == [("r", True)]


@pytest.mark.parametrize("ext", [".xls", ".xlsx"])
def test_corrupt_spreadsheets_are_one_line(ext):
    data = (FIXTURES / f"sample_tables{ext}").read_bytes()
    with pytest.raises(InputError) as err:
        read_bytes(data[: len(data) // 3], ext=ext)
    assert "\n" not in str(err.value) and ("xls" in str(err.value) or "corrupt" in str(err.value))
