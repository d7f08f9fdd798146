"""The fork server a Dask LocalCluster's worker processes are forked from.

Started before this process imports Dask, so that the server's own imports and
pipeline build (``forkserver_preload``) run while this process imports Dask,
on another core, instead of one after the other.
"""
from __future__ import annotations

import multiprocessing
import os

from .worker import PipelineSpec

# A LocalCluster's worker processes are forked from a fork server that has imported gisnlp and
# built the run's pipeline once (``forkserver_preload``), instead of each being spawned as a
# fresh interpreter that imports everything and builds its own pipeline.
FORKSERVER = {"distributed.worker.multiprocessing-method": "forkserver"}


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
        ["distributed", "gisnlp.batch.worker", "gisnlp.batch.dask_tasks", "gisnlp.batch.forkserver_preload"])
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
