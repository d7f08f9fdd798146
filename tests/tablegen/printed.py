"""The three tables as printed: rows of cells with row/column spans, in the national template's shape.

``build(fig, style)`` gives ``PrintedTables``: per table a heading line and a
list of rows, each row a list of ``PCell(text, rs, cs, kind)``, laid out as
the template prints them (two header levels over table 三, the group labels
三、本年度办理结果 / （三）不予公开 … spanning their rows, table 四's three header
rows). Every text layout and file format renders from this one model.

``Style`` holds the printing choices real reports vary: full- or half-width
brackets, how sub-rows are numbered, 社会公益组织 vs 社会组织, quotes around
三安全一稳定, the 部分公开 note, thousands separators, what a blank cell shows,
OCR-like typos in long labels.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

from .figures import APPLICANTS, COLS, OTHER_2021, REJECTED, T2_BLOCKS, T4_COLS, UNAVAILABLE, WITHHELD, Figures

T3_LEAF_LABELS = {
    "withheld": ["属于国家秘密", "其他法律行政法规禁止公开", "危及{q}三安全一稳定{Q}", "保护第三方合法权益",
                 "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
    "unavailable": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "rejected": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                 "要求行政机关确认或重新出具已获取信息"],
    "other": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
}
GROUP_LABELS = {"withheld": "不予公开", "unavailable": "无法提供", "rejected": "不予处理", "other": "其他处理"}
GROUP_ORDINALS = {"withheld": "三", "unavailable": "四", "rejected": "五", "other": "六"}
GROUP_KEYS = {"withheld": WITHHELD, "unavailable": UNAVAILABLE, "rejected": REJECTED, "other": OTHER_2021}
COLUMN_NAMES = {"natural": "自然人", "business": "商业企业", "research": "科研机构", "social": "社会公益组织",
                "legal": "法律服务机构", "other": "其他", "total": "总计"}
T2_ROW_LABELS = {"rules": "规章", "normative": "规范性文件", "license": "行政许可",
                 "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "coercion": "行政强制",
                 "fees": "行政事业性收费", "procurement": "政府集中采购"}
T2_COLUMN_NAMES = {"made": "本年新制作数量", "published": "本年新公开数量", "total": "对外公开总数量",
                   "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
                   "prev_items": "上一年项目数量", "change": "本年增/减", "projects": "采购项目数量",
                   "amount": "采购总金额", "decisions": "处理决定数量",
                   "decisions_2021": "本年处理决定数量", "fee_amount": "本年收费金额{lp}单位:万元{rp}"}
T2_ARTICLES = {"art20_1": "一", "art20_5": "五", "art20_6": "六", "art20_8": "八", "art20_9": "九"}
T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
HEADINGS = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况"}
# Characters OCR and hurried typing confuse (right: what is printed instead).
TYPOS = {"握": "据", "申": "甲", "请": "清", "信": "倍", "务": "各", "复": "夏", "确": "碓", "制": "製",
         "理": "埋", "投": "设", "诉": "沂", "案": "桉", "卷": "券"}


@dataclass
class PCell:
    """One printed cell: its text, spans, and whether it is a label, a header, a value or a note."""

    text: str
    rs: int = 1
    cs: int = 1
    kind: str = "label"          # label | header | value | note


@dataclass
class PrintedTable:
    """One table: the heading printed above it (may be empty) and its rows."""

    tid: str
    heading: str
    rows: list = field(default_factory=list)
    width: int = 0


@dataclass
class PrintedTables:
    """The three tables of one report, in printed order."""

    tables: list = field(default_factory=list)

    def get(self, tid: str) -> Optional[PrintedTable]:
        """The printed table ``tid`` (t2, t3, t4), or None."""
        return next((t for t in self.tables if t.tid == tid), None)


@dataclass
class Style:
    """Printing choices that vary between issuers and content-management systems."""

    full_width: bool = True
    numbering: str = "1."        # 1. | 1、 | (1) | 1． | bare
    social: str = "社会公益组织"
    quotes: tuple = ("“", "”")
    partial_note: bool = True
    ordinals: bool = True        # 一、本年新收… vs 本年新收…
    thousands: bool = False
    blank: str = ""              # what a blank cell shows: "" / "-" / "—" / "/"
    typos: int = 0               # how many long labels carry one OCR-like typo
    column_order: Optional[list] = None   # table 三's printed column order (a flat header) when moved
    rng: random.Random = field(default_factory=random.Random)

    @classmethod
    def random(cls, rng: random.Random, **fixed) -> "Style":
        """A random style; keyword arguments fix some choices."""
        s = cls(full_width=rng.random() < 0.7, numbering=rng.choice(["1.", "1、", "(1)", "1．", "bare"]),
                social=rng.choice(["社会公益组织", "社会公益组织", "社会组织"]),
                quotes=rng.choice([("“", "”"), ('"', '"'), ("", ""), ("「", "」")]),
                partial_note=rng.random() < 0.6, ordinals=rng.random() < 0.85,
                thousands=rng.random() < 0.2, rng=rng)
        for k, v in fixed.items():
            setattr(s, k, v)
        return s

    def paren(self, inner: str) -> str:
        """（inner） or (inner)."""
        return f"（{inner}）" if self.full_width else f"({inner})"

    def number(self, k: int) -> str:
        """The number printed before the k-th sub-row (1-based)."""
        if self.numbering == "(1)":
            return self.paren(str(k))
        if self.numbering == "bare":
            return ""
        return f"{k}{self.numbering[1:]}"

    def value(self, v) -> str:
        """A value as printed; None is a blank cell."""
        if v is None:
            return self.blank
        if isinstance(v, float):
            text = f"{v:,}" if self.thousands and abs(v) >= 1000 else repr(v)
            return text
        return f"{v:,}" if self.thousands and abs(v) >= 1000 else str(v)

    def typo(self, label: str) -> str:
        """The label with one confusable character swapped, while typos are left to place."""
        if self.typos <= 0 or len(label) < 8:
            return label
        spots = [i for i, ch in enumerate(label) if ch in TYPOS]
        if not spots:
            return label
        i = self.rng.choice(spots)
        self.typos -= 1
        return label[:i] + TYPOS[label[i]] + label[i + 1:]


def _t3_header(style: Style) -> list:
    """Table 三's header rows (two levels, or one flat row naming the columns in a moved order)."""
    names = dict(COLUMN_NAMES, social=style.social)
    if style.column_order:
        return [[PCell("申请人情况", cs=3, kind="header")] + [PCell(names[c], kind="header")
                                                            for c in style.column_order]]
    return [[PCell("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", rs=3, cs=3, kind="note"),
             PCell("申请人情况", cs=7, kind="header")],
            [PCell("自然人", rs=2, kind="header"), PCell("法人或其他组织", cs=5, kind="header"),
             PCell("总计", rs=2, kind="header")],
            [PCell(names[c], kind="header") for c in APPLICANTS[1:]]]


