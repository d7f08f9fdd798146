"""``gisnlp tag``: tag whole folders or archives of reports, resumably, in parallel."""
from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    """Add the ``tag`` command to the ``gisnlp`` parser."""
    t = subparsers.add_parser(
        "tag", help="tag folders / zip / tar archives of reports into JSONL + Parquet (parallel, resumable)",
        description="Tag every report under SOURCE (files, folders searched recursively, zip/tar archives). "
                    "Re-running the same command skips documents already done. Exit status: 0 all tagged, "
                    "1 some documents failed (see OUT/failures.jsonl), 2 usage error.")
    t.add_argument("sources", nargs="+", metavar="SOURCE", help="report files, folders, or .zip/.tar(.gz) archives")
    t.add_argument("--out", required=True, help="output folder (reports.jsonl, *.parquet, summary.json)")
    t.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: number of cores)")
    t.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster")
    t.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 "
                   "(default with --engine dask: start a local cluster)")
    t.add_argument("--timeout", type=float, default=60.0,
                   help="seconds per document before its worker is killed (default 60; 0 = none)")
    t.add_argument("--max-memory", type=int, default=0, metavar="MB",
                   help="memory a document may take in a local worker beyond the loaded pipeline "
                        "(default: no cap; on Dask use the workers' --memory-limit)")
    t.add_argument("--no-text", action="store_true", help="leave document texts out of reports.jsonl")
    t.add_argument("--retry-failed", action="store_true", help="retry documents that failed in an earlier run")
    t.add_argument("--fresh", action="store_true", help="forget earlier runs into OUT and tag everything again")
    t.add_argument("--steps", help="comma-separated pipeline steps to run (default: the full pipeline)")
    t.add_argument("--disable", action="append", default=[], metavar="STEP", help="leave a pipeline step out")
    t.add_argument("--add-step", action="append", default=[], metavar="MODULE:FACTORY[=JSON]",
                   help="add a step after the default ones, e.g. gisnlp.batch.hooks:make_sleep='{\"seconds\": 1}'")
    t.add_argument("--domain-model", metavar="NAME", help="domain classifier (as for `gisnlp analyze`)")
    t.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    t.add_argument("--quiet", "-q", action="store_true", help="do not print the summary")
    t.set_defaults(func=_tag)


def _require_extra(*modules: str) -> None:
    """Refuse early, with the install command, when an optional library of the batch extra is missing."""
    import importlib.util
    from ..errors import GisnlpError
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise GisnlpError(f"`gisnlp tag` needs {', '.join(missing)}", "pip install 'gisnlp[batch]'")


def _tag(args) -> int:
    """Run ``gisnlp tag``: options checked once by ``TagOptions``, then the batch, then the summary."""
    _require_extra("pyarrow", "pebble", "tqdm", *(("distributed",) if args.engine == "dask" else ()))
    from .options import TagOptions
    from .run import tag
    from .summary import format_summary
    if args.domain_model:                # the domains step with this model, checked now, not per document
        from ..domains import check_model
        check_model(args.domain_model)
        args.disable = [*args.disable, "domains"]
        args.add_step = [*args.add_step, "gisnlp.domains.step:make_domains="
                         + json.dumps({"model": args.domain_model})]
    opts = TagOptions.resolve(options_from_args(args))
    try:
        summary = tag(args.sources, args.out, opts)
    except KeyboardInterrupt:
        print(f"gisnlp tag: interrupted; the documents done so far are kept in {args.out}: run the same "
              "command again to finish", file=sys.stderr)
        return 130
    if not args.quiet:
        print(format_summary(summary, args.out), file=sys.stdout)
        if summary["documents"]["tagged"]:
            print(next_steps(args.out), file=sys.stdout)
    return 1 if summary["documents"]["failed"] else 0


def next_steps(out: str) -> str:
    """What a first-time user does with a tagged folder: look at it, search it."""
    import shlex
    q = shlex.quote(str(out))
    return f"  next: gisnlp view {q} --out site/ (HTML pages); gisnlp index {q} --index idx, then gisnlp search WORDS --index idx"


def options_from_args(args) -> dict:
    """The ``TagOptions`` fields given on the command line, as a dict."""
    steps = [s.strip() for s in (args.steps or "").split(",") if s.strip()] or None
    return dict(jobs=args.jobs, engine=args.engine, scheduler=args.scheduler, timeout=args.timeout,
                text=not args.no_text, retry_failed=args.retry_failed, fresh=args.fresh, steps=steps,
                disable=args.disable, extra_steps=args.add_step, progress=not args.no_progress,
                max_memory_mb=args.max_memory)
