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

from .features import ANALYZER_PARTS, ANALYZERS, SegmentView

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
        self.parts = ANALYZER_PARTS.get(features)
        self._runs: dict[str, list[int]] = {}     # CJK run -> columns of its bigrams (-1: unknown)
        self._tails: dict[tuple, int] = {}        # heading tail -> row of the two arrays below
        self._tail_logits: list[np.ndarray] = []  # its tokens' weighted sum, unnormalised
        self._tail_squares: list[float] = []      # its tokens' squared TF-IDF values, summed
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

    def _weighted(self, rows: np.ndarray, cols: np.ndarray):
        """(rows, cols, values) of the unnormalised TF-IDF of the tokens at (rows, cols):
        ``1 + log(count)`` times idf, one entry per distinct (row, column), sorted by row."""
        n = len(self.vocabulary)
        keys, counts = np.unique(rows * n + cols, return_counts=True)
        rows, cols = keys // n, keys % n
        return rows, cols, (1.0 + np.log(counts)) * self.idf[cols]

    def transform(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF matrix of ``views`` in coordinates (rows, cols, values), sorted by row:
        ``1 + log(count)`` times idf, each row L2-normalised, as scikit-learn computes it."""
        rows, cols = self.columns(views)
        if not len(cols):
            return rows, cols, np.zeros(0)
        rows, cols, vals = self._weighted(rows, cols)
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(views)))
        return rows, cols, vals / norms[rows]

    def decision_function(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] logits: the TF-IDF rows times the weight matrix, plus the biases
        (segments taken in chunks, so a huge document needs bounded memory)."""
        z = np.tile(self.b, (len(views), 1))
        for c in range(0, len(views), CHUNK):
            part = views[c:c + CHUNK]
            if self.parts:
                z[c:c + len(part)] += self._split_logits(part)
                continue
            z[c:c + len(part)] += self._products(len(part), *self.transform(part))
        return z

    def _products(self, n: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """[n, labels]: for each row, the sum of ``vals`` times the weight rows of ``cols``
        (coordinates sorted by row)."""
        out = np.zeros((n, len(self.labels)))
        if len(cols):
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[rows[starts]] = np.add.reduceat(self.W[cols] * vals[:, None], starts, axis=0)
        return out

    def _split_logits(self, views: list[SegmentView]) -> np.ndarray:
        """``decision_function`` without the biases for an analyzer split in two
        (``features.ANALYZER_PARTS``): a view's own tokens and its heading tail's are
        disjoint, so its unnormalised product and squared norm are the sums of the two
        parts', and the tail's part is computed once per heading tail. Every clause and
        segment under one heading then costs only its own tokens. Same values as the
        whole-vector computation up to floating-point rounding."""
        if len(self._tails) >= 4096:                 # bounded cache, emptied between chunks only
            self._tails, self._tail_logits, self._tail_squares = {}, [], []
        rows, cols, vals = self._weighted(*self._own_columns(views))
        num = self._products(len(views), rows, cols, vals)
        square = np.bincount(rows, weights=vals * vals, minlength=len(views))
        tails = np.fromiter((self._tail(v.path[-3:]) for v in views), dtype=np.int64, count=len(views))
        num += np.asarray(self._tail_logits)[tails]
        square += np.asarray(self._tail_squares)[tails]
        norm = np.sqrt(square)
        out = np.zeros_like(num)
        np.divide(num, norm[:, None], out=out, where=norm[:, None] > 0)
        return out

    def _own_columns(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray]:
        """``columns`` of the views' own tokens (bigrams and marks, no heading tail), the
        bigram columns of each CJK run looked up once: a clause's runs are runs of its
        segment (clauses are cut at punctuation, never inside a run)."""
        runs_of, marks_of, _ = self.parts
        get, runs, cols, lengths = self.index.get, self._runs, [], []
        if len(runs) > 100_000:
            runs.clear()
        for v in views:
            n = len(cols)
            for run in runs_of(v.text):
                got = runs.get(run)
                if got is None:
                    got = runs[run] = [get(run[i:i + 2], -1) for i in range(len(run) - 1)]
                cols += got
            marks = marks_of(v)
            cols += map(get, marks, repeat(-1, len(marks)))
            lengths.append(len(cols) - n)
        cols = np.asarray(cols, dtype=np.int64)
        rows = np.repeat(np.arange(len(views), dtype=np.int64), lengths)
        keep = cols >= 0
        return rows[keep], cols[keep]

    def _tail(self, tail: tuple) -> int:
        """Row of ``tail``'s part in the cached arrays, computed on first sight
        (``_split_logits`` empties the cache past 4,096 tails, between chunks)."""
        got = self._tails.get(tail)
        if got is not None:
            return got
        cols = np.asarray([self.index[t] for t in self.parts[2](tail) if t in self.index], dtype=np.int64)
        _, cols, vals = self._weighted(np.zeros(len(cols), dtype=np.int64), cols)
        logits, square = vals @ self.W[cols], float(vals @ vals)
        self._tails[tail] = len(self._tail_logits)
        self._tail_logits.append(logits)
        self._tail_squares.append(square)
        return self._tails[tail]

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
