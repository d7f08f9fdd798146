"""spaCy side of the domain classifier (needs the ``spacy`` extra).

- ``SpacyDomainModel``: the ``textcat_multilabel`` pipeline trained by
  ``scripts/train_domains.py --spacy`` (models/domains_spacy), used by the
  gisnlp step with ``make_domains(model="spacy")``;
- the ``gisnlp_domains`` factory: add gisnlp's domain labels to any spaCy
  pipeline, ``nlp.add_pipe("gisnlp_domains")`` → ``doc.cats`` (scores) and
  ``doc._.domains`` (labels over their thresholds).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_lines
from .features import SegmentView

THRESHOLDS_FILE = "gisnlp_thresholds.json"


@spacy.registry.callbacks("gisnlp.jieba_domain_words.v1")
def jieba_domain_words():
    """Before the pipeline is created: add gisnlp's domain terms to jieba (一网通办 stays whole)."""
    def add_words(lang_cls):
        """Add the domain terms to jieba's dictionary."""
        import logging

        import jieba
        jieba.setLogLevel(logging.WARNING)
        for line in load_lines("domain_jieba.txt"):
            parts = line.split()
            jieba.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None)
        return lang_cls
    return add_words


def spacy_text(view: SegmentView, cues: bool = False) -> str:
    """What the spaCy model reads: the nearest headings, then the segment; with ``cues``
    also one word per domain cue-word hit (``CUEfiscal``; text, own title and nearest heading)."""
    head = " / ".join(view.path[-2:])
    text = f"{head}\n{view.text}" if head else view.text
    if not cues:
        return text
    from .features import lexicon_tokens, own_title
    words = lexicon_tokens(view.text, "CUE") + lexicon_tokens(own_title(view.text), "TCUE")
    if view.path:
        words += lexicon_tokens(view.path[-1], "HCUE")
    return text + "\n" + " ".join(w.replace("_", "") for w in words) if words else text


class SpacyDomainModel:
    """A trained spaCy textcat with gisnlp's per-label thresholds."""

    def __init__(self, nlp: Language, labels: list[str], thresholds: dict, cues: bool = False):
        self.nlp = nlp
        self.labels = list(labels)
        self.thresholds = dict(thresholds)
        self.cues = cues

    @classmethod
    def load(cls, path: Path) -> "SpacyDomainModel":
        """Read a trained pipeline and its gisnlp thresholds from ``path``."""
        path = Path(path)
        nlp = spacy.load(path)
        meta = json.loads((path / THRESHOLDS_FILE).read_text(encoding="utf-8"))
        return cls(nlp, meta["labels"], meta["thresholds"], meta.get("cues", False))

    def predict_proba(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] textcat scores of the segments."""
        out = np.zeros((len(views), len(self.labels)))
        for i, doc in enumerate(self.nlp.pipe(spacy_text(v, self.cues) for v in views)):
            for j, lab in enumerate(self.labels):
                out[i, j] = doc.cats.get(lab, 0.0)
        return out


if not Doc.has_extension("domains"):
    Doc.set_extension("domains", default=[])


class GisnlpDomains:
    """Pipeline component: label a Doc (a paragraph of a report) with disclosure domains."""

    def __init__(self, model: str = "auto"):
        from .registry import load_model
        self.model = load_model(model)

    def __call__(self, doc: Doc) -> Doc:
        p = self.model.predict_proba([SegmentView(text=doc.text)])[0]
        doc.cats.update({lab: float(v) for lab, v in zip(self.model.labels, p)})
        doc._.domains = [lab for lab, v in zip(self.model.labels, p)
                         if v >= self.model.thresholds.get(lab, 0.5)]
        return doc


@Language.factory("gisnlp_domains", default_config={"model": "auto"})
def make_gisnlp_domains(nlp: Language, name: str, model: str):
    """spaCy factory of the ``gisnlp_domains`` component."""
    return GisnlpDomains(model)
