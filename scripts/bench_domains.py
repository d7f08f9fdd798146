#!/usr/bin/env python3
"""Time the segment and domains steps per document (model loaded once, as in a batch).

    python3 scripts/bench_domains.py [--model sklearn|spacy|transformer] [FILES...]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gisnlp  # noqa: E402
from gisnlp.domains import load_model, predict  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--model", default="auto")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = args.files or sorted(str(p) for p in (ROOT.parent / "shared" / "seeds").glob("*.txt"))
    t0 = time.perf_counter()
    model = load_model(args.model)
    print(f"load {args.model}: {1000 * (time.perf_counter() - t0):.0f} ms (once per process)")
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata", "tables", "segment"])
    predict(nlp(files[0]), model)          # warm-up (jieba dictionary, lazy imports)
    seg_ms, dom_ms, chars = [], [], []
    for f in files:
        r = nlp(f)
        chars.append(sum(s.end - s.start for s in r.segments if s.kind in ("body", "heading")))
        best = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            predict(r, model)
            best.append(time.perf_counter() - t)
        dom_ms.append(1000 * min(best))
        seg_ms.append(1000 * r.timings.get("segment", 0.0))
        print(f"{Path(f).name:32s} narrative {chars[-1]:6d} chars  segment {seg_ms[-1]:6.1f} ms  "
              f"domains {dom_ms[-1]:6.1f} ms")
    print(f"mean per document: segment {statistics.mean(seg_ms):.1f} ms, domains {statistics.mean(dom_ms):.1f} ms "
          f"(max {max(dom_ms):.1f} ms); {sum(chars) / (sum(dom_ms) / 1000) / 1e3:.0f} k narrative chars/s")


if __name__ == "__main__":
    main()
