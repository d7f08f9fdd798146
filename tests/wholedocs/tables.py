"""The three tables of a ``Doc`` as printed cells with spans, in the shapes real CMSs and Word files use.

Options (``doc.layout``), each a way government pages print the template:

    t3_header   two_level (申请人情况 over 自然人 | 法人或其他组织 | 总计 over the five) · no_top
                (the 申请人情况 row left out) · flat (one row naming the seven columns)
    t3_labels   three_cols (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密, each spanning its rows)
                · two_cols (group and row; 本年度办理结果 folded into the first column)
                · joined (one label column, each leaf's label led by its group's: （三）不予公开1.属于国家秘密)
                · one_col (one label column; group headers on rows of their own, values blank)
    spacer      an empty column between the labels and the values
    blank       what a blank cell shows ("", "—", "/", "-", "&nbsp;")
    unit        a unit printed after every number ("件")
    zero_note   zeros printed as 0（无）
    t2_style    blocks (第二十条第（一）项 over each block, 4 columns) · art_col (the article as a
                cell spanning its rows, row label next to it)
    t4_style    template (three header rows, one row of fifteen) · two_header (行政复议 | 行政诉讼, then
                the five results under 行政复议 and 未经复议直接起诉 / 复议后起诉 side by side) ·
                per_group (one row per group: 行政复议 | 行政诉讼-未经复议直接起诉 | 行政诉讼-复议后起诉)
    numbering   1. | （1） | bare   (sub-row numbers)
    thousands   1,234 · fullwidth  full-width digits (１２)
    split_t3    table 三 printed as two tables (a page break in Word), the header repeated over the second
    decimals2   amounts printed with two decimals (0.00, 1286.50)
    t3_header   … · total_first (two levels, 总计 printed before 自然人) · orgs_merged (自然人 |
                法人或其他组织 | 总计: the five organisation columns printed as one, their sum)
    t3_repeat_header  the header rows printed again inside table 三 before （四） (a page break in one table)
    t3_transposed     table 三 turned over: one row per applicant column, one column per row of the template
    t2_style    … · article_header (one header row per block: the article in place of 信息内容)
    serial_col  tables (t2, t3) printed with a first column 序号 numbering the rows that carry values
    remark_col  table 三 printed with a last column 备注 holding a few short notes
    caption_row a first row naming the table (表一 主动公开政府信息情况) spanning it
    unit_row    a first row 单位：件 spanning the table (tables 二 and 三)
    t4_style    … · turned (one row per result, 行政复议 | 未经复议直接起诉 | 复议后起诉 across) ·
                stacked (行政复议 block, then the 行政诉讼 block below it, in one table) ·
                two_tables (the same two blocks as two tables)
"""
from __future__ import annotations

from tablegen.cms_layouts import t4_blocks, turn
from tablegen.figures import APPLICANTS, COLS, OTHER_2021, REJECTED, T2_BLOCKS, UNAVAILABLE, WITHHELD, result_rows
from tablegen.printed import (GROUP_LABELS, GROUP_ORDINALS, HEADINGS, T2_ARTICLES, T2_ROW_LABELS, T3_LEAF_LABELS,
                              PCell, PrintedTable, t2_block)

NAMES = {"natural": "自然人", "business": "商业企业", "research": "科研机构", "social": "社会公益组织",
         "legal": "法律服务机构", "other": "其他", "total": "总计"}
GROUP_KEYS = {"withheld": WITHHELD, "unavailable": UNAVAILABLE, "rejected": REJECTED, "other": OTHER_2021}


def value(v, layout: dict) -> str:
    """A value as the layout prints it (blank, unit, zero note)."""
    if v is None:
        return layout.get("blank", "")
    text = repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, float) and layout.get("decimals2"):
        text = f"{v:.2f}"
    if v == 0 and layout.get("zero_note"):
        return "0（无）"
    if layout.get("thousands") and isinstance(v, int) and abs(v) >= 1000:
        text = f"{v:,}"
    if layout.get("fullwidth"):
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return text + layout.get("unit", "")


def _number(k: int, layout: dict) -> str:
    style = layout.get("numbering", "1.")
    return {"1.": f"{k}.", "1、": f"{k}、", "（1）": f"（{k}）", "bare": ""}[style]


