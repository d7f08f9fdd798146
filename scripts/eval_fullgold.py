#!/usr/bin/env python3
"""Score gisnlp on whole reports written for the project, with gold on every line the judge scores.

usage: python3 scripts/eval_fullgold.py [--shared ../shared] [--out DIR] [--docs d01,d02] [--per-doc]
                                        [--json OUT.json]

``tests/fullgold/docs/*.txt`` are complete reports of issuers unlike the seeds
(a ministry-level bureau, a provincial department, a prefecture city, a county
bureau on the 2019 template, a town, a street office titled only in its
breadcrumb, a high-tech zone, a provident-fund centre, a pre-2019 report, a
traditional-character district report, a county-level city's 2019 report, a
provincial work plan, a bureau's text copied out of a PDF, a district writing
numbers every way; d15-d20 by a second writer: an autonomous prefecture, a
Shanghai district office, a 2019 development zone, a vertically managed tax
bureau, a Tibetan township, a statistics bureau in heavy web debris whose
narrative disagrees with its table). ``--docs d15,d16`` scores a subset.
``tests/fullgold/gold/*.json`` is
their gold in the shape of ``../shared/gold`` (built from the hand-annotated
sources by ``tests/fullgold/build_gold.py``). Each document is analysed with
``gisnlp.analyze`` and written as the per-document JSON; the shared scorer's
own functions (``../shared/eval/score.py``) score it, so the figures are the
judge's. ``--per-doc`` adds one line per document.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
FULLGOLD = ROOT / "tests" / "fullgold"

from eval_facts import load_score_module  # noqa: E402  (a sibling script)


def analyse(docs: list[Path], out: Path) -> dict[str, dict]:
    """Analyse each document and write ``out/<doc_id>.json``; returns the per-document dicts."""
    import gisnlp
    pred = {}
    for path in docs:
        report = gisnlp.analyze(path)
        d = report.to_dict()
        d["doc_id"] = path.stem
        pred[path.stem] = d
        (out / f"{path.stem}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return pred


def score(mod, gold: dict, pred: dict) -> dict:
    """Every figure the shared scorer prints, on ``gold`` against ``pred``."""
    return {"meta": mod.score_meta(gold, pred), "tables": mod.score_tables(gold, pred),
            "facts": mod.score_facts(gold, pred), "segments": mod.score_segments(gold, pred),
            "checks": mod.score_checks(gold, pred)}


def summary(res: dict) -> list[str]:
    """The scorer's lines, in its order."""
    t, f, s, c = res["tables"], res["facts"], res["segments"], res["checks"]
    return [
        "meta accuracy:   " + ", ".join(f"{k}={v}" for k, v in res["meta"].items()),
        f"table cells:     P={t['precision']} R={t['recall']} F1={t['f1']} (tp={t['tp']} fp={t['fp']} fn={t['fn']})",
        f"facts (core):    P={f['precision']} R={f['recall']} F1={f['f1']} (tp={f['tp']} fp={f['fp']} fn={f['fn']})",
        "fact attributes: " + ", ".join(f"{k}={v}" for k, v in f["attribute_accuracy"].items()),
        f"fact->cell links: recall={f['link_recall']} precision={f['link_precision']} (gold links={f['gold_links']})",
        f"domains:         micro P={s['precision']} R={s['recall']} F1={s['f1']} macro-F1={s['macro_f1']} "
        f"exact={s['exact_set_accuracy']} ({s['segments']} segments)",
        f"failed checks:   P={c['precision']} R={c['recall']} F1={c['f1']} (tp={c['tp']} fp={c['fp']} fn={c['fn']})",
    ]


def per_doc_line(mod, doc_id: str, gold: dict, pred: dict) -> str:
    """One document's figures on one line: meta misses, cells, facts, links, domains, checks."""
    res = score(mod, {doc_id: gold[doc_id]}, pred)
    meta = [k for k, v in res["meta"].items() if v is not None and v < 1]
    t, f, s, c = res["tables"], res["facts"], res["segments"], res["checks"]

    def f1(r):   # nothing in gold and nothing predicted: no figure
        return "n/a" if r["tp"] + r["fp"] + r["fn"] == 0 else r["f1"]
    links = f"R={f['link_recall']:<6} P={f['link_precision']:<6}" if f["gold_links"] else "n/a"
    return (f"{doc_id:28} meta-miss={','.join(meta) or '-':14} cells F1={f1(t):<6} facts F1={f1(f):<6} "
            f"(fp={f['fp']} fn={f['fn']}) links {links} domains F1={f1(s):<6} checks F1={f1(c)}")


def main(argv=None) -> int:
    """Analyse, score and print; exit 2 when the shared scorer is absent."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("GISNLP_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--out", help="keep the per-document JSON here (default: a temporary folder)")
    ap.add_argument("--docs", help="comma-separated doc ids (default: all)")
    ap.add_argument("--per-doc", action="store_true")
    ap.add_argument("--json", dest="json_out")
    a = ap.parse_args(argv)
    try:
        mod = load_score_module(Path(a.shared))
    except FileNotFoundError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 2
    docs = sorted((FULLGOLD / "docs").glob("*.txt"))
    if a.docs:
        keep = set(a.docs.split(","))
        docs = [d for d in docs if d.stem in keep or d.stem.split("_")[0] in keep]
    gold = {d.stem: json.loads((FULLGOLD / "gold" / f"{d.stem}.json").read_text(encoding="utf-8")) for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(a.out or tmp)
        out.mkdir(parents=True, exist_ok=True)
        pred = analyse(docs, out)
    res = score(mod, gold, pred)
    print(f"documents scored: {len(gold)}")
    print("\n".join(summary(res)))
    if a.per_doc:
        for doc_id in gold:
            print(per_doc_line(mod, doc_id, gold, pred))
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
