#!/usr/bin/env python3
"""Train the domain models, measure them leave one issuer out, write them to models/.

    python3 scripts/train_domains.py                       # linear, linear+cues, linear+clauses, sklearn
    python3 scripts/train_domains.py --models spacy,transformer   # the slow ones (extras)

Training data: the seed gold (../shared/gold), weak labels from heading keywords
over the corpus reports, every hand-annotation file corpora/domains_*.jsonl and
every file of paragraphs written for the project corpora/domains_synthetic*.jsonl
(new files are picked up by their names: rerun this command after adding some).

For each model: a leave-one-place-out cross-validation (gisnlp/domains/crossval.py;
thresholds and cue rules chosen on inner folds only) gives the figures written to
models/domains_manifest.json; the shipped model is then fitted on everything, with
its thresholds (and rules) chosen on the out-of-fold predictions of every place.
``--default auto`` names as default the best numpy-only model (no optional
library, fast cold start) by the mean of span micro- and macro-F1.
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

from eval_domains import load_data, load_scorer, print_openings, print_table, run_loio, run_openings  # noqa: E402
from eval_domains_fresh import headline, print_scores, retrain  # noqa: E402
from gisnlp.domains import crossval as CV  # noqa: E402
from gisnlp.domains import fresh_eval  # noqa: E402
from gisnlp.domains import stored_fits as SF  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402
from gisnlp.domains.recipes import RECIPES, SEED  # noqa: E402
from gisnlp.domains.registry import MANIFEST, MODELS  # noqa: E402

FAST_MODELS = "linear,linear+cues,linear+clauses,sklearn"


def train_one(name: str, ds, docs, labels, scorer, shared: Path, out: Path, cv: bool, fits: dict,
              openings: bool = False, fresh: list = None, store: Path = None, jobs: int = 1) -> dict:
    """Cross-validate (``cv``) and fit one model; returns its manifest entry. ``fits`` is
    shared by the models of one run (``linear`` and ``linear+cues`` share their fits);
    ``openings``: also score it trained without a third of the project's report openings;
    ``fresh``: the blind items (``fresh_eval.load_items``), scored with the model trained
    without them; ``store``, ``jobs``: slow models' fits run ahead and kept (eval_domains.py)."""
    recipe = RECIPES[name]
    t0 = time.time()
    result = run_loio(name, ds, docs, labels, shared, log=lambda *a: print(*a, flush=True), fits=fits,
                      store=store, jobs=jobs)
    entry = {}
    if cv:
        res = CV.score(scorer, docs, result.preds)
        entry["loio"] = CV.summary(res)
        entry["loio_per_label"] = {k: {lab: {m: v[m] for m in ("precision", "recall", "f1", "tp", "fp", "fn")}
                                       for lab, v in res[k]["per_label"].items()}
                                   for k in ("spans/all", "lines/all", "spans/open")}
        print_table({name: res})
    if openings:
        op = run_openings(name, ds, docs, labels, shared)
        print_openings({name: op})
        entry["openings_heldout"] = {**{m: op.scores[m] for m in ("precision", "recall", "f1", "macro_f1")},
                                     "paragraphs": op.scores["segments"],
                                     "per_label": {lab: {m: v[m] for m in ("precision", "recall", "f1", "tp", "fp", "fn")}
                                                   for lab, v in op.scores["per_label"].items()},
                                     "merged": {**{m: op.merged[m] for m in ("precision", "recall", "f1", "macro_f1")},
                                                "openings": op.merged["segments"]}}
    if fresh:
        res = fresh_eval.score(retrain(name, ds, docs, shared), fresh, scorer)
        print_scores({f"{name} without the blind set": res})
        entry["fresh_heldout"] = headline(res)
    f = fits[recipe.fits]
    model = f.fitted_on_all() if isinstance(f, SF.StoredFits) else f.without(())   # once per estimator
    model = result.calibrate(model, labels, recipe.calibrate)
    entry.update(recipe.save(model, out))
    entry["seconds_to_train"] = round(time.time() - t0, 1)
    print(f"{name}: trained and saved ({entry['seconds_to_train']}s)", flush=True)
    return entry


def pick_default(models: dict) -> str:
    """The numpy-only model with the best mean of span micro- and macro-F1."""
    def key(name):
        """Mean of span micro- and macro-F1 (-1 when not measured)."""
        s = models[name].get("loio", {}).get("spans/all")
        return (s["f1"] + s["macro_f1"]) / 2 if s else -1.0
    fast = [n for n in models if n in MODELS and not MODELS[n].needs]
    return max(fast, key=key) if fast else "linear"


def main(argv=None):
    """Parse the options, train and measure each model, write the manifest."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--out", default=str(ROOT / "models"))
    ap.add_argument("--models", default=FAST_MODELS, help=f"comma list of {', '.join(RECIPES)} "
                    f"(default {FAST_MODELS}; spacy and transformer need their extras and take long)")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation figures "
                    "(thresholds still come from leave-one-place-out predictions)")
    ap.add_argument("--openings", action="store_true", help="also score each model trained without "
                    "a third of the project's report openings (gisnlp/domains/openings_eval.py)")
    ap.add_argument("--fresh", action="store_true", help="also score each model trained without the "
                    "blind openings/problems set (gisnlp/domains/fresh_eval.py)")
    ap.add_argument("--default", default="auto", help="model named default in the manifest "
                    "(auto: the best numpy-only model by leave-one-place-out F1)")
    ap.add_argument("--store", metavar="DIR", help="fit slow models (e5ft) ahead, in --jobs processes, "
                    "and keep their cross-validation fits in DIR (see scripts/eval_domains.py)")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the fits of --store")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    labels = domain_labels()
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        raise SystemExit(f"unknown model {unknown[0]!r}: use {', '.join(RECIPES)}")
    ds, docs = load_data(shared, Path(args.corpora), log=print)
    scorer = load_scorer(shared)
    counts = {}
    for e in ds.examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    training = {"examples": counts, "seed": SEED, "synthetic_weight": T.SYNTHETIC_WEIGHT,
                "places": sorted({d.place for d in docs}),
                "corpora_files": sorted(f.name for f in T.annotation_files(Path(args.corpora))
                                        + T.synthetic_files(Path(args.corpora)))}
    print(f"examples: {counts}; held-out reports: {len(docs)} in {len(training['places'])} places")
    man_path = out / MANIFEST
    man = json.loads(man_path.read_text(encoding="utf-8")) if man_path.exists() else {}
    man.setdefault("models", {})
    fits = {}
    for name in names:
        man["models"][name] = {**train_one(name, ds, docs, labels, scorer, shared, out, not args.no_cv, fits,
                                         args.openings,
                                         fresh_eval.load_items(Path(args.corpora)) if args.fresh else None,
                                         args.store, args.jobs),
                               "training": training}
    man["models"] = {k: v for k, v in man["models"].items() if k in MODELS}   # names no longer served
    man["labels"] = labels
    man["default"] = pick_default(man["models"]) if args.default == "auto" else args.default
    man["evaluation"] = ("leave one place out (gisnlp/domains/crossval.py): seeds and hand-labelled "
                         "corpus reports, segmented as analyze does; spans = gold segments as labelled, "
                         "lines = merged per line of the file; thresholds/rules on inner folds only")
    man_path.write_text(json.dumps(man, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"manifest: {man_path} (default: {man['default']})")


if __name__ == "__main__":
    main()
