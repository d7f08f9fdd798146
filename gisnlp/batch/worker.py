"""What runs inside a worker: build the pipeline once, tag one job at a time.

Shared by the local and the Dask engine so both emit byte-identical lines.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import resource
import time
from dataclasses import dataclass, field
from typing import Optional

from ..errors import GisnlpError
from ..report import Report, Source
from .sources import Job, read_job


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline in each worker (plain data, so it travels to any process)."""

    steps: Optional[tuple] = None  # step names; None = the default pipeline
    disable: tuple = ()
    # extra steps added after the default ones: ("module:factory", json config)
    extra_steps: tuple = ()
    text: bool = True              # keep the document text in reports.jsonl

    def build(self):
        from ..pipeline import DEFAULT_STEPS, load
        nlp = load(steps=self.steps or DEFAULT_STEPS, disable=self.disable)
        for target, config in self.extra_steps:
            mod, _, attr = target.partition(":")
            if not attr:
                raise GisnlpError(f"bad --add-step {target!r}", "write it as package.module:factory")
            factory = getattr(importlib.import_module(mod), attr)
            step = factory(**json.loads(config or "{}"))
            nlp.add(attr.removeprefix("make_"), step)
        return nlp

    def fingerprint(self) -> str:
        """Changes when the output of a document could change (version, steps, options)."""
        from .. import __version__
        key = json.dumps([__version__, self.steps, sorted(self.disable), list(self.extra_steps), self.text])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Result:
    """A tagged document (``line`` is its JSON) or a failure with its reason."""

    doc_id: str
    key: str
    sha256: str
    status: str                    # ok | failed
    line: Optional[str] = None
    reason: Optional[str] = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)
    pid: int = 0
    max_rss_mb: float = 0.0


def tag_job(nlp, job: Job, spec: PipelineSpec) -> Result:
    """Read and tag one document; never raises for a bad document."""
    t0 = time.perf_counter()
    res = Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed", pid=os.getpid())
    try:
        data = read_job(job)
        report = _make_report(data, job)
        t_read = time.perf_counter() - t0
        report = nlp.run(report)
        t1 = time.perf_counter()
        res.line = json.dumps(report.to_dict(include_text=spec.text), ensure_ascii=False)
        res.timings = {"read": round(t_read, 6), **{k: round(v, 6) for k, v in report.timings.items()},
                       "serialize": round(time.perf_counter() - t1, 6)}
        res.sha256 = report.source.sha256
        res.status = "ok"
    except GisnlpError as e:
        res.reason = str(e)
    except MemoryError:
        res.reason = "out of memory while tagging"
    except Exception as e:          # a bug in a step must not stop the batch
        res.reason = f"internal error {type(e).__name__}: {e}"
    res.seconds = time.perf_counter() - t0
    res.max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return res


def _make_report(data: bytes, job: Job) -> Report:
    """Like ``pipeline.make_report`` for bytes, but keeping the name's extension as a format hint."""
    from ..readers import read_bytes
    doc = read_bytes(data, ext=job.ext)
    src = Source(path=job.key, format=doc.format, bytes=len(data),
                 sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
    report = Report(doc_id=job.doc_id, text=doc.text, source=src, grids=doc.grids, pages=doc.pages)
    report.meta.title = doc.title
    for w in doc.warnings:
        report.warn(w)
    return report


# --- process-pool plumbing (one pipeline per worker process) -----------------
_STATE: dict = {}


class PipelineBuildError(GisnlpError):
    """The pipeline could not be built in a worker: no document can be tagged."""


def init_worker(spec: PipelineSpec) -> None:
    """Pool initializer; a failure is kept and reported by the first task (a raising
    initializer would make the pool restart the worker forever)."""
    _STATE["spec"] = spec
    try:
        _STATE["nlp"] = spec.build()
        _STATE.pop("error", None)
    except Exception as e:
        _STATE["error"] = f"{type(e).__name__}: {e}"


def run_in_worker(job: Job) -> Result:
    if "error" in _STATE:
        raise PipelineBuildError(f"the pipeline could not be built in a worker: {_STATE['error']}",
                                 "check the installation with `python -c 'import gisnlp; gisnlp.load()'`")
    return tag_job(_STATE["nlp"], job, _STATE["spec"])
