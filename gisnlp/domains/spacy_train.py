"""Training the spaCy textcat with ``spacy train`` and gisnlp's config (``data/domain_spacy.cfg``)."""
from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path

from .spacy_component import THRESHOLDS_FILE, SpacyDomainModel, spacy_text

from ..resources import data_path

CONFIG = data_path("domain_spacy.cfg")

# The shipped architecture (replaces the config's bag-of-words block): spaCy's ensemble of
# that bag-of-words with a small CNN over hashed word features. Leave-one-seed-out micro-F1
# (cross-fitted thresholds, with 327 synthetic paragraphs): BOW 0.622, ensemble 0.679,
# ensemble + cue words 0.760 (BOW bigrams 0.544, BOW 25 epochs 0.597, 5 epochs 0.596).
ENSEMBLE = {
    "@architectures": "spacy.TextCatEnsemble.v2", "nO": None,
    "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                          "rows": [2000, 2000, 500, 1000, 500],
                          "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                          "include_static_vectors": False},
                "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                           "window_size": 1, "maxout_pieces": 3, "depth": 2}},
    "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
                     "ngram_size": 1, "no_output_layer": False, "length": 65536, "nO": None},
}


def _docbin(nlp, views, Y, labels, cues=False):
    from spacy.tokens import DocBin
    db = DocBin()
    for v, y in zip(views, Y):
        doc = nlp.make_doc(spacy_text(v, cues))
        doc.cats = {lab: float(y[j]) for j, lab in enumerate(labels)}
        db.add(doc)
    return db


class SpacyTrainer:
    """fit/predict_proba wrapper (for cross-validation) around ``spacy train``.

    Defaults: the ``ENSEMBLE`` architecture, and cue-word hits as extra words (``cues``)."""

    def __init__(self, labels: list[str], seed: int = 13, max_epochs: int = None, quiet: bool = True,
                 overrides: dict = None, model: dict = ENSEMBLE, cues: bool = True):
        self.labels = list(labels)
        self.seed = seed
        self.max_epochs = max_epochs
        self.quiet = quiet
        self.overrides = dict(overrides or {})   # dotted config keys, as `spacy train --x.y v`
        self.model_cfg = model                   # replaces [components.textcat_multilabel.model] (None: keep)
        self.cues = cues                         # cue-word hits as extra words (spacy_text)
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.model = None
        self.path = None

    def fit(self, views, Y, sample_weight=None, out_dir: Path = None):
        """Train the textcat with ``spacy train`` on ``views`` (copied to ``out_dir`` when given)."""
        import spacy
        from spacy.cli.train import train
        from . import spacy_component  # noqa: F401  (registers the jieba callback)
        tmp = Path(tempfile.mkdtemp(prefix="gisnlp_spacy_"))
        config = self.config()
        config.to_disk(tmp / "config.cfg")
        nlp = spacy.util.load_model_from_config(config, auto_fill=True)
        # duplicate heavily weighted examples? no: spaCy has no sample weights; weak
        # examples count as gold here.
        _docbin(nlp, views, Y, self.labels, self.cues).to_disk(tmp / "train.spacy")
        # the dev set only picks "model-best"; we keep "model-last" (fixed epochs)
        n = len(views)
        dev = list(range(0, n, max(1, n // 100)))
        _docbin(nlp, [views[i] for i in dev], Y[dev], self.labels, self.cues).to_disk(tmp / "dev.spacy")
        overrides = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
                     "system.seed": self.seed}
        if self.max_epochs:
            overrides["training.max_epochs"] = self.max_epochs
        import logging
        import os
        import sys
        devnull = open(os.devnull, "w")
        old = sys.stdout, sys.stderr
        if self.quiet:
            sys.stdout = sys.stderr = devnull
            logging.getLogger("spacy").setLevel(logging.ERROR)
        try:
            train(tmp / "config.cfg", tmp / "out", overrides=overrides)
        finally:
            sys.stdout, sys.stderr = old
            devnull.close()
        out_dir = Path(out_dir) if out_dir else tmp / "final"
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(tmp / "out" / "model-last", out_dir)
        shutil.rmtree(tmp, ignore_errors=True) if out_dir.parent != tmp else None
        self.path = out_dir
        self.model = SpacyDomainModel(spacy.load(out_dir), self.labels, self.thresholds, self.cues)
        return self

    def config(self):
        """gisnlp's config with this trainer's model block and overrides applied."""
        import spacy
        config = spacy.util.load_config(CONFIG, overrides=self.overrides)
        if self.model_cfg:
            config["components"]["textcat_multilabel"]["model"] = copy.deepcopy(self.model_cfg)
        return config

    def predict_proba(self, views):
        """[n, labels] probabilities of the trained pipeline."""
        return self.model.predict_proba(views)


def save_spacy(model: SpacyTrainer, out_dir: Path) -> dict:
    """Write the fitted pipeline's gisnlp thresholds next to it (model fitted with ``out_dir``)."""
    (Path(out_dir) / THRESHOLDS_FILE).write_text(
        json.dumps({"labels": model.labels, "thresholds": model.thresholds, "cues": model.cues},
                   ensure_ascii=False,
                   indent=1), encoding="utf-8")
    return {"dir": Path(out_dir).name, "thresholds": model.thresholds}
