"""Benchmark the embedded search index: indexing rate, query latency, analyzer coverage,
long queries, and what searches see while the index is rebuilt.

    python3 scripts/bench_search.py [OUT_OF_TAG] [--copies 20] [--queries 200] [--compare-with DIR]

Without OUT_OF_TAG the seeds and corpus of ../shared are analysed first. The
reports are replicated ``--copies`` times under new doc_ids to get an archive
of realistic size. Prints one JSON object with the figures: wall-clock rates
and latencies, plus CPU-time figures that hold when the machine is busy.

``--compare-with DIR`` runs the same measurements with another gisnlp checkout
(the baseline, e.g. ``git archive 4dee8cb | tar -x -C DIR``) right before this
one, on the same reports, and prints both side by side.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = Path(__import__("os").environ.get("GISNLP_BENCH_CODE") or ROOT)   # the gisnlp measured
sys.path.insert(0, str(CODE))

from gisnlp.io import iter_report_dicts  # noqa: E402
from gisnlp.search import Index  # noqa: E402
from gisnlp.search import analyzer  # noqa: E402


def load_reports(src):
    if src:
        return list(iter_report_dicts(src))
    import gisnlp
    shared = ROOT.parent / "shared"
    paths = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus" / "files").glob("*"))
    nlp = gisnlp.load()
    out = []
    for p in paths:
        try:
            out.append(nlp(str(p)).to_dict())
        except Exception as e:  # a reader another helper has not finished yet
            print(f"skip {p.name}: {e}", file=sys.stderr)
    return out


def replicate(reports, copies):
    out = []
    for k in range(copies):
        for d in reports:
            c = copy.deepcopy(d) if k else d
            if k:
                c["doc_id"] = f"{d['doc_id']}~{k}"
            out.append(c)
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def make_queries(reports, n, rng):
    """Word queries drawn from the corpus vocabulary plus structured and numeric queries."""
    vocab = Counter()
    for d in reports:
        vocab.update(t for t in analyzer.tokens(d.get("text") or "") if len(t) >= 2 and not t.isdigit())
    common = [w for w, _ in vocab.most_common(400)]
    rare = [w for w, c in vocab.items() if c <= 3]
    years = sorted({(d.get("meta") or {}).get("year") for d in reports} - {None})
    domains = sorted({x for d in reports for s in d.get("segments") or [] for x in s.get("domains") or []})
    qs = []
    while len(qs) < n:
        r = rng.random()
        if r < 0.35:
            qs.append((rng.choice(common), {}))
        elif r < 0.5:
            qs.append((rng.choice(rare or common), {}))
        elif r < 0.65:
            qs.append((rng.choice(common) + " " + rng.choice(common), {"type": "segment"}))
        elif r < 0.75:
            qs.append((rng.choice(common), {"year": rng.choice(years)} if years else {}))
        elif r < 0.85:
            qs.append(("", {"domain": rng.choice(domains), "type": "segment"} if domains else {"type": "report"}))
        elif r < 0.93:
            qs.append(("", {"type": "fact", "min_value": rng.choice([10, 100, 1000])}))
        else:
            qs.append(("", {"failing_check": True, "type": "report"}))
    return qs


def analyzer_coverage(reports, terms):
    """For each term: occurrences aligned with token boundaries (found), inside one longer
    word (not found, by design: 教育 in 教育局) or crossing a word boundary (not found, a miss)."""
    from gisnlp.search.snippet import find_spans
    res = {}
    for term in terms:
        aligned = inside = crossing = 0
        needle = analyzer.tokens(term)
        for d in reports:
            nt = analyzer.norm(d.get("text") or "").text
            toks = analyzer.cut(nt)
            found = {s for s, _, _ in find_spans(toks, [needle])}
            i = nt.find(term)
            while i >= 0:
                if i in found:
                    aligned += 1
                elif any(s <= i and i + len(term) <= e and (s, e) != (i, i + len(term)) for _, s, e in toks
                         if s <= i < e):
                    inside += 1
                else:
                    crossing += 1
                i = nt.find(term, i + 1)
        res[term] = {"aligned": aligned, "inside_word": inside, "crossing": crossing}
    return res


READER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from gisnlp.search import Index
path, stop, out = sys.argv[2], Path(sys.argv[3]), {"nonempty": 0, "empty": 0, "error": 0}
while not stop.exists():
    try:
        out["nonempty" if Index(path).count("") > 0 else "empty"] += 1
    except Exception:
        out["error"] += 1
print(out)
"""


