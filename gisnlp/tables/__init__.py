"""Tables step: the three statistical tables of the national template → canonical cells + identity checks.

    report.cells         Cell(id, value, raw, start, end, confidence) per printed number
    report.table_spans   (start, end, "t2"|"t3"|"t4") in original offsets
    report.pending_rows  flattened rows with more than one consistent split
    report.checks        t3.balance.*, t3.row_sum.*, t3.result_sum.*, t4.sum.* (pass/fail/unknown)

Layouts: one cell per line, tab rows, markdown, PDF text, run-on crawler text
(digits flattened) and native grids; see tokens.py, layout.py, flattened.py.
A printed column header that moves or drops columns gives the value order
(columns.py for table 三, layout.header_order for table 二); tables 二 and 四
are read when table 三 is absent.
"""
from __future__ import annotations

import itertools
from typing import Optional

from ..normalize import norm_of
from ..report import Check, PendingRow, Report
from . import grid as grid_mod
from .audit import audit
from .columns import t3_column_order
from .labels import compact, detect_template, match_label
from .labels import rows as label_rows
from .layout import TableResult, emit_pending_choice, parse_t2, parse_t3, parse_t4
from .regions import find_regions, patterns
from .tokens import LABEL, group_tokens, group_tokens_after, text_rows, tokenize_rows

__all__ = ["make_tables", "extract_tables"]

# A document not recognised as a report keeps its cells only if its tables hold together.
MAX_FAILS_UNRECOGNISED = 2


def _template(report: Report, region_text: str) -> Optional[str]:
    found = detect_template(region_text)
    if found:
        return found
    t = report.meta.template
    if t in ("2019", "2021"):
        return t
    y = report.meta.year
    if y:
        return "2021" if y >= 2021 else "2019" if y >= 2019 else None
    return None


def _t4_tokens(tokens):
    """Table 四 ends at the next section's heading or after fifteen values."""
    stop = patterns()["t4_stop"]
    out, nvals = [], 0
    for t in tokens:
        if t.kind == LABEL and stop.search(compact(t.text)):
            break
        if t.kind in ("num", "empty"):
            nvals += 1
        out.append(t)
    return out


def _resolve_pending(results: dict, template: Optional[str], limit: int = 20000):
    """Settle ambiguous t3 rows when the identities they enter agree on one split.

    All combinations of the pending rows' candidate splits are tried together;
    a row is settled when every combination whose checks pass picks the same
    split for it. A report that fails its own identities stays pending.
    """
    t3: TableResult = results.get("t3")
    if not t3 or not t3.pending:
        return
    pend = list(t3.pending)
    size = 1
    for p in pend:
        size *= len(p.candidates)
    if size > limit:
        return
    base = {c.id: c.value for c in t3.cells}
    pending_cols = {cid for p in pend for cid in p.columns}
    passing = []
    for combo in itertools.product(*[range(len(p.candidates)) for p in pend]):
        vals = dict(base)
        for p, k in zip(pend, combo):
            for cid, raw in zip(p.columns, p.candidates[k]):
                vals[cid] = float(raw)
        checks = [c for c in audit(vals, template)
                  if not c.rule.startswith("t3.row_sum") and any(cid in pending_cols for cid in c.cells)]
        if checks and all(c.status == "pass" for c in checks):
            passing.append(combo)
    if not passing:
        return
    for i, p in enumerate(pend):
        picks = {combo[i] for combo in passing}
        if len(picks) == 1:
            emit_pending_choice(p, p.candidates[picks.pop()], p.confidence * 0.8, t3)
            t3.pending.remove(p)


def _header_rows(rows) -> list:
    """The rows printed before table 三's first data row (its column header)."""
    anchor = patterns()["t3_anchor"]
    out = []
    for r in rows:
        if any(anchor.search(compact(c[0])) for c in r.cells):
            break
        out.append(r)
    return out


def _parse(tid: str, rows, template: Optional[str]) -> TableResult:
    rows = list(rows)
    tokens = tokenize_rows(rows)
    if tid == "t4":
        tokens = _t4_tokens(tokens)
    groups = group_tokens(tokens)
    if tid == "t2":
        return parse_t2(groups, template)
    if tid == "t3":
        return _best_t3(tokens, groups, template, t3_column_order(_header_rows(rows)))
    res = parse_t4(groups)
    first = next((t for t in tokens if t.kind == LABEL), None)
    if first is not None and res.start is not None and first.start < res.start:
        res.start = first.start   # the span covers table 四's column headers
    return res


def _names_t3_row(fragments, template: Optional[str]) -> bool:
    specs = [s for s in label_rows("t3") if s.allowed(template)]
    return bool(match_label([f.text for f in fragments], specs, template))


