"""A small BERT-style domain classifier (needs the ``transformer`` extra: torch, transformers).

No pretrained Chinese weights can be downloaded at run time, so the encoder is
pre-trained here: a character vocabulary and a 2-layer BERT (hidden 128) are
trained with masked-language modelling on the report text in ../shared, then
fine-tuned for the multi-label domains. Modest by design; see the scores in
``models/domains_manifest.json``.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import numpy as np

from .features import SegmentView

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_LEN = 128
PATH_CHARS = 40
ENCODER = dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=2,
               intermediate_size=256, max_position_embeddings=MAX_LEN + 8)
_pretrained_cache: dict = {}


def _torch():
    import torch
    torch.set_num_threads(2)
    return torch


class CharVocab:
    def __init__(self, chars: list[str]):
        self.itos = SPECIALS + chars
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    @classmethod
    def build(cls, texts, min_count: int = 2) -> "CharVocab":
        c = Counter(ch for t in texts for ch in t if not ch.isspace())
        return cls(sorted(ch for ch, n in c.items() if n >= min_count))

    def encode(self, view: SegmentView) -> list[int]:
        path = " / ".join(view.path[-2:])[-PATH_CHARS:]
        ids = [2] + [self.stoi.get(c, 1) for c in path if not c.isspace()] + [3]
        ids += [self.stoi.get(c, 1) for c in view.text if not c.isspace()]
        return ids[:MAX_LEN - 1] + [3]


def _pad(batch):
    torch = _torch()
    n = max(len(b) for b in batch)
    ids = torch.zeros((len(batch), n), dtype=torch.long)
    mask = torch.zeros((len(batch), n), dtype=torch.long)
    for i, b in enumerate(batch):
        ids[i, :len(b)] = torch.tensor(b)
        mask[i, :len(b)] = 1
    return ids, mask


def pretrain(texts: list[str], seed: int = 13, epochs: int = 3, log=None):
    """MLM pre-training of a small BERT on raw report text; returns (vocab, encoder state)."""
    key = (hash(tuple(texts)), seed, epochs)
    if key in _pretrained_cache:
        return _pretrained_cache[key]
    torch = _torch()
    from transformers import BertConfig, BertForMaskedLM
    torch.manual_seed(seed)
    rng = random.Random(seed)
    vocab = CharVocab.build(texts)
    cfg = BertConfig(vocab_size=len(vocab.itos), **ENCODER)
    model = BertForMaskedLM(cfg)
    windows = []
    for t in texts:
        chars = [vocab.stoi.get(c, 1) for c in t if not c.isspace()]
        for s in range(0, max(1, len(chars) - 16), MAX_LEN - 2):
            windows.append([2] + chars[s:s + MAX_LEN - 2] + [3])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    model.train()
    for ep in range(epochs):
        rng.shuffle(windows)
        total = 0.0
        for i in range(0, len(windows), 32):
            ids, mask = _pad(windows[i:i + 32])
            labels = ids.clone()
            prob = torch.rand(ids.shape)
            m = (prob < 0.15) & (ids > 4)
            labels[~m] = -100
            inp = ids.clone()
            inp[m & (torch.rand(ids.shape) < 0.8)] = 4
            out = model(input_ids=inp, attention_mask=mask, labels=labels)
            opt.zero_grad()
            out.loss.backward()
            opt.step()
            total += float(out.loss.detach())
        if log:
            log(f"  mlm epoch {ep + 1}: loss {total / max(1, len(windows) // 32):.3f} ({len(windows)} windows)")
    state = {k.removeprefix("bert."): v for k, v in model.state_dict().items() if k.startswith("bert.")}
    _pretrained_cache[key] = (vocab, state)
    return vocab, state


class TransformerDomainModel:
    """fit(views, Y) fine-tunes the pre-trained encoder; predict_proba(views)."""

    def __init__(self, labels: list[str], texts: list[str] = None, seed: int = 13,
                 epochs: int = 15, lr: float = 1e-3, pos_weight: float = 4.0):
        self.labels = list(labels)
        self.texts = texts
        self.seed = seed
        self.epochs = epochs
        self.lr = lr
        self.pos_weight = pos_weight
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.vocab = None
        self.model = None

    def fit(self, views, Y, sample_weight=None):
        torch = _torch()
        from transformers import BertConfig, BertForSequenceClassification
        texts = self.texts or default_pretraining_texts()
        self.vocab, state = pretrain(texts, self.seed)
        torch.manual_seed(self.seed)
        cfg = BertConfig(vocab_size=len(self.vocab.itos), num_labels=len(self.labels),
                         problem_type="multi_label_classification", **ENCODER)
        self.model = BertForSequenceClassification(cfg)
        self.model.bert.load_state_dict(state, strict=False)
        enc = [self.vocab.encode(v) for v in views]
        w = np.ones(len(views)) if sample_weight is None else np.asarray(sample_weight, float)
        Yt = torch.tensor(np.asarray(Y), dtype=torch.float)
        Wt = torch.tensor(w, dtype=torch.float)
        opt = torch.optim.AdamW(self.model.parameters(), lr=self.lr, weight_decay=0.01)
        pw = torch.full((len(self.labels),), self.pos_weight)
        rng = random.Random(self.seed)
        order = list(range(len(enc)))
        self.model.train()
        for _ in range(self.epochs):
            rng.shuffle(order)
            for i in range(0, len(order), 16):
                b = order[i:i + 16]
                ids, mask = _pad([enc[k] for k in b])
                logits = self.model(input_ids=ids, attention_mask=mask).logits
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, Yt[b], reduction="none", pos_weight=pw).mean(1)
                loss = (loss * Wt[b]).sum() / Wt[b].sum()
                opt.zero_grad()
                loss.backward()
                opt.step()
        self.model.eval()
        return self

    def predict_proba(self, views):
        torch = _torch()
        out = np.zeros((len(views), len(self.labels)))
        if not views:
            return out
        enc = [self.vocab.encode(v) for v in views]
        order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
        with torch.no_grad():
            for i in range(0, len(order), 64):
                b = order[i:i + 64]
                ids, mask = _pad([enc[k] for k in b])
                out[b] = torch.sigmoid(self.model(input_ids=ids, attention_mask=mask).logits).numpy()
        return out

    def save(self, path: Path):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(path)
        (path / "gisnlp_domains.json").write_text(json.dumps(
            {"labels": self.labels, "thresholds": self.thresholds, "chars": self.vocab.itos[len(SPECIALS):]},
            ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "TransformerDomainModel":
        from transformers import BertForSequenceClassification
        path = Path(path)
        meta = json.loads((path / "gisnlp_domains.json").read_text(encoding="utf-8"))
        m = cls(meta["labels"])
        m.thresholds = meta["thresholds"]
        m.vocab = CharVocab(meta["chars"])
        m.model = BertForSequenceClassification.from_pretrained(path)
        m.model.eval()
        return m


def default_pretraining_texts() -> list[str]:
    """Raw (unlabelled) text of the seeds and readable corpus reports for MLM pre-training."""
    from ..resources import DATA_DIR
    shared = DATA_DIR.parents[2] / "shared"
    from . import training as T
    texts = []
    for p in T.narrative_files(shared):
        try:
            r = T.segment_document(p)
        except Exception:
            continue
        texts.append(r.norm.text)
    return texts
