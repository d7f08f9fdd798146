#!/usr/bin/env python3
"""Score the facts step on hand-annotated held-out corpus reports.

usage: python3 scripts/eval_facts.py [--gold corpora/facts_heldout.jsonl]
                                     [--corpus ../shared/corpus/files] [--errors]

The annotations (``corpora/facts_heldout.jsonl``) hold offsets and attributes
only, keyed by corpus file id and sha256; the text is read from the corpus.
Matching is that of ``../shared/eval/score.py`` (``score_facts``), imported
from there when available. A plain Arabic-number + measure-word regex is
scored on the same annotations as a baseline. ``--errors`` lists every
false positive, false negative and attribute disagreement.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

ATTRS = ("kind", "direction", "approx", "modality")

# Baseline: a number, an optional 万/亿, an optional 余/多, a measure word or %.
_BASE_UNITS = "人次|场次|个百分点|条|件|项|个|场|次|期|篇|份|家|人|名|户|元|%"
BASELINE = re.compile(r"(近|超过|超|约)?(\d+(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*(" + _BASE_UNITS + r")")


def load_scorer(shared: Path):
    """``score_facts`` from the shared scorer, so the matching rules are identical."""
    return load_score_module(shared).score_facts


def load_score_module(shared: Path):
    """The shared scorer (``shared/eval/score.py``) as a module, or raise saying what to pass."""
    path = shared / "eval" / "score.py"
    if not path.exists():
        raise FileNotFoundError(f"cannot find {path}: give --shared pointing at the shared folder (with eval/score.py)")
    spec = importlib.util.spec_from_file_location("gisnlp_shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_gold(path: Path) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            d = docs.setdefault(rec["doc"], {"file": rec["file"], "sha256": rec["sha256"], "facts": []})
            d["facts"].append({k: rec[k] for k in ("start", "end", "value", "unit", *ATTRS, "core")})
    return docs


def baseline_facts(text: str) -> list[dict]:
    """The plain regex the facts step must never fall below."""
    out = []
    for m in BASELINE.finditer(text):
        pre, num, scale, approx_suffix, unit = m.groups()
        value = float(num) * {"万": 1e4, "亿": 1e8}.get(scale or "", 1)
        unit = {"个百分点": "pp"}.get(unit, unit)
        before = text[max(0, m.start() - 1):m.start()]
        kind = "amount" if unit == "元" else "count"
        if unit == "%":
            kind = "share" if before == "占" else "rate"
        approx = {"近": "nearly", "超": "over", "超过": "over", "约": "about"}.get(pre or "")
        if approx_suffix:
            approx = "over"
        out.append({"start": m.start(), "end": m.end(), "value": value, "unit": unit, "kind": kind,
                    "direction": None, "approx": approx, "modality": "reported"})
    return out


def run_step(paths: dict[str, Path]) -> tuple[dict[str, dict], dict[str, str]]:
    import gisnlp
    nlp = gisnlp.load()
    pred, texts = {}, {}
    for doc, path in paths.items():
        r = nlp(str(path))
        d = r.to_dict()
        pred[doc] = {"facts": d.get("facts") or []}
        texts[doc] = r.text
    return pred, texts


def found(gold: dict, pred: dict) -> set[tuple[str, int]]:
    """Core gold facts (doc, index) that some overlapping prediction states with the same value and unit."""
    hit = set()
    for doc, g in gold.items():
        for i, gf in enumerate(g["facts"]):
            if not gf["core"]:
                continue
            for pf in pred.get(doc, {}).get("facts", []):
                if pf["start"] < gf["end"] and gf["start"] < pf["end"] and pf.get("value") is not None \
                        and abs(float(pf["value"]) - float(gf["value"])) < 1e-6 and (pf.get("unit") or "") == gf["unit"]:
                    hit.add((doc, i))
                    break
    return hit


def errors(gold: dict, pred: dict, texts: dict) -> None:
    """Print false positives, false negatives and attribute disagreements (approximate: nearest overlap)."""
    for doc in sorted(gold):
        t = texts[doc]
        g = gold[doc]["facts"]
        p = pred.get(doc, {}).get("facts", [])
        used = set()
        for pf in p:
            hits = [i for i, gf in enumerate(g) if gf["start"] < pf["end"] and pf["start"] < gf["end"]]
            ctx = t[max(0, pf["start"] - 10):pf["end"] + 4].replace("\n", "⏎")
            if not hits:
                print(f"  FP {doc} {t[pf['start']:pf['end']]!r} ({pf.get('value')} {pf.get('unit')}) …{ctx}…")
                continue
            i = hits[0]
            used.add(i)
            gf = g[i]
            if not gf["core"]:
                continue
            pv = pf.get("value")
            if pv is None or abs(float(pv) - float(gf["value"])) > 1e-6 or (pf.get("unit") or "") != gf["unit"]:
                print(f"  VAL {doc} {t[pf['start']:pf['end']]!r} pred {pf.get('value')} {pf.get('unit')!r}"
                      f" gold {gf['value']} {gf['unit']!r} …{ctx}…")
                continue
            diff = [f"{k}: {pf.get(k)} vs {gf.get(k)}" for k in ATTRS if (pf.get(k) or None) != (gf.get(k) or None)]
            if diff:
                print(f"  ATTR {doc} {t[pf['start']:pf['end']]!r} {'; '.join(diff)} …{ctx}…")
        for i, gf in enumerate(g):
            if gf["core"] and i not in used:
                ctx = t[max(0, gf["start"] - 10):gf["end"] + 4].replace("\n", "⏎")
                print(f"  FN {doc} {t[gf['start']:gf['end']]!r} …{ctx}…")


def show(name: str, res: dict) -> None:
    acc = res["attribute_accuracy"]
    print(f"{name:10s} P {res['precision']:.4f}  R {res['recall']:.4f}  F1 {res['f1']:.4f}  "
          f"(tp {res['tp']} fp {res['fp']} fn {res['fn']})  "
          + "  ".join(f"{k} {acc[k]:.4f}" for k in ATTRS))


def evaluate(gold_path, shared) -> dict:
    """Run the pipeline on the annotated files; scores of the step and of the baseline."""
    shared = Path(shared)
    score_facts = load_scorer(shared)
    gold = load_gold(Path(gold_path))
    paths = {}
    for doc, g in gold.items():
        path = shared / "corpus" / "files" / g["file"]
        if not path.exists():
            raise FileNotFoundError(f"missing corpus file {path}")
        if hashlib.sha256(path.read_bytes()).hexdigest() != g["sha256"]:
            raise ValueError(f"{path} changed since it was annotated (sha256 differs); re-annotate it")
        paths[doc] = path
    pred, texts = run_step(paths)
    base = {doc: {"facts": baseline_facts(texts[doc])} for doc in gold}
    return {"gold": gold, "pred": pred, "texts": texts,
            "facts": score_facts(gold, pred), "baseline": score_facts(gold, base),
            "lost_vs_baseline": sorted(found(gold, base) - found(gold, pred))}


def eval_parser(description: str, gold: Path) -> argparse.ArgumentParser:
    """The options the facts evaluation scripts share: --gold, --shared, --errors."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--gold", default=str(gold))
    ap.add_argument("--shared", default=os.environ.get("GISNLP_SHARED", str(ROOT.parent / "shared")),
                    help="the shared data folder holding eval/score.py (default: $GISNLP_SHARED or ../shared)")
    ap.add_argument("--errors", action="store_true", help="list every disagreement with the annotations")
    return ap


def main(argv=None) -> int:
    ap = eval_parser(__doc__.splitlines()[0], ROOT / "corpora" / "facts_heldout.jsonl")
    ap.add_argument("--per-doc", action="store_true")
    a = ap.parse_args(argv)
    try:
        out = evaluate(a.gold, a.shared)
    except (FileNotFoundError, ValueError) as e:
        sys.exit(str(e))
    gold = out["gold"]
    n_core = sum(f["core"] for g in gold.values() for f in g["facts"])
    print(f"{len(gold)} documents, {n_core} core facts "
          f"({sum(len(g['facts']) for g in gold.values()) - n_core} non-core)")
    res = out["facts"]
    show("facts", res)
    show("baseline", out["baseline"])
    lost = out["lost_vs_baseline"]
    print(f"core facts the baseline finds and the step misses: {len(lost)}"
          + (" " + ", ".join(f"{d}#{i}" for d, i in lost) if lost else ""))
    if a.per_doc:
        for doc, r in sorted(res["per_doc"].items()):
            print(f"  {doc}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    if a.errors:
        errors(gold, out["pred"], out["texts"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
