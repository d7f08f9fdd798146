"""The three statistical tables of a hand-written report: printed in a flattening, and as gold cells.

Figures are written by hand in the source (``ROW: v v v``, ``-`` for a blank
cell). Table 三's totals, its 办理结果总计 row and its 本年新收 row are
derived from the leaves written (so every identity holds) unless the source
writes them, which is how a disagreement is planted. Styles: ``lines`` (one
cell per line, a blank line between rows), ``tabs`` (a row per line),
``pipes`` (a Markdown table), ``spaces`` (cells separated by spaces, as text
copied from a PDF); ``split=1`` moves the tail of a long label to a line of its
own after the row, ``thousands=1`` prints 1,234.
"""
from __future__ import annotations

T2_2021 = [("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            [("rules", "规章", ["issued", "repealed", "in_force"]),
             ("normative", "行政规范性文件", ["issued", "repealed", "in_force"])]),
           ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("license", "行政许可", ["decisions"])]),
           ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
            [("penalty", "行政处罚", ["decisions"]), ("coercion", "行政强制", ["decisions"])]),
           ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("fees", "行政事业性收费", ["amount"])])]
T2_2019 = [("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            [("rules", "规章", ["made", "published", "total"]),
             ("normative", "规范性文件", ["made", "published", "total"])]),
           ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            [("license", "行政许可", ["prev_items", "change", "decisions"]),
             ("other_services", "其他对外管理服务事项", ["prev_items", "change", "decisions"])]),
           ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            [("penalty", "行政处罚", ["prev_items", "change", "decisions"]),
             ("coercion", "行政强制", ["prev_items", "change", "decisions"])]),
           ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
            [("fees", "行政事业性收费", ["prev_items", "change"])]),
           ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
            [("procurement", "政府集中采购", ["projects", "amount"])])]
ARTICLE = {"rules": "art20_1", "normative": "art20_1", "license": "art20_5", "other_services": "art20_5",
           "penalty": "art20_6", "coercion": "art20_6", "fees": "art20_8", "procurement": "art20_9"}

