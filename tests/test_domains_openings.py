"""The held-out openings evaluation (gisnlp/domains/openings_eval.py) and the openings slice of
the leave-one-place-out scores (crossval.opening_spans): what is held out, that it is never
trained or calibrated on, and what is scored."""
import numpy as np
import pytest

import gisnlp
from gisnlp.domains import crossval as CV
from gisnlp.domains import openings_eval as OE
from gisnlp.domains import training as T
from gisnlp.domains.features import SegmentView

LABELS = ["applications", "platforms"]
CONFIG = {"part": "opening", "modulo": 3, "group_size": 10}


def synthetic(item: str, part: str = "opening", labels=("applications",)) -> T.Example:
    """A paragraph written for the project, as synthetic_examples reads it."""
    return T.Example(SegmentView("全年受理申请5件。", (item,)), set(labels), f"synthetic:f:{item}",
                     "synthetic", item=item, part=part)


def test_held_out_openings_leave_by_groups_of_consecutive_items():
    items = [f"annot-b{b:02d}-{n:03d}" for b in range(1, 9) for n in range(1, 100)]
    held = {i for i in items if OE.is_held_out(synthetic(i), CONFIG)}
    groups = {}
    for i in items:
        batch, _, num = i.rpartition("-")
        groups.setdefault((batch, int(num) // 10), set()).add(i in held)
    assert all(len(v) == 1 for v in groups.values())          # a group leaves whole or stays
    share = len(held) / len(items)
    assert 0.2 < share < 0.45                                  # about a third
    # only openings written for the project: other parts, labelled reports and odd ids stay
    one = next(iter(held))
    assert not OE.is_held_out(synthetic(one, part="policy"), CONFIG)
    assert not OE.is_held_out(T.Example(SegmentView("x"), set(), "r0001", "annotation", item=one,
                                        part="opening"), CONFIG)
    assert not OE.is_held_out(synthetic("no-number-x"), CONFIG)


def test_split_partitions_the_examples():
    examples = [synthetic(f"annot-b01-{n:03d}") for n in range(1, 60)] + [synthetic("annot-b01-001", "policy")]
    train, held = OE.split(examples)
    assert held and train
    assert len(train) + len(held) == len(examples)
    assert not {id(e) for e in train} & {id(e) for e in held}
    assert all(e.part == "opening" for e in held)


class Recorder:
    """A fake estimator: remembers what it was fitted on, predicts 0.6 for every label."""

    fitted: list = []

    def __init__(self):
        self.labels = list(LABELS)
        self.thresholds = {lab: 0.5 for lab in LABELS}

    def fit(self, views, Y, w=None):
        Recorder.fitted.append({v.path[0] for v in views})
        return self

    def predict_proba(self, views):
        return np.full((len(views), len(LABELS)), 0.6)


class FakeScorer:
    """Records what it is given, one call per score; gives the number of gold segments."""

    def __init__(self):
        self.calls = []

    def score_segments(self, gold, pred):
        self.calls.append((gold, pred))
        return {"segments": sum(len(g["segments"]) for g in gold.values())}


def test_evaluate_never_fits_or_calibrates_on_the_held_out_openings():
    docs, examples = [], []
    for key, place in (("a1", "甲市"), ("b1", "乙县")):
        docs.append(CV.HeldoutDoc(key, "corpus", place, None))
        examples.append(T.Example(SegmentView("x", (key,)), {"platforms"}, key, "annotation"))
    examples += [synthetic(f"annot-b01-{n:03d}", labels=("applications",)) for n in range(1, 100)]
    train, held = OE.split(examples)
    assert held
    fits = CV.Fits(Recorder, train, LABELS, {d.key: d.place for d in docs})
    calls = []

    def calibrate(model, P, Y, views):
        calls.append({v.path[0] for v in views})
        model.thresholds = {lab: 0.5 for lab in LABELS}
        return model
    Recorder.fitted = []
    scorer = FakeScorer()
    res = OE.evaluate(fits, docs, held, LABELS, scorer, calibrate)
    held_items = {e.item for e in held}
    assert Recorder.fitted and not any(seen & held_items for seen in Recorder.fitted)
    assert {"a1", "b1"} | {e.item for e in train if e.source == "synthetic"} in Recorder.fitted
    assert calls == [{"a1", "b1"}]                 # calibrated on the places' out-of-fold rows only
    assert res.predicted == [LABELS] * len(held)
    (gold, _), (merged_gold, merged_pred) = scorer.calls
    assert [g["domains"] for g in gold["openings"]["segments"]] == [["applications"]] * len(held)
    assert res.scores["segments"] == len(held)
    # merged: one gold span per held-out group over its paragraphs run together, predicted
    # on the segments the run-time segmenter cuts
    groups = {OE.group_of(e) for e in held}
    assert set(merged_gold) == set(merged_pred) == groups
    for g in groups:
        (span,) = merged_gold[g]["segments"]
        n = sum(1 for e in held if OE.group_of(e) == g)
        assert span["start"] == 0 and span["end"] == n * len("全年受理申请5件。")
        assert span["domains"] == ["applications"]
        assert merged_pred[g]["segments"] and all(p["domains"] == LABELS for p in merged_pred[g]["segments"])


def test_merged_openings_run_a_group_together_without_headings():
    held = [synthetic("annot-b02-011"), synthetic("annot-b02-012", labels=("platforms",)),
            T.Example(SegmentView("（二）依申请公开", (), "heading"), {"applications"}, "synthetic:f:h",
                      "synthetic", item="annot-b02-013", part="opening"),
            synthetic("annot-b02-025")]
    merged = OE.merged_openings(held)
    assert merged == {"annot-b02-1": ("全年受理申请5件。全年受理申请5件。", ["applications", "platforms"])}


def test_opening_spans_are_the_spans_under_the_general_situation_heading():
    pre = gisnlp.load(steps=list(T.PRE_STEPS))
    text = ("一、总体情况\n全年受理政府信息公开申请12件，均按期答复。\n（一）主动公开\n通过门户网站公开信息300条。\n"
            "二、主动公开政府信息情况\n公开财政预决算信息。\n")
    report = pre(text)
    body = [s for s in report.segments if s.kind == "body"]
    spans = [{"start": s.start, "end": s.end, "domains": []} for s in body]
    got = [text[g["start"]:g["end"]] for g in CV.opening_spans(report, spans)]
    assert got == ["全年受理政府信息公开申请12件，均按期答复。", "通过门户网站公开信息300条。"]
