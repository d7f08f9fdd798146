#!/usr/bin/env python3
"""Choose between two settings of a slow domain model on inner folds only, per outer place.

Each setting's leave-one-place-out fits were run ahead into its own store
(``scripts/eval_domains.py --models e5ft --store DIR``). For every outer place the
setting with the higher micro-F1 on the inner folds' out-of-fold predictions (the
other places; per-label thresholds chosen on those same predictions, alike for both)
is chosen, and that place's reports are predicted by the chosen setting's model —
the test place never decides. Prints the choices and the scorer's table.

    python3 scripts/eval_domains_choice.py --models e5ft,linear+clauses+e5ft --stores A,B
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_domains import fits_of, load_data, load_scorer, print_table  # noqa: E402
from gisnlp.domains import crossval as CV  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402
from gisnlp.domains.recipes import RECIPES  # noqa: E402


def inner_f1(fits: CV.Fits, outer: str, places: list[str], groups: int, labels: list[str]) -> float:
    """Micro-F1 of the inner folds' out-of-fold predictions of ``outer``'s other places, at
    per-label thresholds chosen on them (the segment columns)."""
    rows, P = CV.inner_oof(fits, outer, CV.inner_groups(places, outer, groups), labels)
    Y = T.label_matrix(rows, labels)
    P = P[:, :len(labels)]
    thr = T.choose_thresholds(P, Y, labels)
    pred = P >= np.array([thr[lab] for lab in labels])
    tp, fp, fn = int((pred & (Y == 1)).sum()), int((pred & (Y == 0)).sum()), int((~pred & (Y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main(argv=None):
    """Parse the options, choose per outer place, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--models", default="e5ft")
    ap.add_argument("--stores", required=True, help="comma list of the settings' stores (eval_domains.py --store)")
    args = ap.parse_args(argv)
    shared, labels = Path(args.shared), domain_labels()
    scorer = load_scorer(shared)
    ds, docs = load_data(shared, Path(args.corpora))
    places = sorted({d.place for d in docs})
    stores = args.stores.split(",")
    results, fits_by_store = {}, [{} for _ in stores]
    for name in ("linear+clauses",):            # fast members: fitted once, shared by the settings
        shared_fits = fits_of(name, ds, docs, labels, shared, {}, None, 1, print)
        for fits in fits_by_store:
            fits[RECIPES[name].fits] = shared_fits
    for name in args.models.split(","):
        r = RECIPES[name]
        runs = []
        for store, fits in zip(stores, fits_by_store):
            f = fits_of(name, ds, docs, labels, shared, fits, Path(store), 1, print)
            runs.append((f, CV.loio(None, ds, docs, labels, shared, mode=r.mode, calibrate=r.calibrate,
                                    log=None, fits=f, groups=r.groups).preds))
            results[f"{name} {Path(store).name}"] = CV.score(scorer, docs, runs[-1][1])
        preds = {}
        for p in places:
            scores = [inner_f1(f, p, places, r.groups, labels) for f, _ in runs]
            k = int(np.argmax(scores))
            print(f"{name}, outer {p}: inner micro-F1 " + " / ".join(f"{s:.3f}" for s in scores)
                  + f" -> {Path(stores[k]).name}")
            preds.update({d.key: runs[k][1][d.key] for d in docs if d.place == p})
        results[f"{name} chosen"] = CV.score(scorer, docs, preds)
    print_table(results)


if __name__ == "__main__":
    main()
