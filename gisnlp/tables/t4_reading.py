"""Table 四 in a PDF's reading-order text: a group whose values do not sum is left out.

Text extracted in reading order may print table 四's fifteen values in runs
cut by its header's pieces (结果 / 维持 / 总计 …), the runs taking the column
blocks of the page in an order of their own (the first group's four results,
the third group's four, then the first group's total …). Read in printed
order such values land in the wrong groups. ``drop_unsummed`` keeps a group
only when its four results sum to its total, and only in that layout: every
value printed on a line of its own and a header label between two results
of one group (a label before a group or before its total is printed in order).
"""
from __future__ import annotations

from .identities import audit
from .label_match import config
from .results import TableResult
from .tokens import EMPTY, LABEL, NUM


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


def drop_unsummed(res: TableResult, tokens) -> TableResult:
    """``res`` without the groups whose results do not sum to their total, when the values were
    printed in reading order (see the module docstring); a warning names each group left out."""
    if not res.cells or not _cut_inside_results(tokens, len(config()["t4"]["columns"])):
        return res
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
