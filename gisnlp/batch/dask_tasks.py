"""What runs on a Dask worker: the pipeline held by a worker plugin, the task that tags a chunk
of documents, and what the dispatcher asks the workers (which document each runs; warm up).
"""
from __future__ import annotations

import time

from distributed import WorkerPlugin, get_worker

from .worker import PipelineBuildError, PipelineSpec, limit_threads, prebuilt, tag_job


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


# On a worker: chunk key -> (index of the document being tagged, when it started on this worker's clock).
_RUNNING: dict = {}


def tag_chunk(jobs: list, chunk_key: str, plugin_name: str) -> list:
    """Task: tag a chunk of documents in order, returning one ``Result`` each; while it runs,
    ``_RUNNING`` says which document it is on, for the dispatcher's per-document timeout."""
    plugin = get_worker().plugins[plugin_name]
    if plugin.nlp is None and getattr(plugin, "error", None) is None:
        plugin.setup(get_worker())       # setup not run yet on this worker
    if plugin.nlp is None:
        raise PipelineBuildError(f"the pipeline could not be built on a Dask worker: {plugin.error}",
                                 "install the same gisnlp version on every worker")
    results = []
    try:
        for i, job in enumerate(jobs):
            _RUNNING[chunk_key] = (i, time.monotonic())
            results.append(tag_job(plugin.nlp, job, plugin.spec))
    finally:
        _RUNNING.pop(chunk_key, None)
    return results


def running_documents(dask_worker=None) -> dict:
    """On a worker: chunk key -> (index of the document it is tagging, seconds since that started)."""
    now = time.monotonic()
    return {key: (i, now - t0) for key, (i, t0) in list(_RUNNING.items())}


def warm(plugin_name: str, dask_worker=None) -> None:
    """Build the pipeline on a (restarted) worker now, so no document's clock pays for it."""
    plugin = dask_worker.plugins[plugin_name]
    if plugin.nlp is None and plugin.error is None:
        plugin.setup(dask_worker)
