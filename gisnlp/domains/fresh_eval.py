"""A blind set of report openings and problems passages (scripts/eval_domains_fresh.py; not
run time).

``corpora/domains_synthetic_fresh5.jsonl`` holds report openings (一、总体情况; part
``fresh-long``: one long paragraph or one line running through 5–9 aspects) and
存在的主要问题及改进情况 passages in the styles of many provinces and issuers, labelled by
``corpora/annotation/GUIDELINES.md`` before any model scored them. Two granularities, as the shared scorer scores the hidden sets:

- ``segments``: each item classified as one segment (its text under its heading path);
- ``spans``: each item written out as a small document (its heading lines, then its text),
  analysed as ``analyze`` does (a long paragraph may be cut into sentence groups), and the
  predicted segments read for the item's span by the scorer's overlap rule.

The items are training data of the shipped models once added; ``is_fresh`` tells them apart
so that a model can be retrained without them and scored on them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..resources import load_yaml
from . import crossval as CV
from . import training as T
from .features import SegmentView


def config() -> dict:
    """``fresh_holdout`` of ``data/domain_evaluation.yaml``: the file and its id prefix."""
    return load_yaml("domain_evaluation.yaml")["fresh_holdout"]


@dataclass
class FreshItem:
    """One blind item: id, report part, heading path, text and gold labels."""

    id: str
    part: str
    path: tuple
    text: str
    domains: list


def load_items(corpora_dir: Path) -> list[FreshItem]:
    """The blind items of ``corpora_dir`` (normalised as a report is)."""
    from ..normalize import normalize
    out = []
    f = Path(corpora_dir) / config()["file"]
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.strip():
            a = json.loads(line)
            out.append(FreshItem(a["id"], a.get("part", ""), tuple(normalize(p).text for p in a.get("path") or ()),
                                 normalize(a["text"]).text, sorted(a["domains"])))
    return out


def is_fresh(example: T.Example) -> bool:
    """Whether a training example is one of the blind items."""
    return example.source == "synthetic" and example.item.startswith(config()["id_prefix"])


def item_document(item: FreshItem) -> tuple[str, int, int]:
    """The item as a small report: its heading lines then its text; (text, span start, end)."""
    head = "".join(p + "\n" for p in item.path)
    return head + item.text + "\n", len(head), len(head) + len(item.text)


def predict_segments(model, items: list[FreshItem]) -> list[list[str]]:
    """The labels ``model`` gives each item read as one segment."""
    if not items:
        return []
    P = model.predict_proba([SegmentView(i.text, i.path, "body") for i in items])
    return [[lab for j, lab in enumerate(model.labels) if p[j] >= model.thresholds[lab]] for p in P]


def predict_spans(model, items: list[FreshItem]) -> dict:
    """item id -> (gold span, predicted segments) of the item analysed as a report."""
    from ..pipeline import load
    pre = load(steps=T.PRE_STEPS)
    out = {}
    for it in items:
        text, start, end = item_document(it)
        doc = CV.HeldoutDoc(it.id, "fresh", "", pre(text, doc_id=it.id))
        out[it.id] = ({"start": start, "end": end, "domains": it.domains}, CV.predict_doc(model, doc))
    return out


def score(model, items: list[FreshItem], scorer,
          parts=("all", "fresh-opening", "fresh-problems", "fresh-long")) -> dict:
    """{granularity/part: scorer figures} for ``segments`` and ``spans`` over each part."""
    seg_pred = dict(zip([i.id for i in items], predict_segments(model, items)))
    spans = predict_spans(model, items)
    out = {}
    for part in parts:
        sel = [i for i in items if part in ("all", i.part)]
        gold = {"fresh": {"segments": [{"start": k, "end": k + 1, "domains": i.domains} for k, i in enumerate(sel)]}}
        pred = {"fresh": {"segments": [{"start": k, "end": k + 1, "domains": seg_pred[i.id]}
                                       for k, i in enumerate(sel)]}}
        out[f"segments/{part}"] = scorer.score_segments(gold, pred)
        out[f"spans/{part}"] = scorer.score_segments({i.id: {"segments": [spans[i.id][0]]} for i in sel},
                                                     {i.id: {"segments": spans[i.id][1]} for i in sel})
    out["_predicted"] = {"segments": seg_pred,
                         "spans": {k: sorted(set().union(*[set(s["domains"]) for s in v[1]
                                                           if s["start"] < v[0]["end"] and s["end"] > v[0]["start"]]))
                                   for k, v in spans.items()}}
    return out
