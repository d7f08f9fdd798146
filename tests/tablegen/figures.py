"""Random figures for the three tables of the national template, consistent with every identity.

``generate(rng, template)`` gives a ``Figures``: table 二 by cell id (a value,
or None where the cell is printed blank), table 三 per row in column order and
table 四 as fifteen values. Table 三 balances per column (新收 + 结转 =
总计 + 结转下年度), each row's six applicant columns sum to its total and the
result rows sum to （七）总计; each table 四 group sums to its total. Zeros
are frequent (most withheld rows are empty), scales run from a township's
handful to a ministry's tens of thousands, and 收费/采购 amounts carry decimals.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
APPLICANTS = COLS[:-1]
WITHHELD = ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"]
UNAVAILABLE = ["not_held", "not_ready", "unclear"]
REJECTED = ["petition", "repeat", "publication", "excessive", "confirm"]
OTHER_2021 = ["no_correction", "no_fee", "other"]
T4_GROUPS = ["review", "litigation_direct", "litigation_after"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]

# Table 二 block by block: (article, [(row id, template)], {template: columns}).
T2_BLOCKS = [
    ("art20_1", [("rules", None), ("normative", None)],
     {"2019": ["made", "published", "total"], "2021": ["issued", "repealed", "in_force"]}),
    ("art20_5", [("license", None), ("other_services", "2019")],
     {"2019": ["prev_items", "change", "decisions"], "2021": ["decisions"]}),
    ("art20_6", [("penalty", None), ("coercion", None)],
     {"2019": ["prev_items", "change", "decisions"], "2021": ["decisions"]}),
    ("art20_8", [("fees", None)], {"2019": ["prev_items", "change"], "2021": ["amount"]}),
    ("art20_9", [("procurement", "2019")], {"2019": ["projects", "amount"]}),
]


def result_rows(template: str) -> list[str]:
    """Leaf result rows of table 三 in printed order for a template."""
    rows = ["result.disclosed", "result.partial"]
    rows += [f"result.withheld.{r}" for r in WITHHELD]
    rows += [f"result.unavailable.{r}" for r in UNAVAILABLE]
    rows += [f"result.rejected.{r}" for r in REJECTED]
    rows += [f"result.other.{r}" for r in OTHER_2021] if template == "2021" else ["result.other"]
    return rows


def t3_rows(template: str) -> list[str]:
    """Every data row of table 三 in printed order."""
    return ["new", "carried_in"] + result_rows(template) + ["result.total", "carried_out"]


@dataclass
class Figures:
    """The values of one report's tables; None marks a cell printed blank."""

    template: str
    year: int
    t2: dict = field(default_factory=dict)            # cell id -> value or None
    t2_blocks: dict = field(default_factory=dict)     # article -> template whose block shape is printed
    t3: dict = field(default_factory=dict)            # row id -> [7 values in COLS order]
    t4: list = field(default_factory=list)            # 15 values, groups in T4_GROUPS order
    scale: int = 10

    def t3_ids(self) -> dict:
        """Table 三 as cell id -> value (None for a blank)."""
        return {f"t3.{rid}.{c}": v for rid, vals in self.t3.items() for c, v in zip(COLS, vals)}

    def t4_ids(self) -> dict:
        """Table 四 as cell id -> value (None for a blank)."""
        ids = [f"t4.{g}.{c}" for g in T4_GROUPS for c in T4_COLS]
        return dict(zip(ids, self.t4))

    def expected(self, tables=("t2", "t3", "t4")) -> dict:
        """Every printed number as cell id -> value: what a parser should emit (blanks give no cell)."""
        out = {}
        if "t2" in tables:
            out.update(self.t2)
        if "t3" in tables:
            out.update(self.t3_ids())
        if "t4" in tables:
            out.update(self.t4_ids())
        return {k: v for k, v in out.items() if v is not None}

    def identity_count(self) -> int:
        """How many identities the template states over these tables (all run when every cell is there)."""
        return len(COLS) * 2 + len(self.t3) + len(T4_GROUPS)


def _count(rng: random.Random, scale: int, p_zero: float) -> int:
    """A count that is zero with probability ``p_zero``, else up to about ``scale``."""
    if rng.random() < p_zero:
        return 0
    return max(1, int(rng.paretovariate(1.3) * scale / 3)) if scale > 3 else rng.randint(1, scale)


def _amount(rng: random.Random, unit: str) -> float | int:
    """A money amount as printed: 万元 with 0-6 decimals (282.1, 5949.088667) or 元 with cents."""
    if unit == "万元":
        v = rng.choice([0, rng.uniform(0.1, 99.9), rng.uniform(100, 99999)])
        places = rng.choice([0, 1, 1, 2, 2, 4, 6])
        if v == 0:
            return 0
        return round(v, places) if places else int(v)
    v = rng.choice([rng.uniform(1e3, 1e6), rng.uniform(1e6, 2e9)])
    return round(v, 2) if rng.random() < 0.7 else int(v)


