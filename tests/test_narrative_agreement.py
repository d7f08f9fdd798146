"""Narrative-vs-table agreement on sixteen whole reports (tests/wholedocs/agreement.py).

Each report restates table figures in its prose; some state them wrongly on
purpose (a wrong total, two results swapped, a stale carried-over number, a
review breakdown swapped, a wrong count of documents, a transposed fee amount,
a litigation total one too high, a partial count two too high). The second six
mix in figures that are no cell (channels, other bodies and years, cumulative
counts, respective lists). The failed checks must name exactly those
disagreements — no more (figures of last year, comparisons and shares that
agree raise nothing), no fewer — and say in words which figure the prose
states, which the table holds, and how far apart they are.
"""
from __future__ import annotations

import pytest

from gisnlp.link.agreement import format_number
from wholedocs.agreement import DISAGREE, DISAGREE_2, DOCS, DOCS_2
from wholedocs.analyse import analyse_docs


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    return analyse_docs(DOCS + DOCS_2, tmp_path_factory.mktemp("agreement"))


BY_ID = {d.id: d for d in DOCS + DOCS_2}
DISAGREE = {**DISAGREE, **DISAGREE_2}


@pytest.mark.parametrize("doc_id", sorted(BY_ID))
def test_failed_checks_name_exactly_the_disagreements(doc_id, analysed):
    report, want = analysed[doc_id], DISAGREE.get(doc_id, [])
    tables = {c.id: c.value for c in report.cells if c.id[:3] in ("t2.", "t3.", "t4.")}
    assert tables == BY_ID[doc_id].expected_cells()     # the tables are read whole: what disagrees is the prose
    failed = sorted(sorted(c.cells) for c in report.failed_checks())
    assert failed == sorted(sorted(cells) for cells, _stated, _table in want)


@pytest.mark.parametrize("doc_id", sorted(DISAGREE))
def test_each_disagreement_is_explained_with_both_figures(doc_id, analysed):
    report = analysed[doc_id]
    by_cells = {tuple(sorted(c.cells)): c for c in report.failed_checks()}
    for cells, stated, table in DISAGREE[doc_id]:
        check = by_cells[tuple(sorted(cells))]
        assert check.rule.startswith("link.mismatch.")
        gap = "more" if stated > table else "less"
        assert f"= {format_number(stated)} but table" in check.detail
        assert f"= {format_number(table)}; the narrative states {format_number(abs(stated - table))} {gap}" \
            in check.detail
        fact = report.facts[check.facts[0]]
        assert fact.cell is None and not fact.cells          # the disagreeing figure links nothing
        assert report.text[fact.start:fact.end] == fact.text


def test_a_table_in_ten_thousands_shows_its_conversion(analysed):
    check = analysed["a09-water-transposed-fees"].failed_checks()[0]
    assert "1268.4 × 10000 = 12684000" in check.detail


def test_a_share_named_by_its_subject_is_recomputed_from_that_row(analysed):
    shares = [c for c in analysed["a08-weather-last-year-figures"].checks if c.rule.startswith("link.share.")]
    assert [(c.rule, c.status) for c in shares] == [("link.share.t3.result.disclosed.total", "pass")]
