"""The one line a command prints when the system refuses one of its files (``cli.main``).

Per-document read errors are handled where each document is read
(``inputs.unreadable``); this is for the rest: an ``--out`` that is a file, a
folder that cannot be created, a full disk, no permission.
"""
from __future__ import annotations

import errno

from .inputs import display_name

_HINTS = {
    errno.EEXIST: "a file is in the way: give --out the name of a folder",
    errno.ENOTDIR: "part of the path is a file, not a folder: give --out the name of a folder",
    errno.ENOENT: "check the path; its folders must exist or be creatable",
    errno.EACCES: "check the permissions, or choose another --out",
    errno.EPERM: "check the permissions, or choose another --out",
    errno.EROFS: "the disk is read-only: choose another --out",
    errno.ENOSPC: "the disk is full: free some space, or choose another --out",
    errno.EISDIR: "a folder is in the way: give --out a file name",
}


def refused(e: OSError) -> str:
    """One line for a file operation the system refused: the path, what happened, what to do."""
    what = (e.strerror or str(e) or type(e).__name__).lower()
    where = f"{display_name(str(e.filename))}: " if e.filename is not None else ""
    return f"{where}{what} ({_HINTS.get(e.errno, 'check the path and its permissions')})"
