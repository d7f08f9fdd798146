#!/usr/bin/env python3
"""Score ``gisnlp.compare`` on the report pairs with hand-written answers (tests/data/compare_pairs).

usage: eval_compare.py [PAIR ...] [--json OUT] [--verbose]

For every pair both years are built (tests/compare_gold.py), analysed and
compared; the answers are scored:

* **copied sentences**: a gold sentence of NEW (copied word for word, with
  figures changed or lightly edited) is predicted copied when passages cover at
  least half of it; precision and recall over NEW's labelled sentences;
* **per-part reuse error**: mean |predicted − gold| over the parts NEW has, the
  gold being the copied share of the labelled sentences' key characters (a part
  the comparison does not find counts as 0);
* **changed cells** / **abrupt cells**: cells present in both years with another
  value (abrupt: ×/÷ more than 3 with the larger at least 10, or 0 → 10 or more);
* **carry-over checks**: each table 三 column's 结转下年度 → 上年结转 and each 2019
  table 二 上一年项目数量 identity, as ``fail`` or ``pass``; precision and recall
  of each verdict (a check not emitted is a miss);
* **copied problems**: ``copy.problems`` fails when at least half of NEW's
  存在的主要问题及改进情况 is copied (the gold share from the sentence labels);
* **claim checks**: each 比上年/同比 claim by its verdict (pass | fail | unknown);
  a claim the comparison judges that the gold does not list counts against
  precision.

Precision of ``fail`` comes first: a false 数据不衔接 is worse than a missed one.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

KEY_DROP = re.compile(r"[\W_]+")
COPIED = ("verbatim", "figures", "edited")


def _key_len(text: str) -> int:
    return len(KEY_DROP.sub("", text))


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``needle`` in ``text`` (whitespace inside the text ignored), or None."""
    i = text.find(needle, start)
    if i >= 0:
        return i, i + len(needle)
    pattern = r"\s*".join(map(re.escape, needle))
    m = re.compile(pattern).search(text, start)
    return (m.start(), m.end()) if m else None


def _covered(span: tuple[int, int], passages) -> float:
    lo, hi = span
    got = sum(max(0, min(hi, p.new_end) - max(lo, p.new_start)) for p in passages)
    return got / max(1, hi - lo)


def abrupt(a: float, b: float) -> bool:
    """The README's abrupt change: ×/÷ more than 3 (larger ≥ 10) or 0 → 10 or more."""
    lo, hi = sorted((abs(a), abs(b)))
    if lo == 0:
        return hi >= 10
    return hi >= 10 and hi / lo > 3


class Tally:
    """Counts of true positives, predictions and gold items per measure."""

    def __init__(self):
        self.c = defaultdict(lambda: [0, 0, 0])    # measure -> [tp, predicted, gold]
        self.errors = defaultdict(list)

    def add(self, measure: str, predicted: set, gold: set) -> None:
        """Add one pair's predicted and gold item sets for ``measure``."""
        row = self.c[measure]
        row[0] += len(predicted & gold)
        row[1] += len(predicted)
        row[2] += len(gold)

    def table(self) -> dict:
        """measure -> {p, r, tp, predicted, gold} (None where nothing to divide)."""
        out = {}
        for m, (tp, pred, gold) in sorted(self.c.items()):
            out[m] = {"p": round(tp / pred, 3) if pred else None, "r": round(tp / gold, 3) if gold else None,
                      "tp": tp, "predicted": pred, "gold": gold}
        for m, errs in sorted(self.errors.items()):
            out[m] = {"mae": round(sum(errs) / len(errs), 3) if errs else None, "n": len(errs)}
        return out


