"""Turn the token groups of one table region into canonical cells.

Shared by every layout (one cell per line, tab rows, markdown, PDF text, run-on
crawler text, native grids): the tokenizer makes label/value groups, this module
names them (label_match.py), places them (align.py) and reads their values, splitting
flattened digit runs (flattened.py) when a row's values were printed together.
"""
from __future__ import annotations

import re
from itertools import product
from typing import Optional

from ..report import Cell
from . import flattened
from .align import align
from .label_match import config, match_label, rows
from .regions import patterns
from .results import Pending, TableResult
from .tokens import EMPTY, NUM, Group


def _digits(vals) -> tuple[str, list[int]]:
    """Concatenated characters of the value tokens and each character's position."""
    chars, pos = [], []
    for t in vals:
        if t.kind != NUM:
            continue
        for k, ch in enumerate(t.text):
            if ch in " ,+":
                continue
            chars.append(ch)
            pos.append(t.start + k)
    return "".join(chars), pos


def _has_leading_zero(t) -> bool:
    s = t.text.lstrip("-+")
    return len(s) > 1 and s[0] == "0" and s[1] != "."


def fit_slots(vals: list, k: int, align_right: bool) -> list:
    """The ``k`` value slots of a row printed with more slots than the template has.

    Blank cells (EMPTY without text) beyond ``k`` are the positions of merged
    label cells or of a value cell spanning several columns: they are dropped
    from the side where they sit — the front for table 三 (labels span columns
    to the left of the values), the end for tables 二 and 四 (a value spans the
    columns to its right). Trailing placeholders go last.
    """
    vals = list(vals)
    ends = (0, -1) if align_right else (-1, 0)
    for end in ends:
        while len(vals) > k and vals[end].kind == EMPTY and not vals[end].text:
            vals.pop(end)
    while len(vals) > k and vals[-1].kind == EMPTY:
        vals.pop()
    return vals


def read_values(group: Group, ids: list[str], mode: str, signed: list[bool], confidence: float,
                row_name: str, result: TableResult, align_right: bool = False):
    """Read ``len(ids)`` values of a group into cells, or record a pending split.

    Printed values are placed one per slot when their number matches the
    template's (blank slots are recorded in ``result.blanks``); a row whose
    digits were printed together is split (flattened.py), and left pending when
    it splits consistently in more than one way. Values printed in cells of
    their own are never joined and re-split.
    """
    k = len(ids)
    vals = fit_slots(group.values, k, align_right)
    if any(t.maybe for t in group.values):
        vals = _one_reading(group.values, k, mode, align_right)
        if vals is None:
            result.warnings.append(f"{row_name}: a blank cell at an end of this pipe row may be an outer pipe, "
                                   "and the row's sums do not tell which; row left out")
            return
    nums = [t for t in vals if t.kind == NUM]
    if len(vals) == k and not any(_has_leading_zero(t) for t in nums):
        for cid, t in zip(ids, vals):
            if t.kind == EMPTY:
                result.blanks.add(cid)
            elif t.kind == NUM:
                try:
                    value = flattened.to_number(t.text)
                except ValueError:
                    continue
                result.cells.append(Cell(cid, value, t.text, t.start, t.end, round(confidence, 3)))
                result.extend_span(t.start, t.end)
        return
    separate = sum(t.own_cell for t in nums) >= 2
    if nums and not separate and len(nums) == len(vals) and (len(vals) < k or any(map(_has_leading_zero, nums))):
        digits, pos = _digits(nums)
        cands = flattened.split_row(digits, k, mode, signed)
        start, end = nums[0].start, nums[-1].end
        result.extend_span(start, end)
        if len(cands) == 1:
            _emit_split(ids, cands[0], pos, confidence * 0.95, result)
        elif cands:
            result.pending.append(Pending(row_name, ids, cands, digits, start, end, confidence, pos))
        elif len(digits) == k and digits.isdigit():
            # one digit per cell is the only reading, even though the row breaks its identity
            _emit_split(ids, list(digits), pos, confidence * 0.7, result)
        else:
            result.warnings.append(f"{row_name}: cannot split the printed digits {digits!r} into {k} values")
        return
    if nums:
        result.warnings.append(f"{row_name}: {len(vals)} values printed where the template has {k}; row left out")


