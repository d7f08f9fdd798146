"""Imported by the fork server that starts the worker processes of a Dask LocalCluster
(``forkserver_start.start_forkserver``): builds and warms, once, the pipeline the run asked for
(the spec in the ``GISNLP_FORKSERVER_SPEC`` environment variable), so that every worker
forked from the server starts with it loaded, as the local engine's forked workers do.
"""
from __future__ import annotations

import os

from .worker import PipelineSpec, prebuild

SPEC_ENV = "GISNLP_FORKSERVER_SPEC"

if os.environ.get(SPEC_ENV):
    prebuild(PipelineSpec.from_json(os.environ[SPEC_ENV]))      # never raises: workers build on failure
