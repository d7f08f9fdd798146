"""Every snippet of the READMEs runs (issue 16, item 13), so CI catches drift between docs and code.

Python blocks of one README run in order in ONE fresh interpreter (as a reader
pastes them into a session: a name defined in one block is used in the next),
so a missing import shows even when the test process has imported it already.
Shell blocks: each ``gisnlp``/``python3 -m gisnlp`` command runs through
``gisnlp.cli.main``; commands with placeholders (FILE, OUT, [options]), other
programs (pip, pytest, dask, sh) and commands on ../shared or the benchmark
scripts are listed as skipped, with the reason, not run.

Both run in a temporary folder prepared as the README assumes: ``examples/``,
``report.pdf`` (a one-page PDF made here), ``out/`` (written by the README's own
first command) and ``idx`` (an index of ``out/``), and a step named ``my_step``.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READMES = [ROOT / "README.md", ROOT / "gisnlp" / "search" / "README.md"]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
PLACEHOLDER = re.compile(r"\[|\]|\||\.\.\.|\b(?!OR\b|AND\b)[A-Z][A-Z_]*\b")
PRELUDE = "def my_step(report):\n    return report\n"


def blocks(readme: Path, langs: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line number, code) of each fenced block in one of ``langs``."""
    text = readme.read_text(encoding="utf-8")
    return [(text[:m.start()].count("\n") + 1, m.group(2)) for m in FENCE.finditer(text) if m.group(1) in langs]


def commands(code: str) -> list[str]:
    """The commands of a shell block: comments dropped, lines split at && and ;."""
    out = []
    for line in code.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        out += [c.strip() for c in re.split(r"\s*(?:&&|;)\s*", line) if c.strip()]
    return out


def gisnlp_args(cmd: str) -> tuple[list[str] | None, str]:
    """The arguments to give ``gisnlp.cli.main``, or None and why the command is not run here."""
    words = shlex.split(cmd)
    if words[:3] == ["python3", "-m", "gisnlp"]:
        words = words[3:]
    elif words[:1] == ["gisnlp"]:
        words = words[1:]
    else:
        return None, "not a gisnlp command"
    if any(PLACEHOLDER.search(w) for w in words):
        return None, "a synopsis with placeholders"
    if any("../shared" in w or w.startswith("scripts/") for w in words):
        return None, "needs the project's shared data"
    return words, ""


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these ASCII lines in Helvetica (a real text layer for the PDF reader)."""
    body = "BT /F1 11 Tf 60 780 Td 14 TL " + " ".join(f"({s}) '" for s in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out as the README's snippets assume."""
    pytest.importorskip("tantivy", reason="the README's search snippets need the search extra")
    from gisnlp.cli import main
    d = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", d / "examples")
    (d / "report.pdf").write_bytes(minimal_pdf([f"Line {i}: 12{i} requests were received in 2021."
                                                 for i in range(20)]))
    with _cwd(d):
        assert main(["analyze", "examples/sample_report.txt", "--out", "out/", "-q"]) == 0
        assert main(["index", "out", "--index", "idx"]) == 0
    return d


class _cwd:
    def __init__(self, path: Path):
        self.path, self.old = path, None

    def __enter__(self):
        import os
        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc):
        import os
        os.chdir(self.old)


def test_the_placeholder_rule_tells_synopses_from_commands():
    assert gisnlp_args("gisnlp analyze FILE... --out DIR [--format json|jsonl]")[0] is None
    assert gisnlp_args("gisnlp tag /shared/reports --out /shared/out --engine dask --scheduler tcp://HOST:8786")[0] is None
    assert gisnlp_args('gisnlp search "卫生 OR 医保 -诉讼 year:>=2021" --index idx --json')[0] == \
        ["search", "卫生 OR 医保 -诉讼 year:>=2021", "--index", "idx", "--json"]
    assert gisnlp_args("python3 -m pip install -e .")[1] == "not a gisnlp command"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_snippets_run_in_a_fresh_interpreter(readme, workdir):
    code = [c for _, c in blocks(readme, ("python",))]
    assert code, f"{readme} has no Python snippet"
    script = PRELUDE + "\n".join(code)
    proc = subprocess.run([sys.executable, "-c", script], cwd=workdir, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(workdir)},
                          timeout=300)
    assert proc.returncode == 0, f"a Python snippet of {readme.name} fails:\n{proc.stderr[-3000:]}"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shell_commands_run(readme, workdir, capsys):
    from gisnlp.cli import main
    ran, skipped = [], []
    for line, code in blocks(readme, ("bash", "sh")):
        for cmd in commands(code):
            args, why = gisnlp_args(cmd)
            if args is None:
                skipped.append((line, cmd, why))
                continue
            with _cwd(workdir):
                rc = main(args)
            assert rc == 0, f"{readme.name}:{line}: `{cmd}` exits {rc}: {capsys.readouterr().err[-2000:]}"
            ran.append(cmd)
    print(f"{readme.name}: ran {len(ran)} commands, skipped {len(skipped)}:",
          *(f"  line {n}: {c}  ({w})" for n, c, w in skipped), sep="\n")
    assert ran, f"no command of {readme.name} could be run"