def _one_reading(values: list, k: int, mode: str, align_right: bool) -> Optional[list]:
    """The value slots of a pipe row with ``maybe`` end slots (tokens.py), when only one reading is sure.

    The row was printed with exactly one outer pipe, on an unknown side, so
    exactly one of its blank end parts is a cell: a labelled row keeps its end
    slot or not, a row of values alone keeps its first or its last slot. A
    reading counts when it fills the ``k`` slots and its row sum holds (table
    三's total, table 四's five-value groups); readings that give the same
    cells agree. None when no reading, or more than one different, holds.
    """
    maybes = [i for i, t in enumerate(values) if t.maybe]
    if len(maybes) == 2:
        options = [[t for i, t in enumerate(values) if i != drop] for drop in reversed(maybes)]
    else:
        options = [[t for t in values if not t.maybe], values]
    found = []
    for opt in options:
        slots = fit_slots(opt, k, align_right)
        if len(slots) == k and _sums_hold(slots, mode):
            found.append(slots)
    shown = {tuple((t.kind, t.text) for t in f) for f in found}
    return found[0] if len(shown) == 1 else None


def _sums_hold(slots: list, mode: str) -> bool:
    """Whether the row's parts sum to its totals (blank slots as 0); False when the mode states no sum."""
    size = {"sum": len(slots), "sum5x3": 5}.get(mode)
    if not size:
        return False
    try:
        nums = [flattened.to_number(t.text) if t.kind == NUM else 0 for t in slots]
    except ValueError:
        return False
    return all(abs(sum(nums[b:b + size - 1]) - nums[b + size - 1]) < 1e-6 for b in range(0, len(nums), size))


def _emit_split(ids, parts, pos, confidence, result: TableResult):
    i = 0
    for cid, raw in zip(ids, parts):
        n = len(raw)
        s, e = pos[i], pos[i + n - 1] + 1
        result.cells.append(Cell(cid, flattened.to_number(raw), raw, s, e, round(confidence, 3)))
        i += n


def emit_pending_choice(p: Pending, choice: list, confidence: float, result: TableResult):
    """Emit the cells of a pending row once one of its splits has been chosen."""
    _emit_split(p.columns, choice, p.positions, confidence, result)


def _plausible_t3(g: Group, labelled: bool, width: int = 7) -> bool:
    """Whether a group can be a row of table 三: six or more value slots (not all blank unless
    the group names a row), or one run of at least seven digits; a table printing fewer
    columns (``width``: 自然人 | 法人或其他组织 | 总计) needs as many as it prints."""
    vals = [t for t in g.values if t.kind in (NUM, EMPTY)]
    if len(vals) >= min(6, width):
        return labelled or any(t.kind == NUM or t.text for t in vals)
    digits, _ = _digits(vals)
    return len(vals) >= 1 and len(digits) >= width and all(t.kind == NUM for t in vals)


def complete_labels(groups: list[Group], cands: list, specs, template: Optional[str]) -> list:
    """Name groups whose row label wrapped: its tail printed after the row's values.

    In text of a table whose label cells wrap (PDF, copy-paste, tab rows), the
    end of a label (信访举报投 / 诉类申请) comes after the row's values, so it
    opens the next group. A group whose own label (its last fragment, printed
    right before the values) names no row takes the next group's first
    fragment when the two together name a row and the fragment is not the
    next row's own label: it names no row alone, or the next group's other
    fragments do, or the next group is a row of blank cells (the wrapped line
    read as a row), or it lacks the ordinal (1. （四）) that the next group's
    own label carries. A group named only by a header printed before its own
    label ((六)其他处理 over (1)申请人无正当理) is renamed the same way.
    """
    out = list(cands)
    for i, g in enumerate(groups[:-1]):
        nxt = groups[i + 1].fragments
        if not g.fragments or not nxt:
            continue
        if out[i] and (len(g.fragments) < 2 or match_label(["".join(g.fragments[-2:])], specs, template)):
            continue    # named by its own label (in its last fragment, or wrapped over the last two)
        rest = match_label(nxt[1:], specs, template) if len(nxt) > 1 else []
        wrapped_row = all(t.kind == EMPTY and not t.text for t in groups[i + 1].values)   # a grid row of the tail
        if match_label(nxt[:1], specs, template) and not rest and not wrapped_row and not _tail_by_ordinal(nxt):
            continue    # the fragment is the next row's own label
        found = match_label(g.fragments + nxt[:1], specs, template)
        if found and (not out[i] or found[0][0] != out[i][0][0]):
            out[i] = [(rid, round(conf * 0.95, 3)) for rid, conf in found]
            out[i + 1] = rest
    return out