def _t3_header(layout: dict, labels: int) -> list:
    style = layout.get("t3_header", "two_level")
    lead = labels + (1 if layout.get("spacer") else 0)
    if style == "flat":
        return [[PCell("申请人情况", cs=lead, kind="header")] + [PCell(NAMES[c], kind="header") for c in COLS]]
    rows = []
    if style == "orgs_merged":
        return [[PCell("", cs=lead, kind="header"), PCell("自然人", kind="header"),
                 PCell("法人或其他组织", kind="header"), PCell("总计", kind="header")]]
    if style == "total_first":
        return [[PCell("", rs=3, cs=lead, kind="header"), PCell("申请人情况", cs=7, kind="header")],
                [PCell("总计", rs=2, kind="header"), PCell("自然人", rs=2, kind="header"),
                 PCell("法人或其他组织", cs=5, kind="header")],
                [PCell(NAMES[c], kind="header") for c in APPLICANTS[1:]]]
    if style == "two_level":
        rows.append([PCell("", rs=3, cs=lead, kind="header"), PCell("申请人情况", cs=7, kind="header")])
        first = []
    else:
        first = [PCell("", rs=2, cs=lead, kind="header")]
    rows.append(first + [PCell("自然人", rs=2, kind="header"), PCell("法人或其他组织", cs=5, kind="header"),
                         PCell("总计", rs=2, kind="header")])
    rows.append([PCell(NAMES[c], kind="header") for c in APPLICANTS[1:]])
    return rows


def _vals(vals: list, layout: dict) -> list:
    if layout.get("t3_header") == "total_first":
        vals = vals[-1:] + vals[:-1]
    if layout.get("t3_header") == "orgs_merged":
        orgs = [v for v in vals[1:6] if v is not None]
        vals = [vals[0], sum(orgs) if orgs else None, vals[6]]
    cells = [PCell(value(v, layout), kind="value") for v in vals]
    return ([PCell("", kind="value")] if layout.get("spacer") else []) + cells


