"""A run of table 三's values printed one per line, read as rows: row by row, or blocks read by column.

Text extracted from a PDF prints a block of rows either row by row or one
column at a time (every row's first value, then every row's second …), when
the extraction takes each column of the block as a text box of its own.
``run_readings`` lists the readings of a run that make every row's
applicant columns sum to its total: the caller decides among them (by the
template's other identities, or by leaving the run out).
"""
from __future__ import annotations

from .flattened import to_number
from .tokens import NUM

MAX_READINGS = 8        # distinct readings of one run kept (more: the run is not read)


def as_numbers(tokens) -> list:
    """The tokens' values, a placeholder (a blank cell) as 0, as the identities count it."""
    return [to_number(t.text) if t.kind == NUM else 0 for t in tokens]


def _sums_hold(rows: list, total: int, applicants: list) -> bool:
    """Whether each row (values as numbers) has its ``applicants`` columns sum to its ``total`` one."""
    return all(sum(row[c] for c in applicants) == row[total] for row in rows)


def _layouts(k: int):
    """The ways a run of ``k`` rows may be printed, as (first row, rows, by column) blocks: row by row;
    some rows row by row, then the rest one column at a time; or the first rows one column at a
    time, then the rest row by row (one block read by column, as one text box per column)."""
    yield [(r, 1, False) for r in range(k)]
    for p in range(k - 1):               # rows [p, k) by column
        yield [(r, 1, False) for r in range(p)] + [(p, k - p, True)]
    for q in range(2, k):                # rows [0, q) by column
        yield [(0, q, True)] + [(r, 1, False) for r in range(q, k)]


def _positions(width: int, total: int):
    """Per logical column its printed position within a block read by column, with the total column
    printed at each other place (an extraction may order the column boxes of a block its own way;
    the sums tell where the total stands)."""
    rest = [c for c in range(width) if c != total]
    for at in range(width):
        printed = rest[:at] + [total] + rest[at:]
        if at != total:
            yield [printed.index(c) for c in range(width)]


def run_readings(values: list, cols: list, applicants) -> list:
    """The distinct readings of one run (each a list of rows of tokens), at most ``MAX_READINGS``;
    [] when there is none or more than that.

    A run is read row by row, or with one block of its rows — at its start
    or at its end — read column by column (a block of rows whose cells the
    extraction read one column at a time: every row's first value, then
    every row's second …); when no such reading sums, the block's total
    column is tried at each other place. Only readings making every row sum
    count; readings printing the same cells alike are one.
    """
    try:
        nums = as_numbers(values)
    except ValueError:
        return []
    keys = [n if t.kind == NUM else None for n, t in zip(nums, values)]    # a placeholder is not a 0
    width = len(cols)
    total = cols.index("total")
    apps = [c for c, name in enumerate(cols) if name in applicants]
    found: dict = {}
    for moved in (False, True):     # the total column elsewhere only when no reading sums without
        for layout in _layouts(len(values) // width):
            if not moved:
                orders = [range(width)]
            elif any(by_col for _, _, by_col in layout):
                orders = list(_positions(width, total))
            else:
                continue
            for at in orders:
                order = [[a * width + (at[c] * n + r if by_col else r * width + c) for c in range(width)]
                         for a, n, by_col in layout for r in range(n)]
                if _sums_hold([[nums[i] for i in row] for row in order], total, apps):
                    found.setdefault(tuple(keys[i] for row in order for i in row),
                                     [[values[i] for i in row] for row in order])
                    if len(found) > MAX_READINGS:
                        return []
        if found:
            break
    return list(found.values())
