#!/usr/bin/env python3
"""Benchmark the comparison: one pair of ~15,000-character reports, and `gisnlp tag` with comparisons.

usage: bench_compare.py [--issuers 500] [--jobs 2] [--baseline-src DIR] [--skip-tag] [--json OUT]

1. *Pair*: two reports of about 15,000 characters (consecutive years of one issuer:
   half the sentences kept, some with new figures, the rest rewritten; full tables)
   are analysed once, then ``gisnlp.compare`` is timed (median of 7 runs, after one
   warm-up run).
2. *Tag*: an archive of ``--issuers`` issuers × 2 years (the test pair of
   tests/compare_pairs.py with issuer names and figures varied) is tagged with
   ``gisnlp tag``; ``summary.json`` gives the seconds spent in comparisons
   (``series_checks.compare_s``), compared with the whole run. With ``--baseline-src``
   (a checkout of the code before comparisons, e.g. ``git worktree add /tmp/base 4dee8cb``)
   the same archive is also tagged by that code, one run after the other, and both
   wall times are printed.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TOPICS = ["乡村振兴", "营商环境", "义务教育", "医疗卫生", "社会保障", "生态环境", "安全生产", "食品药品", "住房保障",
          "就业创业", "交通运输", "市场监管", "财政预决算", "重大建设项目", "公共资源配置", "政务服务"]
VERBS = ["持续做好", "深入推进", "全面加强", "不断完善", "扎实开展", "进一步规范", "积极探索", "统筹推进"]
ACTS = ["信息发布和政策解读", "公开目录动态更新", "办事指南梳理", "数据开放共享", "公开专栏建设",
        "政民互动回应", "监督检查和通报", "保密审查"]
COUNTS = ["发布信息{n}条", "召开新闻发布会{m}场", "开展业务培训{m}次", "回应群众关切{n}件", "更新办事指南{m}项"]


def sentence(rng: random.Random) -> str:
    """A plausible narrative sentence with figures."""
    return (f"围绕{rng.choice(TOPICS)}领域，{rng.choice(VERBS)}{rng.choice(ACTS)}，全年"
            + "，".join(c.format(n=rng.randint(50, 9000), m=rng.randint(2, 60)) for c in rng.sample(COUNTS, 2))
            + "。")


def big_pair(chars: int = 15000, seed: int = 7) -> tuple[str, str]:
    """Two reports of about ``chars`` characters: the same tables, half the narrative kept."""
    from compare_pairs import report_text
    rng = random.Random(seed)
    base_old, base_new = report_text(2022), report_text(2023)
    old_s, new_s = [], []
    while sum(map(len, new_s)) < chars - len(base_new):
        s = sentence(rng)
        old_s.append(s)
        r = rng.random()
        new_s.append(s if r < 0.4 else (re.sub(r"\d+", lambda m: str(int(m.group()) + 7), s) if r < 0.6
                                        else sentence(rng)))
    paras = lambda ss: "\n".join("".join(ss[i:i + 4]) for i in range(0, len(ss), 4))   # noqa: E731
    cut = "（一）主动公开。"
    return (base_old.replace(cut, paras(old_s) + "\n" + cut, 1), base_new.replace(cut, paras(new_s) + "\n" + cut, 1))


def bench_pair() -> dict:
    """Median seconds of ``compare`` on a ~15,000-character pair (analysed once, not timed)."""
    import gisnlp
    old_text, new_text = big_pair()
    nlp = gisnlp.load()
    old, new = nlp(old_text, doc_id="big_2022"), nlp(new_text, doc_id="big_2023")
    gisnlp.compare(old, new)                     # warm-up: data files, regexes
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        c = gisnlp.compare(old, new)
        times.append(time.perf_counter() - t0)
    return {"chars": [len(old.text), len(new.text)], "median_s": round(statistics.median(times), 4),
            "max_s": round(max(times), 4), "reuse": c.reuse, "paragraphs": c.summary["counts"]["paragraphs"],
            "passages": len(c.passages)}


def make_archive(dest: Path, issuers: int, seed: int = 11) -> int:
    """``issuers`` × 2 text reports (2022, 2023) with varied names and figures."""
    from compare_pairs import report_text
    rng = random.Random(seed)
    texts = {y: report_text(y) for y in (2022, 2023)}
    first, second = "青松桥河山湖石云龙凤金银玉花柳桃", "安平宁和丰泰兴隆昌盛源泉川林溪阳"
    names = [a + b + c for a in first for b in second for c in "东西南北中"]
    if issuers > len(names):
        sys.exit(f"at most {len(names)} issuers")
    n = 0
    for i in range(issuers):
        name = names[i]
        for y, t in texts.items():
            t = t.replace("青柳县", f"{name}县")
            t = re.sub(r"(?<=\t)\d+(?=\t|\n)", lambda m: str(int(m.group()) + rng.randint(0, 3)), t)
            (dest / f"{name}_{y}.txt").write_text(t, encoding="utf-8")
            n += 1
    return n


def tag(src_root: Path, archive: Path, out: Path, jobs: int, n: int) -> dict:
    """One `gisnlp tag` run of the code in ``src_root`` (``bench_batch.bench``: a fresh process):
    wall time and the seconds spent in comparisons."""
    from bench_batch import bench           # scripts/ is on the path when this script runs
    run = bench(f"local{jobs}", archive, out, n, code=src_root)
    sc = json.loads((out / "summary.json").read_text(encoding="utf-8")).get("series_checks", {})
    return {"wall_s": run["end_to_end_s"], "docs": run["tagged"], "comparisons": sc.get("comparisons"),
            "compare_s": sc.get("compare_s"), "load_avg": run["load_avg"]}


def main() -> int:
    """Run the benchmarks and print one line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issuers", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--baseline-src", help="a checkout of the code without comparisons, tagged side by side")
    ap.add_argument("--skip-tag", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    res = {"pair": bench_pair()}
    p = res["pair"]
    print(f"pair of {p['chars'][0]} and {p['chars'][1]} characters: compare median {p['median_s']} s "
          f"(max {p['max_s']} s); reuse {p['reuse']}")
    if not args.skip_tag:
        with tempfile.TemporaryDirectory(prefix="gisnlp-bench-compare-") as tmp:
            archive = Path(tmp) / "archive"
            archive.mkdir()
            n = make_archive(archive, args.issuers)
            mine = tag(ROOT, archive, Path(tmp) / "out", args.jobs, n)
            mine["compare_share"] = round(mine["compare_s"] / (mine["wall_s"] - mine["compare_s"]), 3)
            res["tag"] = mine
            print(f"tag {n} reports ({args.issuers} issuers × 2 years, {args.jobs} workers): {mine['wall_s']} s, "
                  f"of which comparisons {mine['compare_s']} s for {mine['comparisons']} pairs "
                  f"= +{mine['compare_share']:.1%} over the rest of the run (load {mine['load_avg']})")
            if args.baseline_src:
                base = tag(Path(args.baseline_src), archive, Path(tmp) / "out-base", args.jobs, n)
                res["baseline"] = base
                print(f"baseline code, same archive: {base['wall_s']} s → with comparisons "
                      f"{mine['wall_s'] / base['wall_s'] - 1:+.1%} wall time (load {base['load_avg']})")
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
