#!/usr/bin/env python3
"""Whole reports written for the test set (tests/wholedocs): cells, checks and metadata per document.

usage: python3 scripts/eval_wholedocs.py [--set all|first|unseen] [--json OUT] [-v]

Each document of tests/wholedocs/catalogue.py (HTML, DOCX, text, markdown; tables
in the layouts government sites and offices publish) is written to a file and
read with ``gisnlp.analyze``, as a user would. Per document: cell precision and
recall on (cell id, value); identity checks that failed (the figures satisfy
every identity, so any failure is a misreading) and that could not run;
doc_type, year, issuer and template against what the document says; and
whether ``meta.partial`` is set exactly for the documents cut short. The gisnlp
measured is the one first on sys.path (set PYTHONPATH to measure another
checkout); the documents always come from this checkout's tests/.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

META = ("doc_type", "year", "issuer", "template")
IDENTITY_RULES = ("t3.balance.", "t3.row_sum.", "t3.result_sum.", "t4.sum.")


def score(doc, report) -> dict:
    """Cell counts, identity counts and metadata agreement of one analysed document."""
    want = doc.expected_cells()
    got = {c.id: c.value for c in report.cells if c.id[:3] in ("t2.", "t3.", "t4.")}
    tp = sum(1 for k, v in got.items() if k in want and abs(float(v) - float(want[k])) < 1e-6)
    checks = [c for c in report.checks if c.rule.startswith(IDENTITY_RULES)]
    meta = {f: getattr(report.meta, f) for f in META}
    truth = {"doc_type": doc.doc_type, "year": doc.year, "issuer": doc.issuer, "template": doc.template}
    return {"tp": tp, "fp": len(got) - tp, "fn": len(want) - tp, "cells": len(want),
            "wrong": sorted((k, v, want.get(k)) for k, v in got.items()
                            if k not in want or abs(float(v) - float(want[k])) >= 1e-6)[:6],
            "missed": sorted(k for k in want if k not in got)[:6],
            "failed": [c.rule for c in checks if c.status == "fail"],
            "unknown": sum(c.status == "unknown" for c in checks), "run": sum(c.status in ("pass", "fail")
                                                                              for c in checks),
            "meta": {f: meta[f] == truth[f] for f in META}, "meta_got": meta,
            "partial_ok": bool(report.meta.partial) == doc.expect_partial}


def run(docs, verbose: bool = False) -> dict:
    """Analyse every document; returns id -> score (a crash is recorded, not raised)."""
    import gisnlp
    from wholedocs import render
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            data, ext = render(doc)
            path = Path(tmp) / f"{doc.id}{ext}"
            path.write_bytes(data)
            try:
                report = gisnlp.analyze(str(path))
            except Exception as e:   # a crash is a finding: every cell missed
                out[doc.id] = {"tp": 0, "fp": 0, "fn": len(doc.expected_cells()), "cells": len(doc.expected_cells()),
                               "crash": f"{type(e).__name__}: {e}", "meta": {f: False for f in META},
                               "failed": [], "unknown": 0, "run": 0, "partial_ok": False}
                continue
            out[doc.id] = score(doc, report)
            if verbose:
                s = out[doc.id]
                if s["fp"] or s["fn"] or not all(s["meta"].values()) or s["failed"] or not s["partial_ok"]:
                    print(f"  {doc.id}: wrong {s['wrong']} missed {s['missed']} failed {s['failed'][:4]} "
                          f"meta {s['meta_got']} partial_ok {s['partial_ok']}", file=sys.stderr)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--set", choices=("all", "first", "unseen"), default="all",
                    help="the first forty documents, the thirty in unseen layouts, or both")
    a = ap.parse_args(argv)
    import gisnlp
    import wholedocs
    DOCS = {"all": wholedocs.DOCS, "first": wholedocs.FIRST, "unseen": wholedocs.UNSEEN}[a.set]
    res = run(DOCS, a.verbose)
    print(f"gisnlp from {Path(gisnlp.__file__).parent}; {len(DOCS)} documents")
    print(f"{'document':38} {'P':>6} {'R':>6} {'cells':>5}  fail unkn  meta(type/year/issuer/tpl) partial")
    tot = {"tp": 0, "fp": 0, "fn": 0}
    meta_ok = {f: 0 for f in META}
    for doc in DOCS:
        s = res[doc.id]
        for k in tot:
            tot[k] += s[k]
        for f in META:
            meta_ok[f] += s["meta"][f]
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        flags = "".join("1" if s["meta"][f] else "0" for f in META)
        crash = f"  CRASH {s['crash']}" if "crash" in s else ""
        print(f"{doc.id:38} {p:6.3f} {r:6.3f} {s['cells']:5d}  {len(s['failed']):4d} {s['unknown']:4d}  "
              f"{flags:>26} {'ok' if s['partial_ok'] else 'WRONG':>7}{crash}")
    P = tot["tp"] / (tot["tp"] + tot["fp"]) if tot["tp"] + tot["fp"] else 1.0
    R = tot["tp"] / (tot["tp"] + tot["fn"]) if tot["tp"] + tot["fn"] else 1.0
    n = len(DOCS)
    print(f"cells: P={P:.4f} R={R:.4f} (tp={tot['tp']} fp={tot['fp']} fn={tot['fn']}); documents fully read: "
          f"{sum(1 for d in DOCS if res[d.id]['fp'] == 0 and res[d.id]['fn'] == 0)}/{n}")
    print("meta: " + ", ".join(f"{f}={meta_ok[f]}/{n}" for f in META) +
          f"; partial flag right {sum(res[d.id]['partial_ok'] for d in DOCS)}/{n}; "
          f"documents with a failed identity {sum(1 for d in DOCS if res[d.id]['failed'])}")
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
