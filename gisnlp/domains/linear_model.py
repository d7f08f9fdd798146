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

from .features import ANALYZER_PARTS, ANALYZERS, CJK_FIRST, CJK_LAST, SegmentView, is_bigram

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
        self._bigrams = None                      # ``_bigram_table()``, on first use
        self._tails: dict[tuple, int] = {}        # heading tail -> its row in _tail_parts:
        self._tail_parts = np.zeros((0, len(self.labels) + 1))   # unnormalised logits, squared norm
        self.idf = np.asarray(idf, dtype=np.float64)
        self.W = np.asarray(W, dtype=np.float64)
        self.b = np.asarray(b, dtype=np.float64)
        self.thresholds = dict(thresholds or {lab: 0.5 for lab in self.labels})

    def columns(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary token of ``views``, one entry per occurrence."""
        return self._token_columns(map(self.analyzer, views))

    def _token_columns(self, token_lists) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary token, row k for the k-th list of tokens."""
        get, cols, lengths = self.index.get, [], []
        for toks in token_lists:
            cols += map(get, toks, repeat(-1, len(toks)))
            lengths.append(len(toks))
        cols = np.asarray(cols, dtype=np.int64)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
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
            weighted = np.take(self.W, cols, axis=0)
            weighted *= vals[:, None]                   # in place: one array less per chunk
            out[rows[starts]] = np.add.reduceat(weighted, starts, axis=0)
        return out

    def _split_logits(self, views: list[SegmentView]) -> np.ndarray:
        """``decision_function`` without the biases for an analyzer split in two
        (``features.ANALYZER_PARTS``): a view's own tokens and its heading tail's are
        disjoint, so its unnormalised product and squared norm are the sums of the two
        parts', and the tail's part is computed once per heading tail. Every clause and
        segment under one heading then costs only its own tokens. Same values as the
        whole-vector computation up to floating-point rounding."""
        if len(self._tails) >= 4096:                 # bounded cache, emptied between chunks only
            self._tails, self._tail_parts = {}, np.zeros((0, len(self.labels) + 1))
        rows, cols, vals = self._weighted(*self._own_columns(views))
        num = self._products(len(views), rows, cols, vals)
        square = np.bincount(rows, weights=vals * vals, minlength=len(views))
        tails = self._tail_rows(views)
        num += self._tail_parts[tails, :-1]
        square += self._tail_parts[tails, -1]
        norm = np.sqrt(square)
        out = np.zeros_like(num)
        np.divide(num, norm[:, None], out=out, where=norm[:, None] > 0)
        return out

    def _own_columns(self, views: list[SegmentView]) -> tuple[np.ndarray, np.ndarray]:
        """``columns`` of the views' own tokens (bigrams and marks, no heading tail): the
        bigrams read from ``_bigram_table`` by their code points, the marks by name."""
        bigrams_of, marks_of, _ = self.parts
        if self._bigrams is None:
            self._bigrams = self._bigram_table()
        ids, table = self._bigrams
        rows, first, second = bigrams_of([v.text for v in views])
        cols = table[ids[first - CJK_FIRST], ids[second - CJK_FIRST]]
        hit = cols >= 0
        mark_rows, marks = self._token_columns(map(marks_of, views))
        return (np.concatenate([rows[hit], mark_rows]),
                np.concatenate([cols[hit].astype(np.int64), marks]))

    def _bigram_table(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, table): ``ids[code - CJK_FIRST]`` numbers the characters of the vocabulary's
        bigrams from 1 (0: in none), ``table[id1, id2]`` is the column of that bigram (-1:
        not in the vocabulary) — a few MB (1,600 characters: 5 MB) for a look-up per bigram
        in numpy."""
        bigrams = [(col, tok) for col, tok in enumerate(self.vocabulary) if is_bigram(tok)]
        chars = sorted({ch for _, tok in bigrams for ch in tok})
        ids = np.zeros(CJK_LAST - CJK_FIRST + 1, dtype=np.int64)
        ids[[ord(ch) - CJK_FIRST for ch in chars]] = np.arange(1, len(chars) + 1)
        kind = np.int16 if len(self.vocabulary) < 2 ** 15 else np.int32
        table = np.full((len(chars) + 1, len(chars) + 1), -1, dtype=kind)
        for col, tok in bigrams:
            table[ids[ord(tok[0]) - CJK_FIRST], ids[ord(tok[1]) - CJK_FIRST]] = col
        return ids, table

    def _tail_rows(self, views: list[SegmentView]) -> np.ndarray:
        """Row in ``_tail_parts`` of each view's heading tail (its last three headings); the
        tails not seen before are computed together, their tokens' unnormalised product with
        the weights and their squared TF-IDF sum appended as new rows (clauses share their
        segment's path, so a path is looked up once)."""
        by_path: dict[int, int] = {}
        rows, new = [], []
        for v in views:
            row = by_path.get(id(v.path))
            if row is None:
                tail = v.path[-3:]
                row = self._tails.get(tail)
                if row is None:
                    row = self._tails[tail] = len(self._tail_parts) + len(new)
                    new.append(tail)
                by_path[id(v.path)] = row
            rows.append(row)
        if new:
            r, c, vals = self._weighted(*self._token_columns(map(self.parts[2], new)))
            part = np.empty((len(new), len(self.labels) + 1))
            part[:, :-1] = self._products(len(new), r, c, vals)
            part[:, -1] = np.bincount(r, weights=vals * vals, minlength=len(new))
            self._tail_parts = np.vstack([self._tail_parts, part])
        return np.asarray(rows, dtype=np.int64)

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
