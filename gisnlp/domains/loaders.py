"""Loaders of the named domain models (``registry.MODELS`` points here).

Each takes the models folder and returns an object with ``labels``, ``thresholds``
and ``predict_proba(views)``. Optional libraries are imported only inside the
loader of the model that needs them.
"""
from __future__ import annotations

from pathlib import Path

LINEAR = "domains_linear"


def load_linear(models: Path):
    """The default: numpy TF-IDF + logistic regression (``domains_linear.npz/.json``)."""
    from .linear_model import LinearDomainModel
    return LinearDomainModel.load(Path(models) / LINEAR)


def load_linear_cues(models: Path):
    """The linear model plus the cue-word rules chosen for it (``domains_linear_cues.json``)."""
    from .cue_rules import CueRuleModel
    saved = CueRuleModel.read(Path(models) / "domains_linear_cues.json")
    model = CueRuleModel(load_linear(models), saved["rules"])
    model.thresholds = dict(saved["thresholds"])
    return model


def load_linear_clauses(models: Path):
    """A linear model trained with clause negatives, plus its clause thresholds
    (``domains_linear_clauses.npz/.json``, ``domains_clauses.json``)."""
    from .clauses import BASE_FILE, CLAUSES_FILE, ClauseUnionModel
    from .linear_model import LinearDomainModel
    saved = ClauseUnionModel.read(Path(models) / CLAUSES_FILE)
    model = ClauseUnionModel(LinearDomainModel.load(Path(models) / BASE_FILE), saved["clause_thresholds"])
    model.thresholds = dict(saved["thresholds"])
    return model


def load_sklearn(models: Path):
    """The older scikit-learn model (jieba heading words), pickled with joblib."""
    from .sklearn_model import MODEL_FILE, SklearnDomainModel
    return SklearnDomainModel.load(Path(models) / MODEL_FILE)


def load_spacy(models: Path):
    """The spaCy ``textcat_multilabel`` pipeline (extra ``spacy``)."""
    from .spacy_component import SpacyDomainModel
    return SpacyDomainModel.load(Path(models) / "domains_spacy")


def load_transformer(models: Path):
    """The e5-small model with its logistic-regression head (extra ``transformer``)."""
    from .transformer_model import TransformerDomainModel
    return TransformerDomainModel.load(Path(models) / "domains_transformer")


def load_e5ft(models: Path):
    """e5-small with its top layers fine-tuned on the domains (extra ``transformer``)."""
    from .e5_finetune import FinetunedE5Model
    return FinetunedE5Model.load(Path(models) / "domains_e5ft")


def load_linear_transformer(models: Path):
    """The mean of a linear and an e5 model's probabilities (``domains_ensemble/``)."""
    from .ensemble import ENSEMBLE_DIR, ENSEMBLE_FILE, EnsembleModel
    from .linear_model import LinearDomainModel
    from .transformer_model import TransformerDomainModel
    d = Path(models) / ENSEMBLE_DIR
    saved = EnsembleModel.read(d / ENSEMBLE_FILE)
    model = EnsembleModel([LinearDomainModel.load(d / "linear"), TransformerDomainModel.load(d / "transformer")],
                          saved["weights"])
    model.thresholds = dict(saved["thresholds"])
    return model


def load_hybrid(models: Path):
    """``linear+clauses+e5ft``: the shipped linear+clauses base and e5ft, with the hybrid's
    weights and thresholds (``domains_hybrid.json``)."""
    from .clauses import BASE_FILE
    from .hybrid import HYBRID_FILE, HybridModel
    from .linear_model import LinearDomainModel
    saved = HybridModel.read(Path(models) / HYBRID_FILE)
    model = HybridModel(LinearDomainModel.load(Path(models) / BASE_FILE), load_e5ft(models),
                        saved["clause_thresholds"], tuple(saved["weights"]))
    model.thresholds = dict(saved["thresholds"])
    return model