def gold_carry(pair) -> dict:
    """rule -> pass | fail from both years' tables (and checked against the hand-written carry_fail)."""
    from tablegen.figures import COLS
    if pair.spec.get("consecutive") is False:     # years apart: nothing carries over
        return {}
    old, new = pair.cells("old"), pair.cells("new")
    out = {}
    for col in COLS:
        a, b = old.get(f"t3.carried_out.{col}"), new.get(f"t3.carried_in.{col}")
        if a is not None and b is not None:
            out[f"year.carry.{col}"] = "pass" if a == b else "fail"
    for cid in old:
        m = re.match(r"t2\.(.+)\.prev_items$", cid)
        if m and f"t2.{m.group(1)}.change" in old and cid in new:
            ok = old[cid] + old[f"t2.{m.group(1)}.change"] == new[cid]
            out[f"year.prev_items.{m.group(1)}"] = "pass" if ok else "fail"
    out.update(pair.gold.get("carry_extra") or {})     # carry-overs a year states only in its text
    hand = set(pair.gold.get("carry_fail", []))
    derived = {r.rsplit(".", 1)[-1] if r.startswith("year.carry") else r.split(".", 2)[2]
               for r, s in out.items() if s == "fail" and r not in (pair.gold.get("carry_extra") or {})}
    assert hand == derived, f"{pair.name}: carry_fail {sorted(hand)} but the tables give {sorted(derived)}"
    return out


def score_pair(pair, nlp, tally: Tally, verbose: bool = False) -> dict:
    """Analyse and compare one pair, add its items to ``tally``; returns the per-pair details.

    ``detail["misses"]`` lists gold items not found in NEW's text always, and
    every disagreement with ``verbose``.
    """
    import gisnlp
    reports = {}
    for side in ("old", "new"):
        data, ext = pair.document(side)
        reports[side] = nlp(data, doc_id=f"{pair.name}_{side}", format=ext.lstrip("."))
    c = gisnlp.compare(reports["old"], reports["new"])
    text = reports["new"].text or ""
    misses: list = []
    part_gold = score_sentences(pair, c, text, tally, misses, verbose)
    score_parts(pair, c, part_gold, tally, misses, verbose)
    score_cells(pair, c, tally, misses, verbose)
    score_carry(pair, c, tally, misses, verbose)
    score_claims(pair, c, text, tally, misses, verbose)
    return {"pair": pair.name, "reuse": c.reuse, "misses": misses}


def score_sentences(pair, c, text: str, tally: Tally, misses: list, verbose: bool) -> dict:
    """Copied-sentence items; returns part id -> [copied, labelled] key characters of the gold."""
    pred, gold, pos = set(), set(), 0
    part_gold: dict = defaultdict(lambda: [0, 0])
    for k, s in enumerate(pair.sentences()):
        if s.label == "template":
            continue
        n = _key_len(s.text)
        part_gold[s.section][1] += n
        if s.label in COPIED:
            gold.add(k)
            part_gold[s.section][0] += n
        span = _span(text, s.text, pos)
        if span is None:
            misses.append(f"sentence not found in NEW's text: {s.text[:20]}")
            continue
        pos = span[0]
        if _covered(span, c.passages) >= 0.5:
            pred.add(k)
        if verbose and ((k in pred) != (k in gold)):
            misses.append(f"sentence {s.label} predicted {'copied' if k in pred else 'new'}: {s.text[:30]}")
    tally.add("copied_sentences", pred, gold)
    return part_gold


def score_parts(pair, c, part_gold: dict, tally: Tally, misses: list, verbose: bool) -> None:
    """Per-part reuse errors, and the copied-problems check (fails at half the part copied, as the README says)."""
    secs = {s.id: s.reuse for s in c.sections}
    for sec, (copied, total) in part_gold.items():
        if total:
            g, p = copied / total, secs.get(sec)
            tally.errors["part_reuse"].append(abs(g - (p or 0.0)))
            if verbose and abs(g - (p or 0.0)) > 0.15:
                misses.append(f"part {sec}: gold reuse {g:.2f}, predicted {p}")
    copied, total = part_gold.get("problems", (0, 0))
    if total:
        check = next((x.status for x in c.checks if x.rule == "copy.problems"), None)
        tally.add("copy_problems_fail", {pair.name} if check == "fail" else set(),
                  {pair.name} if copied / total >= 0.5 else set())
        if verbose and (check == "fail") != (copied / total >= 0.5):
            misses.append(f"copy.problems: gold share {copied / total:.2f}, predicted {check}")