def _values(style: Style, vals: list) -> list:
    order = style.column_order or COLS
    by = dict(zip(COLS, vals))
    return [PCell(style.value(by[c]), kind="value") for c in order]


def _t3_rows(fig: Figures, style: Style) -> list:
    """Table 三's data rows with their spanning group labels."""
    p = style.paren
    first = ("一、" if style.ordinals else "") + "本年新收政府信息公开申请数量"
    second = ("二、" if style.ordinals else "") + "上年结转政府信息公开申请数量"
    last = ("四、" if style.ordinals else "") + "结转下年度继续办理"
    result_rows = [r for r in fig.t3 if r.startswith("result.") and r != "result.total"]
    rows = [[PCell(style.typo(first), cs=3)] + _values(style, fig.t3["new"]),
            [PCell(style.typo(second), cs=3)] + _values(style, fig.t3["carried_in"])]
    outer = PCell(("三、" if style.ordinals else "") + "本年度办理结果", rs=len(result_rows) + 1)
    partial = p("二") + "部分公开" + (p("区分处理的,只计这一情形,不计其他情形") if style.partial_note else "")
    rows.append([outer, PCell(p("一") + "予以公开", cs=2)] + _values(style, fig.t3["result.disclosed"]))
    rows.append([PCell(partial, cs=2)] + _values(style, fig.t3["result.partial"]))
    for group in ("withheld", "unavailable", "rejected", "other"):
        keys = [k for k in GROUP_KEYS[group] if f"result.{group}.{k}" in fig.t3]
        head = p(GROUP_ORDINALS[group]) + GROUP_LABELS[group]
        if not keys:      # 2019: （六）其他处理 is one row
            rows.append([PCell(head, cs=2)] + _values(style, fig.t3[f"result.{group}"]))
            continue
        for k, key in enumerate(keys):
            label = T3_LEAF_LABELS[group][GROUP_KEYS[group].index(key)]
            label = style.number(k + 1) + label.format(q=style.quotes[0], Q=style.quotes[1])
            cells = [PCell(head, rs=len(keys))] if k == 0 else []
            rows.append(cells + [PCell(style.typo(label))] + _values(style, fig.t3[f"result.{group}.{key}"]))
    rows.append([PCell(p("七") + "总计", cs=2)] + _values(style, fig.t3["result.total"]))
    rows.append([PCell(style.typo(last), cs=3)] + _values(style, fig.t3["carried_out"]))
    return rows


