#!/usr/bin/env python3
"""Leave-one-issuer-out evaluation of the domain models: the table of the README.

Every labelled report — the five seeds (../shared/gold) and the hand-labelled corpus
reports (corpora/domains_*.jsonl) — leaves with every report of its issuer's place
(gisnlp/domains/crossval.py: issuer_place; the 平潭 reports leave together); a model
trained on the rest predicts them, segmented as ``analyze`` segments them, and the
shared scorer scores them at two granularities: ``spans`` (the gold segments as
labelled) and ``lines`` (merged per line of the file, a one-line report is one
segment), and on the spans of the reports' opening parts (``spans/open``: under
一、总体情况 / 概述). Thresholds and cue rules are chosen on inner folds only.

``--openings`` adds a separate run: a third of the report openings written for the
project is held out of training and scored (gisnlp/domains/openings_eval.py).

    python3 scripts/eval_domains.py [--models linear,linear+cues,sklearn,spacy,transformer] [--openings]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gisnlp.domains import crossval as CV  # noqa: E402
from gisnlp.domains import openings_eval  # noqa: E402
from gisnlp.domains import stored_fits as SF  # noqa: E402
from gisnlp.domains.features import views_of  # noqa: E402
from gisnlp.domains.step import narrative_indexes  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402
from gisnlp.domains.recipes import RECIPES  # noqa: E402

PARTS = ("spans/all", "lines/all", "spans/seed", "spans/corpus", "lines/corpus", "spans/open")


def load_scorer(shared: Path):
    """The shared scorer (``../shared/eval/score.py``) as a module."""
    spec = importlib.util.spec_from_file_location("gis_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_data(shared: Path, corpora: Path, log=None):
    """Training examples and held-out reports (segmenting them takes a while: done once)."""
    ds = T.build_dataset(shared, corpora, log=log)
    return ds, CV.heldout_docs(shared, corpora)


def stored(name: str, ds, docs, labels, shared: Path, store: Path, jobs: int, log=print) -> SF.StoredFits:
    """The fits of the slow model ``name`` read from ``store``, those missing fitted first in
    ``jobs`` processes (every fit its leave-one-place-out asks for, and the one on all data)."""
    r = RECIPES[name]
    place_of = CV.place_of_docs(docs, shared)
    fits = CV.Fits(lambda: r.make(labels), ds.examples, labels, place_of)
    places = sorted({d.place for d in docs})
    keys = CV.fits_needed(places, r.mode, r.groups) + [frozenset()]
    if any(not SF.fit_file(store, k).exists() for k in keys):
        model = r.make(labels)
        if hasattr(model, "prepare"):              # shared by the forked workers
            t0 = time.time()
            store.mkdir(parents=True, exist_ok=True)
            model.prepare([e.view for e in ds.examples]
                          + [v for d in docs for v in views_of(d.report, narrative_indexes(d.report))],
                          store / "prepared.pt")
            log(f"{name}: frozen part computed once for every text ({time.time() - t0:.0f}s)")
        SF.precompute(fits, docs, keys, store, jobs, log=log)
    return SF.StoredFits(store, ds.examples, labels, place_of, reader=type(r.make(labels)).load)


def fits_of(name: str, ds, docs, labels, shared: Path, fits: dict, store: Path = None, jobs: int = 1,
            log=print) -> CV.Fits:
    """The ``CV.Fits`` of the model ``name``, made once per estimator into ``fits``: stored in
    ``store`` for a slow model, combined from its members' fits for a hybrid."""
    r = RECIPES[name]
    if r.fits not in fits:
        if r.slow and store:
            fits[r.fits] = stored(name, ds, docs, labels, shared, Path(store) / r.fits, jobs, log=log)
        elif r.members:
            fits[r.fits] = SF.CombinedFits(lambda *ms: r.make(labels, *ms),
                                           *[fits_of(m, ds, docs, labels, shared, fits, store, jobs, log)
                                             for m in r.members])
        else:
            fits[r.fits] = CV.Fits(lambda: r.make(labels), ds.examples, labels, CV.place_of_docs(docs, shared))
    return fits[r.fits]


