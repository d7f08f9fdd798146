"""``TagOptions``: every knob of a ``gisnlp tag`` run, validated once.

Modelled on pdfplumber's ``TableSettings``: one frozen dataclass, built by
``TagOptions.resolve`` from ``None`` (the defaults), a dict (e.g. parsed
command-line arguments or a config file) or an instance, with keyword
overrides. The command line and ``gisnlp.batch.tag`` both go through it, so a
bad value gets the same one-line error from either.

    TagOptions.resolve({"jobs": 2, "timeout": 30})
    TagOptions.resolve(None, engine="dask", scheduler="tcp://host:8786")
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, fields, replace
from typing import Optional, Union

from ..errors import GisnlpError
from .worker import PipelineSpec

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class TagOptions:
    """How to tag a batch: workers, engine, limits, what to keep, which steps to run."""

    jobs: int = 0                        # worker processes; 0 = one per core
    engine: str = "local"                # local | dask
    scheduler: Optional[str] = None      # Dask scheduler address; None = a LocalCluster
    timeout: float = 60.0                # seconds per document before its worker is killed; 0 = none
    text: bool = True                    # keep document texts in reports.jsonl
    retry_failed: bool = False           # retry documents that failed in an earlier run
    fresh: bool = False                  # forget earlier runs into the same output folder
    steps: Optional[tuple] = None        # pipeline step names; None = the default pipeline
    disable: tuple = ()                  # steps to leave out
    extra_steps: tuple = ()              # ("module:factory", JSON config) added after the others
    progress: bool = True                # progress bar / lines on standard error
    max_memory_mb: int = 0               # memory cap per document in a local worker; 0 = none
    dask_processes: bool = True          # LocalCluster with processes (False: threads, for tests)

    def __post_init__(self):
        """Normalise list-like fields to tuples, then check every value (once)."""
        object.__setattr__(self, "steps", tuple(self.steps) if self.steps else None)
        object.__setattr__(self, "disable", tuple(self.disable or ()))
        object.__setattr__(self, "extra_steps", tuple(_split_step(s) for s in self.extra_steps or ()))
        self._check_values()
        self._check_steps()

    @classmethod
    def resolve(cls, options: Union["TagOptions", dict, None] = None, **overrides) -> "TagOptions":
        """Options from None (defaults), a dict or an instance, with keyword overrides.

        Unknown names raise ``GisnlpError`` listing the valid ones.
        """
        if options is None:
            base: dict = {}
        elif isinstance(options, cls):
            return replace(options, **_known(overrides)) if overrides else options
        elif isinstance(options, dict):
            base = dict(options)
        else:
            raise GisnlpError(f"tag options must be a TagOptions, a dict or None, not {type(options).__name__}",
                              "e.g. tag(sources, out, {'jobs': 2}) or tag(sources, out, jobs=2)")
        base.update(overrides)
        return cls(**_known(base))

    def pipeline_spec(self) -> PipelineSpec:
        """What each worker needs to build its pipeline (plain data that travels to any process)."""
        return PipelineSpec(steps=self.steps, disable=self.disable, text=self.text,
                            extra_steps=self.extra_steps)

    # --- validation ----------------------------------------------------------
    def _check_values(self) -> None:
        if self.engine not in ENGINES:
            raise GisnlpError(f"unknown engine {self.engine!r}", "use --engine local or --engine dask")
        if self.scheduler and self.engine != "dask":
            raise GisnlpError("--scheduler needs --engine dask", "add --engine dask")
        for name in ("jobs", "max_memory_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise GisnlpError(f"{name} must be a whole number of at least 0, not {value!r}",
                                  "0 means the default")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or self.timeout < 0:
            raise GisnlpError(f"timeout must be a number of seconds of at least 0, not {self.timeout!r}",
                              "0 means no timeout")

    def _check_steps(self) -> None:
        """Catch a bad step name or step factory here, not in every worker."""
        from ..pipeline import registry
        for name in (self.steps or ()) + self.disable:
            if name not in registry.names():
                raise GisnlpError(f"unknown pipeline step {name!r}", f"known steps: {', '.join(registry.names())}")
        for target, config in self.extra_steps:
            mod, _, attr = target.partition(":")
            try:
                factory = getattr(importlib.import_module(mod), attr)
            except (ImportError, AttributeError, ValueError) as e:
                raise GisnlpError(f"cannot load step {target!r}: {e}", "write it as package.module:factory") from None
            try:
                json.loads(config or "{}")
            except ValueError:
                raise GisnlpError(f"the config of step {target!r} is not JSON: {config}",
                                  "e.g. --add-step 'mypkg.steps:make_x={\"k\": 1}'") from None
            if not callable(factory):
                raise GisnlpError(f"{target} is not a step factory", "it must be a callable returning a step")


def _known(values: dict) -> dict:
    """``values`` if every key names an option; otherwise an error listing the options."""
    names = [f.name for f in fields(TagOptions)]
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise GisnlpError(f"unknown tag option {unknown[0]!r}", "options are " + ", ".join(names))
    return values


def _split_step(s) -> tuple[str, str]:
    """``"pkg.mod:make_x={...}"`` or ``("pkg.mod:make_x", {...})`` -> (target, JSON config)."""
    if isinstance(s, (tuple, list)):
        return s[0], (s[1] if isinstance(s[1], str) else json.dumps(s[1])) if len(s) > 1 else ""
    target, _, config = str(s).partition("=")
    return target, config
