"""Find and parse the three tables of a normalised report: regions or native grids → TableResult each.

The orchestrator of the tables package: it finds the table regions in the
text (regions.py) and the native grids of Word/HTML/PDF (grid.py), decides
the template version, tokenizes and groups each source (tokens.py), parses it
(row_parsers.py) and keeps, per table, the source that reads the most.
"""
from __future__ import annotations

from typing import Optional

from ..report import Report
from . import grid as grid_mod
from .columns import t3_column_order
from .guard import t2_headers_in, t2_warning
from .label_side import settle
from .label_match import compact, config, detect_template, match_label, wrapped_row
from .label_match import rows as label_rows
from .reading_order import join_pieces, join_spilled, split_stacked
from .regions import find_regions, patterns
from .results import TableExtraction, TableResult
from .row_parsers import parse_t2, parse_t3, parse_t4, t4_ids
from .solver import resolve_pending
from .t4_reading import reorder
from .template_order import fewest_rows, read_in_template_order
from .tokens import LABEL, group_tokens, group_tokens_after, text_rows, tokenize_rows
from .wrapped import join_wrapped
from .wrapped_below import join_wrapped_below


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


def _blank_value_row(rows) -> bool:
    """Whether table 四 prints its row of fifteen values with every cell blank (no review, no suit).

    The row must follow the header naming the results (结果维持) and hold
    exactly the template's fifteen cells, all empty.
    """
    headed = False
    for r in rows:
        texts = [compact(c[0]) for c in r.cells]
        if any("结果维持" in t for t in texts):
            headed = True
        elif headed and len(texts) == len(t4_ids()) and not any(texts):
            return True
    return False


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
    if tid == "t4":
        tokens = _t4_tokens(tokenize_rows(rows))
        res = parse_t4(group_tokens(tokens))
        if not any(r.grid for r in rows):     # text lines: maybe a PDF's reading order
            res = reorder(res, tokens)
        if not res.cells and not res.blanks and _blank_value_row(rows):
            res.blanks = set(t4_ids())
        return _with_header(res, tokens)
    shape = template if tid == "t3" else None     # table 二's rows are matched against both templates
    specs, unclear = [s for s in label_rows(tid) if s.allowed(shape)], []
    tokens = tokenize_rows(join_wrapped(join_wrapped_below(rows, specs, shape, unclear), specs, shape))
    after = _labels_follow_values(tokens, tid, template)
    groups = group_tokens_after(tokens) if after else group_tokens(tokens)
    if tid == "t2":
        res = parse_t2(groups, template)
        res.warnings += unclear
        return res
    order = t3_column_order(_header_rows(rows))
    res = _read_t3(groups, tokens, specs, shape, template, order, unclear)
    if after:      # a label far from its row looks the same: the identities decide
        res = settle(res, _read_t3(group_tokens(tokens), tokens, specs, shape, template, order, []), template)
    return _confirmed_order(res, tokens, specs, shape, order)


def _read_t3(groups, tokens, specs, shape: Optional[str], template: Optional[str], order,
             unclear: list) -> TableResult:
    """Table 三 from its label/value groups: stacked rows cut, spilled rows joined, rows parsed."""
    cols = list(order or config()["t3"]["columns"])
    groups = split_stacked(join_spilled(groups, len(cols)), specs, shape, len(cols), unclear, cols)
    res = _with_header(parse_t3(groups, template, order), tokens)
    res.warnings += unclear
    return res


def _confirmed_order(res: TableResult, tokens, specs, template: Optional[str], order) -> TableResult:
    """Table 三 read by template order when the usual reading misses cells or left rows out and that
    reading makes every identity hold (reading-order PDF text, template_order.py); else ``res``."""
    t3 = config()["t3"]
    cols = list(order or t3["columns"])
    if not res.warnings and len(res.cells) + len(res.blanks) >= len(cols) * fewest_rows(specs):
        return res     # no row missing: the usual reading stands
    found = read_in_template_order(tokens, specs, template, cols, t3["applicants"], res)
    if found is None or len(found.cells) + len(found.blanks) <= len(res.cells) + len(res.blanks):
        return res
    return _with_header(found, tokens)


def _with_header(res: TableResult, tokens) -> TableResult:
    """Start the table's span at its first label, so that it covers the column headers."""
    first = next((t for t in tokens if t.kind == LABEL), None)
    if first is not None and res.start is not None and first.start < res.start:
        res.start = first.start
    return res


