"""The ``tables`` pipeline step: extracted tables → report.cells, table_spans, pending_rows and checks.

Maps every cell and span from normalised to original offsets, keeps the most
confident reading of each cell id, records ambiguous flattened rows in
``report.pending_rows`` (with an ``unknown`` ``.split`` check listing the
candidates) and audits the template identities.
"""
from __future__ import annotations

from ..normalize import norm_of
from ..report import Check, PendingRow, Report
from .extract import extract_tables
from .flattened import to_number
from .guard import contradicted_tables, warning
from .identities import audit
from .results import TableResult
from .truncation import missing_after_cut

# A document not recognised as a report keeps its cells only if its tables hold together.
MAX_FAILS_UNRECOGNISED = 2


def make_tables(**config_):
    """Pipeline factory for the ``tables`` step (no options yet).

    The step it returns works in four parts: (1) extract the tables (extract.py)
    and flag a document cut off inside them (truncation.py); (2) per table, pass
    on its warnings, map its cells and span to original offsets, record its
    ambiguous rows in ``report.pending_rows`` with an ``unknown`` ``.split``
    check, and collect its blank cells when it carries numbers; (3) keep the
    most confident reading of each cell id; (4) audit the identities — unless
    the document is not recognised as a report and its tables contradict
    themselves, in which case no table cell is emitted.
    """

    def tables_step(report: Report) -> Report:
        """Add the report's table cells, spans, pending rows and identity checks."""
        norm = norm_of(report)
        extraction = extract_tables(report)
        results = extraction.tables
        template = extraction.template
        cut = missing_after_cut(results, norm.text, template)
        if cut:
            report.warn(cut, partial=True)
        cells, spans, pending_ids, blank_ids = [], [], set(), set()
        for tid in ("t2", "t3", "t4"):
            res: TableResult = results.get(tid)
            if res is None:
                continue
            for msg in res.warnings:
                report.warn(f"tables: {msg}")
            for c in res.cells:
                c.start, c.end = norm.span_to_orig(c.start, c.end)
                cells.append(c)
            if res.cells or any(r.cells for r in results.values()):
                blank_ids.update(res.blanks)   # blanks count as 0 only in a report whose tables carry numbers
            if res.start is not None and (res.cells or res.pending):
                s, e = norm.span_to_orig(res.start, res.end)
                spans.append((s, e, tid))
            for p in res.pending:
                _add_pending(report, p, norm)
                pending_ids.update(p.columns)
        # one cell per id: keep the most confident reading
        best = {}
        for c in cells:
            if c.id not in best or c.confidence > best[c.id].confidence:
                best[c.id] = c
        report.cells.extend(sorted(best.values(), key=lambda c: (c.start or 0)))
        report.table_spans.extend(spans)
        values = {c.id: c.value for c in report.cells}
        if values:
            checks = audit(values, template, pending_ids, blank_ids)
            fails = sum(c.status == "fail" for c in checks)
            if report.meta.doc_type not in ("annual_report", "work_plan") and fails > MAX_FAILS_UNRECOGNISED:
                # not recognised as a report and the tables contradict themselves:
                # most likely a derived document (comparison, compilation); emit nothing
                report.cells = [c for c in report.cells if not c.id.startswith(("t2.", "t3.", "t4."))]
                report.table_spans = [s for s in report.table_spans if s not in spans]
                report.warn(f"tables: {fails} identity failures in a document not recognised as an annual "
                            "report; its table cells were not emitted")
                return report
            dropped = contradicted_tables(checks)
            if dropped:
                report.cells = _leave_out(report, dropped)
                values = {c.id: c.value for c in report.cells}
                checks = audit(values, template, pending_ids, blank_ids) if values else []
            report.checks.extend(checks)
        return report

    return tables_step


def _add_pending(report: Report, p, norm) -> None:
    """Record a run-together row that splits into its columns in several consistent ways:
    the row with its candidate readings, and an ``unknown`` check listing them."""
    s, e = norm.span_to_orig(p.start, p.end)
    cands = [[_num(x) for x in cand] for cand in p.candidates]
    report.pending_rows.append(PendingRow(row=p.row, columns=p.columns, candidates=cands,
                                          raw=p.raw, start=s, end=e))
    shown = "; ".join("[" + ", ".join(map(str, c)) + "]" for c in cands[:10])
    more = f" (+{len(cands) - 10} more)" if len(cands) > 10 else ""
    report.checks.append(Check(f"{p.row}.split", "unknown", list(p.columns),
                               f"printed digits {p.raw!r} split into {len(p.columns)} values "
                               f"consistently in {len(cands)} ways: {shown}{more}"))


def _leave_out(report: Report, dropped: dict) -> list:
    """The report's cells without those of the ``dropped`` tables (guard.py), each left out with a warning."""
    for tid, (failed, passed) in dropped.items():
        report.warn(warning(tid, failed, passed, sum(c.id.startswith(tid + ".") for c in report.cells)))
    return [c for c in report.cells if c.id[:2] not in dropped]


def _num(raw: str):
    """A candidate's printed part as a number (int, or float when printed with a point)."""
    return to_number(raw)