def _tail_by_ordinal(fragments: list[str]) -> bool:
    """Whether a group's first fragment lacks the ordinal its own label (last fragment) starts with."""
    ordinal = patterns()["row_ordinal"]
    return len(fragments) > 1 and bool(ordinal.match(fragments[-1])) and not ordinal.match(fragments[0])


def parse_t3(groups: list[Group], template: Optional[str], order: Optional[list] = None) -> TableResult:
    """Table 三 rows; ``order`` is the printed column order when the header gives one."""
    result = TableResult()
    specs = [s for s in rows("t3") if s.allowed(template)]
    cols = list(order or config()["t3"]["columns"])
    mode = "sum" if cols[-1] == "total" else "free"   # flattened digits: the total closes the row
    cands = complete_labels(groups, [match_label(g.fragments, specs, template) for g in groups], specs, template)
    plaus = [_plausible_t3(g, bool(c), len(cols)) for g, c in zip(groups, cands)]
    optional = {s.id for s in specs if s.optional}
    for gi, rid, conf in align(cands, plaus, [s.id for s in specs], optional):
        g = groups[gi]
        ids = [f"t3.{rid}.{c}" for c in cols]
        read_values(g, ids, mode, [False] * len(ids), conf, f"t3.{rid}", result, align_right=True)
        if g.label_start is not None and result.cells:
            result.extend_span(min(g.label_start, g.values[0].start), g.values[0].end)
    if "group" in cols:   # the organisation columns printed as one: their sum is no template cell
        result.cells = [c for c in result.cells if not c.id.endswith(".group")]
        result.blanks = {b for b in result.blanks if not b.endswith(".group")}
        result.pending = [p for p in result.pending if not any(i.endswith(".group") for i in p.columns)]
        result.warnings.append("t3: the five organisation columns are printed as one (法人或其他组织); "
                               "only 自然人 and 总计 were read, each organisation column is left out")
    return result


def parse_t2(groups: list[Group], template: Optional[str]) -> TableResult:
    """Table 二 rows: each labelled group gives its row's columns.

    Rows are matched against the labels of both templates and each article's
    block takes the column shape its printed header names (a 2021 report may
    print a 2019 block, or the reverse); without a header, the document's
    template unless the printed values only fit the other one. A header that
    names the columns in another order gives the order of the values.
    """
    result = TableResult()
    t2 = config()["t2"]
    template = template or "2021"
    signed_cols = set(t2.get("signed", []))
    specs = list(rows("t2"))
    used, printed = set(), {}
    names = complete_labels(groups, [match_label(g.fragments, specs, None) for g in groups], specs, None)
    for g, named in zip(groups, names):
        cands = [c for c in named if c[0] not in used]
        if not cands:
            continue
        rid, conf = cands[0]
        used.add(rid)
        art = rid.split(".")[0]
        header = block_shape(_before_label(g.fragments, rid, specs), art, template)
        if header:
            printed[art] = header
        cols = printed.get(art) or _shape_for_values(g, art, template)
        if not cols:
            continue
        ids = [f"t2.{rid}.{c}" for c in cols]
        read_values(g, ids, "free", [c in signed_cols for c in cols], conf, f"t2.{rid}", result)
        if g.label_start is not None:
            result.extend_span(g.label_start, g.values[0].end)
    return result


def _before_label(fragments: list[str], rid: str, specs) -> list[str]:
    """The fragments printed before the row's own label: where its block's header can be."""
    for k, frag in enumerate(fragments):
        if any(r == rid for r, _ in match_label([frag], specs, None)):
            return fragments[:k + 1]   # run-on text prints the header and the label in one fragment
    return fragments


def _shapes(art: str, template: str) -> list[list[str]]:
    """The column lists an article's block has in the document's template, then in the other."""
    columns = config()["t2"]["columns"]
    order = [template] + [t for t in columns if t != template]
    return [list(columns[t][art]) for t in order if art in columns[t]]


def block_shape(fragments: list[str], art: str, template: str) -> Optional[list[str]]:
    """The columns a block's printed header names, in printed order (the widest shape named in full)."""
    named = [header_order(fragments, cols) for cols in _shapes(art, template)]
    named = [n for n in named if n]
    return max(named, key=len) if named else None