def _t3(rng: random.Random, template: str, scale: int) -> dict:
    """Table 三 rows satisfying the balance, row-sum and result-sum identities."""
    weight = {"natural": 1.0, "business": 0.3, "research": 0.05, "social": 0.05, "legal": 0.1, "other": 0.1}
    rows: dict = {}
    for rid in result_rows(template):
        busy = rid in ("result.disclosed", "result.partial", "result.unavailable.not_held", "result.other.other",
                       "result.other", "result.rejected.repeat", "result.withheld.process")
        vals = []
        for c in APPLICANTS:
            p_zero = 1 - weight[c] * (0.9 if busy else 0.25)
            vals.append(_count(rng, max(1, int(scale * weight[c])), min(0.97, max(0.05, p_zero))))
        rows[rid] = vals
    total = [sum(rows[r][i] for r in rows) for i in range(6)]
    carried_out = [_count(rng, max(1, total[i] // 8), 0.6) for i in range(6)]
    carried_in = [rng.randint(0, total[i] + carried_out[i]) if rng.random() < 0.4 else 0 for i in range(6)]
    new = [total[i] + carried_out[i] - carried_in[i] for i in range(6)]
    ordered = {"new": new, "carried_in": carried_in}
    ordered.update(rows)
    ordered["result.total"] = total
    ordered["carried_out"] = carried_out
    return {rid: vals + [sum(vals)] for rid, vals in ordered.items()}


def _t2(rng: random.Random, blocks: dict, scale: int) -> dict:
    """Table 二 values per printed block shape (a block may follow the other template)."""
    out = {}
    for art, rows, shapes in T2_BLOCKS:
        shape = blocks.get(art)
        if shape is None:
            continue
        for row, only in rows:
            if only and only != shape:
                continue
            for col in shapes[shape]:
                cid = f"t2.{art}.{row}.{col}"
                if col == "amount":
                    out[cid] = _amount(rng, "万元" if art == "art20_8" else "元")
                elif col == "change":
                    out[cid] = rng.randint(-scale * 5, scale * 5) if rng.random() < 0.7 else 0
                elif col in ("made", "issued", "repealed", "published", "projects"):
                    out[cid] = _count(rng, max(2, scale // 5), 0.4)
                elif col in ("total", "in_force", "prev_items"):
                    out[cid] = _count(rng, scale * 10, 0.2)
                else:   # decisions
                    out[cid] = _count(rng, scale * rng.choice([10, 100, 1000]), 0.2)
    return out


def _t4(rng: random.Random, scale: int) -> list:
    """Table 四: four results per group and their total."""
    out = []
    for _ in T4_GROUPS:
        parts = [_count(rng, max(1, scale // 10), 0.7) for _ in range(4)]
        out += parts + [sum(parts)]
    return out


def generate(rng: random.Random, template: Optional[str] = None, transitional: bool = False) -> Figures:
    """One report's consistent figures; ``transitional`` prints some table 二 blocks in the other shape."""
    template = template or rng.choice(["2019", "2021"])
    year = rng.choice([2019, 2020]) if template == "2019" else rng.randint(2021, 2024)
    scale = rng.choice([3, 10, 40, 200, 3000])
    blocks = {art: template for art, _, shapes in T2_BLOCKS if template in shapes}
    if transitional:
        other = "2021" if template == "2019" else "2019"
        flip = [art for art, _, shapes in T2_BLOCKS if other in shapes and art != "art20_9"]
        for art in rng.sample(flip, rng.randint(1, len(flip))):
            blocks[art] = other
    return Figures(template=template, year=year, t2=_t2(rng, blocks, scale), t2_blocks=blocks,
                   t3=_t3(rng, template, scale), t4=_t4(rng, scale), scale=scale)


def blank_out(rng: random.Random, fig: Figures, share: float, t2_share: float = 0.3) -> Figures:
    """A copy where a share of the zero cells (and of table 二's zeros) are printed blank."""
    t3 = {rid: [None if v == 0 and rng.random() < share else v for v in vals] for rid, vals in fig.t3.items()}
    t4 = [None if v == 0 and rng.random() < share else v for v in fig.t4]
    t2 = {k: None if v == 0 and rng.random() < t2_share else v for k, v in fig.t2.items()}
    return Figures(fig.template, fig.year, t2, dict(fig.t2_blocks), t3, t4, fig.scale)
