"""The pipeline: named, swappable steps over one ``Report``.

    read -> normalize -> structure -> metadata -> tables -> segment
         -> facts -> link -> domains

Each step is a callable ``step(report) -> report`` made by a factory registered
under its name (as spaCy registers pipeline components), so a user can list,
remove, replace or add steps::

    nlp = gisnlp.load()
    nlp.pipe_names                      # ['normalize', 'structure', ...]
    nlp.replace("domains", my_step)     # any callable Report -> Report
    report = nlp("report.pdf")
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from .errors import GisnlpError
from .report import Report, Source

log = logging.getLogger("gisnlp")

Step = Callable[[Report], Report]
DEFAULT_STEPS = ("normalize", "structure", "metadata", "tables", "segment",
                 "facts", "link", "domains")


class Registry:
    """Name -> factory(**config) returning a step. Factories import lazily."""

    def __init__(self):
        self._factories: dict[str, Callable[..., Step]] = {}
        self._lazy: dict[str, str] = {}

    def step(self, name: str):
        def deco(factory):
            self._factories[name] = factory
            return factory
        return deco

    def lazy(self, name: str, target: str) -> None:
        """Register ``module:factory`` to import on first use (keeps startup light)."""
        self._lazy[name] = target

    def names(self) -> list[str]:
        return sorted(set(self._factories) | set(self._lazy))

    def make(self, name: str, **config) -> Step:
        if name not in self._factories and name in self._lazy:
            import importlib
            mod, attr = self._lazy[name].split(":")
            self._factories[name] = getattr(importlib.import_module(mod), attr)
        if name not in self._factories:
            raise GisnlpError(f"unknown pipeline step {name!r}",
                              f"known steps: {', '.join(self.names())}")
        return self._factories[name](**config)


registry = Registry()
registry.lazy("normalize", "gisnlp.steps:make_normalize")
registry.lazy("structure", "gisnlp.structure:make_structure")
registry.lazy("metadata", "gisnlp.metadata:make_metadata")
registry.lazy("tables", "gisnlp.tables:make_tables")
registry.lazy("segment", "gisnlp.segment:make_segment")
registry.lazy("facts", "gisnlp.facts:make_facts")
registry.lazy("link", "gisnlp.link:make_link")
registry.lazy("domains", "gisnlp.domains.step:make_domains")


class Pipeline:
    """An ordered list of named steps; calling it reads a source and runs them.

    A step that raises does not lose the document: the report is kept, flagged
    ``meta.partial`` with a warning naming the step (``strict=True`` re-raises).
    """

    def __init__(self, steps: Iterable[tuple[str, Step]], strict: bool = False):
        self.steps: list[tuple[str, Step]] = list(steps)
        self.strict = strict

    @property
    def pipe_names(self) -> list[str]:
        return [n for n, _ in self.steps]

    def get(self, name: str) -> Step:
        for n, s in self.steps:
            if n == name:
                return s
        raise KeyError(name)

    def _index(self, name: str) -> int:
        return self.pipe_names.index(name)

    def add(self, name: str, step: Optional[Step] = None, *, before: str = None,
            after: str = None, **config) -> Step:
        step = step or registry.make(name, **config)
        if before:
            pos = self._index(before)
        elif after:
            pos = self._index(after) + 1
        else:
            pos = len(self.steps)
        self.steps.insert(pos, (name, step))
        return step

    def replace(self, name: str, step: Step) -> None:
        self.steps[self._index(name)] = (name, step)

    def remove(self, name: str) -> Step:
        return self.steps.pop(self._index(name))[1]

    # --- running -------------------------------------------------------------
    def __call__(self, source: Union[str, os.PathLike, bytes], doc_id: str = None,
                 format: str = None) -> Report:
        report = make_report(source, doc_id=doc_id, format=format)
        return self.run(report)

    def run(self, report: Report) -> Report:
        for name, step in self.steps:
            t0 = time.perf_counter()
            try:
                out = step(report)
                report = out if out is not None else report
            except GisnlpError:
                raise
            except Exception as exc:  # keep the document; say which step failed
                if self.strict:
                    raise
                log.debug("step %s failed on %s", name, report.doc_id, exc_info=True)
                report.warn(f"step {name!r} failed: {type(exc).__name__}: {exc}", partial=True)
            report.timings[name] = time.perf_counter() - t0
        return report

    def pipe(self, sources: Iterable, **kw) -> Iterable[Report]:
        for s in sources:
            yield self(s, **kw)


def make_report(source, doc_id: str = None, format: str = None) -> Report:
    """Read ``source`` (a path, raw bytes, or document text) into a fresh Report."""
    from .readers import read_bytes, read_path
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        doc = read_bytes(data, format=format)
        src = Source(path=None, format=doc.format, bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
        doc_id = doc_id or src.sha256[:16]
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        data, doc = read_path(path, format=format)
        src = Source(path=str(path), format=doc.format, bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
        doc_id = doc_id or path.stem
    elif isinstance(source, str) and _meant_as_path(source):
        from .errors import InputError
        raise InputError(f"no such file: {source}", "check the path; to analyse text, pass the text itself")
    elif isinstance(source, str):
        from .readers import read_text
        doc = read_text(source)
        data = source.encode("utf-8")
        src = Source(path=None, format="txt", bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8")
        doc_id = doc_id or src.sha256[:16]
    else:
        raise TypeError(f"cannot analyse a {type(source).__name__}: give a path, bytes or text")
    report = Report(doc_id=doc_id, text=doc.text, source=src, grids=doc.grids, pages=doc.pages)
    report.meta.title = doc.title
    for w in doc.warnings:
        report.warn(w)
    return report


def _looks_like_path(s: str) -> bool:
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return os.path.exists(s)
    except (OSError, ValueError):
        return False


_PATH_LIKE = re.compile(r"^(?:[~./\\]|[A-Za-z]:\\)?[^\s]*\.(?:txt|text|md|markdown|html?|xhtml|shtml|docx?|pdf)$",
                        re.IGNORECASE)


def _meant_as_path(s: str) -> bool:
    """A one-line string that names a document file (but does not exist)."""
    return "\n" not in s and len(s) < 1024 and bool(_PATH_LIKE.match(s.strip()))


def load(steps: Iterable[str] = DEFAULT_STEPS, disable: Iterable[str] = (),
         config: dict = None, strict: bool = False) -> Pipeline:
    """Build a pipeline from registered step names; ``config[name]`` goes to the factory."""
    config = config or {}
    disable = set(disable)
    return Pipeline([(n, registry.make(n, **config.get(n, {})))
                     for n in steps if n not in disable], strict=strict)


_default: Optional[Pipeline] = None


def analyze(source, doc_id: str = None, format: str = None) -> Report:
    """Analyse one document (path, bytes or text) with the default pipeline."""
    global _default
    if _default is None:
        _default = load()
    return _default(source, doc_id=doc_id, format=format)
