"""Dask engine: the same tagging on a ``dask.distributed`` cluster.

A ``WorkerPlugin`` builds the pipeline once per worker (also on workers that
join later); tasks read documents from the shared filesystem paths in each
``Job`` and return the same ``Result`` as the local engine, so the files this
process writes are identical. Without a scheduler address a ``LocalCluster``
is started. A document past ``timeout`` is recorded as failed and its worker
restarted through its nanny (in-process workers cannot be killed: their thread
is abandoned and the batch goes on with one thread less).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
from typing import Callable, Iterable, Optional

import dask
from distributed import Client, LocalCluster, WorkerPlugin, get_worker, wait

from ..errors import GisnlpError
from .sources import Job
from .worker import PipelineBuildError, PipelineSpec, Result, limit_threads, prebuilt, tag_job, timeout_reason

log = logging.getLogger("gisnlp")
# Send each task to a worker as soon as it is submitted, so the next document is already waiting
# there when one ends (by default the scheduler holds tasks back and hands one out per free thread:
# a round trip per document). Only the LocalCluster's scheduler can be configured from here.
EAGER = {"distributed.scheduler.worker-saturation": float("inf")}
# A LocalCluster's worker processes are forked from a fork server that has imported gisnlp and
# built the run's pipeline once (``forkserver_preload``), instead of each being spawned as a
# fresh interpreter that imports everything and builds its own pipeline.
FORKSERVER = {"distributed.worker.multiprocessing-method": "forkserver"}
# How often the workers are asked which tasks they run (a round trip to every worker, which
# interrupts their tagging): a task's timeout clock starts at most this late.
POLL_SECONDS = 0.5


def quiet_profiler(worker) -> None:
    """Stop the worker's statistical profiler: every 10 ms it walks the running task's stack on the
    event-loop thread while holding the GIL, which costs a pure-Python task such as tagging
    a report a sizeable share of its time (and the profile is of no use to a batch)."""
    for name in ("profile", "profile-cycle"):
        pc = getattr(worker, "periodic_callbacks", {}).get(name)
        if pc is not None:
            pc.stop()


class PipelinePlugin(WorkerPlugin):
    """Holds one loaded pipeline per Dask worker."""

    def __init__(self, spec: PipelineSpec):
        """Remember how to build the pipeline; ``setup`` builds it on each worker."""
        self.spec = spec
        self.name = f"gisnlp-pipeline-{spec.fingerprint()}"
        self.nlp = None
        self.error = None

    def setup(self, worker):
        """Build the pipeline on this worker (and stop its statistical profiler, see ``quiet_profiler``)."""
        limit_threads()
        quiet_profiler(worker)
        try:
            self.nlp, self.error = prebuilt(self.spec) or self.spec.build_warm(), None
            limit_threads(after_build=True)
        except Exception as e:           # reported by the tasks, not by a crash loop
            self.nlp, self.error = None, f"{type(e).__name__}: {e}"


def _dask_tag(job: Job, plugin_name: str) -> Result:
    plugin = get_worker().plugins[plugin_name]
    if plugin.nlp is None and getattr(plugin, "error", None) is None:
        plugin.setup(get_worker())       # setup not run yet on this worker
    if plugin.nlp is None:
        raise PipelineBuildError(f"the pipeline could not be built on a Dask worker: {plugin.error}",
                                 "install the same gisnlp version on every worker")
    return tag_job(plugin.nlp, job, plugin.spec)


def start_forkserver(spec: PipelineSpec) -> dict:
    """Start this process's fork server with gisnlp imported and ``spec``'s pipeline built in it
    (``forkserver_preload``); return the Dask config that forks the workers from it, or {}
    where there is no fork server (Windows: workers are spawned and build their own).

    The server runs in parallel with the start of the scheduler, and stays up until this
    process ends, so a later run with the same spec starts its workers at once (with another
    spec the workers build their own pipeline, as without it).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return {}
    from multiprocessing import forkserver

    from .forkserver_preload import SPEC_ENV
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["distributed", "gisnlp.batch.worker", "gisnlp.batch.forkserver_preload"])
    old = os.environ.get(SPEC_ENV)
    os.environ[SPEC_ENV] = spec.to_json()          # the server inherits this process's environment
    try:
        forkserver.ensure_running()
    finally:
        if old is None:
            os.environ.pop(SPEC_ENV, None)
        else:
            os.environ[SPEC_ENV] = old
    return FORKSERVER


def run_dask(jobs: Iterable[Job], spec: PipelineSpec, on_result: Callable[[Job, Result], None],
             scheduler: Optional[str] = None, n_workers: int = 0, timeout: float = 60.0,
             processes: bool = True) -> None:
    """Tag ``jobs`` on a Dask cluster (``scheduler`` address, or a new LocalCluster)."""
    if not log.isEnabledFor(logging.INFO):
        logging.getLogger("distributed").setLevel(logging.ERROR)   # keep the cluster chatter out
    config = dict(EAGER)
    if not scheduler and processes:
        config.update(start_forkserver(spec))
    with dask.config.set(config):        # for the cluster's start and for workers restarted later
        _run_dask(jobs, spec, on_result, scheduler, n_workers, timeout, processes)


