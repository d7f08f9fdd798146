#!/usr/bin/env python3
"""Score the tables and link steps against hand-verified held-out answers.

usage: python3 scripts/eval_tables.py [--gold corpora/tables_heldout.jsonl] [--corpus ../shared/corpus]
                                      [--json OUT.json] [-v]

Each line of the gold file holds one corpus document (id, file, sha256), the
table cells read by hand from the document text (cell id -> value), the
identity checks that really fail as printed, and the fact -> cell links (fact
offsets into the text as read -> cell ids). Cells that cannot be read from the
text alone (an ambiguous flattened row) are left out of the gold and are
neither rewarded nor penalised. The pipeline is run on each file and scored:
cell P/R/F1 on (id, value), failed-check P/R/F1, link recall (gold links whose
fact is linked to exactly the gold cells) and precision (predicted links that
match a gold link exactly; a link on a fact with no gold link counts against).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def same(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)
    except (TypeError, ValueError):
        return False


def score_doc(gold: dict, report) -> dict:
    """Counts for one document: cells, failed checks, links, plus the differences."""
    pred = {c.id: c.value for c in report.cells if c.id[:3] in ("t2.", "t3.", "t4.")}
    g = gold["cells"]
    ctp = sum(1 for k, v in pred.items() if k in g and same(v, g[k]))
    soft = set(gold.get("soft_cells", []))
    cfp = sum(1 for k, v in pred.items() if k not in soft and not (k in g and same(v, g[k])))
    cfn = sum(1 for k, v in g.items() if not (k in pred and same(pred[k], v)))
    wrong = sorted(k for k, v in pred.items() if k not in soft and not (k in g and same(v, g[k])))
    missed = sorted(k for k, v in g.items() if not (k in pred and same(pred[k], v)))
    pfail = {c.rule for c in report.checks if c.status == "fail" and c.rule[:3] in ("t2.", "t3.", "t4.")}
    gfail = set(gold.get("failed_checks", []))
    glinks = {(x["start"], x["end"]): frozenset(x["cells"]) for x in gold.get("links", [])}
    plinks = {}
    for f in report.facts:
        cells = f.cells or ([f.cell] if f.cell else [])
        if cells:
            plinks[(f.start, f.end)] = frozenset(cells)
    lhit = sum(1 for k, v in glinks.items() if plinks.get(k) == v)
    lpred_ok = sum(1 for k, v in plinks.items() if glinks.get(k) == v)
    return {
        "cells": (ctp, cfp, cfn), "wrong_cells": wrong, "missed_cells": missed,
        "checks": (len(pfail & gfail), len(pfail - gfail), len(gfail - pfail)),
        "false_fails": sorted(pfail - gfail), "missed_fails": sorted(gfail - pfail),
        "links": (lhit, len(glinks), lpred_ok, len(plinks)),
        "link_misses": sorted([k, sorted(v), sorted(plinks.get(k, []))] for k, v in glinks.items()
                              if plinks.get(k) != v),
        "link_extra": sorted([k, sorted(v)] for k, v in plinks.items() if k not in glinks),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=os.path.join(ROOT, "corpora", "tables_heldout.jsonl"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.corpus):
        print(f"corpus not found at {a.corpus}: pass --corpus DIR (the folder holding files/)", file=sys.stderr)
        return 2
    import gisnlp

    golds = [json.loads(line) for line in open(a.gold, encoding="utf-8") if line.strip()]
    tot = {"cells": [0, 0, 0], "checks": [0, 0, 0], "links": [0, 0, 0, 0]}
    per_doc = {}
    for gold in golds:
        path = os.path.join(a.corpus, gold["file"])
        data = open(path, "rb").read()
        if hashlib.sha256(data).hexdigest() != gold["sha256"]:
            print(f"{gold['id']}: sha256 differs from the annotated file; skipped", file=sys.stderr)
            continue
        report = gisnlp.analyze(path)
        res = score_doc(gold, report)
        per_doc[gold["id"]] = res
        for k in tot:
            tot[k] = [x + y for x, y in zip(tot[k], res[k])]
        c, ch, ln = prf(*res["cells"]), prf(*res["checks"]), res["links"]
        print(f"{gold['id']}: cells F1={c['f1']} (fp={c['fp']} fn={c['fn']})  failed checks "
              f"tp={ch['tp']} fp={ch['fp']} fn={ch['fn']}  links {ln[0]}/{ln[1]} gold hit, "
              f"{ln[2]}/{ln[3]} predicted right")
        if a.verbose:
            for key in ("wrong_cells", "missed_cells", "false_fails", "missed_fails", "link_misses", "link_extra"):
                if res[key]:
                    print(f"    {key}: {res[key]}")
    cells, checks = prf(*tot["cells"]), prf(*tot["checks"])
    lh, lg, lp_ok, lp = tot["links"]
    summary = {"documents": len(per_doc), "cells": cells, "failed_checks": checks,
               "link_recall": round(lh / lg, 4) if lg else 1.0,
               "link_precision": round(lp_ok / lp, 4) if lp else 1.0,
               "gold_links": lg, "predicted_links": lp}
    print(f"table cells:   P={cells['precision']} R={cells['recall']} F1={cells['f1']} "
          f"(tp={cells['tp']} fp={cells['fp']} fn={cells['fn']})")
    print(f"failed checks: P={checks['precision']} R={checks['recall']} F1={checks['f1']} "
          f"(tp={checks['tp']} fp={checks['fp']} fn={checks['fn']})")
    print(f"links:         recall={summary['link_recall']} precision={summary['link_precision']} "
          f"(gold={lg} predicted={lp})")
    if a.json_out:
        with open(a.json_out, "w", encoding="utf-8") as fh:
            json.dump({"summary": summary, "per_doc": per_doc}, fh, ensure_ascii=False, indent=1, default=list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
