"""The hybrid domain model ``linear+clauses+e5ft``: the mean of the default's and the
fine-tuned e5's segment probabilities, with the default's clause rule.

A segment's probability per label is the mean of the linear model's (character bigrams
and cue words: what the segment literally says) and e5ft's (what it means); a label is
given when that mean reaches the label's threshold OR one clause of the segment, scored
by the linear model alone (e5 on every clause would cost a forward pass per clause),
reaches the label's clause threshold — both chosen on held-out predictions, as for
``linear+clauses``.

``HybridScorer`` is the estimator while cross-validating (the mean beside the linear
model's best clause, so held-out predictions carry both); ``HybridModel`` predicts.
"""
from __future__ import annotations

import numpy as np

from .clauses import ClauseUnionModel
from .ensemble import EnsembleModel
from .rule_models import WrappedModel

HYBRID_FILE = "domains_hybrid.json"       # members, weights, thresholds, clause thresholds


class HybridScorer:
    """``linear``: a ``clauses.ClauseScorer``; ``e5``: a model over the same labels.
    ``predict_proba`` gives [n, 2 * labels]: the weighted mean of the segment probabilities,
    then the linear model's best clause."""

    def __init__(self, linear, e5, weights: tuple = (1.0, 1.0)):
        self.linear = linear
        self.e5 = e5
        self.weights = tuple(weights)
        self.labels = list(linear.labels)

    def fit(self, views, Y, sample_weight=None):
        """Fit both members on the same examples."""
        self.linear.fit(views, Y, sample_weight)
        self.e5.fit(views, Y, sample_weight)
        return self

    def predict_proba(self, views) -> np.ndarray:
        """The members' mean segment probabilities and the best clause's, side by side."""
        n = len(self.labels)
        L = self.linear.predict_proba(views)
        a, b = self.weights
        mean = (a * L[:, :n] + b * self.e5.predict_proba(views)) / (a + b)
        return np.hstack([mean, L[:, n:]])


class HybridModel(WrappedModel):
    """The mean of ``linear`` and ``e5`` (an ``EnsembleModel``), a label lifted to its threshold
    where a clause scored by ``linear`` reaches the label's clause threshold."""

    def __init__(self, linear, e5, clause_thresholds: dict = None, weights: tuple = (1.0, 1.0)):
        super().__init__(EnsembleModel([linear, e5], list(weights)))
        self.clauses = ClauseUnionModel(linear, clause_thresholds)

    @property
    def clause_thresholds(self) -> dict:
        """label -> clause threshold (the linear model's clauses)."""
        return self.clauses.clause_thresholds

    def fires(self, views) -> dict:
        """label -> where a clause of the view, scored by the linear model, reaches the label's
        clause threshold."""
        return self.clauses.fires(views)

    def state(self) -> dict:
        """The members' weights and the clause thresholds."""
        return {"weights": self.base.weights, **self.clauses.state()}
