"""What a run (``gisnlp analyze`` or ``gisnlp tag``) needs of its input files.

* ``unique_ids``: one doc_id per input — the file name without its extension,
  the path where two names collide, a short hash where even paths collide — so
  no output file overwrites another.
* ``unreadable``: the one line both commands print for a file the system will
  not let them read (no permission, a folder, an I/O error).
"""
from __future__ import annotations

import errno
import hashlib
from collections import Counter
from pathlib import PurePath
from typing import Sequence

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
    written ``__``); where those collide too, a short hash of ``key`` (the
    file's full, unique location) is appended.
    """
    stems = Counter(stem for stem, _, _ in items)
    ids = [stem if stems[stem] == 1 else qualified for stem, qualified, _ in items]
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
    p = PurePath(path)
    parts = [x for x in p.with_suffix("").parts if x not in ("/", ".", "..") and not x.endswith(":\\")]
    return "__".join(parts) or p.stem


def unreadable(e: OSError) -> str:
    """One line for an input the system will not let us read: what happened and what to do."""
    what = (e.strerror or str(e) or type(e).__name__).lower()
    hint = _HINTS.get(e.errno, "check that the file exists and can be read")
    return f"cannot read the file: {what} ({hint})"