def _names_row(fragments, tid: str, template: Optional[str]) -> bool:
    specs = [s for s in label_rows(tid) if s.allowed(template)]
    return bool(match_label([f.text for f in fragments], specs, template))


def _labels_follow_values(tokens, tid: str, template: Optional[str]) -> bool:
    """Whether each row's label comes after its values (PDF text of vertically centred labels).

    Labels before values is the usual reading. The tell of the other is a row
    label left over after the last values while none precedes the first values
    — not even wrapped, its tail printed after the first row's values (一、本年新 /
    收政府信息公开申请数量).
    """
    vals = [i for i, t in enumerate(tokens) if t.kind == "num" or (t.kind == "empty" and t.text)]  # printed
    if not vals:
        return False
    lead = [t for t in tokens[:vals[0]] if t.kind == LABEL]
    trail = [t for t in tokens[vals[-1] + 1:] if t.kind == LABEL]
    if not _names_row(trail, tid, template) or _names_row(lead, tid, template):
        return False
    tail = next((t for t in tokens[vals[0]:] if t.kind == LABEL), None)
    specs = [s for s in label_rows(tid) if s.allowed(template)]
    # the head before the values and the first label after them make one wrapped label
    return not (lead and tail is not None and wrapped_row(lead[-1].text, tail.text, specs, template))


def _slots_read(res: TableResult) -> tuple:
    """Template slots a reading accounts for (values, pending splits and cells printed blank), then
    its values alone: the reading that covers more of the table wins."""
    return len(res.cells) + len(res.pending) + len(res.blanks), len(res.cells) + len(res.pending)


def _leave_out_split_t2(report: Report, results: dict, regions, grids: dict) -> None:
    """Drop table 二 read from text when its column headings print inside table 三's text (guard.py)."""
    t2 = results.get("t2")
    if t2 is None or "t2" in grids or not regions.t3 or not (t2.cells or t2.pending):
        return
    found = t2_headers_in(report.norm.text[slice(*regions.t3)])
    if found:
        report.warn(t2_warning(found, len(t2.cells) + sum(len(p.columns) for p in t2.pending)))
        del results["t2"]


def extract_tables(report: Report) -> TableExtraction:
    """Parse the tables of a normalised report into a TableExtraction (tables by id, template)."""
    text = report.norm.text
    results: dict = {}
    regions = find_regions(text)
    grids = grid_mod.classify_grids(report) if report.grids else {}
    repeated = grids.pop("repeated", False)
    if repeated and report.meta.doc_type not in ("annual_report", "work_plan"):
        report.warn("tables: the document repeats the template tables (a comparison or compilation?) "
                    "and is not recognised as one report; no cells emitted")
        return TableExtraction(results)
    table_text = {tid: (text[slice(*getattr(regions, tid))] if getattr(regions, tid) else "")
                  + "".join(c for r in grids.get(tid, []) for c, _, _ in r.cells) for tid in ("t2", "t3")}
    region_text = table_text["t2"] + table_text["t3"]
    template = _template(report, region_text)
    # table 三's own labels decide its rows (a transitional report may print table 二 in the other shape)
    t3_template = detect_template(table_text["t3"]) or template
    if template is None and not grids and not (regions.t2 or regions.t3 or regions.t4):
        return TableExtraction(results)
    if report.meta.template == "pre2019" and not detect_template(region_text):
        if regions.t3 or grids:
            report.warn("tables: pre-2019 report; its tables are not the national template and were not read")
        return TableExtraction(results)
    for tid in ("t2", "t3", "t4"):
        sources = []
        if tid in grids:
            sources.append(grids[tid])
        span = getattr(regions, tid)
        if span:
            rows = list(text_rows(text, *span))
            sources.append(rows if tid == "t4" else join_pieces(rows, text))   # table 四: headers, then values
        best = None
        for rows in sources:   # native grid first; the text rendering when it reads more (values or blanks)
            res = _parse(tid, rows, t3_template if tid == "t3" else template)
            if best is None or _slots_read(res) > _slots_read(best):
                best = res
        if best is not None:
            results[tid] = best
    _leave_out_split_t2(report, results, regions, grids)
    resolve_pending(results, t3_template)
    return TableExtraction(results, t3_template)
