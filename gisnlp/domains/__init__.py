"""Disclosure domains of narrative segments (multi-label; ids of ``data/domains.yaml``).

- ``step``: the pipeline step ``make_domains(model="auto")`` and ``predict``;
- ``registry``: the named models (``model_names()``), the manifest, ``load_model``;
- ``linear_model``: the default model at run time (numpy only);
- ``features``: what a model sees of a segment; ``labels``: the label set;
- ``sklearn_model``, ``spacy_component``, ``transformer_model``: the other models;
- ``training``, ``crossval``: training data and leave-one-issuer-out evaluation
  (used by ``scripts/train_domains.py`` and ``scripts/eval_domains.py``).
"""
from .labels import labels
from .registry import MANIFEST, check_model, load_model, manifest, model_names
from .step import make_domains, predict

__all__ = ["make_domains", "predict", "load_model", "check_model", "model_names", "manifest",
           "labels", "MANIFEST"]
