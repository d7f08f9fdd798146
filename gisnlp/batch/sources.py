"""Find the documents of a batch: files, folders (recursive) and zip/tar archives.

A zip holds one report per document in it, chosen by the rules of a zip given alone
(``readers.zip_attachment``): a spreadsheet named like a report goes with it as its tables.

Every document becomes a ``Job`` with a stable key, a unique ``doc_id`` and the
sha256 of its bytes (the resume key). Archive members are read in memory, never
extracted, and refused when they are too large or compress suspiciously well.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tarfile
import threading
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Optional

from ..errors import InputError
from ..inputs import display_name, missing, resolved, unique_ids, unreadable, walk_files
from ..readers import MAX_BYTES, SUPPORTED_EXTENSIONS

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
MAX_RATIO = int(os.environ.get("GISNLP_MAX_COMPRESSION_RATIO", 200))   # zip-bomb guard
MAX_MEMBERS = int(os.environ.get("GISNLP_MAX_MEMBERS", 200_000))
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Job:
    """One document to tag: where to read it and how to name it."""

    key: str                       # what the user sees: path, or archive!member
    path: str                      # absolute path of the file or of its archive
    member: Optional[str] = None   # archive member name
    doc_id: str = ""
    sha256: str = ""
    size: int = 0
    error: Optional[str] = None    # refused before tagging (too large, zip bomb...)
    rel: str = ""                  # path inside its source folder/archive (names id collisions)
    tables: Optional[str] = None   # a spreadsheet holding the report's tables (same folder and stem;
    #                                for an archive member, a member of the same archive)

    @property
    def ext(self) -> str:
        """The lower-case extension of the file or archive member (a reader hint)."""
        name = self.member if self.member is not None else self.path
        return PurePosixPath(name).suffix.lower()


def is_archive(path: Path) -> bool:
    """Whether the file name has a zip/tar suffix."""
    name = path.name.lower()
    return name.endswith(ARCHIVE_SUFFIXES)


def discover(sources: Iterable, exclude: Iterable = ()) -> list[Job]:
    """All documents under ``sources`` with doc ids and hashes, sorted by key.

    Raises ``InputError`` for a source that does not exist. Documents that
    cannot be read come back with ``error`` set so the batch can report them.
    """
    exclude = [Path(e).resolve() for e in exclude]
    jobs: list[Job] = []
    for src in sources:
        path = Path(src)
        if not path.exists():
            raise InputError(f"{display_name(str(src))}: {missing(str(src))}")
        if path.is_dir():
            for f in walk_files(path, SUPPORTED_EXTENSIONS + ARCHIVE_SUFFIXES, exclude):      # names shown and used for ids as text (a GBK name too)
                jobs.extend(_expand(f, display_name(str(f)), display_name(f.relative_to(path).as_posix())))
        else:
            jobs.extend(_expand(path, display_name(str(src)), display_name(path.name)))
    seen: dict[tuple, Job] = {}
    for j in jobs:                  # the same file named twice (even by another path) counts once
        seen.setdefault((j.path, j.member), j)
    jobs = _pair_tables(sorted(seen.values(), key=lambda j: j.key))
    return [_hash(j) for j in _assign_ids(jobs)]


def _pair_tables(jobs: list[Job]) -> list[Job]:
    """A spreadsheet named like a report in the same folder holds its tables (``readers.pairing``)."""
    from ..readers.pairing import pair_by_stem
    pairs = pair_by_stem([j.path for j in jobs if j.member is None])
    paired = set(pairs.values())
    return [replace(j, tables=pairs.get(j.path)) if j.member is None else j
            for j in jobs if j.member is not None or j.path not in paired]


def _expand(path: Path, key: str, rel: str) -> list[Job]:
    """The jobs of one file: itself, or the members of an archive (unreadable ones flagged, not raised)."""
    real = resolved(path)
    if real is None:
        return [Job(key=key, path=str(path.absolute()), rel=rel,
                    error="the path is a symlink loop (a link that points back to itself); fix or remove the link")]
    absolute = str(real)
    if not is_archive(path):
        return [Job(key=key, path=absolute, rel=rel)]
    try:
        return list(_members(path, key, absolute, _strip_ext(rel)))
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as e:
        return [Job(key=key, path=absolute, rel=rel, error=f"unreadable archive ({type(e).__name__}: {e}); "
                    "download it again, or unpack it and tag the folder")]


def _members(path: Path, key: str, absolute: str, rel: str) -> Iterator[Job]:
    n = 0
    if path.name.lower().endswith(".zip"):
        yield from _zip_reports(path, key, absolute, rel)
        return
    with tarfile.open(path) as t:
        for info in t:
            if not info.isfile() or not _wanted(info.name):
                continue
            n += 1
            if n > MAX_MEMBERS:
                raise OSError(f"more than {MAX_MEMBERS} members (GISNLP_MAX_MEMBERS)")
            yield Job(key=f"{key}!{info.name}", path=absolute, member=info.name, size=info.size,
                      error=_size_error(info.size, None), rel=f"{rel}/{info.name}")


def _zip_reports(path: Path, key: str, absolute: str, rel: str) -> Iterator[Job]:
    """One job per report a zip holds, chosen as a zip given alone is read
    (``readers.zip_attachment.report_members``): a spreadsheet named like a report is its
    tables, images and spreadsheets are reports only when nothing else is."""
    from ..readers.zip_attachment import member_name, report_members   # only when a zip is met
    with zipfile.ZipFile(path) as z:
        if len(z.infolist()) > MAX_MEMBERS:
            raise OSError(f"more than {MAX_MEMBERS} members (GISNLP_MAX_MEMBERS)")
        for _, info, tables in report_members(z):
            err = _size_error(info.file_size, info.compress_size)
            if tables is not None:
                err = err or _size_error(tables[1].file_size, tables[1].compress_size)
            shown = member_name(info.filename, info.flag_bits)      # a GBK name as written
            yield Job(key=f"{key}!{shown}", path=absolute, member=info.filename, size=info.file_size, error=err,
                      rel=f"{rel}/{shown}", tables=tables[1].filename if tables is not None else None)


def _wanted(name: str) -> bool:
    base = PurePosixPath(name).name
    return not base.startswith(".") and not name.startswith("__MACOSX/") \
        and base.lower().endswith(SUPPORTED_EXTENSIONS)


def _size_error(size: int, compressed: Optional[int]) -> Optional[str]:
    if size > MAX_BYTES:
        return (f"archive member is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB "
                "limit (raise GISNLP_MAX_BYTES if it really is one report)")
    if compressed is not None and size > _CHUNK and size > MAX_RATIO * max(compressed, 1):
        return (f"archive member expands {size // max(compressed, 1)}x (over {MAX_RATIO}x): "
                "refused as a possible zip bomb (GISNLP_MAX_COMPRESSION_RATIO)")
    return None


def _assign_ids(jobs: list[Job]) -> list[Job]:
    """doc_id = file name without extension; path-qualified where names collide (``inputs.unique_ids``)."""
    def stem(j):
        """The file name without its extension."""
        name = PurePosixPath(j.rel).name if j.member is not None else display_name(Path(j.path).name)
        return _strip_ext(name)

    def qualified(j):
        """The path inside its source, extension dropped, ``/`` written ``__``."""
        return _strip_ext(j.rel or j.key).strip("/").replace("/", "__").replace("\\", "__")

    ids = unique_ids([(stem(j), qualified(j), j.key) for j in jobs])
    return [replace(j, doc_id=i) for j, i in zip(jobs, ids)]


def _strip_ext(name: str) -> str:
    low = name.lower()
    for suf in ARCHIVE_SUFFIXES:
        if low.endswith(suf):
            return name[: -len(suf)]
    return name[: -len(PurePosixPath(name).suffix)] if PurePosixPath(name).suffix else name


def _hash(job: Job) -> Job:
    if job.error:
        return job
    try:
        data = read_job(job)
    except InputError as e:
        return replace(job, error=str(e))
    except OSError as e:
        return replace(job, error=unreadable(e))
    return replace(job, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def read_job(job: Job) -> bytes:
    """The document's bytes, from disk or from its archive, at most MAX_BYTES."""
    if job.member is None:
        size = os.path.getsize(job.path)
        if size > MAX_BYTES:
            raise InputError(f"the file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} "
                             "MiB limit", "split it, or raise GISNLP_MAX_BYTES if it really is one report")
        with open(job.path, "rb") as f:
            return f.read()
    return read_member(job.path, job.member)


