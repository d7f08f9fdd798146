"""Cold start of the whole CLI: wall time and peak memory of ``gisnlp analyze one.txt``.

    python3 scripts/bench_coldstart.py                         # examples/sample_report.txt, 5 runs
    python3 scripts/bench_coldstart.py --baseline /tmp/base    # another checkout, side by side
    python3 scripts/bench_coldstart.py FILE --runs 9 --imports 12

Each run is a fresh ``python3 -m gisnlp analyze FILE --out DIR`` process, as a
user types it; the script reports the median wall time and the median peak
resident memory (``ru_maxrss`` of the child) and compares them with the
targets (1 s, 150 MB). ``--imports N`` adds the N slowest imports of one run
(``python3 -X importtime``), to show what a cold start spends its time on.
``--disable STEP`` times the same work through the Python API with that step
left out (``gisnlp.load(disable=[STEP])``, the report written as JSON), to see
the share of the other steps. Exit status 1 when the median is over a target
(``--check``).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "examples" / "sample_report.txt"
TARGET_SECONDS = 1.0
TARGET_MB = 150


def command(path: Path, out: str, disable: str = "") -> list[str]:
    """The command of one cold start: the CLI, or the API with ``disable`` left out."""
    if not disable:
        return [sys.executable, "-m", "gisnlp", "analyze", str(path), "--out", out]
    code = ("import sys, gisnlp; from pathlib import Path; "
            f"r = gisnlp.load(disable={disable.split(',')!r})(Path({str(path)!r})); "
            f"Path({out!r}, r.doc_id + '.json').write_text(r.to_json(), encoding='utf-8')")
    return [sys.executable, "-c", code]


def one_run(checkout: Path, path: Path, disable: str = "") -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one ``gisnlp analyze`` process.

    The peak is ``RUSAGE_CHILDREN``'s, so call it from a process that starts no
    other child (``measure`` runs each in a fresh helper).
    """
    env = dict(os.environ, PYTHONPATH=str(checkout))       # run in a temporary folder: -m puts
    with tempfile.TemporaryDirectory() as out:                # the working folder first on sys.path
        t0 = time.perf_counter()
        subprocess.run(command(path, out, disable), cwd=out,
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(checkout: Path, path: Path, runs: int, disable: str = "") -> tuple[list[float], list[float]]:
    """Wall times and peak RSS of ``runs`` cold starts, each RSS read in a fresh helper."""
    walls, rss = [], []
    for _ in range(runs):
        # a helper process per run, so RUSAGE_CHILDREN holds that run alone
        code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                f"import bench_coldstart as b; from pathlib import Path; "
                f"w, m = b.one_run(Path({str(checkout)!r}), Path({str(path)!r}), {disable!r}); print(w, m)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        w, m = map(float, out.split())
        walls.append(w)
        rss.append(m)
    return walls, rss


def slowest_imports(checkout: Path, path: Path, n: int, disable: str = "") -> list[tuple[float, str]]:
    """The ``n`` imports with the largest cumulative time in one cold run."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    with tempfile.TemporaryDirectory() as out:
        cmd = command(path, out, disable)
        err = subprocess.run([cmd[0], "-X", "importtime"] + cmd[1:], cwd=out, env=env,
                             capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = line.split("|")
            try:
                rows.append((int(parts[1]) / 1e6, parts[2].rstrip()))
            except ValueError:
                continue
    top = [r for r in rows if not r[1].startswith("  ")]        # top-level imports only
    return sorted(top, reverse=True)[:n]


def report(label: str, checkout: Path, path: Path, runs: int, imports: int,
           disable: str = "") -> tuple[float, float]:
    """Print one checkout's figures; return (median wall, median RSS)."""
    walls, rss = measure(checkout, path, runs, disable)
    w, m = statistics.median(walls), statistics.median(rss)
    print(f"{label:14} median {w:.2f} s wall (min {min(walls):.2f}, max {max(walls):.2f}), "
          f"peak RSS {m:.0f} MiB   [targets {TARGET_SECONDS:g} s, {TARGET_MB} MB]   {checkout}")
    for sec, name in slowest_imports(checkout, path, imports, disable) if imports else []:
        print(f"{'':14}   import {name.strip():40} {sec:6.3f} s")
    return w, m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", default=str(DEFAULT_INPUT), help="one document (default: the example)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--imports", type=int, default=8, help="show the N slowest top-level imports (0: none)")
    ap.add_argument("--baseline", help="another checkout, measured first")
    ap.add_argument("--check", action="store_true", help="exit 1 when a median is over its target")
    ap.add_argument("--disable", default="", help="steps to leave out (comma-separated), through the Python API")
    args = ap.parse_args(argv)
    path = Path(args.input).resolve()
    if args.baseline:
        report("baseline", Path(args.baseline).resolve(), path, args.runs, args.imports, args.disable)
    w, m = report("this checkout", ROOT, path, args.runs, args.imports, args.disable)
    over = w > TARGET_SECONDS or m > TARGET_MB
    if over:
        print(f"bench_coldstart: over target ({w:.2f} s / {TARGET_SECONDS:g} s, {m:.0f} / {TARGET_MB} MB)")
    return 1 if (over and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