def _shape_for_values(g: Group, art: str, template: str) -> Optional[list[str]]:
    """Without a header: the first shape (document template first) the printed values fit.

    A shape fits when the row's non-blank values are no more than its columns
    and its columns no more than the printed slots, blank ones included (a run
    of digits may hold one value per digit); a single value with a decimal
    point such as 282.1 under a two-column 2019 (八) block fits the 2021
    one-column shape instead of being split.
    """
    shapes = _shapes(art, template)
    vals = [t for t in g.values if t.kind in (NUM, EMPTY)]
    filled = sum(1 for t in vals if t.kind == NUM or t.text)
    # digits run together may hold several values; a number with a decimal point is one
    most = len(vals) + sum(len(t.text) - 1 for t in vals
                           if t.kind == NUM and not t.own_cell and t.text.isdigit())
    for cols in shapes:
        if filled <= len(cols) <= most:
            return cols
    return shapes[0] if shapes else None


def header_order(fragments: list[str], cols: list[str]) -> Optional[list[str]]:
    """Table 二 columns in the order a printed header names them, when it names them all."""
    names = config()["t2"].get("column_names", {})
    text = re.sub(r"\s+", "", "".join(fragments))
    found = []
    for c in cols:
        m = re.search(names[c], text) if c in names else None
        if m is None:
            return None
        found.append((m.start(), c))
    if len({p for p, _ in found}) != len(found):
        return None
    return [c for _, c in sorted(found)]


def t4_ids() -> list[str]:
    """Table 四's fifteen cell ids in printed order (groups, then results)."""
    t4 = config()["t4"]
    return [f"t4.{s.id}.{c}" for s in rows("t4") for c in t4["columns"]]


def _stacked_blocks(rows_: list, k: int) -> Optional[list]:
    """Table 四 printed as stacked blocks (行政复议's five values, the 行政诉讼 block's ten below them),
    each row padded to the table's width with empty cells: the values without the padding.

    A row keeps a multiple of five slots, everything after them blank cells; when exactly one
    choice per row adds up to ``k`` slots it is taken, else None (more slots than the template
    has and no single reading)."""
    if sum(map(len, rows_)) <= k or any(t.maybe for vals in rows_ for t in vals):
        return None     # maybe-slots of pipe rows are _one_reading's to settle
    options = []
    for vals in rows_:
        keep = [m for m in range(5, len(vals) + 1, 5)
                if all(t.kind == EMPTY and not t.text for t in vals[m:])]
        if not keep:
            return None
        options.append(keep)
    fits = [c for c in product(*options) if sum(c) == k]
    if len(fits) != 1:
        return None
    return [t for vals, m in zip(rows_, fits[0]) for t in vals[:m]]


def _after_spacers(vals: list) -> list:
    """A group's value slots without the blank cells that open it (spacer or merged label columns)."""
    k = 0
    while k < len(vals) and vals[k].kind == EMPTY and not vals[k].text:
        k += 1
    return vals[k:] if len(vals) - k == 5 else vals


def parse_t4(groups: list[Group]) -> TableResult:
    """Table 四: three labelled groups of five values, or fifteen values in one run in template order."""
    result = TableResult()
    t4 = config()["t4"]
    cols = t4["columns"]
    specs = rows("t4")
    # Three labelled groups of five values each (one mini table per group).
    labelled = []
    for g in groups:
        n = len(_after_spacers(g.values))    # blank cells between the label and the values are not slots
        c = match_label(g.fragments, specs, None)
        if c and n == 5:
            labelled.append((c[0][0], c[0][1], g))
    if len(labelled) >= 2 and len({x[0] for x in labelled}) == len(labelled):
        for gid, conf, g in labelled:
            ids = [f"t4.{gid}.{c}" for c in cols]
            read_values(g, ids, "free", [False] * 5, conf, f"t4.{gid}", result)
        return result
    filled = [g.values for g in groups if any(t.kind == NUM or t.text for t in g.values)]
    ids = t4_ids()
    if sum(map(len, filled)) < len(ids) == sum(len(g.values) for g in groups) and \
            not any(t.maybe for g in groups for t in g.values):
        filled = [g.values for g in groups]    # one value per row: a row printed blank is a slot too
    vals = _stacked_blocks(filled, len(ids)) or [t for v in filled for t in v]
    printed = [t for t in vals if not t.maybe]     # maybe-slots: see _one_reading
    if len(printed) > len(ids):
        result.warnings.append(f"t4: {len(printed)} values printed, reading the first {len(ids)}")
        vals = printed[:len(ids)]
    pseudo = Group(fragments=[], values=vals)
    if len(vals) == len(ids) or len(printed) == len(ids):
        read_values(pseudo, ids, "free", [False] * len(ids), 0.9, "t4", result)
    elif vals:
        read_values(pseudo, ids, "sum5x3", [False] * len(ids), 0.9, "t4", result)
    return result
