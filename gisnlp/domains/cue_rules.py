"""A hybrid domain model: a probabilistic model plus cue-word rules chosen per label.

Recall is where the models lose (enumerations such as 教育…医疗卫生…生态环境…
spread the evidence thinly over many labels). A rule lifts a label to its
threshold when the segment's cue words (``features.cue_counts``: heading
keywords and label descriptions of ``data/domains.yaml``) name it in a given
way. Which rule, if any, each label takes is chosen on inner cross-validation
folds (``fit_rules``): only where it adds F1 there.

Rules (``RULES``): ``text`` (a cue word in the segment), ``text2`` (two), ``enum``
(a cue word in a segment whose cue words name at least ``ENUM_MIN_LABELS`` labels),
``title`` (a cue word in the title the segment opens with, ``(1)环境保护方面``).
"""
from __future__ import annotations


import numpy as np

from .features import SegmentView, cue_counts, own_title
from .rule_models import WrappedModel

ENUM_MIN_LABELS = 3
MIN_GAIN = 1            # a rule must win at least this many more (tp - fp) on the inner folds
RULES = ("text", "text2", "enum", "title")


def rule_hits(views: list[SegmentView], labels: list[str]) -> dict[str, np.ndarray]:
    """rule -> [n, labels] booleans: where each rule fires."""
    index = {lab: j for j, lab in enumerate(labels)}
    out = {r: np.zeros((len(views), len(labels)), dtype=bool) for r in RULES}
    for i, v in enumerate(views):
        text = cue_counts(v.text)
        for lab, n in text.items():
            if lab in index:
                out["text"][i, index[lab]] = True
                out["text2"][i, index[lab]] = n >= 2
                out["enum"][i, index[lab]] = len(text) >= ENUM_MIN_LABELS
        title = own_title(v.text) if v.kind != "heading" else ""
        for lab in (cue_counts(title) if title else {}):
            if lab in index:
                out["title"][i, index[lab]] = True
    return out


def fit_rules(P: np.ndarray, Y: np.ndarray, views: list[SegmentView], labels: list[str],
              thresholds: dict) -> dict[str, str]:
    """label -> rule: for each label the rule whose union with ``P >= threshold`` gains most
    (true minus false positives, at least ``MIN_GAIN``) on held-out predictions ``P``."""
    hits = rule_hits(views, labels)
    chosen = {}
    for j, lab in enumerate(labels):
        base = P[:, j] >= thresholds[lab]
        y = Y[:, j] == 1
        best, best_gain = None, MIN_GAIN - 1
        for rule in RULES:
            new = hits[rule][:, j] & ~base
            gain = int((new & y).sum()) - int((new & ~y).sum())
            if gain > best_gain:
                best, best_gain = rule, gain
        if best:
            chosen[lab] = best
    return chosen


class CueRuleModel(WrappedModel):
    """``base`` model plus ``rules`` (label -> rule name): ``predict_proba`` lifts a label
    whose rule fires to at least its threshold."""

    def __init__(self, base, rules: dict = None):
        super().__init__(base)
        self.rules = dict(rules or {})

    def fires(self, views: list[SegmentView]) -> dict:
        """label -> where the label's rule fires."""
        if not self.rules:
            return {}
        hits = rule_hits(views, self.labels)
        return {lab: hits[self.rules[lab]][:, j] for j, lab in enumerate(self.labels) if self.rules.get(lab)}

    def state(self) -> dict:
        """The rules (``save`` writes them with the thresholds)."""
        return {"rules": self.rules}
