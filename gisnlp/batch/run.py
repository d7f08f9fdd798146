"""``tag()``: find documents, tag what is not done yet, then derive the output files.

    OUT/reports.jsonl        one report per line (Report.to_dict), sorted by doc_id
    OUT/failures.jsonl       documents that could not be tagged, with the reason
    OUT/series_checks.jsonl  cross-year checks of consecutive reports of one issuer
    OUT/comparisons.jsonl    each issuer's consecutive years compared (gisnlp.compare)
    OUT/{documents,facts,cells,segments,checks}.parquet
    OUT/summary.json         counts, failures, failed checks, throughput
    OUT/.gisnlp-tag/         journal + done-index that make the run resumable
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Union

from ..errors import GisnlpError
from ..io import write_atomic
from . import codec
from .sources import Job, discover
from .progress import Progress
from .store import Store
from .summary import SummaryBuilder, run_stats
from .options import TagOptions
from .worker import PipelineSpec, Result

log = logging.getLogger("gisnlp")

OUTPUT_FILES = ("reports.jsonl", "failures.jsonl", "series_checks.jsonl", "comparisons.jsonl", "summary.json",
                "documents.parquet", "facts.parquet", "cells.parquet", "segments.parquet", "checks.parquet")


def tag(sources: Iterable, out, options: Union[TagOptions, dict, None] = None, **overrides) -> dict:
    """Tag every document under ``sources`` into ``out``; returns the summary dict.

    ``options`` is a ``TagOptions``, a dict of its fields or None, and keyword
    arguments override single fields (``tag(["reports/"], "out/", jobs=2)``).
    Re-running with the same arguments skips documents already done (same path,
    same sha256, same pipeline) and rebuilds the derived files identically.
    """
    opts = TagOptions.resolve(options, **overrides)
    spec = opts.pipeline_spec()
    out = Path(out)
    if opts.engine == "dask" and opts.dask_processes and not opts.scheduler:
        from .forkserver_start import start_forkserver
        start_forkserver(spec)           # its preload runs while the documents are found and Dask imported
    all_jobs = discover(sources, exclude=[out])
    if not all_jobs:
        raise GisnlpError("no documents found", "give report files, folders holding .txt/.html/.docx/.pdf/.md "
                          "files, or zip/tar archives of them")
    out.mkdir(parents=True, exist_ok=True)
    fp = spec.fingerprint()
    with Store(out, fresh=opts.fresh) as store:
        todo, skipped = [], 0
        for job in all_jobs:
            rec = store.lookup(job, fp)
            if rec and (rec["status"] == "ok" or not opts.retry_failed):
                skipped += 1
            elif job.error:
                store.commit(job, fp, "failed", reason=job.error)
            else:
                todo.append(job)
        results: list[Result] = []
        bar = Progress(len(todo), enabled=opts.progress)
        first: list[float] = []            # when the first result arrived (the end of start-up)

        def on_result(job: Job, res: Result) -> None:
            """Make one result durable, keep its stats, move the progress on."""
            store.commit(job, fp, res.status, line=res.line, reason=res.reason, sha256=res.sha256)
            res.line = None                # keep only the stats in memory
            results.append(res)
            bar.update(res.status == "ok")
            if not first:
                first.append(time.perf_counter())

        n_workers = opts.jobs or _default_workers()
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            if todo:
                _run_engine(todo, spec, on_result, opts, n_workers)
        finally:
            bar.close()
        store.drain()                      # every result durable before the files are derived
        elapsed = time.perf_counter() - t0
        run = run_stats(results, elapsed, opts.engine, n_workers, skipped, store.recovered)
        run["main_cpu_s"] = round(time.process_time() - c0, 3)   # dispatch + journal in this process
        if first and len(results) > 1 and elapsed > first[0] - t0:   # throughput once the workers are up
            run["first_result_s"] = round(first[0] - t0, 3)
            run["docs_per_s_after_first"] = round((len(results) - 1) / (elapsed - (first[0] - t0)), 2)
        run["fingerprint"] = fp            # gisnlp code + options the results were made with
        summary = finalize(store, all_jobs, fp, out, run)
    return summary


def _run_engine(todo: list[Job], spec: PipelineSpec, on_result, opts: TagOptions, n_workers: int) -> None:
    """Tag ``todo`` on the engine ``opts`` names, calling ``on_result`` as each document ends."""
    if opts.engine == "local":
        from .engine_local import run_local
        run_local(todo, spec, on_result, n_workers=n_workers, timeout=opts.timeout,
                  max_memory_mb=opts.max_memory_mb)
    else:
        from .engine_dask import run_dask
        run_dask(todo, spec, on_result, scheduler=opts.scheduler, n_workers=n_workers, timeout=opts.timeout,
                 processes=opts.dask_processes)


def finalize(store: Store, jobs: list[Job], fp: str, out: Path, run: dict) -> dict:
    """Write the output files from the journal, sorted by doc_id, each one atomically."""
    jobs = sorted(jobs, key=lambda j: j.doc_id)
    for stale in out.glob(".*.tmp*"):     # left by a run killed while writing (we hold the lock)
        if stale.is_file():
            stale.unlink(missing_ok=True)
    builder = SummaryBuilder()
    ok_recs, series = [], defaultdict(list)
    for job in jobs:
        rec = store.lookup(job, fp)
        if rec is None:
            builder.add_failure(job, "not tagged: the run stopped before this document")
        elif rec["status"] != "ok":
            builder.add_failure(job, rec.get("reason") or "unknown error")
        else:
            ok_recs.append(rec)
    tmp = out / f".reports.jsonl.tmp{os.getpid()}"
    from .parquet import TableWriter  # pyarrow: imported when a batch runs, not for the CLI's parser
    tables = TableWriter(out)
    try:
        with open(tmp, "wb") as f:
            for rec, line in store.iter_lines(ok_recs):
                d = codec.loads(line)
                f.write(line + b"\n")
                tables.add(d)
                builder.add_ok(d)
                meta = d.get("meta") or {}
                if meta.get("issuer") and meta.get("year"):
                    series[meta["issuer"]].append((meta["year"], rec))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out / "reports.jsonl")
        tables.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        tables.abort()
        raise
    write_atomic(out / "failures.jsonl",
                 "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in builder.sorted_failures()))
    series_summary = _series(store, series, out)
    if tables.dropped:
        log.warning("%d table rows did not fit the Parquet schema, e.g. %s", len(tables.dropped), tables.dropped[0])
    summary = builder.build(series_summary, run, dropped_rows=tables.dropped)
    write_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return summary


def _series(store: Store, series: dict, out: Path) -> dict:
    """Cross-year audit and year-over-year comparisons of each issuer that has reports for
    two or more years (grouped on the link step's issuer key, so name variants across years meet).

    This is the one place where work per issuer over the finished reports
    happens (``series``: issuer -> [(year, journal record)]); each issuer's
    consecutive years are compared here too (``comparisons.jsonl``, reusing the
    audit's carry-over rows), and the summary counts both."""
    from ..compare.pairs import COMPARISONS_FILE, compare_group
    from ..link import audit_series
    from ..link.series import normalize_issuer
    from ..report import Report
    merged = defaultdict(list)
    for issuer, items in series.items():
        merged[normalize_issuer(issuer) or issuer].extend(items)
    groups = {k: v for k, v in merged.items() if len({y for y, _ in v}) > 1}
    rows, comparisons, compare_s = [], [], 0.0
    for issuer in sorted(groups):
        recs = [rec for _, rec in sorted(groups[issuer], key=lambda yr: (yr[0], yr[1]["doc_id"]))]
        reports = [Report.from_dict(codec.loads(line)) for _, line in store.iter_lines(recs)]
        group_rows = []
        try:
            group_rows = audit_series(reports)
            rows.extend(group_rows)
        except Exception as e:          # the audit must not lose the batch
            log.warning("cross-year audit failed for %s: %s: %s", issuer, type(e).__name__, e)
            rows.append({"issuer": issuer, "rule": "series.error", "status": "unknown",
                         "detail": f"{type(e).__name__}: {e}"})
        t0 = time.perf_counter()
        comparisons.extend(compare_group(issuer, reports, group_rows))   # never raises: errors are records
        compare_s += time.perf_counter() - t0
    rows.sort(key=lambda r: json.dumps([r.get("issuer"), r.get("year_a"), r.get("year_b"), r.get("doc_a"),
                                        r.get("doc_b"), r.get("rule"), r.get("cells")], ensure_ascii=False,
                                       default=str))
    write_atomic(out / "series_checks.jsonl",
                 "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
    write_atomic(out / COMPARISONS_FILE,
                 "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in comparisons))
    return {"available": True, "series": len(groups), "total": len(rows),
            "failed": sum(r.get("status") == "fail" for r in rows),
            "passed": sum(r.get("status") == "pass" for r in rows),
            "unknown": sum(r.get("status") not in ("pass", "fail") for r in rows), "note": "",
            "comparisons": len(comparisons), "comparison_errors": sum(bool(c.get("error")) for c in comparisons),
            "compare_s": round(compare_s, 3)}


def _default_workers() -> int:
    from .engine_local import default_jobs
    return default_jobs()
