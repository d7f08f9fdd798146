"""Dask engine: the same tagging on a ``dask.distributed`` cluster.

A ``WorkerPlugin`` builds the pipeline once per worker (also on workers that
join later); each task tags a chunk of documents (``chunks``), reading them
from the shared filesystem paths in their ``Job``, and returns the same
``Result`` per document as the local engine, so the files this process writes
are identical. Without a scheduler address a ``LocalCluster`` is started. A
document past ``timeout`` is recorded as failed and its worker restarted
through its nanny (in-process workers cannot be killed: their thread is
abandoned and the batch goes on with one thread less). What runs on the
workers is in ``dask_tasks``, the dispatching in ``dask_dispatch``; this module
starts the cluster.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable, Optional

import dask
from distributed import Client, LocalCluster

from ..errors import GisnlpError
from .dask_dispatch import dispatch
from .dask_tasks import PipelinePlugin
from .forkserver_start import start_forkserver
from .sources import Job
from .worker import PipelineSpec, Result

log = logging.getLogger("gisnlp")
# Send each task to a worker as soon as it is submitted, so the next document is already waiting
# there when one ends (by default the scheduler holds tasks back and hands one out per free thread:
# a round trip per document). Only the LocalCluster's scheduler can be configured from here.
EAGER = {"distributed.scheduler.worker-saturation": float("inf")}
# A LocalCluster's housekeeping, made rarer: each wake-up of a worker's event loop takes the GIL
# from the tagging thread. By default an idle cluster of 2 workers costs about 0.1 core (event-loop
# health ticks every 20 ms, the statistical profiler every 10 ms, system and memory monitors).
QUIET = {"distributed.admin.tick.interval": "1s", "distributed.worker.profile.enabled": False,
         "distributed.admin.system-monitor.interval": "2s", "distributed.worker.memory.monitor-interval": "500ms"}


def run_dask(jobs: Iterable[Job], spec: PipelineSpec, on_result: Callable[[Job, Result], None],
             scheduler: Optional[str] = None, n_workers: int = 0, timeout: float = 60.0,
             processes: bool = True) -> None:
    """Tag ``jobs`` on a Dask cluster (``scheduler`` address, or a new LocalCluster)."""
    if not log.isEnabledFor(logging.INFO):
        logging.getLogger("distributed").setLevel(logging.ERROR)   # keep the cluster chatter out
    config = dict(EAGER)
    if not scheduler:
        config.update(QUIET)
        if processes:
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
        dispatch(client, jobs, plugin.name, on_result, timeout, restartable=processes or bool(scheduler))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
