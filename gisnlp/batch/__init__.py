"""Batch tagging of report archives: ``gisnlp tag`` and ``gisnlp.batch.tag()``.

    from gisnlp.batch import tag
    summary = tag(["reports/", "2023.zip"], "out/", jobs=2)      # local processes
    summary = tag(["/shared/reports"], "/shared/out", engine="dask", scheduler="tcp://host:8786")
"""
from .run import OUTPUT_FILES, finalize, tag
from .sources import Job, discover
from .summary import format_summary

__all__ = ["tag", "discover", "Job", "finalize", "format_summary", "OUTPUT_FILES"]
