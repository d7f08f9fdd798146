#!/usr/bin/env python3
"""Score facts and links on narrative written the way other provinces and issuers write.

usage: python3 scripts/eval_facts_styles.py [--gold corpora/facts_styles.jsonl]
                                            [--shared ../shared] [--errors] [--batch NAME]

Each record of ``corpora/facts_styles.jsonl`` is a short passage (a county
bureau, a township, a park, a provident-fund centre, a ministry; traditional
characters, full-width digits, wrapped numbers, document numbers and dates
that are no facts) with the facts written by hand and, where the passage
states table cells, the cells it should link to and the table values that
confirm them. A record is run as a one-section report: its heading line,
then its text; ``meta`` (type, year, template) is set from the record, the
narrative steps run (normalize, structure, segment, facts), the record's
cells are put in ``report.cells`` and the ``link`` step runs.

Matching is that of ``../shared/eval/score.py`` (``score_facts``: one-to-one
overlap, value + unit; attributes and links on the matched core facts).
Prints facts P/R/F1, attribute accuracy, link precision/recall and the
failed checks (each a false alarm: a record's figures agree with its cells);
``--errors`` lists every disagreement. Records written later carry a
``batch`` tag (``fresh5`` …): ``--batch fresh5`` scores that batch alone,
``--batch base`` the records without a tag.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from eval_facts import ATTRS, eval_parser, load_scorer  # noqa: E402  (a sibling script)

NARRATIVE_STEPS = ("normalize", "structure", "segment", "facts")
# The issuer written into each record's report (the link rules never read it).
ISSUER = "示例县人民政府"


def load_records(path: Path) -> list[dict]:
    """The records of the JSONL file, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse(rec: dict, narrative, link) -> tuple[list[dict], str, list[str]]:
    """(predicted facts as scorer dicts with offsets into ``rec['text']``, the report text,
    the rules of the failed checks: every record's figures agree with its cells, so each
    failed check is a false alarm)."""
    from gisnlp.pipeline import make_report
    from gisnlp.report import Cell, Meta
    prefix = rec["heading"] + "\n"
    report = make_report(prefix + rec["text"] + "\n", doc_id=rec["id"])
    report.meta = Meta(doc_type=rec["doc_type"], year=rec["year"], issuer=ISSUER,
                       template=rec["template"])
    report = narrative.run(report)
    report.cells = [Cell(id=k, value=v) for k, v in rec["cells"].items()]
    report = link.run(report)
    out = []
    for fd in report.to_dict()["facts"]:
        fd = dict(fd)
        fd["start"] -= len(prefix)
        fd["end"] -= len(prefix)
        out.append(fd)
    return out, report.text[len(prefix):], [c.rule for c in report.failed_checks()]


def evaluate(gold_path, shared, batch: str | None = None) -> dict:
    """Run every record (or those of one ``batch``); the scorer's figures plus the predictions."""
    from gisnlp.pipeline import load
    score_facts = load_scorer(Path(shared))
    recs = load_records(Path(gold_path))
    if batch:
        recs = [r for r in recs if r.get("batch", "base") == batch]
        if not recs:
            sys.exit(f"no record of batch {batch!r} in {gold_path}: give a batch tag the file holds")
    narrative = load(steps=NARRATIVE_STEPS, strict=True)
    link = load(steps=["link"], strict=True)
    gold, pred, texts, alarms = {}, {}, {}, {}
    for rec in recs:
        gold[rec["id"]] = {"facts": rec["facts"]}
        facts, texts[rec["id"]], alarms[rec["id"]] = analyse(rec, narrative, link)
        pred[rec["id"]] = {"facts": facts}
    return {"records": recs, "gold": gold, "pred": pred, "texts": texts, "alarms": alarms,
            "facts": score_facts(gold, pred)}


def _cells(f: dict) -> list:
    """The cells a fact dict links to, as a sorted list (empty when none)."""
    return sorted(f.get("cells") or ([f["cell"]] if f.get("cell") else []))


def errors(out: dict) -> list[str]:
    """One line per false positive, false negative, attribute or link disagreement."""
    lines = []
    for rec in out["records"]:
        rid, text = rec["id"], out["texts"][rec["id"]]
        lines += [f"CHECK {rid} {rule} | {rec['text'][:60]}" for rule in out["alarms"][rid]]
        g, p = rec["facts"], out["pred"][rid]["facts"]
        used = set()
        for pf in p:
            hits = [i for i, gf in enumerate(g) if i not in used and gf["start"] < pf["end"] and pf["start"] < gf["end"]]
            shown = text[pf["start"]:pf["end"]].replace("\n", "⏎")
            if not hits:
                lines.append(f"FP   {rid} {shown!r} {pf['value']} {pf['unit']!r} | {rec['text'][:60]}")
                continue
            i = hits[0]
            used.add(i)
            gf = g[i]
            if not gf.get("core", True):
                continue
            if abs(float(pf["value"]) - float(gf["value"])) > 1e-6 or (pf["unit"] or "") != gf["unit"]:
                lines.append(f"VAL  {rid} {shown!r} pred {pf['value']} {pf['unit']!r} gold {gf['value']} {gf['unit']!r}")
                continue
            diff = [f"{k}: {pf.get(k)} vs {gf.get(k)}" for k in ATTRS if (pf.get(k) or None) != (gf.get(k) or None)]
            if diff:
                lines.append(f"ATTR {rid} {shown!r} " + "; ".join(diff))
            if _cells(pf) != _cells(gf):
                lines.append(f"LINK {rid} {shown!r} pred {_cells(pf)} gold {_cells(gf)}")
        for i, gf in enumerate(g):
            if gf.get("core", True) and i not in used:
                lines.append(f"FN   {rid} {gf['text']!r} | {rec['text'][:60]}")
    return lines


def main(argv=None) -> int:
    """Print the figures (and with --errors every disagreement); 0 on success."""
    ap = eval_parser(__doc__.splitlines()[0], ROOT / "corpora" / "facts_styles.jsonl")
    ap.add_argument("--batch", help="score only the records of this batch tag ('base': the untagged ones)")
    a = ap.parse_args(argv)
    try:
        out = evaluate(a.gold, a.shared, a.batch)
    except FileNotFoundError as e:
        sys.exit(str(e))
    res = out["facts"]
    n_core = sum(f.get("core", True) for r in out["records"] for f in r["facts"])
    print(f"{len(out['records'])} passages, {n_core} core facts, {res['gold_links']} gold links")
    print(f"facts   P {res['precision']:.4f}  R {res['recall']:.4f}  F1 {res['f1']:.4f}  "
          f"(tp {res['tp']} fp {res['fp']} fn {res['fn']})")
    print("attrs   " + "  ".join(f"{k} {v:.4f}" for k, v in res["attribute_accuracy"].items()))
    print(f"links   P {res['link_precision']:.4f}  R {res['link_recall']:.4f}")
    print(f"checks  {sum(map(len, out['alarms'].values()))} failed (false alarms: every passage agrees with its cells)")
    if a.errors:
        print("\n".join(errors(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
