"""Training side of the linear domain classifiers: TF-IDF of the segment (character
bigrams, or jieba words), its heading path and domain cue-word hits; one-vs-rest logistic
regression with a threshold per label.

scikit-learn fits it; ``to_linear()`` exports a fitted single-block model (features
"chars" or "fast") to ``LinearDomainModel``, which predicts with numpy alone (the
shipped default). The older ``sklearn`` model is this object pickled with joblib.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .features import ANALYZERS, SegmentView, lexicon_counts, path_tokens, text_tokens

MODEL_FILE = "domains_sklearn.joblib"


def _text(v: SegmentView) -> str:
    return v.text


class SklearnDomainModel:
    """``fit(views, Y)`` / ``predict_proba(views)``.

    ``features``: "chars" (the default ``linear`` model: one TF-IDF over character bigrams
    of the text and of the headings, ``L:``/``T:``/``HL:`` cue-word hits), "fast" (the
    ``sklearn`` model: the same with ``H:`` jieba words of the headings), "combined"
    (jieba words for the text too), or separate blocks "word" / "char" / "both" where
    ``path_weight`` and ``lexicon_weight`` scale the heading and cue blocks.
    """

    SINGLE_BLOCK = ("chars", "fast", "combined")    # one TF-IDF over ``features.ANALYZERS``

    def __init__(self, labels: list[str], features: str = "word", C: float = 4.0,
                 path_weight: float = 1.0, lexicon_weight: float = 1.0,
                 class_weight=None, seed: int = 0):
        self.labels = list(labels)
        self.features = features
        self.C = C
        self.path_weight = path_weight
        self.lexicon_weight = lexicon_weight
        self.class_weight = class_weight
        self.seed = seed
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.vectorizers: list = []
        self.clf = None

    # --- features ------------------------------------------------------------
    def _make_vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        vecs = []
        if self.features in self.SINGLE_BLOCK:
            return [("view", 1.0, TfidfVectorizer(analyzer=ANALYZERS[self.features], sublinear_tf=True,
                                                   min_df=1 if self.features == "combined" else 2))]
        if self.features in ("word", "both"):
            vecs.append(("text", 1.0, TfidfVectorizer(analyzer=text_tokens, sublinear_tf=True)))
        if self.features in ("char", "both"):
            vecs.append(("chars", 1.0, TfidfVectorizer(analyzer="char", ngram_range=(1, 3),
                                                        sublinear_tf=True, min_df=2,
                                                        max_features=50000, lowercase=False)))
        vecs.append(("path", self.path_weight, TfidfVectorizer(analyzer=path_tokens, sublinear_tf=True)))
        return vecs

    def _transform(self, views, fit=False):
        from scipy.sparse import csr_matrix, hstack
        mats = []
        for kind, w, vec in self.vectorizers:
            x = [v.text for v in views] if kind == "chars" else views
            m = vec.fit_transform(x) if fit else vec.transform(x)
            mats.append(m * w)
        if self.lexicon_weight and self.features not in self.SINGLE_BLOCK:
            lex = np.vstack([lexicon_counts(v, self.labels) for v in views])
            mats.append(csr_matrix(lex * self.lexicon_weight))
        return hstack(mats).tocsr()

    # --- fit / predict ---------------------------------------------------------
    def fit(self, views: list[SegmentView], Y: np.ndarray, sample_weight=None):
        """Fit the vectorisers and one logistic regression per label (a constant for a label never
        or always on). ``sample_weight``: one weight per example, or [examples, labels] (a weight
        per example and label; 0 leaves the example out of that label's regression)."""
        from sklearn.linear_model import LogisticRegression
        self.vectorizers = self._make_vectorizers()
        X = self._transform(views, fit=True)
        self.clf = []
        for j in range(Y.shape[1]):
            y = Y[:, j]
            if y.min() == y.max():                   # label absent (or always on)
                self.clf.append(float(y[0]) if len(y) else 0.0)
                continue
            m = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                   solver="liblinear", random_state=self.seed)
            w = sample_weight[:, j] if sample_weight is not None and np.ndim(sample_weight) == 2 else sample_weight
            m.fit(X, y, sample_weight=w)
            self.clf.append(m)
        self._stack()
        return self

    def _stack(self):
        """All labels' weights in one matrix: one sparse product predicts every label."""
        n = sum(v.vocabulary_.__len__() if hasattr(v, "vocabulary_") else 0 for _, _, v in self.vectorizers)
        n += 2 * len(self.labels) if self.lexicon_weight and self.features not in self.SINGLE_BLOCK else 0
        self.W = np.zeros((n, len(self.labels)))
        self.b = np.zeros(len(self.labels))
        for j, m in enumerate(self.clf):
            if isinstance(m, float):
                self.b[j] = 30.0 if m else -30.0
            else:
                self.W[:, j] = m.coef_[0]
                self.b[j] = m.intercept_[0]

    def predict_proba(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] probabilities: one sparse product with the stacked weights."""
        if not views:
            return np.zeros((0, len(self.labels)))
        X = self._transform(views)
        return 1.0 / (1.0 + np.exp(-(X @ self.W + self.b)))

    def to_linear(self):
        """The fitted model as a ``LinearDomainModel`` (vocabulary, idf, weights): the same
        probabilities, computed with numpy alone (no scikit-learn or scipy at run time)."""
        from .linear_model import LinearDomainModel
        if self.features not in self.SINGLE_BLOCK or len(self.vectorizers) != 1:
            raise ValueError(f"only single-block features {self.SINGLE_BLOCK} export to numpy, "
                             f"not {self.features!r}")
        vec = self.vectorizers[0][2]
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
        return LinearDomainModel(self.labels, self.features, vocab, vec.idf_, self.W, self.b,
                                 dict(self.thresholds))

    # --- persistence -------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Pickle the fitted model with joblib (the ``sklearn`` model's file)."""
        import joblib
        joblib.dump(self, path, compress=3)

    @staticmethod
    def load(path: Path) -> "SklearnDomainModel":
        """Read a model written by ``save`` (needs scikit-learn and scipy)."""
        import joblib
        return joblib.load(path)