def t2_block(art: str, shape: str, full_width: bool = True) -> tuple[list, list, list]:
    """One table 二 block printed in ``shape`` (2019 | 2021): its column ids, their printed names, and
    each value cell's column span (the last value spans what is left of the three value columns)."""
    cols = next(shapes for a, _, shapes in T2_BLOCKS if a == art)[shape]
    keys = ["fee_amount" if art == "art20_8" and c == "amount" else
            "decisions_2021" if c == "decisions" and shape == "2021" else c for c in cols]
    lp, rp = ("（", "）") if full_width else ("(", ")")
    names = [T2_COLUMN_NAMES[k].format(lp=lp, rp=rp) for k in keys]
    spans = [1] * len(cols)
    spans[-1] += 3 - len(cols)
    return cols, names, spans


def _t2_rows(fig: Figures, style: Style) -> list:
    """Table 二: per article a caption row, a 信息内容 header row and its data rows (4 columns)."""
    rows = []
    for art, row_ids, shapes in T2_BLOCKS:
        shape = fig.t2_blocks.get(art)
        if shape is None:
            continue
        cols, names, spans = t2_block(art, shape, style.full_width)
        rows.append([PCell("第二十条第" + style.paren(T2_ARTICLES[art]) + "项", cs=4, kind="header")])
        rows.append([PCell("信息内容", kind="header")] + [PCell(n, cs=s, kind="header") for n, s in zip(names, spans)])
        for row, only in row_ids:
            if only and only != shape:
                continue
            label = T2_ROW_LABELS[row]
            if row == "normative" and shape == "2021":
                label = "行政规范性文件"
            vals = []
            for c, s in zip(cols, spans):
                v = fig.t2[f"t2.{art}.{row}.{c}"]
                vals.append(PCell(style.value(v), cs=s, kind="value"))
            rows.append([PCell(label)] + vals)
    return rows


def _t4_rows(fig: Figures, style: Style) -> list:
    """Table 四: the group header, the result header (twice under 行政诉讼) and one row of fifteen values."""
    return [[PCell("行政复议", cs=5, kind="header"), PCell("行政诉讼", cs=10, kind="header")],
            [PCell(x, rs=2, kind="header") for x in T4_HEAD] + [PCell("未经复议直接起诉", cs=5, kind="header"),
                                                                 PCell("复议后起诉", cs=5, kind="header")],
            [PCell(x, kind="header") for x in T4_HEAD * 2],
            [PCell(style.value(v), kind="value") for v in fig.t4]]


def build(fig: Figures, style: Style) -> PrintedTables:
    """The printed model of a report's three tables."""
    t3_width = 3 + len(style.column_order or COLS)
    return PrintedTables([
        PrintedTable("t2", HEADINGS["t2"], _t2_rows(fig, style), 4),
        PrintedTable("t3", HEADINGS["t3"], _t3_header(style) + _t3_rows(fig, style), t3_width),
        PrintedTable("t4", HEADINGS["t4"], _t4_rows(fig, style), 15),
    ])


def expand(table: PrintedTable) -> list:
    """The table as a rectangular matrix of texts: a merged position repeats nothing (None)."""
    taken: dict = {}
    out = []
    for r, row in enumerate(table.rows):
        line: list = []
        c = 0
        for cell in row:
            while taken.get((r, c)):
                line.append(None)
                c += 1
            line.append(cell)
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken[(r + dr, c + dc)] = True
            line.extend([None] * (cell.cs - 1))
            c += cell.cs
        while taken.get((r, c)):
            line.append(None)
            c += 1
        out.append(line)
    width = max(len(x) for x in out)
    return [x + [None] * (width - len(x)) for x in out]