GROUPS = [
    (None, [("carried_in", "二、上年结转政府信息公开申请数量")]),
    ("（三）不予公开", [("withheld.secret", "1.属于国家秘密"), ("withheld.law", "2.其他法律行政法规禁止公开"),
                  ("withheld.safety", "3.危及“三安全一稳定”"), ("withheld.third_party", "4.保护第三方合法权益"),
                  ("withheld.internal", "5.属于三类内部事务信息"), ("withheld.process", "6.属于四类过程性信息"),
                  ("withheld.enforcement", "7.属于行政执法案卷"), ("withheld.query", "8.属于行政查询事项")]),
    ("（四）无法提供", [("unavailable.not_held", "1.本机关不掌握相关政府信息"),
                  ("unavailable.not_ready", "2.没有现成信息需要另行制作"),
                  ("unavailable.unclear", "3.补正后申请内容仍不明确")]),
    ("（五）不予处理", [("rejected.petition", "1.信访举报投诉类申请"), ("rejected.repeat", "2.重复申请"),
                  ("rejected.publication", "3.要求提供公开出版物"), ("rejected.excessive", "4.无正当理由大量反复申请"),
                  ("rejected.confirm", "5.要求行政机关确认或重新出具已获取信息")]),
]
OTHER_2021 = ("（六）其他处理", [
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他")])
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]
T4 = [("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"), ("litigation_after", "复议后起诉")]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def t3_leaves(template: str) -> list[str]:
    """Result leaf row ids of table 三 in printed order."""
    ids = ["disclosed", "partial"] + [r for g in GROUPS[1:] for r, _ in g[1]]
    return ids + ([r for r, _ in OTHER_2021[1]] if template == "2021" else ["other"])


def _num(v: str):
    """A figure as written: None for a blank, else int or float."""
    if v in ("-", "/", "—"):
        return None
    f = float(v.replace(",", ""))
    return int(f) if f == int(f) and "." not in v else f


def _key(short: str) -> str:
    """A source row name (``secret``, ``no_fee``) → the row id under ``result``."""
    leaves = t3_leaves("2021") + ["other"]
    return short if short in leaves else next((r for r in leaves if r.endswith("." + short)), short)


def t3_figures(template: str, fig: dict) -> dict:
    """Table 三 as row id → seven values (None: blank), derived where the source leaves it."""
    src = {(_key(k) if k not in ("new", "carried_in", "carried_out", "total") else k): v for k, v in fig.items()}
    if "other_other" in fig:
        src["other.other"] = fig["other_other"]
    rows = {}
    for r in ["carried_in", "carried_out"] + t3_leaves(template):
        vals = [_num(x) for x in src.get(r, ["0"] * 6)]
        if len(vals) == 6:
            vals.append(sum(v or 0 for v in vals))
        rows[r if r in ("carried_in", "carried_out") else "result." + r] = vals
    leaves = ["result." + r for r in t3_leaves(template)]
    total = [_num(x) for x in src["total"]] if "total" in src else [
        sum(rows[r][i] or 0 for r in leaves) for i in range(7)]
    rows["result.total"] = total
    if "new" in src:
        new = [_num(x) for x in src["new"]]
        if len(new) == 6:
            new.append(sum(v or 0 for v in new))
    else:
        new = [total[i] + (rows["carried_out"][i] or 0) - (rows["carried_in"][i] or 0) for i in range(7)]
        assert min(new) >= 0, f"carried_in exceeds what was handled: {new}"
    rows["new"] = new
    return rows


def _t2_rows(template: str, fig: dict) -> list:
    """Table 二's printed rows (labels, values) with their cell ids."""
    out = []
    for art, header, rows in (T2_2021 if template == "2021" else T2_2019):
        out.append(([art], [], []))
        out.append((header[:1], header[1:], []))
        for key, label, cols in rows:
            vals = fig.get(key, ["-"] * len(cols))
            out.append(([label], vals, [f"t2.{ARTICLE[key]}.{key}.{c}" for c in cols]))
    return out


def _t3_rows(template: str, fig: dict) -> list:
    """Table 三's printed rows (labels, values) with their cell ids."""
    rows = t3_figures(template, fig)
    out = [(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"], ["申请人情况"], []),
           ([], ["自然人", "法人或其他组织", "总计"], []),
           ([], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], [])]

    def row(labels, rid):
        out.append((labels, [("-" if v is None else str(v)) for v in rows[rid]], [f"t3.{rid}.{c}" for c in COLS]))

    row(["一、本年新收政府信息公开申请数量"], "new")
    row(["二、上年结转政府信息公开申请数量"], "carried_in")
    row(["三、本年度办理结果", "（一）予以公开"], "result.disclosed")
    row(["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "result.partial")
    groups = GROUPS[1:] + ([OTHER_2021] if template == "2021" else [])
    for title, members in groups:
        for k, (rid, label) in enumerate(members):
            row([title, label] if k == 0 else [label], "result." + rid)
    if template != "2021":
        row(["（六）其他处理"], "result.other")
    row(["（七）总计"], "result.total")
    row(["四、结转下年度继续办理"], "carried_out")
    return out


def t4_values(fig: dict) -> list:
    """Table 四's fifteen values (None: blank), each group's 总计 the sum of its four results."""
    out = []
    for key, _ in T4:
        four = [_num(x) for x in fig.get(key, ["0"] * 4)]
        out += four + ([sum(v or 0 for v in four)] if len(four) == 4 else [])
    return out


def _t4_rows(fig: dict) -> list:
    """Table 四's printed rows: the template's three header rows and one row of fifteen."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    vals = t4_values(fig)
    ids = [f"t4.{g}.{c}" for g, _ in T4 for c in T4_COLS]
    return [(["行政复议"], ["行政诉讼"], []), ([], results + ["未经复议直接起诉", "复议后起诉"], []),
            ([], results * 2, []), ([], [("-" if v is None else str(v)) for v in vals], ids)]


def _fmt(v: str, opts: dict) -> str:
    if opts.get("thousands") and v.isdigit() and int(v) >= 1000:
        return f"{int(v):,}"
    if v == "-":
        return opts.get("blank", "")
    return v


def render_table(name: str, template: str, fig: dict, opts: dict) -> list[str]:
    """The printed lines of one table in the style ``opts['style']``."""
    rows = {"t2": lambda: _t2_rows(template, fig), "t3": lambda: _t3_rows(template, fig),
            "t4": lambda: _t4_rows(fig)}[name]()
    style, split = opts.get("style", "tabs"), opts.get("split") == "1"
    lines = []
    for k, (labels, values, _) in enumerate(rows):
        values = [_fmt(v, opts) for v in values]
        tails = []
        if split:
            cut = []
            for lab in labels:
                if len(lab) > 11 and (lab[0].isdigit() or lab.startswith("（二）")):
                    cut.append(lab[:8])
                    tails.append(lab[8:])
                else:
                    cut.append(lab)
            labels = cut
        cells = labels + values
        if style == "lines":
            lines += [c for c in cells if c] + tails + [""]
            continue
        if style == "tabs":
            lines.append("\t".join(cells))
        elif style == "spaces":
            lines.append(" ".join(c for c in cells if c))
        elif style == "pipes":
            lines.append("| " + " | ".join(cells) + " |")
            if k == 0:
                lines.append("|" + "---|" * len(cells))
        lines += tails
    return lines


def table_cells(template: str | None, tables: dict) -> tuple[list, list]:
    """Gold cells (id, value) of the printed tables and the identities they fail."""
    cells, checks = [], []
    for name, fig in tables.items():
        rows = {"t2": lambda: _t2_rows(template, fig), "t3": lambda: _t3_rows(template, fig),
                "t4": lambda: _t4_rows(fig)}[name]()
        for _, values, ids in rows:
            for v, cid in zip(values, ids):
                if _num(v) is not None:
                    cells.append({"id": cid, "value": _num(v), "raw": v})
    if "t3" in tables:
        checks += _t3_checks(template, t3_figures(template, tables["t3"]))
    if "t4" in tables:
        vals = t4_values(tables["t4"])
        for g, (key, _) in enumerate(T4):
            five = vals[g * 5:g * 5 + 5]
            if None not in five and sum(five[:4]) != five[4]:
                checks.append(_fail(f"t4.sum.{key}", [f"t4.{key}.{c}" for c in T4_COLS], five[:4], five[4]))
    return cells, checks


def _fail(rule: str, ids: list, parts: list, total) -> dict:
    return {"rule": rule, "status": "fail", "cells": ids,
            "detail": f"{' + '.join(map(str, parts))} = {sum(parts)} != {total}"}


def _t3_checks(template: str, rows: dict) -> list:
    """Failed 勾稽关系, row sums and result sums of table 三 (blank cells are not checked)."""
    out = []
    leaves = ["result." + r for r in t3_leaves(template)]
    for i, col in enumerate(COLS):
        a = [rows[r][i] for r in ("new", "carried_in", "result.total", "carried_out")]
        if None not in a and a[0] + a[1] != a[2] + a[3]:
            out.append({"rule": f"t3.balance.{col}", "status": "fail",
                        "cells": [f"t3.{r}.{col}" for r in ("new", "carried_in", "result.total", "carried_out")],
                        "detail": f"{a[0]} + {a[1]} != {a[2]} + {a[3]}"})
        vals = [rows[r][i] for r in leaves]
        if None not in vals and rows["result.total"][i] is not None and sum(vals) != rows["result.total"][i]:
            out.append(_fail(f"t3.result_sum.{col}", [f"t3.{r}.{col}" for r in leaves], vals,
                             rows["result.total"][i]))
    for rid, vals in rows.items():
        if None not in vals and sum(vals[:6]) != vals[6]:
            out.append(_fail(f"t3.row_sum.{rid}", [f"t3.{rid}.{c}" for c in COLS], vals[:6], vals[6]))
    return out
