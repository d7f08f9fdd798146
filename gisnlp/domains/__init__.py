"""Disclosure domains of narrative segments (multi-label; ids of ``data/domains.yaml``).

- ``step``: the pipeline step ``make_domains(model="auto")`` and ``predict``;
- ``registry``: the named models (``model_names()``), the manifest, ``load_model``;
  ``loaders``: how each named model is read from ``models/``;
- ``linear_model``: the numpy linear model; ``clauses``: the default ``linear+clauses`` (each
  clause of a segment scored too, a label also given where one clause scores high);
- ``features``: what a model sees of a segment; ``labels``: the label set;
- the other models: ``cue_rules`` (linear + cue-word rules; like ``clauses`` a ``wrapped``
  model on a base one), ``sklearn_model``,
  ``spacy_component``, ``transformer_model`` (frozen e5), ``e5_finetune`` (e5 with its
  top layers trained), ``ensemble`` (mean of models);
- training only (``scripts/train_domains.py``, ``scripts/eval_domains.py``):
  ``training`` (examples), ``crossval`` (leave one issuer's place out), ``openings_eval``
  (report openings held out), ``recipes`` (how each model is fitted, calibrated and saved),
  ``spacy_train``.
"""
from .labels import labels
from .registry import MANIFEST, check_model, load_model, manifest, model_names
from .step import make_domains, predict

__all__ = ["make_domains", "predict", "load_model", "check_model", "model_names", "manifest",
           "labels", "MANIFEST"]