def t3_table(doc) -> PrintedTable:
    """Table 三 in the layout's header and label shape."""
    lay = doc.layout
    shape = lay.get("t3_labels", "three_cols")
    ncols = {"three_cols": 3, "two_cols": 2, "one_col": 1, "joined": 1}[shape]
    t3 = doc.t3
    rows = _t3_header(lay, ncols)
    leaves = result_rows(doc.template)
    results = [r for r in leaves if r != "result.total"]

    printed_rows = {}    # row id -> index of its printed row (where a page cut ends the table)

    def row(label_cells, rid):
        printed_rows[rid] = len(rows)
        return label_cells + _vals(t3.get(rid, [None] * 7), lay)

    rows.append(row([PCell("一、本年新收政府信息公开申请数量", cs=ncols)], "new"))
    rows.append(row([PCell("二、上年结转政府信息公开申请数量", cs=ncols)], "carried_in"))
    body = []
    body.append(("（一）予以公开", None, "result.disclosed"))
    body.append(("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "result.partial"))
    for group in ("withheld", "unavailable", "rejected", "other"):
        keys = [k for k in GROUP_KEYS[group] if f"result.{group}.{k}" in leaves]
        head = f"（{GROUP_ORDINALS[group]}）{GROUP_LABELS[group]}"
        if not keys:
            body.append((head, None, f"result.{group}"))
            continue
        for k, key in enumerate(keys):
            label = T3_LEAF_LABELS[group][GROUP_KEYS[group].index(key)].format(q="“", Q="”")
            body.append((head, _number(k + 1, lay) + label, f"result.{group}.{key}"))
    body.append(("（七）总计", None, "result.total"))
    if shape == "three_cols":
        first = True
        seen = set()
        for head, leaf, rid in body:
            cells = [PCell("三、本年度办理结果", rs=len(results) + 1)] if first else []
            first = False
            if leaf is None:
                cells.append(PCell(head, cs=2))
            elif head not in seen:
                seen.add(head)
                span = sum(1 for h, lf, _ in body if h == head)
                cells += [PCell(head, rs=span), PCell(leaf)]
            else:
                cells.append(PCell(leaf))
            rows.append(row(cells, rid))
    elif shape == "two_cols":
        seen = set()
        for head, leaf, rid in body:
            if leaf is None:
                label = ("三、本年度办理结果" if rid == "result.disclosed" else "") + head
                rows.append(row([PCell(label, cs=2)], rid))
            elif head not in seen:
                seen.add(head)
                span = sum(1 for h, lf, _ in body if h == head)
                rows.append(row([PCell(head, rs=span), PCell(leaf)], rid))
            else:
                rows.append(row([PCell(leaf)], rid))
    elif shape == "joined":   # one label column: each leaf's label carries its group's
        for head, leaf, rid in body:
            rows.append(row([PCell(head + (leaf or ""))], rid))
    else:   # one_col: group headers on rows of their own with blank values
        width = 7 + (1 if lay.get("spacer") else 0)
        rows.append([PCell("三、本年度办理结果")] + [PCell("", kind="value") for _ in range(width)])
        seen = set()
        for head, leaf, rid in body:
            if leaf is not None and head not in seen:
                seen.add(head)
                rows.append([PCell(head)] + [PCell("", kind="value") for _ in range(width)])
            rows.append(row([PCell(leaf or head)], rid))
    rows.append(row([PCell("四、结转下年度继续办理", cs=ncols)], "carried_out"))
    if lay.get("t3_repeat_header"):
        _repeat_header(rows, lay, ncols)
    width = ncols + (3 if lay.get("t3_header") == "orgs_merged" else 7) + (1 if lay.get("spacer") else 0)
    cut = lay.get("cut_after_row")
    if cut:   # the page stops after this row: later rows are not printed
        rows = rows[:printed_rows[cut] + 1]
    return PrintedTable("t3", HEADINGS["t3"], rows, width)


def _repeat_header(rows: list, lay: dict, ncols: int) -> None:
    """Print table 三's header rows again before the （四） group (two_cols labels: no span crosses it)."""
    at = next(i for i, r in enumerate(rows) if r and "无法提供" in r[0].text)
    rows[at:at] = _t3_header(lay, ncols)


def t2_table(doc) -> PrintedTable:
    """Table 二: blocks under 第二十条第（N）项 headers, or the article as a spanning first column."""
    lay = doc.layout
    fig = doc.figures()
    style = lay.get("t2_style", "blocks")
    rows = []
    for art, row_ids, shapes in T2_BLOCKS:
        shape = fig.t2_blocks.get(art)
        if shape is None:
            continue
        cols, names, spans = t2_block(art, shape)
        printed = [(r, T2_ROW_LABELS[r] if not (r == "normative" and shape == "2021") else "行政规范性文件")
                   for r, only in row_ids if not only or only == shape]
        article = f"第二十条第（{T2_ARTICLES[art]}）项"
        if style == "blocks":
            rows.append([PCell(article, cs=4, kind="header")])
            rows.append([PCell("信息内容", kind="header")] + [PCell(n, cs=s, kind="header")
                                                            for n, s in zip(names, spans)])
            for r, label in printed:
                rows.append([PCell(label)] + [PCell(value(fig.t2[f"t2.{art}.{r}.{c}"], lay), cs=s, kind="value")
                                              for c, s in zip(cols, spans)])
        elif style == "article_header":
            rows.append([PCell(article, kind="header")] + [PCell(n, cs=s, kind="header")
                                                         for n, s in zip(names, spans)])
            for r, label in printed:
                rows.append([PCell(label)] + [PCell(value(fig.t2[f"t2.{art}.{r}.{c}"], lay), cs=s, kind="value")
                                              for c, s in zip(cols, spans)])
        else:   # art_col
            rows.append([PCell(article, rs=len(printed) + 1), PCell("信息内容", kind="header")] +
                        [PCell(n, cs=s, kind="header") for n, s in zip(names, spans)])
            for r, label in printed:
                rows.append([PCell(label)] + [PCell(value(fig.t2[f"t2.{art}.{r}.{c}"], lay), cs=s, kind="value")
                                              for c, s in zip(cols, spans)])
    width = 5 if style == "art_col" else 4
    return PrintedTable("t2", HEADINGS["t2"], rows, width)


T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def t4_table(doc):
    """Table 四 in the layout's shape (a list of tables when it is printed in two)."""
    return t4_table_in(doc, doc.layout.get("t4_style", "template"))


def t4_table_in(doc, style: str):
    """Table 四 printed in ``style`` (see the module's options)."""
    lay = doc.layout
    vals = [PCell(value(v, lay), kind="value") for v in doc.t4]
    if style == "per_group":
        rows = [[PCell("", kind="header"), PCell("", kind="header")] + [PCell(x, kind="header") for x in T4_HEAD],
                [PCell("行政复议", cs=2)] + vals[0:5],
                [PCell("行政诉讼", rs=2), PCell("未经复议直接起诉")] + vals[5:10],
                [PCell("复议后起诉")] + vals[10:15]]
        return PrintedTable("t4", HEADINGS["t4"], rows, 7)
    if style in ("stacked", "two_tables"):
        blocks = t4_blocks(t4_table_in(doc, "template"), two_tables=style == "two_tables")
        return blocks if style == "two_tables" else blocks[0]
    if style == "turned":
        return turn(t4_table_in(doc, "per_group"))
    if style == "two_header":
        rows = [[PCell("行政复议", cs=5, kind="header"), PCell("未经复议直接起诉", cs=5, kind="header"),
                 PCell("复议后起诉", cs=5, kind="header")],
                [PCell(x, kind="header") for x in T4_HEAD * 3],
                vals]
        return PrintedTable("t4", HEADINGS["t4"], rows, 15)
    rows = [[PCell("行政复议", cs=5, kind="header"), PCell("行政诉讼", cs=10, kind="header")],
            [PCell(x, rs=2, kind="header") for x in T4_HEAD] + [PCell("未经复议直接起诉", cs=5, kind="header"),
                                                                 PCell("复议后起诉", cs=5, kind="header")],
            [PCell(x, kind="header") for x in T4_HEAD * 2],
            vals]
    return PrintedTable("t4", HEADINGS["t4"], rows, 15)


def t3_transposed(doc) -> PrintedTable:
    """Table 三 turned over: the applicant columns as rows, the template's rows as columns.

    Two header rows: the groups (本年度办理结果's groups spanning their leaves) over the row names."""
    lay = doc.layout
    ids = [r for r in doc.t3]
    short = {"new": "本年新收政府信息公开申请数量", "carried_in": "上年结转政府信息公开申请数量",
             "result.disclosed": "（一）予以公开", "result.partial": "（二）部分公开", "result.total": "（七）总计",
             "result.other": "（六）其他处理", "carried_out": "结转下年度继续办理"}
    top, names = [PCell("申请人情况", rs=2, cs=2, kind="header")], []
    k = 0
    while k < len(ids):
        rid = ids[k]
        group = rid.split(".")[1] if rid.count(".") == 2 else None
        if group is None:
            top.append(PCell(short[rid], rs=2, kind="header"))
            k += 1
            continue
        keys = [r for r in ids if r.startswith(f"result.{group}.")]
        top.append(PCell(f"（{GROUP_ORDINALS[group]}）{GROUP_LABELS[group]}", cs=len(keys), kind="header"))
        for r in keys:
            names.append(PCell(T3_LEAF_LABELS[group][GROUP_KEYS[group].index(r.split(".")[2])]
                               .format(q="“", Q="”"), kind="header"))
        k += len(keys)
    rows = [top, names]
    for i, col in enumerate(COLS):
        label = [PCell(NAMES[col], cs=2)] if col in ("natural", "total") else \
            ([PCell("法人或其他组织", rs=5)] if col == "business" else []) + [PCell(NAMES[col])]
        rows.append(label + [PCell(value(doc.t3[r][i], lay), kind="value") for r in ids])
    return PrintedTable("t3", HEADINGS["t3"], rows, len(ids) + 2)


def _unit_row(table: PrintedTable) -> PrintedTable:
    """The table with a first row 单位：件 spanning its width."""
    return PrintedTable(table.tid, table.heading, [[PCell("单位：件", cs=table.width, kind="note")]] + table.rows,
                        table.width)


def _caption_row(table: PrintedTable) -> PrintedTable:
    """The table with its title printed as a first row spanning its width (表一 主动公开政府信息情况)."""
    title = f"表{'一二三'[int(table.tid[1]) - 2]} {table.heading[2:]}"
    return PrintedTable(table.tid, table.heading, [[PCell(title, cs=table.width, kind="note")]] + table.rows,
                        table.width)


def _serial_column(table: PrintedTable) -> PrintedTable:
    """The table with a first column 序号 numbering its rows that carry values (header rows: blank)."""
    rows, n = [], 0
    for k, row in enumerate(table.rows):
        if any(c.kind == "value" for c in row):
            n += 1
            cell = PCell(str(n), kind="serial")
        else:
            cell = PCell("序号" if k == 0 else "", kind="header")
        rows.append([cell] + row)
    return PrintedTable(table.tid, table.heading, rows, table.width + 1)


REMARKS = {1: "含转办件", 4: "均已答复", 9: "依法告知"}


def _remark_column(table: PrintedTable) -> PrintedTable:
    """The table with a last column 备注: a short note in a few rows that carry values, else blank."""
    rows, n = [], 0
    for k, row in enumerate(table.rows):
        if any(c.kind == "value" for c in row):
            n += 1
            cell = PCell(REMARKS.get(n, ""), kind="note")
        else:
            cell = PCell("备注" if k == 0 else "", kind="header")
        rows.append(row + [cell])
    return PrintedTable(table.tid, table.heading, rows, table.width + 1)


def printed_tables(doc) -> dict:
    """tid -> PrintedTable (or a list of them, a table printed in pieces) for the tables the document prints."""
    make = {"t2": t2_table, "t3": t3_transposed if doc.layout.get("t3_transposed") else t3_table, "t4": t4_table}
    out = {tid: make[tid](doc) for tid in doc.tables}
    if doc.layout.get("serial_col"):
        out = {tid: _serial_column(t) if tid in doc.layout["serial_col"] else t for tid, t in out.items()}
    if doc.layout.get("remark_col"):
        out = {tid: _remark_column(t) if tid == "t3" else t for tid, t in out.items()}
    if doc.layout.get("caption_row"):
        out = {tid: _caption_row(t) if isinstance(t, PrintedTable) else t for tid, t in out.items()}
    if doc.layout.get("unit_row"):
        out = {tid: _unit_row(t) if tid in ("t2", "t3") else t for tid, t in out.items()}
    return out
