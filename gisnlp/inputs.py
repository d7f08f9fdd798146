"""What a run (``gisnlp analyze`` or ``gisnlp tag``) needs of its input files.

* ``unique_ids``: one doc_id per input — the file name without its extension,
  the path where two names collide, a short hash where even paths collide — so
  no output file overwrites another.
* ``unreadable``: the one line both commands print for a file the system will
  not let them read (no permission, a folder, an I/O error).
* ``display_name``: a file name as text that can be printed and written to JSON,
  even when it was written in another encoding (GBK names from a Windows zip).
* ``about``: an error with the name of the file it is about.
* ``missing``: the one line for a command-line input that does not exist (a
  misspelt name, or a shell pattern such as ``*.pdf`` that matched nothing).
* ``report_files``: the report files under a folder, for ``gisnlp analyze FOLDER``;
  ``walk_files`` the walk it shares with ``gisnlp tag``.
"""
from __future__ import annotations

import errno
import hashlib
import os
from collections import Counter
from pathlib import Path, PurePath
from typing import Iterator, Optional, Sequence

from .errors import GisnlpError

GLOB_CHARS = frozenset("*?[")

_HINTS = {
    errno.EACCES: "check its permissions, or run as a user who may read it",
    errno.EPERM: "check its permissions, or run as a user who may read it",
    errno.EISDIR: "give the files inside the folder (or use `gisnlp tag FOLDER`)",
    errno.ENOENT: "check the path",
    errno.EIO: "the disk or network share failed while reading; copy the file elsewhere and retry",
}


def unique_ids(items: Sequence[tuple[str, str, str]]) -> list[str]:
    """Doc ids for ``(stem, qualified, key)`` triples, unique across the run.

    ``stem`` is the id wanted (the file name without its extension); where two
    stems collide, each of them gets its ``qualified`` name (its path with ``/``
    written ``__``); where those collide too (``report.txt`` and ``report.html``
    in one folder), the extension of ``key`` (the file's full, unique location)
    is appended (``report_txt``, ``report_html``), and then, if need be, a short
    hash of ``key``.
    """
    stems = Counter(stem for stem, _, _ in items)
    ids = [stem if stems[stem] == 1 else qualified for stem, qualified, _ in items]
    counts = Counter(ids)
    exts = [PurePath(key).suffix.lstrip(".").lower() for _, _, key in items]
    ids = [f"{i}_{ext}" if counts[i] > 1 and ext else i for i, ext in zip(ids, exts)]
    counts = Counter(ids)
    out, used = [], set()
    for (_, _, key), i in zip(items, ids):
        if counts[i] > 1 or i in used:
            i = f"{i}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        used.add(i)
        out.append(i)
    return out


def qualified_name(path: str) -> str:
    """A path as given, without its extension, made into an id: ``a/report.txt`` -> ``a__report``."""
    p = PurePath(display_name(str(path)))
    parts = [x for x in p.with_suffix("").parts if x not in ("/", ".", "..") and not x.endswith(":\\")]
    return "__".join(parts) or p.stem


def unreadable(e: OSError) -> str:
    """One line for an input the system will not let us read: what happened and what to do."""
    what = (e.strerror or str(e) or type(e).__name__).lower()
    hint = _HINTS.get(e.errno, "check that the file exists and can be read")
    return f"cannot read the file: {what} ({hint})"


def display_name(name: str) -> str:
    """``name`` as text every output accepts: a file name whose bytes are not valid in the
    system's encoding (Python keeps them as lone surrogates, which no UTF-8 writer takes) is
    decoded as GB18030, the usual encoding of such names, else shown with ``\\xNN`` escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def about(e: GisnlpError, path) -> GisnlpError:
    """The error ``e`` with the file it is about (``path``) named first, unless it is
    named already: for the commands that read several files and print one line."""
    shown = display_name(str(path))
    return e if shown in e.what else type(e)(f"{shown}: {e.what}", e.hint)


def missing(path: str) -> str:
    """One line for an input path that does not exist: what happened and what to do."""
    if GLOB_CHARS & set(path):
        return ("no file matches this pattern (the shell found none and passed it on as it is; "
                "check the folder and the extension)")
    return "no such file or folder (check the path)"


def report_files(folder) -> list[Path]:
    """The files under ``folder`` (searched recursively, hidden names left out, symlinked folders
    not followed) whose extension a reader handles, sorted."""
    from .readers import SUPPORTED_EXTENSIONS
    return sorted(walk_files(Path(folder), SUPPORTED_EXTENSIONS))


def walk_files(root: Path, suffixes: tuple, exclude: Sequence[Path] = ()) -> Iterator[Path]:
    """Files under ``root`` whose name ends with one of ``suffixes`` (lower case), folder by folder
    in sorted order; hidden names and the resolved folders in ``exclude`` left out, symlinked
    folders not followed (a link back up the tree cannot loop)."""
    for dirpath, dirnames, filenames in os.walk(root):
        d = Path(dirpath)
        dirnames[:] = sorted(n for n in dirnames
                             if not n.startswith(".") and resolved(d / n) not in exclude)
        for n in sorted(filenames):
            if not n.startswith(".") and n.lower().endswith(suffixes):
                yield d / n


def resolved(path: Path) -> Optional[Path]:
    """The absolute path with symlinks resolved, or None for a symlink loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):       # Python 3.11 raises RuntimeError for a loop, later ones OSError
        return None
