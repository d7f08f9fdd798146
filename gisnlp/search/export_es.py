"""Elasticsearch / OpenSearch bulk export: NDJSON files, an index template, a loader.

Each unit (report, segment, fact) becomes an ``index`` action into
``<prefix>-reports``, ``<prefix>-segments`` or ``<prefix>-facts`` with a stable
``_id`` (``doc_id#s3``), so re-loading replaces documents; a changed report's
stale units are removed first with a delete-by-query on its doc_ids.
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..errors import GisnlpError, InputError
from ..resources import data_path
from .units import iter_units, prefixes

TEMPLATE_FILE = "es_template.json"
ANALYZERS = ("smartcn", "ik_smart", "ik_max_word", "cjk", "standard")
DELETE_CHUNK = 10000
INDEX_SUFFIX = {"report": "reports", "segment": "segments", "fact": "facts"}


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    template: Optional[Path] = None
    actions: int = 0
    reports: int = 0
    doc_ids: list[str] = field(default_factory=list)


def index_template(prefix: str = "gisnlp", analyzer: str = "smartcn") -> dict:
    """The composable index template (``PUT _index_template/<prefix>``) for the exported indices."""
    if analyzer not in ANALYZERS:
        raise InputError(f"unknown analyzer {analyzer!r}", "use one of " + ", ".join(ANALYZERS))
    raw = data_path(TEMPLATE_FILE).read_text(encoding="utf-8")
    return json.loads(raw.replace("__PREFIX__", prefix).replace("__ANALYZER__", analyzer))


def es_source(u: dict) -> dict:
    """A unit record -> the ``_source`` the mapping accepts (no nulls, no NaN)."""
    src = {k: v for k, v in u.items() if v is not None and v != "" and v != []}
    if isinstance(src.get("value"), float) and not math.isfinite(src["value"]):
        src.pop("value")
    if u.get("year") is not None:
        src["year_date"] = f"{int(u['year']):04d}"
    keys = sorted({p for c in u.get("cells") or [] for p in prefixes(c)})
    if keys:
        src["cell_keys"] = keys
    return src


def bulk_lines(reports: Iterable[dict], prefix: str = "gisnlp") -> Iterable[tuple[str, bytes]]:
    """Yield (doc_id, action+source bytes) pairs, each two newline-terminated lines."""
    for d in reports:
        if hasattr(d, "to_dict"):
            d = d.to_dict()
        if not isinstance(d, dict) or not d.get("doc_id") or "meta" not in d:
            continue   # not a report (gisnlp tag writes failures.jsonl and others beside reports.jsonl)
        for u in iter_units(d):
            action = {"index": {"_index": f"{prefix}-{INDEX_SUFFIX[u['type']]}", "_id": u["id"]}}
            pair = (json.dumps(action, ensure_ascii=False) + "\n" +
                    json.dumps(es_source(u), ensure_ascii=False, allow_nan=False) + "\n")
            yield u["doc_id"], pair.encode("utf-8")


def export_bulk(inputs, out, prefix: str = "gisnlp", max_bytes: int = 10 * 1024 * 1024,
                analyzer: str = "smartcn") -> ExportResult:
    """Write ``bulk-NNNN.ndjson`` files (each under ``max_bytes``), ``index_template.json``,
    ``doc_ids-NNNN.json`` (delete-by-query bodies that precede a reload) and ``load.sh``."""
    from ..io import iter_report_dicts
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for pattern in ("bulk-*.ndjson", "doc_ids-*.json"):
        for old in out.glob(pattern):
            old.unlink()
    res = ExportResult()
    seen: dict[str, None] = {}

    def reports():
        """Every report dict of every input, in order."""
        for src in inputs:
            yield from iter_report_dicts(src)

    fh, size = None, 0
    try:
        for doc_id, pair in bulk_lines(reports(), prefix):
            if fh is None or (size and size + len(pair) > max_bytes):
                if fh:
                    fh.close()
                path = out / f"bulk-{len(res.files) + 1:04d}.ndjson"
                res.files.append(path)
                fh, size = open(path, "wb"), 0
            fh.write(pair)
            size += len(pair)
            res.actions += 1
            seen.setdefault(doc_id)
    finally:
        if fh:
            fh.close()
    res.doc_ids = list(seen)
    res.reports = len(seen)
    res.template = out / "index_template.json"
    res.template.write_text(json.dumps(index_template(prefix, analyzer), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    # the terms query takes at most 65536 values (index.max_terms_count): write chunks
    id_files = []
    for k in range(0, max(1, len(res.doc_ids)), DELETE_CHUNK):
        f = out / f"doc_ids-{len(id_files) + 1:04d}.json"
        f.write_text(json.dumps({"query": {"terms": {"doc_id": res.doc_ids[k:k + DELETE_CHUNK]}}},
                                ensure_ascii=False) + "\n", encoding="utf-8")
        id_files.append(f)
    (out / "load.sh").write_text(_load_script(prefix, res.files, id_files), encoding="utf-8")
    return res


def _load_script(prefix: str, files: list[Path], id_files: list[Path]) -> str:
    lines = ["#!/bin/sh", "# Load this export into Elasticsearch/OpenSearch: ES=http://host:9200 sh load.sh",
             'set -e', 'ES=${ES:-http://localhost:9200}', 'H="Content-Type: application/json"',
             f'curl -sf -XPUT "$ES/_index_template/{prefix}" -H "$H" --data-binary @index_template.json',
             "# remove earlier versions of these reports (stale segments/facts), then add"]
    for f in id_files:
        lines.append(f'curl -s -XPOST "$ES/{prefix}-*/_delete_by_query?conflicts=proceed&refresh=true" '
                     f'-H "$H" --data-binary @{f.name} > /dev/null')
    for f in files:
        lines.append(f'curl -sf -XPOST "$ES/_bulk" -H "Content-Type: application/x-ndjson" '
                     f'--data-binary @{f.name} | grep -q \'"errors":false\'')
    lines.append(f'curl -s -XPOST "$ES/{prefix}-*/_refresh" > /dev/null')
    return "\n".join(lines) + "\n"


def load_bulk(folder, address: Optional[str] = None, api_key: Optional[str] = None, client=None,
              prefix: Optional[str] = None) -> int:
    """Send an export folder to a cluster with the official client; returns documents sent.

    Puts the template, deletes the earlier units of the exported doc_ids, then
    sends each bulk file. ``client`` may be given (any object with the
    Elasticsearch client's ``indices.put_index_template``, ``delete_by_query``
    and ``bulk``). A cluster that cannot be reached or refuses the request gives
    one ``GisnlpError`` line naming the address, what failed and what to do.
    """
    folder = Path(folder)
    tmpl_path = folder / "index_template.json"
    if not tmpl_path.exists():
        raise InputError(f"{folder} has no index_template.json", "run `gisnlp export --to elasticsearch` first")
    tmpl = json.loads(tmpl_path.read_text(encoding="utf-8"))
    if prefix is None:
        prefix = tmpl["index_patterns"][0].rstrip("*").rstrip("-")
    if client is None:
        client = _client(address, api_key)
    try:
        return _send(client, folder, tmpl, prefix)
    except Exception as e:
        if not type(e).__module__.startswith(("elastic_transport", "elasticsearch")):
            raise
        raise GisnlpError(f"cannot load into Elasticsearch at {address}: {_reason(e)}",
                          _hint(e, folder)) from None


def _client(address: Optional[str], api_key: Optional[str]):
    """The official client for ``address``, or a one-line error (package missing, not a URL)."""
    try:
        from elasticsearch import Elasticsearch
    except ImportError:
        raise GisnlpError("loading needs the elasticsearch package",
                          "pip install 'elasticsearch>=8' or load with the curl commands in load.sh") from None
    if not logging.getLogger("gisnlp").isEnabledFor(logging.INFO):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)   # its retries log tracebacks
    try:
        return Elasticsearch(address, api_key=api_key) if api_key else Elasticsearch(address)
    except ValueError as e:
        raise GisnlpError(f"--address {address!r} is not a cluster URL ({e})",
                          "write it as http://HOST:PORT, e.g. http://localhost:9200") from None


def _reason(e: Exception) -> str:
    """What went wrong, in a few words (the transport's nested messages cut to their root)."""
    status = getattr(e, "status_code", None) or getattr(getattr(e, "meta", None), "status", None)
    if isinstance(status, int):
        return f"the cluster answered HTTP {status} ({getattr(e, 'message', '') or type(e).__name__})"
    msg = str(e)
    for marker in ("Connection refused", "Name or service not known", "timed out", "No route to host",
                   "certificate verify failed"):
        if marker.lower() in msg.lower():
            return marker.lower()
    return f"{type(e).__name__}: {msg[:200]}"


def _hint(e: Exception, folder: Path) -> str:
    """What to do next, by kind of failure; the export itself is kept either way."""
    status = getattr(e, "status_code", None) or getattr(getattr(e, "meta", None), "status", None)
    later = f"the export is kept in {folder}: load it later with `ES=URL sh {folder}/load.sh`"
    if status in (401, 403):
        return f"check --api-key and the user's rights; {later}"
    if isinstance(status, int):
        return f"check the cluster's logs and its Chinese analyzer plugin; {later}"
    return f"start Elasticsearch there or fix --address; {later}"


def _send(client, folder: Path, tmpl: dict, prefix: str) -> int:
    """Template, then delete-by-query of the exported doc_ids, then each bulk file; returns documents sent."""
    body = {k: v for k, v in tmpl.items() if k != "_meta"}
    client.indices.put_index_template(name=prefix, meta=tmpl.get("_meta"), **body)
    ids = [i for f in sorted(folder.glob("doc_ids-*.json"))
           for i in json.loads(f.read_text(encoding="utf-8"))["query"]["terms"]["doc_id"]]
    for i in range(0, len(ids), 1000):
        client.delete_by_query(index=f"{prefix}-*", query={"terms": {"doc_id": ids[i:i + 1000]}},
                               conflicts="proceed", refresh=True, ignore_unavailable=True, allow_no_indices=True)
    sent = 0
    for f in sorted(folder.glob("bulk-*.ndjson")):
        with open(f, encoding="utf-8") as fh:
            ops = [json.loads(line) for line in fh if line.strip()]
        resp = client.bulk(operations=ops, refresh=False)
        if resp.get("errors"):
            first = next((it for it in resp.get("items", []) for v in it.values() if v.get("error")), {})
            raise GisnlpError(f"bulk load of {f.name} had errors: {json.dumps(first, ensure_ascii=False)[:300]}",
                              "check the index template and the cluster's Chinese analyzer plugin")
        sent += len(ops) // 2
    return sent
