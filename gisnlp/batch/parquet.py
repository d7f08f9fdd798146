"""Columnar export of a batch: one Parquet table per kind of item, for analysis.

``documents``, ``facts``, ``cells``, ``segments`` and ``checks``: one row per
item with ``doc_id``, ``issuer`` and ``year`` repeated, so each table can be
filtered or grouped on its own (pandas, polars, DuckDB...). Fixed schemas keep
empty tables typed and reruns byte-identical.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

_KEY = [("doc_id", pa.string()), ("issuer", pa.string()), ("year", pa.int32())]
_STR_LIST = pa.list_(pa.string())

SCHEMAS = {
    "documents": pa.schema(_KEY + [
        ("path", pa.string()), ("format", pa.string()), ("bytes", pa.int64()), ("sha256", pa.string()),
        ("doc_type", pa.string()), ("level", pa.string()), ("template", pa.string()), ("title", pa.string()),
        ("script", pa.string()), ("chars", pa.int64()), ("partial", pa.bool_()), ("n_cells", pa.int32()),
        ("n_facts", pa.int32()), ("n_segments", pa.int32()), ("n_checks", pa.int32()),
        ("n_failed_checks", pa.int32()), ("warnings", _STR_LIST)]),
    "facts": pa.schema(_KEY + [
        ("idx", pa.int32()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("value", pa.float64()), ("unit", pa.string()), ("kind", pa.string()), ("direction", pa.string()),
        ("approx", pa.string()), ("modality", pa.string()), ("metric", pa.string()), ("cell", pa.string()),
        ("cells", _STR_LIST), ("segment", pa.int32())]),
    "cells": pa.schema(_KEY + [
        ("id", pa.string()), ("value", pa.float64()), ("raw", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("confidence", pa.float64())]),
    "segments": pa.schema(_KEY + [
        ("idx", pa.int32()), ("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string()),
        ("heading_path", _STR_LIST), ("domains", _STR_LIST), ("scores", pa.map_(pa.string(), pa.float64()))]),
    "checks": pa.schema(_KEY + [
        ("idx", pa.int32()), ("rule", pa.string()), ("status", pa.string()), ("cells", _STR_LIST),
        ("detail", pa.string()), ("facts", pa.list_(pa.int32()))]),
}


def rows(d: dict) -> dict[str, list[dict]]:
    """The table rows of one report dict (as written by ``Report.to_dict``)."""
    meta, src = d.get("meta") or {}, d.get("source") or {}
    key = {"doc_id": d.get("doc_id"), "issuer": meta.get("issuer"), "year": _int(meta.get("year"))}
    cells = (d.get("tables") or {}).get("cells") or []
    checks = d.get("checks") or []
    out = {name: [] for name in SCHEMAS}
    out["documents"].append({
        **key, "path": src.get("path"), "format": src.get("format"), "bytes": src.get("bytes"),
        "sha256": src.get("sha256"), "doc_type": meta.get("doc_type"), "level": meta.get("level"),
        "template": meta.get("template"), "title": meta.get("title"), "script": meta.get("script"),
        "chars": meta.get("chars"), "partial": bool(meta.get("partial")), "n_cells": len(cells),
        "n_facts": len(d.get("facts") or []), "n_segments": len(d.get("segments") or []),
        "n_checks": len(checks), "n_failed_checks": sum(c.get("status") == "fail" for c in checks),
        "warnings": [str(w) for w in meta.get("warnings") or []]})
    for c in cells:
        out["cells"].append({**key, "id": c.get("id"), "value": _float(c.get("value")), "raw": c.get("raw"),
                             "start": c.get("start"), "end": c.get("end"), "confidence": _float(c.get("confidence"))})
    for i, f in enumerate(d.get("facts") or []):
        out["facts"].append({**key, "idx": i, **{k: f.get(k) for k in (
            "start", "end", "text", "unit", "kind", "direction", "approx", "modality", "metric", "cell",
            "segment")}, "value": _float(f.get("value")), "cells": f.get("cells")})
    for i, s in enumerate(d.get("segments") or []):
        out["segments"].append({**key, "idx": i, "start": s.get("start"), "end": s.get("end"),
                                "kind": s.get("kind"), "heading_path": s.get("heading_path") or [],
                                "domains": s.get("domains") or [],
                                "scores": sorted((str(k), _float(v)) for k, v in (s.get("scores") or {}).items())})
    for i, c in enumerate(checks):
        out["checks"].append({**key, "idx": i, "rule": c.get("rule"), "status": c.get("status"),
                              "cells": c.get("cells") or [], "detail": c.get("detail"),
                              "facts": c.get("facts") or []})
    return out


class TableWriter:
    """Streams rows into ``OUT/<table>.parquet``; files appear atomically on ``close``."""

    def __init__(self, out, batch_docs: int = 500):
        """Open one Parquet writer per table on a temporary file in ``out``."""
        self.out = Path(out)
        self.batch_docs = batch_docs
        self._bufs = {name: [] for name in SCHEMAS}
        self._docs = 0
        self.dropped: list[str] = []
        self._tmp = {name: self.out / f".{name}.parquet.tmp{os.getpid()}" for name in SCHEMAS}
        self._writers = {name: pq.ParquetWriter(self._tmp[name], schema, compression="zstd")
                         for name, schema in SCHEMAS.items()}

    def add(self, d: dict) -> None:
        """Buffer the rows of one report dict; flush every ``batch_docs`` reports."""
        for name, rs in rows(d).items():
            self._bufs[name].extend(rs)
        self._docs += 1
        if self._docs % self.batch_docs == 0:
            self._flush()

    def _flush(self) -> None:
        for name, buf in self._bufs.items():
            if buf:
                self._writers[name].write_table(self._table(name, buf))
                buf.clear()

    def _table(self, name: str, buf: list[dict]) -> pa.Table:
        schema = SCHEMAS[name]
        try:                               # by columns: faster than from_pylist, the same table
            return pa.Table.from_pydict({c: [r.get(c) for r in buf] for c in schema.names}, schema=schema)
        except (pa.ArrowException, TypeError, ValueError):
            good = []                      # keep every row that fits the schema
            for r in buf:
                try:
                    pa.Table.from_pylist([r], schema=SCHEMAS[name])
                    good.append(r)
                except (pa.ArrowException, TypeError, ValueError):
                    self.dropped.append(f"{name}: row of {r.get('doc_id')} does not fit the schema")
            return pa.Table.from_pylist(good, schema=SCHEMAS[name])

    def close(self) -> list[Path]:
        """Write what is buffered and move each table into place atomically; returns the paths."""
        self._flush()
        paths = []
        for name, w in self._writers.items():
            w.close()
            with open(self._tmp[name], "rb") as f:
                os.fsync(f.fileno())
            dest = self.out / f"{name}.parquet"
            os.replace(self._tmp[name], dest)
            paths.append(dest)
        return paths

    def abort(self) -> None:
        """Close the writers and remove the temporary files (the old tables stay)."""
        for name, w in self._writers.items():
            try:
                w.close()
            finally:
                self._tmp[name].unlink(missing_ok=True)


def write_tables(dicts: Iterable[dict], out) -> list[Path]:
    """Write the Parquet tables of ``dicts`` into ``out`` at once (all or nothing)."""
    w = TableWriter(out)
    try:
        for d in dicts:
            w.add(d)
    except BaseException:
        w.abort()
        raise
    return w.close()


def _int(v):
    try:
        return int(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def _float(v):
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None
