"""``tag()``: find documents, tag what is not done yet, then derive the output files.

    OUT/reports.jsonl        one report per line (Report.to_dict), sorted by doc_id
    OUT/failures.jsonl       documents that could not be tagged, with the reason
    OUT/series_checks.jsonl  cross-year checks of consecutive reports of one issuer
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
from typing import Iterable, Optional

from ..errors import GisnlpError
from ..io import write_atomic
from .sources import Job, discover
from .progress import Progress
from .store import Store
from .summary import SummaryBuilder, run_stats
from .worker import PipelineSpec, Result

log = logging.getLogger("gisnlp")

OUTPUT_FILES = ("reports.jsonl", "failures.jsonl", "series_checks.jsonl", "summary.json",
                "documents.parquet", "facts.parquet", "cells.parquet", "segments.parquet", "checks.parquet")


def tag(sources: Iterable, out, *, jobs: int = 0, engine: str = "local", scheduler: Optional[str] = None,
        timeout: float = 60.0, text: bool = True, retry_failed: bool = False, fresh: bool = False,
        steps: Optional[Iterable[str]] = None, disable: Iterable[str] = (), extra_steps: Iterable = (),
        progress: bool = True, max_memory_mb: int = 0, dask_processes: bool = True) -> dict:
    """Tag every document under ``sources`` into ``out``; returns the summary dict.

    Re-running with the same arguments skips documents already done (same path,
    same sha256, same pipeline) and rebuilds the derived files identically.
    """
    if engine not in ("local", "dask"):
        raise GisnlpError(f"unknown engine {engine!r}", "use --engine local or --engine dask")
    spec = PipelineSpec(steps=tuple(steps) if steps else None, disable=tuple(disable), text=text,
                        extra_steps=tuple((t, c or "") for t, c in (_split_step(s) for s in extra_steps)))
    _validate(spec)
    out = Path(out)
    all_jobs = discover(sources, exclude=[out])
    if not all_jobs:
        raise GisnlpError("no documents found", "give report files, folders holding .txt/.html/.docx/.pdf/.md "
                          "files, or zip/tar archives of them")
    out.mkdir(parents=True, exist_ok=True)
    fp = spec.fingerprint()
    with Store(out, fresh=fresh) as store:
        todo, skipped = [], 0
        for job in all_jobs:
            rec = store.lookup(job, fp)
            if rec and (rec["status"] == "ok" or not retry_failed):
                skipped += 1
            elif job.error:
                store.commit(job, fp, "failed", reason=job.error)
            else:
                todo.append(job)
        results: list[Result] = []
        bar = Progress(len(todo), enabled=progress)

        def on_result(job: Job, res: Result) -> None:
            store.commit(job, fp, res.status, line=res.line, reason=res.reason, sha256=res.sha256)
            res.line = None                # keep only the stats in memory
            results.append(res)
            bar.update(res.status == "ok")

        n_workers = jobs or _default_workers()
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            if todo and engine == "local":
                from .engine_local import run_local
                run_local(todo, spec, on_result, n_workers=n_workers, timeout=timeout,
                          max_memory_mb=max_memory_mb)
            elif todo:
                from .engine_dask import run_dask
                run_dask(todo, spec, on_result, scheduler=scheduler, n_workers=n_workers, timeout=timeout,
                         processes=dask_processes)
        finally:
            bar.close()
        elapsed = time.perf_counter() - t0
        run = run_stats(results, elapsed, engine, n_workers, skipped, store.recovered)
        run["main_cpu_s"] = round(time.process_time() - c0, 3)   # dispatch + journal in this process
        run["fingerprint"] = fp            # gisnlp code + options the results were made with
        summary = finalize(store, all_jobs, fp, out, run)
    return summary


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
    from .tables import TableWriter   # pyarrow: imported when a batch runs, not for the CLI's parser
    tables = TableWriter(out)
    try:
        with open(tmp, "wb") as f:
            for rec, line in store.iter_lines(ok_recs):
                d = json.loads(line)
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
    """Cross-year audit of each issuer that has reports for two or more years
    (grouped on the link step's issuer key, so name variants across years meet)."""
    from ..link import audit_series
    from ..link.series import normalize_issuer
    from ..report import Report
    merged = defaultdict(list)
    for issuer, items in series.items():
        merged[normalize_issuer(issuer) or issuer].extend(items)
    groups = {k: v for k, v in merged.items() if len({y for y, _ in v}) > 1}
    rows = []
    for issuer in sorted(groups):
        recs = [rec for _, rec in sorted(groups[issuer], key=lambda yr: (yr[0], yr[1]["doc_id"]))]
        reports = [Report.from_dict(json.loads(line)) for _, line in store.iter_lines(recs)]
        try:
            rows.extend(audit_series(reports))
        except Exception as e:          # the audit must not lose the batch
            log.warning("cross-year audit failed for %s: %s: %s", issuer, type(e).__name__, e)
            rows.append({"issuer": issuer, "rule": "series.error", "status": "unknown",
                         "detail": f"{type(e).__name__}: {e}"})
    rows.sort(key=lambda r: json.dumps([r.get("issuer"), r.get("year_a"), r.get("year_b"), r.get("doc_a"),
                                        r.get("doc_b"), r.get("rule"), r.get("cells")], ensure_ascii=False,
                                       default=str))
    write_atomic(out / "series_checks.jsonl",
                 "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
    return {"available": True, "series": len(groups), "total": len(rows),
            "failed": sum(r.get("status") == "fail" for r in rows), "note": ""}


def _split_step(s) -> tuple[str, str]:
    if isinstance(s, (tuple, list)):
        return s[0], (s[1] if isinstance(s[1], str) else json.dumps(s[1])) if len(s) > 1 else ""
    target, _, config = str(s).partition("=")
    return target, config


def _validate(spec: PipelineSpec) -> None:
    """Catch a bad step name here, not in every worker."""
    import importlib
    from ..pipeline import registry
    for name in (spec.steps or ()) + spec.disable:
        if name not in registry.names():
            raise GisnlpError(f"unknown pipeline step {name!r}", f"known steps: {', '.join(registry.names())}")
    for target, config in spec.extra_steps:
        mod, _, attr = target.partition(":")
        try:
            factory = getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError, ValueError) as e:
            raise GisnlpError(f"cannot load step {target!r}: {e}", "write it as package.module:factory") from None
        try:
            json.loads(config or "{}")
        except ValueError:
            raise GisnlpError(f"the config of step {target!r} is not JSON: {config}",
                              "e.g. --add-step 'mypkg.steps:make_x={\"k\": 1}'") from None
        if not callable(factory):
            raise GisnlpError(f"{target} is not a step factory", "it must be a callable returning a step")


def _default_workers() -> int:
    from .engine_local import default_jobs
    return default_jobs()
