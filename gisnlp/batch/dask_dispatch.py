"""The Dask engine's dispatcher: chunks of documents to the workers, results handed on as each
chunk ends, a per-document timeout (a hung document fails alone), lost workers' documents retried.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from typing import Optional

from distributed import wait

from ..errors import GisnlpError
from .chunks import Chunk, make_chunks
from .dask_tasks import running_documents, tag_chunk, warm
from .worker import PipelineBuildError, Result, timeout_reason

log = logging.getLogger("gisnlp")
# How often (at least; timeout/30 up to 2 s) the workers are asked which document each runs (a
# round trip to every worker): a document past its timeout is stopped at most this late.
POLL_SECONDS = 0.5
# Chunks in flight per worker thread: the one it runs and one queued behind it.
QUEUED = 2


def dispatch(client, jobs, plugin_name, on_result, timeout, restartable) -> None:
    """Keep every worker thread busy with a chunk of documents (``chunks``) and one queued behind
    it; hand each result on as its chunk ends; stop a document that runs past ``timeout``.

    A timed-out document fails alone: its worker is restarted and the other documents of its
    chunk go back in the queue. A chunk whose task fails otherwise (its worker died: Dask gives
    up on every task a worker held when it died too often) is tried again one document at a
    time with nothing else running, so a failure stays with the document that caused it.
    """
    state = _Dispatch(client, plugin_name, restartable)
    pending = make_chunks(list(jobs), state.capacity)
    retry: deque = deque()               # chunks to run again (after a timeout or a lost worker)
    inflight: dict = {}                  # future -> Chunk; insertion order = queue order
    poll_every = min(max(timeout / 30, POLL_SECONDS), 2.0) if timeout else 0
    polled = time.monotonic()

    def fill():
        """Submit chunks until one waits behind each running one (a chunk to run alone waits
        until the cluster is empty, and nothing joins it)."""
        while len(inflight) < QUEUED * state.capacity:
            if any(c.alone for c in inflight.values()) or (retry and retry[0].alone and inflight):
                return
            chunk = retry.popleft() if retry else next((Chunk(c) for c in pending), None)
            if chunk is None:
                return
            chunk.key = f"gisnlp-tag-{chunk.jobs[0].doc_id}-{chunk.jobs[0].sha256[:12]}-{time.monotonic_ns()}"
            chunk.started = chunk.index = None
            inflight[client.submit(tag_chunk, chunk.jobs, chunk.key, plugin_name, pure=False,
                                   key=chunk.key)] = chunk

    fill()
    while inflight:
        now = time.monotonic()
        state.refresh(now)
        if timeout and now - polled >= poll_every:
            polled = now
            _start_clocks(client, inflight, state.capacity, now)
        if timeout and any(_late(c, now, timeout) for c in inflight.values()):
            _start_clocks(client, inflight, state.capacity, now)    # the document may have just ended
            for fut, chunk in list(inflight.items()):
                if _late(chunk, now, timeout):
                    del inflight[fut]
                    state.time_out(fut, chunk, timeout, inflight, retry, on_result)
        try:
            done = wait(list(inflight), timeout=1.0, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = ()
        done = sorted(done, key=lambda f: inflight[f].sort_key())
        fetched = _gather(client, [f for f in done if f.status == "finished"])
        for fut in done:
            chunk = inflight.pop(fut)
            results = fetched.get(fut) or _outcome(fut, chunk)
            if results is None:          # lost with its worker: each document alone, to find the culprit
                retry.extend(Chunk([job], alone=True) for job in chunk.jobs)
                continue
            for job, res in zip(chunk.jobs, results):
                on_result(job, res)
        fill()


def _late(chunk: Chunk, now: float, timeout: float) -> bool:
    """Whether the chunk's current document (the whole chunk, when that is not known) is past its timeout."""
    limit = timeout if chunk.index is not None else timeout * len(chunk.jobs)
    return chunk.started is not None and now - chunk.started > limit


