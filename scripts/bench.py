"""Benchmark ``analyze``: documents/second and peak memory, per input format.

    python3 scripts/bench.py                       # ../shared/seeds and ../shared/corpus/files
    python3 scripts/bench.py DIR_OR_FILE ... --repeat 3 --steps normalize,structure,metadata

Folders that do not exist are skipped. Peak memory is the process's maximum
resident set (``resource.getrusage``) and, per document, the peak of Python
allocations traced by ``tracemalloc`` (a second, slower pass; ``--no-trace`` skips it).
CPU seconds per document are shown beside wall time: they vary less on a busy machine.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gisnlp  # noqa: E402
from gisnlp.errors import GisnlpError  # noqa: E402
from gisnlp.readers import SUPPORTED_EXTENSIONS  # noqa: E402

DEFAULT_INPUTS = (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "files")


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", help="files or folders (default: the shared seeds and corpus)")
    ap.add_argument("--repeat", type=int, default=2, help="timed passes over the documents (best is kept)")
    ap.add_argument("--steps", help="comma-separated pipeline steps (default: the full pipeline)")
    ap.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    args = ap.parse_args(argv)
    files = collect(args.inputs or DEFAULT_INPUTS)
    if not files:
        print("no documents found: give files or folders", file=sys.stderr)
        return 2
    nlp = gisnlp.load(steps=args.steps.split(",")) if args.steps else gisnlp.load()
    nlp(files[0])  # warm up: lazy imports, dictionaries, models

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
