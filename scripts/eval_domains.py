#!/usr/bin/env python3
"""Leave-one-document-out evaluation of the domain classifiers on the seed gold.

For each seed document d: train on everything not from d (other seeds' gold,
weak heading labels of the corpus, hand annotations), predict d's segments, and
score d's gold lines with the scorer's own ``labels_for``. Per-label thresholds:
sklearn by an inner leave-one-document-out over the training seeds (nested);
spaCy/transformer (slow fits) by "cross-fitting": d's thresholds are chosen on
the out-of-fold predictions of the other four documents.

    python3 scripts/eval_domains.py [--models sklearn,sklearn-word,sklearn-char,spacy,transformer]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gisnlp.domains.labels import labels as domain_labels  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("gis_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def model_factory(name: str, labels):
    if name.startswith("sklearn"):
        # sklearn[-word|-char|-both][:key=value,...] e.g. sklearn-word:C=2,lexicon_weight=2
        from gisnlp.domains.sklearn_model import SklearnDomainModel
        base, _, params = name.partition(":")
        feats = {"sklearn": "fast", "sklearn-jieba": "combined", "sklearn-word": "word",
                 "sklearn-char": "char", "sklearn-both": "both", "sklearn-fast": "fast"}[base]
        kw = {"C": 512.0} if base in ("sklearn", "sklearn-jieba") else {}   # shipped C
        kw.update({k: (v if k in ("class_weight",) else float(v))
                   for k, v in (p.split("=") for p in params.split(";") if p)})
        return lambda: SklearnDomainModel(labels, features=feats, **kw)
    if name == "spacy":
        from gisnlp.domains.spacy_train import SpacyTrainer
        return lambda: SpacyTrainer(labels)
    if name == "transformer":
        from gisnlp.domains.transformer_model import TransformerDomainModel
        return lambda: TransformerDomainModel(labels)
    raise SystemExit(f"unknown model {name}")


def predict_segments(report, model, labels, examples_of_doc=None):
    """Predicted segments (dicts the scorer reads) for one report."""
    segs = [s for s in report.segments if s.kind in T.NARRATIVE]
    views = [T.view_of(report, s) for s in segs]
    P = model.predict_proba(views) if views else np.zeros((0, len(labels)))
    out = []
    for s, p in zip(segs, P):
        doms = [l for j, l in enumerate(labels) if p[j] >= model.thresholds.get(l, 0.5)]
        out.append({"start": s.start, "end": s.end, "domains": doms})
    return out


def score_crossfit(ds, rows, P, labels, scorer):
    """Score out-of-fold probabilities; each document's thresholds are chosen on
    the other documents' out-of-fold predictions (no extra fits, nothing tuned on it)."""
    docs = ds.docs("gold")
    ex = [ds.examples[i] for i in rows]
    Y = T.label_matrix(ex, labels)
    preds = {}
    for d in docs:
        mine = np.array([e.doc == d for e in ex])
        th = T.choose_thresholds(P[~mine], Y[~mine], labels)
        segs = []
        for e, p in zip([e for e, m in zip(ex, mine) if m], P[mine]):
            segs.append({"start": e.start, "end": e.end,
                         "domains": [l for j, l in enumerate(labels) if p[j] >= th[l]]})
        preds[d] = {"segments": segs}
    return scorer.score_segments({d: ds.gold[d] for d in docs}, preds)


