#!/usr/bin/env python3
"""Score document metadata (doc_type, year, issuer, level, template…) on our cases and the corpus.

usage: python3 scripts/eval_metadata.py [--cases tests/data/metadata_cases.yaml]
                                        [--shared ../shared] [--json OUT.json] [-v] [--show-heldout]

Three measures, per field (accuracy):
- the project's own evaluation set (``tests/data/metadata_cases.yaml``, written for gisnlp):
  a seen part used while writing the rules and a held-out part (about a third, chosen by a
  hash of the case id) that is only ever scored in aggregate; ``-v`` lists the seen misses,
  ``--show-heldout`` the held-out ones (do not tune on them);
- the corpus manifest's guesses (``shared/corpus/manifest.jsonl``; manifest levels outside the
  schema mapped as tests/test_corpus.py does), with and without its documented discrepancies;
- the seeds' gold meta (``shared/gold``).
Only the steps metadata needs are run (normalize, structure, metadata).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

FIELDS = ("doc_type", "year", "issuer", "level", "government_level", "template", "partial")
DATA = os.path.join(ROOT, "tests", "data")
# Glosses some converters leave after traditional characters: 報(bào)告.
PINYIN = {"報": "bào", "據": "jù", "規": "guī", "區": "qū", "績": "jì"}
# Manifest levels outside the schema's set (see tests/test_corpus.py).
MANIFEST_LEVELS = {"province_department": "department", "county_department": "department",
                   "special_zone": "district", "n/a": None}
# Corpus disagreements the text itself cannot settle (see tests/test_corpus.py).
CORPUS_KNOWN = {("r0006", "issuer"), ("r0022", "year"), ("r0022", "issuer"), ("r0022", "level")}


def split(case_id: str) -> str:
    """'heldout' for about a third of the cases (by a hash of the id), else 'seen'."""
    return "heldout" if int(hashlib.sha1(case_id.encode()).hexdigest(), 16) % 3 == 0 else "seen"


def load_cases(path: str = None) -> list[dict]:
    """The evaluation cases with their assembled source (text, or HTML bytes) and answers."""
    import yaml
    path = path or os.path.join(DATA, "metadata_cases.yaml")
    with open(path, encoding="utf-8") as f:
        cases = yaml.safe_load(f)
    with open(os.path.join(DATA, "metadata_bodies.yaml"), encoding="utf-8") as f:
        bodies = yaml.safe_load(f)
    out = []
    for c in cases:
        doc_type, year, issuer, level, gov_level, template = c["want"]
        want = {"doc_type": doc_type, "year": year, "issuer": issuer, "level": level,
                "government_level": gov_level, "template": None if template is None else str(template),
                "partial": bool(c.get("partial", False))}
        out.append({"id": c["id"], "split": split(c["id"]), "source": assemble(c, bodies, year),
                    "format": c.get("format", "txt"), "want": want})
    return out


def assemble(case: dict, bodies: dict, year) -> str | bytes:
    """The case as a document: opening, body (years filled in), closing; HTML or traditional if asked."""
    body_year = case.get("body_year", year)
    body = bodies.get(case.get("body", "none"), "") or ""
    if body_year is None:
        body = body.replace("{Y}年", "本年").replace("{N}年", "下一年").replace("{P}年", "上一年")
    else:
        body = body.replace("{Y}", str(body_year)).replace("{N}", str(body_year + 1)).replace("{P}", str(body_year - 1))
    pieces = [case.get("text") or "", body, case.get("close") or ""]
    text = "".join(p if p.endswith("\n") or not p else p + "\n" for p in pieces)
    title = case.get("html_title")
    if case.get("script") == "traditional":
        from opencc import OpenCC
        conv = OpenCC("s2t")
        text = "".join(ch + f"({PINYIN[ch]})" if ch in PINYIN else ch for ch in conv.convert(text))
        title = conv.convert(title) if title else title
    if case.get("format") == "html":
        from html import escape
        paras = "\n".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        head = f"<title>{escape(title)}</title>" if title else ""
        return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>"
                f"<div class=\"article\">{paras}</div></body></html>").encode("utf-8")
    return text


def meta_values(report) -> dict:
    """The scored fields of a report's metadata (government_level may not exist in older code)."""
    m = report.meta
    return {k: getattr(m, k, None) for k in FIELDS}


