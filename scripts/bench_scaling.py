"""Is every pipeline step linear in the document's length? Time per step at 1×, 10×, 100×.

    python3 scripts/bench_scaling.py                       # examples/sample_report.txt
    python3 scripts/bench_scaling.py --baseline /tmp/base  # the same, for another checkout, side by side
    python3 scripts/bench_scaling.py REPORT.txt --scales 1,10,100 --big 2000000

A document is a report repeated until it is ``--base-chars`` long (1×), then
10× and 100× that; each is analysed as it is (many lines) and with its line
breaks removed (a one-line report, as scraped pages often are). The script
prints each step's CPU seconds per size and the growth ratio per 10× length.

The test: a linear step grows about 10× per 10× length; a quadratic one 100×.
A step whose time grows more than ``--max-ratio`` (default 20) per 10× length,
at a size where it takes at least ``--floor`` seconds (noise below that), fails
the run: the script prints FAIL lines and exits 1. It also analyses one
document of ``--big`` characters end to end and fails when that takes longer
than ``--big-budget`` seconds (the target: 2M characters in 5 s).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "examples" / "sample_report.txt"


def make_document(text: str, chars: int, one_line: bool) -> str:
    """``text`` repeated (whole copies, then a cut) to ``chars`` characters."""
    if one_line:
        text = text.replace("\r", "").replace("\n", "")
    reps = chars // len(text) + 1
    return (text * reps)[:chars]


def time_steps(nlp, text: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` CPU seconds per step (and ``total``, reading included) for one
    document. CPU time, not wall time: it varies far less on a shared machine."""
    from gisnlp.pipeline import make_report
    best: dict[str, float] = {}
    for _ in range(repeat):
        c_start = time.process_time()
        report = make_report(text, doc_id="bench")
        times = {}
        for name, step in nlp.steps:
            c0 = time.process_time()
            report = step(report) or report
            times[name] = time.process_time() - c0
        times["total"] = time.process_time() - c_start
        for name, sec in times.items():
            best[name] = min(sec, best.get(name, sec))
    return best


def measure(args) -> dict:
    """Timings of this checkout: {variant: {scale: {step: seconds}}}, and the big document."""
    sys.path.insert(0, os.environ.get("BENCH_ROOT", str(ROOT)))
    import gisnlp
    text = Path(args.input).read_text(encoding="utf-8")
    nlp = gisnlp.load()
    nlp(text, doc_id="warmup")                      # lazy imports, dictionaries, models
    out: dict = {"gisnlp": gisnlp.__file__, "base_chars": args.base_chars, "variants": {}}
    scales = [int(s) for s in args.scales.split(",")]
    for variant in ("lines", "one_line"):
        rows = {}
        for k in scales:
            doc = make_document(text, args.base_chars * k, variant == "one_line")
            rows[k] = time_steps(nlp, doc, args.repeat if k < 100 else 1)
        out["variants"][variant] = rows
    if args.big:
        doc = make_document(text, args.big, False)
        out["big"] = {"chars": len(doc), **time_steps(nlp, doc, 1)}
    return out


def growth_failures(result: dict, max_ratio: float, floor: float) -> list[str]:
    """FAIL lines for steps growing faster than ``max_ratio`` per 10× length."""
    fails = []
    for variant, rows in result["variants"].items():
        scales = sorted(rows, key=int)
        for a, b in zip(scales, scales[1:]):
            factor = int(b) / int(a)
            for step, tb in rows[b].items():
                ta = rows[a].get(step, 0.0)
                if tb < floor or ta <= 0:
                    continue
                per10 = (tb / ta) ** (1 / math.log10(factor))
                if per10 > max_ratio:
                    fails.append(f"FAIL {variant}: step {step!r} grows {per10:.0f}× per 10× length "
                                 f"({ta:.3f} s at {a}× -> {tb:.3f} s at {b}×): not linear")
    return fails


def print_table(label: str, result: dict) -> None:
    """Seconds per step and size, and the growth per 10× length."""
    print(f"== {label}: {result['gisnlp']} (1× = {result['base_chars']:,} characters)")
    for variant, rows in result["variants"].items():
        scales = sorted(rows, key=int)
        steps = list(rows[scales[0]])
        head = "".join(f"{str(k) + '×':>10}" for k in scales)
        print(f"  {variant:9} {'step':10}{head}   per 10× length")
        for step in steps:
            ts = [rows[k].get(step, 0.0) for k in scales]
            ratios = [f"{b / a:5.1f}" if a > 0 else "    -" for a, b in zip(ts, ts[1:])]
            print(f"  {'':9} {step:10}" + "".join(f"{t:10.4f}" for t in ts) + "   " + " ".join(ratios))
    if "big" in result:
        b = result["big"]
        steps = ", ".join(f"{k} {v:.2f}" for k, v in b.items() if k not in ("chars", "total"))
        print(f"  one document of {b['chars']:,} characters: {b['total']:.2f} s ({steps})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", default=str(DEFAULT_INPUT), help="a text report to repeat")
    ap.add_argument("--base-chars", type=int, default=7000, help="length of the 1× document")
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs below 100×")
    ap.add_argument("--big", type=int, default=2_000_000, help="characters of the end-to-end document (0: skip)")
    ap.add_argument("--big-budget", type=float, default=5.0, help="seconds allowed for the --big document")
    ap.add_argument("--max-ratio", type=float, default=20.0, help="growth per 10× length that fails a step")
    ap.add_argument("--floor", type=float, default=0.05, help="seconds under which a step is noise")
    ap.add_argument("--baseline", help="another checkout to measure the same way, shown first")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)   # used for --baseline
    args = ap.parse_args(argv)

    if args.json:
        print(json.dumps(measure(args)))
        return 0
    if args.baseline:
        cmd = [sys.executable, __file__, args.input, "--json", "--base-chars", str(args.base_chars),
               "--scales", args.scales, "--repeat", str(args.repeat), "--big", str(args.big)]
        env = dict(os.environ, PYTHONPATH=args.baseline, BENCH_ROOT=args.baseline)
        base = json.loads(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout)
        print_table("baseline", base)
    result = measure(args)
    print_table("this checkout", result)
    fails = growth_failures(result, args.max_ratio, args.floor)
    if "big" in result and result["big"]["total"] > args.big_budget:
        fails.append(f"FAIL the {result['big']['chars']:,}-character document took "
                     f"{result['big']['total']:.2f} s, over the {args.big_budget:g} s budget")
    for line in fails:
        print(line)
    if fails:
        print(f"bench_scaling: {len(fails)} failure(s): some step is not linear in document length",
              file=sys.stderr)
        return 1
    print(f"bench_scaling: every step grows at most {args.max_ratio:g}× per 10× length")
    return 0


if __name__ == "__main__":
    sys.exit(main())
