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


SLOW = ("spacy", "transformer")        # one fit per fold; thresholds cross-fitted


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
    if name.split("-")[0] in SLOW:                      # slow fits: cross-fitted thresholds
        t0 = time.time()
        rows, P, Y = T.grouped_oof(make, ds.examples, labels, docs)
        res = score_crossfit(ds, rows, P, labels, scorer)
        res["seconds"] = round(time.time() - t0, 1)
        res["thresholds"] = T.choose_thresholds(P, Y, labels)   # for evaluate_corpus
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


def gold_by_line(text: str, segs: list[dict]) -> list[dict]:
    """Hand-labelled spans merged per line of the file, labels united: the granularity of
    the seed gold (one segment per line), where a one-line report is one gold segment."""
    import bisect
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out: dict[int, dict] = {}
    for g in segs:
        k = bisect.bisect_right(starts, g["start"]) - 1
        o = out.setdefault(k, {"start": g["start"], "end": g["end"], "kind": "body", "domains": set()})
        o["start"], o["end"] = min(o["start"], g["start"]), max(o["end"], g["end"])
        o["domains"] |= set(g["domains"])
    return [{**o, "domains": sorted(o["domains"])} for _, o in sorted(out.items())]


def evaluate_corpus(name, ds, labels, scorer, shared: Path, corpora: Path, log=print,
                    thresholds: dict = None):
    """Held-out real reports: leave one place out (every hand-annotated corpus report
    of that issuer's place, with its weak and hand labels, leaves the training set;
    the 平潭 series is one place), segment each as ``analyze``
    does and score its hand-labelled spans as gold segments with the scorer.
    Most of these reports are one long line, the case the seed CV does not show.

    ``thresholds`` (the slow models): one fit per place, with the thresholds chosen on
    the seed leave-one-out predictions (``evaluate``) instead of a nested inner CV.
    ``res["predict_seconds"]``: predict_proba time per report (``res["segments_per_report"]``)."""
    import json
    from gisnlp.pipeline import load
    make = model_factory(name, labels)
    pre = load(steps=T.PRE_STEPS)                 # run-time segmentation (flat cap)
    spans = T.annotation_spans(corpora)
    place = {}                                    # file -> place: every report of a place leaves together
    manifest = shared / "corpus" / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            place["corpus/" + m["file"]] = (m.get("issuer_guess") or m["file"])[:2]
    groups: dict[str, list] = {}
    for rel in sorted(spans):
        groups.setdefault(place.get(rel, rel), []).append(rel)
    gold, preds, texts, t0, timing = {}, {}, {}, time.time(), []
    for key, rels in groups.items():
        reports = {rel: pre(str(shared / rel)) for rel in rels}
        out = {r.doc_id for r in reports.values()}
        train = [e for e in ds.examples if e.doc not in out]
        if thresholds is None:
            m = T.fit_with_thresholds(make, train, labels)
        else:
            m = make()
            m.fit([e.view for e in train], T.label_matrix(train, labels),
                  np.array([e.weight for e in train]))
            m.thresholds = dict(thresholds)
        for rel, report in reports.items():
            gold[rel] = {"segments": [{"start": a["start"], "end": a["end"], "kind": "body",
                                       "domains": a["domains"]} for a in spans[rel]]}
            texts[rel] = report.text                 # offsets are into the text as read
            t1 = time.time()
            preds[rel] = {"segments": predict_segments(report, m, labels)}
            timing.append((time.time() - t1, len(preds[rel]["segments"])))
            r = scorer.score_segments({rel: gold[rel]}, {rel: preds[rel]})
            longest = max((len(l) for l in report.text.splitlines()), default=0)
            log(f"  {key} {rel:28s} spans={len(spans[rel]):3d} longest line={longest:5d} F1={r['f1']:.3f}")
    res = scorer.score_segments(gold, preds)
    res["lines"] = scorer.score_segments(
        {rel: {"segments": gold_by_line(texts[rel], g["segments"])} for rel, g in gold.items()}, preds)
    res["seconds"] = round(time.time() - t0, 1)
    res["predict_seconds"] = round(float(np.mean([t for t, _ in timing])), 3) if timing else 0.0
    res["segments_per_report"] = round(float(np.mean([n for _, n in timing])), 1) if timing else 0.0
    return res


def time_shipped(name, ds, labels, log=print) -> dict:
    """Seconds of ``predict_proba`` per seed report for the model shipped in models/ (first
    call, which loads it, timed apart; the e5 embedding cache emptied before each report)."""
    from gisnlp.domains import load_model
    t0 = time.time()
    m = load_model(name)
    load = time.time() - t0
    per = []
    for d, report in sorted(ds.reports.items()):
        segs = [s for s in report.segments if s.kind in T.NARRATIVE]
        views = [T.view_of(report, s) for s in segs]
        if name == "transformer":
            from gisnlp.domains.transformer_model import encoder
            encoder().cache.clear()
        t1 = time.time()
        m.predict_proba(views)
        per.append((time.time() - t1, len(views)))
        log(f"  {name} {d}: {len(views)} segments {per[-1][0]:.2f}s")
    sec = sum(t for t, _ in per)
    n = sum(k for _, k in per)
    return {"load_seconds": round(load, 2), "seconds_per_report": round(sec / len(per), 3),
            "seconds_per_100_segments": round(100 * sec / max(n, 1), 3)}


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
    ap.add_argument("--heldout-corpus", action="store_true",
                    help="also score leave-one-place-out on the hand-annotated corpus reports")
    ap.add_argument("--time-shipped", action="store_true",
                    help="also time predict_proba of the model shipped in models/ per seed report")
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
        if args.heldout_corpus:
            h = results[f"{name} corpus"] = evaluate_corpus(name, ds, labels, scorer, shared,
                                                            Path(args.corpora),
                                                            thresholds=r.get("thresholds"))
            print(f"{name + ' corpus':14s} micro P={h['precision']:.3f} R={h['recall']:.3f} "
                  f"F1={h['f1']:.3f} macro-F1={h['macro_f1']:.3f} ({h['segments']} spans, "
                  f"{h['seconds']}s; held-out corpus reports, leave one place out; predict "
                  f"{h['predict_seconds']}s/report of {h['segments_per_report']} segments)", flush=True)
            hl = h["lines"]
            print(f"{name + ' lines':14s} micro P={hl['precision']:.3f} R={hl['recall']:.3f} "
                  f"F1={hl['f1']:.3f} macro-F1={hl['macro_f1']:.3f} ({hl['segments']} gold lines: the "
                  f"same reports with the spans of a line merged, as the seed gold is given)", flush=True)
        if args.time_shipped:
            t = time_shipped(name.split(":")[0].split("-")[0], ds, labels)
            print(f"{name + ' time':14s} shipped model: load {t['load_seconds']}s, predict "
                  f"{t['seconds_per_report']}s per seed report, {t['seconds_per_100_segments']}s "
                  f"per 100 segments", flush=True)
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
