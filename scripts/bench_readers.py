"""Benchmark the readers: documents/second and peak memory per format and PDF engine.

    python3 scripts/bench_readers.py                 # the corpus PDFs, DOCX, examples
    python3 scripts/bench_readers.py FILE ... --seconds 5

Each configuration runs in its own process (so peak memory is its own): the
file is read (``read``) or fully analysed (``analyze``) repeatedly for about
``--seconds``, after one warm-up. PDFs run twice, with the PDFium engine (the
default) and with pdfplumber alone (the baseline, ``GISNLP_PDF_ENGINE``), side
by side in the same run. CPU seconds are shown beside wall time: on a busy
machine they vary less.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_FILES = [SHARED / "corpus" / "files" / n for n in ("r0001.pdf", "r0003.pdf", "r0025.docx")] + \
    [ROOT / "examples" / "sample_report.html", ROOT / "examples" / "sample_report.txt"] + \
    [ROOT / "tests" / "fixtures" / n for n in ("sample_report.mht", "sample_report.ofd")]

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import gisnlp
from gisnlp.readers import read_path
path, mode, seconds = {path!r}, {mode!r}, {seconds!r}
nlp = gisnlp.load() if mode == "analyze" else None
run = (lambda: nlp(path)) if nlp else (lambda: read_path(path))
run()
n, t0, c0 = 0, time.perf_counter(), time.process_time()
while time.perf_counter() - t0 < seconds or n < 2:
    run()
    n += 1
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({{"n": n, "wall": wall, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(path: Path, mode: str, seconds: float, engine: str | None) -> dict:
    """Run one configuration in a fresh process; its docs/s and peak RSS."""
    env = dict(os.environ)
    if engine:
        env["GISNLP_PDF_ENGINE"] = engine
    code = _CHILD.format(root=str(ROOT), path=str(path), mode=mode, seconds=seconds)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--seconds", type=float, default=4.0, help="timed run per configuration")
    ap.add_argument("--modes", default="read,analyze", help="read, analyze or both")
    args = ap.parse_args(argv)
    files = [f for f in (args.files or DEFAULT_FILES) if f.exists()]
    if not files:
        print("no input files found", file=sys.stderr)
        return 2
    print(f"{'file':<22}{'mode':<9}{'engine':<12}{'docs/s':>8}{'docs/cpu-s':>12}{'peak MB':>9}")
    for f in files:
        engines = ["pdfium", "pdfplumber"] if f.suffix.lower() == ".pdf" else [None]
        for mode in args.modes.split(","):
            for engine in engines:
                r = measure(f, mode, args.seconds, engine)
                print(f"{f.name:<22}{mode:<9}{engine or '-':<12}{r['n'] / r['wall']:>8.2f}"
                      f"{r['n'] / max(r['cpu'], 1e-9):>12.2f}{r['rss_mb']:>9.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
