"""Consecutive-year report pairs with known answers for the comparison (``tests/data/compare_pairs/*.yaml``).

Each YAML file describes one fictional issuer's two reports and the answers
``gisnlp.compare`` must give on them, all written by hand:

* ``old`` / ``new``: year, format (txt | md | html | docx), table layout (a renderer
  of ``tablegen.text_layouts``), template, whether a title is printed, and the
  parts in order. A part entry is ``{h: heading, sec: part id}``, ``{p: [sentences]}``
  or ``{table: t2|t3|t4}``. NEW's sentences carry the gold label as a prefix:
  ``= `` copied word for word, ``~ `` copied with figures or years changed,
  ``≈ `` copied and lightly edited, ``+ `` new, ``t `` template wording (not
  counted). OLD's sentences are plain.
* ``tables``: per year the non-zero cells (table 二 by cell id, table 三 rows
  as six applicant columns, table 四 by ``group.column``); totals are summed
  here and table 三's balance is asserted, so a pair cannot be inconsistent.
* ``consecutive: false``: the two years are not consecutive (no carry-over holds or fails);
* ``gold``: ``carry_fail`` (table 三 columns whose 结转下年度 → 上年结转 does
  not hold; every other column present in both years holds), ``claims`` (each
  比上年/同比 claim of NEW by its text and the verdict last year's figure gives:
  pass | fail | unknown) and ``notes``.

``load_pairs()`` gives every pair; ``Pair.document(side)`` the bytes and
extension of one year's file; ``Pair.cells(side)`` its table cells by id.
"""
from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tablegen import text_layouts
from tablegen.figures import COLS, T2_BLOCKS, T4_COLS, T4_GROUPS, Figures, t3_rows
from tablegen.file_layouts import docx_document, html_table
from tablegen.printed import Style, build

PAIRS_DIR = Path(__file__).parent / "data" / "compare_pairs"
LABELS = {"=": "verbatim", "~": "figures", "≈": "edited", "+": "new", "t": "template"}
COPIED = ("verbatim", "figures", "edited")


@dataclass
class Sentence:
    """One sentence of NEW with its gold label and part."""

    text: str
    label: str
    section: str


@dataclass
class Pair:
    """One pair of reports and its hand-written answers."""

    name: str
    spec: dict
    gold: dict = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        """The issuer both reports are of."""
        return self.spec["issuer"]

    def figures(self, side: str) -> Figures:
        """The table values of ``side`` (old | new) as a tablegen ``Figures``, identities asserted."""
        return _figures(self.spec[side], self.spec["tables"][side], f"{self.name}:{side}")

    def cells(self, side: str) -> dict:
        """Every printed table value of ``side`` by canonical cell id (tables the year prints only)."""
        printed = tuple(p["table"] for p in self.spec[side]["parts"] if "table" in p)
        return self.figures(side).expected(printed)

    def sentences(self) -> list[Sentence]:
        """NEW's labelled sentences in reading order, each with the part it stands in."""
        out, sec = [], "preamble"
        for part in self.spec["new"]["parts"]:
            if "h" in part:
                sec = part.get("sec", sec)
            for s in part.get("p", []):
                tag, _, text = s.partition(" ")
                out.append(Sentence(text, LABELS[tag], sec))
        return out

    def document(self, side: str) -> tuple[bytes, str]:
        """(file bytes, extension) of one year's report as its format prints it."""
        spec = self.spec[side]
        fig = self.figures(side)
        style = Style(rng=random.Random(self.name), blank="0", **spec.get("style", {}))
        tables = {t.tid: t for t in build(fig, style).tables}
        title = f"{self.issuer}{spec['year']}年政府信息公开工作年度报告"
        fmt = spec.get("format", "txt")
        render = getattr(text_layouts, spec.get("layout", "tab_rows"))
        rng = random.Random(self.name + side)
        blocks = []   # (kind, text): kind h | p | table
        for part in spec["parts"]:
            if "h" in part:
                blocks.append(("h", part["h"]))
            elif "p" in part:
                blocks.append(("p", "".join(s if side == "old" else s.partition(" ")[2] for s in part["p"])))
            else:
                t = tables[part["table"]]
                blocks.append(("table", t if fmt == "docx" else html_table(t, rng) if fmt == "html"
                               else "\n".join(render(t, rng))))
        if fmt == "docx":
            body = [text for _, text in blocks]
            return docx_document(title if spec.get("title", True) else "", body), ".docx"
        if fmt == "html":
            body = "".join(text if k == "table" else f"<{'h3' if k == 'h' else 'p'}>{html.escape(text)}</"
                           f"{'h3' if k == 'h' else 'p'}>" for k, text in blocks)
            head = f"<h1>{html.escape(title)}</h1>" if spec.get("title", True) else ""
            page = (f"<html><head><meta charset=\"utf-8\"><title>{html.escape(spec.get('page_title', title))}"
                    f"</title></head><body><div class=\"nav\">首页 &gt; 政务公开 &gt; 年度报告</div>{head}{body}"
                    "<div class=\"foot\">主办单位：" + html.escape(self.issuer) + "</div></body></html>")
            return page.encode("utf-8"), ".html"
        lines = [("# " if fmt == "md" else "") + title] if spec.get("title", True) else []
        wrap = spec.get("wrap")      # hard line breaks every ``wrap`` characters, as pdftotext leaves them
        for k, text in blocks:
            if wrap and k == "p":
                text = "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap))
            lines.append(("## " if fmt == "md" and k == "h" else "") + text)
        sep = "\n\n" if spec.get("blank_lines", fmt == "md") else "\n"
        return (sep.join(lines) + "\n").encode("utf-8"), ".md" if fmt == "md" else ".txt"