def rebuild_under_reader(reports: list, tmp: Path, rounds: int = 3) -> dict:
    """Run `gisnlp index --rebuild` ``rounds`` times while another process searches in a loop;
    count the searches that saw a full index, an empty one, or an error."""
    import ast
    import subprocess
    from gisnlp.cli import main as cli
    src = tmp / "tagged"
    src.mkdir()
    with open(src / "reports.jsonl", "w", encoding="utf-8") as f:
        for d in reports:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    idx, stop = tmp / "idx-rebuild", tmp / "stop"
    cli(["index", str(src), "--index", str(idx)])
    reader = subprocess.Popen([sys.executable, "-c", READER, str(CODE), str(idx), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    t0 = time.perf_counter()
    for _ in range(rounds):
        cli(["index", str(src), "--index", str(idx), "--rebuild"])
    seconds = time.perf_counter() - t0
    stop.touch()
    seen = ast.literal_eval(reader.communicate(timeout=120)[0].strip())
    return {"rebuilds": rounds, "rebuild_seconds": round(seconds / rounds, 2), "searches_during_rebuilds": seen}


def long_query(idx, chars: int = 20_000) -> dict:
    """How a query of ``chars`` characters is answered: its time and whether it was refused."""
    q = "政府信息公开 " * (chars // 7)
    t0 = time.perf_counter()
    try:
        idx.count(q)
        outcome = "answered"
    except Exception as e:
        outcome = f"refused: {str(e)[:90]}"
    return {"chars": len(q), "seconds": round(time.perf_counter() - t0, 3), "outcome": outcome}


def side_by_side(argv: list, baseline: Path) -> None:
    """Run this script with the baseline code, then with this code, and print the key figures of both."""
    import os
    import subprocess
    res = {}
    for label, code in (("baseline", baseline), ("current", ROOT)):
        proc = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True,
                              env={**os.environ, "GISNLP_BENCH_CODE": str(code), "PYTHONPATH": str(code)})
        if proc.returncode:
            sys.exit(f"{label} run failed: {proc.stderr[-2000:]}")
        res[label] = json.loads(proc.stdout)
    keys = ("segments_per_second", "segments_per_cpu_second", "latency_ms_median", "latency_ms_p95",
            "cpu_ms_median", "cpu_ms_p95", "open_and_first_query_ms", "long_query", "rebuild",
            "load_average_1min")
    print(json.dumps({k: {label: r.get(k) for label, r in res.items()} for k in keys}, ensure_ascii=False, indent=1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", nargs="?", help="OUT_OF_TAG folder (default: analyse ../shared)")
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="tokenizing processes while indexing")
    ap.add_argument("--compare-with", metavar="DIR", help="another gisnlp checkout to measure first (the baseline)")
    args = ap.parse_args(argv)
    if args.compare_with:
        rest = [a for a in (argv if argv is not None else sys.argv[1:])]
        i = rest.index("--compare-with")
        side_by_side(rest[:i] + rest[i + 2:], Path(args.compare_with).resolve())
        return
    rng = random.Random(args.seed)
    base = load_reports(args.src)
    reports = replicate(base, args.copies)
    chars = sum(len(d.get("text") or "") for d in reports)
    with tempfile.TemporaryDirectory() as tmp:
        idx = Index(Path(tmp) / "idx")
        t0, c0 = time.perf_counter(), time.process_time()
        st = idx.add(reports, workers=args.workers)
        t_index, c_index = time.perf_counter() - t0, time.process_time() - c0
        size = sum(f.stat().st_size for f in (Path(tmp) / "idx").rglob("*") if f.is_file())
        t0 = time.perf_counter()
        st2 = idx.add(reports[:len(base)])            # re-index the first copy: replace path
        t_reindex = time.perf_counter() - t0
        queries = make_queries(base, args.queries, rng)
        for q, f in queries[:10]:                      # warm up
            idx.search(q, **f)
        lat, cpu, nhits = [], [], []
        for q, f in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            hits = idx.search(q, limit=10, **f)
            lat.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            nhits.append(len(hits))
        cold = Index(Path(tmp) / "idx")
        t0 = time.perf_counter()
        cold.search("政府信息公开", limit=10)
        t_open = (time.perf_counter() - t0) * 1000
        longq = long_query(cold)
        rebuild = rebuild_under_reader(reports[:len(base) * 3], Path(tmp))
    terms = ["依申请公开", "政府信息公开", "公开", "教育", "行政复议", "申请", "政务公开", "主动公开",
             "一网通办", "不予公开", "信息公开", "政府网站", "新闻发布会", "政策解读", "卫生"]
    cov = analyzer_coverage(base, terms)
    tot = Counter()
    for v in cov.values():
        tot.update(v)
    out = {
        "workers": args.workers, "reports": st.reports, "segments": st.segments, "facts": st.facts, "chars": chars,
        "index_seconds": round(t_index, 2),
        "segments_per_second": round(st.segments / t_index, 1),
        "index_cpu_seconds_main_process": round(c_index, 2),
        "segments_per_cpu_second": round(st.segments / c_index, 1) if args.workers == 1 else None,
        "units_per_second": round((st.reports + st.segments + st.facts) / t_index, 1),
        "chars_per_second": round(chars / t_index),
        "index_bytes": size,
        "reindex_reports": st2.replaced, "reindex_seconds": round(t_reindex, 2),
        "queries": len(lat), "latency_ms_median": round(statistics.median(lat), 2),
        "latency_ms_p95": round(pct(lat, 95), 2), "latency_ms_max": round(max(lat), 2),
        "cpu_ms_median": round(statistics.median(cpu), 2), "cpu_ms_p95": round(pct(cpu, 95), 2),
        "load_average_1min": round(__import__("os").getloadavg()[0], 1),
        "mean_hits": round(statistics.mean(nhits), 2), "zero_hit_queries": sum(1 for n in nhits if n == 0),
        "open_and_first_query_ms": round(t_open, 1),
        "long_query": longq, "rebuild": rebuild,
        "analyzer_coverage_total": dict(tot), "analyzer_coverage": cov,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