def run_loio(name: str, ds, docs, labels, shared: Path, log=None, fits: dict = None,
             store: Path = None, jobs: int = 1, groups: int = None) -> CV.LoioResult:
    """The leave-one-place-out run of the model ``name`` (see ``recipes.RECIPES``); ``fits``:
    {estimator: CV.Fits} shared across runs, so models with one estimator are fitted once;
    ``store``: a folder where the fits of slow models are run ahead (``jobs`` processes) and kept;
    ``groups``: inner folds per outer place instead of the recipe's."""
    r = RECIPES[name]
    f = fits_of(name, ds, docs, labels, shared, {} if fits is None else fits, store, jobs, log or print)
    return CV.loio(None, ds, docs, labels, shared, mode=r.mode, calibrate=r.calibrate, log=log,
                   fits=f, groups=r.groups if groups is None else groups)


def run_openings(name: str, ds, docs, labels, shared: Path) -> openings_eval.OpeningsResult:
    """The model ``name`` trained without a third of the project's report openings, scored on them."""
    r = RECIPES[name]
    train, held = openings_eval.split(ds.examples)
    fits = CV.Fits(lambda: r.make(labels), train, labels, CV.place_of_docs(docs, shared))
    return openings_eval.evaluate(fits, docs, held, labels, load_scorer(shared), r.calibrate)


def print_openings(results: dict) -> None:
    """Micro/macro F1 and per-label P/R/F1 of each model on the held-out openings."""
    print("\nheld-out openings written for the project (P R F1 macro; per label P / R / F1)")
    for n, res in results.items():
        v = res.scores
        print(f"{n:14s} {v['precision']:.2f} {v['recall']:.2f} {v['f1']:.3f} {v['macro_f1']:.3f} "
              f"({v['segments']} paragraphs, exact set {v['exact_set_accuracy']:.2f})")
    print("the held-out paragraphs of each group run together into one paragraph")
    for n, res in results.items():
        v = res.merged
        print(f"{n:14s} {v['precision']:.2f} {v['recall']:.2f} {v['f1']:.3f} {v['macro_f1']:.3f} "
              f"({v['segments']} merged openings, exact set {v['exact_set_accuracy']:.2f})")
    print("per label, paragraphs | merged")
    for lab in domain_labels():
        cells, sup = [], 0
        for res in results.values():
            v, m = res.scores["per_label"].get(lab), res.merged["per_label"].get(lab)
            cells.append((f"{v['precision']:.2f} {v['recall']:.2f} {v['f1']:.2f}" if v else "-") + " | "
                         + (f"{m['precision']:.2f} {m['recall']:.2f} {m['f1']:.2f}" if m else "-"))
            sup = (v["tp"] + v["fn"]) if v else sup
        print(f"{lab:18s} " + " ".join(f"{c:>32s}" for c in cells) + f"  {sup}")


def print_table(results: dict) -> None:
    """Micro/macro F1 per model and granularity, then per-label P/R/F1 (spans, all reports)."""
    names = list(results)
    print(f"\n{'model':14s} " + " ".join(f"{p:>22s}" for p in PARTS))
    print(f"{'':14s} " + " ".join(f"{'P    R    F1   macro':>22s}" for _ in PARTS))
    for n in names:
        row = []
        for p in PARTS:
            v = results[n][p]
            row.append(f"{v['precision']:.2f} {v['recall']:.2f} {v['f1']:.3f} {v['macro_f1']:.3f}")
        print(f"{n:14s} " + " ".join(f"{c:>22s}" for c in row))
    for gran in ("spans/all", "lines/all", "spans/open"):
        print(f"\nper label, {gran} (P / R / F1; support = gold segments with the label)")
        print(f"{'label':18s} " + " ".join(f"{n[:16]:>18s}" for n in names) + "  support")
        for lab in domain_labels():
            cells, sup = [], 0
            for n in names:
                v = results[n][gran]["per_label"].get(lab)
                cells.append(f"{v['precision']:.2f} {v['recall']:.2f} {v['f1']:.2f}" if v else "-")
                sup = (v["tp"] + v["fn"]) if v else sup
            print(f"{lab:18s} " + " ".join(f"{c:>18s}" for c in cells) + f"  {sup}")


