"""Report openings held out of training: an evaluation closer to the hidden openings set
(scripts/eval_domains.py --openings, scripts/train_domains.py; not run time).

The hidden openings set holds real report openings (一、总体情况) from many provinces, whose
gold labels are mostly the disclosure-work domains. Its closest labelled match here are
the openings written for the project (``corpora/domains_synthetic_annot.jsonl``, part
``opening``): a third of them (``is_held_out``: by groups of consecutive items, so
paragraphs written one after the other leave together) is left out of training in a
separate run — project-written text, one writer, so an optimistic proxy for real
openings. The model is trained as the shipped one is: fitted on every other example,
its decisions chosen on the out-of-fold predictions of the places (seeds and corpus
reports), which never contain these paragraphs.

Two scores: ``scores``, each held-out paragraph on its own, and ``merged``, the
paragraphs of each held-out group run together into one paragraph (headings left
out) and analysed as ``analyze`` would (segmented, long text cut into sentence
groups), gold the union of their labels: a summary opening that runs through several
aspects in one paragraph, or a whole opening on one line — where the shipped model
lost recall on real openings.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from ..resources import load_yaml
from . import crossval as CV
from . import training as T


def _config() -> dict:
    return load_yaml("domain_evaluation.yaml")["openings_holdout"]


def group_of(example: T.Example, config: dict = None) -> str:
    """The held-out group of a paragraph written for the project of the configured part
    (batch + item number // ``group_size``: annot-b07-031 -> annot-b07-3), "" for any other
    example."""
    c = config or _config()
    if example.source != "synthetic" or example.part != c["part"] or "-" not in example.item:
        return ""
    batch, _, num = example.item.rpartition("-")
    return f"{batch}-{int(num) // int(c['group_size'])}" if num.isdigit() else ""


def is_held_out(example: T.Example, config: dict = None) -> bool:
    """Whether ``example`` is one of the held-out openings: its group (``group_of``) hashes to
    0 modulo ``modulo``."""
    c = config or _config()
    group = group_of(example, c)
    return bool(group) and int(hashlib.md5(group.encode("utf-8")).hexdigest(), 16) % int(c["modulo"]) == 0


def split(examples: list[T.Example]) -> tuple[list[T.Example], list[T.Example]]:
    """(training examples, held-out openings)."""
    c = _config()
    held = [e for e in examples if is_held_out(e, c)]
    keep = set(map(id, held))
    return [e for e in examples if id(e) not in keep], held


@dataclass
class OpeningsResult:
    """The scorer's figures on the held-out openings and the predicted label sets."""

    scores: dict
    held: list
    predicted: list
    merged: dict = None


def evaluate(fits: CV.Fits, docs: list[CV.HeldoutDoc], held: list[T.Example], labels: list[str],
             scorer, calibrate: CV.Calibrator = CV.calibrate_thresholds) -> OpeningsResult:
    """Score a model on ``held``: ``fits`` is built over the training examples without them;
    the decisions are chosen on the out-of-fold predictions of every place (one fit per place,
    as for the shipped model) and the model fitted on all of ``fits``' examples predicts."""
    model = CV.calibrated_on_places(fits, docs, labels, calibrate)
    Ph = model.predict_proba([e.view for e in held]) if held else np.zeros((0, len(labels)))
    predicted = [[lab for j, lab in enumerate(model.labels) if p[j] >= model.thresholds[lab]] for p in Ph]
    gold = {"openings": {"segments": [{"start": i, "end": i + 1, "domains": sorted(e.labels)}
                                      for i, e in enumerate(held)]}}
    pred = {"openings": {"segments": [{"start": i, "end": i + 1, "domains": d} for i, d in enumerate(predicted)]}}
    return OpeningsResult(scorer.score_segments(gold, pred), held, predicted, score_merged(model, held, scorer))


def merged_openings(held: list[T.Example]) -> dict[str, tuple[str, list[str]]]:
    """group -> (its paragraphs run together into one, the union of their labels); headings
    are left out and groups of a single paragraph skipped."""
    texts: dict[str, list] = {}
    for e in held:
        if e.view.kind != "heading":
            texts.setdefault(group_of(e), []).append(e)
    return {g: ("".join(e.view.text for e in es), sorted(set().union(*(e.labels for e in es))))
            for g, es in texts.items() if len(es) > 1}


def score_merged(model, held: list[T.Example], scorer) -> dict:
    """The scorer's figures on ``merged_openings``: each analysed as ``analyze`` would (steps up
    to ``segment``, then ``model`` on its narrative segments), one gold span per group."""
    from ..pipeline import load
    pre = load(steps=T.PRE_STEPS)
    gold, pred = {}, {}
    for g, (text, labels) in merged_openings(held).items():
        doc = CV.HeldoutDoc(g, "synthetic", "", pre(text, doc_id=g))
        gold[g] = {"segments": [{"start": 0, "end": len(text), "domains": labels}]}
        pred[g] = {"segments": CV.predict_doc(model, doc)}
    return scorer.score_segments(gold, pred)