def score(rows: list[tuple[str, dict, dict]], fields=FIELDS) -> dict:
    """Per-field accuracy over (id, want, got) rows; fields absent from ``want`` are not scored."""
    hits, n = Counter(), Counter()
    for _, want, got in rows:
        for k in fields:
            if k in want:
                n[k] += 1
                hits[k] += want[k] == got.get(k)
    return {k: round(hits[k] / n[k], 4) for k in fields if n[k]} | {"n": len(rows)}


def misses(rows, fields=FIELDS) -> list[str]:
    return [f"{i}.{k}: got {got.get(k)!r}, want {want[k]!r}" for i, want, got in rows
            for k in fields if k in want and want[k] != got.get(k)]


def run_cases(nlp, cases) -> dict[str, list]:
    """(id, want, got) rows per split."""
    rows = {"seen": [], "heldout": []}
    for c in cases:
        report = nlp(c["source"], doc_id=c["id"], format=c["format"] if c["format"] == "html" else None)
        rows[c["split"]].append((c["id"], c["want"], meta_values(report)))
    return rows


def run_corpus(nlp, corpus_dir: str):
    """(id, want, got) rows for the corpus manifest, with the known discrepancies marked."""
    rows, known = [], []
    with open(os.path.join(corpus_dir, "manifest.jsonl"), encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    for e in entries:
        not_report = e["template_guess"] == "not_a_report"
        issuer = e["issuer_guess"]
        issuer = issuer.split(" (")[0] if issuer and " (" in issuer else issuer
        issuer = None if issuer and issuer.startswith("(") else issuer
        want = {"doc_type": "other" if not_report else "annual_report", "year": e["year_guess"],
                "issuer": issuer,
                "level": MANIFEST_LEVELS.get(e["level_guess"], e["level_guess"]) if issuer else None,
                "template": None if not_report else e["template_guess"]}
        got = meta_values(nlp(os.path.join(corpus_dir, e["file"])))
        rows.append((e["id"], want, got))
        known.append((e["id"], {k: v for k, v in want.items() if (e["id"], k) not in CORPUS_KNOWN}, got))
    return rows, known


def run_seeds(nlp, shared: str):
    rows = []
    gold_dir, seeds_dir = os.path.join(shared, "gold"), os.path.join(shared, "seeds")
    for name in sorted(os.listdir(gold_dir)):
        with open(os.path.join(gold_dir, name), encoding="utf-8") as f:
            want = json.load(f)["meta"]
        doc_id = name[:-5]
        rows.append((doc_id, want, meta_values(nlp(os.path.join(seeds_dir, doc_id + ".txt")))))
    return rows


def _line(name: str, res: dict) -> str:
    return f"{name:<22} n={res['n']:<4} " + "  ".join(f"{k}={v:.3f}" for k, v in res.items() if k != "n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=None)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("-v", action="store_true", help="list the misses on the seen cases, corpus and seeds")
    ap.add_argument("--show-heldout", action="store_true", help="list the held-out misses too")
    args = ap.parse_args(argv)
    import gisnlp
    nlp = gisnlp.load(steps=["normalize", "structure", "metadata"])
    results, detail = {}, {}
    rows = run_cases(nlp, load_cases(args.cases))
    for part in ("seen", "heldout"):
        results[f"cases_{part}"] = score(rows[part])
        detail[f"cases_{part}"] = misses(rows[part])
    if os.path.isdir(os.path.join(args.shared, "corpus")):
        corpus, corpus_known = run_corpus(nlp, os.path.join(args.shared, "corpus"))
        fields = ("doc_type", "year", "issuer", "level", "template")
        results["corpus"] = score(corpus, fields)
        results["corpus_less_known"] = score(corpus_known, fields)
        detail["corpus"] = misses(corpus_known, fields)
        seeds = run_seeds(nlp, args.shared)
        results["seeds"] = score(seeds, fields)
        detail["seeds"] = misses(seeds, fields)
    else:
        print(f"no shared data at {args.shared}: corpus and seeds not scored", file=sys.stderr)
    for name, res in results.items():
        print(_line(name, res))
    if args.v:
        for name, lines in detail.items():
            if name == "cases_heldout" and not args.show_heldout:
                continue
            for line in lines:
                print(f"  {name}: {line}")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({"results": results, "misses": detail}, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
