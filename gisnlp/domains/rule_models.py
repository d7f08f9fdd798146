"""Domain models built on a base model, and the small JSON files they are saved in.

``cue_rules.CueRuleModel`` and ``clauses.ClauseUnionModel`` add a decision rule to a
fitted model: their labels and thresholds are the base model's, and where the rule fires
a label's probability is lifted to its threshold (``WrappedModel.fires``).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def write_json(path: Path, doc: dict) -> None:
    """Write ``doc`` as indented UTF-8 JSON (a model's rules, weights or thresholds)."""
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def read_json(path: Path) -> dict:
    """A file written by ``write_json``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


class WrappedModel:
    """A model on top of ``base``: same labels and (shared) thresholds; ``fit`` fits the base."""

    def __init__(self, base):
        self.base = base

    @property
    def labels(self) -> list[str]:
        """The base model's labels."""
        return self.base.labels

    @property
    def thresholds(self) -> dict:
        """The base model's thresholds (shared with it)."""
        return self.base.thresholds

    @thresholds.setter
    def thresholds(self, value: dict) -> None:
        """The base model's thresholds (shared with it)."""
        self.base.thresholds = value

    def fit(self, views, Y, sample_weight=None):
        """Fit the base model (the rule is chosen separately, on held-out predictions)."""
        self.base.fit(views, Y, sample_weight)
        return self

    def fires(self, views) -> dict:
        """label -> a boolean per view: where the rule lifts the label (none here)."""
        return {}

    def state(self) -> dict:
        """What ``save`` writes beside the base model's name and the thresholds (none here)."""
        return {}

    def save(self, path: Path, base: str) -> None:
        """Write the rule's ``state`` and the thresholds (the base model, named ``base``, is saved on
        its own)."""
        write_json(path, {"base": base, **self.state(), "thresholds": self.thresholds})

    read = staticmethod(read_json)      # the dict ``save`` wrote

    def predict_proba(self, views) -> np.ndarray:
        """The base model's probabilities, each label raised to at least its threshold in the
        rows where ``fires`` says so."""
        P = self.base.predict_proba(views)
        fire = self.fires(views) if len(views) else {}
        for j, lab in enumerate(self.labels):
            if lab in fire:
                rows = fire[lab]
                P[rows, j] = np.maximum(P[rows, j], self.thresholds[lab])
        return P
