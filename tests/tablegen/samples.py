"""Generated reports, one per (layout, seed): the document bytes and the cells a parser should read.

``LAYOUTS`` names every layout; ``make_sample(layout, seed)`` builds one
report deterministically from the seed. A text layout gives a .txt (or .md)
document; ``html``, ``html_one_grid`` and ``docx`` give files for the real
readers; ``pdf`` gives the DOCX that ``file_layouts.docx_to_pdf`` converts, and the
``*_reading_order`` layouts that PDF's text copied in reading order (every
layout starting with ``pdf`` is finished by ``file_layouts.render_pdf_samples``).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from . import cms_layouts as cms
from . import file_layouts as files
from . import text_layouts as text
from .figures import COLS, Figures, blank_out, generate
from .printed import PrintedTable, PrintedTables, Style, build

ISSUERS = ["青石县人民政府", "临江市教育局", "云溪镇人民政府", "南屏市生态环境局北湖分局", "东岭工业园区管理委员会",
           "山北省卫生健康委员会", "河西区人民政府", "西川市人民政府办公室"]
TAIL = ["五、存在的主要问题及改进情况", "一是政策解读形式不够丰富;二是基层公开标准化仍需加强。",
        "六、其他需要报告的事项", "本年度未收取信息处理费。"]
BLANKS = ["", "", "/", "—", "-"]
PLACEHOLDERS = ["/", "—", "-", "0"]


@dataclass
class Sample:
    """One generated report and what reading it should give."""

    layout: str
    seed: int
    data: bytes
    ext: str
    figures: Figures
    expected: dict                      # cell id -> value of every printed number
    identities: int                     # identities that must run (all cells of the three tables present)
    notes: dict = field(default_factory=dict)


def _title(fig: Figures, rng: random.Random) -> str:
    return f"{rng.choice(ISSUERS)}{fig.year}年政府信息公开工作年度报告"


def _opening(fig: Figures) -> list:
    return ["一、总体情况", f"{fig.year}年,本机关认真贯彻落实《中华人民共和国政府信息公开条例》,各项工作有序推进。"]


def _figures(rng: random.Random, blanks: str, transitional: bool = False) -> tuple[Figures, str]:
    """Figures and what a blank cell shows.

    ``blanks``: ``blank`` prints some zeros as empty cells or placeholders,
    ``placeholder`` only as placeholders (/ — -) a text layout can show,
    ``none`` prints every zero.
    """
    fig = generate(rng, transitional=transitional)
    if blanks == "none":
        return fig, "0"
    blank = rng.choice(BLANKS) if blanks == "blank" else rng.choice(PLACEHOLDERS)
    if blank != "0":
        fig = blank_out(rng, fig, rng.choice([0.0, 0.3, 1.0]))
        if rng.random() < 0.15:   # 本年收费金额 printed blank
            fig.t2 = {k: (None if k.startswith("t2.art20_8") else v) for k, v in fig.t2.items()}
    return fig, blank


def _text_sample(rng: random.Random, render: Callable, blanks: str = "blank", headings: bool = True,
                 notes: bool = False, footers: bool = False, blank_lines: bool = False, one_line: bool = False,
                 transitional: bool = False, style: dict | None = None, ext: str = ".txt"):
    """A text document: title, opening, the three tables rendered by ``render``, closing parts."""
    fig, blank = _figures(rng, blanks, transitional)
    st = Style.random(rng, **{"blank": blank, **(style or {})})
    printed = build(fig, st)
    table_lines = []
    for t in printed.tables:
        block = [t.heading] if headings else []
        if notes:
            block.append(rng.choice(["单位:件", "(单位:件)", "单位：件"]))
        body = render(t, rng)
        if blank_lines:
            body = [x for line in body for x in ([line, ""] if rng.random() < 0.3 else [line])]
        if footers:
            body = text.with_footers(body, rng)
        table_lines += block + body
    if one_line:
        table_lines = ["".join(table_lines)]
    lines = [_title(fig, rng)] + _opening(fig) + table_lines + TAIL
    return fig, "\n".join(lines) + "\n", ext


def _html_sample(rng: random.Random, one_grid: bool = False):
    fig, blank = _figures(rng, "blank")
    st = Style.random(rng, blank=blank)
    printed = build(fig, st)
    title = _title(fig, rng)
    parts = _opening(fig)
    if one_grid:
        parts.append(("table", files.html_one_grid(printed.tables, rng)))
    else:
        for t in printed.tables:
            parts += [t.heading, ("table", files.html_table(t, rng))]
    return fig, files.html_document(title, parts + TAIL, rng), ".html"


def _docx_sample(rng: random.Random, narrow: bool = False):
    """A DOCX report; ``narrow``: borderless tables with label columns two to four characters wide, blank
    cells printed as placeholders (a PDF's text keeps no empty column)."""
    fig, blank = _figures(rng, "placeholder" if narrow else "blank")
    st = Style.random(rng, blank=blank)
    printed = build(fig, st)
    parts = _opening(fig)
    for t in printed.tables:
        parts += [t.heading, t]
    label_chars = rng.randint(2, 4) if narrow else 0
    return fig, files.docx_document(_title(fig, rng), parts + TAIL, label_chars), ".docx"


def _other_tool_sample(rng: random.Random, kind: str):
    """A report from another publishing tool (cms_layouts.py), its tables reshaped or wrapped.

    ``kind``: word_html (Word "save as web page", blanks printed "" / 无 / —, tables sometimes framed)
    · turned (table 三 and/or 四 turned over, in HTML, DOCX or HTML inside markdown) · t4_blocks
    (table 四 as stacked blocks, in one table or two) · docx_wrapped (tables in text boxes, frame
    tables or content controls) · md_html (markdown with raw HTML tables) · row_tables (HTML, every
    row its own <table>)."""
    fig, blank = _figures(rng, "blank")
    if blank != "0" and kind == "word_html":
        blank = rng.choice(["", "无", "—"])
    printed = build(fig, Style.random(rng, blank=blank))
    tables = []
    for t in printed.tables:
        if kind == "turned" and (t.tid == "t3" or (t.tid == "t4" and rng.random() < 0.5)):
            t = cms.turn(t)
        tables += cms.t4_blocks(t, rng.random() < 0.5) if kind == "t4_blocks" and t.tid == "t4" else [t]
    parts = _opening(fig)
    for t in tables:
        parts += [t.heading, t] if t.heading else [t]
    fmt = {"word_html": "word", "docx_wrapped": "docx_wrapped", "md_html": "md", "row_tables": "rows"}.get(kind) \
        or rng.choice(["html", "docx", "md"])
    title = _title(fig, rng)
    if fmt == "word":
        framed = rng.random() < 0.3
        return fig, cms.word_html_page(title, [title] + parts + TAIL, cms.frame_html if framed else str), ".html"
    if fmt == "docx_wrapped":
        return fig, cms.docx_wrapped(title, parts + TAIL, lambda t: rng.choice(cms.WRAPS)), ".docx"
    if fmt == "docx":
        return fig, files.docx_document(title, parts + TAIL), ".docx"
    if fmt == "rows":      # every row its own <table> (an editor's paste); spans cut at each row
        return fig, files.html_document(title, [p if not isinstance(p, PrintedTable) else
                                                ("table", cms.row_tables(p, rng)) for p in parts + TAIL], rng), ".html"
    if fmt == "html":
        return fig, files.html_document(title, [("table", files.html_table(p, rng)) if isinstance(p, PrintedTable)
                                                else p for p in parts + TAIL], rng), ".html"
    lines = [title] + [x for p in parts + TAIL for x in (cms.html_in_markdown(p) if isinstance(p, PrintedTable)
                                                          else [p])]
    return fig, "\n".join(lines) + "\n", ".md"


def _moved_columns(rng: random.Random):
    order = list(COLS)
    while order == COLS:
        rng.shuffle(order)
    render = rng.choice([text.tab_rows, text.markdown, text.tab_matrix])
    return _text_sample(rng, render, style={"column_order": order})


LAYOUTS: dict[str, Callable] = {
    "md_outer_pipes": lambda rng: _text_sample(rng, text.markdown, blank_lines=rng.random() < 0.3, ext=".md"),
    "md_no_outer_pipes": lambda rng: _text_sample(rng, text.markdown_no_outer),
    "tab_matrix": lambda rng: _text_sample(rng, text.tab_matrix),
    "tab_rows": lambda rng: _text_sample(rng, text.tab_rows, blank_lines=rng.random() < 0.3),
    "cell_per_line": lambda rng: _text_sample(rng, text.cell_per_line, blanks="placeholder"),
    "value_per_line_pipes": lambda rng: _text_sample(rng, text.value_per_line_pipes),
    "space_rows": lambda rng: _text_sample(rng, text.space_rows, blanks="placeholder"),
    "run_together": lambda rng: _text_sample(rng, text.run_together, blanks="none", one_line=True,
                                             style={"blank": "0", "thousands": False}),
    "split_labels": lambda rng: _text_sample(rng, text.split_labels, blanks="placeholder"),
    "split_labels_tab": lambda rng: _text_sample(rng, text.split_labels_tab),
    "moved_columns": _moved_columns,
    "page_footers": lambda rng: _text_sample(rng, rng.choice([text.tab_matrix, text.space_rows, text.cell_per_line]),
                                             blanks="placeholder", footers=True),
    "values_before_labels": lambda rng: _text_sample(rng, text.values_before_labels, blanks="placeholder"),
    "wrapped_below": lambda rng: _text_sample(rng, text.wrapped_below, blanks="placeholder"),
    "reading_order_pieces": lambda rng: _text_sample(rng, text.reading_order_pieces, blanks="placeholder"),
    "reading_order_blocks": lambda rng: _text_sample(rng, text.reading_order_blocks, blanks="placeholder"),
    "no_headings_unit_notes": lambda rng: _text_sample(rng, rng.choice([text.tab_matrix, text.cell_per_line]),
                                                       blanks="placeholder", headings=False, notes=True,
                                                       blank_lines=True),
    "ocr_typos": lambda rng: _text_sample(rng, rng.choice([text.cell_per_line, text.tab_rows]),
                                          blanks="placeholder", style={"typos": 3}),
    "transitional_t2": lambda rng: _text_sample(rng, rng.choice([text.tab_rows, text.cell_per_line]),
                                                blanks="placeholder", transitional=True),
    "word_html": lambda rng: _other_tool_sample(rng, "word_html"),
    "turned": lambda rng: _other_tool_sample(rng, "turned"),
    "t4_blocks": lambda rng: _other_tool_sample(rng, "t4_blocks"),
    "docx_wrapped": lambda rng: _other_tool_sample(rng, "docx_wrapped"),
    "md_html": lambda rng: _other_tool_sample(rng, "md_html"),
    "row_tables": lambda rng: _other_tool_sample(rng, "row_tables"),
    "html": lambda rng: _html_sample(rng),
    "html_one_grid": lambda rng: _html_sample(rng, one_grid=True),
    "docx": _docx_sample,
    "pdf": _docx_sample,            # the DOCX; converted to PDF by the caller (file_layouts.docx_to_pdf)
    "pdf_narrow_labels": lambda rng: _docx_sample(rng, narrow=True),   # the same, borderless, narrow labels
    # the two PDFs above copied as reading-order text (pdftotext without -layout): file_layouts.render_pdf_samples
    "pdf_reading_order": _docx_sample,
    "pdf_narrow_reading_order": lambda rng: _docx_sample(rng, narrow=True),
}


def make_sample(layout: str, seed: int) -> Sample:
    """The report of ``layout`` for ``seed`` (deterministic)."""
    rng = random.Random(f"{layout}:{seed}")
    fig, data, ext = LAYOUTS[layout](rng)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return Sample(layout, seed, data, ext, fig, fig.expected(), fig.identity_count())
