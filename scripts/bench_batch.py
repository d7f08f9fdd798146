#!/usr/bin/env python3
"""Benchmark `gisnlp tag`: documents/second for 1 and 2 local workers and the Dask engine.

usage: bench_batch.py [--docs 510] [--formats txt,md] [--engines local1,local2,dask2] [--json OUT]
                      [--compare-with DIR]

Copies the shared seeds and corpus reports (or examples/ when ../shared is
absent) into a temporary folder until there are --docs documents, then tags the
folder with each engine into a fresh output folder. Prints throughput (engine
phase and end to end), peak memory per worker and mean seconds per pipeline step.

``--compare-with DIR`` runs a second copy of gisnlp (e.g. the baseline commit:
``git archive 4dee8cb | tar -x -C DIR``) on the same documents, each engine's
baseline run right before the current one, so both see the same machine load;
it then prints the ratios side by side. On a machine shared with other work,
compare the ratios (2 workers / 1 worker, Dask / local) and the CPU figures
(docs per CPU-second inside the workers), which hold under load, rather than
the raw docs/s.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))



def inputs(formats: set[str]) -> list[Path]:
    shared = ROOT.parent / "shared"
    dirs = [shared / "seeds", shared / "corpus" / "files"] if shared.exists() else [ROOT / "examples"]
    files = [f for d in dirs if d.exists() for f in sorted(d.iterdir())
             if f.is_file() and f.suffix.lstrip(".").lower() in formats]
    if not files:
        sys.exit(f"no {','.join(sorted(formats))} files found in {', '.join(map(str, dirs))}")
    return files


def make_corpus(files: list[Path], n: int, dest: Path) -> int:
    chars = 0
    for i in range(n):
        src = files[i % len(files)]
        shutil.copyfile(src, dest / f"d{i:05d}_{src.stem}{src.suffix}")
        chars += src.stat().st_size
    return chars


def bench(name: str, src: Path, out: Path, n: int, code: Path = ROOT) -> dict:
    """One `gisnlp tag` run in a fresh process (so workers inherit nothing from this one), with the
    gisnlp found in ``code``."""
    engine, workers = ("dask", int(name[4:] or 2)) if name.startswith("dask") else ("local", int(name[5:] or 1))
    cmd = [sys.executable, "-m", "gisnlp", "tag", str(src), "--out", str(out), "--jobs", str(workers),
           "--engine", engine, "--timeout", "120", "--no-progress", "-q"]
    t0 = time.perf_counter()
    proc, tree_cpu = run_sampled(cmd, code)
    total = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"{name}: gisnlp tag failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    run = summary["run"]
    return {"engine": name, "workers": workers, "docs": summary["documents"]["found"],
            "tagged": summary["documents"]["tagged"], "failed": summary["documents"]["failed"],
            "engine_s": run["elapsed_s"], "docs_per_s": run["docs_per_s"],
            "first_result_s": run.get("first_result_s"), "docs_per_s_after_first": run.get("docs_per_s_after_first"),
            "docs_per_s_per_worker": run["docs_per_s_per_worker"], "end_to_end_s": round(total, 2),
            "end_to_end_docs_per_s": round(n / total, 2),
            "peak_rss_mb_per_worker": sorted(run["peak_rss_mb_per_worker"].values()),
            "mean_doc_cpu_s": run["mean_doc_cpu_s"], "docs_per_cpu_s": run["docs_per_cpu_s"],
            "cores_used": round(run["mean_doc_cpu_s"] * run["processed"] / run["elapsed_s"], 2),
            "main_cpu_s": run["main_cpu_s"], "tree_cpu_s": round(tree_cpu, 2),
            "tree_cpu_ms_per_doc": round(tree_cpu / n * 1000, 1), "load_avg": round(os.getloadavg()[0], 1),
            "step_s_mean": run["step_s_mean"], "fingerprint": run.get("fingerprint")}


def run_sampled(cmd: list, code: Path) -> tuple:
    """Run ``cmd`` and sample the CPU time of its whole process tree (main process, scheduler,
    nannies, workers, fork server) every 0.1 s: the cost of a run whatever the machine's load.
    Returns the finished process (its output captured) and the CPU-seconds of the tree (NaN
    without psutil)."""
    try:
        import psutil                    # installed with dask[distributed] (the batch extra)
    except ImportError:
        done = subprocess.run(cmd, cwd=code, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)})
        return done, float("nan")
    proc = subprocess.Popen(cmd, cwd=code, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(code)})
    seen: dict = {}
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    t = p.cpu_times()
                    seen[(p.pid, p.create_time())] = t.user + t.system
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), sum(seen.values())


def sequential(files: list[Path], n: int) -> dict:
    """The pipeline alone, in this process, no batch machinery: the baseline per core."""
    import gisnlp
    nlp = gisnlp.load()
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        nlp(files[i % len(files)])
    return {"docs": n, "docs_per_s": round(n / (time.perf_counter() - t0), 2),
            "docs_per_cpu_s": round(n / (time.process_time() - c0), 2)}


def report_row(r: dict, label: str) -> str:
    """One printed line per run."""
    return (f"{label:>16}: {r['docs_per_s']:7.1f} docs/s engine phase ({r['docs_per_s_per_worker']:.1f}/worker; "
            f"{r['docs_per_s_after_first']} after the first result at {r['first_result_s']} s), "
            f"{r['end_to_end_docs_per_s']:6.1f} docs/s end to end ({r['end_to_end_s']} s), {r['tagged']} tagged, "
            f"{r['failed']} failed, peak RSS/worker {r['peak_rss_mb_per_worker']} MB; CPU {r['mean_doc_cpu_s'] * 1000:.0f} "
            f"ms/doc = {r['docs_per_cpu_s']} docs per CPU-second, {r['cores_used']} cores used, main process "
            f"{r['main_cpu_s']} CPU-s, all processes {r['tree_cpu_ms_per_doc']} CPU-ms/doc, load average {r['load_avg']} on {os.cpu_count()} cores")


def ratios(rows: list[dict]) -> dict:
    """2 workers / 1 worker and Dask / local (engine-phase docs/s), where both runs exist."""
    by = {r["engine"]: r for r in rows}
    out = {}
    if "local1" in by and "local2" in by:
        out["local2/local1"] = round(by["local2"]["docs_per_s"] / by["local1"]["docs_per_s"], 2)
        if by["local1"].get("docs_per_s_after_first") and by["local2"].get("docs_per_s_after_first"):
            out["local2/local1 after start-up"] = round(by["local2"]["docs_per_s_after_first"]
                                                        / by["local1"]["docs_per_s_after_first"], 2)
    if "local2" in by and "dask2" in by:
        out["dask2/local2"] = round(by["dask2"]["docs_per_s"] / by["local2"]["docs_per_s"], 2)
        out["dask2/local2 CPU per doc"] = round(by["dask2"]["mean_doc_cpu_s"] / by["local2"]["mean_doc_cpu_s"], 2)
        out["dask2/local2 CPU of all processes"] = round(by["dask2"]["tree_cpu_s"] / by["local2"]["tree_cpu_s"], 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=510)
    ap.add_argument("--formats", default="txt,md", help="comma-separated extensions to copy (e.g. txt,md,pdf,docx)")
    ap.add_argument("--engines", default="local1,local2,dask2")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--baseline", type=int, default=100, help="documents for the in-process baseline (0: skip)")
    ap.add_argument("--compare-with", metavar="DIR", help="another gisnlp checkout to run side by side (the baseline)")
    args = ap.parse_args()
    files = inputs({f.strip().lower() for f in args.formats.split(",")})
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    codes = [("baseline", Path(args.compare_with).resolve())] if args.compare_with else []
    codes.append(("current", ROOT))
    rows: dict[str, list[dict]] = {label: [] for label, _ in codes}
    with tempfile.TemporaryDirectory(prefix="gisnlp-bench-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        size = make_corpus(files, args.docs, src)
        print(f"{args.docs} documents ({size / 1e6:.1f} MB) copied from {len(files)} distinct files; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if args.baseline:
            b = sequential(files, args.baseline)
            print(f"pipeline alone in one process: {b['docs_per_s']} docs/s, "
                  f"{b['docs_per_cpu_s']} docs per CPU-second ({b['docs']} docs)", flush=True)
        for name in engines:
            for label, code in codes:             # baseline right before current: the same load
                r = bench(name, src, Path(tmp) / f"out-{label}-{name}", args.docs, code)
                rows[label].append(r)
                print(report_row(r, f"{label} {name}"), flush=True)
        same = {}
        for label, _ in codes:
            outs = [Path(tmp) / f"out-{label}-{n}" / "reports.jsonl" for n in engines]
            same[label] = len({o.read_bytes() for o in outs}) == 1
            print(f"{label}: reports.jsonl identical across engines: {same[label]}")
    summary = {label: ratios(rs) for label, rs in rows.items()}
    for label, rs in summary.items():
        print(f"{label}: " + ", ".join(f"{k} {v}x" for k, v in rs.items()))
    for label, rs in rows.items():
        if rs:
            print(f"{label}: mean seconds per step ({rs[0]['engine']}):",
                  ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in rs[0]["step_s_mean"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "identical": same, "ratios": summary}, indent=1,
                                              ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