def _run_dask(jobs, spec, on_result, scheduler, n_workers, timeout, processes) -> None:
    """``run_dask`` once its Dask config is set."""
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            from .engine_local import default_jobs
            cluster = LocalCluster(n_workers=n_workers or default_jobs(), threads_per_worker=1,
                                   processes=processes, dashboard_address=None, silence_logs=logging.CRITICAL)
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        raise GisnlpError(f"cannot reach the Dask scheduler {scheduler}: {e}",
                          "start one with `dask scheduler` and workers with `dask worker ADDRESS`") from None
    try:
        try:
            client.wait_for_workers(1, timeout=120)
        except TimeoutError:
            raise GisnlpError(f"no Dask worker joined {scheduler or 'the local cluster'} within 120 s",
                              "start workers with `dask worker SCHEDULER_ADDRESS`") from None
        plugin = PipelinePlugin(spec)
        client.register_plugin(plugin)
        _dispatch(client, jobs, plugin.name, on_result, timeout, restartable=processes or bool(scheduler))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dispatch(client, jobs, plugin_name, on_result, timeout, restartable) -> None:
    """Keep every worker thread busy with one task queued behind it; stop hung tasks past ``timeout``."""
    lost = 0                             # threads given up on hung documents (in-process workers)
    capacity = max(1, sum(client.nthreads().values()))
    refreshed = polled = time.monotonic()
    pending = iter(jobs)
    inflight: dict = {}                  # future -> [job, start]; insertion order = queue order

    def fill():
        """Submit jobs until one task waits behind each running one."""
        while len(inflight) < 4 * capacity:          # three tasks queued behind each running one
            job = next(pending, None)
            if job is None:
                return
            fut = client.submit(_dask_tag, job, plugin_name, pure=False,
                                key=f"gisnlp-tag-{job.doc_id}-{job.sha256[:12]}-{time.monotonic_ns()}")
            inflight[fut] = [job, None]

    fill()
    while inflight:
        now = time.monotonic()
        if now - refreshed > 10:         # workers may join or leave a running cluster
            capacity, refreshed = max(1, sum(client.nthreads().values()) - lost), now
        if timeout and now - polled >= POLL_SECONDS:
            polled = now
            _start_clocks(client, inflight, capacity, now)
        if timeout:
            for fut, (job, t0) in list(inflight.items()):
                if t0 is not None and now - t0 > timeout:
                    del inflight[fut]
                    stopped = _kill(client, fut, restartable, plugin_name)
                    on_result(job, Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed",
                                          reason=timeout_reason(timeout, stopped)))
                    if stopped:
                        # the restarted worker rebuilds its pipeline first: start the others' clocks anew
                        for entry in inflight.values():
                            entry[1] = None
                        now = time.monotonic()
                    else:
                        lost += 1
                        capacity -= 1
                        if capacity < 1:
                            raise GisnlpError("every Dask worker thread is stuck on a hung document",
                                              "use worker processes with nannies (the default), or raise --timeout")
        try:
            done = wait(list(inflight), timeout=1.0, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = ()
        done = sorted(done, key=lambda f: inflight[f][0].key)
        fetched = _gather(client, [f for f in done if f.status == "finished"])
        for fut in done:
            job, _ = inflight.pop(fut)
            on_result(job, fetched[fut] if fut in fetched else _outcome(fut, job))
        fill()


def _start_clocks(client, inflight: dict, capacity: int, now: float) -> None:
    """Start the timeout clock of each task a worker has started (``inflight``: future ->
    [job, start or None]); when the workers cannot be asked, of the oldest ``capacity`` tasks."""
    running = _executing(client)
    oldest = list(inflight)[:capacity]
    for fut, entry in inflight.items():
        if entry[1] is None and (fut.key in running if running is not None else fut in oldest):
            entry[1] = now


def _executing_keys(dask_worker=None) -> list:
    """On a worker: the keys of the tasks it is running now (not those queued behind them)."""
    return [ts.key for ts in dask_worker.state.tasks.values() if ts.state == "executing"]


def _executing(client) -> Optional[set]:
    """The keys running on any worker, or None when the workers cannot be asked (then the
    oldest tasks are taken to be the running ones)."""
    try:
        answers = client.run(_executing_keys, on_error="ignore")
    except Exception:
        return None
    return {k for keys in answers.values() if isinstance(keys, list) for k in keys}


def _gather(client, futures: list) -> dict:
    """The results of finished futures in one round trip (one per future costs a few ms each)."""
    if not futures:
        return {}
    try:
        return dict(zip(futures, client.gather(futures)))
    except Exception:                    # lost meanwhile: ``_outcome`` explains each one
        return {}


def _warm(plugin_name: str, dask_worker=None) -> None:
    """Build the pipeline on a (restarted) worker now, so no document's clock pays for it."""
    plugin = dask_worker.plugins[plugin_name]
    if plugin.nlp is None and plugin.error is None:
        plugin.setup(dask_worker)


def _kill(client, fut, restartable: bool, plugin_name: str) -> bool:
    """Stop a hung task: restart its worker through the nanny (True), or give its thread up."""
    holders = [w for w, keys in client.processing().items() if fut.key in keys]
    fut.cancel()
    if restartable and holders:
        try:
            client.restart_workers(holders, timeout=120)
            try:
                client.run(_warm, plugin_name, workers=list(client.nthreads()))
            except Exception as e:      # the task reports a pipeline that cannot be built
                log.debug("warming restarted Dask workers failed: %s", e)
            return True
        except Exception as e:          # no nanny, or restart refused
            log.warning("could not restart Dask worker %s: %s", holders, e)
    return False


def _outcome(fut, job: Job) -> Result:
    try:
        return fut.result()
    except PipelineBuildError:
        raise
    except Exception as e:              # KilledWorker, CancelledError, lost connection...
        if "deserializ" in str(e).lower():
            raise GisnlpError(f"the Dask cluster cannot load gisnlp's tasks ({type(e).__name__})",
                              "install the same gisnlp and Python packages on the scheduler and every "
                              "worker") from None
        return Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed",
                      reason=f"Dask task failed: {type(e).__name__}: {e}")
