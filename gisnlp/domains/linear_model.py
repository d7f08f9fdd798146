"""The default domain classifier at run time: TF-IDF + one-vs-rest logistic regression
computed with numpy alone.

scikit-learn fits the model (``SklearnDomainModel.to_linear()``); what it learnt is
stored in two small files: ``<name>.npz`` (idf, weights, biases) and ``<name>.json``
(labels, thresholds, analyzer name, vocabulary in column order). Predicting then
repeats ``TfidfVectorizer(sublinear_tf=True, norm="l2")`` by hand — count the
analyzer's tokens, ``1 + log(count)`` times idf, L2-normalised — followed by one
sparse product for all segments of a report, so neither scikit-learn nor scipy is imported when a
report is analysed (their import cost more than a second of cold start).
"""
from __future__ import annotations

import json
from itertools import repeat
from pathlib import Path

import numpy as np

from .features import ANALYZERS, SegmentView

FORMAT = "gisnlp-linear-domains/1"
CHUNK = 256               # segments per sparse product


class LinearDomainModel:
    """``predict_proba(views)`` of a fitted linear model; ``save`` / ``load`` its two files.

    ``vocabulary``: token strings in column order; ``idf`` [n_tokens]; ``W``
    [n_tokens, n_labels]; ``b`` [n_labels]; ``features``: the analyzer's name in
    ``features.ANALYZERS``; ``thresholds``: label -> decision threshold.
    """

    def __init__(self, labels: list[str], features: str, vocabulary: list[str], idf, W, b,
                 thresholds: dict = None):
        if features not in ANALYZERS:
            raise ValueError(f"unknown analyzer {features!r}: one of {', '.join(ANALYZERS)}")
        self.labels = list(labels)
        self.features = features
        self.analyzer = ANALYZERS[features]
        self.vocabulary = list(vocabulary)
        self.index = {tok: i for i, tok in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.W = np.asarray(W, dtype=np.float64)
        self.b = np.asarray(b, dtype=np.float64)
        self.thresholds = dict(thresholds or {lab: 0.5 for lab in self.labels})

    def columns(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary token of ``views``, one entry per occurrence."""
        get, cols, lengths = self.index.get, [], []
        for v in views:
            toks = self.analyzer(v)
            cols += map(get, toks, repeat(-1, len(toks)))
            lengths.append(len(toks))
        cols = np.asarray(cols, dtype=np.int64)
        rows = np.repeat(np.arange(len(views), dtype=np.int64), lengths)
        keep = cols >= 0
        return rows[keep], cols[keep]

    def transform(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF matrix of ``views`` in coordinates (rows, cols, values), sorted by row:
        ``1 + log(count)`` times idf, each row L2-normalised, as scikit-learn computes it."""
        rows, cols = self.columns(views)
        if not len(cols):
            return rows, cols, np.zeros(0)
        n = len(self.vocabulary)
        keys, counts = np.unique(rows * n + cols, return_counts=True)
        rows, cols = keys // n, keys % n
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(views)))
        return rows, cols, vals / norms[rows]

    def decision_function(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] logits: the TF-IDF rows times the weight matrix, plus the biases
        (segments taken in chunks, so a huge document needs bounded memory)."""
        z = np.tile(self.b, (len(views), 1))
        for c in range(0, len(views), CHUNK):
            rows, cols, vals = self.transform(views[c:c + CHUNK])
            if len(cols):
                starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
                z[c + rows[starts]] += np.add.reduceat(self.W[cols] * vals[:, None], starts, axis=0)
        return z

    def predict_proba(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] probabilities (logistic of the logits)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(views)))

    # --- persistence ---------------------------------------------------------------
    def save(self, path: Path, info: dict = None) -> list[Path]:
        """Write ``path.npz`` and ``path.json`` (``path`` without suffix); returns both."""
        path = Path(path)
        npz, meta = path.with_suffix(".npz"), path.with_suffix(".json")
        np.savez_compressed(npz, idf=self.idf.astype(np.float64), W=self.W.astype(np.float64),
                            b=self.b.astype(np.float64))
        doc = {"format": FORMAT, "labels": self.labels, "features": self.features,
               "thresholds": self.thresholds, "info": info or {}, "vocabulary": self.vocabulary}
        meta.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return [npz, meta]

    @classmethod
    def load(cls, path: Path) -> "LinearDomainModel":
        """Read a model written by ``save`` (``path`` with or without suffix)."""
        path = Path(path)
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path.with_suffix('.json')}: not a {FORMAT} file")
        with np.load(path.with_suffix(".npz")) as arrays:
            return cls(meta["labels"], meta["features"], meta["vocabulary"], arrays["idf"],
                       arrays["W"], arrays["b"], meta["thresholds"])