def read_member(path: str, member: str) -> bytes:
    """One member of an archive (a report, or the spreadsheet of its tables), at most MAX_BYTES."""
    st = os.stat(path)
    archive, lock = _open_archive(path, os.getpid(), st.st_mtime_ns, st.st_size)
    with lock:
        if isinstance(archive, zipfile.ZipFile):
            with archive.open(member) as f:
                return _read_capped(f)
        f = archive.extractfile(member)
        if f is None:
            raise InputError(f"{member} is not a regular file in {path}", "")
        return _read_capped(f)


@functools.lru_cache(maxsize=4)
def _open_archive(path: str, pid: int, mtime: int, size: int):
    """An open archive per process (the pid keeps forked workers off the parent's handle);
    members are read in key order, so compressed tars are mostly read forward."""
    archive = zipfile.ZipFile(path) if path.lower().endswith(".zip") else tarfile.open(path)
    return archive, threading.Lock()


def _read_capped(f) -> bytes:
    """Read a stream but stop past MAX_BYTES: archive headers can lie about sizes."""
    chunks, total = [], 0
    while True:
        chunk = f.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > MAX_BYTES:
            raise InputError(f"archive member expands past the {MAX_BYTES // (1024 * 1024)} MiB limit",
                             "possible zip bomb; raise GISNLP_MAX_BYTES if it really is one report")
        chunks.append(chunk)
