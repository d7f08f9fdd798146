"""The embedded full-text index of reports, segments and facts (tantivy): its lifecycle.

An index folder holds ``gisnlp-index.json`` (the manifest) and one generation
folder ``gen-NNNNNN`` with the tantivy files. Adding reports writes into the
current generation (tantivy commits atomically, so readers see the old or the
new state). ``add(..., rebuild=True)`` builds a new generation beside it and
then swaps the manifest with one atomic rename: a reader running during a
rebuild sees the old index or the new one, never an empty one. The previous
generation is kept until the next rebuild, so readers that opened it finish.

Writers take ``.gisnlp-writer.lock``, which names the owning process: a lock
left by a killed run is broken at once because its process is gone.

Query translation lives in ``translate.py``, report-to-document conversion in
``documents.py``, results in ``hits.py``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from ..errors import GisnlpError, InputError, QueryError
from ..io import write_atomic
from . import analyzer
from .documents import as_dict, prepare_report
from .hits import Hit, make_hit
from .query import LEVELS
from .schema import FACET_FIELDS, build_schema, register_analyzer, tantivy
from .translate import field_atoms, parse_with_filters, to_tantivy

log = logging.getLogger("gisnlp")
MANIFEST = "gisnlp-index.json"
LOCK = ".gisnlp-writer.lock"
INDEX_VERSION = 4               # 4: reuse fields (gisnlp.compare)
SORTS = ("score", "value", "year", "doc")
_GEN = re.compile(r"^gen-(\d{6})$")

__all__ = ["Index", "IndexStats", "Hit", "MANIFEST", "SORTS"]


@dataclass
class IndexStats:
    """What one ``Index.add`` did: units added per type, reports replaced or skipped, time taken."""

    reports: int = 0
    segments: int = 0
    facts: int = 0
    replaced: int = 0
    skipped: int = 0
    seconds: float = 0.0


class Index:
    """An on-disk (or, with ``path=None``, in-memory) search index.

    ``Index(path).search("依申请公开", domain="applications", year=2023)``;
    ``Index(path).add(report_dicts)`` creates the index if needed.
    """

    def __init__(self, path: Union[str, Path, None], heap_bytes: int = 128_000_000):
        """Open the index at ``path`` if one is there (``add`` creates it); ``None`` keeps it in memory."""
        self.path = Path(path) if path is not None else None
        self.heap_bytes = heap_bytes
        self._idx = None
        self._manifest_stamp = None      # (mtime_ns, size) of the manifest the open index came from
        self._unusable: Optional[InputError] = None   # why the index there cannot be used until rebuilt
        if self.path is not None and self.path.exists():
            if not self.path.is_dir():
                raise InputError(f"{self.path} is a file, not an index folder", "give a folder for --index")
            if (self.path / MANIFEST).exists():
                try:
                    self._open()
                except InputError as e:  # another version, unreadable: only add(rebuild=True) may go on
                    self._unusable = e
            elif any(self.path.iterdir()):
                raise InputError(f"{self.path} is not a gisnlp index and is not empty",
                                 "give an empty or new folder, or one built by `gisnlp index`")
        elif self.path is None:
            self._idx = self._new_tantivy(None)

    # --- lifecycle: open, create, swap ------------------------------------
    def _read_manifest(self, check_version: bool = True) -> dict:
        try:
            man = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raise InputError(f"{self.path / MANIFEST} is unreadable", "rebuild with `gisnlp index --rebuild`") from None
        if not isinstance(man, dict):
            raise InputError(f"{self.path / MANIFEST} is not an index manifest",
                             "rebuild with `gisnlp index --rebuild`")
        if check_version and (man.get("version") != INDEX_VERSION or man.get("analyzer") != analyzer.ANALYZER_NAME):
            raise InputError(f"index {self.path} was built by another gisnlp version "
                             f"({man.get('version')}, {man.get('analyzer')})", "rebuild it with `gisnlp index --rebuild`")
        return man

    def _stamp(self):
        try:
            st = (self.path / MANIFEST).stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    def _data_dir(self, man: dict) -> Path:
        """The folder holding the current tantivy files (the index root for indexes built before generations)."""
        return self.path / man["data"] if man.get("data") else self.path

    def _open(self, attempts: int = 3) -> None:
        """Open the generation the manifest names (again, if a rebuild swapped it meanwhile)."""
        tv = tantivy()
        for attempt in range(attempts):
            stamp = self._stamp()
            man = self._read_manifest()
            try:
                idx = tv.Index.open(str(self._data_dir(man)))
            except (OSError, ValueError) as e:
                if attempt + 1 < attempts and self._stamp() != stamp:
                    continue                 # swapped while we opened it: read the new manifest
                raise InputError(f"cannot open index {self.path}: {e}",
                                 "rebuild it with `gisnlp index --rebuild`") from None
            register_analyzer(idx)
            self._idx, self._manifest_stamp, self._unusable = idx, stamp, None
            return

    def _fresh(self):
        """The open tantivy index, reopened first if a rebuild has swapped in a new generation."""
        if self.path is not None and self._idx is not None and self._stamp() != self._manifest_stamp:
            self._open()
        return self._opened()

    def _new_tantivy(self, folder: Optional[Path]):
        tv = tantivy()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        idx = tv.Index(build_schema(), path=str(folder) if folder is not None else None, reuse=False)
        register_analyzer(idx)
        return idx

    def _generations(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir() if p.is_dir() and _GEN.match(p.name))

    def _create_generation(self) -> tuple[str, object]:
        """A new, empty generation folder (numbered after every existing one) and its tantivy index."""
        gens = self._generations()
        name = f"gen-{int(_GEN.match(gens[-1]).group(1)) + 1 if gens else 1:06d}"
        return name, self._new_tantivy(self.path / name)

    def _swap_to(self, gen: str) -> None:
        """Point the manifest at ``gen`` (one atomic rename), then drop generations older than the previous."""
        previous = None
        if (self.path / MANIFEST).exists():
            try:                              # the index replaced may be of another version
                previous = self._read_manifest(check_version=False).get("data") or ""
            except InputError:
                previous = None
        write_atomic(self.path / MANIFEST, json.dumps(
            {"version": INDEX_VERSION, "analyzer": analyzer.ANALYZER_NAME, "engine": "tantivy",
             "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "data": gen}))
        for old in self._generations():
            if old not in (gen, previous):
                shutil.rmtree(self.path / old, ignore_errors=True)
        if previous == "":                   # an index built before generations: its files sit in the root
            for f in self.path.iterdir():
                if f.is_file() and f.name not in (MANIFEST, LOCK):
                    f.unlink(missing_ok=True)

    @property
    def exists(self) -> bool:
        """True once the index has been created (by ``add``) or found (opened, or of another version)."""
        return self._idx is not None or self._unusable is not None

    def _opened(self):
        if self._unusable is not None:
            raise self._unusable
        if self._idx is None:
            raise InputError(f"no index at {self.path}", "build one first: gisnlp index OUT_OF_TAG --index DIR")
        return self._idx

    def _writer(self, idx=None):
        try:
            return (idx or self._opened()).writer(self.heap_bytes, 1)
        except ValueError as e:
            raise GisnlpError(f"cannot write to index {self.path}: {e}",
                              "another process may be indexing into it; wait for it to finish") from None

    # --- writing ----------------------------------------------------------
    def add(self, reports: Iterable, commit_every: int = 200, workers: int = 1, rebuild: bool = False) -> IndexStats:
        """Index report dicts (or ``Report`` objects), replacing earlier versions by doc_id.

        A report that cannot be indexed is skipped with a warning (``stats.skipped``);
        ``workers`` > 1 tokenizes in that many processes. ``rebuild=True`` builds a
        new index from ``reports`` alone and swaps it in atomically when it is complete;
        it is also the one way to replace an index of another gisnlp version.
        """
        if self._unusable is not None and not rebuild:
            raise self._unusable
        with WriterLock(self.path):
            if self.path is None:
                return self._add_into(self._opened(), reports, commit_every, workers, known=self.doc_ids())
            if rebuild or self._idx is None:
                self.path.mkdir(parents=True, exist_ok=True)
                gen, fresh = self._create_generation()
                try:
                    stats = self._add_into(fresh, reports, commit_every, workers, known=set())
                except BaseException:
                    shutil.rmtree(self.path / gen, ignore_errors=True)
                    raise
                del fresh                    # release its files before the swap
                self._swap_to(gen)
                self._open()
                return stats
            self._fresh()
            return self._add_into(self._idx, reports, commit_every, workers, known=self.doc_ids())

    def _add_into(self, idx, reports: Iterable, commit_every: int, workers: int, known: set) -> IndexStats:
        """Write the units of ``reports`` into the tantivy index ``idx`` (committing every few reports)."""
        tv = tantivy()
        stats = IndexStats()
        t0 = time.perf_counter()
        pool = None
        if workers > 1:
            import multiprocessing as mp
            analyzer._tokenizer()                 # load jieba once; forked workers inherit it
            methods = mp.get_all_start_methods()
            pool = mp.get_context("fork" if "fork" in methods else None).Pool(workers)
            prepared = pool.imap(prepare_report, (as_dict(d) for d in reports), chunksize=2)
        else:
            prepared = (prepare_report(d) for d in reports)
        w = self._writer(idx)
        pending = 0
        try:
            for rep in prepared:
                if rep.status == "other":
                    continue
                if rep.status == "error":
                    stats.skipped += 1
                    log.warning("not indexed: %s", rep.error)
                    continue
                if rep.doc_id in known:
                    stats.replaced += 1
                w.delete_documents_by_term("doc_id", rep.doc_id)
                known.add(rep.doc_id)
                for fields in rep.docs:
                    w.add_document(tv.Document(**fields))
                    kind = fields["type"] + "s"
                    setattr(stats, kind, getattr(stats, kind) + 1)
                pending += 1
                if pending >= commit_every:
                    w.commit()
                    pending = 0
            w.commit()
        except BaseException:
            w.rollback()
            raise
        finally:
            w.wait_merging_threads()
            if pool is not None:
                pool.terminate()
        idx.reload()
        stats.seconds = time.perf_counter() - t0
        return stats

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Delete every unit of these reports."""
        with WriterLock(self.path):
            idx = self._fresh()
            w = self._writer(idx)
            for doc_id in doc_ids:
                w.delete_documents_by_term("doc_id", str(doc_id))
            w.commit()
            w.wait_merging_threads()
            idx.reload()

    # --- reading ----------------------------------------------------------
    def doc_ids(self) -> set[str]:
        """The doc_id of every report in the index."""
        if self._idx is None:
            return set()
        return set(self.facets("", "doc", size=10_000_000, type="report"))

    def facets(self, query: str = "", field: str = "domain", size: int = 50, match: str = "word",
               **filters) -> dict:
        """Counts of the values of ``field`` over the units that match: e.g. how many
        segments per domain, facts per unit, reports per year or level."""
        if field not in FACET_FIELDS:
            raise QueryError(f"cannot count by '{field}'", "facet fields are " + ", ".join(FACET_FIELDS))
        q = self._query(query, filters, match)[0]
        agg = {"f": {"terms": {"field": FACET_FIELDS[field], "size": int(size)}}}
        try:
            res = self._fresh().searcher().aggregate(q, agg)
        except ValueError as e:
            raise QueryError(f"cannot count by '{field}': {e}") from None
        out = {}
        for b in res.get("f", {}).get("buckets", []):
            key = b["key"]
            out[int(key) if isinstance(key, float) and key.is_integer() else key] = b["doc_count"]
        return out

    def __len__(self) -> int:
        """Number of reports indexed."""
        return self.count(type="report") if self._idx is not None else 0

    def count(self, query: str = "", match: str = "word", **filters) -> int:
        """How many units match (all of them, not one page of hits)."""
        q = self._query(query, filters, match)[0]
        return self._fresh().searcher().search(q, 1, count=True).count

    def search(self, query: str = "", *, limit: int = 10, offset: int = 0, sort: str = "score",
               match: str = "word", snippet_width: int = 120, **filters) -> list[Hit]:
        """Ranked hits for a query (see ``query.py``) plus keyword filters.

        ``match="word"`` (default) matches jieba words (教育 does not find 教育局);
        ``match="substring"`` matches any character sequence of two or more characters.

        Filters: ``type`` (report|segment|fact, alias ``unit_type``), ``domain``, ``year`` (2023,
        "2021..2023", ">=2021"), ``issuer``, ``level``, ``metric``, ``min_value``, ``max_value``,
        ``failing_check`` (True or a rule prefix), ``cell``, ``kind``, ``unit``, ``doc_id``.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort '{sort}'", "sort by " + ", ".join(SORTS))
        if not isinstance(limit, int) or limit < 1:
            raise QueryError(f"limit must be a positive integer, not {limit!r}")
        tv = tantivy()
        q, parsed = self._query(query, filters, match)
        s = self._fresh().searcher()
        order = {"value": "value", "year": "year", "doc": "doc_id"}.get(sort)
        if order:
            res = s.search(q, limit, count=False, offset=offset, order_by_field=order,
                           order=tv.Order.Asc if sort == "doc" else tv.Order.Desc)
        else:
            res = s.search(q, limit, count=False, offset=offset)
        sub = match == "substring"
        needles = [[analyzer.substring_needle(a.text)] if sub else analyzer.tokens(a.text)
                   for a in parsed.text_atoms()]
        return [make_hit(json.loads(s.doc(addr)["payload"][0]), key if not order else 0.0, needles,
                         snippet_width, sub) for key, addr in res.hits]

    def _query(self, query: str, filters: dict, match: str):
        """(tantivy query, parsed query) for a query string plus filters, domains checked."""
        parsed = parse_with_filters(query, filters, match)
        self._check_keywords(parsed)
        return to_tantivy(parsed, self._fresh().schema, match), parsed

    def _check_keywords(self, parsed) -> None:
        """Refuse a domain id or a level that neither the package nor this index knows (it would
        match nothing, and the user would read "0 matches" as an answer)."""
        from ..domains.labels import domain_table
        for name, fast_field, known in (("domain", "domains", set(domain_table())), ("level", "level", set(LEVELS))):
            asked = {v.strip() for a in field_atoms(parsed, name) for v in a.value.split(",") if v.strip()}
            if asked - known:
                known |= {str(k) for k in self._facet_values(fast_field)}
            bad = sorted(asked - known)
            if bad:
                raise QueryError(f"unknown {name} {bad[0]!r}", f"{name}s are " + ", ".join(sorted(known)))

    def _facet_values(self, fast_field: str) -> list:
        tv = tantivy()
        agg = {"f": {"terms": {"field": fast_field, "size": 10_000}}}
        res = self._fresh().searcher().aggregate(tv.Query.all_query(), agg)
        return [b["key"] for b in res.get("f", {}).get("buckets", [])]


class WriterLock:
    """One writer per index folder, across processes; a lock whose owner died is broken at once.

    The lock file holds the owner's pid, host and process start time; it is
    created with an atomic link, so it always holds a complete record. ``path``
    None (an in-memory index) needs no lock.
    """

    def __init__(self, path: Optional[Path]):
        """Lock the index folder ``path`` (None: no lock)."""
        self.path = None if path is None else Path(path) / LOCK

    def __enter__(self):
        """Take the lock, breaking it first if its owner has died."""
        if self.path is None:
            return self
        me = {"pid": os.getpid(), "host": socket.gethostname(), "start": _start_time(os.getpid())}
        tmp = self.path.with_name(f"{LOCK}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(me), encoding="utf-8")
        except OSError as e:
            raise GisnlpError(f"cannot write to the index folder {self.path.parent}: {e.strerror or e}",
                              "give an --index folder you may write to") from None
        try:
            for _ in range(3):
                try:
                    os.link(tmp, self.path)
                    return self
                except FileExistsError:
                    owner = _read_owner(self.path)
                    if owner is not None and _alive(owner):
                        raise GisnlpError(f"index {self.path.parent} is being written by process {owner['pid']}",
                                          "wait for it to finish, or stop it") from None
                    log.info("breaking the stale index lock of process %s", (owner or {}).get("pid"))
                    self.path.unlink(missing_ok=True)
            raise GisnlpError(f"cannot take the index lock {self.path}", "another process keeps taking it; retry")
        finally:
            tmp.unlink(missing_ok=True)

    def __exit__(self, *exc):
        """Release the lock if this process holds it."""
        if self.path is not None:
            owner = _read_owner(self.path)
            if owner and owner.get("pid") == os.getpid():
                self.path.unlink(missing_ok=True)


def _read_owner(path: Path) -> Optional[dict]:
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
        return owner if isinstance(owner, dict) and isinstance(owner.get("pid"), int) else None
    except (OSError, ValueError):
        return None


def _start_time(pid: int) -> Optional[int]:
    """The process's start time in clock ticks since boot (Linux), to tell a reused pid apart."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _alive(owner: dict) -> bool:
    """Whether the process that wrote the lock still runs (on another host: assume it does)."""
    if owner.get("host") != socket.gethostname():
        return True
    pid = owner["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    start = _start_time(pid)
    return owner.get("start") is None or start is None or start == owner.get("start")