def score_cells(pair, c, tally: Tally, misses: list, verbose: bool) -> None:
    """Changed and abrupt cells against the two years' printed tables."""
    old_cells, new_cells = pair.cells("old"), pair.cells("new")
    changed = {k for k in old_cells.keys() & new_cells.keys() if float(old_cells[k]) != float(new_cells[k])}
    gold_abrupt = {k for k in changed if abrupt(float(old_cells[k]), float(new_cells[k]))}
    p_changed = {x.id for x in c.cells if x.status == "changed"}
    tally.add("changed_cells", p_changed, changed)
    tally.add("abrupt_cells", {x.id for x in c.cells if x.status == "changed" and x.abrupt}, gold_abrupt)
    if verbose:
        misses += [f"cell {k}: predicted changed, gold same" for k in sorted(p_changed - changed)]
        misses += [f"cell {k}: gold changed, not predicted" for k in sorted(changed - p_changed)]


def score_carry(pair, c, tally: Tally, misses: list, verbose: bool) -> None:
    """Carry-over checks by verdict (a check not emitted is a miss of its gold verdict)."""
    gc = gold_carry(pair)
    pc = {x.rule: x.status for x in c.checks if x.rule.startswith(("year.carry.", "year.prev_items."))}
    for verdict in ("fail", "pass"):
        tally.add(f"carry_{verdict}", {r for r, s in pc.items() if s == verdict},
                  {r for r, s in gc.items() if s == verdict})
    if verbose:
        misses += [f"carry {r}: gold {gc.get(r)}, predicted {pc.get(r)}"
                   for r in sorted(set(gc) | set(pc)) if gc.get(r) != pc.get(r)]


def score_claims(pair, c, text: str, tally: Tally, misses: list, verbose: bool) -> None:
    """Claim checks by verdict; a judged claim the gold does not list counts against precision."""
    spans = []
    for g in pair.gold.get("claims", []):
        sp = _span(text, g["text"], 0)
        if sp is None:
            misses.append(f"claim not found in NEW's text: {g['text']}")
            continue
        spans.append((sp, g["status"], g["text"]))
    judged, extra = {}, {}
    for cl in c.claims:
        hit = next((k for k, (sp, _, _) in enumerate(spans) if cl.new_start < sp[1] and sp[0] < cl.new_end), None)
        if hit is None:
            extra[f"extra:{cl.new_start}"] = cl
        judged[hit if hit is not None else f"extra:{cl.new_start}"] = cl.status
    for verdict in ("fail", "pass", "unknown"):
        tally.add(f"claims_{verdict}", {k for k, s in judged.items() if s == verdict},
                  {k for k, (_, s, _) in enumerate(spans) if s == verdict})
    if verbose:
        misses += [f"claim {t}: gold {s}, predicted {judged.get(k)}"
                   for k, (_, s, t) in enumerate(spans) if judged.get(k) != s]
        misses += [f"claim not in gold judged {cl.status}: {cl.text} ({cl.detail[:60]})" for cl in extra.values()]


def main(argv=None) -> int:
    """Score every pair (or those named) and print the measures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="*", help="pair names (file stems); all when none")
    ap.add_argument("--json", help="write the measures and per-pair details here")
    ap.add_argument("--verbose", action="store_true", help="print every disagreement")
    a = ap.parse_args(argv)
    import gisnlp
    from compare_gold import load_pairs
    nlp = gisnlp.load()
    tally, details = Tally(), []
    for pair in load_pairs(a.pairs or None):
        details.append(score_pair(pair, nlp, tally, a.verbose))
        if a.verbose:
            print(f"== {pair.name}: reuse {details[-1]['reuse']}")
            for m in details[-1]["misses"]:
                print("   " + m)
    table = tally.table()
    for m, row in table.items():
        print(f"{m:18s} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    if a.json:
        Path(a.json).write_text(json.dumps({"measures": table, "pairs": details}, ensure_ascii=False, indent=1,
                                           default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
