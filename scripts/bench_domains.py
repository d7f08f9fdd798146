#!/usr/bin/env python3
"""Time the segment and domains steps: per document, at 1x/10x/100x a report's length,
and the cold start of the whole CLI — each model side by side in one run.

    python3 scripts/bench_domains.py [--models linear,sklearn] [--cold-runs 3] [FILES...]

Per document: the model is loaded once (as in a batch) and the best of --repeat runs
of the step is kept, in CPU time of this process (``time.process_time``: on a machine
shared with other work, wall time mostly measures the others). Scaling: one report repeated 10x and 100x; a step whose time per
character grows more than --max-growth times from one length to the next (10x
longer) fails the run (exit 1): a quadratic step grows about 10x, a linear one about
1x (up to 2-3x from caches and memory on a big, busy machine). Cold start:
``gisnlp analyze examples/sample_report.txt`` in a fresh process, wall time, CPU time
(user + system) and peak RSS (median of --cold-runs), once per model.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gisnlp  # noqa: E402
from gisnlp.domains import load_model, predict  # noqa: E402

PRE = ["normalize", "structure", "metadata", "tables", "segment"]


def best_ms(fn, repeat: int) -> float:
    """Best of ``repeat`` CPU-time measurements of ``fn()``, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return 1000 * best


def per_document(files, models: dict, repeat: int) -> None:
    """Segment and domains milliseconds per document and model."""
    nlp = gisnlp.load(steps=PRE)
    seg = gisnlp.load(steps=["segment"])
    print(f"{'document':34s} {'chars':>7s} {'segment':>8s} " + " ".join(f"{n:>12s}" for n in models))
    rows = []
    for f in files:
        r = nlp(f)
        seg_ms = best_ms(lambda: seg.run(r), repeat)
        dom = [best_ms(lambda m=m: predict(r, m), repeat) for m in models.values()]
        rows.append((seg_ms, dom))
        print(f"{Path(f).name:34s} {len(r.text):7d} {seg_ms:8.1f} " + " ".join(f"{d:12.1f}" for d in dom))
    print(f"{'mean ms':34s} {'':7s} {statistics.mean(r[0] for r in rows):8.1f} "
          + " ".join(f"{statistics.mean(r[1][k] for r in rows):12.1f}" for k in range(len(models))))


def scaling(file: str, models: dict, factors=(1, 10, 100), max_growth: float = 3.0) -> bool:
    """Time per character of segment and domains at ``factors`` times a report's length."""
    text = Path(file).read_text(encoding="utf-8")
    nlp = gisnlp.load(steps=PRE)
    seg = gisnlp.load(steps=["segment"])
    ok = True
    prev: dict = {}
    print(f"\nscaling ({Path(file).name} repeated): ms, and microseconds per character")
    for k in factors:
        r = nlp("\n".join([text] * k))
        rep = 3 if k < 100 else 1
        times = {"segment": best_ms(lambda: seg.run(r), rep)}
        for name, m in models.items():
            times[name] = best_ms(lambda m=m: predict(r, m), rep)
        n = len(r.text)
        line = []
        for step, ms in times.items():
            per = 1000 * ms / n
            grow = per / prev.get(step, per)
            prev[step] = per
            flag = "" if grow <= max_growth else "  <-- grows faster than linear"
            ok &= grow <= max_growth
            line.append(f"{step} {ms:8.1f} ms ({per:5.2f} us/char, x{grow:.2f}){flag}")
        print(f"  {k:4d}x {n:9d} chars: " + "; ".join(line))
    return ok


def cold_start(models: list[str], runs: int) -> None:
    """Wall and CPU seconds and peak RSS of ``gisnlp analyze`` on the example, in a fresh process."""
    sample = ROOT / "examples" / "sample_report.txt"
    timer = Path("/usr/bin/time")
    print(f"\ncold start: gisnlp analyze {sample.name} (median of {runs})")
    for name in models:
        walls, cpu, rss = [], [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as out:
                cmd = [sys.executable, "-m", "gisnlp", "analyze", str(sample), "--out", out,
                       "--domain-model", name]
                t = time.perf_counter()
                if timer.exists():
                    p = subprocess.run([str(timer), "-f", "%M %U %S", *cmd], capture_output=True, text=True,
                                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
                    m, u, s = p.stderr.strip().splitlines()[-1].split()
                    rss.append(int(m) / 1024)
                    cpu.append(float(u) + float(s))
                else:
                    p = subprocess.run(cmd, capture_output=True, text=True)
                walls.append(time.perf_counter() - t)
                if p.returncode:
                    print(f"  {name}: failed: {p.stderr.strip()[-300:]}")
                    break
        if walls:
            print(f"  {name:14s} wall {statistics.median(walls):5.2f} s"
                  + (f", CPU {statistics.median(cpu):5.2f} s, peak RSS {statistics.median(rss):5.0f} MB"
                     if rss else ""))


def main(argv=None) -> int:
    """Parse the options, run the benchmarks; exit 1 if a step grows faster than linear."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--models", default="linear,sklearn", help="comma list of domain model names")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cold-runs", type=int, default=3, help="0: skip the cold-start timing")
    ap.add_argument("--max-growth", type=float, default=3.0,
                    help="largest allowed growth of time per character per 10x length (quadratic: ~10)")
    args = ap.parse_args(argv)
    files = args.files or sorted(str(p) for p in (ROOT.parent / "shared" / "seeds").glob("*.txt")) \
        or [str(ROOT / "examples" / "sample_report.txt")]
    names = [n for n in args.models.split(",") if n]
    models = {}
    for n in names:
        t0 = time.perf_counter()
        models[n] = load_model(n)
        print(f"load {n}: {1000 * (time.perf_counter() - t0):.0f} ms (once per process)")
    per_document(files, models, args.repeat)
    ok = scaling(files[0], models, max_growth=args.max_growth)
    if args.cold_runs:
        cold_start(names, args.cold_runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
