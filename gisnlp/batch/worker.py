"""What runs inside a worker: build the pipeline once, tag one job at a time.

Shared by the local and the Dask engine so both emit byte-identical lines.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import resource
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import GisnlpError
from ..inputs import unreadable
from ..report import Report, Source
from . import codec
from .sources import Job, read_job, read_member


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline in each worker (plain data, so it travels to any process)."""

    steps: Optional[tuple] = None  # step names; None = the default pipeline
    disable: tuple = ()
    # extra steps added after the default ones: ("module:factory", json config)
    extra_steps: tuple = ()
    text: bool = True              # keep the document text in reports.jsonl

    def build(self):
        """The pipeline these options describe, extra steps added after the default ones."""
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

    def build_warm(self, timeout: float = 0):
        """Build, then tag a small sample so lazily loaded models are in memory before
        the first real document (whose timeout would otherwise include loading them)."""
        nlp = self.build()
        sample = Path(__file__).resolve().parents[1] / "data" / "batch_warmup.txt"
        if not sample.exists():
            return nlp
        alarm = bool(timeout) and threading.current_thread() is threading.main_thread()
        if alarm:                           # a step that hangs must not hang the pool's start
            old = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            nlp(sample.read_bytes(), doc_id="warmup")
        except Exception:                   # a warm-up failure shows again on real documents
            pass
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        return nlp

    def to_json(self) -> str:
        """The spec as JSON (it travels to a fork server in an environment variable)."""
        return json.dumps({"steps": self.steps, "disable": self.disable, "extra_steps": self.extra_steps,
                           "text": self.text})

    @classmethod
    def from_json(cls, data: str) -> "PipelineSpec":
        """The spec ``to_json`` wrote."""
        d = json.loads(data)
        return cls(steps=tuple(d["steps"]) if d["steps"] is not None else None, disable=tuple(d["disable"]),
                   extra_steps=tuple(tuple(x) for x in d["extra_steps"]), text=d["text"])

    def fingerprint(self) -> str:
        """Changes when the output of a document could change: gisnlp's code and data
        (content hash of the installed package), the steps and the options."""
        from .. import __version__
        key = json.dumps([__version__, code_hash(), self.steps, sorted(self.disable), list(self.extra_steps),
                          self.text, codec.NAME])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over the package's source and data files (a few MB: milliseconds)."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix not in (".pyc", ".tmp"):
            h.update(f.relative_to(root).as_posix().encode() + b"\0")
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
    return h.hexdigest()[:16]


@dataclass
class Result:
    """A tagged document (``line`` is its JSON) or a failure with its reason."""

    doc_id: str
    key: str
    sha256: str
    status: str                    # ok | failed
    line: Optional[bytes] = None   # the report's JSON (codec.dumps)
    reason: Optional[str] = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0      # CPU time of this process: speed per core, whatever the load
    timings: dict = field(default_factory=dict)
    pid: int = 0
    max_rss_mb: float = 0.0


def tag_job(nlp, job: Job, spec: PipelineSpec) -> Result:
    """Read and tag one document; never raises for a bad document."""
    t0, c0 = time.perf_counter(), time.process_time()
    res = Result(doc_id=job.doc_id, key=job.key, sha256=job.sha256, status="failed", pid=os.getpid())
    try:
        data = read_job(job)
        report = _make_report(data, job)
        t_read = time.perf_counter() - t0
        report = nlp.run(report)
        t1 = time.perf_counter()
        res.line = codec.dumps_report(report, include_text=spec.text)
        res.timings = {"read": round(t_read, 6), **{k: round(v, 6) for k, v in report.timings.items()},
                       "serialize": round(time.perf_counter() - t1, 6)}
        res.sha256 = report.source.sha256
        res.status = "ok"
    except GisnlpError as e:
        res.reason = str(e)
    except OSError as e:            # unreadable since it was found (permissions changed, share gone)
        res.reason = unreadable(e)
    except MemoryError:
        res.reason = "out of memory while tagging"
    except Exception as e:          # a bug in a step must not stop the batch
        res.reason = f"internal error {type(e).__name__}: {e}"
    res.seconds = time.perf_counter() - t0
    res.cpu_seconds = time.process_time() - c0
    res.max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return res


