"""Leave-one-issuer-out evaluation of the domain models (scripts/, not run time).

The way the package is used: reports of places it has never seen. Every labelled
report — the seed gold (``../shared/gold``) and the hand-labelled corpus reports
(``corpora/domains_*.jsonl``) — belongs to the place of its issuer
(``issuer_place``); one place at a time leaves completely (its gold, its hand
labels and its weak heading labels), a model is trained on the rest, and the
place's reports, segmented as ``analyze`` segments them, are scored with the
shared scorer at two granularities:

- ``spans``: the gold segments as labelled (a seed's non-empty lines; a corpus
  report's hand-labelled spans, at most a few sentences);
- ``lines``: the same merged per line of the file, the seed gold's granularity
  (a report run into one line is one segment).

Thresholds (and any other decision rule, see ``Calibrator``) are chosen on inner
folds only: for each outer place, on out-of-fold predictions of the *other*
places (``nested``: one more fit per inner place; ``crossfit``: the outer folds'
own predictions of the other places, one fit per place, for slow models).
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import training as T

LABELLED = ("gold", "annotation")
# An issuer's place: the longest run of administrative units opening its name
# (上海市静安区人民政府 -> 上海市静安区, 平潭综合实验区管委会 -> 平潭综合实验区).
_PLACE = re.compile(r"^(?:.{1,8}?(?:自治区|自治州|自治县|省|市|州|盟|县|旗|综合实验区|新区|区))+")
# Places that are one territory under two names: the same reports leave together.
SAME_PLACE = {"平潭县": "平潭综合实验区"}


def issuer_place(issuer: str) -> str:
    """The place an issuer belongs to (its cross-validation group)."""
    issuer = (issuer or "").strip()
    m = _PLACE.match(issuer)
    place = m.group(0) if m else issuer
    return SAME_PLACE.get(place, place)


@dataclass
class HeldoutDoc:
    """One labelled report as ``analyze`` sees it, with its gold at both granularities."""

    key: str                    # doc id of its training examples (seed id or corpus file stem)
    source: str                 # "seed" | "corpus"
    place: str
    report: object
    spans: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    openings: list = field(default_factory=list)    # the spans of its opening part (总体情况)


def heldout_docs(shared: Path, corpora: Path, log=None) -> list[HeldoutDoc]:
    """The seed gold documents and the hand-labelled corpus reports, run-time segmented."""
    from ..pipeline import load
    pre = load(steps=T.PRE_STEPS)
    docs = []
    for gpath in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        segs = [g for g in gold.get("segments") or [] if g.get("kind") not in ("table", "boilerplate")]
        report = pre(str(shared / "seeds" / f"{gold['doc_id']}.txt"))
        docs.append(HeldoutDoc(gold["doc_id"], "seed", issuer_place(gold["meta"].get("issuer")), report,
                               segs, segs, opening_spans(report, segs)))
    issuers = corpus_issuers(shared)
    for rel, anns in sorted(T.annotation_spans(corpora).items()):
        report = pre(str(shared / rel))
        spans = [{"start": a["start"], "end": a["end"], "kind": "body", "domains": a["domains"]}
                 for a in anns]
        docs.append(HeldoutDoc(Path(rel).stem, "corpus", issuer_place(issuers.get(Path(rel).stem, rel)),
                               report, spans, gold_by_line(report.text, spans), opening_spans(report, spans)))
        if log:
            log(f"  {rel}: {len(spans)} spans, place {docs[-1].place}")
    return docs


def opening_spans(report, spans: list[dict]) -> list[dict]:
    """The gold spans of the report's opening part: those whose segment (the one overlapping
    most) sits under, or is, a top heading such as 一、总体情况 (``opening_heading`` of
    ``data/domain_evaluation.yaml``) — the part the hidden openings set is made of."""
    from ..resources import load_yaml
    pattern = re.compile(load_yaml("domain_evaluation.yaml")["opening_heading"])
    out = []
    for g in spans:
        best, best_ov = None, 0
        for s in report.segments:
            ov = min(g["end"], s.end) - max(g["start"], s.start)
            if ov > best_ov:
                best, best_ov = s, ov
        if best is None:
            continue
        top = best.heading_path[0] if best.heading_path else \
            (report.text[best.start:best.end] if best.kind == "heading" else "")
        if pattern.search(top[:12]):
            out.append(g)
    return out


def corpus_issuers(shared: Path) -> dict[str, str]:
    """Corpus file stem -> issuer (the manifest's guess)."""
    out = {}
    manifest = shared / "corpus" / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                m = json.loads(line)
                out[Path(m["file"]).stem] = m.get("issuer_guess") or m["file"]
    return out


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


# --- calibration on inner folds ------------------------------------------------------------

Calibrator = Callable[[object, np.ndarray, np.ndarray, list], object]


def calibrate_thresholds(model, P, Y, views):
    """The default calibration: one threshold per label (``training.choose_thresholds``)."""
    model.thresholds = T.choose_thresholds(P, Y, model.labels)
    return model


# --- the cross-validation ------------------------------------------------------------------

def place_of_docs(docs: list[HeldoutDoc], shared: Path) -> dict[str, str]:
    """Example doc id -> place, for every document an example can come from."""
    out = {Path(k).stem: issuer_place(v) for k, v in corpus_issuers(shared).items()}
    out.update({d.key: d.place for d in docs})
    return out


class Fits:
    """Models fitted without the examples of a set of places, each fitted once.

    The inner fold that leaves ``{p, q}`` out serves both outer place ``p`` and ``q``,
    and models sharing an estimator (``linear`` and ``linear+cues``) share one
    ``Fits``: a nested run costs n + n(n-1)/2 fits instead of n²."""

    def __init__(self, make_model, examples: list, labels: list[str], place_of: dict):
        self.make_model = make_model
        self.examples = examples
        self.labels = labels
        self.place_of = place_of
        self.models: dict = {}

    def without(self, places) -> object:
        """The model fitted on every example not from ``places``."""
        key = frozenset(places)
        if key not in self.models:
            train = [e for e in self.examples if self.place_of.get(e.doc) not in key]
            m = self.make_model()
            m.fit([e.view for e in train], T.label_matrix(train, self.labels),
                  np.array([e.weight for e in train]))
            self.models[key] = m
        return self.models[key]

    def labelled(self, place: str) -> list:
        """The labelled examples (gold, hand labels) of ``place``."""
        return [e for e in self.examples if self.place_of.get(e.doc) == place and e.source in LABELLED]


def inner_groups(places: list[str], outer: str, groups: int = 0) -> list[tuple]:
    """The inner folds of outer place ``outer``: the other places, one per fold (``groups`` 0:
    leave one more place out), else dealt in sorted order into ``groups`` folds."""
    rest = sorted(q for q in places if q != outer)
    if not groups or groups >= len(rest):
        return [(q,) for q in rest]
    return [tuple(rest[i::groups]) for i in range(groups)]


def fits_needed(places: list[str], mode: str = "nested", groups: int = 0) -> list[frozenset]:
    """Every set of places ``loio`` fits a model without (outer folds, then inner folds), each
    once: what to fit ahead, in parallel, for slow models (``stored_fits``)."""
    keys = [frozenset({p}) for p in places]
    if mode != "crossfit":
        keys += [frozenset({p, *g}) for p in places for g in inner_groups(places, p, groups)]
    return list(dict.fromkeys(keys))


def inner_oof(fits: Fits, outer: str, groups: list[tuple], labels: list[str]):
    """Out-of-fold probabilities of the labelled examples of each inner fold's places, each
    from the model fitted without that fold and without ``outer``."""
    rows, P = [], []
    for g in groups:
        te = [e for q in g for e in fits.labelled(q)]
        if te:
            P.append(fits.without({outer, *g}).predict_proba([e.view for e in te]))
            rows += te
    return rows, (np.vstack(P) if P else np.zeros((0, len(labels))))


def calibrated_on_places(fits: Fits, docs: list[HeldoutDoc], labels: list[str],
                         calibrate: Calibrator = None):
    """The model ``fits`` makes, fitted on all its examples, its decisions (``calibrate``)
    chosen on the out-of-fold predictions of every place, one fit per place (as the shipped
    model is): the model scored on text held out of ``fits`` (openings_eval, fresh_eval)."""
    rows, P = [], []
    for p in sorted({d.place for d in docs}):
        te = fits.labelled(p)
        if te:
            P.append(fits.without({p}).predict_proba([e.view for e in te]))
            rows += te
    P = np.vstack(P) if P else np.zeros((0, len(labels)))
    return (calibrate or calibrate_thresholds)(fits.without(()), P, T.label_matrix(rows, labels),
                                               [e.view for e in rows])


def predict_doc(model, doc: HeldoutDoc) -> list[dict]:
    """Predicted segments of a held-out report (what the scorer reads), as the step predicts."""
    from .step import probabilities
    idx, P = probabilities(doc.report, model)
    out = []
    for i, p in zip(idx, P):
        s = doc.report.segments[i]
        out.append({"start": s.start, "end": s.end,
                    "domains": [l for j, l in enumerate(model.labels) if p[j] >= model.thresholds[l]]})
    return out


@dataclass
class LoioResult:
    """What ``loio`` gives: predicted segments per held-out document, and the out-of-fold
    probabilities of every labelled training example (each from the fold that left its
    place out), on which the shipped model's thresholds are chosen."""

    preds: dict
    oof_examples: list
    oof_P: np.ndarray

    def calibrate(self, model, labels: list[str], calibrate: Calibrator = None):
        """``model`` (fitted on everything) with its decision rule chosen on the out-of-fold
        predictions of every place."""
        calibrate = calibrate or calibrate_thresholds
        return calibrate(model, self.oof_P, T.label_matrix(self.oof_examples, labels),
                         [e.view for e in self.oof_examples])


def loio(make_model, ds: T.Dataset, docs: list[HeldoutDoc], labels: list[str], shared: Path,
         mode: str = "nested", calibrate: Calibrator = calibrate_thresholds, log=print,
         fits: Fits = None, groups: int = 0) -> LoioResult:
    """Leave-one-place-out predictions of every held-out document.

    For each place: fit on the examples of every other place; choose the decision rule
    (``calibrate``) on predictions of the other places only — ``nested``: inner folds that
    leave one more place out; ``crossfit``: the other outer folds' predictions (one fit per
    place, for slow models) — and predict the place's reports segmented as ``analyze``
    does. ``fits``: reuse the fits of a model with the same estimator; ``groups``: inner folds
    per outer place when ``nested`` (0: one per other place, see ``inner_groups``)."""
    fits = fits or Fits(make_model, ds.examples, labels, place_of_docs(docs, shared))
    places = sorted({d.place for d in docs})
    t0 = time.time()
    rows, P = [], []
    for p in places:                           # the outer fits, and their out-of-fold predictions
        te = fits.labelled(p)
        if te:
            P.append(fits.without({p}).predict_proba([e.view for e in te]))
            rows += te
    P = np.vstack(P) if P else np.zeros((0, len(labels)))
    preds = {}
    for p in places:
        if mode == "crossfit":
            mine = np.array([fits.place_of.get(e.doc) == p for e in rows], dtype=bool)
            inner_rows, inner_P = [e for e, k in zip(rows, mine) if not k], P[~mine]
        else:
            inner_rows, inner_P = inner_oof(fits, p, inner_groups(places, p, groups), labels)
        m = calibrate(fits.without({p}), inner_P, T.label_matrix(inner_rows, labels),
                      [e.view for e in inner_rows])
        for d in docs:
            if d.place == p:
                preds[d.key] = predict_doc(m, d)
        if log:
            log(f"  fold {p}: {sum(d.place == p for d in docs)} reports ({time.time() - t0:.0f}s)")
    return LoioResult(preds, rows, P)


def score(scorer, docs: list[HeldoutDoc], preds: dict) -> dict:
    """Scorer figures at span and line granularity, for all documents and per source, and on
    the spans of the reports' opening parts (``spans/open``)."""
    out = {}
    for gran in ("spans", "lines"):
        for part in ("all", "seed", "corpus"):
            sel = [d for d in docs if part in ("all", d.source)]
            gold = {d.key: {"segments": getattr(d, gran)} for d in sel}
            r = scorer.score_segments(gold, {d.key: {"segments": preds.get(d.key, [])} for d in sel})
            out[f"{gran}/{part}"] = r
    out["spans/open"] = scorer.score_segments({d.key: {"segments": d.openings} for d in docs},
                                              {d.key: {"segments": preds.get(d.key, [])} for d in docs})
    return out


def summary(res: dict, keys=("precision", "recall", "f1", "macro_f1")) -> dict:
    """The headline figures of ``score``'s result (per granularity and part), rounded."""
    return {k: {m: round(float(v[m]), 4) for m in keys} | {"segments": v["segments"]}
            for k, v in res.items()}
