"""The pipeline: named, swappable steps over one ``Report``.

    read -> normalize -> structure -> metadata -> tables -> segment
         -> facts -> link -> ocr_confidence -> domains

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
import inspect
import logging
import os
import re
import time
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from .errors import GisnlpError, PipelineError
from .inputs import display_name
from .report import Report, Source

log = logging.getLogger("gisnlp")

Step = Callable[[Report], Report]
DEFAULT_STEPS = ("normalize", "structure", "metadata", "tables", "segment",
                 "facts", "link", "ocr_confidence", "domains")


class Registry:
    """Name -> factory(**config) returning a step. Factories import lazily.

    A factory's keyword parameters are its options: ``make(name, **config)``
    refuses a key the factory does not name (``**kwargs`` in a factory's
    signature accepts none), so a misspelt option is an error, not ignored.
    """

    def __init__(self):
        self._factories: dict[str, Callable[..., Step]] = {}
        self._lazy: dict[str, str] = {}

    def step(self, name: str):
        """Decorator registering ``factory`` under ``name`` (its signature is checked now)."""
        def deco(factory):
            """Check and register ``factory``; return it unchanged."""
            _check_factory(name, factory)
            self._factories[name] = factory
            return factory
        return deco

    def lazy(self, name: str, target: str) -> None:
        """Register ``module:factory`` to import on first use (keeps startup light)."""
        self._lazy[name] = target

    def names(self) -> list[str]:
        """Every registered step name, sorted."""
        return sorted(set(self._factories) | set(self._lazy))

    def factory(self, name: str) -> Callable[..., Step]:
        """The factory registered under ``name`` (imported now if it was lazy)."""
        if name not in self._factories and name in self._lazy:
            import importlib
            mod, attr = self._lazy[name].split(":")
            factory = getattr(importlib.import_module(mod), attr)
            _check_factory(name, factory)
            self._factories[name] = factory
        if name not in self._factories:
            raise PipelineError(f"unknown pipeline step {name!r}", f"known steps: {', '.join(self.names())}")
        return self._factories[name]

    def options(self, name: str) -> list[str]:
        """The config keys the factory of ``name`` accepts (its keyword parameters)."""
        return _options_of(self.factory(name))

    def check_config(self, name: str, config: dict) -> None:
        """Raise :class:`PipelineError` for a key of ``config`` that step ``name`` does not take."""
        if not isinstance(config, dict):
            raise PipelineError(f"the config of step {name!r} must be a dict, not {type(config).__name__}",
                                f"e.g. config={{{name!r}: {{...}}}}")
        valid = self.options(name)
        unknown = sorted(k for k in config if k not in valid)
        if unknown:
            raise PipelineError(f"unknown option{'s' if len(unknown) > 1 else ''} "
                                f"{', '.join(map(repr, unknown))} for pipeline step {name!r}",
                                f"valid options: {', '.join(valid) if valid else 'none'}")

    def make(self, name: str, **config) -> Step:
        """Build step ``name`` with ``config`` (checked against the factory's parameters)."""
        factory = self.factory(name)
        self.check_config(name, config)
        return factory(**config)


_OPTION_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _options_of(factory) -> list[str]:
    """Keyword parameters of a factory, in signature order."""
    return [p.name for p in inspect.signature(factory).parameters.values() if p.kind in _OPTION_KINDS]


def _check_factory(name: str, factory) -> None:
    """A factory must be callable with keyword options only (config keys are its parameters)."""
    if not callable(factory):
        raise PipelineError(f"the factory of pipeline step {name!r} is not callable",
                            "register a function that takes keyword options and returns a step")
    for p in inspect.signature(factory).parameters.values():
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL):
            raise PipelineError(f"the factory of step {name!r} takes positional arguments",
                                "factories take keyword options only")


registry = Registry()
registry.lazy("normalize", "gisnlp.normalize_step:make_normalize")
registry.lazy("structure", "gisnlp.structure:make_structure")
registry.lazy("metadata", "gisnlp.metadata:make_metadata")
registry.lazy("tables", "gisnlp.tables.step:make_tables")
registry.lazy("segment", "gisnlp.segment:make_segment")
registry.lazy("facts", "gisnlp.facts.step:make_facts")
registry.lazy("link", "gisnlp.link.step:make_link")
registry.lazy("domains", "gisnlp.domains.step:make_domains")
registry.lazy("ocr_confidence", "gisnlp.ocr_confidence:make_ocr_confidence")