def evaluate(name, ds, labels, scorer, inner=True, log=print):
    make = model_factory(name, labels)
    docs = ds.docs("gold")
    if name.split("-")[0] in ("spacy", "transformer"):   # slow fits: cross-fitted thresholds
        t0 = time.time()
        rows, P, _ = T.grouped_oof(make, ds.examples, labels, docs)
        res = score_crossfit(ds, rows, P, labels, scorer)
        res["seconds"] = round(time.time() - t0, 1)
        return res
    preds, t0 = {}, time.time()
    for d in docs:
        train = [e for e in ds.examples if e.doc != d]
        if inner:
            m = T.fit_with_thresholds(make, train, labels)
        else:
            m = make()
            m.fit([e.view for e in train], T.label_matrix(train, labels),
                  np.array([e.weight for e in train]))
        preds[d] = {"segments": predict_segments(ds.reports[d], m, labels)}
    res = scorer.score_segments({d: ds.gold[d] for d in docs}, preds)
    res["seconds"] = round(time.time() - t0, 1)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--models", default="sklearn,sklearn-jieba,sklearn-word",
                    help="comma list: sklearn (shipped: character bigrams + jieba heading words + cue "
                         "words, C=512), sklearn-jieba (jieba words for the text too), sklearn-word "
                         "(separate TF-IDF blocks), sklearn-char, spacy, transformer "
                         "(slow: they retrain; their CV from training is read from models/ otherwise)")
    ap.add_argument("--no-weak", action="store_true", help="gold only (no heading-keyword labels)")
    ap.add_argument("--weak-on-gold", action="store_true", help="weak labels of the seeds too")
    ap.add_argument("--max-chars", type=int, default=None, help="segment length cap (default: data file)")
    ap.add_argument("--synthetic-weight", type=float, default=T.SYNTHETIC_WEIGHT,
                    help="sample weight of corpora/domains_synthetic.jsonl (0: leave it out)")
    ap.add_argument("--no-inner", action="store_true", help="threshold 0.5 instead of inner CV")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    labels = domain_labels()
    scorer = load_scorer(shared)
    ds = T.build_dataset(shared, Path(args.corpora), weak=not args.no_weak,
                         weak_on_gold=args.weak_on_gold, max_chars=args.max_chars,
                         synthetic_weight=args.synthetic_weight)
    n = {}
    for e in ds.examples:
        n[e.source] = n.get(e.source, 0) + 1
    print(f"examples: {n}; gold docs: {len(ds.docs('gold'))}")
    results = {}
    for name in args.models.split(","):  # sklearn params use ';' inside a name
        results[name] = evaluate(name, ds, labels, scorer, inner=not args.no_inner)
        r = results[name]
        print(f"{name:14s} micro P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
              f"macro-F1={r['macro_f1']:.3f} exact={r['exact_set_accuracy']:.3f} ({r['seconds']}s)",
              flush=True)
    from gisnlp.domains import manifest
    for name, info in (manifest().get("models") or {}).items():
        if "cv" in info and name not in results and name != "sklearn":      # scored by scripts/train_domains.py
            cv = info["cv"]
            results[f"{name}*"] = {**cv, "per_label": {k: {"f1": v} for k, v in
                                                       info.get("cv_per_label_f1", {}).items()}}
            print(f"{name + '*':14s} micro P={cv['precision']:.3f} R={cv['recall']:.3f} F1={cv['f1']:.3f} "
                  f"macro-F1={cv['macro_f1']:.3f} (from models/domains_manifest.json)")
    names = list(results)
    print("\nper-label F1 (leave-one-document-out over the seeds)")
    print(f"{'label':18s} " + " ".join(f"{n[:12]:>12s}" for n in names) + "  support")
    for lab in labels:
        row = []
        sup = 0
        for n_ in names:
            pl = results[n_]["per_label"].get(lab)
            row.append(f"{pl['f1']:12.3f}" if pl else f"{'-':>12s}")
            if pl and "tp" in pl:
                sup = pl["tp"] + pl["fn"]
        print(f"{lab:18s} " + " ".join(row) + f"  {sup}")
    print("(* = scored when trained: cross-fitted thresholds, see scripts/train_domains.py)")
    print(f"{'micro-F1':18s} " + " ".join(f"{results[n_]['f1']:12.3f}" for n_ in names))
    print(f"{'macro-F1':18s} " + " ".join(f"{results[n_]['macro_f1']:12.3f}" for n_ in names))


if __name__ == "__main__":
    main()
