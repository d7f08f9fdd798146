#!/usr/bin/env python3
"""Draw the items for an independent second labelling pass (issue 19).

usage: python3 corpora/annotation/make_second_pass.py [--share 0.2] [--seed 19]

Takes a fixed-seed random share of the new items, stratified over their kind:
each part of the project-written paragraphs (``part`` of
``corpora/domains_synthetic_annot.jsonl``: opening, problems, enumeration, policy,
one-line, boilerplate, hard negative, …) and the corpus spans of
``corpora/domains_handlabels_annot.jsonl`` are sampled separately, at least one
item each. Writes ``second_pass_items.jsonl`` next to this file in a shuffled
order, with what a second annotator needs to see — id, text, heading path and
whether the line is a heading for a paragraph; file and offsets for a span —
and never the first labels nor the stratum (a stratum such as "hard negative"
would hint at the answer).
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent
SYNTHETIC = CORPORA / "domains_synthetic_annot.jsonl"
SPANS = CORPORA / "domains_handlabels_annot.jsonl"
OUT = HERE / "second_pass_items.jsonl"


def read(path: Path) -> list[dict]:
    """The JSON lines of ``path``."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def strata() -> dict[str, list[dict]]:
    """Items to sample from, by stratum, each reduced to what the second annotator sees."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in read(SYNTHETIC):
        out["synthetic:" + r.get("part", "other")].append(
            {"id": r["id"], "kind": "paragraph", "text": r["text"], "path": r.get("path", []),
             "heading": r.get("kind") == "heading"})
    for r in read(SPANS):
        out["span"].append({"id": r["id"], "kind": "span", "file": r["file"],
                            "start": r["start"], "end": r["end"]})
    return out


def sample(groups: dict[str, list[dict]], share: float, seed: int) -> tuple[list[dict], dict]:
    """A ``share`` of every stratum (at least one item), shuffled; also the counts per stratum."""
    rng = random.Random(seed)
    picked, counts = [], {}
    for name in sorted(groups):
        items = groups[name]
        k = max(1, round(share * len(items)))
        picked += rng.sample(items, k)
        counts[name] = (k, len(items))
    rng.shuffle(picked)
    return picked, counts


def main() -> None:
    """Write the sample and print how many items each stratum gave."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--share", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args()
    picked, counts = sample(strata(), args.share, args.seed)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    for name, (k, n) in counts.items():
        print(f"{name:28} {k:4d} of {n}")
    print(f"{len(picked)} items written to {OUT}")


if __name__ == "__main__":
    main()