class Pipeline:
    """An ordered list of named steps; calling it reads a source and runs them.

    A step that raises does not lose the document: the report is kept, flagged
    ``meta.partial`` with a warning naming the step (``strict=True`` re-raises).
    Editing the pipeline checks its arguments as spaCy does: an unknown name,
    a duplicate name or both ``before`` and ``after`` raise a
    :class:`~gisnlp.errors.PipelineError` that lists the valid names.
    """

    def __init__(self, steps: Iterable[tuple[str, Step]], strict: bool = False):
        self.steps: list[tuple[str, Step]] = []
        self.strict = strict
        for name, step in steps:
            self._check_new(name, step)
            self.steps.append((name, step))

    @property
    def pipe_names(self) -> list[str]:
        """The step names, in the order they run."""
        return [n for n, _ in self.steps]

    def __repr__(self) -> str:
        """``<Pipeline: normalize > structure > ...>``: the steps, in the order they run."""
        return f"<Pipeline: {' > '.join(self.pipe_names) or 'no steps'}{', strict' if self.strict else ''}>"

    def _position(self, name: str) -> int:
        """Index of step ``name``; a :class:`PipelineError` listing the steps if absent."""
        names = self.pipe_names
        if name not in names:
            raise PipelineError(f"no step {name!r} in this pipeline",
                                f"its steps: {', '.join(names) if names else 'none'}")
        return names.index(name)

    def _check_new(self, name: str, step) -> None:
        """A new step needs a fresh string name and a callable."""
        if not isinstance(name, str) or not name:
            raise PipelineError(f"a step name must be a non-empty string, not {name!r}")
        if name in self.pipe_names:
            raise PipelineError(f"the pipeline already has a step {name!r}",
                                f"use replace({name!r}, step), or add it under another name; "
                                f"its steps: {', '.join(self.pipe_names)}")
        if not callable(step):
            raise PipelineError(f"step {name!r} is not callable",
                                "a step is any callable Report -> Report")

    def get(self, name: str) -> Step:
        """The step called ``name``."""
        return self.steps[self._position(name)][1]

    def has(self, name: str) -> bool:
        """Whether the pipeline has a step called ``name``."""
        return name in self.pipe_names

    def add(self, name: str, step: Optional[Step] = None, *, before: Optional[str] = None,
            after: Optional[str] = None, **config) -> Step:
        """Insert a step and return it: ``step`` itself, or the registered factory
        ``name`` built with ``config``. ``before``/``after`` name the step it goes
        next to (at most one of them); by default it goes last."""
        if before is not None and after is not None:
            raise PipelineError(f"add({name!r}) got both before={before!r} and after={after!r}",
                                "give one of them")
        if step is None:
            step = registry.make(name, **config)
        elif config:
            raise PipelineError(f"add({name!r}) got options {sorted(config)} and a step",
                                "options go to a registered factory; configure your own step yourself")
        self._check_new(name, step)
        if before is not None:
            pos = self._position(before)
        elif after is not None:
            pos = self._position(after) + 1
        else:
            pos = len(self.steps)
        self.steps.insert(pos, (name, step))
        return step

    def replace(self, name: str, step: Step) -> None:
        """Put ``step`` in the place of the step called ``name``."""
        pos = self._position(name)
        if not callable(step):
            raise PipelineError(f"step {name!r} is not callable", "a step is any callable Report -> Report")
        self.steps[pos] = (name, step)

    def remove(self, name: str) -> Step:
        """Take the step called ``name`` out of the pipeline and return it."""
        return self.steps.pop(self._position(name))[1]

    # --- running -------------------------------------------------------------
    def __call__(self, source: Union[str, os.PathLike, bytes], doc_id: str = None,
                 format: str = None, tables: Union[str, os.PathLike] = None) -> Report:
        """Read ``source`` (a path, raw bytes or the text itself) and run every step on it;
        ``tables`` names a file (e.g. an .xlsx) holding the report's tables."""
        report = make_report(source, doc_id=doc_id, format=format, tables=tables)
        return self.run(report)

    def run(self, report: Report) -> Report:
        """Run the steps in order on a report already read; record each step's time in
        ``report.timings``. A step's exception (not a GisnlpError) flags the report partial."""
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
        """Analyse each source in turn, yielding its report (``kw`` as for ``__call__``)."""
        for s in sources:
            yield self(s, **kw)


