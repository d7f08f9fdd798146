"""Resumable, crash-safe result store of a ``gisnlp tag`` run.

Results go to an append-only journal (``OUT/.gisnlp-tag/journal.jsonl``, one
report JSON per line); a line counts only once its record is in the done-index
(``index.jsonl``), which is written after the journal line is fsync'd. On open,
a trailing partial line of either file is cut off, so SIGKILL at any moment
loses nothing that was committed and leaves nothing half-written.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Iterator, Optional

from ..errors import GisnlpError
from .sources import Job

WORK_DIR = ".gisnlp-tag"


class Store:
    def __init__(self, out, fresh: bool = False):
        self.out = Path(out)
        self.dir = self.out / WORK_DIR
        if fresh and self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.dir / "lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise GisnlpError(f"another `gisnlp tag` is writing to {self.out}",
                              "wait for it to finish, or give another --out") from None
        self.recovered = 0                 # bytes cut from a torn tail
        self.records: dict[tuple, dict] = {}
        self._recover()
        self._journal = open(self.dir / "journal.jsonl", "ab")
        self._index = open(self.dir / "index.jsonl", "ab")

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
        return self.records.get((job.doc_id, job.key, job.sha256, fingerprint))

    def read_line(self, rec: dict) -> bytes:
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
    def commit(self, job: Job, fingerprint: str, status: str, line: Optional[str] = None,
               reason: Optional[str] = None, sha256: Optional[str] = None) -> dict:
        """Make one result durable: journal line first, then its index record."""
        rec = {"doc_id": job.doc_id, "key": job.key, "sha256": job.sha256, "fp": fingerprint,
               "status": status}
        if sha256 and sha256 != job.sha256:
            rec["changed"] = True          # the file changed while the batch ran
        if status == "ok":
            data = line.encode("utf-8") + b"\n"
            self._journal.seek(0, os.SEEK_END)
            rec["offset"], rec["length"] = self._journal.tell(), len(data) - 1
            self._journal.write(data)
            self._journal.flush()
            os.fsync(self._journal.fileno())
        else:
            rec["reason"] = reason
        self._index.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
        self._index.flush()
        os.fsync(self._index.fileno())
        self.records[_rkey(rec)] = rec
        return rec

    def close(self) -> None:
        for f in (self._journal, self._index):
            if not f.closed:
                f.close()
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
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
