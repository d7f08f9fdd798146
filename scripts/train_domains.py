#!/usr/bin/env python3
"""Train the domain classifiers and write them to models/ (fixed seed, reproducible).

    python3 scripts/train_domains.py                 # sklearn (the default model)
    python3 scripts/train_domains.py --spacy --transformer

Training data: the seed gold lines (../shared/gold), weak labels from heading
keywords (gisnlp/data/domain_keywords.yaml) over the corpus reports, and hand
annotations in corpora/*.jsonl. Per-label thresholds come from
leave-one-seed-out predictions and are stored with each model.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gisnlp.domains import MANIFEST  # noqa: E402
from gisnlp.domains import training as T  # noqa: E402
from gisnlp.domains.labels import labels as domain_labels  # noqa: E402

SEED = 13
SKLEARN_PARAMS = {"features": "combined", "C": 64.0}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    ap.add_argument("--out", default=str(ROOT / "models"))
    ap.add_argument("--spacy", action="store_true", help="also train the spaCy textcat pipeline")
    ap.add_argument("--transformer", action="store_true", help="also train the transformer model")
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--default", default="sklearn", help="model named default in the manifest")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    labels = domain_labels()
    ds = T.build_dataset(Path(args.shared), Path(args.corpora), log=print)
    counts = {}
    for e in ds.examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    print(f"examples: {counts}")
    man_path = out / MANIFEST
    man = json.loads(man_path.read_text()) if man_path.exists() else {"models": {}}
    man["labels"] = labels
    man["training"] = {"examples": counts, "seed": SEED}

    if not args.no_sklearn:
        from gisnlp.domains.sklearn_model import MODEL_FILE, SklearnDomainModel
        t0 = time.time()
        m = T.fit_with_thresholds(lambda: SklearnDomainModel(labels, seed=SEED, **SKLEARN_PARAMS),
                                  ds.examples, labels)
        m.save(out / MODEL_FILE)
        man["models"]["sklearn"] = {"file": MODEL_FILE, "params": SKLEARN_PARAMS,
                                    "thresholds": m.thresholds}
        print(f"sklearn: {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB, "
              f"{time.time() - t0:.0f}s)")
    if args.spacy:
        from gisnlp.domains.spacy_train import train_spacy
        info = train_spacy(ds, labels, out / "domains_spacy", seed=SEED, log=print)
        man["models"]["spacy"] = info
    if args.transformer:
        from gisnlp.domains.transformer_model import train_transformer
        info = train_transformer(ds, labels, out / "domains_transformer", seed=SEED, log=print)
        man["models"]["transformer"] = info
    man["default"] = args.default
    man_path.write_text(json.dumps(man, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"manifest: {man_path} (default: {man['default']})")


if __name__ == "__main__":
    main()
