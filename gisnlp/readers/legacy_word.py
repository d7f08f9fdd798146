"""Legacy Word (.doc), WPS (.wps) and RTF: converted to .docx by LibreOffice, then read as DOCX.

LibreOffice runs headless (``soffice --convert-to docx``) in a process group
of its own, with a time limit (``GISNLP_CONVERT_TIMEOUT``, 60 s) after which
the whole group is killed, and an address-space limit
(``GISNLP_CONVERT_MEMORY_MB``, 2048). Each converting process has a private
LibreOffice profile (``-env:UserInstallation``), so parallel workers never
share one; a conversion that times out throws its profile away. A missing
LibreOffice, a corrupt file and a conversion that hangs each give one line.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from ..errors import InputError
from ..report import Document

TIMEOUT = float(os.environ.get("GISNLP_CONVERT_TIMEOUT", 60))
MEMORY_MB = int(os.environ.get("GISNLP_CONVERT_MEMORY_MB", 2048))
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
_LOCK = threading.Lock()
_PROFILE: dict = {}


def soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes) -> Document:
    """Read a legacy Word .doc file."""
    return _read_converted(data, "doc")


def read_wps(data: bytes) -> Document:
    """Read a WPS Office .wps file (Word 97 binary inside)."""
    return _read_converted(data, "wps")


def read_rtf(data: bytes) -> Document:
    """Read a Rich Text Format file."""
    return _read_converted(data, "rtf")


def _read_converted(data: bytes, kind: str) -> Document:
    from .docx import read_docx
    doc = read_docx(to_docx(data, kind))
    doc.format = kind
    return doc


def to_docx(data: bytes, kind: str) -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .doc, .wps or .rtf). Raises InputError."""
    exe = soffice()
    if exe is None:
        raise InputError(f"reading .{kind} files needs LibreOffice, which is not installed",
                         f"install the Debian package {DEBIAN_PACKAGE} (apt-get install {DEBIAN_PACKAGE}), "
                         "or save the file as .docx or .pdf")
    with _LOCK, tempfile.TemporaryDirectory(prefix="gisnlp-convert-") as work:
        src = Path(work) / f"input.{kind}"
        src.write_bytes(data)
        out = Path(work) / "out"
        cmd = [exe, "--headless", "--norestore", "--nologo", "--nolockcheck",
               f"-env:UserInstallation={_profile().as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        _run(cmd, kind)
        result = out / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise InputError(f"the .{kind} file could not be converted (corrupt, or not a Word document?)",
                             "open and re-save it in Word or WPS as .docx, or export it to PDF")
        return result.read_bytes()


def _run(cmd: list[str], kind: str) -> None:
    """Run LibreOffice in its own process group; kill the group on timeout."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=_limit_memory)
    try:
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        _drop_profile()
        raise InputError(f"converting the .{kind} file took over {TIMEOUT:.0f} s and was stopped",
                         "the file may be corrupt; re-save it as .docx, or raise GISNLP_CONVERT_TIMEOUT") from None


def _limit_memory() -> None:
    import resource
    limit = MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _profile() -> Path:
    """This process's private LibreOffice profile (made on first use, removed at exit)."""
    key = os.getpid()
    if key not in _PROFILE:
        path = Path(tempfile.mkdtemp(prefix=f"gisnlp-lo-profile-{key}-"))
        _PROFILE[key] = path
        atexit.register(shutil.rmtree, path, True)
    return _PROFILE[key]


def _drop_profile() -> None:
    path = _PROFILE.pop(os.getpid(), None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
