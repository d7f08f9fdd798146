"""Settle ambiguous flattened rows of table 三 together, through the identities they enter.

One flattened row may split consistently in several ways (its own row sum
holds for each); the balance and result-sum identities across rows often
leave only one. All combinations of the pending rows' candidates are tried
together, within a budget.
"""
from __future__ import annotations

import itertools
from typing import Optional

from .identities import audit
from .results import TableResult
from .row_parsers import emit_pending_choice

MAX_COMBINATIONS = 20000   # above this many joint splits the rows stay pending


def resolve_pending(results: dict, template: Optional[str], limit: int = MAX_COMBINATIONS):
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
        checks = [c for c in audit(vals, template, blanks=t3.blanks, details=False)
                  if c.status != "unknown" and not c.rule.startswith("t3.row_sum")
                  and any(cid in pending_cols for cid in c.cells)]
        if checks and all(c.status == "pass" for c in checks):
            passing.append(combo)
    if not passing:
        return
    for i, p in enumerate(pend):
        picks = {combo[i] for combo in passing}
        if len(picks) == 1:
            emit_pending_choice(p, p.candidates[picks.pop()], p.confidence * 0.8, t3)
            t3.pending.remove(p)
