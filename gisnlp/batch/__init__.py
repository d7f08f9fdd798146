"""Batch tagging of report archives: ``gisnlp tag`` and ``gisnlp.batch.tag()``.

    from gisnlp.batch import tag
    summary = tag(["reports/", "2023.zip"], "out/", jobs=2)      # local processes
    summary = tag(["reports/"], "out/", TagOptions(jobs=2, timeout=30))   # or a dict of the same fields
    summary = tag(["/shared/reports"], "/shared/out", engine="dask", scheduler="tcp://host:8786")

On a cluster, install the same gisnlp (``pip install gisnlp[batch]``) on the
scheduler and on every worker, put the reports on a filesystem mounted at the
same path everywhere, then::

    dask scheduler --port 8786                                    # one machine
    dask worker tcp://HOST:8786 --nworkers 4 --nthreads 1         # each worker machine
    gisnlp tag /shared/reports --out /shared/out --engine dask --scheduler tcp://HOST:8786

Workers read the documents; this process writes OUT (it only needs to exist here).
"""
from .options import TagOptions
from .run import OUTPUT_FILES, finalize, tag
from .sources import Job, discover
from .summary import format_summary

__all__ = ["tag", "TagOptions", "discover", "Job", "finalize", "format_summary", "OUTPUT_FILES"]
