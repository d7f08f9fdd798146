"""Leave-one-place-out cross-validation: nothing of a held-out place is seen by its model
or by the calibration of its decisions."""
import numpy as np
import pytest

import gisnlp
from gisnlp.domains import crossval as CV
from gisnlp.domains import training as T
from gisnlp.domains.features import SegmentView

LABELS = ["education", "health"]
TEXT = "一、总体情况\n公开义务教育招生入学政策。\n公开医疗卫生机构名录。\n"


class Recorder:
    """A fake estimator that remembers the documents it was fitted on."""

    fitted: list = []

    def __init__(self):
        self.labels = list(LABELS)
        self.thresholds = {lab: 0.5 for lab in LABELS}
        self.seen = set()

    def fit(self, views, Y, w=None):
        self.seen = {v.path[0] for v in views if v.path}
        Recorder.fitted.append(self.seen)
        return self

    def predict_proba(self, views):
        return np.full((len(views), len(LABELS)), 0.6)


@pytest.fixture(scope="module")
def setup():
    pre = gisnlp.load(steps=list(T.PRE_STEPS))
    docs, examples = [], []
    for key, place in (("a1", "甲市"), ("a2", "甲市"), ("b1", "乙县"), ("c1", "丙区")):
        report = pre(TEXT, doc_id=key)
        body = [s for s in report.segments if s.kind == "body"]
        spans = [{"start": s.start, "end": s.end, "kind": "body", "domains": [lab]}
                 for s, lab in zip(body, LABELS)]
        docs.append(CV.HeldoutDoc(key, "corpus", place, report, spans, spans))
        for s, lab in zip(body, LABELS):
            examples.append(T.Example(SegmentView("x", (key,)), {lab}, key, "annotation", s.start, s.end))
    examples.append(T.Example(SegmentView("y", ("synthetic",)), {"health"}, "synthetic:f:1", "synthetic"))
    return T.Dataset(examples=examples), docs


def test_no_place_is_seen_by_its_own_model_or_calibration(setup, monkeypatch):
    ds, docs = setup
    monkeypatch.setattr(CV, "place_of_docs", lambda docs, shared: {d.key: d.place for d in docs})
    calls = []

    def calibrate(model, P, Y, views):
        calls.append(({v.path[0] for v in views}, model.seen))
        return model
    Recorder.fitted = []
    res = CV.loio(Recorder, ds, docs, LABELS, shared=None, calibrate=calibrate, log=None)
    assert set(res.preds) == {"a1", "a2", "b1", "c1"}
    place_docs = {"甲市": {"a1", "a2"}, "乙县": {"b1"}, "丙区": {"c1"}}
    assert len(calls) == 3
    for inner_docs, seen in calls:
        held = next(d for p, d in place_docs.items() if not d & seen)   # the place this fold left out
        assert not inner_docs & held and "synthetic" in seen and not held & seen
    # nested: 3 outer fits + 3 pairs of places, each fitted once (not 3 + 3 * 2)
    assert len(Recorder.fitted) == 6
    assert all(seg["domains"] == LABELS for segs in res.preds.values() for seg in segs)


def test_crossfit_calibrates_on_the_other_folds(setup, monkeypatch):
    ds, docs = setup
    monkeypatch.setattr(CV, "place_of_docs", lambda docs, shared: {d.key: d.place for d in docs})
    calls = []
    Recorder.fitted = []
    CV.loio(Recorder, ds, docs, LABELS, None, mode="crossfit", log=None,
            calibrate=lambda m, P, Y, views: calls.append(({v.path[0] for v in views}, m.seen)) or m)
    assert len(Recorder.fitted) == 3                     # one fit per place
    every = {"a1", "a2", "b1", "c1"}
    for inner_docs, seen in calls:
        held = every - seen                              # the place this fold left out
        assert held and inner_docs == every - held       # calibrated on the other places only


def test_gold_by_line_merges_spans_of_one_line():
    text = "甲乙丙丁。戊己庚辛。\n壬癸。\n"
    spans = [{"start": 0, "end": 5, "domains": ["a"]}, {"start": 5, "end": 10, "domains": ["b"]},
             {"start": 11, "end": 14, "domains": []}]
    assert CV.gold_by_line(text, spans) == [{"start": 0, "end": 10, "kind": "body", "domains": ["a", "b"]},
                                            {"start": 11, "end": 14, "kind": "body", "domains": []}]