def timeout_reason(timeout: float, stopped: bool) -> str:
    """The same words from every engine, so their failures.jsonl files are identical."""
    how = "its worker was stopped" if stopped else "its worker thread could not be stopped"
    return f"timed out after {timeout:g} s ({how}; raise --timeout if the document is just long)"


def _make_report(data: bytes, job: Job) -> Report:
    """Like ``pipeline.make_report`` for bytes, but keeping the name's extension as a format hint."""
    from ..readers import read_bytes
    doc = read_bytes(data, ext=job.ext)
    if job.tables:
        from ..readers import read_path
        from ..readers.pairing import attach_tables
        doc = attach_tables(doc, read_path(job.tables)[1] if job.member is None else
                            read_bytes(read_member(job.path, job.tables), ext=os.path.splitext(job.tables)[1].lower()))
    src = Source(path=job.key, format=doc.format, bytes=len(data),
                 sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
    report = Report(doc_id=job.doc_id, text=doc.text, source=src, grids=doc.grids, pages=doc.pages)
    report.meta.title = doc.title
    for w in doc.warnings:
        report.warn(w)
    return report


def limit_threads(after_build: bool = False) -> None:
    """One worker per core: keep BLAS/OpenMP/torch pools in each worker to one thread
    (environment before the pipeline loads its libraries, threadpoolctl after)."""
    if not after_build:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        return
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def limit_memory(extra_mb: int) -> None:
    """Cap this worker's address space at what it uses now (pipeline loaded) plus ``extra_mb``:
    a document that needs more fails with MemoryError instead of exhausting the machine."""
    try:
        with open("/proc/self/status") as f:
            vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return                              # not Linux: no cap
    cap = vm + extra_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


# --- process-pool plumbing (one pipeline per worker process) -----------------
_STATE: dict = {}


def _raise_timeout(signum, frame):
    raise TimeoutError("warm-up took too long")


class PipelineBuildError(GisnlpError):
    """The pipeline could not be built in a worker: no document can be tagged."""


def prebuild(spec: PipelineSpec, timeout: float = 0) -> bool:
    """Build and warm the pipeline once in this process, before worker processes are forked from it.

    Forked workers then start with the models loaded (shared copy-on-write), so
    the batch pays the loading once instead of once per worker, and a worker
    replaced after a timeout is ready at once. A failure is not raised here: each
    worker then builds on its own and reports it. Returns whether it worked.
    """
    limit_threads()
    try:
        _STATE["prebuilt"] = (spec, spec.build_warm(timeout))
    except Exception:
        _STATE.pop("prebuilt", None)
        return False
    limit_threads(after_build=True)
    return True


def prebuilt(spec: PipelineSpec):
    """The pipeline ``prebuild`` made for ``spec`` in this process, or in the process it was
    forked from; None when there is none (or it was built for another spec)."""
    pre = _STATE.get("prebuilt")
    return pre[1] if pre is not None and pre[0] == spec else None


def init_worker(spec: PipelineSpec, timeout: float = 0, max_memory_mb: int = 0) -> None:
    """Pool initializer; a failure is kept and reported by the first task (a raising
    initializer would make the pool restart the worker forever). A pipeline built
    by ``prebuild`` in the parent before the fork is used as it is."""
    _STATE["spec"] = spec
    limit_threads()
    try:
        _STATE["nlp"] = prebuilt(spec) or spec.build_warm(timeout)
        limit_threads(after_build=True)
        if max_memory_mb:
            limit_memory(max_memory_mb)
        _STATE.pop("error", None)
    except Exception as e:
        _STATE["error"] = f"{type(e).__name__}: {e}"


def run_in_worker(job: Job) -> Result:
    """Pool task: tag one job with this worker's pipeline."""
    if "error" in _STATE:
        raise PipelineBuildError(f"the pipeline could not be built in a worker: {_STATE['error']}",
                                 "check the installation with `python -c 'import gisnlp; gisnlp.load()'`")
    return tag_job(_STATE["nlp"], job, _STATE["spec"])
