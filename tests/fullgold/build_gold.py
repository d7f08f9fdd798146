#!/usr/bin/env python3
"""Build the whole-report gold set: annotated sources (src/*.src) → DOC.txt + gold/DOC.json.

usage: python3 tests/fullgold/build_gold.py

A source is the report as written by hand, with its annotations inline, so the
gold is written with the text and never from the package's output:

    #! key=value ...           metadata (doc_type year issuer level template; trad=1
                               prints the document in traditional characters, wrap=N its body
                               lines N characters to a line); ``#! note TEXT``
    #h LINE / #b LINE / #t LINE   a heading / boilerplate (web debris, furniture) / table line
    LINE ⟪a,b⟫                 the line's disclosure domains (none: [])
    ⟦TEXT|UNIT|FLAGS|METRIC|CELLS⟧   a fact. TEXT is printed; its value is its Arabic
                               number with 万/亿 multiplied out, or ``TEXT=VALUE`` gives it.
                               FLAGS (comma-separated): count (default) amount share change rate;
                               up down; over nearly about at_most at_least; target; soft
                               (core: false). CELLS: ids joined by ``+``; ``W U R O D`` stand for the
                               totals of the 不予公开 / 无法提供 / 不予处理 / 其他处理(2021) leaves
                               and 予以公开+部分公开.
    @@t2|t3|t4 style=lines|tabs|pipes|spaces [split=1]   a statistical table (see tables.py),
    ROW: v v v ...              rows of figures written by hand; ``-`` is a blank cell
    @@end

The table cells of the gold are the figures written in the blocks; the failed
identities are computed from them (a planted disagreement fails, as it must).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_tables import render_table, table_cells  # noqa: E402  (a sibling module)

FACT = re.compile(r"⟦([^⟧]*)⟧")
DOMAINS = re.compile(r"\s*⟪([^⟫]*)⟫\s*$")
KINDS = {"count", "amount", "share", "change", "rate"}
APPROX = {"over", "nearly", "about", "at_most", "at_least"}
LEAVES = {
    "W": ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"],
    "U": ["not_held", "not_ready", "unclear"],
    "R": ["petition", "repeat", "publication", "excessive", "confirm"],
    "O": ["no_correction", "no_fee", "other"],
}
GROUP = {"W": "withheld", "U": "unavailable", "R": "rejected", "O": "other"}
COLS = ["natural", "business", "research", "social", "legal", "other", "total"]


def number(text: str) -> float:
    """The value of a fact's printed text: its Arabic number, 万/亿 multiplied out."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        raise ValueError(f"no Arabic number in {text!r}: write TEXT=VALUE")
    v = float(m.group().replace(",", ""))
    tail = text[m.end():].lstrip("余多")     # 650余万人次
    if tail.startswith("万"):
        v *= 10000
    elif tail.startswith("亿"):
        v *= 100000000
    return int(v) if v == int(v) else v


def cells_of(spec: str) -> list[str]:
    """Cell ids named by a fact's CELLS field."""
    out = []
    for part in filter(None, spec.split("+")):
        if part == "D":
            out += ["t3.result.disclosed.total", "t3.result.partial.total"]
        elif part in LEAVES:
            out += [f"t3.result.{GROUP[part]}.{leaf}.total" for leaf in LEAVES[part]]
        else:
            out.append(part)
    return out


def fact(body: str, start: int) -> dict:
    """One gold fact from its inline annotation, at ``start`` in the printed text."""
    parts = body.split("|")
    if len(parts) != 5:
        raise ValueError(f"a fact needs TEXT|UNIT|FLAGS|METRIC|CELLS: {body!r}")
    text, unit, flags, metric, cells = parts
    if "=" in text:
        text, value = text.split("=")
        value = float(value) if "." in value else int(value)
    else:
        value = number(text)
    flags = set(filter(None, flags.split(",")))
    unknown = flags - KINDS - APPROX - {"up", "down", "target", "soft"}
    if unknown:
        raise ValueError(f"unknown flags {unknown} in {body!r}")
    ids = cells_of(cells)
    return {"start": start, "end": start + len(text), "text": text, "value": value, "unit": unit,
            "kind": next(iter(flags & KINDS), "count"), "direction": next(iter(flags & {"up", "down"}), None),
            "approx": next(iter(flags & APPROX), None), "modality": "target" if "target" in flags else "reported",
            "metric": metric, "cell": ids[0] if len(ids) == 1 else None, "cells": ids if len(ids) > 1 else None,
            "core": "soft" not in flags}


def parse_meta(line: str, meta: dict, notes: list) -> None:
    """Read one ``#!`` line into the metadata or the notes."""
    body = line[2:].strip()
    if body.startswith("note "):
        notes.append(body[5:])
        return
    for item in body.split():
        k, v = item.split("=", 1)
        meta[k] = None if v == "null" else int(v) if k in ("year", "trad", "wrap") else v


