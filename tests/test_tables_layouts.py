"""Generated reports (tests/tablegen) in every layout: cells read back and every identity run.

Each layout is rendered from a handful of fixed seeds; the figures satisfy
every identity of the template, so each identity must run (blank cells count
as 0) and pass, and the cells read must match the printed numbers. A row
whose run-together digits split consistently in several ways may stay pending
(not guessed): its cells are neither found nor missed, its checks unknown.
The benchmark over hundreds of reports per layout is scripts/bench_tables_layouts.py.
"""
from __future__ import annotations

import shutil

import pytest

import gisnlp
from tablegen import LAYOUTS, Score, make_sample, score_report
from tablegen.file_layouts import have_soffice, render_pdf_samples

STEPS = ["normalize", "structure", "metadata", "tables"]
SEEDS = range(3)
PDF_LAYOUTS = [layout for layout in LAYOUTS if layout.startswith("pdf")]   # DOCX printed to PDF by LibreOffice
READING_ORDER = [layout for layout in PDF_LAYOUTS if layout.endswith("_reading_order")]   # its text, no -layout


@pytest.fixture(scope="module")
def nlp():
    return gisnlp.load(steps=STEPS)


@pytest.fixture(scope="module")
def pdf_samples(tmp_path_factory):
    if not have_soffice():
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui")
    layouts = [x for x in PDF_LAYOUTS if x not in READING_ORDER or shutil.which("pdftotext")]
    samples = [make_sample(layout, seed) for layout in layouts for seed in SEEDS]
    render_pdf_samples(samples, tmp_path_factory.mktemp("pdf"))
    return samples


def _check(sample, report) -> Score:
    sc = score_report(sample, report)
    assert sc.f1 >= 0.995, (sample.layout, sample.seed, sc.wrong[:5], sc.missed[:5])
    unknown = [c for c in report.checks if c.status == "unknown" and c.rule.startswith(("t3.", "t4."))
               and not c.rule.endswith(".split")]
    pending = {cid for row in report.pending_rows for cid in row["columns"]}
    assert all(set(c.cells) & pending for c in unknown), [(c.rule, c.detail) for c in unknown][:3]
    assert sc.identities_run + sc.identities_unknown == sample.identities
    assert sc.identities_passed == sc.identities_run, [c.detail for c in report.checks if c.status == "fail"][:3]
    return sc


@pytest.mark.parametrize("layout", sorted(set(LAYOUTS) - set(PDF_LAYOUTS)))
def test_generated_layout_is_read_back(layout, nlp):
    for seed in SEEDS:
        s = make_sample(layout, seed)
        _check(s, nlp(s.data))


def test_generated_pdf_is_read_back(pdf_samples, nlp):
    for s in pdf_samples:
        if s.layout not in READING_ORDER:
            _check(s, nlp(s.data))


def test_generated_pdf_reading_order_text_places_no_table_two_value_by_order(pdf_samples, nlp):
    """PDF text copied in reading order: table 二's values are never placed by order, and the
    cells read are nearly all right (scripts/bench_tables_layouts.py measures the rest)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    total = Score()
    for s in pdf_samples:
        if s.layout in READING_ORDER:
            sc = score_report(s, nlp(s.data))
            assert sc.tables.get("t2", [0, 0, 0])[1] == 0, (s.layout, s.seed, sc.wrong[:5])
            total.add(sc)
    assert total.tp and total.precision >= 0.95, (total.tables, total.wrong[:5])


def test_generated_figures_satisfy_every_identity():
    """The generator's own figures, checked by the package's audit: every identity runs and passes."""
    from gisnlp.tables import audit
    for seed in range(20):
        s = make_sample("tab_matrix", seed)
        fig = s.figures
        values = {k: v for k, v in {**fig.t3_ids(), **fig.t4_ids()}.items()}
        checks = audit({k: v for k, v in values.items() if v is not None}, fig.template,
                       blanks={k for k, v in values.items() if v is None})
        assert len(checks) == fig.identity_count() and all(c.status == "pass" for c in checks)
