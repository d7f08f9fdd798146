#!/usr/bin/env python3
"""Agreement between two annotators' disclosure-domain labels.

usage: python3 scripts/domain_agreement.py -a FIRST.jsonl [...] -b SECOND.jsonl [...]
                                           [--out disagreements.jsonl] [--json]

Each file holds one JSON object per line with an ``id`` and a ``domains`` list
(the synthetic paragraphs and span annotations in ``corpora/`` and a second
annotator's file have that shape; other keys are ignored). Items are matched by
id; only ids labelled by both sides are compared, and the ids found on one
side only are counted so that a partial second pass is visible.

Printed: the number of items compared, micro- and macro-F1 between the two
label sets (F1 is symmetric, so neither side is "gold"), exact-set agreement,
and per label the positives of each side, the items both gave it, its F1 and
Cohen's kappa over the compared items. Macro-F1 averages over the labels that
either side used. ``--out`` writes one line per item whose label sets differ
(``id``, both sets, what only one side gave, and the text or span when a file
has it) so the disagreements can be settled by the guideline.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gisnlp.domains.labels import labels as domain_labels  # noqa: E402

CONTEXT_KEYS = ("text", "path", "file", "start", "end")


@dataclass
class Item:
    """One labelled item: its labels and whatever context its file carries."""

    domains: frozenset
    context: dict = field(default_factory=dict)


@dataclass
class LabelAgreement:
    """Agreement on one label over the compared items."""

    label: str
    first: int          # items the first annotator gave this label
    second: int         # items the second annotator gave this label
    both: int
    f1: float
    kappa: float | None  # None when both sides give the label to every compared item


@dataclass
class Agreement:
    """Agreement of two label files on the ids they share."""

    items: int
    only_first: int
    only_second: int
    micro_f1: float
    macro_f1: float
    exact: float
    per_label: list[LabelAgreement]


def load_labels(paths, known: set) -> dict[str, Item]:
    """Read ``{id, domains}`` lines from ``paths`` into {id: Item}.

    Raises ValueError naming the file and line for a line without id/domains,
    an id seen twice, or a label that is not a domain id, because an agreement
    figure computed over silently dropped items would be misleading."""
    out: dict[str, Item] = {}
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            where = f"{path}:{n}"
            if "id" not in rec or "domains" not in rec:
                raise ValueError(f"{where}: needs 'id' and 'domains' (a list, empty for no domain)")
            bad = [d for d in rec["domains"] if d not in known]
            if bad:
                raise ValueError(f"{where}: unknown domain ids {bad}; use the ids of gisnlp/data/domains.yaml")
            if rec["id"] in out:
                raise ValueError(f"{where}: id {rec['id']!r} appears twice; ids must be unique across the files of one side")
            out[rec["id"]] = Item(frozenset(rec["domains"]),
                                  {k: rec[k] for k in CONTEXT_KEYS if k in rec})
    return out


def agreement(first: dict[str, Item], second: dict[str, Item], labels: list[str]) -> Agreement:
    """Micro/macro F1, exact-set agreement and per-label F1 and kappa on the shared ids."""
    from sklearn.metrics import cohen_kappa_score, f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    ids = sorted(set(first) & set(second))
    if not ids:
        raise ValueError("the two sides share no id: check that -a and -b label the same items")
    mlb = MultiLabelBinarizer(classes=labels)
    A = mlb.fit_transform([first[i].domains for i in ids])
    B = mlb.transform([second[i].domains for i in ids])
    used = [j for j in range(len(labels)) if A[:, j].any() or B[:, j].any()]
    per = []
    for j in used:
        a, b = A[:, j], B[:, j]
        undefined = len(set(a)) == 1 and len(set(b)) == 1 and a[0] == b[0]   # same constant: no chance model
        per.append(LabelAgreement(
            labels[j], int(a.sum()), int(b.sum()), int((a & b).sum()),
            round(float(f1_score(a, b, zero_division=0)), 4),
            None if undefined else round(float(cohen_kappa_score(a, b)), 4)))
    return Agreement(
        items=len(ids),
        only_first=len(set(first) - set(second)),
        only_second=len(set(second) - set(first)),
        micro_f1=round(float(f1_score(A, B, average="micro", zero_division=0)), 4),
        macro_f1=round(float(f1_score(A[:, used], B[:, used], average="macro", zero_division=0)), 4) if used else 1.0,
        exact=round(sum(first[i].domains == second[i].domains for i in ids) / len(ids), 4),
        per_label=per)


def disagreements(first: dict[str, Item], second: dict[str, Item]) -> list[dict]:
    """One record per shared id whose two label sets differ, with its context."""
    out = []
    for i in sorted(set(first) & set(second)):
        a, b = first[i].domains, second[i].domains
        if a != b:
            out.append({"id": i, "first": sorted(a), "second": sorted(b),
                        "only_first": sorted(a - b), "only_second": sorted(b - a),
                        **{**first[i].context, **second[i].context}})
    return out


def report(res: Agreement) -> str:
    """The agreement as a short text table."""
    lines = [f"items compared: {res.items} (only in first: {res.only_first}, only in second: {res.only_second})",
             f"micro-F1 {res.micro_f1:.3f}  macro-F1 {res.macro_f1:.3f}  exact-set {res.exact:.3f}",
             f"{'label':18} {'first':>5} {'second':>6} {'both':>5} {'F1':>6} {'kappa':>6}"]
    for p in sorted(res.per_label, key=lambda p: p.f1):
        kappa = f"{p.kappa:6.3f}" if p.kappa is not None else "     -"
        lines.append(f"{p.label:18} {p.first:5d} {p.second:6d} {p.both:5d} {p.f1:6.3f} {kappa}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """Command line: read both sides, print the agreement, optionally write the disagreements."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-a", "--first", nargs="+", required=True, help="label files of the first annotator")
    ap.add_argument("-b", "--second", nargs="+", required=True, help="label files of the second annotator")
    ap.add_argument("--out", help="write the disagreements here (JSONL)")
    ap.add_argument("--json", action="store_true", help="print the agreement as JSON")
    args = ap.parse_args(argv)
    labels = domain_labels()
    try:
        first = load_labels(args.first, set(labels))
        second = load_labels(args.second, set(labels))
        res = agreement(first, second, labels)
    except (ValueError, OSError) as exc:
        print(f"domain_agreement: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(asdict(res), ensure_ascii=False, indent=1) if args.json else report(res))
    if args.out:
        rows = disagreements(first, second)
        Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} disagreements written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