def build(src: Path) -> tuple[str, dict]:
    """The printed text of one source and its gold JSON."""
    meta, notes, lines, tables = {}, [], [], {}
    rows = src.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(rows):
        line = rows[i]
        i += 1
        if line.startswith("#!"):
            parse_meta(line, meta, notes)
            continue
        if line.startswith("@@t"):
            head = line[2:].split()
            opts = dict(x.split("=") for x in head[1:])
            block = []
            while not rows[i].startswith("@@end"):
                block.append(rows[i])
                i += 1
            i += 1
            figures = {k.strip(): v.split() for k, v in (r.split(":", 1) for r in block if r.strip())}
            name = head[0]
            tables[name] = figures
            lines += [(t, "table", "") for t in render_table(name, meta["template"], figures, opts)]
            continue
        kind = "body"
        if line.startswith("#h "):
            kind, line = "heading", line[3:]
        elif line.startswith("#b "):
            kind, line = "boilerplate", line[3:]
        elif line.startswith("#t "):
            kind, line = "table", line[3:]
        lines.append((line, kind, ""))
    return assemble(meta, notes, lines, tables, src.stem)


def _wrap_points(length: int, width: int) -> list[int]:
    """Where a body line of ``length`` characters breaks when printed ``width`` to a line."""
    return list(range(width, length, width)) if width else []


def _shift(i: int, points: list[int], end: bool) -> int:
    """An offset into a line after its line breaks are inserted (an end stays before a break)."""
    return i + sum(1 for p in points if (p < i if end else p <= i))


def _printed_line(raw: str, conv) -> tuple[str, list[dict], list[str]]:
    """One source line without its annotations: the text, its facts (offsets in the line), its domains."""
    m = DOMAINS.search(raw)
    domains = [d for d in m.group(1).split(",") if d] if m else []
    raw = raw[:m.start()] if m else raw
    printed, k, facts = "", 0, []
    for fm in FACT.finditer(raw):
        printed += raw[k:fm.start()]
        f = fact(fm.group(1), len(printed))
        printed += f["text"]
        facts.append(f)
        k = fm.end()
    printed += raw[k:]
    if conv:
        t = conv.convert(printed)
        assert len(t) == len(printed), f"conversion changed the length of {printed!r}"
        for f in facts:
            f["text"] = t[f["start"]:f["end"]]
        printed = t
    return printed, facts, domains


def assemble(meta: dict, notes: list, lines: list, tables: dict, doc_id: str) -> tuple[str, dict]:
    """Strip the annotations, place facts and segments by offset, add cells and failed checks.

    ``#! wrap=N`` prints every body line N characters to a line, as text copied out of a PDF:
    a fact may then hold a line break, and every printed line is a segment of its own.
    """
    out, facts, segments = [], [], []
    pos = 0
    trad, width = meta.pop("trad", 0), int(meta.pop("wrap", 0) or 0)
    conv = None
    if trad:
        import opencc
        conv = opencc.OpenCC("s2t")
    for raw, kind, _ in lines:
        printed, line_facts, domains = _printed_line(raw, conv)
        points = _wrap_points(len(printed), width) if kind == "body" else []
        for f in line_facts:
            f["start"], f["end"] = pos + _shift(f["start"], points, False), pos + _shift(f["end"], points, True)
        for p in reversed(points):
            printed = printed[:p] + "\n" + printed[p:]
        for f in line_facts:
            f["text"] = "".join(printed[f["start"] - pos:f["end"] - pos])
        facts += line_facts
        start = pos
        for piece in printed.split("\n"):
            stripped = piece.strip()
            if stripped:
                s = start + len(piece) - len(piece.lstrip())
                segments.append({"start": s, "end": s + len(stripped), "domains": domains, "kind": kind,
                                 "text_head": stripped[:20]})
            start += len(piece) + 1
        out.append(printed)
        pos += len(printed) + 1
    text = "\n".join(out) + "\n"
    for f in facts:
        assert text[f["start"]:f["end"]] == f["text"], f
    for seg in segments:
        seg["line"] = text.count("\n", 0, seg["start"]) + 1
    cells, checks = table_cells(meta.get("template"), tables)
    gold = {"doc_id": doc_id, "meta": meta, "tables": {"cells": cells}, "checks": checks, "notes": notes,
            "facts": facts, "segments": segments}
    return text, gold


def main() -> int:
    """Build every source under src/ into HERE/DOC.txt and HERE/gold/DOC.json."""
    (HERE / "gold").mkdir(exist_ok=True)
    for src in sorted((HERE / "src").glob("*.src")):
        text, gold = build(src)
        (HERE / "docs").mkdir(exist_ok=True)
        (HERE / "docs" / f"{src.stem}.txt").write_text(text, encoding="utf-8")
        with open(HERE / "gold" / f"{src.stem}.json", "w", encoding="utf-8") as fh:
            json.dump(gold, fh, ensure_ascii=False, indent=1)
        print(f"{src.stem}: {len(text)} chars, {len(gold['facts'])} facts, {len(gold['tables']['cells'])} cells, "
              f"{len(gold['checks'])} failed checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
