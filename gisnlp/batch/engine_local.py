"""Local engine: a process pool, one pipeline per worker, a hard per-document timeout.

The pipeline is built once in this process and the workers are forked from it
(``worker.prebuild``), so the models load once, not once per worker; where fork
is not available each worker builds its own in the pool initializer. A document
that runs past ``timeout`` has its worker killed and replaced (pebble does the
killing); a worker that dies takes only its own document down.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from typing import Callable, Iterable

from pebble import ProcessExpired, ProcessPool

from .sources import Job
from .worker import (PipelineBuildError, PipelineSpec, Result, init_worker, prebuild, run_in_worker,
                     timeout_reason)


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_local(jobs: Iterable[Job], spec: PipelineSpec, on_result: Callable[[Job, Result], None],
              n_workers: int = 0, timeout: float = 60.0, max_memory_mb: int = 0) -> None:
    """Tag ``jobs`` on ``n_workers`` processes, calling ``on_result`` in this process as each ends."""
    n_workers = n_workers or default_jobs()
    pending = iter(jobs)
    window = 2 * n_workers               # bounded queue: memory stays flat on huge batches
    running: dict = {}
    context = multiprocessing
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        prebuild(spec, timeout)          # forked workers inherit the loaded pipeline
    with ProcessPool(max_workers=n_workers, initializer=init_worker, initargs=(spec, timeout, max_memory_mb),
                     context=context) as pool:
        try:
            while True:
                while len(running) < window:
                    job = next(pending, None)
                    if job is None:
                        break
                    running[pool.schedule(run_in_worker, args=(job,), timeout=timeout or None)] = job
                if not running:
                    break
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: running[f].key):
                    job = running.pop(fut)
                    on_result(job, _outcome(fut, job, timeout))
        except BaseException:
            pool.stop()
            raise


def _outcome(fut, job: Job, timeout: float) -> Result:
    try:
        return fut.result()
    except PipelineBuildError:
        raise                           # nothing can be tagged: stop the batch
    except FutureTimeout:
        reason = timeout_reason(timeout, stopped=True)
    except ProcessExpired as e:
        reason = f"worker process died (exit code {e.exitcode}) while tagging this document"
    except Exception as e:              # initializer failure, pickling...
        reason = f"internal error {type(e).__name__}: {e}"
    return Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed", reason=reason)
