"""Table 三's labels before or after their values: the side its identities confirm.

Labels printed after their row's values (PDF text of vertically centred
labels) are told from the usual order by a label left over after the last
values (extract.py ``_labels_follow_values``). A label printed far from its
row gives the same tell, and then reading every label after its values
shifts rows by one. ``settle`` takes the reading whose cells make every
identity of table 三 hold, the balance 新收 + 结转 = 总计 + 结转下年度 included;
when neither or both do, it keeps the rows both readings read alike and
leaves the others out with a warning.
"""
from __future__ import annotations

from typing import Optional

from .identities import audit
from .results import TableResult


def _confirmed(res: TableResult, template: Optional[str]) -> bool:
    """Whether every identity of table 三 runs and holds on ``res``'s cells."""
    values = {c.id: c.value for c in res.cells}
    checks = [ch for ch in audit(values, template, blanks=res.blanks, details=False) if ch.rule.startswith("t3.")]
    return bool(checks) and all(ch.status == "pass" for ch in checks)


def _rows(res: TableResult) -> dict:
    """Row id -> its cells and blanks as (id, value) pairs, in a comparable form."""
    out: dict = {}
    for c in res.cells:
        out.setdefault(c.id.rsplit(".", 1)[0], set()).add((c.id, c.value))
    for cid in res.blanks:
        out.setdefault(cid.rsplit(".", 1)[0], set()).add((cid, None))
    return out


def settle(after: TableResult, before: TableResult, template: Optional[str]) -> TableResult:
    """The reading of table 三 to keep when labels may follow (``after``) or precede (``before``)
    their values; see the module docstring."""
    good_after, good_before = _confirmed(after, template), _confirmed(before, template)
    if good_after != good_before:
        return after if good_after else before
    rows_after, rows_before = _rows(after), _rows(before)
    disputed = {r for r in set(rows_after) | set(rows_before) if rows_after.get(r) != rows_before.get(r)}
    if not disputed:
        return after
    after.cells = [c for c in after.cells if c.id.rsplit(".", 1)[0] not in disputed]
    after.blanks = {b for b in after.blanks if b.rsplit(".", 1)[0] not in disputed}
    after.warnings.append(f"t3: {len(disputed)} row(s) read differently with labels after or before their "
                          "values, and no reading makes every identity hold; left out")
    return after