def _figures(side: dict, values: dict, where: str) -> Figures:
    """Fill the template's cells (zeros where ``values`` says nothing), sum the totals, check table 三."""
    template = side.get("template", "2021")
    blocks = {art: template for art, _, shapes in T2_BLOCKS if template in shapes}
    ids = [f"t2.{art}.{row}.{col}" for art, rows, shapes in T2_BLOCKS if art in blocks
           for row, only in rows if only in (None, template) for col in shapes[template]]
    t2 = {cid: (values.get("t2") or {}).get(cid, 0) for cid in ids}
    unknown = set(values.get("t2") or {}) - set(t2)
    assert not unknown, f"{where}: table 二 cells not in the {template} template: {sorted(unknown)}"
    given = values.get("t3") or {}
    t3 = {}
    for rid in t3_rows(template):
        if rid == "result.total":
            continue
        six = list(given.get(rid, [0] * 6))
        assert len(six) == 6, f"{where}: t3 row {rid} needs six applicant columns"
        t3[rid] = six + [sum(six)]
    results = [r for r in t3 if r.startswith("result.")]
    total = [sum(t3[r][i] for r in results) for i in range(7)]
    t3 = {k: v for k, v in t3.items() if k != "carried_out"}
    t3["result.total"] = total
    t3["carried_out"] = list(given.get("carried_out", [0] * 6)) + [sum(given.get("carried_out", [0] * 6))]
    for i, col in enumerate(COLS):
        lhs = t3["new"][i] + t3["carried_in"][i]
        rhs = t3["result.total"][i] + t3["carried_out"][i]
        assert lhs == rhs, f"{where}: table 三 column {col} does not balance ({lhs} vs {rhs})"
    t4 = []
    got = values.get("t4") or {}
    for g in T4_GROUPS:
        four = [got.get(f"{g}.{c}", 0) for c in T4_COLS[:4]]
        t4 += four + [sum(four)]
    return Figures(template, side["year"], t2, blocks, t3, t4)


def load_pairs(names=None) -> list[Pair]:
    """Every pair of ``tests/data/compare_pairs`` (or those named), sorted by file name."""
    out = []
    for path in sorted(PAIRS_DIR.glob("*.yaml")):
        if names and path.stem not in names:
            continue
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(Pair(path.stem, spec, spec.get("gold") or {}))
    return out
