"""The ``domains`` pipeline step: fill ``Segment.domains`` and ``Segment.scores``.

Split as spaCy splits a component: ``probabilities`` (pure: what the model says
of each narrative segment) and ``set_annotations`` (writes it onto the segments);
``predict`` does both; ``make_domains`` checks the model name when the pipeline
is built and loads the model on the first document.
"""
from __future__ import annotations

import numpy as np

from ..report import Report
from .features import views_of
from .registry import AUTO, check_model, load_model

NARRATIVE = ("body", "heading")
MIN_SCORE = 0.01          # scores below this are left out of Segment.scores


def narrative_indexes(report: Report) -> list[int]:
    """Indexes of the segments the domains are given to (body text and headings)."""
    return [i for i, s in enumerate(report.segments) if s.kind in NARRATIVE]


def probabilities(report: Report, model) -> tuple[list[int], np.ndarray]:
    """(indexes of the narrative segments, [n, labels] probabilities); changes nothing."""
    idx = narrative_indexes(report)
    if not idx:
        return idx, np.zeros((0, len(model.labels)))
    return idx, model.predict_proba(views_of(report, idx))


def predict(report: Report, model=None) -> Report:
    """Fill ``domains`` and ``scores`` of the narrative segments of a segmented report."""
    model = model or load_model()
    idx, P = probabilities(report, model)
    set_annotations(report, idx, P, model)
    return report


def set_annotations(report: Report, idx: list[int], P: np.ndarray, model) -> None:
    """Write probabilities ``P`` (rows = ``idx``) as scores, and the labels at or over
    their thresholds as domains."""
    labels = model.labels
    cut = np.array([model.thresholds.get(lab, 0.5) for lab in labels])
    for i, p, scored, given in zip(idx, P.tolist(), (P >= MIN_SCORE).tolist(), (P >= cut).tolist()):
        seg = report.segments[i]
        seg.scores = {lab: round(v, 3) for lab, v, keep in zip(labels, p, scored) if keep}
        seg.domains = [lab for lab, keep in zip(labels, given) if keep]


def make_domains(model: str = AUTO):
    """Step: label narrative segments with disclosure domains.

    ``model``: one of ``registry.model_names()``. An unknown name, a missing optional
    dependency or a missing model file raises ``GisnlpError`` here, when the pipeline
    is built, rather than leaving every report partial; the model itself is loaded
    on the first document (keeps ``gisnlp.load()`` fast)."""
    name = check_model(model)
    state: dict = {}

    def domains_step(report: Report) -> Report:
        """Label the report's narrative segments (the model is loaded on the first call)."""
        if "model" not in state:
            state["model"] = load_model(name)
        return predict(report, state["model"])
    return domains_step
