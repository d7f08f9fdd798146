#!/usr/bin/env python3
"""Train the domain classifiers and write them to models/ (fixed seed, reproducible).

    python3 scripts/train_domains.py                 # sklearn (the default model)
    python3 scripts/train_domains.py --spacy --transformer

Training data: the seed gold lines (../shared/gold), weak labels from heading
keywords (gisnlp/data/domain_keywords.yaml) over the corpus reports, hand
annotations in corpora/domains_handlabels.jsonl and the paragraphs written for the
project in corpora/domains_synthetic.jsonl (sample weight --synthetic-weight). Per-label thresholds come from
leave-one-seed-out predictions and are stored with each model.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from gisnlp.domains import MANIFEST  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402

SEED = 13
SKLEARN_PARAMS = {"features": "fast", "C": 512.0}


def slow_model(name, make, fit_all, save, ds, labels, args) -> dict:
    """Leave-one-seed-out once: its predictions give the CV score (cross-fitted
    thresholds, see scripts/eval_domains.py) and the shipped thresholds; then fit on all."""
    from eval_domains import load_scorer, score_crossfit
    t0 = time.time()
    rows, P, Y = T.grouped_oof(make, ds.examples, labels, ds.docs("gold"))
    cv = score_crossfit(ds, rows, P, labels, load_scorer(Path(args.shared)))
    examples = ds.examples
    m = fit_all([e.view for e in examples], T.label_matrix(examples, labels),
                np.array([e.weight for e in examples]))
    m.thresholds = T.choose_thresholds(P, Y, labels)
    info = save(m)
    info["cv"] = {k: cv[k] for k in ("precision", "recall", "f1", "macro_f1")}
    info["cv_per_label_f1"] = {k: v["f1"] for k, v in cv["per_label"].items()}
    print(f"{name}: CV micro-F1 {cv['f1']:.3f} macro-F1 {cv['macro_f1']:.3f} ({time.time() - t0:.0f}s)")
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--out", default=str(ROOT / "models"))
    ap.add_argument("--spacy", action="store_true", help="also train the spaCy textcat pipeline")
    ap.add_argument("--transformer", action="store_true", help="also train the transformer model")
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--no-cv", action="store_true", help="skip the sklearn cross-validation score")
    ap.add_argument("--synthetic-weight", type=float, default=T.SYNTHETIC_WEIGHT,
                    help="sample weight of corpora/domains_synthetic.jsonl (0: leave it out)")
    ap.add_argument("--default", default="sklearn", help="model named default in the manifest")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    labels = domain_labels()
    ds = T.build_dataset(Path(args.shared), Path(args.corpora), log=print,
                         synthetic_weight=args.synthetic_weight)
    counts = {}
    for e in ds.examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    print(f"examples: {counts}")
    man_path = out / MANIFEST
    man = {"models": {}}                 # what this run trains; merged into the file at the end
    man["labels"] = labels
    training = {"examples": counts, "seed": SEED, "synthetic_weight": args.synthetic_weight}

    if not args.no_sklearn:
        from gisnlp.domains.sklearn_model import MODEL_FILE, SklearnDomainModel
        t0 = time.time()
        m = T.fit_with_thresholds(lambda: SklearnDomainModel(labels, seed=SEED, **SKLEARN_PARAMS),
                                  ds.examples, labels)
        m.save(out / MODEL_FILE)
        man["models"]["sklearn"] = {"file": MODEL_FILE, "params": SKLEARN_PARAMS,
                                    "thresholds": m.thresholds}
        if not args.no_cv:      # nested leave-one-seed-out, as scripts/eval_domains.py
            from eval_domains import evaluate, load_scorer
            cv = evaluate("sklearn", ds, labels, load_scorer(Path(args.shared)))
            man["models"]["sklearn"]["cv"] = {k: cv[k] for k in ("precision", "recall", "f1", "macro_f1")}
            man["models"]["sklearn"]["cv_per_label_f1"] = {k: v["f1"] for k, v in cv["per_label"].items()}
            print(f"sklearn: CV micro-F1 {cv['f1']:.3f} macro-F1 {cv['macro_f1']:.3f}")
            from eval_domains import evaluate_corpus       # held-out reports, leave one place out
            h = evaluate_corpus("sklearn", ds, labels, load_scorer(Path(args.shared)), Path(args.shared),
                                Path(args.corpora), log=lambda *a: None)
            keys = ("precision", "recall", "f1", "macro_f1")
            man["models"]["sklearn"]["heldout_corpus"] = {"spans": {k: h[k] for k in keys},
                                                          "lines": {k: h["lines"][k] for k in keys}}
            print(f"sklearn: held-out corpus micro-F1 {h['f1']:.3f} (spans), {h['lines']['f1']:.3f} (lines)")
        print(f"sklearn: {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB, "
              f"{time.time() - t0:.0f}s)")
    if args.spacy:
        from gisnlp.domains.spacy_train import SpacyTrainer, save_spacy
        target = out / "domains_spacy"

        def fit_spacy(views, Y, w):
            return SpacyTrainer(labels, SEED).fit(views, Y, out_dir=target)
        man["models"]["spacy"] = slow_model("spacy", lambda: SpacyTrainer(labels, SEED), fit_spacy,
                                            lambda m: save_spacy(m, target), ds, labels, args)
    if args.transformer:
        from gisnlp.domains.transformer_model import TransformerDomainModel
        make = lambda: TransformerDomainModel(labels, seed=SEED)  # noqa: E731
        target = out / "domains_transformer"

        def save_tr(m):
            m.save(target)
            return {"dir": target.name, "thresholds": m.thresholds}
        man["models"]["transformer"] = slow_model("transformer", make, lambda v, Y, w: make().fit(v, Y, w),
                                                  save_tr, ds, labels, args)
    for info in man["models"].values():     # what each model was trained on (runs may differ)
        info["training"] = training
    # keep the entries of models this run did not train (read now: others may have written)
    now = json.loads(man_path.read_text()) if man_path.exists() else {"models": {}}
    now.setdefault("models", {}).update(man["models"])
    now.update({k: v for k, v in man.items() if k != "models"})
    now.pop("training", None)            # older manifests: one run's data for every model
    man = now
    man["default"] = args.default
    man_path.write_text(json.dumps(man, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"manifest: {man_path} (default: {man['default']})")


if __name__ == "__main__":
    main()