def _best_t3(tokens, groups, template: Optional[str], order=None) -> TableResult:
    """Labels before values (the usual reading), unless the row labels come after their values.

    The tell is a row label left over: after the last values (labels follow
    values) but none before the first values (labels precede values).
    """
    vals = [i for i, t in enumerate(tokens) if t.kind in ("num", "empty")]
    if vals:
        lead = [t for t in tokens[:vals[0]] if t.kind == LABEL]
        trail = [t for t in tokens[vals[-1] + 1:] if t.kind == LABEL]
        if _names_t3_row(trail, template) and not _names_t3_row(lead, template):
            return parse_t3(group_tokens_after(tokens), template, order)
    return parse_t3(groups, template, order)


def extract_tables(report: Report) -> dict:
    """Parse the tables of a normalised report: {"t2"|"t3"|"t4": TableResult}."""
    text = report.norm.text
    results: dict = {}
    regions = find_regions(text)
    grids = grid_mod.classify_grids(report) if report.grids else {}
    repeated = grids.pop("repeated", False)
    if repeated and report.meta.doc_type not in ("annual_report", "work_plan"):
        report.warn("tables: the document repeats the template tables (a comparison or compilation?) "
                    "and is not recognised as one report; no cells emitted")
        return results
    region_text = "".join(text[a:b] for a, b in filter(None, [regions.t2, regions.t3]))
    region_text += "".join(c for rows in grids.values() for r in rows for c, _, _ in r.cells)
    template = _template(report, region_text)
    if template is None and not grids and not (regions.t2 or regions.t3 or regions.t4):
        return results
    if report.meta.template == "pre2019" and not detect_template(region_text):
        if regions.t3 or grids:
            report.warn("tables: pre-2019 report; its tables are not the national template and were not read")
        return results
    for tid in ("t2", "t3", "t4"):
        sources = []
        if tid in grids:
            sources.append(grids[tid])
        span = getattr(regions, tid)
        if span:
            sources.append(list(text_rows(text, *span)))
        best = None
        for rows in sources:   # native grid first; the text rendering when it reads more
            res = _parse(tid, rows, template)
            if best is None or len(res.cells) + len(res.pending) > len(best.cells) + len(best.pending):
                best = res
        if best is not None:
            results[tid] = best
    _resolve_pending(results, template)
    results["template"] = template
    return results


def make_tables(**config_):
    """Pipeline factory for the ``tables`` step (no options yet)."""

    def tables_step(report: Report) -> Report:
        norm = norm_of(report)
        results = extract_tables(report)
        template = results.pop("template", None)
        cells, spans, pending_ids = [], [], set()
        for tid in ("t2", "t3", "t4"):
            res: TableResult = results.get(tid)
            if res is None:
                continue
            for msg in res.warnings:
                report.warn(f"tables: {msg}")
            for c in res.cells:
                c.start, c.end = norm.span_to_orig(c.start, c.end)
                cells.append(c)
            if res.start is not None and (res.cells or res.pending):
                s, e = norm.span_to_orig(res.start, res.end)
                spans.append((s, e, tid))
            for p in res.pending:
                s, e = norm.span_to_orig(p.start, p.end)
                cands = [[_num(x) for x in cand] for cand in p.candidates]
                report.pending_rows.append(PendingRow(row=p.row, columns=p.columns, candidates=cands,
                                                      raw=p.raw, start=s, end=e))
                pending_ids.update(p.columns)
                shown = "; ".join("[" + ", ".join(map(str, c)) + "]" for c in cands[:10])
                more = f" (+{len(cands) - 10} more)" if len(cands) > 10 else ""
                report.checks.append(Check(f"{p.row}.split", "unknown", list(p.columns),
                                           f"printed digits {p.raw!r} split into {len(p.columns)} values "
                                           f"consistently in {len(cands)} ways: {shown}{more}"))
        # one cell per id: keep the most confident reading
        best = {}
        for c in cells:
            if c.id not in best or c.confidence > best[c.id].confidence:
                best[c.id] = c
        report.cells.extend(sorted(best.values(), key=lambda c: (c.start or 0)))
        report.table_spans.extend(spans)
        values = {c.id: c.value for c in report.cells}
        if values:
            checks = audit(values, template, pending_ids)
            fails = sum(c.status == "fail" for c in checks)
            if report.meta.doc_type not in ("annual_report", "work_plan") and fails > MAX_FAILS_UNRECOGNISED:
                # not recognised as a report and the tables contradict themselves:
                # most likely a derived document (comparison, compilation); emit nothing
                report.cells = [c for c in report.cells if not c.id.startswith(("t2.", "t3.", "t4."))]
                report.table_spans = [s for s in report.table_spans if s not in spans]
                report.warn(f"tables: {fails} identity failures in a document not recognised as an annual "
                            "report; its table cells were not emitted")
                return report
            report.checks.extend(checks)
        return report

    return tables_step


def _num(raw: str):
    from .flattened import to_number
    return to_number(raw)
