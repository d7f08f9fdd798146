"""Resumable, crash-safe result store of a ``gisnlp tag`` run.

Results go to an append-only journal (``OUT/.gisnlp-tag/journal.jsonl``, one
report JSON per line); a line counts only once its record is in the done-index
(``index.jsonl``), which is written after the journal line is fsync'd. On open,
a trailing partial line of either file is cut off, so SIGKILL at any moment
loses nothing that was committed and leaves nothing half-written.

Commits are written by a background thread (group commit): the process that
hands out documents never waits for the disk, and results that arrive together
share one fsync of each file. ``drain`` waits until everything queued is
durable; the store is drained before it is read back and when it is closed.

The run lock is a POSIX record lock (``lockf``), which the worker processes
forked by the engines do not inherit: a killed run's lock goes with it, even
while its orphaned workers are still finishing.
"""
from __future__ import annotations

import fcntl
import json
import os
import queue
import threading
from pathlib import Path
from typing import Iterator, Optional, Union

from ..errors import GisnlpError
from .sources import Job

WORK_DIR = ".gisnlp-tag"
_HELD: set[str] = set()                # lock files this process holds (POSIX locks do not stop the same process)


class Store:
    """The journal and done-index of one output folder, locked for one run at a time."""

    def __init__(self, out, fresh: bool = False):
        """Lock ``out``, repair a torn tail left by a killed run, and start the committer thread.

        ``fresh`` forgets earlier runs (once the lock is held, so never under another run).
        """
        self.out = Path(out)
        self.dir = self.out / WORK_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self._acquire()
        try:
            if fresh:
                for name in ("journal.jsonl", "index.jsonl"):
                    (self.dir / name).unlink(missing_ok=True)
            self.recovered = 0                 # bytes cut from a torn tail
            self.records: dict[tuple, dict] = {}
            self._recover()
            self._journal = open(self.dir / "journal.jsonl", "ab")
            self._index = open(self.dir / "index.jsonl", "ab")
        except BaseException:
            self._release()
            raise
        self._queue: queue.Queue = queue.Queue()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._commit_loop, name="gisnlp-tag-commit", daemon=True)
        self._thread.start()

    def _acquire(self) -> None:
        """Take the run lock (refused while another run, here or in another process, holds it)."""
        self._lock_key = str((self.dir / "lock").resolve())
        if self._lock_key in _HELD:
            raise GisnlpError(f"another `gisnlp tag` is writing to {self.out} (in this process)",
                              "wait for it to finish, or give another --out")
        self._lock = open(self.dir / "lock", "a+")
        try:
            fcntl.lockf(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.seek(0)
            owner = self._lock.read().strip()
            self._lock.close()
            raise GisnlpError(f"another `gisnlp tag` is writing to {self.out}"
                              + (f" (process {owner})" if owner.isdigit() else ""),
                              "wait for it to finish, or give another --out") from None
        _HELD.add(self._lock_key)
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(str(os.getpid()))
        self._lock.flush()

    def _release(self) -> None:
        if not self._lock.closed:
            self._lock.seek(0)
            self._lock.truncate()
            fcntl.lockf(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            _HELD.discard(self._lock_key)

    # --- opening -------------------------------------------------------------
    def _recover(self) -> None:
        journal, index = self.dir / "journal.jsonl", self.dir / "index.jsonl"
        journal.touch()
        index.touch()
        jsize = journal.stat().st_size
        good, end = 0, 0
        with open(index, "rb") as f:
            for raw in f:
                if not raw.endswith(b"\n"):
                    break
                good += len(raw)
                try:
                    rec = json.loads(raw)
                except ValueError:
                    continue
                if rec.get("status") == "ok" and rec["offset"] + rec["length"] + 1 > jsize:
                    continue               # its journal line did not survive
                self.records[_rkey(rec)] = rec
                if rec.get("status") == "ok":
                    end = max(end, rec["offset"] + rec["length"] + 1)   # + its newline
        self.recovered += _truncate(index, good) + _truncate(journal, end)

    # --- queries -------------------------------------------------------------
    def lookup(self, job: Job, fingerprint: str) -> Optional[dict]:
        """The record of an earlier result for this job and pipeline, or None."""
        return self.records.get((job.doc_id, job.key, job.sha256, fingerprint))

    def read_line(self, rec: dict) -> bytes:
        """The journal line (report JSON) of an ok record."""
        with open(self.dir / "journal.jsonl", "rb") as f:
            f.seek(rec["offset"])
            return f.read(rec["length"])

    def iter_lines(self, recs: list[dict]) -> Iterator[tuple[dict, bytes]]:
        """Journal lines of ``recs`` (ok records), in the given order, one open file."""
        with open(self.dir / "journal.jsonl", "rb") as f:
            for rec in recs:
                f.seek(rec["offset"])
                yield rec, f.read(rec["length"])

    # --- writing -------------------------------------------------------------
    def commit(self, job: Job, fingerprint: str, status: str, line: Union[bytes, str, None] = None,
               reason: Optional[str] = None, sha256: Optional[str] = None) -> None:
        """Queue one result; the committer thread makes it durable (journal line first, then its record)."""
        self._raise_if_failed()
        rec = {"doc_id": job.doc_id, "key": job.key, "sha256": job.sha256, "fp": fingerprint,
               "status": status}
        if sha256 and sha256 != job.sha256:
            rec["changed"] = True          # the file changed while the batch ran
        data = None
        if status == "ok":
            data = (line.encode("utf-8") if isinstance(line, str) else line) + b"\n"
        else:
            rec["reason"] = reason
        self._queue.put((rec, data))

    def drain(self) -> None:
        """Wait until every queued result is durable (raises what the committer hit, e.g. a full disk)."""
        self._queue.join()
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise GisnlpError(f"cannot write the results to {self.dir}: {self._error}",
                              "free disk space or fix the folder's permissions, then run the same command "
                              "again (results written so far are kept)")

    def _commit_loop(self) -> None:
        """Take whatever is queued, write it with one fsync per file, repeat; ``None`` stops."""
        while True:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = None in batch
            items = [b for b in batch if b is not None]
            try:
                if items and self._error is None:
                    self._write(items)
            except BaseException as e:     # reported to the main thread by commit / drain
                self._error = e
            finally:
                for _ in batch:
                    self._queue.task_done()
            if stop:
                return

    def _write(self, items: list) -> None:
        if any(data is not None for _, data in items):
            self._journal.seek(0, os.SEEK_END)
            pos = self._journal.tell()
            for rec, data in items:
                if data is not None:
                    rec["offset"], rec["length"] = pos, len(data) - 1
                    self._journal.write(data)
                    pos += len(data)
            self._journal.flush()
            os.fsync(self._journal.fileno())
        for rec, _ in items:
            self._index.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
        self._index.flush()
        os.fsync(self._index.fileno())
        for rec, _ in items:
            self.records[_rkey(rec)] = rec

    def close(self) -> None:
        """Drain the queue, stop the committer, close the files and release the lock."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        for f in (self._journal, self._index):
            if not f.closed:
                f.close()
        self._release()

    def __enter__(self):
        """The store itself (``with Store(out) as store``)."""
        return self

    def __exit__(self, *exc):
        """Close the store (draining what is queued), even on an error."""
        self.close()


def _rkey(rec: dict) -> tuple:
    return rec["doc_id"], rec["key"], rec["sha256"], rec["fp"]


def _truncate(path: Path, size: int) -> int:
    cut = path.stat().st_size - size
    if cut > 0:
        with open(path, "r+b") as f:
            f.truncate(size)
            os.fsync(f.fileno())
    return max(cut, 0)
