"""Benchmark ``analyze``: documents/second and peak memory, per input format.

    python3 scripts/bench.py                       # ../shared/seeds and ../shared/corpus/files
    python3 scripts/bench.py DIR_OR_FILE ... --repeat 3 --steps normalize,structure,metadata

Folders that do not exist are skipped. Peak memory is the process's maximum
resident set (``resource.getrusage``) and, per document, the peak of Python
allocations traced by ``tracemalloc`` (a second, slower pass; ``--no-trace`` skips it).
CPU seconds per document are shown beside wall time: they vary less on a busy machine.

Per step, the text documents' CPU milliseconds per 7,000 characters (a typical
report) are printed against the step's budget (:data:`STEP_BUDGET_MS`; the
whole pipeline's target is 80 text reports per CPU-second, about 12 ms), with
the throughput in text reports per CPU-second. ``--baseline DIR`` measures
another checkout the same way first, so both are seen side by side in one run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("BENCH_ROOT", str(ROOT)))     # --baseline sets another checkout

import gisnlp  # noqa: E402
from gisnlp.errors import GisnlpError  # noqa: E402
from gisnlp.readers import SUPPORTED_EXTENSIONS  # noqa: E402

DEFAULT_INPUTS = (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "files")
# CPU milliseconds per 7,000-character text report each step may spend; the sum
# (12.5 ms) is the throughput target of 80 text reports per CPU-second.
STEP_BUDGET_MS = {"read": 0.5, "normalize": 1.0, "structure": 0.5, "metadata": 0.5, "tables": 3.0,
                  "segment": 1.0, "facts": 2.5, "link": 1.5, "domains": 2.0}
REPORT_CHARS = 7000
TEXT_FORMATS = {".txt", ".md"}


def collect(inputs) -> list[Path]:
    files = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.suffix.lower() in SUPPORTED_EXTENSIONS)
        elif p.is_file():
            files.append(p)
        else:
            print(f"skip {p}: not found", file=sys.stderr)
    return files


def step_times(nlp, files: list[Path], repeat: int) -> tuple[dict[str, float], int]:
    """Best-of-``repeat`` CPU seconds per step summed over ``files`` (reading as ``read``),
    and their total characters."""
    from gisnlp.pipeline import make_report
    best: dict[Path, dict[str, float]] = {}
    chars = 0
    for r in range(max(1, repeat)):
        for f in files:
            c0 = time.process_time()
            try:
                report = make_report(f)
            except GisnlpError:
                continue
            times = {"read": time.process_time() - c0}
            for name, step in nlp.steps:
                c0 = time.process_time()
                report = step(report) or report
                times[name] = time.process_time() - c0
            if r == 0:
                chars += len(report.text)
            old = best.setdefault(f, times)
            for k, v in times.items():
                old[k] = min(old.get(k, v), v)
    total: dict[str, float] = {}
    for times in best.values():
        for k, v in times.items():
            total[k] = total.get(k, 0.0) + v
    return total, chars


def print_budget(label: str, total: dict[str, float], chars: int, ndocs: int) -> None:
    """CPU ms per 7,000 characters per step against its budget, and text reports per CPU-second."""
    scale = 1000 * REPORT_CHARS / max(1, chars)
    print(f"{label}: {ndocs} text documents, {chars:,} characters; CPU ms per {REPORT_CHARS:,}-character report")
    for name, sec in total.items():
        budget = STEP_BUDGET_MS.get(name)
        flag = "" if budget is None else ("  ok" if sec * scale <= budget else "  OVER")
        print(f"  {name:10} {sec * scale:7.2f} ms   budget {budget if budget is not None else '-':>4}{flag}")
    all_ms = sum(total.values()) * scale
    print(f"  {'all':10} {all_ms:7.2f} ms   budget {sum(STEP_BUDGET_MS.values()):>4}   "
          f"= {1000 / all_ms:.1f} reports of {REPORT_CHARS:,} characters per CPU-second (target 80)")


def baseline_budget(checkout: str, files: list[Path], repeat: int) -> None:
    """Run :func:`step_times` for another checkout in a subprocess and print it."""
    code = ("import sys, json; sys.path.insert(0, %r); import bench, gisnlp; "
            "from pathlib import Path; nlp = gisnlp.load(); nlp(Path(%r)); "
            "t, c = bench.step_times(nlp, [Path(p) for p in %r], %d); print(json.dumps([t, c]))"
            % (str(Path(__file__).parent), str(files[0]), [str(f) for f in files], repeat))
    env = dict(os.environ, PYTHONPATH=checkout, BENCH_ROOT=checkout)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    total, chars = json.loads(out.stdout.strip().splitlines()[-1])
    print_budget(f"baseline {checkout}", total, chars, len(files))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", help="files or folders (default: the shared seeds and corpus)")
    ap.add_argument("--repeat", type=int, default=2, help="timed passes over the documents (best is kept)")
    ap.add_argument("--steps", help="comma-separated pipeline steps (default: the full pipeline)")
    ap.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    ap.add_argument("--baseline", help="another checkout: its per-step CPU times first, side by side")
    ap.add_argument("--steps-only", action="store_true", help="only the per-step CPU table (text documents)")
    args = ap.parse_args(argv)
    files = collect(args.inputs or DEFAULT_INPUTS)
    if not files:
        print("no documents found: give files or folders", file=sys.stderr)
        return 2
    nlp = gisnlp.load(steps=args.steps.split(",")) if args.steps else gisnlp.load()
    nlp(files[0])  # warm up: lazy imports, dictionaries, models
    texts = [f for f in files if f.suffix.lower() in TEXT_FORMATS]
    if texts:
        if args.baseline:
            baseline_budget(args.baseline, texts, args.repeat)
        total, chars = step_times(nlp, texts, args.repeat)
        print_budget("this checkout", total, chars, len(texts))
    if args.steps_only:
        return 0

    best: dict[Path, float] = {}
    cpu: dict[Path, float] = {}
    errors: dict[Path, str] = {}
    for _ in range(max(1, args.repeat)):
        for f in files:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                nlp(f)
            except GisnlpError as e:
                errors[f] = str(e)
                continue
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            best[f] = min(dt, best.get(f, dt))
            cpu[f] = min(dc, cpu.get(f, dc))
    peak: dict[Path, int] = {}
    if not args.no_trace:
        for f in best:
            tracemalloc.start()
            nlp(f)
            peak[f] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

    by_fmt = defaultdict(list)
    for f in best:
        by_fmt[f.suffix.lower().lstrip(".")].append(f)
    print(f"{'format':8} {'docs':>5} {'MB':>7} {'docs/s':>8} {'s/doc':>8} {'max s':>7} {'cpu s/doc':>9} "
          f"{'peak MiB':>9}")
    total_t = total_n = 0
    for fmt, fs in sorted(by_fmt.items()):
        t = sum(best[f] for f in fs)
        size = sum(f.stat().st_size for f in fs) / 1e6
        pk = max((peak.get(f, 0) for f in fs), default=0) / 2 ** 20
        print(f"{fmt:8} {len(fs):5d} {size:7.2f} {len(fs) / t:8.2f} {statistics.mean(best[f] for f in fs):8.3f} "
              f"{max(best[f] for f in fs):7.3f} {statistics.mean(cpu[f] for f in fs):9.3f} {pk:9.1f}")
        total_t += t
        total_n += len(fs)
    print(f"{'all':8} {total_n:5d} {'':7} {total_n / total_t:8.2f} {total_t / total_n:8.3f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak RSS: {rss:.0f} MiB; steps: {', '.join(nlp.pipe_names)}")
    for f, e in errors.items():
        print(f"error {f.name}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