def make_report(source, doc_id: str = None, format: str = None, tables=None) -> Report:
    """Read ``source`` (a path, raw bytes, or document text) into a fresh Report.

    ``tables``: a file (e.g. an .xlsx) holding the report's tables, read with a path ``source``.
    """
    from .readers import read_bytes, read_path, read_path_with_tables
    if tables is not None and not (isinstance(source, os.PathLike) or isinstance(source, str)):
        raise TypeError("tables= goes with a report given as a path")
    if tables is not None:
        path = Path(source)
        data, doc = read_path_with_tables(path, Path(tables), format=format)
        src = Source(path=display_name(str(path)), format=doc.format, bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
        doc_id = doc_id or display_name(path.stem)
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        doc = read_bytes(data, format=format)
        src = Source(path=None, format=doc.format, bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
        doc_id = doc_id or src.sha256[:16]
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        data, doc = read_path(path, format=format)
        src = Source(path=display_name(str(path)), format=doc.format, bytes=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), encoding=doc.encoding)
        doc_id = doc_id or display_name(path.stem)
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
    report.meta.ocr, report.ocr_confidence = doc.ocr, doc.confidence
    for w in doc.warnings:
        report.warn(w)
    report.meta.partial = report.meta.partial or doc.partial
    return report


def _looks_like_path(s: str) -> bool:
    """A one-line string naming a file that exists."""
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return os.path.exists(s)
    except (OSError, ValueError):
        return False


_PATH_LIKE = re.compile(r"^(?:[~./\\]|[A-Za-z]:\\)?[^\s]*\.(?:txt|text|md|markdown|html?|xhtml|shtml|docx?|pdf"
                        r"|wps|rtf|xlsx?|png|jpe?g|tiff?)$",
                        re.IGNORECASE)


def _meant_as_path(s: str) -> bool:
    """A one-line string that names a document file (but does not exist)."""
    return "\n" not in s and len(s) < 1024 and bool(_PATH_LIKE.match(s.strip()))


def load(steps: Iterable[str] = DEFAULT_STEPS, disable: Iterable[str] = (),
         config: Optional[dict] = None, strict: bool = False) -> Pipeline:
    """Build a pipeline from registered step names; ``config[name]`` goes to the factory.

    Every name is checked before anything is built: an unknown or repeated
    step, a ``disable`` entry naming no registered step, a ``config`` entry
    naming no step of ``steps``, and a config key the step's factory does not
    take raise a :class:`~gisnlp.errors.PipelineError` listing the valid names.
    """
    steps = [steps] if isinstance(steps, str) else list(steps)
    disable = [disable] if isinstance(disable, str) else list(disable)
    config = {} if config is None else config
    known = registry.names()
    for n in steps:
        if n not in known:
            raise PipelineError(f"unknown pipeline step {n!r}", f"known steps: {', '.join(known)}")
    repeated = sorted({n for n in steps if steps.count(n) > 1})
    if repeated:
        raise PipelineError(f"step{'s' if len(repeated) > 1 else ''} {', '.join(map(repr, repeated))} "
                            "listed twice", "give each step once")
    unknown = [n for n in disable if n not in known]
    if unknown:
        raise PipelineError(f"disable names {', '.join(map(repr, unknown))}, not a pipeline step",
                            f"known steps: {', '.join(known)}")
    stray = [n for n in config if n not in steps]
    if stray:        # options for a step that will not run would be ignored silently
        raise PipelineError(f"config names {', '.join(map(repr, stray))}, not a step of this pipeline",
                            f"its steps: {', '.join(steps)}")
    kept = [n for n in steps if n not in disable]
    for n in kept:
        registry.check_config(n, config.get(n, {}))
    return Pipeline([(n, registry.make(n, **config.get(n, {}))) for n in kept], strict=strict)


_default: Optional[Pipeline] = None


def analyze(source, doc_id: str = None, format: str = None) -> Report:
    """Analyse one document with the default pipeline (built on the first call, then reused).

    ``source``: a path (``str`` or ``Path``), the file's raw ``bytes``, or the report's text
    itself; ``doc_id`` names the report (default: the file name without its extension, or a
    hash of the content); ``format`` forces a reader (``"pdf"``, ``"docx"``, ...) instead of
    guessing it from the bytes and extension. Returns a :class:`Report`. Raises
    :class:`~gisnlp.errors.InputError` with one line saying what to do when the input cannot
    be read (empty, binary, corrupt, a path that does not exist, over the size limit).
    For many documents in parallel use ``gisnlp.batch.tag``; for other steps, ``load``.
    """
    global _default
    if _default is None:
        _default = load()
    return _default(source, doc_id=doc_id, format=format)