class _Dispatch:
    """What ``_dispatch`` knows of the cluster: threads to fill, threads lost to hung documents."""

    def __init__(self, client, plugin_name: str, restartable: bool):
        """Count the cluster's threads."""
        self.client, self.plugin_name, self.restartable = client, plugin_name, restartable
        self.lost = 0                    # threads given up on hung documents (in-process workers)
        self.capacity = max(1, sum(client.nthreads().values()))
        self.refreshed = time.monotonic()

    def refresh(self, now: float) -> None:
        """Count the threads again every 10 s: workers may join or leave a running cluster."""
        if now - self.refreshed > 10:
            self.capacity, self.refreshed = max(1, sum(self.client.nthreads().values()) - self.lost), now

    def time_out(self, fut, chunk: Chunk, timeout: float, inflight: dict, retry: deque, on_result) -> None:
        """Stop ``chunk``'s task past its timeout: its current document fails, the others are queued again
        (all of them, one by one, when the workers could not say which document was running)."""
        stopped = _kill(self.client, fut, self.restartable, self.plugin_name)
        if chunk.index is None and len(chunk.jobs) > 1:
            retry.extend(Chunk([job]) for job in chunk.jobs)
        else:
            i = chunk.index or 0
            job = chunk.jobs[i]
            on_result(job, Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed",
                                  reason=timeout_reason(timeout, stopped)))
            rest = chunk.jobs[:i] + chunk.jobs[i + 1:]
            if rest:
                retry.append(Chunk(rest))
        if stopped:
            # the restarted worker rebuilds its pipeline first: start the others' clocks anew
            for other in inflight.values():
                other.started = other.index = None
            return
        self.lost += 1
        self.capacity -= 1
        if self.capacity < 1:
            raise GisnlpError("every Dask worker thread is stuck on a hung document",
                              "use worker processes with nannies (the default), or raise --timeout")


def _start_clocks(client, inflight: dict, capacity: int, now: float) -> None:
    """Set the timeout clock of each running chunk (``inflight``: future -> Chunk) to its current
    document; when the workers cannot be asked, start the clock of the oldest ``capacity`` chunks
    (which then covers the whole chunk)."""
    running = _executing(client)
    if running is None:
        for chunk in list(inflight.values())[:capacity]:
            if chunk.started is None:
                chunk.started = now
        return
    for chunk in inflight.values():
        if chunk.key in running:
            chunk.index, elapsed = running[chunk.key]
            chunk.started = now - elapsed
        elif chunk.index is not None:    # finished meanwhile, or rescheduled after a lost worker
            chunk.started = chunk.index = None


def _executing(client) -> Optional[dict]:
    """The chunks running on any worker (key -> (document index, seconds on it)), or None when
    the workers cannot be asked."""
    try:
        answers = client.run(running_documents, on_error="ignore")
    except Exception:
        return None
    return {k: v for running in answers.values() if isinstance(running, dict) for k, v in running.items()}


def _gather(client, futures: list) -> dict:
    """The results of finished futures in one round trip (one per future costs a few ms each)."""
    if not futures:
        return {}
    try:
        return dict(zip(futures, client.gather(futures)))
    except Exception:                    # lost meanwhile: ``_outcome`` explains each one
        return {}


def _kill(client, fut, restartable: bool, plugin_name: str) -> bool:
    """Stop a hung task: restart its worker through the nanny (True), or give its thread up."""
    holders = [w for w, keys in client.processing().items() if fut.key in keys]
    fut.cancel()
    if restartable and holders:
        try:
            client.restart_workers(holders, timeout=120)
            try:
                client.run(warm, plugin_name, workers=list(client.nthreads()))
            except Exception as e:      # the task reports a pipeline that cannot be built
                log.debug("warming restarted Dask workers failed: %s", e)
            return True
        except Exception as e:          # no nanny, or restart refused
            log.warning("could not restart Dask worker %s: %s", holders, e)
    return False


def _outcome(fut, chunk: Chunk) -> Optional[list]:
    """The results of a task that ``_gather`` could not fetch: its failure when it ran alone,
    None otherwise (the caller tries its documents again, one at a time and alone)."""
    try:
        return fut.result()
    except PipelineBuildError:
        raise
    except Exception as e:              # KilledWorker, CancelledError, lost connection...
        if "deserializ" in str(e).lower():
            raise GisnlpError(f"the Dask cluster cannot load gisnlp's tasks ({type(e).__name__})",
                              "install the same gisnlp and Python packages on the scheduler and every "
                              "worker") from None
        if not chunk.alone:
            return None
        job = chunk.jobs[0]
        return [Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed",
                       reason=f"Dask task failed: {type(e).__name__}: {e}")]
