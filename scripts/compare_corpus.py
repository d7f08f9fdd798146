#!/usr/bin/env python3
"""Compare every same-issuer pair of the shared corpus, and the two 宿迁 years inside r0024.

usage: compare_corpus.py [--json OUT]

1. Analyses the corpus reports, groups them by issuer (``link.series.normalize_issuer``,
   the key ``gisnlp tag`` uses) and compares each issuer's consecutive years; r0001
   and r0003 (two issuers of 淮安) are compared as a control.
2. r0024 is a hand-made-style comparison printed by another tool: the 2023 report in
   the left column, the 2024 one in the right, with its own repetition rates. Each
   page is cut down the middle with pdfplumber, the tool's own lines (…重复率…) are
   dropped, both texts are analysed and compared, and our rates are printed next to
   the rates the PDF prints (its definitions are not published, so they are a
   reference, not a gold standard).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
CONTROL = ("r0001", "r0003")


def split_columns(pdf_path: Path) -> tuple[str, str]:
    """Left and right column text of a two-column PDF, the tool's rate lines dropped."""
    import pdfplumber
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    left, right = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            mid = page.width / 2
            for out, box in ((left, (0, 0, mid, page.height)), (right, (mid, 0, page.width, page.height))):
                out.append(page.crop(box).extract_text() or "")
    keep = lambda t: "\n".join(l for l in t.splitlines() if "重复率" not in l and "年报告" not in l)  # noqa: E731
    return keep("\n".join(left)), keep("\n".join(right))


def printed_rates(pdf_path: Path) -> dict:
    """The rates r0024 prints on its first page."""
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        head = pdf.pages[0].extract_text() or ""
    rates = {k: int(v) / 100 for k, v in re.findall(r"(文字|表格|总体)重复率[:：]\s*(\d+)%", head)}
    return {"text": rates.get("文字"), "tables": rates.get("表格"), "overall": rates.get("总体")}


def row(c) -> dict:
    """The figures reported for one comparison."""
    secs = {s.id: s.reuse for s in c.sections if s.reuse is not None}
    return {"old": f"{c.old.doc_id} {c.old.year}", "new": f"{c.new.doc_id} {c.new.year}", **c.reuse,
            "sections": secs, "paragraphs": c.summary["counts"]["paragraphs"],
            "cells_changed": c.summary["counts"]["cells"]["changed"],
            "abrupt": c.summary["counts"]["cells"]["abrupt"],
            "claims": c.summary["counts"]["claims"], "failed_checks": [x.rule for x in c.failed_checks()],
            "notes": c.notes, "seconds": c.seconds}


def main() -> int:
    """Compare the corpus pairs and r0024's columns; print one line per pair."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the rows to this file")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"needs {CORPUS}")
    import gisnlp
    from gisnlp.compare import compare
    from gisnlp.compare.pairs import consecutive_pairs
    from gisnlp.link.series import normalize_issuer
    nlp = gisnlp.load()
    reports = {}
    for f in sorted(CORPUS.iterdir()):
        if f.stem in ("r0024", "r0025", "r0022"):       # comparison, blank template, fragment
            continue
        reports[f.stem] = nlp(str(f))
    groups: dict[str, list] = {}
    for r in reports.values():
        groups.setdefault(normalize_issuer(r.meta.issuer) or r.doc_id, []).append(r)
    rows = []
    for key, rs in sorted(groups.items()):
        for a, b in consecutive_pairs(rs):
            rows.append({"issuer": key, **row(compare(a, b))})
    a, b = (reports[x] for x in CONTROL)
    rows.append({"issuer": "control: two issuers", **row(compare(a, b))})
    pdf = CORPUS / "r0024.pdf"
    left, right = split_columns(pdf)
    old = nlp(left, doc_id="r0024-left-2023")
    new = nlp(right, doc_id="r0024-right-2024")
    t0 = time.perf_counter()
    c = compare(old, new)
    rows.append({"issuer": "宿迁 (r0024 columns)", **row(c), "printed": printed_rates(pdf),
                 "years_read": [old.meta.year, new.meta.year], "cells": [len(old.cells), len(new.cells)],
                 "wall_s": round(time.perf_counter() - t0, 3)})
    for r in rows:
        secs = " ".join(f"{k}={v:.2f}" for k, v in r["sections"].items())
        fmt = lambda v: "  —  " if v is None else f"{v:.3f}"   # noqa: E731
        print(f"{r['issuer']:<22} {r['old']:<22} → {r['new']:<22} text {fmt(r['text'])} tables {fmt(r['tables'])} "
              f"overall {fmt(r['overall'])} | {secs} | paragraphs {r['paragraphs']} cells changed "
              f"{r['cells_changed']} (abrupt {r['abrupt']}) claims {r['claims']} failed {r['failed_checks']}")
        if "printed" in r:
            p = r["printed"]
            print(f"{'':<22} printed by the other tool: text {p['text']} tables {p['tables']} overall {p['overall']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
