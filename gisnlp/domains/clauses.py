"""Clause-level scoring unioned per segment (model ``linear+clauses``).

Openings often run through several aspects of the disclosure work in one paragraph
(主动公开 … 依申请公开 … 政府信息管理 … 平台建设 … 监督保障), and each aspect's evidence is a
small share of the paragraph's features, so the paragraph as a whole can score under
every threshold but one. Here every clause of a segment (cut at sentence ends and
semicolons, ``data/domain_clauses.yaml``) is scored by the same model as well; a label is
given when the segment scores at or above its threshold OR one of its clauses scores at
or above the label's clause threshold (higher; chosen on inner folds by
``fit_clause_thresholds``, labels where it does not help keep none).

``ClauseScorer`` is the estimator while cross-validating (its probabilities are the
segment's and its best clause's side by side, so held-out predictions carry both);
``ClauseUnionModel`` is the calibrated model that predicts.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..resources import load_yaml
from . import features
from .features import SegmentView
from .rule_models import WrappedModel

BASE_FILE = "domains_linear_clauses"      # .npz/.json: the linear model trained with clause negatives
CLAUSES_FILE = "domains_clauses.json"     # its clause and segment thresholds
_CJK_RUN = re.compile(f"[{chr(features.CJK_FIRST)}-{chr(features.CJK_LAST)}]+")   # the analyzer's CJK


@lru_cache(maxsize=1)
def config() -> dict:
    """``data/domain_clauses.yaml`` with its split pattern compiled."""
    c = dict(load_yaml("domain_clauses.yaml"))
    c["split_re"] = [re.compile(p) for p in c["split"]]
    if any(p.groups for p in c["split_re"]):
        raise ValueError("data/domain_clauses.yaml: a `split` pattern has a capturing group; "
                         "write its groups as (?:...)")
    c["split_kept"] = [re.compile(f"({p})") for p in c["split"]]      # split keeping the cuts
    return c


def clauses(text: str) -> list[str]:
    """The pieces of ``text`` worth scoring: its sentences and its comma clauses (each cut of
    ``split``), those with at least ``min_cjk`` CJK characters, each once; [] when the text
    has fewer than two (the segment score then says it all)."""
    return [text[s:e] for s, e in clause_spans(text)]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each of its ``clauses`` (the first place a piece occurs)."""
    c = config()
    out: dict[str, tuple[int, int]] = {}
    least = c["min_cjk"]
    for pattern in c["split_kept"]:
        parts = pattern.split(text)              # piece, cut, piece, …, piece
        if len(parts) < 3:
            continue
        pieces, start = [], 0
        for i in range(0, len(parts), 2):
            piece = parts[i]
            end = start + len(piece)
            if len(piece) >= least and sum(map(len, _CJK_RUN.findall(piece))) >= least:
                pieces.append((piece, start, end))
            start = end + (len(parts[i + 1]) if i + 1 < len(parts) else 0)
        if len(pieces) >= 2:
            for piece, s, e in pieces:
                out.setdefault(piece, (s, e))
    return list(out.values())[:c["max_clauses"]]


@lru_cache(maxsize=1)
def _counts_from_segment() -> bool:
    """Whether a clause's cue-word counts can be taken from its segment's hits: no cue word
    holds a character the cuts are made at."""
    return not any(features.cue_words_cross(p) for p in config()["split_re"])


def clause_max(model, views: list[SegmentView]) -> np.ndarray:
    """[n, labels]: the highest probability of any clause of each view (0 for a view without
    clauses), each clause seen as a body segment under the view's headings (its cue-word
    counts taken from the segment's hits when ``_counts_from_segment``)."""
    subs, owner = [], []
    derive = _counts_from_segment()
    for i, v in enumerate(views):
        hits = features.cue_hits(v.text) if derive else None
        for s, e in clause_spans(v.text) if v.kind != "heading" else ():
            subs.append(SegmentView(v.text[s:e], v.path, "body",
                                    features.count_hits(hits, s, e) if derive else None))
            owner.append(i)
    out = np.zeros((len(views), len(model.labels)))
    if subs:
        np.maximum.at(out, np.asarray(owner), model.predict_proba(subs))
    return out


