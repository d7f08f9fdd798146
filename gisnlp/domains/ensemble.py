"""A hybrid domain model: the weighted mean of several models' probabilities.

Used for ``linear+transformer``: the fast linear model (character bigrams and cue
words: what a segment literally says) with e5 (what it means: paraphrases, rare
labels with few training words). Each member keeps its own features; one
threshold per label is chosen on the mean, on held-out predictions.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .rule_models import read_json, write_json

ENSEMBLE_DIR = "domains_ensemble"          # members in subfolders, weights and thresholds
ENSEMBLE_FILE = "ensemble.json"


class EnsembleModel:
    """``members``: fitted or unfitted models over the same ``labels``; ``weights``: one per member."""

    def __init__(self, members: list, weights: list[float] = None):
        self.members = list(members)
        self.weights = list(weights or [1.0] * len(self.members))
        self.labels = list(self.members[0].labels)
        self.thresholds = {lab: 0.5 for lab in self.labels}

    def fit(self, views, Y, sample_weight=None):
        """Fit every member on the same examples."""
        for m in self.members:
            m.fit(views, Y, sample_weight)
        return self

    def predict_proba(self, views) -> np.ndarray:
        """The weighted mean of the members' probabilities."""
        P = sum(w * m.predict_proba(views) for m, w in zip(self.members, self.weights))
        return P / sum(self.weights)

    def save(self, path: Path, members: list[str]) -> None:
        """Write the member names, weights and thresholds (members are saved on their own)."""
        write_json(path, {"members": members, "weights": self.weights, "thresholds": self.thresholds})

    read = staticmethod(read_json)
