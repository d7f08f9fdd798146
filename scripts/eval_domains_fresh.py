#!/usr/bin/env python3
"""Score domain models on the blind set of report openings and problems passages
(corpora/domains_synthetic_fresh5.jsonl; gisnlp/domains/fresh_eval.py).

    python3 scripts/eval_domains_fresh.py --shipped linear+clauses      # the models in models/
    python3 scripts/eval_domains_fresh.py --retrain linear+clauses      # trained without the set

``--shipped`` scores the models as shipped (before the set was added to training this is
the blind figure; after, it is a training-set figure; ``GISNLP_MODELS=DIR`` reads another
models folder, such as an earlier commit's). ``--retrain`` fits a recipe on every
training example except the blind items, its thresholds chosen on the places' out-of-fold
predictions as for the shipped model, and scores it on them: the honest figure once the set
is training data. Printed per model: micro / macro F1 (P / R) at segment and span
granularity for all items, the openings and the problems passages, then per label P / R / F1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_domains import load_data, load_scorer  # noqa: E402
from gisnlp.domains import crossval as CV  # noqa: E402
from gisnlp.domains import fresh_eval  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402
from gisnlp.domains.recipes import RECIPES  # noqa: E402

KEYS = ("segments/all", "spans/all", "segments/fresh-opening", "spans/fresh-opening",
        "segments/fresh-problems", "spans/fresh-problems", "segments/fresh-long", "spans/fresh-long")


def retrain(name: str, ds, docs, shared: Path):
    """The recipe ``name`` fitted on ``ds`` without the blind items, calibrated as the shipped model."""
    labels = domain_labels()
    train = [e for e in ds.examples if not fresh_eval.is_fresh(e)]
    r = RECIPES[name]
    fits = CV.Fits(lambda: r.make(labels), train, labels, CV.place_of_docs(docs, shared))
    return CV.calibrated_on_places(fits, docs, labels, r.calibrate)


def headline(res: dict) -> dict:
    """Micro/macro F1, P and R of each granularity/part of ``fresh_eval.score``'s result, rounded."""
    return {k: {m: round(float(res[k][m]), 4) for m in ("precision", "recall", "f1", "macro_f1")} for k in KEYS}


def print_scores(results: dict) -> None:
    """Micro/macro F1 (P/R) per model and granularity/part, then per label."""
    for name, res in results.items():
        print(f"\n{name}")
        for k in KEYS:
            v = res[k]
            print(f"  {k:24s} micro {v['f1']:.3f} macro {v['macro_f1']:.3f} (P {v['precision']:.2f} "
                  f"R {v['recall']:.2f}; {v['segments']} items, exact set {v['exact_set_accuracy']:.2f})")
        print(f"  {'label':18s} {'segments P / R / F1':>20s} {'spans P / R / F1':>20s}  support")
        for lab in domain_labels():
            cells = []
            for k in ("segments/all", "spans/all"):
                v = res[k]["per_label"].get(lab)
                cells.append(f"{v['precision']:.2f} {v['recall']:.2f} {v['f1']:.2f}" if v else "-")
            v = res["segments/all"]["per_label"].get(lab)
            print(f"  {lab:18s} {cells[0]:>20s} {cells[1]:>20s}  {(v['tp'] + v['fn']) if v else 0}")


def dump_errors(items, res: dict, path: Path, name: str) -> None:
    """One JSON line per item whose predicted set differs from the gold (both granularities)."""
    with path.open("a", encoding="utf-8") as out:
        for it in items:
            for gran in ("segments", "spans"):
                pred = set(res["_predicted"][gran][it.id])
                gold = set(it.domains)
                if pred != gold:
                    out.write(json.dumps({"model": name, "gran": gran, "id": it.id, "part": it.part,
                                          "fn": sorted(gold - pred), "fp": sorted(pred - gold),
                                          "gold": sorted(gold), "text": it.text}, ensure_ascii=False) + "\n")


def main(argv=None):
    """Parse the options, score each model, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--shipped", default="", help="comma list of shipped model names (models/)")
    ap.add_argument("--retrain", default="", help="comma list of recipes to fit without the blind items")
    ap.add_argument("--errors", metavar="FILE", help="write the items each model gets wrong (JSON lines)")
    ap.add_argument("--json", metavar="FILE", help="write the headline figures as JSON")
    args = ap.parse_args(argv)
    shared, corpora = Path(args.shared), Path(args.corpora)
    scorer = load_scorer(shared)
    items = fresh_eval.load_items(corpora)
    models = {}
    if args.shipped:
        from gisnlp.domains.registry import load_model
        models.update({f"shipped:{n}": load_model(n) for n in args.shipped.split(",")})
    retrained = [n for n in args.retrain.split(",") if n]
    if retrained:
        ds, docs = load_data(shared, corpora)
        models.update({f"retrained:{n}": retrain(n, ds, docs, shared) for n in retrained})
    if args.errors:
        Path(args.errors).write_text("", encoding="utf-8")
    results = {}
    for name, model in models.items():
        results[name] = fresh_eval.score(model, items, scorer)
        if args.errors:
            dump_errors(items, results[name], Path(args.errors), name)
    print(f"{len(items)} blind items ({sum(i.part == 'fresh-opening' for i in items)} openings, "
          f"{sum(i.part == 'fresh-long' for i in items)} long openings, "
          f"{sum(i.part == 'fresh-problems' for i in items)} problems passages)")
    print_scores(results)
    if args.json:
        Path(args.json).write_text(json.dumps({n: headline(r) for n, r in results.items()}, indent=1),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