def clause_negatives(views: list[SegmentView], Y: np.ndarray, sample_weight=None):
    """(views, Y, [n, labels] weights) with the clauses of every multi-clause view added as
    examples of no label, weighted ``negative_weight`` times their segment's weight for each
    label the segment does not carry and 0 for those it does (labels are given per mention: a
    clause that named another label would have given it to its segment; which clause names a
    label the segment carries is not known). Clause scores are then trained on text the size
    of a clause, not only the segment scores."""
    n, k = len(views), Y.shape[1]
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    extra, rows = [], []
    for i, v in enumerate(views):
        for cl in clauses(v.text) if v.kind != "heading" else ():
            extra.append(SegmentView(cl, v.path, "body"))
            rows.append(i)
    if not extra:
        return views, Y, np.repeat(w[:, None], k, axis=1)
    rows = np.asarray(rows)
    W_extra = float(config()["negative_weight"]) * w[rows, None] * (Y[rows] == 0)
    return (list(views) + extra, np.vstack([Y, np.zeros((len(extra), k), dtype=Y.dtype)]),
            np.vstack([np.repeat(w[:, None], k, axis=1), W_extra]))


class ClauseScorer(WrappedModel):
    """The estimator while cross-validating: ``fit`` fits ``base``; ``predict_proba`` gives
    [n, 2 * labels], the segment's probabilities then its best clause's."""

    def fit(self, views, Y, sample_weight=None):
        """Fit the base model on whole segments plus their clauses as negatives
        (``clause_negatives``)."""
        self.base.fit(*clause_negatives(views, Y, sample_weight))
        return self

    def predict_proba(self, views: list[SegmentView]) -> np.ndarray:
        """Segment and best-clause probabilities side by side."""
        return np.hstack([self.base.predict_proba(views), clause_max(self.base, views)])


def fit_clause_thresholds(P: np.ndarray, C: np.ndarray, Y: np.ndarray, labels: list[str],
                          thresholds: dict) -> dict:
    """label -> clause threshold: per label, the grid value (at least its segment threshold)
    whose union with ``P >= threshold`` gains most (true minus false positives, at least
    ``min_gain``) on held-out predictions, the highest on ties (with ``min_gain`` 0 a label
    the held-out segments say nothing about takes the top of the grid: a clause clearly
    about it); labels where every value loses are left out."""
    c = config()
    chosen = {}
    for j, lab in enumerate(labels):
        base = P[:, j] >= thresholds[lab]
        y = Y[:, j] == 1
        best, best_gain = None, int(c["min_gain"]) - 1
        for t in sorted(c["grid"], reverse=True):
            if t < thresholds[lab]:
                continue
            new = (C[:, j] >= t) & ~base
            gain = int((new & y).sum()) - int((new & ~y).sum())
            if gain > best_gain:
                best, best_gain = float(t), gain
        if best is not None:
            chosen[lab] = best
    return chosen


class ClauseUnionModel(WrappedModel):
    """``base`` plus clause thresholds: ``predict_proba`` lifts a label to its segment
    threshold where a clause of the segment reaches the label's clause threshold."""

    def __init__(self, base, clause_thresholds: dict = None):
        super().__init__(base)
        self.clause_thresholds = dict(clause_thresholds or {})

    def fires(self, views: list[SegmentView]) -> dict:
        """label -> where one of the view's clauses reaches the label's clause threshold."""
        if not self.clause_thresholds:
            return {}
        C = clause_max(self.base, views)
        return {lab: C[:, j] >= self.clause_thresholds[lab] for j, lab in enumerate(self.labels)
                if lab in self.clause_thresholds}

    def state(self) -> dict:
        """The clause thresholds (``save`` writes them with the segment thresholds)."""
        return {"clause_thresholds": self.clause_thresholds}
