"""Table 四 in a PDF's reading-order text: a group whose values do not sum is left out.

Text extracted in reading order may print table 四's fifteen values in runs
cut by its header's pieces (结果 / 维持 / 总计 …), the runs taking the column
blocks of the page in an order of their own (the first group's four results,
the third group's four, then the first group's total …). Read in printed
order such values land in the wrong groups.

``reorder`` works only in that layout: every value printed on a line of its
own and a header label between two results of one group (a label before a
group or before its total column is printed in order). Each run of values is
a block of adjacent columns; the first run is the leftmost (reading starts
at the left), the others may stand in any order. When the printed order makes
each group sum it is kept; otherwise every order of the runs
making each group's results sum to its total is tried — those opening each
run in the group its labels name, when the labels printed just before it
name one (复议后起诉), if any order does — and the cells all of them place
alike are kept; when no order sums, the groups that do not sum as
printed are left out. More than fifteen values printed one a line (others'
values taken into the table's text) are all left out. A warning says what
was left out.
"""
from __future__ import annotations

from itertools import accumulate, permutations

from ..report import Cell
from .blocks import as_numbers
from .identities import audit
from .label_match import config, match_label, rows
from .results import TableResult
from .row_parsers import t4_ids
from .tokens import EMPTY, LABEL, NUM

MAX_RUNS = 6         # runs of values whose orders are tried (5! orders of the runs after the first)
CONFIDENCE = 0.8     # cells placed by the order of their runs and the group sums


def _cut_inside_results(tokens, width: int) -> bool:
    """Whether the values are printed one a line and a label cuts them between two results of one
    group (a header piece before a group or before its total column is printed in order)."""
    count, labelled = 0, False
    for t in tokens:
        if t.kind == NUM or t.kind == EMPTY and t.text:
            if t.row:
                return False
            if labelled and count % width not in (0, width - 1):
                return True
            count, labelled = count + 1, False
        elif t.kind == LABEL and count:
            labelled = True
    return False


def _one_a_line(tokens) -> int:
    """How many values the tokens print, when every one stands on a line of its own (else 0)."""
    values = [t for t in tokens if t.kind == NUM or t.kind == EMPTY and t.text]
    return 0 if any(t.row for t in values) else len(values)


def _runs(tokens) -> tuple:
    """The runs of values (numbers and placeholders) between labels, and per run the group its
    labels name when they name exactly one (行政复议 / 未经复议直接起诉 / 复议后起诉), else None."""
    specs = rows("t4")
    runs, named, labels = [], [], []
    for t in tokens:
        if t.kind == NUM or t.kind == EMPTY and t.text:
            if labels or not runs:
                groups = {m[0][0] for m in (match_label([x], specs, None) for x in labels) if m}
                runs.append([])
                named.append(groups.pop() if len(groups) == 1 else None)
                labels = []
            runs[-1].append(t)
        elif t.kind == LABEL:
            labels.append(t.text)
    return runs, named


def _sums(values: list, width: int) -> bool:
    """Whether each group of ``width`` values has its results sum to its total (its last value)."""
    try:
        nums = as_numbers(values)
    except ValueError:
        return False
    return all(sum(nums[k:k + width - 1]) == nums[k + width - 1] for k in range(0, len(nums), width))


def reorder(res: TableResult, tokens) -> TableResult:
    """Table 四 read from values in reading order (see the module docstring); ``res`` as parsed
    when the values are not printed so."""
    width = len(config()["t4"]["columns"])
    ids = t4_ids()
    alone = _one_a_line(tokens) if res.cells else 0
    if alone > len(ids):
        res.warnings.append(f"t4: {alone} values printed one a line where the table has {len(ids)}, "
                            "the text in a PDF's reading order: which are its cells cannot be told; left out")
        res.cells, res.blanks = [], set()
        return res
    if not res.cells or not _cut_inside_results(tokens, width):
        return res
    runs, named = _runs(tokens)
    if not 2 <= len(runs) <= MAX_RUNS or sum(map(len, runs)) != len(ids):
        return _drop_unsummed(res)
    if _sums([t for run in runs for t in run], width):
        return res       # the printed order sums: read as printed
    held, placed_as_named = [], []
    for rest in permutations(range(1, len(runs))):
        order = (0,) + rest
        flat = [t for k in order for t in runs[k]]
        if _sums(flat, width):
            held.append(flat)
            starts = dict(zip(order, accumulate([0] + [len(runs[k]) for k in order])))
            placed_as_named.append(all(g is None or ids[starts[k]].split(".")[1] == g
                                       for k, g in enumerate(named)))
    if not held:
        return _drop_unsummed(res)
    if any(placed_as_named):      # a group's name printed just before a run: the run opens in that group
        held = [flat for flat, ok in zip(held, placed_as_named) if ok]
    out, apart = TableResult(warnings=[w for w in res.warnings]), 0
    for cid, placed in zip(ids, zip(*held)):
        t = placed[0]
        if any(p.text != t.text or p.kind != t.kind for p in placed[1:]):
            apart += 1
        elif t.kind == EMPTY:
            out.blanks.add(cid)
        else:
            out.cells.append(Cell(cid, as_numbers([t])[0], t.text, t.start, t.end, CONFIDENCE))
            out.extend_span(t.start, t.end)
    if apart:
        out.warnings.append(f"t4: {apart} cell(s) take other values in another order of the runs of values "
                            "(cut by header pieces) that makes every group sum; left out")
    return out


def _drop_unsummed(res: TableResult) -> TableResult:
    """``res`` without the groups whose results do not sum to their total; a warning names them."""
    values = {c.id: c.value for c in res.cells}
    failed = [ch.rule.rsplit(".", 1)[1] for ch in audit(values, None, blanks=res.blanks, details=False)
              if ch.rule.startswith("t4.sum.") and ch.status == "fail"]
    if not failed:
        return res
    gone = tuple(f"t4.{g}." for g in failed)
    res.cells = [c for c in res.cells if not c.id.startswith(gone)]
    res.blanks = {b for b in res.blanks if not b.startswith(gone)}
    names = ", ".join(failed)
    res.warnings.append(f"t4: groups {names} do not sum as read from values cut by header pieces "
                        f"(a PDF's reading order may take them out of place); left out")
    return res