def dump_errors(scorer, docs, results_preds: dict, want: set, path: Path) -> None:
    """Write every gold span (spans granularity) where a label of ``want`` is missed or given
    wrongly, with its text and heading path, one JSON line each: the material for deciding
    whether a weak label lacks vocabulary, is labelled two ways, or is gold noise."""
    import json
    with path.open("w", encoding="utf-8") as out:
        for name, preds in results_preds.items():
            for d in docs:
                psegs = preds.get(d.key, [])
                for g in d.spans:
                    gl, pl = set(g.get("domains") or []), scorer.labels_for(g, psegs)
                    fn, fp = sorted((gl - pl) & want), sorted((pl - gl) & want)
                    if not (fn or fp):
                        continue
                    seg = next((s for s in d.report.segments if s.start <= g["start"] < s.end), None)
                    out.write(json.dumps({"model": name, "doc": d.key, "place": d.place, "fn": fn, "fp": fp,
                                          "gold": sorted(gl), "pred": sorted(pl),
                                          "path": list(seg.heading_path) if seg else [],
                                          "text": d.report.text[g["start"]:g["end"]][:400]},
                                         ensure_ascii=False) + "\n")


def main(argv=None):
    """Parse the options, run each model's leave-one-place-out, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--models", default="linear,linear+cues,sklearn",
                    help=f"comma list of {', '.join(RECIPES)} (spacy and transformer: extras, slow)")
    ap.add_argument("--openings", action="store_true",
                    help="also train without a third of the project's report openings and score them")
    ap.add_argument("--errors", metavar="FILE",
                    help="write the spans where a label of --error-labels is missed or wrong (JSON lines)")
    ap.add_argument("--error-labels", default="",
                    help="comma list of labels for --errors (default: every label)")
    ap.add_argument("--store", metavar="DIR", help="fit slow models (e5ft) ahead, in --jobs processes, and "
                    "keep their cross-validation fits in DIR (a rerun reads them back)")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the fits of --store")
    ap.add_argument("--inner-groups", type=int, help="inner folds per outer place for every model "
                    "(default: each recipe's; 0: one per other place)")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    labels = domain_labels()
    scorer = load_scorer(shared)
    ds, docs = load_data(shared, Path(args.corpora))
    places = sorted({d.place for d in docs})
    print(f"{len(ds.examples)} training examples; {len(docs)} held-out reports in {len(places)} places: "
          + ", ".join(f"{p} ({sum(d.place == p for d in docs)})" for p in places))
    results, fits, preds = {}, {}, {}
    for name in args.models.split(","):
        t0 = time.time()
        preds[name] = run_loio(name, ds, docs, labels, shared, fits=fits, store=args.store, jobs=args.jobs,
                               groups=args.inner_groups).preds
        results[name] = CV.score(scorer, docs, preds[name])
        s = results[name]["spans/all"]
        print(f"{name}: spans micro-F1 {s['f1']:.3f} macro-F1 {s['macro_f1']:.3f} "
              f"({time.time() - t0:.0f}s)", flush=True)
    print_table(results)
    if args.errors:
        dump_errors(scorer, docs, preds, set(filter(None, args.error_labels.split(","))) or set(labels),
                    Path(args.errors))
    if args.openings:
        print_openings({name: run_openings(name, ds, docs, labels, shared) for name in args.models.split(",")})


if __name__ == "__main__":
    main()
