"""Documents grouped into chunks: one Dask task tags a list of documents.

A task per document costs the scheduler, the client and the worker a few
milliseconds each (messages, task states, a result fetched per task), about
as much as tagging a short report. A chunk pays that once for several
documents. Chunks are kept small enough that every worker gets many of them,
and shrink toward the end of the batch, so the workers finish together; and
re-tagging one after a lost worker costs little.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from .sources import Job

# Each worker thread should get at least this many chunks over the batch, so the last ones
# finish close together; and a chunk holds at most MAX_DOCS documents or MAX_BYTES of input.
CHUNKS_PER_THREAD = 8
MAX_DOCS = 16
MAX_BYTES = 4 << 20


@dataclass
class Chunk:
    """Documents tagged by one task, and what the dispatcher knows of its progress."""

    jobs: list
    key: str = ""                    # the task's key (also how a worker names the chunk it runs)
    started: Optional[float] = None  # when the document being tagged started (dispatcher's clock)
    index: Optional[int] = None      # which document that is; None: not known (the clock covers the chunk)
    alone: bool = False              # run with nothing else on the cluster (a suspect of a lost worker)

    def sort_key(self) -> str:
        """Its first document's key: results are handed on in key order, as the local engine does."""
        return self.jobs[0].key


def chunk_size(remaining: int, threads: int) -> int:
    """Documents in the next chunk when ``remaining`` are left for ``threads`` worker threads: a
    share of what is left (guided scheduling), so chunks shrink toward the end of the batch and
    the workers finish together."""
    return max(1, min(MAX_DOCS, remaining // (CHUNKS_PER_THREAD * max(1, threads))))


def make_chunks(jobs: Sequence[Job], threads: int) -> Iterator[list]:
    """``jobs`` in order, cut into chunks of ``chunk_size`` (fewer documents when their input passes
    ``MAX_BYTES``)."""
    start = 0
    while start < len(jobs):
        size = chunk_size(len(jobs) - start, threads)
        end, total = start, 0
        while end < start + size and end < len(jobs) and (end == start or total + jobs[end].size <= MAX_BYTES):
            total += jobs[end].size
            end += 1
        yield list(jobs[start:end])
        start = end
